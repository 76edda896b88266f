"""The main report's uncertainty: from an ensemble (``sim.ensemble``), the probability that each
scenario meets each target and the probability that each ranks first.

A target is met by a member when its KPI in the target year is on the right side of the target
(``sim.vision``'s rule). A target whose KPI has no value in the ensemble in its year (a KPI the
ensemble does not keep, or an annual flow in the run's last year: the total over the year from
1 October needs the year after) has no probability of being met, and enters each member's distance
to the vision with its single-run shortfall (none for such a flow: like ``sim.vision.score``, the
distance leaves it out). Each member's distance is the weighted
mean shortfall (``sim.vision.share_not_travelled`` per target); the probability of ranking first
is the share of members in which the scenario's distance is the smallest (ties shared).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from sim.kpis import tohoku
from sim.vision import share_not_travelled
from sim.vision import targets as vision_targets


def _member_values(members: xr.Dataset, target) -> xr.DataArray | None:
    """The target's KPI in every member: (member, scenario, year), or None when the ensemble has no
    value of it in the target year (not kept, or an annual flow in the run's last year)."""
    if target.kpi not in members:
        return None
    values = tohoku(members, target.kpi) if target.region == "Tohoku" else members[target.kpi].sel(region=target.region)
    if values.sel(year=target.year).isnull().any():
        return None
    if target.basis == "change_since_start":
        values = values / values.isel(year=0) - 1.0
    return values


def member_shortfalls(members: xr.Dataset, gaps: pd.DataFrame | None, vision) -> list[tuple]:
    """Each target's shortfall in every member: a list of (target, shortfall (member, scenario)
    [share of the way not travelled, 0-1; NaN where the KPI has no value], met (member, scenario)
    bool, or None for a target without a value in the ensemble in its year). Such a target takes
    its single-run shortfall from ``gaps`` (rows scenario, target, shortfall), or is left out when
    ``gaps`` is None."""
    scenarios = [str(s) for s in members.scenario.values]
    n = members.sizes["member"]
    rows = []
    for target in vision_targets(vision):
        values = _member_values(members, target)
        if values is None:
            if gaps is None:
                continue
            single = gaps[gaps.target == target.id].set_index("scenario").shortfall.reindex(scenarios).to_numpy()
            rows.append((target, np.broadcast_to(single[None, :], (n, len(scenarios))), None))
            continue
        sign = 1.0 if target.direction == "at_least" else -1.0
        gap = (sign * (target.value - values.sel(year=target.year))).transpose("member", "scenario").values
        start_gap = (sign * (target.value - values.isel(year=0))).transpose("member", "scenario").values
        rows.append((target, np.vectorize(share_not_travelled, otypes=[float])(gap, start_gap), gap <= 0))
    return rows


def member_distances(shortfalls: list[tuple]) -> np.ndarray:
    """Each member's distance to the vision (member, scenario) [0-1]: the weighted mean of the
    ``member_shortfalls`` over the targets with a value (as ``sim.vision.score``)."""
    weighted = total = 0.0
    for target, shortfall, _ in shortfalls:
        known = np.isfinite(shortfall)  # as in sim.vision.score: a target without a value is left out
        weighted = weighted + target.weight * np.where(known, shortfall, 0.0)
        total = total + target.weight * known
    return weighted / total


def probabilities(members: xr.Dataset, gaps: pd.DataFrame, vision) -> tuple[pd.DataFrame, pd.Series]:
    """(``met``: scenario × target probability of meeting it [0-1], for the targets kept;
    ``first``: scenario -> probability of ranking first [0-1])."""
    scenarios = [str(s) for s in members.scenario.values]
    shortfalls = member_shortfalls(members, gaps, vision)
    by_scenario = pd.Index(scenarios, name="scenario")
    met = {target.id: pd.Series(hits.mean(axis=0), index=by_scenario) for target, _, hits in shortfalls
           if hits is not None}
    distance = member_distances(shortfalls)
    best = np.isclose(distance, distance.min(axis=1, keepdims=True))
    first = pd.Series((best / best.sum(axis=1, keepdims=True)).mean(axis=0), index=scenarios, name="first")
    return pd.DataFrame(met), first


def bands(members: xr.Dataset, kpi: str, region: str, low: float = 0.05, high: float = 0.95) -> xr.DataArray | None:
    """The ``low``-``high`` quantiles of a KPI over the members: (quantile, scenario, year), NaN in a
    year without a value (an annual flow in the run's last year); None when the KPI is not kept."""
    if kpi not in members:
        return None
    values = tohoku(members, kpi) if region == "Tohoku" else members[kpi].sel(region=region)
    return values.quantile([low, high], dim="member", skipna=False)
