"""The vision comparison on hand-made Datasets with known answers, and the shipped vision file."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import sim
from sim import vision

REGIONS = ["Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima"]
YEARS = np.arange(2020, 2033)


def _dataset(**variables):
    """A Dataset (scenario, region, time) from per-scenario yearly paths, equal in every prefecture
    unless a (scenario, region, time) array is given."""
    data = {}
    for name, (units, paths) in variables.items():
        values = np.asarray(paths, dtype=float)
        if values.ndim == 2:
            values = np.repeat(values[:, None, :], len(REGIONS), axis=1)
        data[name] = xr.DataArray(values, dims=("scenario", "region", "time"), attrs={"units": units, "long_name": name})
    return xr.Dataset(data, coords={"scenario": ["low", "high"], "region": REGIONS, "time": YEARS})


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
    assert not low.met and low.gap == pytest.approx(6.0) and low.gap_pct == pytest.approx(1.0)
    assert pd.isna(low.first_year_met)


def test_at_most_counts_a_shortfall_above_the_target():
    ds = _dataset(emissions=("Mt/year", [np.linspace(12, 9, YEARS.size), np.full(YEARS.size, 11.0)]))
    table = vision.compare(ds, _target(kpi="emissions", region="Miyagi", value=10.0, direction="at_most", year=2030))
    low = table[table.scenario == "low"].iloc[0]
    high = table[table.scenario == "high"].iloc[0]
    path = np.linspace(12, 9, YEARS.size)
    assert low.projected == pytest.approx(path[YEARS == 2030][0])
    assert low.met and low.first_year_met == YEARS[np.argmax(path <= 10.0)]
    assert not high.met and high.gap == pytest.approx(1.0) and high.gap_pct == pytest.approx(10.0)


def test_change_since_start_basis():
    ds = _dataset(emissions=("Mt/year", [np.linspace(10, 5, YEARS.size), np.linspace(10, 8, YEARS.size)]))
    table = vision.compare(ds, _target(kpi="emissions", basis="change_since_start", value=-0.46, direction="at_most"))
    low, high = (table[table.scenario == s].iloc[0] for s in ("low", "high"))
    assert low.projected == pytest.approx(-0.5) and low.met
    assert high.projected == pytest.approx(-0.2) and not high.met
    assert high.gap == pytest.approx(0.26) and high.gap_pct == pytest.approx(100 * 0.26 / 0.46)


def test_weights_set_the_distance_and_the_ranking():
    ds = _dataset(a=("1", [np.full(YEARS.size, 0.9), np.full(YEARS.size, 1.0)]),
                  b=("1", [np.full(YEARS.size, 1.0), np.full(YEARS.size, 0.5)]))
    targets = {"targets": {
        "ta": {"kpi": "a", "region": "Aomori", "value": 1.0, "direction": "at_least", "weight": 3.0, "source": "x"},
        "tb": {"kpi": "b", "region": "Aomori", "value": 1.0, "direction": "at_least", "weight": 1.0, "source": "x"}}}
    scores = vision.score(vision.compare(ds, targets))
    # low: misses a by 10 % (weight 3); high: misses b by 50 % (weight 1)
    assert scores.loc["low", "distance"] == pytest.approx((3 * 10 + 1 * 0) / 4)
    assert scores.loc["high", "distance"] == pytest.approx((3 * 0 + 1 * 50) / 4)
    assert list(scores.index) == ["low", "high"] and list(scores["rank"]) == [1, 2]
    targets["targets"]["tb"]["weight"] = 10.0
    scores = vision.score(vision.compare(ds, targets))
    assert list(scores.index) == ["low", "high"]
    assert scores.loc["high", "met"] == 1 and scores.loc["high", "targets"] == 2


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
