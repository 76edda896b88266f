"""Benchmark of models loaded by ``sim.core.load`` against PySD and pysimlin on the same files.

Usage::

    python benchmarks/bench_import_engines.py [--quick] [--scenarios N] [--out PATH]

For each file (``sim/examples/vensim/``: ``tohoku_toy.mdl``, ``teacup.mdl``, ``builtins_showcase.mdl``;
``tests/vensim/``: ``subscripts_2d.mdl``, ``smooths.mdl``):

1. Load it in each engine (sim: ``sim.core.load``, from the kernel directory's cache when it is warm;
   PySD: ``pysd.read_vensim`` of a copy, as PySD writes its translation beside the file; pysimlin:
   ``simlin.load``), timed once. pysimlin does not read every file: a failure to load or to run is
   recorded with its message, and the file is benchmarked without it.
2. Check agreement before any timing: one run with the varied parameter (see below) in each engine
   (PySD's is also its first timed run: it takes seconds), every column of PySD's ``run()`` (``python -m sim.core``'s
   columns) compared with sim's: the maximum relative error ``|a - b| / max(|a|, |b|)`` over all
   columns and times (0 where both are 0). pysimlin is compared on the columns it names.
3. Time per run, the contenders in turn within each repeat (so drifting load on the shared machine
   hits all alike): sim with 1 scenario (``parallel=False``: one core, as PySD and pysimlin run),
   PySD ``model.run(params={name: value})``, pysimlin ``simulate(overrides={name: value})`` +
   ``run_to_end()``, and sim with N scenarios in one ``Model.run`` on one core (``parallel=False``)
   and, unless ``--quick``, on all cores (per scenario). The varied parameter is the file's first
   scalar constant (not a lookup), drawn uniformly in [0.9, 1.1] times its default
   (``np.random.default_rng(0)``); every engine gets the same values (a file without a scalar
   constant, ``subscripts_2d.mdl``, runs its defaults). Every step is saved (the files'
   SAVEPER = TIME STEP). Medians of the repeats; compilation excluded (a warm-up run first).

Prints a table and writes JSON (default ``benchmarks/results/import_engines.json``). No time is
asserted. A full run takes about 4 minutes on 2 shared cores with the kernel cache warm (PySD runs
the toy model in 5-30 s a run); ``--quick`` (1,000 scenarios, fewer repeats, the teacup and the
builtins showcase only) well under a minute with a warm cache, more with a cold one (numba compiles
each model's drivers: about 10 s each).
"""

from __future__ import annotations

import argparse
import math
import datetime
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
for folder in (REPO, REPO / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from timing import machine, sources_digest, write_report  # noqa: E402

EXAMPLES = REPO / "sim" / "examples" / "vensim"
MODELS = REPO / "tests" / "vensim"
FILES = [EXAMPLES / "tohoku_toy.mdl", EXAMPLES / "teacup.mdl", EXAMPLES / "builtins_showcase.mdl",
         MODELS / "subscripts_2d.mdl", MODELS / "smooths.mdl"]
QUICK_FILES = FILES[1:3]  # PySD runs the toy model in 5-30 s a run: not in the quick run
DEFAULT_OUT = REPO / "benchmarks" / "results" / "import_engines.json"
#: Agreement required before timing: PySD as in tests/test_vensim_import.py; pysimlin is reported only.
PYSD_TOLERANCE = 1e-9


def log(message: str) -> None:
    print(message, flush=True)


def relative_error(ours: np.ndarray, theirs: np.ndarray) -> float:
    """max |a - b| / max(|a|, |b|), elementwise; 0 where both are 0."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    scale = np.maximum(np.abs(ours), np.abs(theirs))
    difference = np.abs(ours - theirs)
    with np.errstate(invalid="ignore", divide="ignore"):
        errors = np.where(scale > 0, difference / scale, 0.0)
    return float(np.max(errors)) if errors.size else 0.0


def simlin_name(column: str) -> str:
    """pysimlin's name of a PySD column: lower case, spaces as underscores, ``name[a,b]``."""
    name, _, elements = column.partition("[")
    key = "_".join(name.lower().split())
    if not elements:
        return key
    return f"{key}[{','.join('_'.join(e.lower().split()) for e in elements.rstrip(']').split(','))}]"


def varied_parameter(model) -> tuple[str | None, float]:
    """The file's first scalar constant that is not a lookup's points nor the run's TIME STEP
    (None if it has none: every run then takes the file's defaults)."""
    from sim.core.vensim.translate import TIME_STEP

    lookups = {name for pair in model.translation.lookups for name in pair}
    for entry in model.translation.params:
        if not entry["shape"] and entry["name"] not in lookups and entry["name"] != TIME_STEP:
            return entry["name"], float(entry["default"])
    return None, math.nan


class Engines:
    """One file in the three engines: loads, agreement, one timed run each."""

    def __init__(self, path: Path, workdir: Path, n_scenarios: int):
        from sim.core import load
        from sim.core.vensim.translate import import_pysd

        self.path, self.report = path, {"file": str(path.relative_to(REPO))}
        start = time.perf_counter()
        self.sim = load(path)
        self.report["sim_load_s"] = time.perf_counter() - start
        self.report["sim_translation_cached"] = self.sim.cached
        self.name, default = varied_parameter(self.sim)
        rng = np.random.default_rng(0)
        self.values = default * rng.uniform(0.9, 1.1, n_scenarios)  # NaN without a varied parameter
        self.report.update(varied=self.name, default=default, scenarios=n_scenarios)

        import_pysd()
        import pysd

        copy = workdir / path.stem / path.name  # PySD writes its translation beside the file
        copy.parent.mkdir()
        shutil.copy(path, copy)
        start = time.perf_counter()
        self.pysd = pysd.read_vensim(str(copy))
        self.report["pysd_load_s"] = time.perf_counter() - start

        self.simlin, self.simlin_error = None, None
        try:
            import simlin

            start = time.perf_counter()
            model = simlin.load(str(path))
            self.report["pysimlin_load_s"] = time.perf_counter() - start
            model.simulate(overrides={}).run_to_end()  # pysimlin compiles the model here
            self.simlin = model
        except Exception as error:  # noqa: BLE001 - pysimlin does not read every file; recorded
            self.simlin_error = f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"
            self.report["pysimlin_error"] = self.simlin_error

    # --- one run in each engine ----------------------------------------------------------

    def params(self, value: float | None) -> dict:
        return {} if value is None or self.name is None else {self.name: value}

    def run_sim(self, value: float | None):
        return self.sim.run(params=self.params(value), parallel=False)

    def run_sim_batch(self, parallel: bool):
        if self.name is None:
            return self.sim.run(n_scenarios=self.values.size, parallel=parallel)
        return self.sim.run(params={self.name: self.values}, parallel=parallel)

    def run_pysd(self, value: float | None):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PySD's pandas deprecation, lookups read beyond their points
            return self.pysd.run(params=self.params(value))

    def run_simlin(self, value: float | None):
        run = self.simlin.simulate(overrides=self.params(value))
        run.run_to_end()
        return run

    # --- agreement ----------------------------------------------------------------------------

    def agreement(self) -> None:
        from sim.core.__main__ import table

        errors = {"pysd": 0.0, "pysimlin": 0.0}
        compared = {"pysd": 0, "pysimlin": 0}
        worst = {"pysd": "", "pysimlin": ""}
        for value in (float(self.values[0]),):
            header, rows = table(self.sim, self.run_sim(value))
            start = time.perf_counter()
            frame = self.run_pysd(value)
            self.pysd_first_s = time.perf_counter() - start  # PySD's first timed run (5-50 s for the toy)
            simlin_run = self.run_simlin(value) if self.simlin is not None else None
            simlin_names = set(simlin_run.get_var_names()) if simlin_run is not None else set()
            for column, name in enumerate(header[1:], 1):
                ours = rows[:, column]
                if name in frame.columns:
                    error = relative_error(ours, frame[name].to_numpy(dtype=float))
                    compared["pysd"] += 1
                    if error >= errors["pysd"]:
                        errors["pysd"], worst["pysd"] = error, name
                key = simlin_name(name)
                if key in simlin_names:
                    series = np.asarray(simlin_run.get_series(key), dtype=float)
                    if series.size != ours.size:
                        raise ValueError(f"pysimlin's {key} has {series.size} points, sim's {ours.size}")
                    error = relative_error(ours, series)
                    compared["pysimlin"] += 1
                    if error >= errors["pysimlin"]:
                        errors["pysimlin"], worst["pysimlin"] = error, name
        self.report["pysd_max_rel_error"] = errors["pysd"]
        self.report["pysd_columns_compared"] = compared["pysd"]
        self.report["pysd_worst_column"] = worst["pysd"]
        if self.simlin is not None:
            self.report["pysimlin_max_rel_error"] = errors["pysimlin"]
            self.report["pysimlin_columns_compared"] = compared["pysimlin"]
            self.report["pysimlin_worst_column"] = worst["pysimlin"]
        if errors["pysd"] > PYSD_TOLERANCE or compared["pysd"] == 0:
            raise SystemExit(f"{self.path.name}: sim and PySD differ by {errors['pysd']:.1e} relative "
                             f"({worst['pysd']}); not timed")
        simlin_text = (f"pysimlin {errors['pysimlin']:.1e} ({compared['pysimlin']} columns)"
                       if self.simlin is not None else f"pysimlin: {self.simlin_error}")
        log(f"  agreement with sim, max relative error: PySD {errors['pysd']:.1e} ({compared['pysd']} columns), "
            f"{simlin_text}")

    # --- timing -------------------------------------------------------------------------------

    def time_runs(self, repeats: int, pysd_runs: int, parallel: bool) -> None:
        contenders = {"sim_1": lambda k: self.run_sim(float(self.values[k % self.values.size])),
                      "sim_batch_1core": lambda k: self.run_sim_batch(False)}
        if parallel:
            contenders["sim_batch"] = lambda k: self.run_sim_batch(True)
        if self.simlin is not None:
            contenders["pysimlin"] = lambda k: self.run_simlin(float(self.values[k % self.values.size]))
        contenders["pysd"] = lambda k: self.run_pysd(float(self.values[k % self.values.size]))
        for name, run in contenders.items():  # warm-up: numba's compile or cache load, PySD's first run
            if name != "pysd":
                run(0)
        times = {name: [] for name in contenders}
        times["pysd"].append(self.pysd_first_s)
        for k in range(repeats):
            for name, run in contenders.items():
                if name == "pysd" and k >= pysd_runs - 1:
                    continue
                start = time.perf_counter()
                run(k)
                times[name].append(time.perf_counter() - start)
        per_run = {name: statistics.median(values) for name, values in times.items()}
        for name in ("sim_batch_1core", "sim_batch"):
            if name in per_run:
                per_run[name] /= self.values.size  # per scenario
        self.report["runs"] = {name: len(values) for name, values in times.items()}
        self.report["s_per_run"] = per_run
        self.report["over_sim_1"] = {name: per_run[name] / per_run["sim_1"] for name in per_run}
        self.report["over_sim_batch_1core"] = {name: per_run[name] / per_run["sim_batch_1core"] for name in per_run}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="teacup and builtins showcase, 1,000 scenarios, fewer repeats")
    parser.add_argument("--scenarios", type=int, help="scenarios of sim's batch (default 10,000; quick 1,000)")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    arguments = parser.parse_args()
    n_scenarios = arguments.scenarios or (1_000 if arguments.quick else 10_000)
    repeats, pysd_runs = (3, 1) if arguments.quick else (5, 2)
    files = QUICK_FILES if arguments.quick else FILES
    digest = sources_digest()
    began = time.perf_counter()

    reports = []
    with tempfile.TemporaryDirectory(prefix="bench_import_engines_") as workdir:
        for path in files:
            log(f"{path.relative_to(REPO)}:")
            engines = Engines(path, Path(workdir), n_scenarios)
            engines.agreement()
            engines.time_runs(repeats, pysd_runs, parallel=not arguments.quick)
            reports.append(engines.report)
            per_run = engines.report["s_per_run"]
            log("  " + ", ".join(f"{name} {seconds * 1e3:.3g} ms" for name, seconds in per_run.items())
                + " (batch: per scenario)")

    log(f"\nper run (sim batch: per scenario at {n_scenarios:,} scenarios), and over sim with 1 scenario:")
    log(f"{'file':24}{'sim 1':>11}{'sim N,1 core':>14}{'sim N':>11}{'pysimlin':>11}{'PySD':>11}"
        f"{'pysimlin/sim':>14}{'PySD/sim':>11}")
    for report in reports:
        per_run, over = report["s_per_run"], report["over_sim_1"]
        cells = [f"{per_run[name] * 1e3:.3g}" if name in per_run else "-"
                 for name in ("sim_1", "sim_batch_1core", "sim_batch", "pysimlin", "pysd")]
        ratios = [f"{over[name]:.3g}" if name in over else "-" for name in ("pysimlin", "pysd")]
        log(f"{Path(report['file']).name:24}{cells[0]:>11}{cells[1]:>14}{cells[2]:>11}{cells[3]:>11}{cells[4]:>11}"
            f"{ratios[0]:>14}{ratios[1]:>11}")
    log("[ms]")

    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": arguments.quick, "scenarios": n_scenarios, "repeats": repeats, "pysd_runs": pysd_runs,
        "versions": {"pysd": version("pysd"), "pysimlin": version("pysimlin")},
        "machine": machine(), "sources": digest, "wall_s": time.perf_counter() - began, "files": reports,
    }
    write_report(report, Path(arguments.out), digest)


if __name__ == "__main__":
    main()
