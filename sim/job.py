"""The main job: every scenario of a composed config in one call, written into a run folder.

Writes ``results.nc`` (the Dataset with each scenario's cost to the vision year, ``sim.cost``;
the composed config as YAML in its attrs), ``timeseries.csv`` and ``results.xlsx``
(``sim.exports``), ``kpis.csv``, ``vision.csv`` (the comparison with the vision:
``sim.vision.compare``), ``figures/*.png`` and ``report.html``. Everything is first written into a hidden staging folder
inside the run folder and moved into place (renames) only when all of it is written, so the
outputs appear complete or not at all; a folder that already holds results (of a run or a sweep)
is refused, so an earlier run is never overwritten. A job stopped by SIGTERM removes its staging
folder as it exits (``sim.cli``); one left by SIGKILL is removed by the next run into the same folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from omegaconf import DictConfig, OmegaConf

from sim import config, cost, exports, uncertainty, vision
from sim.ensemble import run_ensemble
from sim.history import observed
from sim.kpis import kpi_table
from sim.report import png_bytes, report_figures, report_html
from sim.results import write_netcdf
from sim.runner import simulate
from sim.sweep.tohoku import KEEPABLE

log = logging.getLogger(__name__)
BASELINE = "baseline"  # the scenario every other is compared with (scenarios/baseline.yaml)
OUTPUTS = ("results.nc", "timeseries.csv", "results.xlsx", "kpis.csv", "vision.csv", "report.html")
DOWNLOADS = ("results.nc", "timeseries.csv", "results.xlsx", "kpis.csv", "vision.csv")  # linked from the report
#: What a sweep writes into its run folder besides report.html (sim.sweep.run_configured).
SWEEP_FILES = ("sensitivity.csv", "percentiles.csv", "probabilities.csv")


def check_folder(folder: Path) -> None:
    """Refuse a folder that already holds a run's or a sweep's outputs."""
    existing = [name for name in (*OUTPUTS, *SWEEP_FILES, "figures") if (folder / name).exists()]
    if existing:
        raise FileExistsError(f"run folder {folder} already holds {existing}; choose a new one "
                              f"(hydra.run.dir=...), an earlier run is never overwritten")


def with_baseline(spec: config.RunSpec, cfg: DictConfig) -> config.RunSpec:
    """``spec`` with the baseline first, added when missing: every scenario is reported against it
    (its population pyramids, the gap closed against it), under the same model settings."""
    path = config.scenario_files().get(BASELINE)
    if BASELINE in spec.scenarios or path is None:
        return spec
    from sim.runner import baseline_parameters

    baseline = config.scenario_parameters(config.read_scenario_file(path), baseline_parameters(), str(path))
    spec.scenarios = {BASELINE: baseline | config.model_overrides(cfg)} | spec.scenarios
    return spec


def run_job(cfg: DictConfig, folder: Path) -> Path:
    """Run the configured scenarios and write the outputs into ``folder``; return the report path.
    With a sweep (``sweep=<name>``), run the sweep instead and return its Zarr store."""
    folder = Path(folder)
    check_folder(folder)
    if cfg.sweep.name != "none":
        from sim.sweep import run_configured

        store = run_configured(cfg, folder)
        return store
    started = time.perf_counter()
    spec = with_baseline(config.run_spec(cfg), cfg)
    config.check_output(cfg)
    log.info("running %d scenario(s): %s", len(spec.scenarios), ", ".join(spec.scenarios))
    dataset = simulate(spec.scenarios, start=spec.start, stop=spec.stop, dt=spec.dt, method=spec.method)
    config_yaml = OmegaConf.to_yaml(cfg)
    dataset.attrs["config"] = config_yaml
    dataset.attrs["scenario_files"] = yaml.safe_dump(
        {name: OmegaConf.to_container(config.read_scenario_file(path))
         for name, path in config.scenario_files().items() if name in spec.scenarios}, sort_keys=False)
    log.info("simulated in %.2f s; writing %s", time.perf_counter() - started, folder)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(".staging-*"):  # left by a run killed while writing (SIGKILL)
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".staging-"))
    try:
        _write_outputs(cfg, spec, dataset, config_yaml, staging)
        for name in (*OUTPUTS, "figures"):
            if (staging / name).exists():
                os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("done in %.2f s", time.perf_counter() - started)
    return folder / "report.html"


def _write_outputs(cfg: DictConfig, spec: config.RunSpec, dataset, config_yaml: str, staging: Path) -> None:
    year = int(cfg.output.year)
    costs = cost.cost_dataset(dataset, year=year, rate=float(cfg.output.discount_rate))
    dataset = dataset.assign(costs)
    write_netcdf(dataset, staging / "results.nc")
    exports.write_csv(exports.timeseries(dataset), staging / "timeseries.csv")
    table = kpi_table(dataset, list(cfg.output.kpis), year)
    table.to_csv(staging / "kpis.csv", index=False)
    gaps = vision.compare(dataset, cfg.vision)
    gaps.to_csv(staging / "vision.csv", index=False)
    scores = vision.score(gaps)
    log.info("closest to the vision: %s", ", ".join(scores.index[:3]))
    effect = cost.effectiveness(scores, costs)
    prefectures = vision.by_prefecture(dataset, cfg.vision)
    members = chances = None
    if cfg.output.ensemble:
        kept = sorted({target.kpi for target in vision.targets(cfg.vision) if target.kpi in KEEPABLE})
        members = run_ensemble(spec.scenarios, kept, start=spec.start, stop=spec.stop, dt=spec.dt,
                               method=spec.method, n=int(cfg.output.ensemble))
        met, first = uncertainty.probabilities(members, gaps, cfg.vision)
        chances = (met, first, int(cfg.output.ensemble), members.attrs["ensemble_version"])
    exports.write_xlsx(staging / "results.xlsx", dataset, list(cfg.output.kpis), {
        "ranking": effect.reset_index(names="scenario").assign(
            probability_first=None if chances is None else chances[1].reindex(effect.index).to_numpy()),
        "gaps": gaps, "gaps_by_prefecture": prefectures,
        **({} if chances is None else {"probability_met": chances[0].reset_index(names="scenario")}),
        "gap_closed_per_100bn": cost.gap_closed(gaps, costs),
        "cost_by_lever": costs["cost"].sum("region").to_pandas().reset_index(),
        "cost_by_prefecture": costs["cost"].sum("lever").to_pandas().reset_index()})
    figures = {}
    if cfg.output.figures:
        (staging / "figures").mkdir()
        for name, figure in report_figures(dataset, gaps, cfg.output.lang, observed(), members,
                                             (cfg.output.map_kpi, scores.index[0], year)).items():
            figures[name] = png_bytes(figure)
            (staging / "figures" / f"{name}.png").write_bytes(figures[name])
    html = report_html(dataset, table, gaps, scores, figures, config_yaml, cfg.output.lang, costs=costs,
                       downloads=DOWNLOADS, prefectures=prefectures, chances=chances)
    (staging / "report.html").write_text(html, encoding="utf-8")
