"""Sensitivity and uncertainty from a finished sweep: Sobol and Morris indices (SALib),
percentile bands (fan charts) and the probability of meeting a target."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis

from sim.sweep.design import problem


def sobol_indices(parameters, y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices, with confidence intervals, of output ``y``
    from a Saltelli design (rows in the design's order)."""
    result = sobol_analysis.analyze(problem(parameters), np.asarray(y, dtype=float), calc_second_order=False,
                                    seed=seed)
    return pd.DataFrame({"S1": result["S1"], "S1_conf": result["S1_conf"], "ST": result["ST"],
                         "ST_conf": result["ST_conf"]}, index=[p.name for p in parameters])


def morris_indices(parameters, unit_inputs: np.ndarray, y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Morris elementary effects: μ*, σ (on the unit scale of each parameter's distribution)."""
    result = morris_analysis.analyze(problem(parameters), np.asarray(unit_inputs, float), np.asarray(y, float),
                                     num_levels=4, seed=seed)
    return pd.DataFrame({"mu_star": result["mu_star"], "sigma": result["sigma"]}, index=[p.name for p in parameters])


def percentile_bands(values: xr.DataArray, percentiles=(5, 25, 50, 75, 95)) -> xr.DataArray:
    """Percentiles over the ``sample`` dim (fan charts)."""
    return values.quantile(np.asarray(percentiles) / 100.0, dim="sample").rename(quantile="percentile")


def probability(values: xr.DataArray, target: float, direction: str) -> xr.DataArray:
    """Share of samples meeting ``target`` (``at_least`` / ``at_most``)."""
    met = values >= target if direction == "at_least" else values <= target
    return met.mean("sample")


#: Why a vision target has no probability from a sweep: key -> (English, Japanese), each "not in
#: the sweep: <reason>".
NOT_KEPT = {
    "annual_flow": ("not in the sweep: an annual flow (the total over the year from 1 October), which a sweep "
                    "keeping only its years cannot compute", "スイープ対象外：年間の流量（10月1日から1年間の合計）で、"
                    "指定年だけを保存するスイープでは求められない"),
    "output": ("not in the sweep: {kpi} is not among sweep.outputs", "スイープ対象外：{kpi}がsweep.outputsにない"),
    "year": ("not in the sweep: {year} is not among sweep.years", "スイープ対象外：{year}年がsweep.yearsにない"),
    "start": ("not in the sweep: a change since the run's first year needs that year among sweep.years",
              "スイープ対象外：開始年からの変化には開始年がsweep.yearsに必要"),
}
COLUMNS = ["target", "kpi", "region", "year", "basis", "scenario", "probability", "not_kept"]


def target_probabilities(outputs: dict[str, xr.DataArray], targets, start: int, scenarios=(),
                         flows=()) -> pd.DataFrame:
    """Probability of meeting each vision target per scenario (``outputs``: (KPI, region) ->
    (sample, scenario, year) at the target's region; ``targets``: ``sim.vision.Target`` objects).

    Every target has a row per scenario (``scenarios``, else those of ``outputs``); one the sweep
    did not keep has probability NaN and, in ``not_kept``, the key of ``NOT_KEPT`` saying why: its
    KPI an annual flow (one of ``flows``) or not among the outputs, its year not among the sweep's
    years, or, for a change since the start (``start``, the run's first year), that year missing.
    """
    names = list(dict.fromkeys(str(s) for values in outputs.values() for s in values.scenario.values)) \
        if not len(scenarios) else [str(s) for s in scenarios]
    rows = []
    for target in targets:
        values = outputs.get((target.kpi, target.region))
        reason = ("annual_flow" if target.kpi in flows else "output" if values is None
                  else "year" if target.year not in values.year.values
                  else "start" if target.basis == "change_since_start" and start not in values.year.values else "")
        common = {"target": target.id, "kpi": target.kpi, "region": target.region, "year": target.year,
                  "basis": target.basis}
        if reason:
            rows += [common | {"scenario": name, "probability": np.nan, "not_kept": reason} for name in names]
            continue
        if target.basis == "change_since_start":
            values = values / values.sel(year=start) - 1.0
        chance = probability(values.sel(year=target.year), target.value, target.direction)
        rows += [common | {"scenario": name, "probability": float(chance.sel(scenario=name)), "not_kept": ""}
                 for name in names]
    return pd.DataFrame(rows, columns=COLUMNS)
