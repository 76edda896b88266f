"""The main report's uncertainty: from an ensemble (``sim.ensemble``), the probability that each
scenario meets each target and the probability that each ranks first.

A target is met by a member when its KPI in the target year is on the right side of the target
(``sim.vision``'s rule); targets whose KPI the ensemble cannot keep (annual flows) are left out of the probabilities of meeting them, and enter each member's
distance to the vision with their single-run shortfall. Each member's distance is the weighted
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
    """The target's KPI in every member: (member, scenario, year), or None when not kept."""
    if target.kpi not in members:
        return None
    values = tohoku(members, target.kpi) if target.region == "Tohoku" else members[target.kpi].sel(region=target.region)
    if target.basis == "change_since_start":
        values = values / values.isel(year=0) - 1.0
    return values


def probabilities(members: xr.Dataset, gaps: pd.DataFrame, vision) -> tuple[pd.DataFrame, pd.Series]:
    """(``met``: scenario × target probability of meeting it [0-1], for the targets kept;
    ``first``: scenario -> probability of ranking first [0-1])."""
    scenarios = [str(s) for s in members.scenario.values]
    n = members.sizes["member"]
    weighted = np.zeros((n, len(scenarios)))
    total = np.zeros((n, len(scenarios)))
    met = {}
    for target in vision_targets(vision):
        values = _member_values(members, target)
        if values is None:
            single = gaps[gaps.target == target.id].set_index("scenario").shortfall.reindex(scenarios).to_numpy()
            shortfall = np.broadcast_to(single[None, :], (n, len(scenarios)))
        else:
            sign = 1.0 if target.direction == "at_least" else -1.0
            gap = sign * (target.value - values.sel(year=target.year))
            start_gap = sign * (target.value - values.isel(year=0))
            shortfall = np.vectorize(share_not_travelled)(gap.transpose("member", "scenario").values,
                                                          start_gap.transpose("member", "scenario").values)
            met[target.id] = (gap <= 0).mean("member").to_series().reindex(scenarios)
        known = np.isfinite(shortfall)  # as in sim.vision.score: a target without a value is left out
        weighted += target.weight * np.where(known, shortfall, 0.0)
        total += target.weight * known
    distance = weighted / total
    best = np.isclose(distance, distance.min(axis=1, keepdims=True))
    first = pd.Series((best / best.sum(axis=1, keepdims=True)).mean(axis=0), index=scenarios, name="first")
    return pd.DataFrame(met), first


def bands(members: xr.Dataset, kpi: str, region: str, low: float = 0.05, high: float = 0.95) -> xr.DataArray | None:
    """The ``low``-``high`` quantiles of a KPI over the members: (quantile, scenario, year), or None."""
    if kpi not in members:
        return None
    values = tohoku(members, kpi) if region == "Tohoku" else members[kpi].sel(region=region)
    return values.quantile([low, high], dim="member")
