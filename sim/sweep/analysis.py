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
    """Percentiles over the ``sample`` dim (fan charts); NaN where a sample has no value (an annual
    flow in the run's last year)."""
    return values.quantile(np.asarray(percentiles) / 100.0, dim="sample", skipna=False).rename(quantile="percentile")


def probability(values: xr.DataArray, target: float, direction: str) -> xr.DataArray:
    """Share of samples meeting ``target`` (``at_least`` / ``at_most``); NaN where a sample has no
    value, never a share counting a missing value as missed."""
    met = values >= target if direction == "at_least" else values <= target
    return met.mean("sample").where(values.notnull().all("sample"))


#: Why a vision target has no probability from a sweep: key -> (English, Japanese), each "not in
#: the sweep: <reason>".
NOT_KEPT = {
    "year_after": ("not in the sweep: an annual flow in {year} is the total over the year from 1 October {year}, "
                   "which needs the run to go past {year} (model.stop)",
                   "スイープ対象外：{year}年の年間の流量は10月1日から1年間の合計で、{year}年より後まで"
                   "計算する必要がある（model.stop）"),
    "output": ("not in the sweep: {kpi} is not among sweep.outputs", "スイープ対象外：{kpi}がsweep.outputsにない"),
    "year": ("not in the sweep: {year} is not among sweep.years", "スイープ対象外：{year}年がsweep.yearsにない"),
    "start": ("not in the sweep: a change since the run's first year needs that year among sweep.years",
              "スイープ対象外：開始年からの変化には開始年がsweep.yearsに必要"),
    "no_value": ("not in the sweep: {kpi} has no value in {year}", "スイープ対象外：{kpi}は{year}年に値がない"),
}
COLUMNS = ["target", "kpi", "region", "year", "basis", "scenario", "probability", "not_kept"]


def target_probabilities(outputs: dict[str, xr.DataArray], targets, *, start: int, stop: int, scenarios=(),
                         flows=()) -> pd.DataFrame:
    """Probability of meeting each vision target per scenario (``outputs``: (KPI, region) ->
    (sample, scenario, year) at the target's region; ``targets``: ``sim.vision.Target`` objects).

    Every target has a row per scenario (``scenarios``, else those of ``outputs``); one the sweep
    did not keep has probability NaN and, in ``not_kept``, the key of ``NOT_KEPT`` saying why: its
    KPI an annual flow (one of ``flows``) in or after the run's last year ``stop`` (it needs the
    year after), its KPI not among the outputs, its year not among the sweep's years, for a change
    since the start (``start``, the run's first year) that year missing, or a sample without a
    value in its year.
    """
    names = list(dict.fromkeys(str(s) for values in outputs.values() for s in values.scenario.values)) \
        if not len(scenarios) else [str(s) for s in scenarios]
    rows = []
    for target in targets:
        values = outputs.get((target.kpi, target.region))
        reason = ("year_after" if target.kpi in flows and target.year >= stop else "output" if values is None
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
        found = {name: float(chance.sel(scenario=name)) for name in names}
        rows += [common | {"scenario": name, "probability": found[name],
                           "not_kept": "no_value" if np.isnan(found[name]) else ""} for name in names]
    return pd.DataFrame(rows, columns=COLUMNS)
