"""The economy and the spirals: baseline against the accounts, levers, cross effects, knock-outs,
extreme inputs, dt convergence and the calibration command.

Reference values come from the source tables (read here with pandas, independently of
``sim.data.economy``), from the loop definitions of MODEL.md §3, or from the structure of the
equations (first-order additivity, exact equality with zero budgets), never from the model's output.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.model.dimensions import REGIONS
from sim.model.levers import LEVERS, N_LEVERS, budgets
from sim.model.loops import BALANCING, LOOP_IDS, LOOPS, SPIRALS

SOURCES = Path(__file__).resolve().parents[1] / "sim" / "data" / "sources"
ECONOMY_OUTPUTS = ("grp_real", "labour_productivity", "productivity_ratio_japan", "income_per_capita_ratio_japan",
                   "employment", "firms", "startups", "closures", "dx_adoption", "knowledge_stock", "renewable_share",
                   "co2_emissions", "evacuees", "coastal_recovery")
#: A budget of ¥50bn/yr per lever (about 0.15 % of Tohoku's GRP): the scale of one pillar.
PILLAR = 50.0


def _table(name):
    return pd.read_csv(SOURCES / name, dtype={"year": str})


def _row(table, region, year, indicator):
    rows = table[(table.region == region) & (table.year == str(year)) & (table.indicator == indicator)]
    assert len(rows) == 1, (region, year, indicator)
    return float(rows.value.iloc[0])


@pytest.fixture(scope="module")
def baseline():
    return sim.run()


def _tohoku(ds, name, year):
    """Tohoku total (counts, money) or mean over the prefectures that have the variable (shares)."""
    values = ds[name].sel(time=year).isel(scenario=0)
    if ds[name].attrs["units"] in ("1",):
        return float(values.mean(skipna=True))
    return float(values.sum(skipna=True))


def test_economic_outputs_have_dims_units_and_labels(baseline):
    for name in ECONOMY_OUTPUTS:
        variable = baseline[name]
        assert variable.dims == ("scenario", "region", "time"), name
        assert variable.attrs["units"] and variable.attrs["long_name"] and variable.attrs["long_name_ja"], name
    assert (baseline.evacuees.sel(region=[r for r in REGIONS if r != "Fukushima"]) == 0).all()
    assert baseline.coastal_recovery.sel(region=["Aomori", "Akita", "Yamagata"]).isnull().all()
    assert (baseline.coastal_recovery.sel(region=["Iwate", "Miyagi", "Fukushima"]) < 1).all()


def test_grp_2020_within_five_percent_of_the_prefectural_accounts(baseline):
    # one price basis: FY2020 nominal = FY2020 prices, 2015-base accounts, trillion yen
    accounts = _table("economy.csv")
    for region in REGIONS:
        published = 1000.0 * _row(accounts, region, 2020, "gdp_nominal_fy")
        model = baseline.grp_real.sel(region=region, time=2020).item()
        assert model == pytest.approx(published, rel=0.05), region


def test_tohoku_productivity_ratio_to_japan_between_0_83_and_0_90(baseline):
    accounts = _table("economy.csv")
    japan = _row(accounts, "Japan", 2020, "gdp_nominal_fy") * 1e6 / _row(accounts, "Japan", 2020,
                                                                          "employed_persons_census")
    tohoku = 1000.0 * _tohoku(baseline, "grp_real", 2020) / _tohoku(baseline, "employment", 2020)
    assert 0.83 <= tohoku / japan <= 0.90
    # and the model's own ratio variable agrees with that arithmetic, prefecture by prefecture
    ratio = baseline.productivity_ratio_japan.sel(time=2020).isel(scenario=0)
    expected = 1000.0 * baseline.grp_real / baseline.employment / japan
    np.testing.assert_allclose(ratio, expected.sel(time=2020).isel(scenario=0), rtol=1e-12)


def test_income_per_head_ratios_within_three_points_of_2019(baseline):
    accounts = _table("economy.csv")
    japan = _row(accounts, "Japan", 2019, "income_per_capita_fy")
    for region in REGIONS:
        published = _row(accounts, region, 2019, "income_per_capita_fy") / japan
        model = baseline.income_per_capita_ratio_japan.sel(region=region, time=2020).item()
        assert abs(model - published) <= 0.03, region


def test_fukushima_renewable_share_follows_its_reported_path(baseline):
    # calibration targets: FY2022-2024 (the start share FY2020 is matched by construction)
    reported = _table("energy_reconstruction.csv")
    for year in (2022, 2023, 2024):
        published = _row(reported, "Fukushima", year, "renewable_share_of_energy_demand_pct") / 100.0
        model = baseline.renewable_share.sel(region="Fukushima", time=year).item()
        assert model == pytest.approx(published, abs=0.02), year


def test_firms_change_by_startups_less_closures_exactly(baseline):
    change = baseline.firms.diff("time", label="lower")
    flows = (baseline.startups - baseline.closures).isel(time=slice(0, -1))
    np.testing.assert_allclose(change, flows, rtol=1e-9, atol=1e-6)
    assert (baseline.startups.isel(time=slice(0, -1)) > 1000).all()  # not trivially zero


def test_baseline_economy_shrinks_with_its_people_but_less(baseline):
    # the spirals: fewer people, fewer workers and a smaller GRP by 2035; productivity still grows
    for name in ("population_total", "employment", "grp_real"):
        assert _tohoku(baseline, name, 2035) < _tohoku(baseline, name, 2020), name
    # firms: they start on the census trend of establishments 2012-2016 (closures at least the openings
    # less that trend); the five prefectures other than Miyagi (+1.1 %/yr then, the reconstruction)
    # lose firms from the start, and all of Tohoku by 2035
    five = [region for region in REGIONS if region != "Miyagi"]
    firms = baseline.firms.isel(scenario=0).sel(region=five)
    assert (firms.sel(time=2035) < firms.sel(time=2020)).all()
    assert _tohoku(baseline, "firms", 2035) < _tohoku(baseline, "firms", 2020)
    people = _tohoku(baseline, "population_total", 2035) / _tohoku(baseline, "population_total", 2020)
    assert _tohoku(baseline, "grp_real", 2035) / _tohoku(baseline, "grp_real", 2020) > people
    assert _tohoku(baseline, "labour_productivity", 2035) > _tohoku(baseline, "labour_productivity", 2020)


def test_zero_budgets_give_the_baseline_exactly(baseline):
    # every lever setting changed except the budgets: nothing may move
    allocation = np.tile(np.array([0.5, 0.1, 0.1, 0.1, 0.1, 0.1]), (N_LEVERS, 1))
    idle = sim.run(lever_budget=np.zeros(N_LEVERS), lever_start=np.full(N_LEVERS, 2021.0),
                   lever_ramp=np.zeros(N_LEVERS), lever_allocation=allocation, innovation_additionality=0.5,
                   dx_additionality=1.0, chi_dx_talent=2.0, chi_innovation_dx=2.0, talent_deadweight=0.0)
    for name in baseline.data_vars:
        np.testing.assert_array_equal(idle[name].values, baseline[name].values, err_msg=name)


#: lever -> (variable, direction) it must move by 2030 in Tohoku (MODEL.md §4 "acts on").
LEVER_EFFECTS = {
    "innovation": (("knowledge_stock", +1), ("startups", +1), ("grp_real", +1)),
    "dx": (("dx_adoption", +1), ("labour_productivity", +1)),
    "green_energy": (("renewable_share", +1), ("co2_emissions", -1)),
    "leading_industry": (("grp_real", +1), ("employment", +1)),
    "sme_continuity": (("closures", -1), ("firms", +1)),
    "talent": (("telework_share", +1), ("net_migration", +1), ("population_total", +1)),
    "reconstruction": (("evacuees", -1), ("coastal_recovery", +1)),
}


@pytest.mark.parametrize("lever", LEVERS)
def test_each_lever_moves_its_own_kpis_in_the_documented_direction(baseline, lever):
    policy = sim.run(lever_budget=budgets(**{lever: PILLAR}))
    for name, direction in LEVER_EFFECTS[lever]:
        change = _tohoku(policy, name, 2030) - _tohoku(baseline, name, 2030)
        assert np.sign(change) == direction, (lever, name, change)
    # before the lever starts (2022) nothing differs
    for name in ("grp_real", "population_total", "dx_adoption"):
        np.testing.assert_array_equal(policy[name].sel(time=[2020, 2021, 2022]),
                                      baseline[name].sel(time=[2020, 2021, 2022]))


def _interaction(scale, chi):
    """Effect of the innovation x DX x talent mix minus the sum of its levers' effects, 2032."""
    mixes = {"none": {}, "innovation": {"innovation": scale}, "dx": {"dx": scale}, "talent": {"talent": scale},
             "mix": {"innovation": scale, "dx": scale, "talent": scale}}
    cross = dict(chi_dx_talent=chi, chi_innovation_dx=chi, chi_innovation_talent=chi)
    values = {key: sim.run(lever_budget=budgets(**levers), **cross) for key, levers in mixes.items()}
    result = {}
    for name in ("knowledge_stock", "dx_adoption", "grp_real"):
        def effect(key):
            return _tohoku(values[key], name, 2032) - _tohoku(values["none"], name, 2032)
        parts = effect("innovation") + effect("dx") + effect("talent")
        result[name] = (effect("mix") - parts, parts)
    return result


def test_without_cross_effects_a_mix_is_the_sum_of_its_levers_to_first_order():
    # chi = 0: what is left over is second order in the budgets, so halving them halves its
    # share of the summed effect (twice smaller budgets: sum / 2, interaction / 4)
    full = _interaction(PILLAR, 0.0)
    half = _interaction(PILLAR / 2, 0.0)
    for name in full:
        ratio_full = full[name][0] / full[name][1]
        ratio_half = half[name][0] / half[name][1]
        assert abs(ratio_full) < 0.15, name
        # an interaction below 0.2 % of the summed effect is numerically nil (its sign may flip)
        assert ratio_half == pytest.approx(ratio_full / 2, rel=0.25, abs=2e-3), name


def test_cross_effects_make_a_mix_larger_than_the_sum_of_its_levers():
    without = _interaction(PILLAR, 0.0)
    with_cross = _interaction(PILLAR, 0.5)
    for name in ("knowledge_stock", "dx_adoption", "grp_real"):
        assert with_cross[name][0] > without[name][0], name
    assert with_cross["knowledge_stock"][0] > 0.05 * with_cross["knowledge_stock"][1]


def test_knocking_out_no_loop_reproduces_the_full_run_exactly(baseline):
    for ds in (sim.run(knockout=[]), sim.run(loop_gate=np.ones(len(LOOPS)))):
        for name in baseline.data_vars:
            np.testing.assert_array_equal(ds[name].values, baseline[name].values, err_msg=name)


#: loop -> a KPI it feeds (MODEL.md §3 chains).
LOOP_KPIS = {"R1": "grp_real", "R2": "grp_real", "R3": "net_migration", "B1": "net_migration",
             "R6": "labour_productivity", "R7": "labour_productivity", "R9": "closures", "R10": "grp_real",
             "R13": "labour_productivity", "R4+": "knowledge_stock", "R8+": "dx_adoption", "R11+": "grp_real",
             "B10": "coastal_recovery"}


@pytest.mark.parametrize("loop", LOOP_IDS)
def test_knocking_out_a_loop_changes_the_kpis_it_feeds(baseline, loop):
    cut = sim.run(knockout=[loop])
    name = LOOP_KPIS[loop]
    # the same start (up to rounding: a gated link reads its start value instead of recomputing it);
    # annual flows at 2020 are totals over 2020-21, already under the knock-out
    start = "population_total" if baseline[name].attrs.get("sector") and name in ("net_migration", "closures") else name
    np.testing.assert_allclose(cut[start].sel(time=2020), baseline[start].sel(time=2020), rtol=1e-12)
    later = abs(cut[name].sel(time=2030) - baseline[name].sel(time=2030)) / abs(baseline[name].sel(time=2030))
    assert float(later.max(skipna=True)) > 1e-5, loop


def test_loop_definitions_match_model_md():
    assert LOOP_IDS == ("R1", "R2", "R3", "B1", "R6", "R7", "R9", "R10", "R13", "R4+", "R8+", "R11+", "B10")
    for loop in LOOPS:
        negatives = sum(1 for _, sign in loop.chain if sign < 0)
        assert loop.polarity == ("B" if negatives % 2 else "R"), loop.id
        assert loop.polarity == loop.id[0], loop.id  # the id says the polarity
        names = [variable for variable, _ in loop.chain]
        start, end = loop.gated_link
        assert names[(names.index(start) + 1) % len(names)] == end, loop.id  # the gate cuts one of its links
    # the spirals are made of reinforcing loops; the balancing ones are attributed on their own
    assert sorted(loop for loops in SPIRALS.values() for loop in loops) == sorted(
        loop.id for loop in LOOPS if loop.spiral.startswith("S") and loop.polarity == "R")
    assert BALANCING == ("B1", "B10")


def test_spiral_attribution_is_full_minus_knocked_out(baseline):
    from sim.spirals import attribution

    parts = attribution(stop=2026, kpis=("grp_real", "population_total"))
    assert parts.grp_real.dims == ("spiral", "region", "time")
    assert list(parts.spiral.values) == ["S1", "S2", "S3", "S4", "B1", "B10", "all", "interaction"]
    # nothing caused yet at the start (up to rounding: a gated link reads its start value)
    assert (abs(parts.grp_real.sel(time=2020)) <= 1e-12 * baseline.grp_real.sel(time=2020).max()).all()
    cut = sim.run(stop=2026, knockout=list(SPIRALS["S1"]))
    full = baseline.grp_real.sel(time=slice(2020, 2026)).isel(scenario=0, drop=True)
    np.testing.assert_allclose(parts.grp_real.sel(spiral="S1"), full - cut.grp_real.isel(scenario=0, drop=True))
    summed = parts.grp_real.sel(spiral=["S1", "S2", "S3", "S4"]).sum("spiral")
    np.testing.assert_allclose(parts.grp_real.sel(spiral="all"), summed + parts.grp_real.sel(spiral="interaction"))
    with pytest.raises(ValueError, match=r"kpis \['gdp'\] are not variables of sim.run"):
        attribution(stop=2021, kpis=("gdp",))


def _all_stocks(stop, **overrides):
    """Every stock of a full-model run (scenario 0): (time, slot), and the layout."""
    from sim.model.state import STOCKS
    from sim.model.tohoku import MODEL
    from sim.population import baseline_inputs, initial_state
    from sim.runner import baseline_parameters

    inputs = baseline_inputs()
    params = baseline_parameters() | overrides
    params = {key: np.asarray(value, float) for key, value in params.items()}
    result = MODEL.run(start=2020, stop=stop, dt=0.25, saveper=1.0, params=params,
                       initial=initial_state(2020, inputs.diaspora[2020]), data=inputs.data, parallel=False)
    return result, STOCKS


@pytest.mark.parametrize("case", ["no budgets", "a hundred pillars each", "no births, ten times out-migration"])
def test_no_stock_negative_under_extreme_inputs(case):
    overrides = {
        "no budgets": {},
        "a hundred pillars each": {"lever_budget": np.full(N_LEVERS, 100 * PILLAR)},
        "no births, ten times out-migration": {"tfr": np.zeros((6, 61)), "out_migration_multiplier": np.full(6, 10.0),
                                               "lever_budget": np.full(N_LEVERS, PILLAR)},
    }[case]
    result, stocks = _all_stocks(2050, **overrides)
    assert np.isfinite(result.stocks).all(), case
    for entry in stocks.entries:
        if entry.nonnegative:
            assert result[entry.name].min() >= 0, (case, entry.name)
    assert (result["dx_adoption"] <= 1).all() and (result["coastal_gap"] <= 1).all()


def test_halving_dt_changes_2035_population_and_grp_by_less_than_a_tenth_of_a_percent():
    def tohoku(ds, name):
        return ds[name].sel(time=2035).sum().item()

    runs = {dt: sim.run(dt=dt) for dt in (0.25, 0.125, 0.0625)}
    for name in ("population_total", "grp_real"):
        assert abs(tohoku(runs[0.25], name) / tohoku(runs[0.125], name) - 1) < 1e-3, name
        # per prefecture the change stays within a few tenths of a percent too
        by_prefecture = runs[0.25][name].sel(time=2035) / runs[0.125][name].sel(time=2035) - 1
        assert float(abs(by_prefecture).max()) < 3e-3, name
    # Euler's error is first order: it halves with dt (so the step really matters)
    coarse = tohoku(runs[0.25], "grp_real") - tohoku(runs[0.125], "grp_real")
    fine = tohoku(runs[0.125], "grp_real") - tohoku(runs[0.0625], "grp_real")
    assert coarse / fine == pytest.approx(2.0, rel=0.2)
    rk4 = {dt: sim.run(dt=dt, method="rk4") for dt in (0.25, 0.125)}
    for name in ("population_total", "grp_real"):
        assert abs(tohoku(rk4[0.25], name) / tohoku(rk4[0.125], name) - 1) < 1e-4, name


def test_bad_lever_and_loop_inputs_name_the_key_and_what_is_allowed():
    with pytest.raises(ValueError, match=r"knockout=\['R99'\] is not allowed; loops are \['R1'"):
        sim.run(knockout=["R99"])
    allocation = np.full((N_LEVERS, 6), 0.1)
    with pytest.raises(ValueError, match=r"lever_allocation of 'innovation' sums to 0.6; allowed: shares"):
        sim.run(lever_budget=budgets(innovation=10.0), lever_allocation=allocation)
    with pytest.raises(ValueError, match=r"lever_budget"):
        sim.run(lever_budget=np.full(N_LEVERS, -1.0))


def test_the_calibration_command_reproduces_the_shipped_values(tmp_path):
    from sim.calibrate import main

    shipped = yaml.safe_load((Path(sim.__file__).parent / "economy" / "calibrated.yaml").read_text())
    written = yaml.safe_load(main(["--output", str(tmp_path / "calibrated.yaml")]).read_text())
    assert set(written["parameters"]) == set(shipped["parameters"])
    for name, entry in shipped["parameters"].items():
        np.testing.assert_allclose(written["parameters"][name]["value"], entry["value"], rtol=1e-6, err_msg=name)
    assert written["fits"]["renewables"]["share"]["rmse"] < 0.02  # the fit is good, not just repeatable
    assert written["fits"]["coastal"]["r_squared"] > 0.9
