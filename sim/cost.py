"""What each scenario costs and what it buys: total and discounted cost to the vision year, and the
distance to the vision closed per ¥100bn.

The cost of a mix is its levers' spending above business as usual (``lever_spending`` of
``sim.run``: ¥bn/year at 1 October of each year, per lever and prefecture). The reconstruction
budget follows the same scheduled path in every scenario and is not counted. Spending is a rate;
the spending over the year from 1 October ``t`` to ``t + 1`` is the mean of the rates at both ends
(the trapezoid rule, exact for the levers' linear ramps), summed from the run's first year to the
vision year. Discounted to the run's first year ``t0`` (2020) at ``rate`` per year, each year's
spending counted at its middle:

    C = Σ_t (s_t + s_{t+1}) / 2 / (1 + rate)^(t + 0.5 - t0)        [¥bn]

``rate`` is ``output.discount_rate``, 4 %/year by default: the social discount rate of Japan's
public-works appraisals (国土交通省「公共事業評価の費用便益分析に関する技術指針（共通編）」, 2023
revision: 4 %).

Cost-effectiveness: the distance to the vision closed against the baseline, in points (100 ×
the difference of ``sim.vision.score``'s distances: points of the way to the vision), per ¥100bn
of discounted cost; and per target, the gap closed against the baseline in the KPI's own units per
¥100bn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

BASELINE = "baseline"
PER = 100.0  # cost-effectiveness per this many ¥bn of discounted cost


def yearly_spending(dataset: xr.Dataset, year: int) -> xr.DataArray:
    """Lever spending over each year from 1 October ``t`` to ``t + 1``, for ``t`` from the run's first
    year to ``year - 1`` [¥bn; dims scenario, lever, region, time]."""
    rates = dataset["lever_spending"].sel(time=slice(None, year))
    spending = 0.5 * (rates.isel(time=slice(None, -1)) + rates.isel(time=slice(1, None)).values)
    return spending.assign_attrs(units="¥bn", long_name="Lever spending over the year from 1 October")


def cost_dataset(dataset: xr.Dataset, *, year: int, rate: float) -> xr.Dataset:
    """``cost`` [¥bn, dims scenario, lever, region] and ``cost_discounted`` [¥bn at the first year's
    prices, dims scenario] of every scenario to ``year`` (see the module docstring)."""
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"output.discount_rate={rate!r} is not allowed; allowed: a rate per year in [0, 1)")
    spending = yearly_spending(dataset, year)
    start = int(dataset.time.values[0])
    factors = (1.0 + rate) ** -(spending.time + 0.5 - start)
    return xr.Dataset({
        "cost": spending.sum("time").assign_attrs(
            units="¥bn", long_name=f"Lever spending above business as usual, {start}-{year}",
            long_name_ja=f"施策の追加予算の累計（{start}〜{year}年）"),
        "cost_discounted": (spending * factors).sum(["time", "lever", "region"]).assign_attrs(
            units="¥bn", long_name=f"Lever spending {start}-{year} discounted to {start} at {100 * rate:g} %/year",
            long_name_ja=f"施策の追加予算の累計（{start}年価値、割引率{100 * rate:g}%）", discount_rate=rate)})


def effectiveness(scores: pd.DataFrame, costs: xr.Dataset) -> pd.DataFrame:
    """Per scenario (in the order of ``scores``): distance and rank (``sim.vision.score``), cost and
    discounted cost [¥bn], the distance closed against the baseline [points], and the points closed
    per ¥100bn of discounted cost (NaN without spending) with their rank (1 = most per yen)."""
    if BASELINE not in scores.index:
        raise ValueError(f"scores has no {BASELINE!r}; allowed: scores of a run with the baseline")
    table = scores[["distance", "rank"]].copy()
    table["cost"] = costs["cost"].sum(["lever", "region"]).to_series().reindex(table.index)
    table["cost_discounted"] = costs["cost_discounted"].to_series().reindex(table.index)
    table["closed"] = 100.0 * (scores.loc[BASELINE, "distance"] - table.distance)
    spent = table.cost_discounted.where(table.cost_discounted > 0)
    table["closed_per_100bn"] = PER * table.closed / spent
    table["rank_per_yen"] = table.closed_per_100bn.rank(ascending=False, method="min").astype("Int64")
    return table


def gap_closed(gaps: pd.DataFrame, costs: xr.Dataset) -> pd.DataFrame:
    """Per scenario and target: the gap closed against the baseline [the KPI's units; positive =
    nearer the target] and per ¥100bn of discounted cost (NaN without spending)."""
    baseline = gaps[gaps.scenario == BASELINE].set_index("target").gap
    table = gaps[gaps.scenario != BASELINE][["scenario", "target", "kpi", "region", "units", "gap"]].copy()
    table["closed"] = table.target.map(baseline) - table.gap
    spent = table.scenario.map(costs["cost_discounted"].to_series())
    table["closed_per_100bn"] = PER * table.closed / spent.where(spent > 0)
    return table.drop(columns="gap").reset_index(drop=True)


def best(table: pd.DataFrame) -> dict[str, list[str]]:
    """The recommended mixes: ``overall`` (rank 1, ties included) and ``per_yen`` (the most points
    closed per ¥100bn; empty when no scenario spends)."""
    per_yen = table.closed_per_100bn.dropna()
    return {"overall": list(table.index[table["rank"] == 1]),
            "per_yen": list(per_yen.index[np.isclose(per_yen, per_yen.max())]) if len(per_yen) else []}
