"""Benchmark of ``sim.core.load``: load times, and the loaded toy model against its hand-written twin.

Usage::

    python benchmarks/bench_import.py [--scenarios N] [--repeats R] [--out PATH]

1. Load times of ``sim/examples/vensim/tohoku_toy.mdl`` in fresh processes with an empty kernel
   directory: the first load (PySD's translation, the generated source, numba's compile of the
   drivers, and the first run of one scenario) and a second, cached load (same, from disk).
   Python's and numba's own import time is counted apart.
2. Per-scenario time of the loaded model and of ``sim.examples.tohoku_toy`` at N scenarios
   (default 10,000), parameters drawn from ``np.random.default_rng(0)``, every step saved; medians
   of R repeats after a warm-up call (compilation excluded), the two timed in turn so that
   drifting load on a shared machine hits both alike. The file writes output as ``A K^0.3 L^0.7``
   (two powers per prefecture and step), the twin as ``A L (K/L)^alpha`` (one): a copy of the file
   with the twin's formulation ("imported, one power") shows what the powers cost.

Prints a table and writes JSON (default ``benchmarks/results/import.json``). No time is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
for folder in (REPO, REPO / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from timing import median_seconds, sources_digest  # noqa: E402

MODEL_FILE = REPO / "sim" / "examples" / "vensim" / "tohoku_toy.mdl"
FILE_OUTPUT = "Productivity*(Capital[Region]^0.3)*(Labor[Region]^0.7)"
TWIN_OUTPUT = "Productivity*Labor[Region]*(Capital[Region]/Labor[Region])^0.3"
#: Parameter ranges of the scenarios [file units].
RANGES = {"savings_rate": (0.1, 0.3), "capital_lifetime": (15.0, 25.0), "migration_sensitivity": (0.01, 0.03)}

TIMED_LOAD = """
import sys, time
start = time.perf_counter()
import sim.core
imported = time.perf_counter()
model = sim.core.load(sys.argv[1])
loaded = time.perf_counter()
model.run()
ran = time.perf_counter()
print(imported - start, loaded - imported, ran - loaded, model.cached)
"""


def load_in_a_process(kernel_dir: str) -> dict:
    """Seconds to import sim.core, to load the file, and to run it once, in a new process."""
    environment = dict(os.environ, SIM_KERNEL_DIR=kernel_dir, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", TIMED_LOAD, str(MODEL_FILE)], env=environment,
                          capture_output=True, text=True, check=True)
    imported, loaded, ran, cached = done.stdout.split()
    return {"import_s": float(imported), "load_s": float(loaded), "first_run_s": float(ran),
            "load_and_first_run_s": float(loaded) + float(ran), "translation_cached": cached == "True"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "import.json"))
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as kernels:
        first = load_in_a_process(kernels)
        cached = load_in_a_process(kernels)

    from sim.core import load
    from sim.examples import tohoku_toy

    text = MODEL_FILE.read_text()
    assert FILE_OUTPUT in text, "the benchmark's copy must change the output equation"
    with tempfile.TemporaryDirectory() as folder:
        one_power_file = Path(folder) / "tohoku_toy_one_power.mdl"
        one_power_file.write_text(text.replace(FILE_OUTPUT, TWIN_OUTPUT))
        models = {"imported": load(MODEL_FILE), "imported, one power": load(one_power_file)}
    rng = np.random.default_rng(0)
    params = {name: rng.uniform(low, high, arguments.scenarios) for name, (low, high) in RANGES.items()}
    grid = dict(start=tohoku_toy.START, stop=tohoku_toy.STOP, dt=tohoku_toy.DT)

    runs = {name: (lambda model=model: model.run(params=params)) for name, model in models.items()}
    runs["twin"] = lambda: tohoku_toy.MODEL.run(params=params, **grid)
    for run in runs.values():  # compile and warm up
        run()
    times = {name: [] for name in runs}
    for _ in range(arguments.repeats):
        for name, run in runs.items():
            times[name].append(median_seconds(run, 1))
    per_scenario = {name: float(np.median(values)) / arguments.scenarios for name, values in times.items()}
    ratio = {name: per_scenario[name] / per_scenario["twin"] for name in models}

    result = {
        "model": str(MODEL_FILE.relative_to(REPO)), "scenarios": arguments.scenarios, "repeats": arguments.repeats,
        "first_load": first, "cached_load": cached, "per_scenario_s": per_scenario, "imported_over_twin": ratio,
        "sources": sources_digest(),
    }
    print(f"{'':28}{'import sim.core':>16}{'load':>10}{'first run':>11}   [s]")
    for name, timing in (("first load (translate+compile)", first), ("second load (cached)", cached)):
        print(f"{name:28}{timing['import_s']:16.2f}{timing['load_s']:10.2f}{timing['first_run_s']:11.2f}")
    print(f"\nper scenario at {arguments.scenarios} scenarios [us], and over the twin:")
    for name, seconds in per_scenario.items():
        print(f"  {name:22}{seconds * 1e6:8.1f}{ratio.get(name, 1.0):8.2f}")
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
