"""Levers as costed mechanisms (ECONOMY_V2.md §2, issue "levers and spirals v2"): what each lever
buys per yen, against the evidence bands of EVIDENCE.md, and the units each one buys."""

import math

import numpy as np
import pytest

import sim
from sim import levers
from sim.model.levers import LEVERS, NO_EFFECT, budgets

PILLAR = 50.0  # ¥bn/year, the default budget of sim.levers.returns
#: EVIDENCE.md P1 (0.6-1.7 ¥ of GRP per ¥ of public spending in the impact year), widened as
#: ECONOMY_V2.md §4 states it.
PURE_SPENDING_BAND = (0.5, 1.8)


@pytest.fixture(scope="module")
def table():
    return levers.returns(mixes=["integrated_rx"])


@pytest.fixture(scope="module")
def baseline():
    return sim.run().isel(scenario=0)


def _spending_path(times, budget=PILLAR, start=2022.0, ramp=2.0):
    """The default lever path by hand: 0 before the start, a linear ramp, then the full budget."""
    return budget * np.clip((times - start) / ramp, 0.0, 1.0)


def test_every_lever_with_an_evidence_band_returns_within_it(table):
    rows = table.loc["lever"]
    # EVIDENCE.md P2/I8: R&D, fully additional (I3), returns 2-3.3 ¥ of GRP per ¥ over the stock's life
    assert 2.0 <= rows.loc["innovation", "grp_per_yen"] <= 3.3
    # P3 (I9-I10): SME capex and digital subsidies add no significant value added: pure spending's band
    assert PURE_SPENDING_BAND[0] <= rows.loc["dx", "grp_per_yen"] <= PURE_SPENDING_BAND[1]
    # P4/I28: at most 0.42 ¥ of GRP per ¥ of location subsidy a year while the jobs last, on top of the
    # spending's demand; a yen spent on the default path has acted for at most `acting` years by 2035
    times = np.arange(2020, 2036, dtype=float)
    spent = _spending_path(times)
    acting = np.trapezoid(spent * (2035 - times), times) / np.trapezoid(spent, times)
    assert 5.5 < acting < 6.5  # the path's own arithmetic: 12.5 years of spending, ramped
    assert PURE_SPENDING_BAND[0] <= rows.loc["leading_industry", "grp_per_yen"] <= (
        PURE_SPENDING_BAND[1] + 0.42 * acting)
    # the table reports the same bands
    for lever in ("innovation", "dx", "leading_industry"):
        assert rows.loc[lever, "evidence_low"] <= rows.loc[lever, "grp_per_yen"] <= rows.loc[lever, "evidence_high"]


def test_levers_without_a_band_name_their_evidence_and_never_lose_grp(table):
    rows = table.loc["lever"]
    for lever in ("green_energy", "sme_continuity", "talent", "reconstruction"):
        assert np.isnan(rows.loc[lever, "evidence_low"]), lever
        assert any(code in rows.loc[lever, "evidence"] for code in ("F8", "P7", "P5", "G9")), lever
        # the units a lever buys add to what its spending does as demand
        assert rows.loc[lever, "grp_per_yen"] >= rows.loc[lever, "grp_per_yen_pure_spending"] - 0.01, lever


def test_pure_spending_is_the_same_demand_for_every_lever_and_within_p1(table):
    rows = table.loc["lever"]
    # every effect size off: every lever's budget (all shared by population) is the same spending
    pure = rows["grp_per_yen_pure_spending"].to_numpy()
    np.testing.assert_allclose(pure, pure[0], rtol=1e-12)
    assert PURE_SPENDING_BAND[0] <= pure[0] <= PURE_SPENDING_BAND[1]
    for lever in LEVERS:
        first = sim.levers.returns(levers=[lever], **NO_EFFECT).loc[("lever", lever), "grp_per_yen_first_year"]
        assert PURE_SPENDING_BAND[0] <= first <= PURE_SPENDING_BAND[1], lever


def test_spending_and_the_discounted_ratio_follow_the_path_by_hand(table):
    times = np.arange(2020, 2036, dtype=float)
    spent = _spending_path(times)
    cumulative = float(np.sum((spent[1:] + spent[:-1]) / 2))  # trapezoid over yearly points
    np.testing.assert_allclose(table.loc["lever", "spent"].to_numpy(), cumulative, rtol=1e-12)
    # at a zero discount rate the benefit-cost ratio is the cumulative GRP per ¥
    undiscounted = levers.returns(levers=["innovation", "talent"], discount_rate=0.0).loc["lever"]
    np.testing.assert_allclose(undiscounted.benefit_cost_ratio, undiscounted.grp_per_yen, rtol=1e-12)
    # discounting weighs the later (larger) gains less
    assert (table.loc["lever", "benefit_cost_ratio"] < table.loc["lever", "grp_per_yen"]).all()


def test_each_yen_of_innovation_is_a_yen_of_knowledge_depreciating_at_its_rate():
    # χ off: the knowledge gained by 2035 is the lever's R&D, each yen depreciating at δ_R = 0.15:
    # ∫ S(u) e^(−δ (2035 − u)) du (Euler at dt = 0.25 within 3 %)
    # R4+ (output → private R&D) cut: the lever's R&D alone
    cut = ["R4+"]
    policy = sim.run(lever_budget=budgets(innovation=PILLAR), chi_innovation_dx=0.0, chi_innovation_talent=0.0,
                     knockout=cut).isel(scenario=0)
    reference = sim.run(knockout=cut).isel(scenario=0)
    gained = float((policy.knowledge_stock - reference.knowledge_stock).sum("region").sel(time=2035))
    u = np.linspace(2022.0, 2035.0, 130001)
    expected = np.trapezoid(_spending_path(u) * np.exp(-0.15 * (2035.0 - u)), u)
    assert gained == pytest.approx(expected, rel=0.03)


def test_relocation_grants_buy_movers_at_their_unit_cost_within_the_pool(baseline):
    # 2023 (the first year of the ramp, little feedback yet): in-migrants gained ≈ the movers
    # the grants buy, (1 − d) M_r (1 − exp(−s S_r 1000 / (c M_r))) summed over the prefectures,
    # with S_r the population share of the lever's spending on its ramp through the year
    policy = sim.run(lever_budget=budgets(talent=PILLAR), talent_remote_effect=0.0, talent_telework_effect=0.0,
                     training_skill_gain=0.0).isel(scenario=0)
    gained = float((policy.in_migration - baseline.in_migration).sum("region").sel(time=2023))
    population = baseline.population_total.sel(time=2020).to_numpy()
    shares = population / population.sum()
    deadweight, pool, grant_share, cost = 0.5, 10000.0, 0.5, 0.55  # the defaults' sources: docs/LEVERS.md
    t = np.linspace(2023.0, 2024.0, 4001)
    movers = [np.trapezoid((1 - deadweight) * pool * s * (1 - np.exp(-grant_share * _spending_path(t) * s * 1000.0
                                                                     / (cost * pool * s))), t) for s in shares]
    expected = float(np.sum(movers))
    assert gained == pytest.approx(expected, rel=0.05)
    # the pool binds: the budget would buy many more movers than it gets
    assert expected < 0.25 * (1 - deadweight) * grant_share * PILLAR * 1000.0 / cost


def test_teleworking_movers_live_here_but_are_not_in_its_labour_force(baseline):
    everyone = dict(talent_remote_effect=0.0, talent_telework_effect=0.0, training_skill_gain=0.0)
    remote = sim.run(lever_budget=budgets(talent=PILLAR), **everyone).isel(scenario=0)
    local = sim.run(lever_budget=budgets(talent=PILLAR), talent_teleworkers_per_mover=0.0, **everyone).isel(scenario=0)
    for name in ("population_total", "labour_force", "grp_real"):
        assert float(remote[name].sum("region").sel(time=2030)) > float(baseline[name].sum("region").sel(time=2030))
    # the same people, but movers who keep an outside job add less labour and less GRP
    np.testing.assert_allclose(remote.population_total.sel(time=2030), local.population_total.sel(time=2030),
                               rtol=2e-3)
    assert float(remote.labour_force.sum("region").sel(time=2030)) < float(local.labour_force.sum("region").sel(
        time=2030))
    assert float(remote.grp_real.sum("region").sel(time=2030)) < float(local.grp_real.sum("region").sel(time=2030))


def test_succession_support_averts_closures_at_its_unit_cost():
    # ¥ → successions supported at ¥4.5M each → 20 % avert a closure (while closures remain to avert)
    # in the lever's first year (from 2022, no ramp), against the same spending without its effect
    # (its demand moves market exits too); `closures` is the year's total, in which the kept firms
    # (at most 22, exiting or retiring at under 10 % a year) close at most ~1 of their own
    small = 0.5  # ¥bn/year: 111 firms a year, 22 closures averted, far fewer than the succession closures
    spending = dict(lever_budget=budgets(sme_continuity=small), lever_ramp=np.zeros(len(LEVERS)))
    policy = sim.run(**spending).isel(scenario=0)
    pure = sim.run(**spending, sme_averted_share=0.0).isel(scenario=0)
    averted = float((pure.closures - policy.closures).sum("region").sel(time=2022))
    bought = 0.2 * small * 1000.0 / 4.5
    assert 0.95 * bought < averted < bought
    # later, more kept firms close in their turn: fewer net averted each year
    later = float((pure.closures - policy.closures).sum("region").sel(time=2026))
    assert later < averted


def test_mixes_report_the_share_of_their_gain_the_cross_effects_carry(table):
    share = table.loc[("mix", "integrated_rx"), "cross_effect_share"]
    assert 0.0 < share < 0.1  # χ adds, and (with the little evidence there is) little
    without = levers.returns(levers=["dx"], mixes=["integrated_rx"], chi_dx_talent=0.0, chi_innovation_dx=0.0,
                             chi_innovation_talent=0.0)
    assert without.loc[("mix", "integrated_rx"), "cross_effect_share"] == 0.0


def test_bad_arguments_name_the_key_and_what_is_allowed():
    with pytest.raises(ValueError, match=r"levers \['rnd'\] are not allowed; levers are"):
        levers.returns(levers=["rnd"])
    with pytest.raises(ValueError, match="budget=-5 is not allowed; allowed: a positive number"):
        levers.returns(budget=-5)
    with pytest.raises(ValueError, match=r"discount_rate=nan is not allowed"):
        levers.returns(discount_rate=math.nan)
    with pytest.raises(ValueError, match="lever_budget is not allowed in returns"):
        levers.returns(lever_budget=budgets(dx=1))


def test_the_levers_page_is_up_to_date():
    table = levers.returns(mixes=("integrated_rx", "integrated_rx_plus"))
    assert levers.PAGE.read_text(encoding="utf-8") == levers.render_page(table), "run python -m sim.levers"
