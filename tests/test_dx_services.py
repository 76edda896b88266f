"""DX as depth, firm start rates and service access (docs/MODEL.md §2.4-§2.5, ECONOMY_V2 §1).

Reference values come from the source tables (read here with pandas, independently of
``sim.data.economy``) or from EVIDENCE.md's rows as published, never from the model's output.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.dimensions import FACILITIES, N_REGIONS, REGIONS
from sim.model.levers import LEVERS, N_LEVERS
from sim.model.sectors.services import presence_probability, service_access
from sim.model.state import PARAMS

SOURCES = Path(__file__).resolve().parents[1] / "sim" / "data" / "sources"
#: Tolerance of the fitted national path against a survey level [share]: the fit is exact on a
#: fine step; the model's Euler step (0.25 yr) and the reconciliation of two surveys add less.
SURVEY_TOL = 0.01
#: Lowest start level of a prefecture relative to Japan the declared ranges allow: the whole
#: telework gap of regional cities (A18, 17.5 / 26.1) and a CEO-age gap of 3 years (M3 × C6).
LOWEST_LEVEL = 17.5 / 26.1 * (1 - 3 * 0.014)
#: A DX budget of ¥50bn/yr (the pillar size of tests/test_economy.py).
PILLAR = 50.0
#: Model time of a survey month: the model's year t starts on 1 October of t.
SURVEY_DATES = {"2022-01": 2022 + 0.5 / 12 - 0.75, "2022-05": 2022 + 4.5 / 12 - 0.75,
                "2023-05": 2023 + 4.5 / 12 - 0.75, "2023-08": 2023 + 7.5 / 12 - 0.75}


def _value(name, region, year, indicator):
    table = pd.read_csv(SOURCES / name, dtype={"year": str})
    rows = table[(table.region == region) & (table.year == str(year)) & (table.indicator == indicator)]
    assert len(rows) == 1, (name, region, year, indicator)
    return float(rows.value.iloc[0])


def _run(stop=2035, saveper=0.25, **overrides):
    """A full-model run saved every quarter: the RunResult (scenario 0)."""
    from sim.model.tohoku import MODEL
    from sim.population import baseline_inputs, initial_state
    from sim.runner import baseline_parameters

    inputs = baseline_inputs()
    params = {key: np.asarray(value, float) for key, value in (baseline_parameters() | overrides).items()}
    return MODEL.run(start=2020, stop=stop, dt=0.25, saveper=saveper, params=params,
                     initial=initial_state(2020, inputs.diaspora[2020]), data=inputs.data, parallel=False)


@pytest.fixture(scope="module")
def quarterly():
    return _run()


@pytest.fixture(scope="module")
def baseline():
    return sim.run()


def _japan(result):
    """Japan's shares reached (considering or beyond), doing, advanced: (time,) each."""
    weights = np.array([result.params[0, PARAMS.offset("dx_small_firm_share")], 0.0])
    weights[1] = 1.0 - weights[0]
    stages = result["dx_stage_japan"][0]  # (time, size, stage)
    return {"reached": stages.sum(axis=2) @ weights, "doing": (stages[..., 1] + stages[..., 2]) @ weights,
            "advanced": stages[..., 2] @ weights}


def _at(result, series, date):
    return float(np.interp(SURVEY_DATES[date], result.times, series))


SURVEYS = [("reached", "2022-05", "dx_doing_or_considering_sme_pct"),
           ("reached", "2023-08", "dx_doing_or_considering_sme_pct"),
           ("doing", "2022-01", "dx_doing_pct"), ("doing", "2023-05", "dx_doing_pct"),
           ("advanced", "2022-01", "dx_transformational_pct")]


@pytest.mark.parametrize("measure, date, indicator", SURVEYS)
def test_japans_dx_path_reproduces_the_surveys(quarterly, measure, date, indicator):
    observed = _value("dx_diffusion.csv", "Japan", date, indicator) / 100.0
    assert _at(quarterly, _japan(quarterly)[measure], date) == pytest.approx(observed, abs=SURVEY_TOL)


@pytest.mark.parametrize("date", ["2022-01", "2023-05"])
def test_prefectures_do_dx_less_than_japan_within_the_lag_the_data_allow(quarterly, date):
    observed = _value("dx_diffusion.csv", "Japan", date, "dx_doing_pct") / 100.0
    for r in range(N_REGIONS):
        share = _at(quarterly, quarterly["dx_adoption"][0, :, r], date)
        assert LOWEST_LEVEL * observed - SURVEY_TOL <= share < observed + SURVEY_TOL, REGIONS[r]


def test_the_2022_to_2023_movement_is_that_of_the_surveys(quarterly):
    # the doing share moves by TDB's +0.7 pt; doing-or-considering by 中小機構's +6.4 pt
    japan = _japan(quarterly)
    for measure, (first, second), indicator in (("doing", ("2022-01", "2023-05"), "dx_doing_pct"),
                                                ("reached", ("2022-05", "2023-08"), "dx_doing_or_considering_sme_pct")):
        observed = (_value("dx_diffusion.csv", "Japan", second, indicator)
                    - _value("dx_diffusion.csv", "Japan", first, indicator)) / 100.0
        moved = _at(quarterly, japan[measure], second) - _at(quarterly, japan[measure], first)
        assert moved == pytest.approx(observed, abs=SURVEY_TOL), measure


def test_the_smallest_firms_lag(quarterly):
    # at the start the small class does DX at M2's ratio (mean of <=5 and 6-20 employees over 101-300)
    ratio = (0.5 * (_value("dx_diffusion.csv", "Japan", "2023-05", "dx_doing_employees_le5_pct")
                    + _value("dx_diffusion.csv", "Japan", "2023-05", "dx_doing_employees_6_20_pct"))
             / _value("dx_diffusion.csv", "Japan", "2023-05", "dx_doing_employees_101_300_pct"))
    stages = quarterly["dx_stage"][0]  # (time, region, size, stage)
    doing = stages[..., 1] + stages[..., 2]
    np.testing.assert_allclose(doing[0, :, 0] / doing[0, :, 1], ratio, rtol=1e-12)
    assert (doing[:, :, 0] < doing[:, :, 1]).all()


def test_baseline_dx_does_not_saturate_by_2035_and_the_lever_raises_it(baseline):
    assert float(baseline.dx_adoption.sel(time=2035).max()) < 0.6
    assert (baseline.dx_adoption.diff("time") > 0).all()  # it keeps moving
    budget = np.zeros(N_LEVERS)
    budget[LEVERS.index("dx")] = PILLAR
    policy = sim.run(lever_budget=budget)
    gain = policy.dx_adoption.sel(time=2030) - baseline.dx_adoption.sel(time=2030)
    assert float(gain.min()) > 0.01  # more than a point in every prefecture
    assert float((policy.dx_depth - baseline.dx_depth).sel(time=2030).min()) > 0.0


def test_the_lag_behind_japan_is_positive_at_the_start_and_never_negative(quarterly, baseline):
    lag = baseline.dx_lag.isel(scenario=0)
    assert float(lag.sel(time=2020).min()) > 0.0
    assert float(lag.min()) >= 0.0
    assert quarterly["dx_lag"][0].min() >= 0.0
    # the index is the depth: 0 none, 1 every firm advanced
    assert float(baseline.dx_depth.min()) >= 0.0 and float(baseline.dx_depth.max()) <= 1.0


def test_the_imitation_loop_is_gated(baseline):
    cut = sim.run(knockout=["R8+"])
    assert float(abs(cut.dx_adoption - baseline.dx_adoption).sel(time=2030).max()) > 1e-5


#: EVIDENCE.md L1-L2: (facility, municipal population, probability that it has the facility).
THRESHOLDS = [("shopping_centre", 77_500, 0.5), ("shopping_centre", 92_500, 0.8), ("university", 125_000, 0.5),
              ("department_store", 275_000, 0.8), ("emergency_centre", 275_000, 0.8), ("museum", 87_500, 0.8)]


@pytest.fixture(scope="module")
def parameters(quarterly):
    return quarterly.params[0]


@pytest.mark.parametrize("facility, population, probability", THRESHOLDS)
def test_presence_probabilities_reproduce_mlits_points(parameters, facility, population, probability):
    assert presence_probability(parameters, FACILITIES.index(facility), float(population)) == pytest.approx(
        probability, abs=1e-12)


def test_presence_rises_with_population_from_none_to_all(parameters):
    for f in range(len(FACILITIES)):
        values = [presence_probability(parameters, f, n) for n in np.geomspace(1e3, 1e8, 60)]
        assert np.all(np.diff(values) >= 0) and values[0] < 0.01 and values[-1] > 0.99, FACILITIES[f]
    assert presence_probability(parameters, 0, 0.0) == 0.0


@pytest.mark.parametrize("region", range(N_REGIONS))
def test_service_access_falls_monotonically_and_non_linearly_as_population_falls(parameters, region):
    people = _value("population_census.csv", REGIONS[region], 2020, "population_total")
    scales = np.linspace(1.0, 0.3, 71)
    access = np.array([service_access(parameters, region, scale * people) for scale in scales])
    assert np.all(np.diff(access) < 0)
    assert 0.0 < access[-1] < access[0] <= 1.0
    # non-linear: the fall per tenth of the population is not constant
    falls = -np.diff(access[::10])
    assert falls.max() > 1.2 * falls.min()


def test_service_access_follows_population_in_the_baseline(baseline):
    access = baseline.service_access.isel(scenario=0)
    people = baseline.population_total.isel(scenario=0)
    shrinking = people.diff("time") < 0
    assert bool(((access.diff("time") < 0) == shrinking).all())


def test_startup_and_closure_rates_at_the_start_follow_the_data(quarterly):
    # startups at the published opening rate; closures at the published closure rate, or at the
    # opening rate less the census trend of establishments 2012-2016 where that is higher (the
    # employment-insurance basis misses sole proprietors' exits): the count starts on the census trend
    firms = quarterly["firms"][0, 0]
    startups = quarterly["startups"][0, 0] / firms
    closures = quarterly["closures"][0, 0] / firms
    for r, region in enumerate(REGIONS):
        source = region if region == "Miyagi" else "Japan"  # the five have no published rate
        opening = _value("business_dynamics.csv", source, "2013_fy", "establishment_opening_rate_pct") / 100.0
        closing = _value("business_dynamics.csv", source, "2013_fy", "establishment_closure_rate_pct") / 100.0
        census = region if region in ("Iwate", "Miyagi", "Fukushima") else "Japan"
        change = _value("enterprises.csv", census, 2016, "establishments_change_2012_2016_pct") / 100.0
        trend = (1.0 + change) ** 0.25 - 1.0
        assert startups[r] == pytest.approx(opening, rel=1e-9), region
        assert closures[r] == pytest.approx(max(closing, opening - trend), rel=1e-9), region


def test_the_runs_fast_service_access_is_the_logistic_at_the_current_population(quarterly, parameters):
    access = quarterly["service_access"][0]
    people = quarterly["population_now"][0]
    for k in range(0, len(quarterly.times), 8):
        for r in range(N_REGIONS):
            assert access[k, r] == pytest.approx(service_access(parameters, r, people[k, r]), rel=1e-12)
