"""``sim.run``: the Tohoku model for one or more scenarios, as a labelled Dataset.

A scenario is a named set of parameter values (the strategy mixes arrive with the command line);
keyword overrides change any parameter of ``PARAMS`` for all scenarios of the call, and
``knockout`` cuts named feedback loops (``sim.model.loops``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

import sim
from omegaconf import DictConfig

from sim import config
from sim.economy import inputs as economy_inputs
from sim.economy.inputs import data_levels, load_calibrated
from sim.model.dimensions import REGIONS, REGIONS_JA, SEXES
from sim.model.levers import LEVERS, LEVERS_JA
from sim.model.loops import LOOP_IDS
from sim.model.state import PARAMS
from sim.model.tohoku import MODEL
from sim.model.variables import VARIABLES
from sim.outputs import compute_outputs
from sim.population import START_YEARS, baseline_inputs, initial_state
from sim.data import demography
from sim.results import git_sha

#: Default time settings [year]: from the 2020 census to the IPSS comparison year 2035.
DEFAULT_START, DEFAULT_STOP, DEFAULT_DT = 2020, 2035, 0.25


def scenario_overrides(scenario: str | Sequence[str]) -> dict[str, dict]:
    """Scenario name(s) -> the parameter values each scenario file (``scenarios/``) changes."""
    files = config.scenario_files()
    names = [scenario] if isinstance(scenario, str) else list(scenario)
    unknown = [name for name in names if name not in files]
    if unknown or not names:
        raise ValueError(f"scenario={scenario!r} is not allowed; available scenarios: {list(files)}")
    if len(set(names)) < len(names):
        raise ValueError(f"scenario={scenario!r} is not allowed; allowed: each scenario once")
    defaults = baseline_parameters()
    return {name: config.scenario_parameters(config.read_scenario_file(files[name]), defaults, str(files[name]))
            for name in names}


def baseline_parameters(calibrated: dict | None = None) -> dict:
    """Baseline values of every parameter: the population's, the economy's data levels and the
    calibrated values (``calibrated.yaml`` unless given, as the calibration itself does)."""
    others = baseline_inputs().params | data_levels()
    return others | (shipped_calibration() if calibrated is None else calibrated)


def shipped_calibration() -> dict:
    """The values of ``calibrated.yaml`` (``sim.economy.inputs.load_calibrated``); a damaged file is
    a one-line ``ConfigError`` naming it."""
    try:
        return load_calibrated()
    except economy_inputs.CalibrationError as error:
        raise config.ConfigError(str(error)) from None


def start_levels(params: dict, start: int) -> dict:
    """The economy's start levels for ``start``: the 2020 levels, for an earlier census year scaled
    by its working-age population (assumption: the 2020 ratios held; for back-tests only)."""
    if start == 2020:
        return {}
    def working_age(year):
        return demography.census_single_year(year)[..., 15:65].sum(axis=(1, 2))

    scale = working_age(start) / working_age(2020)
    return {name: np.asarray(params[name]) * scale for name in ("grp_start", "employment_start", "firms_start")}


def _check_knockout(knockout) -> list[str]:
    names = [knockout] if isinstance(knockout, str) else list(knockout)
    unknown = [name for name in names if name not in LOOP_IDS]
    if unknown:
        raise ValueError(f"knockout={knockout!r} is not allowed; loops are {list(LOOP_IDS)}")
    return names


def _check_allocation(values: dict) -> None:
    allocation = np.asarray(values["lever_allocation"], float)
    sums = allocation.reshape(-1, len(LEVERS), len(REGIONS)).sum(axis=-1)
    budgets = np.broadcast_to(np.asarray(values["lever_budget"], float), sums.shape)
    wrong = (np.abs(sums - 1.0) > 1e-9) & (budgets > 0)
    if wrong.any():
        lever = LEVERS[np.nonzero(wrong)[-1][0]]
        raise ValueError(f"lever_allocation of {lever!r} sums to {sums[wrong][0]:.6g}; allowed: shares per prefecture "
                         f"summing to 1 for a lever with a budget")


def run(
    scenario: str | Sequence[str] | DictConfig = "baseline",
    *,
    start: int = DEFAULT_START,
    stop: int = DEFAULT_STOP,
    dt: float = DEFAULT_DT,
    method: str = "euler",
    knockout: str | Sequence[str] = (),
    ensemble: bool | int = False,
    **overrides,
) -> xr.Dataset:
    """Run scenarios of the Tohoku model.

    Parameters
    ----------
    scenario : str, sequence of str, or a composed config
        Scenario name(s) (files in ``scenarios/``); a list gives a ``scenario`` dimension of that
        length. A config from ``sim.compose(overrides)`` runs what it says (``scenario=all``: every
        scenario), exactly as ``python -m sim`` with the same overrides; the other arguments must
        then be left out.
    start : int
        Census year to start from (the state on 1 October): one of ``START_YEARS``. The economy's
        levels are those of 2020; earlier starts scale them (population back-tests).
    stop : int
        Last year (1 October) of the run.
    dt : float
        Integration step [year]; must divide one year.
    method : {"euler", "rk4"}
    knockout : str or sequence of str
        Feedback loops to cut (ids of ``sim.model.loops.LOOPS``, e.g. ``["R1", "B1"]``).
    ensemble : bool or int
        Run the calibrated ensemble's posterior members (docs/ENSEMBLE.md): ``True`` every member,
        ``N`` the first N; every member × scenario in one compiled call. The result then has dims
        ``(member, scenario, region, time)`` and holds the outputs a sweep can keep
        (``sim.sweep.tohoku.KEEPABLE``, with the weights of their Tohoku aggregates; the annual
        flows NaN in ``stop``, as in a single run).
    **overrides
        Parameter values for every scenario (names and units in ``sim.model.state.PARAMS``),
        e.g. ``mortality_improvement=0.0``, ``lever_budget=[30, 0, 0, 0, 0, 0, 0]``.

    Returns
    -------
    xarray.Dataset
        Dims ``(scenario, region, time)`` (+ ``sex``, ``age`` for ``population_by_age``); each
        variable with attrs ``units``, ``long_name``, ``long_name_ja``.
    """
    if isinstance(scenario, DictConfig):
        if overrides or knockout or (start, stop, dt, method) != (DEFAULT_START, DEFAULT_STOP, DEFAULT_DT, "euler"):
            raise ValueError("sim.run(cfg) takes its settings from the config; change them with sim.compose(overrides)")
        spec = config.run_spec(scenario)
        return simulate(spec.scenarios, start=spec.start, stop=spec.stop, dt=spec.dt, method=spec.method)
    if ensemble is not False:
        return _run_members(scenario_overrides(scenario), ensemble, start=start, stop=stop, dt=dt, method=method,
                            knockout=knockout, overrides=overrides)
    return simulate(scenario_overrides(scenario), start=start, stop=stop, dt=dt, method=method, knockout=knockout,
                    overrides=overrides)


def _run_members(scenarios: dict[str, dict], ensemble, *, start, stop, dt, method, knockout, overrides) -> xr.Dataset:
    """``sim.run(..., ensemble=...)``: the posterior's members for the scenarios."""
    from sim.ensemble import read_posterior, run_ensemble

    posterior = read_posterior()
    if ensemble is True:
        n = len(posterior.values)
    elif isinstance(ensemble, (int, np.integer)) and not isinstance(ensemble, bool):
        n = int(ensemble)
    else:
        raise ValueError(f"ensemble={ensemble!r} is not allowed; allowed: True (all {len(posterior.values)} "
                         f"members), False, or a number of members")
    if knockout:
        raise ValueError(f"knockout={knockout!r} is not allowed with ensemble; allowed: one of them (knock loops "
                         f"out of single runs)")
    if start not in START_YEARS:
        raise ValueError(f"start={start!r} is not allowed; allowed: census years {list(START_YEARS)}")
    unknown = sorted(set(overrides) - set(PARAMS.names))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; allowed: {sorted(PARAMS.names)}")
    members = run_ensemble(scenarios, start=start, stop=stop, dt=dt, method=method, n=n, posterior=posterior,
                           common=config.parameter_values(dict(overrides), ""))
    return members.rename(year="time")


def simulate(scenarios: dict[str, dict] | None = None, *, start=DEFAULT_START, stop=DEFAULT_STOP, dt=DEFAULT_DT,
             method="euler", knockout=(), overrides=None, calibrated: dict | None = None) -> xr.Dataset:
    """Run named scenarios (name -> parameter values; default the baseline) in one call, with
    ``overrides`` for all of them and, for the calibration, explicit calibrated values."""
    overrides = dict(overrides or {})
    scenarios = {"baseline": {}} if scenarios is None else scenarios
    names = list(scenarios)
    if start not in START_YEARS:
        raise ValueError(f"start={start!r} is not allowed; allowed: census years {list(START_YEARS)}")
    steps_per_year = 1.0 / dt if isinstance(dt, (int, float)) and dt > 0 else 0.0
    if not (steps_per_year >= 1 and abs(steps_per_year - round(steps_per_year)) < 1e-9):
        raise ValueError(f"dt={dt!r} is not allowed; dt must divide one year (1, 0.5, 0.25, 0.125, ...)")
    unknown = sorted(set(overrides) - set(PARAMS.names))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; allowed: {sorted(PARAMS.names)}")
    overrides = config.parameter_values(overrides, "")  # numbers of the right shape, never text or None
    cut = _check_knockout(knockout)
    baseline = baseline_parameters(calibrated)
    baseline |= start_levels(baseline, start)
    if cut:
        gates = np.asarray(overrides.get("loop_gate", baseline["loop_gate"]), float).copy()
        gates[..., [LOOP_IDS.index(name) for name in cut]] = 0.0
        overrides["loop_gate"] = gates
    per_scenario = [baseline | scenarios[name] | overrides for name in names]
    for values in per_scenario:
        _check_allocation(values)
    params = {key: np.stack([np.broadcast_to(np.asarray(p[key], float), PARAMS[key].shape) for p in per_scenario])
              for key in per_scenario[0]}
    inputs = baseline_inputs()
    result = MODEL.run(start=start, stop=stop, dt=dt, saveper=1.0, method=method, params=params,
                       initial=initial_state(start, inputs.diaspora[start]), data=inputs.data)
    return _dataset(result, names, dt=dt, method=method, start=start, stop=stop, knockout=cut)


#: The model's spending auxiliaries (sim.model.sectors.levers) reported beside the variables, at
#: 1 October of each year: (name, long name, Japanese long name, dims).
SPENDING = (
    ("lever_spending", "Spending of each lever above business as usual, per prefecture",
     "施策別・県別の追加予算（現状維持比）", ("lever", "region")),
    ("reconstruction_spending", "Reconstruction spending on its scheduled path (every scenario)",
     "復興予算（予定の推移、全シナリオ共通）", ("region",)),
)


def _dataset(result, names, **attrs) -> xr.Dataset:
    outputs = compute_outputs(result)
    variables = {}
    for variable in VARIABLES:
        values = np.moveaxis(outputs[variable.name], 1, -1)  # (scenario, *dims, time)
        meta = {"units": variable.units, "long_name": variable.long_name, "long_name_ja": variable.long_name_ja,
                "sector": variable.sector}
        variables[variable.name] = xr.Variable(("scenario", *variable.dims, "time"), values, meta)
    for name, long_name, long_name_ja, dims in SPENDING:  # the budget paths: what each scenario costs
        values = np.moveaxis(result[name], 1, -1)  # (scenario, *dims, time)
        meta = {"units": "¥bn/year", "long_name": long_name, "long_name_ja": long_name_ja, "sector": "levers"}
        variables[name] = xr.Variable(("scenario", *dims, "time"), values, meta)
    coords = {"scenario": names, "region": list(REGIONS), "region_ja": ("region", list(REGIONS_JA)),
              "lever": list(LEVERS), "lever_ja": ("lever", list(LEVERS_JA)), "sex": list(SEXES), "age": np.arange(101),
              "time": result.times.round().astype(int)}
    dataset = xr.Dataset(variables, coords=coords)
    dataset["time"].attrs.update(units="year", long_name="1 October of the year (census date)")
    dataset["age"].attrs.update(units="year", long_name="age in completed years (100 = 100 and over)")
    attrs["knockout"] = ",".join(attrs["knockout"])
    dataset.attrs.update(sim_version=sim.__version__, git_sha=git_sha() or "unknown", **attrs)
    return dataset
