"""Loops That Matter: the generic engine on models with known answers and a published result, then
``sim.spirals.dominance`` on the Tohoku model.

Reference values come from analytic solutions or from the method's papers, never from this code.
"""

import math

import numpy as np
import pytest

from sim.core.ltm import Equation, Graph, Stock, link_scores, loop_score, relative_scores

TOL = 1e-6


def goal_seeking(goal=100.0, adjustment_time=4.0, initial=10.0) -> Graph:
    """``dS/dt = (goal − S) / τ`` as stock S, auxiliary gap and inflow adjustment."""
    return Graph([Stock("S", initial, inflows=("adjustment",))],
                 [Equation("gap", ("S",), lambda s: goal - s),
                  Equation("adjustment", ("gap",), lambda gap: gap / adjustment_time)])


def test_goal_seeking_loop_scores_minus_one():
    """An isolated first-order loop scores −1 (balancing) at every step, whatever its gain:
    Schoenberg, Davidsen & Eberlein 2020, appendix B ("isolated loop score is always ±1")."""
    graph = goal_seeking()
    times, stocks = graph.simulate(0.0, 20.0, 0.125)
    scores = link_scores(graph, times, stocks)
    loop = loop_score(scores, ["S", "gap", "adjustment"])
    np.testing.assert_allclose(loop, -1.0, rtol=0, atol=TOL)
    np.testing.assert_allclose(relative_scores(loop[None])[0], -1.0, rtol=0, atol=TOL)


@pytest.mark.parametrize("flow_to_stock", ["2023", "2020"])
def test_births_and_deaths_share_the_change(flow_to_stock):
    """Population with births b·P and deaths d·P: the reinforcing loop scores b/(b−d) and the
    balancing one −d/(b−d) (both flows move with P, so either flow-to-stock formula gives them);
    relative scores b/(b+d) and −d/(b+d)."""
    b, d = 0.03, 0.01
    graph = Graph([Stock("P", 1000.0, inflows=("births",), outflows=("deaths",))],
                  [Equation("births", ("P",), lambda p: b * p), Equation("deaths", ("P",), lambda p: d * p)])
    times, stocks = graph.simulate(0.0, 10.0, 0.25)
    scores = link_scores(graph, times, stocks, flow_to_stock=flow_to_stock)
    loops = np.array([loop_score(scores, ["P", "births"]), loop_score(scores, ["P", "deaths"])])
    np.testing.assert_allclose(loops[0], b / (b - d), rtol=TOL)
    np.testing.assert_allclose(loops[1], -d / (b - d), rtol=TOL)
    relative = relative_scores(loops)
    np.testing.assert_allclose(relative[0], b / (b + d), rtol=TOL)
    np.testing.assert_allclose(relative[1], -d / (b + d), rtol=TOL)


R, K, N0 = 0.5, 1000.0, 10.0
INFLECTION = math.log((K - N0) / N0) / R  # time at which N = K/2 [year]


def logistic() -> Graph:
    """``dN/dt = r N (1 − N/K)``: growth = r · N · room, room = 1 − N/K. Loop R: N -> growth;
    loop B: N -> room -> growth."""
    return Graph([Stock("N", N0, inflows=("growth",))],
                 [Equation("room", ("N",), lambda n: 1.0 - n / K),
                  Equation("growth", ("N", "room"), lambda n, room: R * n * room)])


def logistic_relative(times, stocks):
    graph = logistic()
    scores = link_scores(graph, times, stocks)
    return relative_scores(np.array([loop_score(scores, ["N", "growth"]),
                                     loop_score(scores, ["N", "room", "growth"])]))


def test_logistic_on_the_analytic_path():
    """On the analytic solution N(t) = K / (1 + (K/N0 − 1) e^(−rt)), the partial changes give
    Δ_N growth = r·room·ΔN and Δ_room growth = −r·N·ΔN/K (values at the step's start), so the
    relative scores are 1 − N/K (R) and −N/K (B) exactly: R dominates before the inflection point
    N = K/2, B after; the crossover is at t* = ln(K/N0 − 1)/r."""
    dt = 0.05
    times = np.arange(0.0, 25.0 + dt / 2, dt)
    path = K / (1.0 + (K / N0 - 1.0) * np.exp(-R * times))
    relative = logistic_relative(times, {"N": path})
    start = path[:-1]  # a score is reported at the start of its step
    np.testing.assert_allclose(relative[0], 1.0 - start / K, rtol=0, atol=TOL)
    np.testing.assert_allclose(relative[1], -start / K, rtol=0, atol=TOL)
    balancing_dominates = np.abs(relative[1]) > relative[0]
    np.testing.assert_array_equal(balancing_dominates, times[:-1] > INFLECTION)


def test_logistic_simulated_crossover_and_normalisation():
    """On an Euler run (dt = 0.01), the dominance shifts within two steps of the analytic
    inflection time, and the relative scores' absolute values add up to 1 at every step."""
    dt = 0.01
    graph = logistic()
    times, stocks = graph.simulate(0.0, 25.0, dt)
    relative = logistic_relative(times, stocks)
    np.testing.assert_allclose(np.abs(relative).sum(axis=0), 1.0, rtol=0, atol=TOL)
    shift = times[:-1][np.argmax(np.abs(relative[1]) > relative[0])]
    assert abs(shift - INFLECTION) < 2 * dt


def test_flow_to_stock_example_of_the_2023_paper():
    """Schoenberg, Hayward & Eberlein 2023 (SDR 39(2), tables 1-3): inflow 5 -> 10, outflow 4 -> 5.
    The 2020 formula gives |in| 10/5 = 2 and |out| 5/5 = 1; the corrected one 5/4 = 1.25 and 1/4 = 0.25,
    the same as an aggregated net flow would."""
    graph = Graph([Stock("S", 100.0, inflows=("in",), outflows=("out",))],
                  [Equation("in", ("time",), lambda t: np.where(t < 1.5, 5.0, 10.0)),
                   Equation("out", ("time",), lambda t: np.where(t < 1.5, 4.0, 5.0))])
    times, stocks = np.array([1.0, 2.0]), {"S": np.array([101.0, 106.0])}
    new = link_scores(graph, times, stocks)
    old = link_scores(graph, times, stocks, flow_to_stock="2020")
    np.testing.assert_allclose([new[("in", "S")][0], new[("out", "S")][0]], [1.25, -0.25], rtol=TOL)
    np.testing.assert_allclose([old[("in", "S")][0], old[("out", "S")][0]], [2.0, -1.0], rtol=TOL)


def bass() -> Graph:
    """The Bass diffusion model of Schoenberg, Davidsen & Eberlein 2020 (fig. 2): market size 1e6,
    1 initial adopter (so 999,999 potential adopters), contact rate 100 /year, adoption fraction 0.015."""
    market, contact_rate, adoption_fraction = 1e6, 100.0, 0.015
    return Graph([Stock("potential adopters", market - 1.0, outflows=("adopting",)),
                  Stock("adopters", 1.0, inflows=("adopting",))],
                 [Equation("adopter contacts", ("adopters",), lambda a: contact_rate * a),
                  Equation("probability of contact with potentials", ("potential adopters",), lambda p: p / market),
                  Equation("potentials contacts with adopters",
                           ("adopter contacts", "probability of contact with potentials"), lambda c, p: c * p),
                  Equation("adoption from word of mouth", ("potentials contacts with adopters",),
                           lambda c: adoption_fraction * c),
                  Equation("adopting", ("adoption from word of mouth",), lambda a: a)])


#: Table 3 of Schoenberg, Davidsen & Eberlein 2020 (SDR 36(2) p. 170): time -> (B1 loop score,
#: B1 relative, R1 loop score, R1 relative), as printed (4 significant digits, 3 decimals).
BASS_TABLE_3 = {
    1.0: (0.000, 0.000, 1.000, 1.000),
    9.5: (-9.958, -0.465, 11.46, 0.535),
    9.5625: (-9358.0, -0.488, 9806.0, 0.512),
    9.625: (-10.91, -0.512, 10.41, 0.488),
}


def test_bass_diffusion_matches_the_published_table():
    """The loop scores of the Bass diffusion model (dt = 1/16, Euler) against Table 3 of Schoenberg,
    Davidsen & Eberlein 2020, to the printed precision: half a unit of the last printed digit. The
    dominance shift from R1 to B1 between 9.5625 and 9.625, at the inflection point, is the paper's
    finding. The late value (B1 → −1, R1 → 0) is checked at the last step, 14.9375."""
    graph = bass()
    times, stocks = graph.simulate(0.0, 15.0, 0.0625)
    scores = link_scores(graph, times, stocks)
    b1 = loop_score(scores, ["potential adopters", "probability of contact with potentials",
                             "potentials contacts with adopters", "adoption from word of mouth", "adopting"])
    r1 = loop_score(scores, ["adopters", "adopter contacts", "potentials contacts with adopters",
                             "adoption from word of mouth", "adopting"])
    relative = relative_scores(np.array([b1, r1]))
    for time, (b1_score, b1_relative, r1_score, r1_relative) in BASS_TABLE_3.items():
        k = int(np.flatnonzero(np.isclose(times[:-1], time))[0])
        for value, printed in ((b1[k], b1_score), (r1[k], r1_score)):
            digits = 4 - (int(math.floor(math.log10(abs(printed)))) + 1) if printed else 3
            assert abs(value - printed) <= 0.5 * 10.0 ** -digits, (time, value, printed)
        assert abs(relative[0, k] - b1_relative) <= 5e-4 and abs(relative[1, k] - r1_relative) <= 5e-4
    assert abs(relative[0, -1] + 1.0) <= 5e-4 and abs(relative[1, -1]) <= 5e-4
    np.testing.assert_allclose(np.abs(relative).sum(axis=0), 1.0, rtol=0, atol=TOL)


def test_bad_inputs_name_what_is_allowed():
    """Unknown inputs, a cycle of equations without a stock, an unknown formulation or prefecture."""
    from sim.spirals import dominance

    with pytest.raises(ValueError, match="unknown inputs"):
        Graph([Stock("S", 1.0)], [Equation("x", ("y",), lambda y: y)])
    with pytest.raises(ValueError, match="without a stock"):
        Graph([], [Equation("a", ("b",), lambda b: b), Equation("b", ("a",), lambda a: a)])
    graph = goal_seeking()
    times, stocks = graph.simulate(0.0, 1.0, 0.5)
    with pytest.raises(ValueError, match="allowed"):
        link_scores(graph, times, stocks, flow_to_stock="2021")
    with pytest.raises(ValueError, match="not in the graph"):
        loop_score(link_scores(graph, times, stocks), ["S", "adjustment"])
    with pytest.raises(ValueError, match="Aomori"):
        dominance("baseline", region="Tokyo")


# --- stock cycles with gates: the method used on the compiled Tohoku model ----------------------

BIRTH, DEATH = np.array([0.03, 0.05]), np.array([0.01, 0.04])  # two regions [1/year]
P_START = np.array([1000.0, 500.0])  # [person]; the gates' reference values


def gated_population_rates(t, y, p):
    """Two regions, ``dP/dt = b·P̃_b − d·P̃_d`` with ``P̃ = g·P + (1 − g)·P_start``;
    p = (g_births, g_deaths)."""
    births = BIRTH * (p[0] * y + (1.0 - p[0]) * P_START)
    deaths = DEATH * (p[1] * y + (1.0 - p[1]) * P_START)
    return births - deaths


def euler(rates, y0, params, dt, n_steps):
    times = dt * np.arange(n_steps + 1)
    states = np.empty((n_steps + 1, len(y0)))
    states[0] = y0
    for k in range(n_steps):
        states[k + 1] = states[k] + dt * rates(times[k], states[k], params)
    return times, states


TWO_REGIONS = {"P": np.array([[0], [1]])}  # group -> (region, slot)


def test_stock_cycles_equal_ltm_when_paths_add_up():
    """Births and deaths enter the net flow additively, so the gated partial change is LTM's exactly:
    R = b/(b − d) and B = −d/(b − d) in each region (as on the explicit graph above); cutting R
    leaves B isolated, and an isolated loop scores −1 (Schoenberg et al. 2020, appendix B)."""
    from sim.core.ltm import stock_cycle_scores

    cycles, gates = {"R": ("P",), "B": ("P",)}, {"R": 0, "B": 1}
    times, states = euler(gated_population_rates, P_START, np.array([1.0, 1.0]), 0.25, 40)
    scores = stock_cycle_scores(gated_population_rates, times, states, np.array([1.0, 1.0]), cycles, TWO_REGIONS,
                                gates)
    np.testing.assert_allclose(scores[0], np.repeat((BIRTH / (BIRTH - DEATH))[:, None], 40, axis=1), rtol=TOL)
    np.testing.assert_allclose(scores[1], np.repeat((-DEATH / (BIRTH - DEATH))[:, None], 40, axis=1), rtol=TOL)
    cut = np.array([0.0, 1.0])
    times, states = euler(gated_population_rates, P_START, cut, 0.25, 40)
    scores = stock_cycle_scores(gated_population_rates, times, states, cut, cycles, TWO_REGIONS, gates)
    np.testing.assert_array_equal(scores[0], 0.0)
    np.testing.assert_allclose(scores[1], -1.0, rtol=TOL)


def test_two_stock_cycle_is_isolated():
    """``dS1/dt = k1·S̃2`` (gated), ``dS2/dt = k2·S1``: one reinforcing loop through two stocks, so its
    score is +1 at every step (the product of the stock-to-stock link scores, each 1); gate 0 gives 0."""
    from sim.core.ltm import stock_cycle_scores

    def rates(t, y, p):
        return np.array([0.3 * (p[0] * y[1] + (1.0 - p[0]) * 2.0), 0.2 * y[0]])

    groups = {"S1": np.array([[0]]), "S2": np.array([[1]])}
    for gate, expected in ((1.0, 1.0), (0.0, 0.0)):
        times, states = euler(rates, np.array([1.0, 2.0]), np.array([gate]), 0.1, 50)
        scores = stock_cycle_scores(rates, times, states, np.array([gate]), {"L": ("S2", "S1")}, groups, {"L": 0})
        np.testing.assert_allclose(scores[0, 0], expected, rtol=TOL, atol=TOL)


def test_stock_cycles_cross_term_when_paths_multiply():
    """The documented limit (MODEL.md, "Loop dominance"): in ``dG/dt = −c·G̃·G`` (the gated G̃ multiplies
    the other path from G) the acting-minus-cut partial change carries a cross term. Over a step from
    G to G′ the link score is then −(G + G′ − G_ref)/(G + G′), derived by hand from
    [F(G′,1) − F(G′,0)] − [F(G,1) − F(G,0)] = −c·ΔG·(G + G′ − G_ref) over ΔĠ = −c·ΔG·(G + G′);
    it changes sign once G + G′ < G_ref. With the gated variable's slots given, the partial change
    through the link is LTM's, −c·ΔG·G, and the score −G/(G + G′) (half the change once G′ ≈ G)."""
    from sim.core.ltm import stock_cycle_scores

    def rates(t, y, p):  # y = (G, G_ref); the reference is a constant slot
        return np.array([-0.4 * (p[0] * y[0] + (1.0 - p[0]) * y[1]) * y[0], 0.0])

    times, states = euler(rates, np.array([1.0, 1.0]), np.array([1.0]), 0.1, 80)
    arguments = (rates, times, states, np.array([1.0]), {"B": ("G",)}, {"G": np.array([[0]])}, {"B": 0})
    g, g_next = states[:-1, 0], states[1:, 0]
    acting_minus_cut = stock_cycle_scores(*arguments)[0, 0]
    np.testing.assert_allclose(acting_minus_cut, -(g + g_next - 1.0) / (g + g_next), rtol=TOL, atol=TOL)
    assert acting_minus_cut[0] < 0 < acting_minus_cut[-1]
    exact = stock_cycle_scores(*arguments, gated_values={"B": lambda t, y: (y[:1], y[1:])})[0, 0]
    np.testing.assert_allclose(exact[1:], -g[1:] / (g[1:] + g_next[1:]), rtol=TOL)
    np.testing.assert_allclose(exact[0], acting_minus_cut[0], rtol=TOL)  # G = G_ref: no gate moves the link


# --- the Tohoku model ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def baseline():
    from sim.spirals import dominance

    return dominance("baseline")


@pytest.mark.slow
def test_tohoku_dims_and_normalisation(baseline):
    """One score per named loop, prefecture and quarter from 2020 to 2034.75; the relative scores of
    each prefecture and step add up to 1 in absolute value (every step has an active loop); every
    named loop has a stock cycle and acts somewhere (a cycle whose stocks the loop's paths miss
    within one evaluation would score 0 throughout)."""
    from sim.model.dimensions import REGIONS
    from sim.model.loops import LOOP_IDS, LOOPS
    from sim.spirals.dominance import STOCK_CYCLES

    assert baseline["score"].dims == ("loop", "region", "time")
    assert list(baseline["loop"].values) == list(LOOP_IDS)
    assert list(baseline["region"].values) == list(REGIONS)
    np.testing.assert_allclose(baseline["time"].values, 2020.0 + 0.25 * np.arange(60))
    assert list(baseline["spiral"].values) == [loop.spiral for loop in LOOPS]
    assert np.isfinite(baseline["score"].values).all()
    np.testing.assert_allclose(np.abs(baseline["relative_score"]).sum("loop"), 1.0, rtol=0, atol=1e-9)
    assert set(STOCK_CYCLES) == set(LOOP_IDS)
    assert (np.abs(baseline["score"]).max(("region", "time")) > 0).all()


@pytest.mark.slow
def test_tohoku_trajectory_is_sim_run():
    """``trajectory`` builds its inputs as ``sim.run`` does (the runner's helpers, saved at every step
    instead of every year): with a knock-out and an override, the population by age on each
    1 October is ``sim.run``'s, bit for bit."""
    import sim
    from sim.spirals.dominance import trajectory

    options = {"knockout": ["R1"], "mortality_improvement": 0.0, "stop": 2023}
    result, _ = trajectory("baseline", **options)
    yearly = result["population"][0, ::4]  # (time, region, sex, age); dt = 0.25
    expected = sim.run("baseline", **options)["population_by_age"].isel(scenario=0)
    np.testing.assert_array_equal(yearly, expected.transpose("time", "region", "sex", "age").values)


@pytest.mark.slow
def test_tohoku_gated_variables_start_at_their_references():
    """The references are the gated variables' start values (sim.model.loops), so a reader of
    ``GATED_VARIABLES`` that reads what the kernel gates gives x = x_ref in every prefecture at the
    start: a check that each entry names the right variable."""
    from sim.spirals.dominance import GATED_VARIABLES, _gated_reader, trajectory

    result, data = trajectory("baseline", stop=2021)
    for loop, (variable, reference) in GATED_VARIABLES.items():
        value, start = _gated_reader(data, result.params[0], variable, reference)(result.times[0], result.stocks[0, 0])
        np.testing.assert_allclose(value, start, rtol=1e-9, err_msg=loop)


@pytest.mark.slow
def test_tohoku_reconstruction_loop_only_on_the_damaged_coast(baseline):
    """B10 (the coastal recovery gap) exists only where the 2011 tsunami left a gap: Iwate, Miyagi and
    Fukushima have one (MODEL.md §2.8), Aomori, Akita and Yamagata none, so B10 scores 0 there and
    not in the three coastal prefectures. It is a goal-seeking loop (the gap sets the spending that
    closes it), so wherever it acts it must score as balancing, below 0."""
    b10 = baseline["score"].sel(loop="B10")
    assert (b10.sel(region=["Aomori", "Akita", "Yamagata"]) == 0).all()
    coast = b10.sel(region=["Iwate", "Miyagi", "Fukushima"])
    assert (np.abs(coast).max("time") > 0).all()
    assert (coast.where(coast != 0) < 0).sum() == (coast != 0).sum()


@pytest.mark.slow
def test_tohoku_knocked_out_loop_scores_zero():
    """A loop cut by its gate (``knockout``) has score 0 in every prefecture and step, and the others
    still act; ``region`` selects prefectures without changing the scores' normalisation."""
    from sim.spirals import dominance

    cut = dominance("baseline", region=["Miyagi", "Akita"], knockout=["R3"])
    assert list(cut["region"].values) == ["Miyagi", "Akita"]
    assert (cut["score"].sel(loop="R3") == 0).all()
    assert (np.abs(cut["score"].drop_sel(loop="R3")).max("time") > 0).sum() > 10
    np.testing.assert_allclose(np.abs(cut["relative_score"]).sum("loop"), 1.0, rtol=0, atol=1e-9)


@pytest.mark.slow
def test_tohoku_spiral_dominance_and_figure(baseline):
    """Each KPI's group shares add up to 1 where a loop through it acts; the figure has a panel per KPI."""
    from sim.spirals.dominance import KPI_STOCKS, spiral_dominance
    from sim.spirals.dominance_figure import dominance_figure

    shares = spiral_dominance(baseline)
    for kpi in KPI_STOCKS:
        total = shares[kpi].sum("group")
        assert np.all(np.isclose(total, 1.0) | (total == 0))
    figure = dominance_figure(baseline)
    assert len(figure.axes) == len(KPI_STOCKS)
