"""Speed and memory of sweeps: full Tohoku model runs per second through ``run_sweep`` (in-process
and on Dask), the raw kernel on 1 and 2 threads, and the 100,000-run Sobol sweep end to end.

    python benchmarks/bench_sweep.py [--quick] [--out PATH]

Every run is the full Tohoku model (six prefectures, 2020-2035, dt 0.25, Euler) through
``sim.sweep.TohokuEvaluator``, keeping a few outputs in 2032 only. Measured (nothing is asserted;
the machine is shared and noisy, so ratios measured in the same run matter more than absolutes):

1. **Sobol sweep end to end** (after a warm-up that primes the kernel cache): ``python -c``
   running ``run_configured`` on ``sweep=growth_sensitivity`` (10 parameters),
   ``sweep.scenarios=[baseline]``, ``sweep.n=8192`` (8192 x 12 = 98,304 runs; SALib warns for an n
   that is not a power of 2, such as the 8,334 that would give 100,000), chunks of 4,096 runs, to a
   Zarr store in a temporary directory, then analysed (``sensitivity.csv``: S1/ST of every output in
   2032, ``percentiles.csv``, and whatever else ``run_configured`` writes: figures, report). Wall
   time of the child process (interpreter start-up, import, kernel load from the primed cache,
   sampling, runs, writes, analysis, report), phases timed in the child, and peak
   memory: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the child exits (KiB on Linux), taken in a
   small launcher process between this one and the child (Linux carries a parent's peak RSS over
   into a forked child's ``ru_maxrss``), checked against the child's own ``VmHWM``. Targets of the
   issue: < 1 minute, < 2 GiB. The full run adds n = 16384 (196,608 runs).
2. **Throughput in-process**: ``run_sweep(..., backend="in_process")`` of 10^3, 10^4 and 10^5 runs
   (Monte Carlo design over the same 10 parameters, ``sweep.outputs=[grp_real, population_total,
   productivity_ratio_japan]`` plus the employment weight = 4 arrays kept) into a fresh Zarr store
   after a warm-up sweep; peak RSS of this process during each run (psutil, sampled every 5 ms).
   Target of the issue: >= 10,000 full-model runs per second on this 2-core machine.
3. **Raw kernel**: ``evaluator(values)`` on one chunk of 4,096 rows with ``numba.set_num_threads(1)``
   and ``(2)``, repeats interleaved with the control kernel of ``bench_core.py`` (its 1->2 speed-up
   shows what the shared machine allowed meanwhile).
4. **Where a chunk's time goes**: cProfile over one in-process ``run_sweep`` of 3 chunks of 4,096:
   the compiled drivers, the rest of ``Model.run`` (checks, fills, allocation), the rest of
   ``TohokuEvaluator.__call__`` (parameter assembly, output extraction), Zarr (``open_store``; the
   chunks' writes run on the writer thread, which cProfile does not see: what the main thread waits
   for them is in "rest of run_sweep").
5. **Throughput on Dask**: a ``LocalCluster`` of 2 worker processes with 1 thread each (what
   ``run_sweep`` starts itself), its start timed apart; workers warmed (kernel loaded, a tiny sweep)
   before ``run_sweep(..., backend="dask", address=...)`` of the same sizes. The full run repeats the
   largest size with the kernel on 1 numba thread per worker (an evaluator wrapper calling
   ``numba.set_num_threads(1)`` in the task's thread; by default each worker's kernel runs 2 numba
   threads: 4 threads on 2 cores). Workers' peak memory: ``VmHWM``.

Prints a table and writes JSON to benchmarks/results/sweep-<UTC timestamp>.json (temporary file,
then rename). ``--quick`` (about 25 s): 10^3 and 10^4 runs, a Sobol sweep with n = 1024 (12,288 runs),
one kernel repeat, no Dask variant.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numba
import psutil

import sim
from timing import (  # noqa: E402
    CONTROL_CONCLUSIVE, control_seconds, control_speedup, machine, sources_digest, spin, write_report)
from sim.results import git_sha
from sim.sweep import config_text, plan, run_sweep

REPO = Path(__file__).resolve().parents[1]
CHUNK = 4096  # runs per chunk (one compiled call)
OUTPUTS = "[grp_real,population_total,productivity_ratio_japan]"
TARGET_RUNS_PER_SECOND = 10_000
TARGET_SOBOL_S = 60.0
TARGET_SOBOL_KIB = 2 * 1024 * 1024


# --- helpers -------------------------------------------------------------------------------------

def compose(n: int, method: str = "monte_carlo", store: str | None = None, outputs: str | None = OUTPUTS):
    overrides = ["sweep=growth_sensitivity", f"sweep.method={method}", f"sweep.n={n}", "sweep.scenarios=[baseline]",
                 f"sweep.chunk_size={CHUNK}"]
    if outputs:
        overrides.append(f"sweep.outputs={outputs}")
    if store:
        overrides.append(f"sweep.store={store}")
    return sim.compose(overrides)


def design(n: int):
    """(evaluator, values, parameter names, config text) of a Monte Carlo design of ``n`` runs."""
    cfg = compose(n)
    evaluator, values, parameters = plan(cfg)
    return evaluator, values, [p.name for p in parameters], config_text(cfg)


class PeakRSS:
    """Peak resident memory of this process while the block runs (a thread samples psutil)."""

    def __init__(self, interval: float = 0.005):
        self.interval, self.process = interval, psutil.Process()

    def __enter__(self):
        self.before = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.interval)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def timed_sweep(evaluator, values, names, text, *, backend="in_process", address=None) -> dict:
    """One ``run_sweep`` into a fresh store in a temporary directory: seconds, runs/s, peak RSS."""
    folder = tempfile.mkdtemp(prefix="bench_sweep_")
    control = control_speedup()
    try:
        with PeakRSS() as memory:
            start = time.perf_counter()
            run_sweep(evaluator, values, names, Path(folder) / "sweep.zarr", config_yaml=text, chunk_size=CHUNK,
                      backend=backend, address=address, workers=2, progress=False)
            seconds = time.perf_counter() - start
        return {"runs": int(values.shape[0]), "seconds": seconds, "runs_per_second": values.shape[0] / seconds,
                "rss_before_mib": memory.before / 2**20, "rss_peak_mib": memory.peak / 2**20,
                "control_speedup_before_after": [control, control_speedup()]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ctl(row: dict) -> str:
    return "/".join(f"{x:.2f}x" for x in row["control_speedup_before_after"])


def sim_tree_clean() -> bool | None:
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", "sim"], cwd=REPO, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.returncode == 0 and not out.stdout.strip()


# --- 1. the Sobol sweep in a fresh process ----------------------------------------------------------

SOBOL_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
import sim
import sim.sweep as sweep
n, store, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
phases = {"import_s": time.perf_counter() - t0}
cfg = sim.compose(["sweep=growth_sensitivity", f"sweep.n={n}", "sweep.scenarios=[baseline]",
                   "sweep.chunk_size=%d", f"sweep.store={store}"])
timed = {}
def timing(name, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timed[name] = timed.get(name, 0.0) + time.perf_counter() - start
    return wrapper
sweep.plan = timing("plan_s", sweep.plan)                # sampling, evaluator
sweep.run_sweep = timing("run_sweep_s", sweep.run_sweep)  # runs and Zarr writes
sweep._analyse = timing("analyse_s", sweep._analyse)      # open_results, Sobol indices, percentiles
if hasattr(sweep, "_write_report"):
    sweep._write_report = timing("report_s", sweep._write_report)  # figures and report.html
start = time.perf_counter()
sweep.run_configured(cfg, folder, progress=False)
phases["run_configured_s"] = time.perf_counter() - start
phases.update(timed)
table = pd.read_csv(f"{folder}/sensitivity.csv")
grp = table[(table.output == "grp_real") & (table.year == 2032)].set_index("parameter")
print(json.dumps({"phases": phases, "child_total_s": time.perf_counter() - t0,
                  "self_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "self_vmhwm_kib": int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]),
                  "sensitivity_rows": len(table), "grp_real_2032": grp[["S1", "ST"]].round(4).to_dict("index")}))
""" % CHUNK


#: Starts the Sobol child and reports, once it has exited, its peak memory
#: (``RUSAGE_CHILDREN.ru_maxrss``) and wall time. A small launcher in between, because Linux carries
#: a parent's peak RSS over into a child it forks (``ru_maxrss`` survives fork and exec): spawned
#: straight from this process (~0.3 GiB by then) the child would report at least that.
LAUNCHER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
sys.stderr.write(done.stderr)
sys.stdout.write(done.stdout)
print(json.dumps({"returncode": done.returncode, "child_wall_s": wall,
                  "children_maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "launcher_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def sobol_end_to_end(n: int) -> dict:
    folder = tempfile.mkdtemp(prefix="bench_sobol_")
    try:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-c", SOBOL_CHILD, str(n),
                               f"{folder}/sweep.zarr", folder], capture_output=True, text=True, timeout=900)
        outer = time.perf_counter() - start
        lines = done.stdout.strip().splitlines()
        launcher = json.loads(lines[-1]) if lines else {}
        if done.returncode != 0 or launcher.get("returncode") != 0:
            raise RuntimeError(f"Sobol child failed:\n{done.stderr[-3000:]}")
        child = json.loads(lines[-2])
        runs = n * (10 + 2)
        wall, peak = launcher["child_wall_s"], launcher["children_maxrss_kib"]
        return {"n": n, "runs": runs, "wall_s": wall, "wall_with_launcher_s": outer, "runs_per_second": runs / wall,
                "peak_rss_kib": peak, "launcher_maxrss_kib": launcher["launcher_maxrss_kib"],
                "warnings": [line for line in done.stderr.splitlines() if "Warning" in line][:10],
                "target_s": TARGET_SOBOL_S, "target_kib": TARGET_SOBOL_KIB,
                "time_target_met": wall < TARGET_SOBOL_S, "memory_target_met": peak < TARGET_SOBOL_KIB, **child}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- 3. the raw kernel, 4. the profile -------------------------------------------------------------

def kernel_threads(evaluator, values, repeats: int) -> dict:
    chunk = values[:CHUNK]
    previous = numba.get_num_threads()
    times, control = {1: [], 2: []}, {1: [], 2: []}
    try:
        for threads in (1, 2):  # touch both paths once
            numba.set_num_threads(threads)
            evaluator(chunk)
        for _ in range(repeats):
            for threads in (1, 2):
                numba.set_num_threads(threads)
                start = time.perf_counter()
                evaluator(chunk)
                times[threads].append(time.perf_counter() - start)
            for threads in control:
                control[threads].append(control_seconds(threads))
    finally:
        numba.set_num_threads(previous)
    row = {"rows": int(chunk.shape[0]), "repeats": times, "control_repeats": control}
    for threads in (1, 2):
        seconds = statistics.median(times[threads])
        row[f"threads_{threads}"] = {"seconds": seconds, "runs_per_second": chunk.shape[0] / seconds}
    row["speedup_1_to_2"] = row["threads_1"]["seconds"] / row["threads_2"]["seconds"]
    row["control_speedup"] = statistics.median(control[1]) / statistics.median(control[2])
    row["speedup_conclusive"] = row["control_speedup"] >= CONTROL_CONCLUSIVE
    return row


def profile_chunks(evaluator, values, names, text) -> dict:
    """cProfile over one in-process sweep; seconds per part (cumulative times of named functions)."""
    folder = tempfile.mkdtemp(prefix="bench_profile_")
    profiler = cProfile.Profile()
    try:
        start = time.perf_counter()
        profiler.enable()
        run_sweep(evaluator, values, names, Path(folder) / "sweep.zarr", config_yaml=text, chunk_size=CHUNK,
                  progress=False)
        profiler.disable()
        total = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    cumulative: dict[str, float] = {}
    for (filename, _, function), (_, _, _, ct, _) in pstats.Stats(profiler).stats.items():
        key = None
        if function in ("integrate_parallel", "integrate_serial", "initial_states") and "sim_driver" in filename:
            key = "drivers_" + function
        elif function == "run" and filename.endswith(os.path.join("core", "model.py")):
            key = "model_run"
        elif function == "__call__" and filename.endswith(os.path.join("sweep", "tohoku.py")):
            key = "evaluator_call"
        elif function in ("write_chunk", "open_store") and filename.endswith(os.path.join("sweep", "store.py")):
            key = function
        if key:
            cumulative[key] = cumulative.get(key, 0.0) + ct
    integrate = cumulative.get("drivers_integrate_parallel", 0.0) + cumulative.get("drivers_integrate_serial", 0.0)
    parts = {
        "kernel (integrate driver)": integrate,
        "initial states driver": cumulative.get("drivers_initial_states", 0.0),
        "Model.run Python side": cumulative.get("model_run", 0.0) - integrate
        - cumulative.get("drivers_initial_states", 0.0),
        "evaluator: parameter assembly + output extraction": cumulative.get("evaluator_call", 0.0)
        - cumulative.get("model_run", 0.0),
        # in-process writes run on the writer thread, which cProfile does not see (module docstring)
        "Zarr write_chunk in the main thread": cumulative.get("write_chunk", 0.0),
        "Zarr open_store (inputs written)": cumulative.get("open_store", 0.0),
    }
    parts["rest of run_sweep"] = total - sum(parts.values())
    return {"runs": int(values.shape[0]), "chunks": -(-values.shape[0] // CHUNK), "total_s": total,
            "parts_s": parts, "parts_percent": {k: 100 * v / total for k, v in parts.items()}}


# --- 5. Dask ------------------------------------------------------------------------------------

def _warm_worker(evaluator, rows):
    """Run on each worker: load the kernel and the inputs (what a first chunk would pay)."""
    import time as _time

    import numba as _numba

    start = _time.perf_counter()
    evaluator(rows)
    return {"warm_s": _time.perf_counter() - start, "numba_threads": _numba.get_num_threads(),
            "numba_max_threads": _numba.config.NUMBA_NUM_THREADS,
            "vmhwm_kib": _vmhwm_kib()}


def _vmhwm_kib() -> int:
    """Peak resident memory of this process's own address space (unlike ``ru_maxrss``, not carried
    over from the parent that started it)."""
    with open("/proc/self/status") as status:
        return int(status.read().split("VmHWM:")[1].split()[0])


class Threads:
    """An evaluator that runs its kernel on ``threads`` numba threads in whatever thread calls it
    (``numba.set_num_threads`` is per thread): for Dask workers, whose numba uses every core by default."""

    def __init__(self, evaluator, threads: int):
        self.evaluator, self.threads = evaluator, threads
        self.outputs, self.coords = evaluator.outputs, evaluator.coords

    def __call__(self, values, threads=None):
        numba.set_num_threads(self.threads)
        return self.evaluator(values)


def dask_throughput(sizes: list[int], designs: dict, numba_threads: int | None = None) -> dict:
    """Sweeps on a LocalCluster; ``numba_threads``: the kernel's threads in each worker (default: numba's)."""
    from dask.distributed import Client, LocalCluster

    wrap = (lambda e: e) if numba_threads is None else (lambda e: Threads(e, numba_threads))  # noqa: E731
    label = "" if numba_threads is None else f" (numba {numba_threads} thread per worker)"
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(2)
        cluster_start = time.perf_counter() - start
        evaluator, values, names, text = designs[min(sizes)]
        start = time.perf_counter()
        warm = client.run(_warm_worker, evaluator, values[:8])
        warm_wall = time.perf_counter() - start
        tiny = timed_sweep(wrap(evaluator), values[:64], names, text, backend="dask",
                           address=cluster.scheduler_address)
        rows = {}
        for n in sizes:
            evaluator, values, names, text = designs[n]
            rows[str(n)] = timed_sweep(wrap(evaluator), values, names, text, backend="dask",
                                       address=cluster.scheduler_address)
            print(f"  dask{label}: {n:>7,} runs in {rows[str(n)]['seconds']:.2f} s = "
                  f"{rows[str(n)]['runs_per_second']:,.0f} runs/s (control {ctl(rows[str(n)])})", flush=True)
        peaks = client.run(_vmhwm_kib)
    return {"kernel_numba_threads_per_worker": numba_threads, "cluster_start_s": cluster_start,
            "worker_warm_wall_s": warm_wall,
            "workers": {address: {**info, "vmhwm_after_kib": peaks.get(address)} for address, info in warm.items()},
            "warm_up_sweep_64_runs_s": tiny["seconds"], "sizes": rows}


# --- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, no repeats (smoke test, < ~2 min)")
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON path (default benchmarks/results/sweep-<UTC timestamp>.json)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    stamp = datetime.datetime.now(datetime.timezone.utc)
    out = args.out or REPO / "benchmarks" / "results" / f"sweep-{stamp:%Y%m%dT%H%M%SZ}.json"
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    sobol_n = 1024 if args.quick else 8192
    digest = sources_digest()
    report = {"utc": stamp.isoformat(timespec="seconds"), "quick": args.quick, "git_sha": git_sha(),
              "sim_tree_clean": sim_tree_clean(), "sim_sources_digest": digest, "chunk_size": CHUNK,
              "grid": {"start": 2020, "stop": 2035, "dt": 0.25, "method": "euler", "kept_year": 2032},
              "target_runs_per_second": TARGET_RUNS_PER_SECOND}

    spin(2, 10)  # compile the control kernel
    # Warm-up: load (or compile) the drivers and the inputs; primes the kernel cache for the child.
    designs = {n: design(n) for n in sizes}
    evaluator, values, names, text = designs[min(sizes)]
    start = time.perf_counter()
    timed_sweep(evaluator, values[:64], names, text)
    report["warm_up_s"] = time.perf_counter() - start
    print(f"warm-up (kernel load/compile + a 64-run sweep): {report['warm_up_s']:.1f} s", flush=True)

    # 1. Sobol end to end in a fresh process.
    for key, n in [("sobol", sobol_n)] + ([] if args.quick else [("sobol_16384", 16384)]):
        print(f"Sobol sweep, n = {n} ({n * 12:,} runs), in a fresh process ...", flush=True)
        report[key] = s = sobol_end_to_end(n)
        print(f"  {s['wall_s']:.1f} s, peak {s['peak_rss_kib'] / 2**20:.2f} GiB (VmHWM "
              f"{s['self_vmhwm_kib'] / 2**20:.2f} GiB); phases "
              + ", ".join(f"{k} {v:.1f}" for k, v in s["phases"].items()), flush=True)

    # 2. In-process throughput.
    report["in_process"] = {}
    for n in sizes:
        evaluator, values, names, text = designs[n]
        row = timed_sweep(evaluator, values, names, text)
        row["numba_threads"] = numba.get_num_threads()
        report["in_process"][str(n)] = row
        print(f"  in-process: {n:>7,} runs in {row['seconds']:.2f} s = {row['runs_per_second']:,.0f} runs/s "
              f"(peak RSS {row['rss_peak_mib']:.0f} MiB, {row['rss_before_mib']:.0f} before; control {ctl(row)})",
              flush=True)

    # 3. Raw kernel on 1 and 2 threads; 4. profile.
    evaluator, values, names, text = designs[max(sizes)]
    report["kernel"] = kernel_threads(evaluator, values, 1 if args.quick else 5)
    k = report["kernel"]
    print(f"  kernel, {CHUNK} rows: 1 thread {k['threads_1']['runs_per_second']:,.0f} runs/s, 2 threads "
          f"{k['threads_2']['runs_per_second']:,.0f} runs/s, speed-up {k['speedup_1_to_2']:.2f}x "
          f"(control {k['control_speedup']:.2f}x)", flush=True)
    report["profile"] = profile_chunks(evaluator, values[:3 * CHUNK], names, text)

    # 5. Dask.
    report["dask"] = dask_throughput(sizes, designs)
    if not args.quick:
        report["dask_numba_1_thread"] = dask_throughput([max(sizes)], designs, numba_threads=1)

    report["machine"] = machine() | {"memory_gib": psutil.virtual_memory().total / 2**30}
    report["this_process_vmhwm_kib"] = _vmhwm_kib()
    report["elapsed_s"] = time.perf_counter() - began
    write_report(report, out, digest)
    print_table(report)
    print(f"written: {out} ({report['elapsed_s']:.0f} s)")
    return report


def print_table(report: dict) -> None:
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    rows = [("warm-up (kernel load + 64-run sweep)", f"{report['warm_up_s']:.1f} s", "")]
    for n, row in report["in_process"].items():
        rows.append((f"in-process run_sweep, {int(n):,} runs", f"{row['runs_per_second']:,.0f} runs/s",
                     f"target >= {TARGET_RUNS_PER_SECOND:,}: {met(row['runs_per_second'] >= TARGET_RUNS_PER_SECOND)}"
                     f"; peak RSS {row['rss_peak_mib']:.0f} MiB; control {ctl(row)}"))
    dask = report["dask"]
    rows.append(("Dask LocalCluster start (2 workers x 1 thread)", f"{dask['cluster_start_s']:.1f} s",
                 f"worker warm-up {dask['worker_warm_wall_s']:.1f} s"))
    for n, row in dask["sizes"].items():
        rows.append((f"Dask run_sweep, {int(n):,} runs", f"{row['runs_per_second']:,.0f} runs/s",
                     f"{row['runs_per_second'] / report['in_process'][n]['runs_per_second']:.2f}x in-process; "
                     f"control {ctl(row)}"))
    if "dask_numba_1_thread" in report:
        for n, row in report["dask_numba_1_thread"]["sizes"].items():
            rows.append((f"Dask, kernel on 1 numba thread per worker, {int(n):,} runs",
                         f"{row['runs_per_second']:,.0f} runs/s",
                         f"{row['runs_per_second'] / report['in_process'][n]['runs_per_second']:.2f}x in-process; "
                         f"control {ctl(row)}"))
    k = report["kernel"]
    for threads in (1, 2):
        rows.append((f"kernel, {k['rows']} rows, {threads} thread{'s' * (threads > 1)}",
                     f"{k[f'threads_{threads}']['runs_per_second']:,.0f} runs/s", ""))
    rows.append(("kernel speed-up 1->2 threads", f"{k['speedup_1_to_2']:.2f}x",
                 f"control {k['control_speedup']:.2f}x" + ("" if k["speedup_conclusive"] else ", inconclusive")))
    for key in ("sobol", "sobol_16384"):
        if key not in report:
            continue
        s = report[key]
        rows.append((f"Sobol, 10 params, n={s['n']} ({s['runs']:,} runs), end to end", f"{s['wall_s']:.1f} s",
                     f"target < {TARGET_SOBOL_S:.0f} s: {met(s['time_target_met'])}"))
        rows.append((f"Sobol n={s['n']}, peak memory of the child", f"{s['peak_rss_kib'] / 2**20:.2f} GiB",
                     f"target < 2 GiB: {met(s['memory_target_met'])}"))
    p = report["profile"]
    for part, percent in p["parts_percent"].items():
        rows.append((f"profile ({p['runs']:,} runs): {part}", f"{p['parts_s'][part]:.3f} s", f"{percent:.1f} %"))
    width = max(len(r[0]) for r in rows)
    print()
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>14}  {note}")


if __name__ == "__main__":
    main()
