"""Where one evaluation of the Tohoku rates spends its time: each sector call of ``rhs``, timed alone.

    python benchmarks/bench_sectors.py [--step 20] [--calls 20000] [--repeats 7] [--out PATH]

The baseline (``sim.runner.baseline_parameters()``) is run from 2020 with every step saved; the
state at ``--step`` (default 20: 2025) is the state every call sees. The statements of
``sim.model.tohoku.rhs`` are read from its source, so the list follows the model: for each call
statement a compiled loop runs the statements before it once (what it reads from ``aux`` is then
that state's) and times the statement ``--calls`` times (best of ``--repeats``: the machine is
shared). Also timed: the whole ``rhs``, the Euler update of every slot, and, as the yardstick of
what the economy's ``exp``/``log`` calls cost, glibc's ``exp`` and ``log`` on 250 independent
arguments. Everything is in cache and the branches are trained, so the sum is a lower bound of a
real step. Prints a table and writes JSON (temporary file, then rename). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import math
import textwrap
import time
from pathlib import Path

import numba
import numpy as np

from timing import machine, sources_digest, write_report
from sim.model import tohoku
from sim.model.tohoku import MODEL
from sim.population import baseline_inputs, initial_state
from sim.runner import baseline_parameters

REPO = Path(__file__).resolve().parents[1]
GRID = {"start": 2020, "stop": 2035, "dt": 0.25}


def rhs_statements() -> list[str]:
    """The statements of ``rhs``'s body, as source text, in order (the docstring left out)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(tohoku.rhs.py_func)))
    body = tree.body[0].body
    return [ast.unparse(node) for node in body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]


def timed_loop(setup: list[str], statement: str):
    """A compiled ``loop(t, y, p, data, dydt, aux, n)``: ``setup`` once, then ``statement`` n times."""
    lines = [f"    {line}" for line in setup] + ["    for _ in range(n):", textwrap.indent(statement, "        ")]
    source = "def loop(t, y, p, data, dydt, aux, n):\n" + "\n".join(lines) + "\n"
    namespace = dict(vars(tohoku))
    exec(source, namespace)  # the sectors are tohoku's globals: the loop calls the same compiled functions
    return numba.njit(nogil=True, error_model="numpy")(namespace["loop"])


@numba.njit(nogil=True, error_model="numpy")
def euler_update(y, dydt, dt, n):
    """The driver's Euler update of every slot, ``n`` times (on a copy: the state is left as it was)."""
    work = y.copy()
    for _ in range(n):
        for k in range(work.size):
            work[k] += dt * dydt[k]
    return work


@numba.njit(nogil=True, error_model="numpy")
def libm_calls(x, n, which):
    """``n`` passes of ``exp`` (which = 0) or ``log`` (1) over ``x``: independent calls, summed."""
    total = 0.0
    for _ in range(n):
        for k in range(x.size):
            total += math.exp(x[k]) if which == 0 else math.log(x[k])
    return total


def best_seconds_per_call(function, calls: int, repeats: int) -> float:
    """Best of ``repeats`` timings of ``function(calls)``, per call [s]."""
    function(2)  # compile
    best = math.inf
    for _ in range(repeats):
        began = time.perf_counter()
        function(calls)
        best = min(best, time.perf_counter() - began)
    return best / calls


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=20, help="grid step whose state every call sees (0-60)")
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "sectors.json")
    args = parser.parse_args(argv)
    steps = round((GRID["stop"] - GRID["start"]) / GRID["dt"])
    if not 0 <= args.step <= steps:
        parser.error(f"--step={args.step} is not allowed; allowed: 0 to {steps}")
    digest = sources_digest()
    params = {k: np.asarray(v, float) for k, v in baseline_parameters().items()}
    inputs = baseline_inputs()
    start = initial_state(GRID["start"], inputs.diaspora[GRID["start"]])
    result = MODEL.run(**GRID, saveper=GRID["dt"], params=params, initial=start, data=inputs.data, parallel=False)
    y = np.ascontiguousarray(result.stocks[0, args.step])
    p = np.ascontiguousarray(result.params[0])
    t = GRID["start"] + args.step * GRID["dt"]
    dydt, aux = np.zeros_like(y), np.zeros(MODEL.aux_layout.size)
    statements = rhs_statements()
    rows = {}
    for i, statement in enumerate(statements):
        if isinstance(ast.parse(statement).body[0], (ast.For, ast.While)):
            continue  # the constant slots' zero rates: not a sector
        loop = timed_loop(statements[:i], statement)
        rows[statement.split("(")[0].split("=")[-1].strip()] = best_seconds_per_call(
            lambda n, loop=loop: loop(t, y, p, inputs.data, dydt, aux, n), args.calls, args.repeats)
    whole = timed_loop([], "rhs(t, y, p, data, dydt, aux)")
    rhs_seconds = best_seconds_per_call(lambda n: whole(t, y, p, inputs.data, dydt, aux, n), args.calls, args.repeats)
    euler_seconds = best_seconds_per_call(lambda n: euler_update(y, dydt, GRID["dt"], n), args.calls, args.repeats)
    arguments = np.random.default_rng(0).uniform(0.5, 2.0, 250)
    libm = {name: best_seconds_per_call(lambda n, w=which: libm_calls(arguments, n, w), args.calls // 100,
                                        args.repeats) / arguments.size
            for which, name in enumerate(("exp", "log"))}
    print(f"state at step {args.step} (t = {t}); best of {args.repeats} × {args.calls:,} calls, ns per call")
    print(f"{'statement of rhs':28s} {'ns':>7s} {'share':>6s}")
    for name, seconds in rows.items():
        print(f"{name:28s} {seconds * 1e9:7.0f} {seconds / rhs_seconds:6.1%}")
    print(f"{'sum of the statements':28s} {sum(rows.values()) * 1e9:7.0f}")
    print(f"{'rhs, whole':28s} {rhs_seconds * 1e9:7.0f}")
    print(f"{'Euler update, all slots':28s} {euler_seconds * 1e9:7.0f}")
    print(f"glibc exp {libm['exp'] * 1e9:.1f} ns, log {libm['log'] * 1e9:.1f} ns per independent call")
    report = {"step": args.step, "time": t, "calls": args.calls, "repeats": args.repeats,
              "statement_ns": {k: v * 1e9 for k, v in rows.items()}, "rhs_ns": rhs_seconds * 1e9,
              "euler_update_ns": euler_seconds * 1e9, "libm_ns": {k: v * 1e9 for k, v in libm.items()},
              "machine": machine(), "sim_sources": digest}
    write_report(report, args.out, digest)
    return report


if __name__ == "__main__":
    main()
