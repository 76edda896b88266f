"""The 10-year vision: compare projections with the targets, score and rank the scenarios.

``compare(ds, vision)`` gives, per scenario and target, the start value (the run's first year,
2020 in the main job), the projected value, the target, the gap in the KPI's own units (positive
when the target is missed), the **shortfall** — the share of the way from the start value to the
target not yet travelled, bounded to [0, 1] — whether the target is met in the target year and
the first year it is met (if ever). ``score(table)`` is the **distance to the vision**: the mean
shortfall weighted by the vision file's weights, in [0, 1] (0 = every target met, 1 = no target
moved towards), and the ranking of the scenarios, with ties for distances within ``TIE``.

Why bounded: a shortfall in % of the target is unbounded (one target 130 % short outweighs four
others) and meaningless for a target of zero or a target that is itself a change. The share of
the way is 0 when met, 1 when the KPI did not move towards the target or moved away from it, and
comparable across targets. A target already met at the start counts 0 while it stays met and 1
if it is lost. The derivation and a worked example: docs/VISION.md.

Conventions. A KPI is the Tohoku aggregate (``sim.kpis.tohoku``) or one prefecture's value.
Annual flows (migration, startups) at year ``t`` are totals over the year from 1 October ``t``.
Basis ``change_since_start`` compares the relative change from the run's first year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
import xarray as xr
from omegaconf import DictConfig, OmegaConf

from sim.kpis import TOHOKU_WEIGHTS, tohoku

DIRECTIONS = ("at_least", "at_most")
BASES = ("level", "change_since_start")
KINDS = ("official", "planners")


@dataclass(frozen=True)
class Target:
    """A checked vision target (fields as in ``sim.config.TargetConfig``)."""

    id: str
    kpi: str
    value: float
    region: str
    year: int
    direction: str
    basis: str
    weight: float
    kind: str
    source: str


def targets(vision) -> list[Target]:
    """The targets of a vision (a composed ``vision`` config, or a mapping with ``targets``), checked."""
    if isinstance(vision, DictConfig):
        vision = OmegaConf.to_container(vision, resolve=True)
    entries = vision.get("targets", vision) if isinstance(vision, Mapping) else None
    if not isinstance(entries, Mapping):
        raise ValueError(f"vision={vision!r} is not allowed; allowed: a mapping of targets")
    checked = []
    for name, entry in entries.items():
        where = f"vision target {name!r}"
        entry = {"region": "Tohoku", "year": 2032, "basis": "level", "weight": 1.0, "kind": "planners"} | dict(entry)
        for key in ("kpi", "value", "direction", "source"):
            if key not in entry:
                raise ValueError(f"{where}: {key} is missing; a target needs kpi, value, direction and source")
        if entry["direction"] not in DIRECTIONS:
            raise ValueError(f"{where}: direction={entry['direction']!r} is not allowed; allowed: {list(DIRECTIONS)}")
        if entry["basis"] not in BASES:
            raise ValueError(f"{where}: basis={entry['basis']!r} is not allowed; allowed: {list(BASES)}")
        if entry["kind"] not in KINDS:
            raise ValueError(f"{where}: kind={entry['kind']!r} is not allowed; allowed: {list(KINDS)}")
        if isinstance(entry["year"], bool) or not isinstance(entry["year"], int):
            raise ValueError(f"{where}: year={entry['year']!r} is not allowed; allowed: a calendar year (integer)")
        for key in ("value", "weight"):
            if isinstance(entry[key], (bool, str)) or not math.isfinite(float(entry[key])):
                raise ValueError(f"{where}: {key}={entry[key]!r} is not allowed; allowed: a number")
        if float(entry["weight"]) < 0:
            raise ValueError(f"{where}: weight={entry['weight']!r} is not allowed; allowed: a number >= 0")
        checked.append(Target(str(name), str(entry["kpi"]), float(entry["value"]), str(entry["region"]),
                              int(entry["year"]), entry["direction"], entry["basis"], float(entry["weight"]),
                              entry["kind"], str(entry["source"])))
    return checked


def _series(ds: xr.Dataset, target: Target) -> xr.DataArray:
    """The KPI as the target reads it: (scenario, time)."""
    if target.kpi not in ds:
        raise KeyError(f"vision target {target.id!r}: kpi {target.kpi!r} is not in the Dataset; available: "
                       f"{sorted(ds.data_vars)}")
    if target.region == "Tohoku":
        values = tohoku(ds, target.kpi)
    elif target.region in ds.region.values:
        values = ds[target.kpi].sel(region=target.region, drop=True)
    else:
        raise ValueError(f"vision target {target.id!r}: region={target.region!r} is not allowed; allowed: "
                         f"['Tohoku', {', '.join(repr(str(r)) for r in ds.region.values)}]")
    if target.basis == "change_since_start":
        values = values / values.isel(time=0) - 1.0
    return values


def _shortfall(values, target: Target):
    """How far ``values`` are from the target, in the KPI's units; positive = short of it."""
    return target.value - values if target.direction == "at_least" else values - target.value


def share_not_travelled(gap: float, start_gap: float) -> float:
    """The shortfall of one target: the share of the way from the start to the target not yet
    travelled, bounded to [0, 1] (0 = met; 1 = no progress, or further away than at the start).

    Parameters
    ----------
    gap : float  Distance to the target in the target year [KPI units; positive = short of it].
    start_gap : float  The same distance in the start year [KPI units].
    """
    if gap <= 0.0:
        return 0.0
    if start_gap <= 0.0:  # met at the start and lost since
        return 1.0
    return min(gap / start_gap, 1.0)


def compare(ds: xr.Dataset, vision) -> pd.DataFrame:
    """Scenario × target table: start, projected, target_value, gap [KPI units], shortfall [0-1],
    met, first_year_met, units and the target's kpi, region, year, direction, basis, weight, kind,
    source (see the module docstring)."""
    rows = []
    for target in targets(vision):
        values = _series(ds, target)
        if target.year not in values.time.values:
            raise ValueError(f"vision target {target.id!r}: year={target.year!r} is not allowed; allowed: a year "
                             f"of the Dataset ({int(ds.time.min())}-{int(ds.time.max())})")
        shortfall = _shortfall(values, target)
        units = "1" if target.basis == "change_since_start" else ds[target.kpi].attrs.get("units", "")
        for scenario in ds.scenario.values:
            gap = float(shortfall.sel(scenario=scenario, time=target.year))
            start_gap = float(shortfall.sel(scenario=scenario).isel(time=0))
            met_years = values.time.values[np.asarray(shortfall.sel(scenario=scenario) <= 0)]
            rows.append({
                "scenario": str(scenario), "target": target.id, "kpi": target.kpi, "region": target.region,
                "year": target.year, "direction": target.direction, "basis": target.basis,
                "start": float(values.sel(scenario=scenario).isel(time=0)),
                "projected": float(values.sel(scenario=scenario, time=target.year)), "target_value": target.value,
                "gap": gap, "shortfall": share_not_travelled(gap, start_gap), "met": bool(gap <= 0),
                "first_year_met": int(met_years[0]) if met_years.size else pd.NA, "units": units,
                "weight": target.weight, "kind": target.kind, "source": target.source})
    table = pd.DataFrame(rows)
    table["first_year_met"] = table["first_year_met"].astype("Int64")
    return table


def by_prefecture(ds: xr.Dataset, vision) -> pd.DataFrame:
    """``compare`` for each prefecture, of every Tohoku target whose KPI is a ratio or share (weighted
    in the Tohoku aggregate, ``sim.kpis.TOHOKU_WEIGHTS``: a prefecture's value compares with the same
    target); totals (persons, flows) have no prefectural target. Rows where the prefecture has no
    value (coastal recovery inland) are left out."""
    entries = {}
    for target in targets(vision):
        if target.region != "Tohoku" or target.kpi not in TOHOKU_WEIGHTS:
            continue
        for region in ds.region.values:
            entries[f"{target.id}@{region}"] = {
                "kpi": target.kpi, "value": target.value, "region": str(region), "year": target.year,
                "direction": target.direction, "basis": target.basis, "weight": target.weight, "kind": target.kind,
                "source": target.source}
    if not entries:
        return pd.DataFrame()
    table = compare(ds, {"targets": entries})
    table["target"] = table.target.str.partition("@")[0]
    return table[table.projected.notna()].reset_index(drop=True)


#: Distances closer than this are ties [share of the way, 0-1]: halving the time step (dt 0.25 ->
#: 0.125 year, Euler) moves the shipped scenarios' distances by up to 0.0007 (docs/VISION.md), so a
#: difference below 0.002 says nothing about the scenarios.
TIE = 0.002


def score(table: pd.DataFrame, *, tie: float = TIE) -> pd.DataFrame:
    """Distance to the vision per scenario (weighted mean shortfall over the targets with a value,
    0-1; 0 = every target met), targets met, and the rank (1 = closest): 1 + the number of
    scenarios closer by more than ``tie``, so that scenarios within ``tie`` of each other share a rank."""
    known = table.shortfall.notna()  # a target without a projected value (a flow in the run's last year) is left out
    weighted = pd.DataFrame({"scenario": table.scenario, "weighted": (table.shortfall * table.weight).where(known, 0.0),
                             "weight": table.weight.where(known, 0.0), "met": table.met})
    order = list(dict.fromkeys(table.scenario))
    summary = weighted.groupby("scenario", sort=False).agg(weighted=("weighted", "sum"), weight=("weight", "sum"),
                                                           met=("met", "sum"), targets=("met", "size"))
    summary = summary.loc[order]
    summary["distance"] = summary.weighted / summary.weight.where(summary.weight > 0)
    distances = summary.distance.to_numpy()
    summary["rank"] = [1 + int(np.sum(distances < distance - tie)) for distance in distances]
    return summary[["distance", "met", "targets", "rank"]].sort_values(["rank", "distance"], kind="stable")
