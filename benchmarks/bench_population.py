"""Speed of the population engine: one baseline run, and batches of runs with varied parameters.

    python benchmarks/bench_population.py [--quick] [--out PATH]

Six prefectures × 2 sexes × 101 ages, 2020-2035, dt 0.25 (60 steps), Euler, state saved every
1 October. Compilation is excluded (a warm-up call first); times are medians of repeats. The
batch varies the mortality improvement, the TFR path and the out-migration multipliers per run
(drawn from numpy.random.default_rng(0)). Prints a table and writes JSON (temporary file, then
rename). Targets from the population issue: a single run under 1 ms; >= 20,000 runs/s for a
batch of 10,000 on 2 cores. No time is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numba
import numpy as np

from timing import median_seconds
from sim.economy.inputs import neutral_economy
from sim.model.state import STOCKS
from sim.model.tohoku import MODEL
from sim.population import baseline_inputs, initial_state

REPO = Path(__file__).resolve().parents[1]
GRID = {"start": 2020, "stop": 2035, "dt": 0.25, "saveper": 1.0}
#: What a batch keeps every 1 October: everything (population by age: 1.6 GB for 10,000 runs), or
#: only the cumulative flows a sweep of births/deaths/migration KPIs needs.
SAVES = {"all stocks": None, "flows only": [name for name in STOCKS.names if name.startswith("cumulative_")]}


def varied_params(base: dict, n: int, seed: int = 0) -> dict:
    """``n`` parameter sets around the baseline (assumption: illustrative ranges)."""
    rng = np.random.default_rng(seed)
    params = dict(base)
    params["mortality_improvement"] = rng.uniform(0.0, 0.02, n)
    params["tfr"] = np.asarray(base["tfr"])[None] * rng.uniform(0.8, 1.2, (n, 1, 1))
    params["out_migration_multiplier"] = rng.uniform(0.5, 1.5, (n, 6))
    return params


CHILD = "import time; t = time.perf_counter(); import sim; sim.run(); print(time.perf_counter() - t)"


def first_call_seconds(kernel_dir: str | None) -> float:
    """``import sim; sim.run()`` in a fresh process [s]; ``kernel_dir`` None = the user's cache."""
    env = dict(os.environ)
    if kernel_dir is not None:
        env["SIM_KERNEL_DIR"] = kernel_dir
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True,
                          timeout=600)
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and runs (smoke test)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "population.json")
    args = parser.parse_args(argv)
    inputs = baseline_inputs()
    state = initial_state(GRID["start"], inputs.diaspora[GRID["start"]])

    def run(params, **options):
        return MODEL.run(**GRID, params=params, initial=state, data=inputs.data, **options)

    # the population engine on its own: the economy's feedback on migration off (neutral_economy)
    population_params = inputs.params | neutral_economy()
    run(population_params)  # compile (or load the cached drivers)
    single = median_seconds(lambda: run(population_params), 5 if args.quick else 50)
    report = {"single_run_ms": single * 1e3, "batches": {}}
    print(f"single baseline run: {single * 1e3:.3f} ms (target < 1 ms)")
    for saved, save in SAVES.items():
        for n in (1_000,) if args.quick else (1_000, 10_000):
            params = varied_params(population_params, n)
            run(params, save=save)  # compile the parallel driver, touch memory
            row = {}
            for threads in (1, 2):
                seconds = median_seconds(lambda: run(params, threads=threads, save=save), 2 if args.quick else 3)
                row[f"threads_{threads}"] = {"seconds": seconds, "runs_per_second": n / seconds}
            row["speedup_1_to_2"] = row["threads_1"]["seconds"] / row["threads_2"]["seconds"]
            report["batches"][f"{saved}/{n}"] = row
            print(f"{n:>6,} runs, saving {saved:<11}: 1 thread {row['threads_1']['runs_per_second']:>7,.0f} runs/s, "
                  f"2 threads {row['threads_2']['runs_per_second']:>7,.0f} runs/s "
                  f"(speed-up {row['speedup_1_to_2']:.2f}x; target >= 20,000 runs/s at 10,000)")
    empty = tempfile.mkdtemp(prefix="sim_kernels_")
    cold = first_call_seconds(empty)  # compiles the drivers and calibrates, filling the cache
    warm = [first_call_seconds(empty) for _ in range(1 if args.quick else 3)]
    report["first_call_s"] = {"empty_cache": cold, "populated_cache": warm}
    print(f"fresh process, import sim + sim.run(): empty cache {cold:.2f} s, populated cache "
          f"{', '.join(f'{w:.2f}' for w in warm)} s")
    report["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "numba": numba.__version__,
                         "numpy": np.__version__, "threading_layer": numba.threading_layer()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=args.out.parent, suffix=".tmp")
    with os.fdopen(handle, "w") as stream:
        json.dump(report, stream, indent=2)
    os.replace(temporary, args.out)
    print(f"written: {args.out}")
    return report


if __name__ == "__main__":
    main()
