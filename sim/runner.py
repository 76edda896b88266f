"""``sim.run``: the Tohoku model for one or more scenarios, as a labelled Dataset.

So far the population engine (the economy issue adds the strategy scenarios). A scenario is
a named set of parameter values; keyword overrides change any parameter of ``PARAMS`` for all
scenarios of the call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

import sim
from sim.model.dimensions import REGIONS, REGIONS_JA, SEXES
from sim.model.state import PARAMS
from sim.model.tohoku import MODEL
from sim.model.variables import VARIABLES
from sim.outputs import compute_outputs
from sim.population import START_YEARS, baseline_inputs, initial_state
from sim.results import git_sha

#: Scenario name -> parameter values changed from the baseline. The strategy mixes of
#: MODEL.md §4 arrive with the economy; until then the baseline is the only scenario.
SCENARIOS: dict[str, dict] = {"baseline": {}}

#: Default time settings [year]: from the 2020 census to the IPSS comparison year 2035.
DEFAULT_START, DEFAULT_STOP, DEFAULT_DT = 2020, 2035, 0.25


def _scenario_names(scenario: str | Sequence[str]) -> list[str]:
    names = [scenario] if isinstance(scenario, str) else list(scenario)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown or not names:
        raise ValueError(f"scenario={scenario!r} is not allowed; available scenarios: {sorted(SCENARIOS)}")
    return names


def run(
    scenario: str | Sequence[str] = "baseline",
    *,
    start: int = DEFAULT_START,
    stop: int = DEFAULT_STOP,
    dt: float = DEFAULT_DT,
    method: str = "euler",
    **overrides,
) -> xr.Dataset:
    """Run scenarios of the Tohoku model.

    Parameters
    ----------
    scenario : str or sequence of str
        Scenario name(s); a list gives a ``scenario`` dimension of that length.
    start : int
        Census year to start from (the state on 1 October): one of ``START_YEARS``.
    stop : int
        Last year (1 October) of the run.
    dt : float
        Integration step [year]; must divide one year.
    method : {"euler", "rk4"}
    **overrides
        Parameter values for every scenario (names and units in ``sim.model.state.PARAMS``),
        e.g. ``mortality_improvement=0.0``, ``out_migration_multiplier=[1.2, 1, 1, 1, 1, 1]``.

    Returns
    -------
    xarray.Dataset
        Dims ``(scenario, region, time)`` (+ ``sex``, ``age`` for ``population_by_age``); each
        variable with attrs ``units``, ``long_name``, ``long_name_ja``.
    """
    names = _scenario_names(scenario)
    if start not in START_YEARS:
        raise ValueError(f"start={start!r} is not allowed; allowed: census years {list(START_YEARS)}")
    steps_per_year = 1.0 / dt if isinstance(dt, (int, float)) and dt > 0 else 0.0
    if not (steps_per_year >= 1 and abs(steps_per_year - round(steps_per_year)) < 1e-9):
        raise ValueError(f"dt={dt!r} is not allowed; dt must divide one year (1, 0.5, 0.25, 0.125, ...)")
    unknown = sorted(set(overrides) - set(PARAMS.names))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; allowed: {sorted(PARAMS.names)}")
    inputs = baseline_inputs()
    per_scenario = [inputs.params | SCENARIOS[name] | overrides for name in names]
    params = {key: np.stack([np.broadcast_to(np.asarray(p[key], float), PARAMS[key].shape) for p in per_scenario])
              for key in per_scenario[0]}
    result = MODEL.run(start=start, stop=stop, dt=dt, saveper=1.0, method=method, params=params,
                       initial=initial_state(start, inputs.diaspora[start]), data=inputs.data)
    outputs = compute_outputs(result)
    variables = {}
    for variable in VARIABLES:
        values = np.moveaxis(outputs[variable.name], 1, -1)  # (scenario, *dims, time)
        attrs = {"units": variable.units, "long_name": variable.long_name, "long_name_ja": variable.long_name_ja,
                 "sector": variable.sector}
        variables[variable.name] = xr.Variable(("scenario", *variable.dims, "time"), values, attrs)
    coords = {"scenario": names, "region": list(REGIONS), "region_ja": ("region", list(REGIONS_JA)),
              "sex": list(SEXES), "age": np.arange(101),
              "time": result.times.round().astype(int)}
    dataset = xr.Dataset(variables, coords=coords)
    dataset["time"].attrs.update(units="year", long_name="1 October of the year (census date)")
    dataset["age"].attrs.update(units="year", long_name="age in completed years (100 = 100 and over)")
    dataset.attrs.update(sim_version=sim.__version__, git_sha=git_sha() or "unknown", dt=dt, method=method,
                         start=start, stop=stop)
    return dataset
