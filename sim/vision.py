"""The 10-year vision: compare projections with the targets, score and rank the scenarios.

``compare(ds, vision)`` gives, per scenario and target, the projected value, the target, the gap
(its shortfall, positive when the target is missed), the gap in % of the target, whether it is
met in the target year and the first year it is met (if ever). ``score(table)`` is the weighted
distance to the vision — the weighted mean shortfall in % (0 = every target met) — and the
ranking of the scenarios.

Conventions. A KPI is the Tohoku aggregate (``sim.kpis.tohoku``) or one prefecture's value.
Annual flows (migration, startups) at year ``t`` are totals over the year from 1 October ``t``.
Basis ``change_since_start`` compares the relative change from the run's first year. The gap
in % is taken relative to the target, or, for a target of zero (a migration balance), relative
to the KPI's size in the first year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
import xarray as xr
from omegaconf import DictConfig, OmegaConf

from sim.kpis import tohoku

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
    return target.value - values if target.direction == "at_least" else values - target.value


def compare(ds: xr.Dataset, vision) -> pd.DataFrame:
    """Scenario × target table: projected, target, gap, gap_pct, met, first_year_met and the target's
    kpi, region, year, direction, basis, weight, kind, source (see the module docstring)."""
    rows = []
    for target in targets(vision):
        values = _series(ds, target)
        if target.year not in values.time.values:
            raise ValueError(f"vision target {target.id!r}: year={target.year!r} is not allowed; allowed: a year "
                             f"of the Dataset ({int(ds.time.min())}-{int(ds.time.max())})")
        shortfall = _shortfall(values, target)
        scale = abs(target.value) if target.value != 0 else abs(float(values.isel(time=0).mean()))
        for scenario in ds.scenario.values:
            gap = float(shortfall.sel(scenario=scenario, time=target.year))
            met_years = values.time.values[np.asarray(shortfall.sel(scenario=scenario) <= 0)]
            rows.append({
                "scenario": str(scenario), "target": target.id, "kpi": target.kpi, "region": target.region,
                "year": target.year, "direction": target.direction, "basis": target.basis,
                "projected": float(values.sel(scenario=scenario, time=target.year)), "target_value": target.value,
                "gap": gap, "gap_pct": 100.0 * gap / scale if scale > 0 else math.nan, "met": bool(gap <= 0),
                "first_year_met": int(met_years[0]) if met_years.size else pd.NA,
                "weight": target.weight, "kind": target.kind, "source": target.source})
    table = pd.DataFrame(rows)
    table["first_year_met"] = table["first_year_met"].astype("Int64")
    return table


def score(table: pd.DataFrame) -> pd.DataFrame:
    """Distance to the vision per scenario (weighted mean shortfall in %, 0 = all met), targets met,
    and the rank (1 = closest)."""
    shortfall = table.gap_pct.clip(lower=0.0).fillna(0.0) * table.weight
    grouped = pd.DataFrame({"scenario": table.scenario, "weighted": shortfall, "weight": table.weight,
                            "met": table.met})
    order = list(dict.fromkeys(table.scenario))
    summary = grouped.groupby("scenario", sort=False).agg(weighted=("weighted", "sum"), weight=("weight", "sum"),
                                                          met=("met", "sum"), targets=("met", "size"))
    summary = summary.loc[order]
    summary["distance"] = summary.weighted / summary.weight.where(summary.weight > 0)
    summary["rank"] = summary.distance.rank(method="min").astype(int)
    return summary[["distance", "met", "targets", "rank"]].sort_values(["rank", "distance"])
