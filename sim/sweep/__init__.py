"""Scenario sweeps at scale: experiment designs over uncertain parameters, chunked runs streamed
to Zarr (in-process or on Dask), resumable, and their sensitivity and uncertainty analysis.

``python -m sim sweep=<name>`` runs ``conf/sweep/<name>.yaml``; ``run_configured(cfg, folder)`` does
the same from a composed config.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.sweep.analysis import morris_indices, percentile_bands, sobol_indices, target_probabilities
from sim.sweep.design import METHODS, Distribution, sample, unit_sample
from sim.sweep.execute import run_sweep
from sim.sweep.store import open_results
from sim.sweep.tohoku import TohokuEvaluator

__all__ = ["run_configured", "plan", "open_results", "run_sweep"]
log = logging.getLogger(__name__)


def distributions(cfg: DictConfig) -> list[Distribution]:
    """The sweep's parameters with their distributions, checked."""
    specs = OmegaConf.to_container(cfg.sweep.parameters, resolve=True)
    if not specs:
        raise ValueError(f"sweep {cfg.sweep.name!r} has no parameters; allowed: one or more model parameters "
                         f"with a distribution")
    found = []
    for name, spec in specs.items():
        fields = {key: value for key, value in spec.items() if key != "source" and value is not None}
        if "values" in fields:
            fields["values"] = tuple(fields["values"])
        found.append(Distribution(name, **fields))
        found[-1].check()
    return found


def plan(cfg: DictConfig):
    """The evaluator, the sample values (rows, parameter) and the distributions of a configured sweep."""
    from sim import config
    from sim.runner import baseline_parameters, scenario_overrides

    sweep = cfg.sweep
    _check_settings(sweep)
    relative = ()
    if sweep.method not in (*METHODS, POSTERIOR):
        raise ValueError(f"sweep.method={sweep.method!r} is not allowed; allowed: {[*METHODS, POSTERIOR]}")
    if sweep.method == POSTERIOR:
        parameters, values, relative = _posterior_design(sweep)
    else:
        parameters = distributions(cfg)
        values = sample(sweep.method, parameters, int(sweep.n), int(sweep.seed))
        _check_within_bounds(parameters, values)
    spec = config.run_spec(cfg)  # checks the model settings
    common = config.model_overrides(cfg)  # parameters set by name apply to every run
    scenarios = scenario_overrides(list(sweep.scenarios))
    evaluator = TohokuEvaluator([p.name for p in parameters], scenarios, list(sweep.outputs), list(sweep.years),
                                start=spec.start, stop=spec.stop, dt=spec.dt, method=spec.method,
                                baseline=baseline_parameters() | common, relative=relative)
    return evaluator, values, parameters


#: The design that runs the calibrated ensemble's members (docs/ENSEMBLE.md) instead of drawing.
POSTERIOR = "posterior"


def _posterior_design(sweep: DictConfig) -> tuple[list[Distribution], np.ndarray, list[str]]:
    """The first ``sweep.n`` posterior members: their parameters (each the posterior's empirical
    distribution), values and the relative ones. A sweep with its own ``parameters`` cannot use them."""
    from sim.ensemble.posterior import read_posterior

    if sweep.parameters:
        raise ValueError(f"sweep.parameters={sorted(sweep.parameters)} is not allowed with sweep.method=posterior; "
                         f"allowed: none (the posterior's members carry every uncertain parameter)")
    posterior = read_posterior()
    n = int(sweep.n)
    if not 1 <= n <= len(posterior.values):
        raise ValueError(f"sweep.n={n!r} is not allowed with sweep.method=posterior; allowed: 1 to "
                         f"{len(posterior.values)} (the posterior's members, {posterior.version})")
    parameters = [Distribution(name, "discrete", values=tuple(posterior.values[name])) for name in posterior.names]
    return parameters, posterior.head(n), list(posterior.metadata.get("relative", []))


def _check_settings(sweep: DictConfig) -> None:
    """Refuse, before anything runs, settings that would fail or mislead only later: an unknown
    backend, no workers, empty chunks, no or repeated scenarios, no or repeated years."""
    from sim.sweep.execute import BACKENDS

    if sweep.backend not in BACKENDS:
        raise ValueError(f"sweep.backend={sweep.backend!r} is not allowed; allowed: {list(BACKENDS)}")
    for key in ("workers", "chunk_size"):
        if int(sweep[key]) < 1:
            raise ValueError(f"sweep.{key}={sweep[key]!r} is not allowed; allowed: an integer >= 1")
    for key, what in (("scenarios", "names of scenario files"), ("years", "years of the run")):
        values = list(sweep[key])
        if not values or len(set(values)) < len(values):
            raise ValueError(f"sweep.{key}={values!r} is not allowed; allowed: one or more {what}, each once")
    store = Path(sweep.store)
    if not store.is_absolute() and (not store.parts or ".." in store.parts):
        raise ValueError(f"sweep.store={sweep.store!r} is not allowed; allowed: a path inside the run folder, or an "
                         f"absolute path")
    if sweep.backend == "dask" and sweep.address:
        _check_address(str(sweep.address))


#: Seconds to wait for a Dask scheduler to accept a connection before a sweep starts.
ADDRESS_TIMEOUT = 5.0


def _check_address(address: str) -> None:
    """Refuse a scheduler address that does not accept a TCP connection within ``ADDRESS_TIMEOUT``."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        if parts.scheme != "tcp" or not parts.hostname or parts.port is None:
            raise ValueError("not of the form tcp://host:port")
        socket.create_connection((parts.hostname, parts.port), timeout=ADDRESS_TIMEOUT).close()
    except (OSError, ValueError) as error:
        raise ValueError(f"sweep.address={address!r} cannot be reached ({error}); allowed: the address of a running "
                         f"Dask scheduler (tcp://host:port), or null for a LocalCluster") from None


def _check_within_bounds(parameters: list[Distribution], values: np.ndarray) -> None:
    """Refuse, before anything runs, a design whose samples leave a parameter's declared bounds."""
    from sim.model.state import PARAMS

    for j, parameter in enumerate(parameters):
        entry = PARAMS[parameter.name]
        low, high = entry.bounds
        outside = np.flatnonzero((values[:, j] < low) | (values[:, j] > high))
        if outside.size:
            raise ValueError(f"sweep.parameters.{parameter.name}: sample {int(outside[0])} draws "
                             f"{float(values[outside[0], j])!r} ({outside.size} of {values.shape[0]} samples outside); "
                             f"allowed: a distribution within the parameter's bounds [{low}, {high}] {entry.units}")


def _analyse(cfg: DictConfig, store: Path, parameters: list[Distribution]) -> dict[str, pd.DataFrame]:
    from sim.kpis import tohoku

    results = open_results(store)
    if not results.attrs["complete"]:
        raise RuntimeError(f"sweep store {store} has chunks not done; it is not analysed with a gap")
    sweep = cfg.sweep
    rows, bands = [], []
    for name in sweep.outputs:
        values = tohoku(results, name)  # (sample, scenario, year)
        bands.append(percentile_bands(values).to_dataframe(name="value").reset_index().assign(output=name))
        for scenario in values.scenario.values:
            for year in values.year.values:
                y = values.sel(scenario=scenario, year=year).values
                if np.isnan(y).any():  # an annual flow in the run's last year: no value, no index
                    continue
                if sweep.method == "sobol":
                    table = sobol_indices(parameters, y, seed=int(sweep.seed))
                elif sweep.method == "morris":
                    unit = unit_sample("morris", parameters, int(sweep.n), int(sweep.seed))
                    table = morris_indices(parameters, unit, y, seed=int(sweep.seed))
                else:
                    continue
                rows.append(table.reset_index(names="parameter").assign(output=name, scenario=str(scenario),
                                                                         year=int(year)))
    analysis = {"percentiles": pd.concat(bands, ignore_index=True)}
    if rows:
        analysis["sensitivity"] = pd.concat(rows, ignore_index=True)
    from sim import vision

    goals = vision.targets(cfg.vision)
    kept = {}
    for goal in goals:
        if goal.kpi in results:
            kept[(goal.kpi, goal.region)] = (tohoku(results, goal.kpi) if goal.region == "Tohoku"
                                             else results[goal.kpi].sel(region=goal.region, drop=True))
    from sim.outputs import ANNUAL_FLOWS

    analysis["probabilities"] = target_probabilities(kept, goals, start=int(cfg.model.start), stop=int(cfg.model.stop),
                                                     scenarios=list(sweep.scenarios), flows=list(ANNUAL_FLOWS))
    return analysis


def config_text(cfg: DictConfig) -> str:
    """What identifies a sweep's results: the model, scenario and sweep groups (as YAML)."""
    return OmegaConf.to_yaml(OmegaConf.masked_copy(cfg, ["model", "scenario", "sweep"]))


def store_path(cfg: DictConfig, folder: Path | None) -> Path:
    """Where the sweep's store is: ``sweep.store`` if absolute, else inside the run ``folder``."""
    store = Path(cfg.sweep.store)
    return store if store.is_absolute() else Path(folder) / store


def inputs_digests(cfg: DictConfig) -> dict[str, str]:
    """The digests of what determines the sweep's numbers besides its config: its scenario files,
    calibrated.yaml, the data and the model's code (``sim.sweep.provenance``)."""
    from sim import config
    from sim.sweep.provenance import inputs_digests as digests

    files = config.scenario_files()
    return digests({name: files[name] for name in cfg.sweep.scenarios if name in files})


def check_resumable(cfg: DictConfig, folder: Path | None = None) -> None:
    """Refuse, before anything runs, to resume into a store made by another sweep config or other
    inputs, or one whose metadata cannot be read. A relative ``sweep.store`` is looked for in the run
    ``folder`` (None: a new run folder, which holds no store)."""
    from sim.sweep.execute import store_digests
    from sim.sweep.store import check_store

    if not Path(cfg.sweep.store).is_absolute() and folder is None:
        return
    store = store_path(cfg, folder)
    if store.exists():
        check_store(store, store_digests(config_text(cfg), inputs_digests(cfg)))


def run_configured(cfg: DictConfig, folder: Path, *, progress: bool = True) -> Path:
    """Run the configured sweep into ``folder`` (or its absolute ``sweep.store``), analyse it and write
    ``sensitivity.csv`` (Sobol or Morris), ``percentiles.csv`` (fan charts) and ``probabilities.csv``
    (the chance of meeting each vision target, or why the sweep has none); return the store path."""
    evaluator, values, parameters = plan(cfg)
    store = store_path(cfg, folder)
    sweep = cfg.sweep
    text = config_text(cfg)
    log.info("sweep %s: %d samples x %d scenarios", sweep.name, values.shape[0], len(sweep.scenarios))
    run_sweep(evaluator, values, [p.name for p in parameters], store, config_yaml=text, digests=inputs_digests(cfg),
              chunk_size=max(1, int(sweep.chunk_size) // len(sweep.scenarios)), backend=sweep.backend,
              address=sweep.address, workers=int(sweep.workers), progress=progress)
    analysis = _analyse(cfg, store, parameters)
    for name, table in analysis.items():
        table.to_csv(Path(folder) / f"{name}.csv", index=False)
    _write_report(cfg, store, analysis, Path(folder))
    return store


def _write_report(cfg: DictConfig, store: Path, analysis: dict, folder: Path) -> None:
    """The sweep's figures (fan charts, tornado charts) and its HTML report."""
    from sim.atomic import atomic_path, write_text
    from sim.report import png_bytes, sweep_figures, sweep_report_html

    figures = {}
    if cfg.output.figures:
        from sim.vision import targets

        for name, figure in sweep_figures(open_results(store), analysis, list(cfg.sweep.outputs), cfg.output.lang,
                                          targets(cfg.vision)).items():
            figures[name] = png_bytes(figure)
            with atomic_path(folder / "figures" / f"{name}.png", overwrite=True) as temporary:
                temporary.write_bytes(figures[name])
    write_text(folder / "report.html", sweep_report_html(analysis, figures, config_text(cfg), cfg.output.lang),
               overwrite=True)

