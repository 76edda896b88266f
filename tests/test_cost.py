"""Cost and cost-effectiveness (``sim.cost``) on hand-made budget paths with hand-computed answers."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from sim import cost

LEVERS = ["dx", "talent"]
REGIONS = ["Aomori", "Miyagi"]
YEARS = [2020, 2021, 2022, 2023]


def _spending(paths: dict) -> xr.Dataset:
    """lever_spending [¥bn/year] (scenario, lever, region, time): zero except the given
    (scenario, lever, region) -> yearly rates."""
    values = np.zeros((3, len(LEVERS), len(REGIONS), len(YEARS)))
    scenarios = ["baseline", "cheap", "dear"]
    for (scenario, lever, region), rates in paths.items():
        values[scenarios.index(scenario), LEVERS.index(lever), REGIONS.index(region)] = rates
    spending = xr.DataArray(values, dims=("scenario", "lever", "region", "time"),
                            coords={"scenario": scenarios, "lever": LEVERS, "region": REGIONS, "time": YEARS},
                            attrs={"units": "¥bn/year"})
    return xr.Dataset({"lever_spending": spending})


DATASET = _spending({("cheap", "dx", "Aomori"): [0, 10, 10, 10],  # ramps up in 2020-21, then 10/yr
                     ("dear", "dx", "Miyagi"): [30, 30, 30, 30], ("dear", "talent", "Aomori"): [10, 10, 10, 10]})


def test_cost_to_the_vision_year_by_the_trapezoid_rule():
    costs = cost.cost_dataset(DATASET, year=2022, rate=0.0)
    # cheap: (0 + 10)/2 + (10 + 10)/2 = 15 over 2020-2022; dear: 2 x 30 + 2 x 10 = 80
    assert costs.cost.sel(scenario="cheap", lever="dx", region="Aomori").item() == pytest.approx(15.0)
    assert costs.cost.sel(scenario="dear").sum().item() == pytest.approx(80.0)
    assert costs.cost.sel(scenario="baseline").sum().item() == 0.0
    assert costs.cost_discounted.sel(scenario="cheap").item() == pytest.approx(15.0)  # rate 0: undiscounted


def test_discounting_counts_each_year_at_its_middle():
    costs = cost.cost_dataset(DATASET, year=2022, rate=0.04)
    expected = 5.0 / 1.04 ** 0.5 + 10.0 / 1.04 ** 1.5
    assert costs.cost_discounted.sel(scenario="cheap").item() == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match=r"output.discount_rate=1.5 is not allowed; allowed: a rate per year in "
                                         r"\[0, 1\)"):
        cost.cost_dataset(DATASET, year=2022, rate=1.5)


def test_points_closed_per_100bn_rank_the_cheap_mix_first_per_yen():
    costs = cost.cost_dataset(DATASET, year=2022, rate=0.0)
    scores = pd.DataFrame({"distance": [0.30, 0.40, 0.50], "rank": [1, 2, 3]}, index=["dear", "cheap", "baseline"])
    table = cost.effectiveness(scores, costs)
    # dear closes 20 points for ¥80bn (25 per ¥100bn); cheap 10 points for ¥15bn (66.7 per ¥100bn)
    assert table.closed.to_dict() == pytest.approx({"dear": 20.0, "cheap": 10.0, "baseline": 0.0})
    assert table.loc["dear", "closed_per_100bn"] == pytest.approx(25.0)
    assert table.loc["cheap", "closed_per_100bn"] == pytest.approx(1000.0 / 15.0)
    assert np.isnan(table.loc["baseline", "closed_per_100bn"])  # no spending: no ratio
    assert table.rank_per_yen.loc[["cheap", "dear"]].tolist() == [1, 2]
    assert cost.best(table) == {"overall": ["dear"], "per_yen": ["cheap"]}


def test_gap_closed_per_target_in_the_kpis_units():
    costs = cost.cost_dataset(DATASET, year=2022, rate=0.0)
    gaps = pd.DataFrame({"scenario": ["baseline", "cheap", "dear"], "target": "t", "kpi": "people",
                         "region": "Tohoku", "units": "person", "gap": [1000.0, 700.0, -200.0]})
    table = cost.gap_closed(gaps, costs).set_index("scenario")
    assert table.closed.to_dict() == {"cheap": 300.0, "dear": 1200.0}  # beyond the target counts too
    assert table.closed_per_100bn.to_dict() == pytest.approx({"cheap": 2000.0, "dear": 1500.0})
