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


def target_probabilities(outputs: dict[str, xr.DataArray], targets, start: int) -> pd.DataFrame:
    """Probability of meeting each vision target per scenario, for the targets whose KPI and year
    the sweep kept (``outputs``: KPI -> (sample, scenario, year) at the target's region).

    ``targets``: ``sim.vision.Target`` objects; a target whose basis is a change since the start
    (``start``, the run's first year) needs that year among the sweep's years, else it is left out.
    """
    rows = []
    for target in targets:
        values = outputs.get((target.kpi, target.region))
        if values is None or target.year not in values.year.values:
            continue
        if target.basis == "change_since_start":
            if start not in values.year.values:
                continue
            values = values / values.sel(year=start) - 1.0
        chance = probability(values.sel(year=target.year), target.value, target.direction)
        for scenario in chance.scenario.values:
            rows.append({"target": target.id, "kpi": target.kpi, "region": target.region, "year": target.year,
                         "scenario": str(scenario), "probability": float(chance.sel(scenario=scenario))})
    return pd.DataFrame(rows, columns=["target", "kpi", "region", "year", "scenario", "probability"])
