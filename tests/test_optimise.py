"""Budget allocation search (sim.optimise): the feasible map, the robustness measures, known optima
of plain-Python objectives, determinism, and one small search on the model."""

import numpy as np
import pytest

from sim.model.levers import LEVERS
from sim.optimise import Allocation, project, search
from sim.optimise.objectives import cvar, expected, shortfall_probability

TOL = 0.01  # the known-optimum tests: within 1 % of the objective (issue 16)


# --- allocation -----------------------------------------------------------------------------------

def test_random_vectors_meet_the_budget_floors_and_caps():
    rng = np.random.default_rng(0)
    floors, caps = {"dx": 5.0, "talent": 2.5}, {"green_energy": 10.0, "innovation": 40.0}
    allocation = Allocation(73.3, floors=floors, caps=caps, by_prefecture=True)
    lower, upper = allocation.bounds()
    x = rng.uniform(lower, upper, (2000, allocation.dimension))
    x[1000:] *= rng.uniform(-3.0, 3.0, (1000, 1))  # outside the box too
    budgets, shares = allocation.decode(x)
    assert np.all(np.abs(budgets.sum(axis=1) - 73.3) <= 1e-9 * 73.3)
    assert budgets[:, LEVERS.index("dx")].min() >= 5.0 and budgets[:, LEVERS.index("talent")].min() >= 2.5
    assert budgets[:, LEVERS.index("green_energy")].max() <= 10.0
    assert budgets[:, LEVERS.index("innovation")].max() <= 40.0 and budgets.min() >= 0.0
    assert np.all(np.abs(shares.sum(axis=-1) - 1.0) <= 1e-12) and shares.min() >= 0.0
    # the faces are reached: some draws leave green_energy exactly at 0 and exactly at its cap
    green = budgets[:, LEVERS.index("green_energy")]
    assert np.any(green == 0.0) and np.any(green == 10.0)


def test_projection_of_a_feasible_point_is_itself():
    rng = np.random.default_rng(1)
    floors, caps = np.array([0.0, 1.0, 0.0, 2.0]), np.array([5.0, 6.0, 3.0, 9.0])
    for _ in range(200):
        y = rng.uniform(floors, caps)
        total = y.sum()
        np.testing.assert_allclose(project(y[None], total, floors, caps)[0], y, rtol=0, atol=1e-12)


def test_projection_is_the_nearest_feasible_point():
    # by brute force over a fine grid of the feasible segment x1 + x2 = 1, 0.2 <= x1 <= 0.7
    x = np.array([[0.9, 0.5]])
    y = project(x, 1.0, np.array([0.2, 0.0]), np.array([0.7, 1.0]))[0]
    grid = np.linspace(0.2, 0.7, 50001)
    best = grid[np.argmin((grid - 0.9) ** 2 + (1 - grid - 0.5) ** 2)]
    assert y == pytest.approx([best, 1 - best], abs=1e-5)


@pytest.mark.parametrize("settings, message", [
    (dict(budget=10.0, floors={"dx": 6.0, "talent": 6.0}), "optimise.floors="),
    (dict(budget=10.0, levers=("dx", "talent"), caps={"dx": 3.0, "talent": 3.0}), "optimise.caps="),
    (dict(budget=10.0, floors={"dx": 4.0}, caps={"dx": 3.0}), "optimise.floors.dx=4"),
    (dict(budget=10.0, floors={"dx": -1.0}), "optimise.floors.dx=-1.0"),
    (dict(budget=0.0), "optimise.budget=0.0"),
    (dict(budget=10.0, levers=("dx", "roads")), "optimise.levers="),
    (dict(budget=10.0, levers=("dx",), floors={"talent": 1.0}), "optimise.floors.talent"),
])
def test_infeasible_settings_are_refused_in_one_line(settings, message):
    with pytest.raises(ValueError) as error:
        Allocation(**settings)
    text = str(error.value)
    assert message in text and "allowed:" in text and "\n" not in text


# --- objectives -----------------------------------------------------------------------------------

def test_cvar_on_finite_samples():
    d = np.arange(20, dtype=float)[:, None]  # 0..19
    assert cvar(d, 0.9)[0] == pytest.approx((19 + 18) / 2)  # t = 2: the worst two
    d16 = np.arange(16, dtype=float)[:, None]
    assert cvar(d16, 0.9)[0] == pytest.approx((15 + 0.6 * 14) / 1.6)  # t = 1.6
    assert cvar(d16, 0.0)[0] == pytest.approx(7.5) == expected(d16)[0]
    assert cvar(d16, 0.99)[0] == 15.0
    with pytest.raises(ValueError, match="optimise.alpha=1"):
        cvar(d16, 1.0)


def test_shortfall_probability_needs_every_chosen_target():
    met = {"a": np.array([[1, 1], [1, 0], [0, 1], [1, 1]], bool), "b": np.array([[1, 0], [1, 1], [1, 1], [0, 1]], bool)}
    assert shortfall_probability(met, ["a", "b"]) == pytest.approx([0.5, 0.5])
    assert shortfall_probability(met, ["a"]) == pytest.approx([0.25, 0.25])
    with pytest.raises(ValueError, match="optimise.targets"):
        shortfall_probability(met, ["c"])


# --- known optima ---------------------------------------------------------------------------------

A = np.array([3.0, 2.0, 1.0, 1.5, 0.5, 2.5, 1.0])
S = np.array([10.0, 20.0, 5.0, 40.0, 30.0, 15.0, 25.0])
B = 50.0


def _utility(x):
    return (A * np.log1p(x / S)).sum(axis=-1)


def _water_filling():
    """Maximise sum a_i log(1 + x_i/s_i), sum x = B, x >= 0 (KKT: x_i = max(0, a_i/nu - s_i)): add
    levers in order of a_i/s_i while the level nu = sum_active a / (B + sum_active s) is below the
    next lever's a_i/s_i."""
    order = np.argsort(-A / S)
    for m in range(len(A), 0, -1):
        active = order[:m]
        nu = A[active].sum() / (B + S[active].sum())
        if np.all(A[active] / S[active] > nu):
            return np.maximum(A / nu - S, 0.0)
    raise AssertionError("no active set")


def test_search_finds_the_water_filling_optimum():
    optimum = _water_filling()
    assert optimum.sum() == pytest.approx(B) and np.sum(optimum == 0) >= 2  # some levers unfunded
    result = search(lambda budgets, _: -_utility(budgets), Allocation(B), seed=3, generations=150, popsize=10)
    assert abs(result.budgets.sum() - B) <= 1e-9 * B
    assert -result.objective >= _utility(optimum) * (1 - TOL)
    assert -result.objective <= _utility(optimum) + 1e-12  # never better than the optimum
    assert result.evaluations == 70 * (result.generations + 1)
    assert all(a >= b for a, b in zip(result.history, result.history[1:]))


def _tail_case(n=100, budget=10.0):
    """Per-member distances of two levers: lever A returns 1 per log-unit in 95 members and -6 in 5
    (a large loss), lever B 0.5 in every member. Distance = 1 - (r_A log(1 + x_A) + 0.5 log(1 + x_B))."""
    r_a = np.where(np.arange(n) < 5, -6.0, 1.0)

    def distances(budgets):
        a, b = budgets[:, LEVERS.index("innovation")], budgets[:, LEVERS.index("dx")]
        return 1.0 - (r_a[:, None] * np.log1p(a)[None] + 0.5 * np.log1p(b)[None])

    return distances, Allocation(budget, levers=("innovation", "dx"))


def test_robust_optimum_differs_from_the_mean_optimum():
    distances, allocation = _tail_case()
    mean_best = search(lambda b, _: expected(distances(b)), allocation, seed=0, generations=60)
    tail_best = search(lambda b, _: cvar(distances(b), 0.9), allocation, seed=0, generations=60)
    a = LEVERS.index("innovation")
    # analytically: the mean return of A is 0.65 > 0.5, 0.65/(1+a) = 0.5/(11-a) -> a = 6.65/1.15 = 5.78;
    # the worst 10 % (5 losers, 5 others) see A return -2.5 on average -> nothing on A
    assert mean_best.budgets[a] == pytest.approx(6.65 / 1.15, abs=0.1)
    assert tail_best.budgets[a] <= 0.01 and tail_best.budgets[LEVERS.index("dx")] >= 9.99
    both = np.stack([mean_best.budgets, tail_best.budgets])
    assert cvar(distances(both), 0.9)[1] < cvar(distances(both), 0.9)[0]  # each wins on its own measure
    assert expected(distances(both))[0] < expected(distances(both))[1]


def test_the_same_seed_gives_the_same_result_bit_for_bit():
    distances, allocation = _tail_case()
    runs = [search(lambda b, _: cvar(distances(b), 0.9), allocation, seed=7, generations=15) for _ in range(2)]
    assert runs[0].budgets.tobytes() == runs[1].budgets.tobytes() and runs[0].objective == runs[1].objective
    assert runs[0].history == runs[1].history
    other = search(lambda b, _: cvar(distances(b), 0.9), allocation, seed=8, generations=15)
    assert other.x.tobytes() != runs[0].x.tobytes()


def test_prefectural_splits_are_searched():
    # the value of a lever's budget in a prefecture is worth w_j; the best split puts it all on the best one
    w = np.array([1.0, 2.0, 5.0, 1.5, 0.5, 3.0])
    allocation = Allocation(10.0, levers=("dx",), by_prefecture=True)
    result = search(lambda b, shares: -(b[:, LEVERS.index("dx"), None] * shares[:, LEVERS.index("dx")] * w).sum(1),
                    allocation, seed=0, generations=40)
    assert -result.objective >= 50.0 * (1 - TOL)
    assert result.allocation.sum(axis=1) == pytest.approx(np.ones(len(LEVERS)))


def test_a_lever_group_shares_one_prefectural_split():
    """With groups, the levers of a group get the same six shares (one split, six variables), and
    the group's split is searched: all of it goes to the prefecture worth most to the group."""
    groups = (("innovation",), ("dx", "talent"), ("green_energy", "leading_industry", "sme_continuity"),
              ("reconstruction",))
    allocation = Allocation(30.0, levers=("dx", "talent", "reconstruction"), by_prefecture=True, groups=groups)
    assert allocation.dimension == 3 + 2 * 6  # the searched levers' groups: (dx, talent) and (reconstruction,)
    x = np.random.default_rng(2).uniform(*allocation.bounds(), (50, allocation.dimension))
    _, shares = allocation.decode(x)
    np.testing.assert_array_equal(shares[:, LEVERS.index("dx")], shares[:, LEVERS.index("talent")])
    assert np.any(shares[:, LEVERS.index("dx")] != shares[:, LEVERS.index("reconstruction")])
    w = np.array([1.0, 2.0, 5.0, 1.5, 0.5, 3.0])
    both = [LEVERS.index("dx"), LEVERS.index("talent")]
    result = search(lambda b, p: -(b[:, both, None] * p[:, both] * w).sum(axis=(1, 2)), allocation, seed=0,
                    generations=60)
    assert result.allocation[LEVERS.index("dx"), 2] >= 1 - TOL
    with pytest.raises(ValueError, match=r"^optimise.groups=.*each searched lever"):
        Allocation(30.0, levers=("dx", "talent"), by_prefecture=True, groups=(("dx",),))


def test_search_finds_the_optimum_of_a_small_sd_model():
    """The issue's hand-derivable SD optimum (``tests/models.py``, CAPABILITIES): three stocks of
    capability fed by a_i sqrt(u_i) and decaying over tau; 12 members draw a_i (common random
    numbers), each candidate × member is one scenario of one batched run. The expected value
    sum_i c_i K_i(T) is largest at u_i ∝ (c_i mean(a_i))^2, worth G sqrt(B sum_i (c_i mean(a_i))^2)
    with G = tau (1 - (1 - dt/tau)^N) for Euler; both searches reach it within 1 %."""
    from models import CAPABILITIES

    budget, tau, dt, stop = 30.0, 4.0, 0.25, 10.0
    c = np.array([1.0, 0.6, 0.3])
    a = np.random.default_rng(5).lognormal(0.0, 0.4, (12, 3)) * np.array([1.0, 2.0, 1.5])
    members = len(a)

    def value(u):  # u (k, 3) -> (k,): minus the expected c · K(stop) over the members
        k = len(u)
        params = {"a": np.tile(a, (k, 1)), "u": np.repeat(u, members, axis=0), "tau": tau}
        run = CAPABILITIES.run(start=0.0, stop=stop, dt=dt, params=params, initial={"K": np.zeros(3)},
                               n_scenarios=k * members)
        final = run.stocks[:, -1, :].reshape(k, members, 3)
        return -(final @ c).mean(axis=1)

    steps = round(stop / dt)
    gain = tau * (1 - (1 - dt / tau) ** steps)
    weights = (c * a.mean(axis=0)) ** 2
    best = budget * weights / weights.sum()
    optimum = gain * np.sqrt(budget * weights.sum())
    assert -value(best[None])[0] == pytest.approx(optimum, rel=1e-12)  # the closed form is the model's
    allocation = Allocation(budget, levers=LEVERS[:3])
    result = search(lambda b, _: value(b[:, :3]), allocation, seed=0, generations=30)
    assert -result.objective >= optimum * (1 - TOL) and abs(result.budgets.sum() - budget) <= 1e-9
    np.testing.assert_allclose(result.budgets[:3], best, atol=0.1 * budget)


# --- the model ------------------------------------------------------------------------------------

def test_a_small_search_on_the_model_beats_the_corners():
    """dx and talent (the other levers at 0), ¥50bn/yr, 16 posterior members to 2032: the expected
    distance has an interior minimum (about 60 % on dx), slightly below both single-lever corners."""
    from sim import compose
    from sim.optimise import ModelEvaluator

    evaluator = ModelEvaluator(compose([]).vision, n=16, stop=2032)
    objective = evaluator.objective("expected")
    allocation = Allocation(50.0, levers=("dx", "talent"))
    result = search(objective, allocation, seed=0, generations=5, popsize=4)
    assert abs(result.budgets.sum() - 50.0) <= 1e-9 * 50.0
    assert set(np.flatnonzero(result.budgets)) <= {LEVERS.index("dx"), LEVERS.index("talent")}
    corners = np.zeros((2, len(LEVERS)))
    corners[0, LEVERS.index("dx")] = corners[1, LEVERS.index("talent")] = 50.0
    again = objective(np.vstack([corners, result.budgets]), None)
    assert again[2] == result.objective  # the same members: the optimum re-evaluates to the same number
    assert result.objective <= again[:2].min()
    assert evaluator.runs == 16 * (result.evaluations + 3)
    # annual flows count before the stop year (the Tokyo balance in 2027); in it (2032) they need the year after
    assert "tokyo_migration_balance" in evaluator.vision["targets"]
    assert sorted(evaluator.left_out) == ["startup_rate", "young_migration"]
    assert evaluator.left_out["startup_rate"] == ("an annual flow in 2032, the run's last year: the total over the "
                                                  "year from 1 October 2032 needs the year after")


def test_the_default_stop_is_the_first_year_every_vision_target_has_a_value():
    """The default vision's last targets are in 2032 and two of them are annual flows (the startup
    rate, the young migration: totals over the year from 1 October 2032), so 2033; moved to 2031,
    the last year needed is 2032, a level target's own year; an optimise call without a stop runs there."""
    from omegaconf import OmegaConf

    import sim
    from sim.optimise import optimise
    from sim.optimise.design import first_complete_year

    every = sim.compose([]).vision
    assert first_complete_year(every) == 2033
    earlier = OmegaConf.to_container(every)
    for name in ("startup_rate", "young_migration"):
        earlier["targets"][name]["year"] = 2031
    assert first_complete_year(OmegaConf.create(earlier)) == 2032
    result = optimise(30.0, levers=("talent",), members=1, generations=1, population=1)
    assert result.stop == 2033 and result.left_out == {}


@pytest.mark.parametrize("stop, left_out", [(2033, []), (2032, ["startup_rate", "young_migration"])])
def test_a_calibrated_member_has_the_main_reports_distance(stop, left_out):
    """A member sampling no parameter is the calibrated model: its distance for the budgets of
    scenarios/dx.yaml (and none) is the main report's (sim.vision.score of sim.run) with every
    target of the vision, the annual flows included: all of them to 2033; to 2032 the flows in
    2032 have no value in either (the total over the year from 1 October 2032 needs the year after)."""
    import pandas as pd

    import sim
    from sim import vision
    from sim.ensemble.posterior import Posterior
    from sim.model.levers import budgets
    from sim.optimise import ModelEvaluator

    every = sim.compose([]).vision
    calibrated = Posterior(pd.DataFrame(index=range(1)), np.zeros(1), np.zeros(1), {"relative": []})
    evaluator = ModelEvaluator(every, n=1, stop=stop, posterior=calibrated)
    assert sorted(evaluator.left_out) == left_out
    assert {"tokyo_migration_balance", "startup_rate", "young_migration"} - set(left_out) <= set(
        evaluator.vision["targets"])
    distance = evaluator(np.stack([budgets(), budgets(dx=50.0)])).distance[0]
    gaps = vision.compare(sim.run(["baseline", "dx"], stop=stop), every)
    assert set(gaps[gaps.shortfall.isna()].target) == set(left_out)
    report = vision.score(gaps)
    np.testing.assert_allclose(distance, report.distance.loc[["baseline", "dx"]].to_numpy(), rtol=1e-12)
    assert distance[1] < distance[0]  # the dx budget moves towards the vision


# --- timing ---------------------------------------------------------------------------------------

def test_spend_is_the_integral_of_the_models_lever_path():
    """S(start, ramp, T) equals the integral of the model's own lever level (sim.model.sectors.levers,
    integrated here on a fine grid) for starts before, inside and after the ramp's end."""
    from sim.model.sectors.levers import lever_level
    from sim.optimise.timing import spend

    for start, ramp, horizon in [(2022.0, 2.0, 2032.0), (2026.5, 4.0, 2029.0), (2024.0, 0.0, 2030.0),
                                 (2031.0, 3.0, 2030.0)]:
        t = np.linspace(2020.0, horizon, 400_001)
        level = np.array([lever_level(x, start, ramp, 2100.0) for x in t])
        integral = float(np.sum((level[1:] + level[:-1]) / 2 * np.diff(t)))
        assert float(spend(start, ramp, horizon)) == pytest.approx(integral, abs=2e-5)  # trapezoid at a jump: dt/2


def test_timing_keeps_the_spending_envelope():
    """Whatever the starts and ramps, the levers spend by the horizon what the budget spends at the
    default timing (2022, two-year ramp); a later start gets a larger annual budget."""
    from sim.optimise.timing import Timing, spend

    timing = Timing(("dx", "talent", "innovation"), 2032.0)
    index = np.array([LEVERS.index(name) for name in timing.levers])
    rng = np.random.default_rng(4)
    envelope = np.zeros((500, len(LEVERS)))
    envelope[:, index] = rng.dirichlet(np.ones(3), 500) * 50.0
    decoded = timing.decode(rng.uniform(*timing.bounds(), (500, timing.dimension)), envelope, index)
    spent = (decoded["lever_budget"] * spend(decoded["lever_start"], decoded["lever_ramp"], 2032.0)).sum(axis=1)
    np.testing.assert_allclose(spent, 50.0 * (2032.0 - 2022.0 - 1.0), rtol=1e-12)
    late = timing.decode(np.r_[[2027.0] * 3, [2.0] * 3][None], envelope[:1], index)["lever_budget"]
    np.testing.assert_allclose(late[0, index], envelope[0, index] * 9.0 / 4.0, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^optimise.timing=.*starts before the stop year"):
        Timing(("dx",), 2026.0)


def test_feasible_points_decode_to_the_same_allocation():
    """``Allocation.feasible`` (which CMA-ES's plateau depth measures against) maps every decision
    vector to one that decodes to the same budgets, shares and timing, and is its own fixed point;
    with lever groups and timing too."""
    from sim.optimise.timing import Timing

    levers = ("dx", "talent", "green_energy", "sme_continuity")
    groups = (("dx", "talent"), ("green_energy", "leading_industry", "sme_continuity"), ("innovation",),
              ("reconstruction",))
    allocation = Allocation(40.0, levers, floors={"dx": 5.0}, caps={"talent": 12.0}, by_prefecture=True,
                            groups=groups, timing=Timing(levers, 2032.0))
    x = np.random.default_rng(6).uniform(*allocation.bounds(), (300, allocation.dimension)) * 1.3
    y = allocation.feasible(x)
    for left, right in zip(allocation.decode(x), allocation.decode(y)):
        np.testing.assert_allclose(left, right, rtol=0, atol=1e-12)
    for name, values in allocation.timing_of(x).items():
        np.testing.assert_array_equal(values, allocation.timing_of(y)[name])
    np.testing.assert_allclose(allocation.feasible(y), y, rtol=0, atol=1e-12)
    assert sum(block.stop - block.start for block in allocation.blocks()) == allocation.dimension == 4 + 12 + 8
