"""Hindcasts of ensemble members at the constraint points: one compiled call per window.

``HindcastEvaluator`` is a sweep evaluator (``sim.sweep.run_sweep``): it maps sample rows
(member, parameter) to ``{"hindcast": (member, point)}``, the model's value at each constraint
point of ``sim.ensemble.constraints``, in the data's units, so that the store of a prior ensemble
holds everything history matching needs. Each member runs once per window: the back-run from the
2015 census (the economy's levels scaled as in ``sim.run(start=2015)``) and the recent run from
the 2020 census. Values between the yearly saves (1 October) are interpolated linearly, as in
``docs/VALIDATION.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model.dimensions import REGIONS
from sim.model.tohoku import MODEL
from sim.population import baseline_inputs, initial_state
from sim.sweep.tohoku import set_samples

#: What each constraint variable reads from a run: the model names saved.
SAVED = {"population_total": ("population_now",), "share_65plus": ("population",),
         "unemployment_rate": ("unemployment_rate",), "jobs_to_applicants_ratio": ("jobs_to_applicants_ratio",),
         "grp_real": ("grp_real",), "evacuees": ("evacuees_outside", "evacuees_inside"),
         "renewable_share": ("renewable_share",), "co2_change_since_fy2013": ("co2_change_since_fy2013",)}
#: Variables that add up over the prefectures (the only ones a Tohoku point may name).
EXTENSIVE = ("population_total", "grp_real", "evacuees")
OLD_AGE = 65  # [year]: the first age of share_65plus


def _series(result, variable: str, region: str) -> np.ndarray:
    """(run, saved time) of a constraint variable in one region (or Tohoku, summed)."""
    if variable == "share_65plus":
        population = result["population"][:, :, REGIONS.index(region)]  # (run, time, sex, age)
        return population[..., OLD_AGE:].sum(axis=(2, 3)) / population.sum(axis=(2, 3))
    if variable == "evacuees":  # Fukushima's registers: zero elsewhere
        values = result["evacuees_outside"] + result["evacuees_inside"]
        return values if region in ("Fukushima", "Tohoku") else np.zeros_like(values)
    values = result[SAVED[variable][0]]
    return values.sum(axis=2) if region == "Tohoku" else values[:, :, REGIONS.index(region)]


def _at(series: np.ndarray, times: np.ndarray, time: float) -> np.ndarray:
    """Linear interpolation of (run, saved time) at ``time``."""
    i = min(int(np.searchsorted(times, time, side="right")) - 1, len(times) - 2)
    weight = (time - times[i]) / (times[i + 1] - times[i])
    return series[:, i] * (1.0 - weight) + series[:, i + 1] * weight


class HindcastEvaluator:
    """The model at the constraint points for sample rows of ``parameters`` (names; those in
    ``relative`` multiply the calibrated value), over the windows {name: (start, stop)}."""

    def __init__(self, parameters: list[str], points: pd.DataFrame, windows: dict[str, tuple[int, int]], *,
                 relative=(), dt: float = 0.25, method: str = "euler"):
        from sim.runner import baseline_parameters, start_levels

        wrong = points[(points.region == "Tohoku") & ~points.variable.isin(EXTENSIVE)]
        if len(wrong):
            raise ValueError(f"constraint {wrong.id.iloc[0]!r}: region 'Tohoku' is not allowed for "
                             f"{wrong.variable.iloc[0]!r}; allowed: a prefecture, or Tohoku for {list(EXTENSIVE)}")
        self.parameters, self.relative = list(parameters), frozenset(relative)
        self.points = points.reset_index(drop=True)
        self.grid = {"dt": dt, "method": method}
        baseline = baseline_parameters()
        self.windows = {}
        for window in dict.fromkeys(self.points.window):
            start, stop = windows[window]
            params = baseline | start_levels(baseline, start)
            save = sorted({name for variable in self.points[self.points.window == window].variable
                           for name in SAVED[variable]})
            self.windows[window] = (start, stop, MODEL.param_matrix(params, 1), save)
        self.outputs = {"hindcast": (("constraint",), (len(self.points),))}
        self.coords = {"constraint": list(self.points.id)}

    def __call__(self, values: np.ndarray, threads: int | None = None) -> dict[str, np.ndarray]:
        rows = values.shape[0]
        hindcast = np.empty((rows, len(self.points)))
        inputs = baseline_inputs()
        for window, (start, stop, base, save) in self.windows.items():
            params = set_samples(np.tile(base, (rows, 1)), self.parameters, values, 1, self.relative)
            result = MODEL.run(start=start, stop=stop, saveper=1.0, params=params, save=save, threads=threads,
                               initial=initial_state(start, inputs.diaspora[start]), data=inputs.data, **self.grid)
            times = np.asarray(result.times, float)
            series_of = {}
            for k, point in self.points[self.points.window == window].iterrows():
                key = (point.variable, point.region)
                series = series_of[key] = series_of[key] if key in series_of else _series(result, *key)
                value = _at(series, times, point.time)
                if point.basis == "change":
                    value = value / _at(series, times, point.model_base) - 1.0
                elif point.basis == "growth":
                    value = value / _at(series, times, point.time - 1.0) - 1.0
                hindcast[:, k] = value
        return {"hindcast": hindcast}
