"""A/B speed and bit-identity of the Tohoku kernel between two source trees.

    python benchmarks/bench_kernel_ab.py dump PATH.npz          # reference outputs of this tree
    python benchmarks/bench_kernel_ab.py compare PATH.npz       # this tree's outputs == the reference?
    python benchmarks/bench_kernel_ab.py time [--repeats N]     # runs/s of one 4,096-run chunk (JSON line)
    python benchmarks/bench_kernel_ab.py ab OLD_ROOT NEW_ROOT [--pairs N] [--rows R]
    python benchmarks/bench_kernel_ab.py ab ea2dae6 .               # a commit: checked out for the run

``dump``/``compare``: every saved stock and auxiliary (``save=None``) of (a) one run per scenario
file (all of ``scenarios/``), Euler saved every step and RK4 saved yearly, and (b) a Monte Carlo chunk
of ``conf/sweep/growth_sensitivity.yaml``'s parameters drawn at random on every scenario (48 rows ×
8 scenarios = 384 runs, parallel; ``monte_carlo.yaml`` now draws the ensemble's posterior, which has
no distributions to draw from) saved yearly. ``compare`` uses ``np.array_equal`` on every array (NaN would fail:
none occur) and exits 1 on any difference.

``time``: the raw sweep kernel as ``bench_sweep.py`` times it (``TohokuEvaluator`` of
``growth_sensitivity`` on the baseline, one chunk of 4,096 Monte Carlo rows saving ``grp_real``,
``population_total`` and ``productivity_ratio_japan``), after a warm-up call, on 1 and 2 numba
threads, interleaved; wall time and the process's CPU time (``time.process_time``: every thread of
this process, not the time the shared machine's other processes took).

``ab``: OLD and NEW are source trees, or git revisions of this repository, each checked out into a
temporary worktree for the run (removed after): ``ab ea2dae6 .`` times the first economy against
this tree. Two live worker processes (``serve``), one per tree (``PYTHONPATH`` = its root), each
loading its kernel once (each tree compiles its own drivers: their cache key hashes its sources).
The parent has them time one chunk of ``--rows`` runs (default 128) in turn, ``--pairs`` times
(default 100) on 1 and on 2 threads, the order flipped every pair, so that drifting load on the
shared machine hits both alike; it prints, for wall and CPU time, each tree's runs/s (median), the
median of the per-pair speed ratios new/old and the ratio of the best times, and the JSON of every
time on its first line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CHUNK = 4096
ALL_SCENARIOS = "[" + ",".join(sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))) + "]"


def _evaluator_parts(sweep: str, scenarios: str | None, n: int, outputs: str | None = None):
    import sim
    from sim.sweep import plan

    overrides = [f"sweep={sweep}", "sweep.method=monte_carlo", f"sweep.n={n}"]
    if scenarios:
        overrides.append(f"sweep.scenarios={scenarios}")
    if outputs:
        overrides.append(f"sweep.outputs={outputs}")
    evaluator, values, _ = plan(sim.compose(overrides))
    return evaluator, values


def outputs_of_tree() -> dict[str, np.ndarray]:
    from sim.model.tohoku import MODEL
    from sim.population import baseline_inputs, initial_state

    evaluator, values = _evaluator_parts("growth_sensitivity", ALL_SCENARIOS, 48)
    inputs = baseline_inputs()
    start = evaluator.grid["start"]
    initial = initial_state(start, inputs.diaspora[start])
    grid = {k: evaluator.grid[k] for k in ("start", "stop", "dt")}
    out = {}
    for name, row in zip(evaluator.names, evaluator.base):
        params = row[None, :].copy()
        for method, saveper in (("euler", grid["dt"]), ("rk4", 1.0)):
            result = MODEL.run(**grid, saveper=saveper, method=method, params=params, initial=initial,
                               data=inputs.data, parallel=False)
            out[f"{name}/{method}/stocks"] = result.stocks
            out[f"{name}/{method}/aux"] = result.aux
    # the chunk: as TohokuEvaluator.__call__ builds it, every variable saved
    rows, scenarios = values.shape[0], len(evaluator.names)
    from sim.model.state import PARAMS
    params = np.tile(evaluator.base, (rows, 1))
    for j, name in enumerate(evaluator.parameters):
        params[:, PARAMS.slice(name)] = np.repeat(values[:, j], scenarios)[:, None]
    result = MODEL.run(**grid, saveper=1.0, params=params, initial=initial, data=inputs.data)
    out["chunk/stocks"] = result.stocks
    out["chunk/aux"] = result.aux
    return out


def time_kernel(repeats: int) -> dict:
    import numba

    evaluator, values = _evaluator_parts("growth_sensitivity", "[baseline]", CHUNK,
                                         "[grp_real,population_total,productivity_ratio_japan]")
    chunk = values[:CHUNK]
    times = {1: [], 2: []}
    cpu = {1: [], 2: []}
    previous = numba.get_num_threads()
    try:
        for threads in (1, 2):
            numba.set_num_threads(threads)
            evaluator(chunk)
        for _ in range(repeats):
            for threads in (1, 2):
                numba.set_num_threads(threads)
                began, began_cpu = time.perf_counter(), time.process_time()
                evaluator(chunk)
                times[threads].append(time.perf_counter() - began)
                cpu[threads].append(time.process_time() - began_cpu)
    finally:
        numba.set_num_threads(previous)
    return ({f"threads_{t}": CHUNK / statistics.median(v) for t, v in times.items()}
            | {f"cpu_threads_{t}": CHUNK / statistics.median(v) for t, v in cpu.items()}
            | {"repeats": times, "cpu_repeats": cpu})


def serve(rows: int) -> None:
    """Worker of ``ab``: load the kernel once, then time one chunk per line read (``1`` or ``2``:
    numba threads), printing ``wall cpu`` seconds; stop at end of input."""
    import numba

    evaluator, values = _evaluator_parts("growth_sensitivity", "[baseline]", CHUNK,
                                         "[grp_real,population_total,productivity_ratio_japan]")
    chunk = values[:rows]
    for threads in (1, 2):
        numba.set_num_threads(threads)
        evaluator(chunk)
    print("ready", flush=True)
    for line in sys.stdin:
        numba.set_num_threads(int(line))
        began, began_cpu = time.perf_counter(), time.process_time()
        evaluator(chunk)
        print(time.perf_counter() - began, time.process_time() - began_cpu, flush=True)


@contextlib.contextmanager
def source_tree(which: str):
    """The root of a source tree: ``which`` itself if it is a folder, else a temporary git worktree of
    the revision ``which`` (removed afterwards)."""
    if Path(which).is_dir():
        yield Path(which).resolve()
        return
    repository = Path(__file__).resolve().parents[1]
    revision = subprocess.run(["git", "rev-parse", "--verify", f"{which}^{{commit}}"], cwd=repository,
                              capture_output=True, text=True)
    if revision.returncode != 0:
        raise SystemExit(f"{which!r} is neither a folder nor a git revision of {repository}")
    with tempfile.TemporaryDirectory(prefix="ab-") as folder:
        root = Path(folder) / which.replace("/", "_")
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(root), revision.stdout.strip()],
                       cwd=repository, check=True)
        try:
            yield root
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(root)], cwd=repository, check=False)


def ab(old: Path, new: Path, pairs: int, rows: int) -> dict:
    """Time both trees in two live worker processes, in turn, chunk by chunk (see the module docstring)."""
    def start(root: Path):
        env = dict(os.environ, PYTHONPATH=str(root))
        worker = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "serve", "--rows", str(rows)],
                                  env=env, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        while worker.stdout.readline().strip() != "ready":
            if worker.poll() is not None:
                raise RuntimeError(f"worker for {root} failed")
        return worker

    workers = {"old": start(old), "new": start(new)}
    seconds = {(which, threads, kind): [] for which in workers for threads in (1, 2) for kind in ("wall", "cpu")}
    try:
        for i in range(pairs):
            for threads in (1, 2):
                for which in (("old", "new") if i % 2 == 0 else ("new", "old")):
                    worker = workers[which]
                    worker.stdin.write(f"{threads}\n")
                    worker.stdin.flush()
                    wall, cpu = map(float, worker.stdout.readline().split())
                    seconds[(which, threads, "wall")].append(wall)
                    seconds[(which, threads, "cpu")].append(cpu)
    finally:
        for worker in workers.values():
            worker.stdin.close()
            worker.wait(timeout=60)
    report = {"rows": rows, "pairs": pairs}
    for threads in (1, 2):
        for kind in ("wall", "cpu"):
            old_s, new_s = seconds[("old", threads, kind)], seconds[("new", threads, kind)]
            ratios = [o / n for o, n in zip(old_s, new_s)]  # > 1: new is faster
            report[f"{kind}_threads_{threads}"] = {
                "old_runs_per_s": rows / statistics.median(old_s), "new_runs_per_s": rows / statistics.median(new_s),
                "speed_ratios": ratios, "median_speed_ratio": statistics.median(ratios),
                "best_speed_ratio": min(old_s) / min(new_s), "old_seconds": old_s, "new_seconds": new_s}
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("dump", "compare"):
        sub.add_parser(name).add_argument("path", type=Path)
    timed = sub.add_parser("time")
    timed.add_argument("--repeats", type=int, default=5)
    both = sub.add_parser("ab")
    both.add_argument("old", help="source tree or git revision")
    both.add_argument("new", help="source tree or git revision")
    both.add_argument("--pairs", type=int, default=100)
    both.add_argument("--rows", type=int, default=128)
    sub.add_parser("serve").add_argument("--rows", type=int, default=128)
    args = parser.parse_args(argv)
    if args.command == "dump":
        np.savez(args.path, **outputs_of_tree())
    elif args.command == "compare":
        reference = np.load(args.path)
        mine = outputs_of_tree()
        differ = [k for k in reference.files if not np.array_equal(reference[k], mine[k])]
        missing = sorted(set(reference.files) ^ set(mine))
        print(f"{len(reference.files)} arrays compared, {sum(a.size for a in mine.values()):,} values; "
              f"different: {differ or 'none'}; missing: {missing or 'none'}")
        sys.exit(1 if differ or missing else 0)
    elif args.command == "time":
        print(json.dumps(time_kernel(args.repeats)))
    elif args.command == "serve":
        serve(args.rows)
    else:
        with contextlib.ExitStack() as trees:
            old, new = (trees.enter_context(source_tree(which)) for which in (args.old, args.new))
            report = ab(old, new, args.pairs, args.rows)
        print(json.dumps(report))
        for key, row in report.items():
            if isinstance(row, dict):
                print(f"{key}: old {row['old_runs_per_s']:,.0f} runs/s, new {row['new_runs_per_s']:,.0f} runs/s; "
                      f"median speed ratio new/old {row['median_speed_ratio']:.3f} (ratios "
                      f"{min(row['speed_ratios']):.3f}-{max(row['speed_ratios']):.3f}); best/best "
                      f"{row['best_speed_ratio']:.3f}")


if __name__ == "__main__":
    main()
