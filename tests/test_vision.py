"""The vision comparison on hand-made Datasets with known answers, and the shipped vision file."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import sim
from sim import vision

REGIONS = ["Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima"]
YEARS = np.arange(2020, 2033)


def _dataset(scenarios=("low", "high"), **variables):
    """A Dataset (scenario, region, time) from per-scenario yearly paths, equal in every prefecture
    unless a (scenario, region, time) array is given."""
    data = {}
    for name, (units, paths) in variables.items():
        values = np.asarray(paths, dtype=float)
        if values.ndim == 2:
            values = np.repeat(values[:, None, :], len(REGIONS), axis=1)
        data[name] = xr.DataArray(values, dims=("scenario", "region", "time"), attrs={"units": units, "long_name": name})
    return xr.Dataset(data, coords={"scenario": list(scenarios), "region": REGIONS, "time": YEARS})


def _target(**fields):
    return {"targets": {"t": {"source": "hand-made"} | fields}}


def test_at_least_met_on_the_boundary_and_not_below_it():
    # Tohoku is the sum of the six: 6 x 100 = 600 in 2032 for "high", 6 x 99 for "low"
    ds = _dataset(people=("person", [np.full(YEARS.size, 99.0), np.linspace(90, 100, YEARS.size)]))
    table = vision.compare(ds, _target(kpi="people", value=600.0, direction="at_least"))
    high = table[table.scenario == "high"].iloc[0]
    low = table[table.scenario == "low"].iloc[0]
    assert high.projected == pytest.approx(600.0) and high.met and high.gap == pytest.approx(0.0)
    assert high.first_year_met == 2032  # reached only in the last year
    assert not low.met and low.gap == pytest.approx(6.0) and low.units == "person"
    assert low.shortfall == 1.0  # 594 from 594: not moved
    assert high.shortfall == 0.0  # met
    assert pd.isna(low.first_year_met)


def test_at_most_counts_a_shortfall_above_the_target():
    ds = _dataset(emissions=("Mt/year", [np.linspace(12, 9, YEARS.size), np.full(YEARS.size, 11.0)]))
    table = vision.compare(ds, _target(kpi="emissions", region="Miyagi", value=10.0, direction="at_most", year=2030))
    low = table[table.scenario == "low"].iloc[0]
    high = table[table.scenario == "high"].iloc[0]
    path = np.linspace(12, 9, YEARS.size)
    assert low.projected == pytest.approx(path[YEARS == 2030][0])
    assert low.met and low.first_year_met == YEARS[np.argmax(path <= 10.0)]
    assert not high.met and high.gap == pytest.approx(1.0) and high.shortfall == 1.0  # 11 -> 11: not moved


def test_change_since_start_basis():
    ds = _dataset(emissions=("Mt/year", [np.linspace(10, 5, YEARS.size), np.linspace(10, 8, YEARS.size)]))
    table = vision.compare(ds, _target(kpi="emissions", basis="change_since_start", value=-0.46, direction="at_most"))
    low, high = (table[table.scenario == s].iloc[0] for s in ("low", "high"))
    assert low.projected == pytest.approx(-0.5) and low.met
    assert high.projected == pytest.approx(-0.2) and not high.met
    # from 0 towards -0.46, at -0.2: 0.26 of the 0.46 still to go
    assert high.gap == pytest.approx(0.26) and high.shortfall == pytest.approx(0.26 / 0.46)


def test_the_shortfall_is_the_share_of_the_way_not_travelled_bounded_to_0_1():
    # start 0.2, target 0.6 (at least): the way is 0.4 long
    paths = {"met": np.linspace(0.2, 0.7, YEARS.size), "unmoved": np.full(YEARS.size, 0.2),
             "backwards": np.linspace(0.2, 0.1, YEARS.size), "quarter": np.linspace(0.2, 0.3, YEARS.size)}
    ds = _dataset(list(paths), share=("1", list(paths.values())))
    table = vision.compare(ds, _target(kpi="share", region="Iwate", value=0.6, direction="at_least"))
    table = table.set_index("scenario")
    assert table.shortfall.to_dict() == pytest.approx({"met": 0.0, "unmoved": 1.0, "backwards": 1.0,
                                                       "quarter": 0.75})  # (0.6 - 0.3) / 0.4
    assert table.loc["quarter", "gap"] == pytest.approx(0.3) and table.loc["backwards", "gap"] == pytest.approx(0.5)


def test_a_target_met_at_the_start_counts_0_while_kept_and_1_when_lost():
    ds = _dataset(people=("person", [np.linspace(100, 99, YEARS.size), np.linspace(100, 101, YEARS.size)]))
    table = vision.compare(ds, _target(kpi="people", region="Akita", value=99.5, direction="at_least"))
    assert table.set_index("scenario").shortfall.to_dict() == {"low": 1.0, "high": 0.0}


def test_a_zero_target_is_scored_on_the_way_from_the_start():
    # a migration balance from -2000 towards 0: -500 is three quarters of the way, one quarter short
    paths = [np.linspace(-2000, -500, YEARS.size), np.linspace(-2000, -3000, YEARS.size)]
    ds = _dataset(balance=("person/year", paths))
    table = vision.compare(ds, _target(kpi="balance", region="Miyagi", value=0.0, direction="at_least"))
    assert table.set_index("scenario").shortfall.to_dict() == pytest.approx({"low": 0.25, "high": 1.0})


def test_weights_set_the_distance_and_the_ranking():
    # both start at 0 with targets 1: "low" ends at 0.9 on a and 1.0 on b, "high" at 1.0 and 0.5
    ds = _dataset(a=("1", [np.linspace(0, 0.9, YEARS.size), np.linspace(0, 1, YEARS.size)]),
                  b=("1", [np.linspace(0, 1, YEARS.size), np.linspace(0, 0.5, YEARS.size)]))
    targets = {"targets": {
        "ta": {"kpi": "a", "region": "Aomori", "value": 1.0, "direction": "at_least", "weight": 3.0, "source": "x"},
        "tb": {"kpi": "b", "region": "Aomori", "value": 1.0, "direction": "at_least", "weight": 1.0, "source": "x"}}}
    scores = vision.score(vision.compare(ds, targets))
    # low: 0.1 of the way left on a (weight 3); high: 0.5 left on b (weight 1)
    assert scores.loc["low", "distance"] == pytest.approx((3 * 0.1 + 1 * 0) / 4)
    assert scores.loc["high", "distance"] == pytest.approx((3 * 0 + 1 * 0.5) / 4)
    assert list(scores.index) == ["low", "high"] and list(scores["rank"]) == [1, 2]
    targets["targets"]["tb"]["weight"] = 0.1  # b hardly matters: high (a met) is now closer
    scores = vision.score(vision.compare(ds, targets))
    assert list(scores.index) == ["high", "low"]
    assert scores.loc["high", "met"] == 1 and scores.loc["high", "targets"] == 2


def test_one_far_target_cannot_outweigh_the_others():
    # "steady" moves half-way on four targets; "lopsided" meets three and goes 130 % backwards on the
    # fourth: bounded at 1, it scores (0 + 0 + 0 + 1) / 4 = 0.25 against 0.5, and ranks first
    half, met, away = np.linspace(0, 0.5, YEARS.size), np.linspace(0, 1, YEARS.size), np.linspace(0, -1.3, YEARS.size)
    ds = _dataset(["steady", "lopsided"], **{f"k{i}": ("1", [half, away if i == 3 else met]) for i in range(4)})
    targets = {"targets": {f"t{i}": {"kpi": f"k{i}", "region": "Aomori", "value": 1.0, "direction": "at_least",
                                     "source": "x"} for i in range(4)}}
    scores = vision.score(vision.compare(ds, targets))
    assert scores.distance.to_dict() == pytest.approx({"lopsided": 0.25, "steady": 0.5})
    assert scores["rank"].to_dict() == {"lopsided": 1, "steady": 2}


def test_distances_within_the_tie_tolerance_share_a_rank():
    table = pd.DataFrame({"scenario": ["a", "b", "c", "d"], "shortfall": [0.300, 0.3015, 0.303, 0.5],
                          "weight": 1.0, "met": False})
    scores = vision.score(table, tie=0.002)
    # b is within 0.002 of a; c is 0.003 behind a (a is clearly closer) but within 0.002 of b
    assert scores["rank"].to_dict() == {"a": 1, "b": 1, "c": 2, "d": 4}
    assert vision.score(table, tie=0.0)["rank"].to_dict() == {"a": 1, "b": 2, "c": 3, "d": 4}


def test_a_kpi_missing_from_the_dataset_is_named():
    ds = _dataset(people=("person", [np.ones(YEARS.size), np.ones(YEARS.size)]))
    with pytest.raises(KeyError, match=r"vision target 't': kpi 'grp_real' is not in the Dataset; available: \['people'\]"):
        vision.compare(ds, _target(kpi="grp_real", value=1.0, direction="at_least"))


@pytest.mark.parametrize("field, value, message", [
    ("direction", "more", r"vision target 't': direction='more' is not allowed; allowed: \['at_least', 'at_most'\]"),
    ("year", "soon", r"vision target 't': year='soon' is not allowed; allowed: a calendar year"),
    ("year", 2050, r"vision target 't': year=2050 is not allowed; allowed: a year of the Dataset \(2020-2032\)"),
    ("region", "Tokyo", r"vision target 't': region='Tokyo' is not allowed; allowed: \['Tohoku', 'Aomori'"),
])
def test_a_bad_target_gives_a_clear_error(field, value, message):
    ds = _dataset(people=("person", [np.ones(YEARS.size), np.ones(YEARS.size)]))
    fields = {"kpi": "people", "value": 1.0, "direction": "at_least"} | {field: value}
    with pytest.raises(ValueError, match=message):
        vision.compare(ds, _target(**fields))


def test_the_shipped_vision_cites_real_targets_and_marks_planners_choices():
    cfg = sim.compose(["scenario=baseline"])
    checked = {target.id: target for target in vision.targets(cfg.vision)}
    official = {name for name, target in checked.items() if target.kind == "official"}
    assert official == {"fukushima_renewables", "greenhouse_gases", "startup_rate", "telework",
                        "tokyo_migration_balance"}
    assert checked["fukushima_renewables"].value == 0.70 and checked["fukushima_renewables"].year == 2030
    assert checked["greenhouse_gases"].value == -0.46 and checked["tokyo_migration_balance"].year == 2027
    assert all("Planners' choice" in target.source for target in checked.values() if target.kind == "planners")
    # and it applies to a real run
    table = vision.compare(sim.run(cfg), cfg.vision)
    assert set(table.target) == set(checked) and table.projected.notna().all()


def test_the_population_targets_note_states_its_distance_above_the_baseline_as_the_model_gives_it():
    """The note says how far above the baseline's 2032 Tohoku population the 7.6 M target lies, in
    English and in Japanese: both match the model's baseline within 5 % of the gap."""
    import re

    from sim.labels import RATIONALES_JA

    target = sim.compose([]).vision.targets.population
    baseline = float(sim.run().isel(scenario=0).population_total.sum("region").sel(time=target.year))
    gap = target.value - baseline
    english = re.search(r"about ([\d,]+) above the baseline's ([\d.]+) M", target.source)
    assert float(english[1].replace(",", "")) == pytest.approx(gap, rel=0.05)
    assert float(english[2]) * 1e6 == pytest.approx(baseline, abs=5e3)
    japanese = re.search(r"ベースラインの(\d+)万人より約(\d+)万人多く", RATIONALES_JA["population"])
    assert float(japanese[2]) * 1e4 == pytest.approx(gap, rel=0.05)
    assert float(japanese[1]) * 1e4 == pytest.approx(baseline, abs=5e3)


def test_by_prefecture_compares_each_prefecture_with_the_tohoku_share_target():
    miyagi_high = np.stack([np.linspace(0.1, 0.2, YEARS.size)] * 6)
    miyagi_high[2] = np.linspace(0.1, 0.5, YEARS.size)
    shares = np.stack([miyagi_high, miyagi_high])  # (scenario, region, time)
    ds = _dataset(telework_share=("1", shares), people=("person", [np.ones(YEARS.size), np.ones(YEARS.size)]))
    targets = {"targets": {
        "telework": {"kpi": "telework_share", "value": 0.25, "direction": "at_least", "source": "x"},
        "people": {"kpi": "people", "value": 10.0, "direction": "at_least", "source": "x"}}}  # a total: none
    table = vision.by_prefecture(ds, targets)
    assert set(table.target) == {"telework"} and len(table) == 2 * 6
    low = table[table.scenario == "low"].set_index("region")
    assert low.loc["Miyagi", "met"] and low.loc["Miyagi", "shortfall"] == 0.0
    assert low.loc["Aomori", "gap"] == pytest.approx(0.05)  # 0.25 - 0.2
    assert low.loc["Aomori", "shortfall"] == pytest.approx(0.05 / 0.15)  # from 0.1: 0.15 to go, 0.05 left


def test_a_target_without_a_value_is_left_out_of_the_distance():
    table = pd.DataFrame({"scenario": ["a", "a"], "shortfall": [0.4, np.nan], "weight": [1.0, 3.0],
                          "met": [False, False]})
    assert vision.score(table).loc["a", "distance"] == pytest.approx(0.4)  # not (0.4 + 0) / 4
