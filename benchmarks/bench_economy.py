"""Speed of the full Tohoku model (population + economy): one baseline run, batches, ``sim.run``.

    python benchmarks/bench_economy.py [--quick] [--out PATH]

All sectors, six prefectures, 2020-2035, dt 0.25 (60 steps), saved every 1 October; the calibrated
baseline parameters of ``sim.runner.baseline_parameters()``. Compilation is excluded from every
in-process figure (a warm-up call first); times are medians of repeats. Measured:

1. one baseline run, ``MODEL.run(..., parallel=False)``, Euler (target of the issue: < 2 ms after
   compilation), and the compiled driver alone (``MODEL.drivers.integrate_serial`` with its
   arguments prepared once, checked bit-identical with ``MODEL.run``);
2. the same with ``method="rk4"``, and the change of Tohoku's GRP in 2035 when dt is halved;
3. batches of 1,000 and 10,000 runs (``national_productivity_growth`` uniform 0.005-0.01 and
   ``verdoorn_coefficient`` uniform 0.3-0.5, from numpy.random.default_rng(0)) saving a few
   variables, on 1 thread and on all numba threads, repeats interleaved with a control kernel (as in
   bench_core.py) whose 1->2 thread speed-up shows what the shared machine allowed meanwhile;
4. ``sim.run()`` (xarray Dataset) in this process, and ``python -c "import sim; sim.run()"`` in a
   fresh process with the kernel cache primed (``SIM_KERNEL_DIR`` = a new directory, filled by a
   first child, whose empty-cache time is reported too).

Prints a table and writes JSON to benchmarks/results/economy-<UTC timestamp>.json (temporary file,
then rename). No time is asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np

import sim
from timing import CONTROL_CONCLUSIVE, control_seconds, machine, median_seconds, sources_digest, spin, write_report
from sim.core.integrate import METHODS
from sim.core.timegrid import TimeGrid
from sim.model.tohoku import MODEL
from sim.population import baseline_inputs, initial_state
from sim.results import git_sha
from sim.runner import baseline_parameters

REPO = Path(__file__).resolve().parents[1]
GRID = {"start": 2020, "stop": 2035, "dt": 0.25, "saveper": 1.0}
TARGET_SINGLE_MS = 2.0
#: What a batch keeps every 1 October. Population by age is 1,212 slots per run (1.55 GB for
#: 10,000 runs over 16 saves), so the main rows keep per-prefecture aggregates only; the full run
#: adds one row with the population by age at 10,000 runs to show what saving it costs.
SAVES = {"grp+employment": ["grp_real", "employment"], "grp+population": ["grp_real", "population"]}
#: Varied per run (assumption: illustrative ranges around the baseline).
RANGES = {"national_productivity_growth": (0.005, 0.01), "verdoorn_coefficient": (0.3, 0.5)}


def varied_params(base: dict, n: int, seed: int = 0) -> dict:
    """``n`` parameter sets around the baseline."""
    rng = np.random.default_rng(seed)
    params = dict(base)
    for name, (low, high) in RANGES.items():
        params[name] = rng.uniform(low, high, n)
    return params


def kernel_arguments(result, method: str) -> tuple:
    """The arguments ``Model.run`` hands to ``integrate_serial``, rebuilt from public pieces: the
    start state is the saved state at step 0 (no event there), every slot given (so it wins over
    ``init``'s values, which the driver still computes as in a run), the parameters those the run used."""
    grid = TimeGrid(**GRID)
    n_events = int(math.floor((grid.stop - grid.start) / MODEL.event_period + 1e-9))
    event_times = grid.start + MODEL.event_period * np.arange(1, n_events + 1)
    event_steps = np.asarray([grid.step_of("event_times", t) for t in event_times], dtype=np.int64)
    y0 = np.ascontiguousarray(result.stocks[:, 0, :])
    p = np.ascontiguousarray(result.params)
    n = p.shape[0]
    saved_y = np.empty((n, grid.n_saves, MODEL.stock_layout.size))
    saved_aux = np.empty((n, grid.n_saves, MODEL.aux_layout.size))
    slots = np.arange(MODEL.stock_layout.size, dtype=np.int64)
    floor = np.full(MODEL.stock_layout.size, -np.inf)
    for entry in MODEL.stock_layout.entries:
        if entry.nonnegative:
            floor[MODEL.stock_layout.slice(entry.name)] = 0.0
    return (y0, p, None, grid.start, grid.dt, grid.n_steps, grid.save_every, event_steps, slots,
            np.arange(MODEL.aux_layout.size, dtype=np.int64), MODEL.aux_layout.size, METHODS[method], slots, floor,
            saved_y, saved_aux, np.empty(n, dtype=np.int64))


CHILD = "import time; t = time.perf_counter(); import sim; sim.run(); print(time.perf_counter() - t)"


def fresh_process(kernel_dir: str) -> dict:
    """``import sim; sim.run()`` in a new interpreter: time measured in the child (import + run)
    and the whole process's wall time seen from here (interpreter start-up included) [s]."""
    env = dict(os.environ, SIM_KERNEL_DIR=kernel_dir)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True,
                          timeout=600)
    wall = time.perf_counter() - start
    return {"import_and_run_s": float(done.stdout.strip().splitlines()[-1]), "process_wall_s": wall}


def grp_2035(params, inputs, state, dt, method) -> float:
    grid = GRID | {"dt": dt}
    result = MODEL.run(**grid, method=method, params=params, initial=state, data=inputs.data, parallel=False,
                       save=["grp_real"])
    return float(result["grp_real"][0, -1].sum())


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and runs (smoke test, < ~90 s)")
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON path (default benchmarks/results/economy-<UTC timestamp>.json)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    stamp = datetime.datetime.now(datetime.timezone.utc)
    out = args.out or REPO / "benchmarks" / "results" / f"economy-{stamp:%Y%m%dT%H%M%SZ}.json"

    params = {k: np.asarray(v, float) for k, v in baseline_parameters().items()}
    inputs = baseline_inputs()
    state = initial_state(GRID["start"], inputs.diaspora[GRID["start"]])

    def run(params, **options):
        return MODEL.run(**GRID, params=params, initial=state, data=inputs.data, **options)

    digest = sources_digest()
    report = {"utc": stamp.isoformat(timespec="seconds"), "quick": args.quick, "git_sha": git_sha(),
              "sim_sources_digest": digest,
              "grid": GRID, "single_run": {}, "batches": {}}
    repeats = 10 if args.quick else 100

    # 1-2. One baseline run, Euler and RK4: the public call and the compiled driver alone.
    for method in ("euler", "rk4"):
        result = run(params, method=method, parallel=False)  # compile (or load the cached drivers)
        single = median_seconds(lambda: run(params, method=method, parallel=False), repeats)
        arguments = list(kernel_arguments(result, method))
        arguments[2] = inputs.data
        MODEL.drivers.integrate_serial(*arguments)
        saved_y, saved_aux, bad = arguments[-3:]
        identical = bool(np.array_equal(saved_y, result.stocks) and np.array_equal(saved_aux, result.aux)
                         and not (bad >= 0).any())
        kernel = median_seconds(lambda: MODEL.drivers.integrate_serial(*arguments), repeats)
        row = {"run_ms": single * 1e3, "kernel_ms": kernel * 1e3, "python_overhead_ms": (single - kernel) * 1e3,
               "kernel_identical_to_run": identical, "repeats": repeats}
        if method == "euler":
            row["target_ms"] = TARGET_SINGLE_MS
            row["target_met"] = single * 1e3 < TARGET_SINGLE_MS
        report["single_run"][method] = row
        met = f" (target < {TARGET_SINGLE_MS:g} ms: {'met' if row['target_met'] else 'NOT met'})" if method == "euler" else ""
        print(f"single baseline run, {method:<5}: MODEL.run {single * 1e3:.3f} ms{met}; "
              f"driver alone {kernel * 1e3:.3f} ms (bit-identical: {identical})")

    # dt convergence: Tohoku's GRP in 2035, dt 0.25 vs 0.125.
    convergence = {}
    for method in ("euler", "rk4"):
        coarse, fine = (grp_2035(params, inputs, state, dt, method) for dt in (0.25, 0.125))
        convergence[method] = {"grp_2035_dt_0.25": coarse, "grp_2035_dt_0.125": fine,
                               "relative_change_percent": abs(coarse - fine) / abs(fine) * 100}
    report["dt_halving"] = convergence
    print("GRP 2035 change on halving dt: " + ", ".join(
        f"{m} {c['relative_change_percent']:.4f} %" for m, c in convergence.items()))

    # 3. Batches.
    default_threads = numba.get_num_threads()
    thread_counts = sorted({1, min(2, numba.config.NUMBA_NUM_THREADS), default_threads})
    run(varied_params(params, 4), save=SAVES["grp+employment"])  # compile the parallel driver
    spin(2, 10)  # compile the control kernel
    cases = [("grp+employment", 1_000, 3 if args.quick else 7), ("grp+employment", 10_000, 1 if args.quick else 3)]
    if not args.quick:
        cases.append(("grp+population", 10_000, 3))
    for saved, n, batch_repeats in cases:
        save = SAVES[saved]
        batch = varied_params(params, n)
        run(batch, save=save)  # touch memory
        times = {threads: [] for threads in thread_counts}
        control = {1: [], 2: []}
        for _ in range(batch_repeats):  # interleaved, so that drifting load hits each alike
            for threads in thread_counts:
                start = time.perf_counter()
                run(batch, threads=threads, save=save)
                times[threads].append(time.perf_counter() - start)
            for threads in control:
                control[threads].append(control_seconds(threads))
        row = {"save": save, "repeats": times, "control_repeats": control,
               "control_speedup": statistics.median(control[1]) / statistics.median(control[2])}
        for threads in thread_counts:
            seconds = statistics.median(times[threads])
            row[f"threads_{threads}"] = {"seconds": seconds, "runs_per_second": n / seconds}
        if 2 in thread_counts:
            row["speedup_1_to_2"] = row["threads_1"]["seconds"] / row["threads_2"]["seconds"]
            row["speedup_conclusive"] = row["control_speedup"] >= CONTROL_CONCLUSIVE
        report["batches"][f"{saved}/{n}"] = row
        rates = ", ".join(f"{t} thread{'s' * (t > 1)} {row[f'threads_{t}']['runs_per_second']:>6,.0f} runs/s"
                          for t in thread_counts)
        print(f"{n:>6,} runs, saving {saved:<15}: {rates} (speed-up 1->2 {row.get('speedup_1_to_2', math.nan):.2f}x; "
              f"control kernel meanwhile {row['control_speedup']:.2f}x)")

    # 4. sim.run: in this process, then in fresh processes with a primed kernel cache.
    sim.run()  # warm-up (inputs cached in memory, drivers loaded)
    in_process = median_seconds(sim.run, 5 if args.quick else 20)
    kernel_dir = tempfile.mkdtemp(prefix="sim_kernels_")
    empty = fresh_process(kernel_dir)  # compiles the drivers and prepares the inputs: primes the cache
    primed = [fresh_process(kernel_dir) for _ in range(1 if args.quick else 3)]
    shutil.rmtree(kernel_dir, ignore_errors=True)
    report["sim_run"] = {"in_process_s": in_process, "fresh_process_empty_cache": empty,
                         "fresh_process_primed_cache": primed}
    inside = ", ".join(f"{p['import_and_run_s']:.2f}" for p in primed)
    whole = ", ".join(f"{p['process_wall_s']:.2f}" for p in primed)
    print(f"sim.run() in this process: {in_process * 1e3:.1f} ms; fresh process `import sim; sim.run()`: "
          f"primed cache {inside} s (whole process {whole} s), empty cache {empty['import_and_run_s']:.2f} s")

    report["machine"] = machine() | {"numba_threads": default_threads}
    report["elapsed_s"] = time.perf_counter() - began
    write_report(report, out, digest)
    print_table(report)
    print(f"written: {out} ({report['elapsed_s']:.0f} s)")
    return report


def print_table(report: dict) -> None:
    rows = []
    for method, row in report["single_run"].items():
        rows.append((f"single run, {method}, MODEL.run", f"{row['run_ms']:.3f} ms"))
        rows.append((f"single run, {method}, driver alone", f"{row['kernel_ms']:.3f} ms"))
    for method, row in report["dt_halving"].items():
        rows.append((f"GRP 2035 change on halving dt, {method}", f"{row['relative_change_percent']:.4f} %"))
    for name, row in report["batches"].items():
        for key, value in row.items():
            if key.startswith("threads_"):
                rows.append((f"batch {name}, {key.replace('_', ' ')}", f"{value['runs_per_second']:,.0f} runs/s"))
        if "speedup_1_to_2" in row:
            verdict = "" if row["speedup_conclusive"] else ", inconclusive: a core was busy"
            rows.append((f"batch {name}, speed-up 1->2 threads",
                         f"{row['speedup_1_to_2']:.2f}x (control {row['control_speedup']:.2f}x{verdict})"))
    runs = report["sim_run"]
    rows.append(("sim.run(), same process (warm)", f"{runs['in_process_s'] * 1e3:.1f} ms"))
    for i, primed in enumerate(runs["fresh_process_primed_cache"]):
        rows.append((f"fresh process, primed cache #{i + 1} (import+run / whole)",
                     f"{primed['import_and_run_s']:.2f} / {primed['process_wall_s']:.2f} s"))
    empty = runs["fresh_process_empty_cache"]
    rows.append(("fresh process, empty cache (import+run / whole)",
                 f"{empty['import_and_run_s']:.2f} / {empty['process_wall_s']:.2f} s"))
    width = max(len(label) for label, _ in rows)
    print()
    print(f"{'measure':<{width}}  value")
    print("-" * (width + 20))
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
