"""The baseline against the stylised facts of a labour-short Tohoku (ECONOMY_V2.md §4).

Reference values come from the source tables (read here with pandas, independently of
``sim.data``) and from the evidence bands of EVIDENCE.md (P1: 0.6-1.7 ¥ of GRP per ¥ of public
spending in its impact year, widened to 0.5-1.8 by ECONOMY_V2.md), never from the model's output.
The energy facts are in ``test_energy.py``, the Tokyo-area balance in ``test_population.py``.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.dimensions import REGIONS
from sim.model.levers import N_LEVERS, budgets

SOURCES = Path(__file__).resolve().parents[1] / "sim" / "data" / "sources"
YEARS = range(2020, 2036)
#: Every lever effect size (sim.model.economy_state, "Levers") at the value where it does nothing: no
#: additional R&D, no DX step, every plant and mover deadweight, no closure averted, no programme
#: effect, no cross effect. A budget run with these is pure spending.
EFFECT_SIZES = {
    "innovation_additionality": 0.0, "dx_additionality": 0.0, "dx_investment_share": 0.0, "green_additionality": 0.0,
    "leading_industry_deadweight": 1.0, "sme_averted_share": 0.0, "talent_deadweight": 1.0,
    "talent_remote_effect": 0.0, "training_skill_gain": 0.0, "talent_telework_effect": 0.0,
    "reconstruction_works_efficiency": 0.0, "reconstruction_return_deadweight": 1.0,
    "chi_dx_talent": 0.0, "chi_innovation_dx": 0.0, "chi_innovation_talent": 0.0,
}
#: EVIDENCE.md P1 as ECONOMY_V2.md §4 states the band [¥ GRP per ¥ of spending].
PURE_SPENDING_BAND = (0.5, 1.8)
#: ¥bn/year of pure spending: one pillar, about 0.15 % of Tohoku's GRP.
BUDGET = 50.0


@pytest.fixture(scope="module")
def baseline():
    return sim.run().isel(scenario=0)


def _labour_market(indicator, year):
    table = pd.read_csv(SOURCES / "labour_market.csv", dtype={"year": str})
    rows = table[(table.indicator == indicator) & (table.year == str(year))].set_index("region")
    return rows.value.reindex(list(REGIONS)).to_numpy(float)


def test_unemployment_stays_between_1_5_and_4_5_percent_in_every_prefecture_and_year(baseline):
    rate = baseline.unemployment_rate.sel(time=list(YEARS))
    assert float(rate.min()) >= 0.015, rate.min()
    assert float(rate.max()) <= 0.045, rate.max()
    # and it starts at the 2017 Labour Force Survey levels (the calibration target)
    np.testing.assert_allclose(baseline.unemployment_rate.sel(time=2020), _labour_market("unemployment_rate_pct", 2017)
                               / 100, atol=1e-9)


def test_jobs_ratio_is_at_its_2019_means_once_the_pandemic_gap_closes_and_stays_above_one(baseline):
    # FY2022 is when Japan's output regains its trend (paths.py): the normal-times ratio of the calibration
    observed = _labour_market("job_openings_ratio_sa_mean12", 2019)
    np.testing.assert_allclose(baseline.jobs_to_applicants_ratio.sel(time=2022), observed, atol=0.15)
    assert float(baseline.jobs_to_applicants_ratio.sel(time=list(YEARS)).min()) >= 1.0
    # the 2020 trough is below the 2019 level everywhere (Aomori's 2020 average was 0.99: K9)
    assert (baseline.jobs_to_applicants_ratio.sel(time=2020) < observed).all()


def test_tohoku_rebounds_from_the_fy2020_trough_by_at_least_one_percent(baseline):
    grp = baseline.grp_real.sum("region")
    growth = float(grp.sel(time=2021) / grp.sel(time=2020)) - 1.0
    table = pd.read_csv(SOURCES / "grp_history.csv", dtype={"year": str})
    japan = float(table[(table.region == "Japan") & (table.year == "2021")
                        & (table.indicator == "gdp_national_real_growth_pct")].value.iloc[0]) / 100
    assert 0.01 <= growth <= japan + 0.005, (growth, japan)


def test_real_wages_never_fall(baseline):
    wage = baseline.wage.sel(time=list(YEARS)).to_numpy()  # (region, time)
    assert (np.diff(wage, axis=-1) >= 0.0).all(), np.diff(wage, axis=-1).min()


def test_foreign_workers_grow_as_reported_after_2020(baseline):
    # the start is each count moved back to October 2020 at Japan's growth; the model's own growth
    # (the prefecture's reported growth at first, then policy and the shortage) must bring it back
    table = pd.read_csv(SOURCES / "foreign_workers.csv", dtype={"year": str})
    counts = table[table.indicator == "foreign_workers_oct"]
    for row in counts[counts.region.isin(REGIONS) & counts.year.astype(int).gt(2020)].itertuples():
        model = float(baseline.foreign_workers.sel(region=row.region, time=int(row.year)))
        assert model == pytest.approx(row.value, rel=0.25), (row.region, row.year, model, row.value)


def test_the_labour_force_falls_less_than_the_working_age_population(baseline):
    # rising participation (women, ages 60-74) and foreign workers: the balancing side of S1
    force = baseline.labour_force.sel(time=2035) / baseline.labour_force.sel(time=2020)
    working = baseline.population_15_64.sel(time=2035) / baseline.population_15_64.sel(time=2020)
    assert (force > working).all()


@pytest.fixture(scope="module")
def pure_spending():
    """GRP gained per ¥ of a pure-spending budget, each year (every lever effect size zero)."""
    zero = dict(EFFECT_SIZES)
    budget = budgets(innovation=BUDGET)
    ramp = np.zeros(N_LEVERS)  # the full budget from the start year, 2022
    without = sim.run(lever_ramp=ramp, **zero).isel(scenario=0)
    spent = sim.run(lever_budget=budget, lever_ramp=ramp, **zero).isel(scenario=0)
    gained = (spent.grp_real - without.grp_real).sum("region")
    return (gained / BUDGET).sel(time=list(range(2022, 2036)))


def test_pure_spending_adds_0_5_to_1_8_yen_of_grp_per_yen_in_its_first_year(pure_spending):
    assert PURE_SPENDING_BAND[0] <= float(pure_spending.sel(time=2022)) <= PURE_SPENDING_BAND[1]


def test_pure_spending_never_adds_more_than_the_band_in_a_later_year(pure_spending):
    assert float(pure_spending.max()) <= PURE_SPENDING_BAND[1], pure_spending.to_pandas().round(3).to_dict()
    assert float(pure_spending.min()) > 0.0
