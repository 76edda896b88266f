"""Benchmark of sim.core against a vectorised NumPy loop, solve_ivp, PySD and pysimlin.

Usage::

    python benchmarks/bench_core.py [--quick] [--out PATH]

Prints tables and writes JSON (default ``benchmarks/results/core.json``). Before any timing
it checks that the independent NumPy implementation (``benchmarks/numpy_models.py``)
equals sim's Euler result within 1e-9 relative on both models, and aborts otherwise.

Models: ``sim.examples.tohoku_toy`` (50 years, dt 1/4: 200 steps, 42 state slots) and
``sim.examples.chain`` (40 years, dt 1/4: 160 steps, 200 state slots). Scenario
parameters are drawn from ``np.random.default_rng(0)`` (see ``TOY_RANGES``, ``CHAIN_RANGES``).

Saving: every step (SAVEPER = TIME STEP) up to 10,000 scenarios; at 100,000 scenarios
only the start and the end (saveper = stop - start), to keep memory bounded. The NumPy
loop saves the same points. Times are medians of repeats after a warm-up call, so numba
compilation is excluded (the first-call section measures it separately). Contenders for one
figure (sim, sim on one thread, NumPy) are timed in turn, so drifting load hits each alike, and
a control kernel (independent arithmetic, no memory traffic) timed alongside at 1 and 2 threads
shows what the machine allowed then; a target that needs two cores is marked inconclusive when
it did not have them. Absolute times are noisy on a shared machine; compare the ratios.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

REPO = Path(__file__).resolve().parents[1]
for folder in (REPO, REPO / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import numba  # noqa: E402

import numpy_models  # noqa: E402
from sim.examples import chain, tohoku_toy  # noqa: E402
from timing import spin  # noqa: E402

MDL = REPO / "sim" / "examples" / "vensim" / "tohoku_toy.mdl"
DEFAULT_OUT = REPO / "benchmarks" / "results" / "core.json"
TOLERANCE = 1e-9
SAVE_ALL_MAX = 10_000  # above this many scenarios only start and end are saved
#: A thread speed-up target is conclusive only if the control kernel got at least this speed-up meanwhile.
CONCLUSIVE_CONTROL = 1.8

#: Scenario parameter ranges, uniform draws [low, high].
TOY_RANGES = {
    "birth_rate": (0.005, 0.009),
    "death_rate": (0.011, 0.015),
    "capital_lifetime": (15.0, 25.0),
    "productivity": (0.8, 1.2),
    "capital_elasticity": (0.25, 0.35),
    "perception_time": (2.0, 4.0),
    "migration_sensitivity": (0.01, 0.03),
    "savings_rate": (0.15, 0.25),
    "construction_delay": (1.0, 3.0),
}
CHAIN_RANGES = {
    "tau": (0.4, 0.8),
    "smooth_time": (1.0, 4.0),
    "base_inflow": (5.0, 15.0),
    "target": (400.0, 600.0),
    "reference_stock": (4.0, 6.0),
    "initial_stock": (1.0, 4.0),
}


@dataclass(frozen=True)
class Config:
    counts: tuple[int, ...]
    batch: int  # scenario count of the batch targets and the thread scaling
    sim_repeats: dict[int, int]
    numpy_repeats: dict[int, int]
    numpy_budget_s: float  # skip a NumPy measurement whose estimated single run exceeds this
    serial_max: int  # also time sim with parallel=False up to this many scenarios
    ivp_scenarios: int
    pysd_runs: int
    pysimlin_runs: int
    thread_repeats: int
    first_call_models: tuple[str, ...]
    cached_children: int


FULL = Config(
    counts=(1, 100, 10_000, 100_000),
    batch=10_000,
    sim_repeats={1: 51, 100: 21, 10_000: 5, 100_000: 3},
    numpy_repeats={1: 5, 100: 5, 10_000: 3, 100_000: 1},
    numpy_budget_s=60.0,
    serial_max=100,
    ivp_scenarios=10,
    pysd_runs=2,
    pysimlin_runs=50,
    thread_repeats=7,
    first_call_models=("tohoku_toy", "chain"),
    cached_children=3,
)
QUICK = Config(
    counts=(1, 100, 2_000),
    batch=2_000,
    sim_repeats={1: 21, 100: 5, 2_000: 3},
    numpy_repeats={1: 3, 100: 2, 2_000: 1},
    numpy_budget_s=10.0,
    serial_max=100,
    ivp_scenarios=3,
    pysd_runs=1,
    pysimlin_runs=20,
    thread_repeats=2,
    first_call_models=("tohoku_toy",),
    cached_children=1,
)


@dataclass(frozen=True)
class Bench:
    """One benchmark model: sim's module, its NumPy twin and its scenario draws."""

    key: str
    module: object
    numpy_run: Callable
    ranges: dict

    @property
    def model(self):
        return self.module.MODEL

    @property
    def n_steps(self) -> int:
        return round((self.module.STOP - self.module.START) / self.module.DT)

    def scenarios(self, n: int) -> dict[str, np.ndarray]:
        rng = np.random.default_rng(0)
        return {name: rng.uniform(low, high, n) for name, (low, high) in self.ranges.items()}

    def one(self, params: dict, j: int) -> dict[str, float]:
        return {name: float(values[j]) for name, values in params.items()}

    def save_every(self, n: int) -> int:
        return 1 if n <= SAVE_ALL_MAX else self.n_steps

    def run_sim(self, n: int, params: dict, *, save_every: int | None = None, **options):
        m = self.module
        save_every = self.save_every(n) if save_every is None else save_every
        return self.model.run(start=m.START, stop=m.STOP, dt=m.DT, saveper=save_every * m.DT,
                              params=params, **options)

    def run_numpy(self, n: int, params: dict, *, save_every: int | None = None):
        save_every = self.save_every(n) if save_every is None else save_every
        return self.numpy_run(params, n, save_every=save_every)


BENCHES = {
    "tohoku_toy": Bench("tohoku_toy", tohoku_toy, numpy_models.run_toy, TOY_RANGES),
    "chain": Bench("chain", chain, numpy_models.run_chain, CHAIN_RANGES),
}


# --- helpers ------------------------------------------------------------------------------


def interleaved(contenders: dict[str, tuple[int, Callable]]) -> dict[str, dict]:
    """Time several functions in turn (a, b, a, b, ...), so that drifting load hits each alike."""
    times: dict[str, list[float]] = {key: [] for key in contenders}
    for round_ in range(max(repeats for repeats, _ in contenders.values())):
        for key, (repeats, function) in contenders.items():
            if round_ < repeats:
                start = time.perf_counter()
                function()
                times[key].append(time.perf_counter() - start)
    return {key: {"median_s": statistics.median(t), "min_s": min(t), "repeats": len(t), "times_s": t}
            for key, t in times.items()}


def per_unit(timing: dict, n: int, n_steps: int) -> dict:
    timing = dict(timing)
    timing["ns_per_scenario_step"] = timing["median_s"] / (n * n_steps) * 1e9
    timing["us_per_scenario"] = timing["median_s"] / n * 1e6
    return timing


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max |b| (normwise per variable, so values crossing 0 are fine)."""
    scale = float(np.max(np.abs(b)))
    return float(np.max(np.abs(a - b))) / (scale if scale > 0 else 1.0)


def version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def source_digest() -> dict[str, str]:
    """Hash of each of sim's sources: sim's kernel cache key changes with them (see sim.core.drivers)."""
    return {str(path.relative_to(REPO)): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            for path in sorted((REPO / "sim").rglob("*.py"))}


def git_head() -> str | None:
    try:  # read-only
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def log(message: str) -> None:
    print(message, flush=True)


def fmt(value, spec: str = ".3g", missing: str = "—") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    return format(value, spec)


# --- sections -----------------------------------------------------------------------------


def check_correctness() -> dict:
    """NumPy loop vs sim Euler on defaults and 8 drawn scenarios; SystemExit if above tolerance."""
    report = {}
    for bench in BENCHES.values():
        cases = {"defaults (1 scenario)": (1, {}), "8 drawn scenarios": (8, bench.scenarios(8))}
        errors = {}
        for label, (n, params) in cases.items():
            reference = bench.run_sim(n, params, save_every=1, parallel=False)
            mine = bench.run_numpy(n, params, save_every=1)
            errors[label] = {name: relative_error(values, reference[name]) for name, values in mine.items()}
        worst = max(e for case in errors.values() for e in case.values())
        report[bench.key] = {"max_rel_error": worst, "tolerance": TOLERANCE, "passed": worst <= TOLERANCE,
                             "per_variable": errors}
        log(f"  {bench.key:<11} NumPy loop vs sim Euler: max relative error {worst:.2e} "
            f"(tolerance {TOLERANCE:.0e}, {sum(len(e) for e in errors.values())} variable checks)")
        if worst > TOLERANCE:
            raise SystemExit(f"ABORT: {bench.key}: NumPy loop and sim differ by {worst:.3e} > {TOLERANCE:.0e}: "
                             f"{json.dumps(errors, indent=1)}")
    return report


def warm_up() -> None:
    spin(2, 10)
    for bench in BENCHES.values():
        for parallel in (True, False):
            bench.run_sim(2, bench.scenarios(2), parallel=parallel)
        bench.run_numpy(2, bench.scenarios(2))


def scaling(config: Config) -> list[dict]:
    """sim and the NumPy loop at each scenario count; plus, at the batch size, both with start and end saved only."""
    rows = []
    for bench in BENCHES.values():
        numpy_per_scenario = previous_n = None
        plan = [(n, bench.save_every(n), False) for n in config.counts]
        if bench.save_every(config.batch) == 1:
            plan.append((config.batch, bench.n_steps, True))  # diagnostic: what saving every step costs
        for n, save_every, diagnostic in plan:
            params = bench.scenarios(n)
            repeats = config.sim_repeats[n]
            row = {"model": bench.key, "n_scenarios": n, "n_steps": bench.n_steps, "diagnostic": diagnostic,
                   "saved": "every step" if save_every == 1 else "start and end only"}
            estimate = None if numpy_per_scenario is None else numpy_per_scenario * n
            skip_numpy = estimate is not None and estimate > config.numpy_budget_s
            contenders = {"sim": (repeats, lambda: bench.run_sim(n, params, save_every=save_every))}
            if n <= config.serial_max:
                contenders["sim_serial"] = (
                    repeats, lambda: bench.run_sim(n, params, save_every=save_every, parallel=False))
            if not skip_numpy:
                contenders["numpy"] = (config.numpy_repeats[n],
                                       lambda: bench.run_numpy(n, params, save_every=save_every))
            if n == config.batch and numba.config.NUMBA_NUM_THREADS > 1:
                # NumPy runs on one core: sim on one thread too; and what the machine allowed meanwhile
                contenders["sim_1thread"] = (repeats, lambda: bench.run_sim(n, params, save_every=save_every,
                                                                           threads=1))
                contenders["control_1"] = (repeats, lambda: _with_threads(1, lambda: spin(32, 1_000_000)))
                contenders["control_2"] = (repeats, lambda: _with_threads(2, lambda: spin(32, 1_000_000)))
            timings = interleaved(contenders)
            if "control_1" in timings:
                row["control_speedup"] = timings.pop("control_1")["median_s"] / timings.pop("control_2")["median_s"]
            for key, timing in timings.items():
                row[key] = per_unit(timing, n, bench.n_steps)
            if skip_numpy:
                row["numpy"] = {"skipped": f"estimated {estimate:.0f} s per run (from the per-scenario time at "
                                           f"{previous_n:,} scenarios) exceeds the {config.numpy_budget_s:.0f} s "
                                           "budget per measurement"}
            else:
                row["numpy_over_sim"] = row["numpy"]["median_s"] / row["sim"]["median_s"]
                if not diagnostic:
                    numpy_per_scenario, previous_n = row["numpy"]["median_s"] / n, n
            rows.append(row)
            numpy_text = (fmt(row["numpy"].get("ns_per_scenario_step"), ".0f") if "skipped" not in row["numpy"]
                          else "skipped")
            log(f"  {bench.key:<11} {n:>7,} scenarios, saved {row['saved']:<18}: sim "
                f"{row['sim']['ns_per_scenario_step']:6.0f} ns/scenario-step, NumPy {numpy_text} ns/scenario-step, "
                f"NumPy/sim {fmt(row.get('numpy_over_sim'), '.1f')}")
    return rows


def solve_ivp_reference(config: Config) -> dict:
    from scipy.integrate import solve_ivp

    bench = BENCHES["chain"]
    params = bench.scenarios(config.ivp_scenarios)
    runs = []
    for j in range(config.ivp_scenarios):
        one = bench.one(params, j)
        rhs = numpy_models.chain_ivp_rhs(one)
        y0 = numpy_models.chain_initial_state(one)
        start = time.perf_counter()
        solution = solve_ivp(rhs, (chain.START, chain.STOP), y0)
        seconds = time.perf_counter() - start
        rk4 = bench.run_sim(1, one, save_every=bench.n_steps, method="rk4", parallel=False)
        end_total = float(solution.y[:numpy_models.N_STAGES, -1].sum())
        runs.append({"seconds": seconds, "nfev": int(solution.nfev), "steps": int(solution.t.size - 1),
                     "success": bool(solution.success),
                     "end_total_rel_diff_vs_sim_rk4": abs(end_total / float(rk4["total_material"][0, -1]) - 1.0)})
    seconds = [r["seconds"] for r in runs]
    result = {"method": "RK45, default tolerances (rtol 1e-3, atol 1e-6), adaptive steps",
              "scenarios": config.ivp_scenarios, "median_s_per_scenario": statistics.median(seconds),
              "min_s_per_scenario": min(seconds), "runs": runs}
    log(f"  solve_ivp chain: {result['median_s_per_scenario'] * 1e3:.2f} ms/scenario "
        f"(median of {config.ivp_scenarios}; median {statistics.median(r['nfev'] for r in runs):.0f} rhs calls)")
    return result


def pysd_reference(config: Config, workdir: Path) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pysd

        copy = workdir / MDL.name  # PySD writes its translation next to the .mdl
        shutil.copy(MDL, copy)
        start = time.perf_counter()
        model = pysd.read_vensim(str(copy))
        translate = time.perf_counter() - start
        params = BENCHES["tohoku_toy"].scenarios(config.pysd_runs)["birth_rate"]
        times, differences = [], []
        for birth_rate in params:
            start = time.perf_counter()
            frame = model.run(params={"birth_rate": float(birth_rate)})  # the only parameter changed: full params
            times.append(time.perf_counter() - start)
            sim_run = BENCHES["tohoku_toy"].run_sim(1, {"birth_rate": float(birth_rate)}, parallel=False)
            ours = sim_run["population"][0]
            theirs = np.column_stack([frame[f"Population[{r}]"].to_numpy() for r in tohoku_toy.REGIONS])
            differences.append(relative_error(theirs, ours))
    result = {"version": version("pysd"), "translate_s": translate, "runs": config.pysd_runs,
              "median_s_per_run": statistics.median(times), "times_s": times,
              "population_rel_diff_vs_sim": max(differences),
              "note": "model.run(params={'birth_rate': b}) per run, model translated once (translation excluded)"}
    log(f"  PySD toy: {result['median_s_per_run']:.2f} s/run ({config.pysd_runs} run(s)); "
        f"population vs sim: {result['population_rel_diff_vs_sim']:.1e}")
    return result


def pysimlin_reference(config: Config) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simlin

        model = simlin.load(str(MDL))
        params = BENCHES["tohoku_toy"].scenarios(config.pysimlin_runs)["birth_rate"]
        warm = model.simulate(overrides={"birth_rate": float(params[0])})
        warm.run_to_end()
        times = []
        for birth_rate in params:
            start = time.perf_counter()
            run = model.simulate(overrides={"birth_rate": float(birth_rate)})
            run.run_to_end()
            times.append(time.perf_counter() - start)
        last = float(params[-1])
        theirs = np.column_stack([np.asarray(run.get_series(f"population[{r.lower()}]")) for r in tohoku_toy.REGIONS])
        ours = BENCHES["tohoku_toy"].run_sim(1, {"birth_rate": last}, parallel=False)["population"][0]
    result = {"version": version("pysimlin"), "runs": config.pysimlin_runs,
              "median_s_per_run": statistics.median(times), "min_s_per_run": min(times),
              "population_rel_diff_vs_sim": relative_error(theirs, ours),
              "note": "model loaded once; per run simulate(overrides={'birth_rate': b}) + run_to_end(); "
                      "fetching series excluded"}
    log(f"  pysimlin toy: {result['median_s_per_run'] * 1e3:.3f} ms/run (median of {config.pysimlin_runs}); "
        f"population vs sim: {result['population_rel_diff_vs_sim']:.1e}")
    return result


def _with_threads(threads: int, function: Callable) -> float:
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    finally:
        numba.set_num_threads(previous)


def thread_scaling(config: Config) -> dict:
    """1 vs 2 threads at the batch size, interleaved with a control kernel that shows what the machine allows."""
    report = {}
    n = config.batch
    if numba.config.NUMBA_NUM_THREADS < 2:
        return {"skipped": f"numba has {numba.config.NUMBA_NUM_THREADS} thread(s)"}
    spin(2, 10)
    for bench in BENCHES.values():
        params = bench.scenarios(n)
        entry = {"n_scenarios": n}
        for label, save_every in (("saved every step", 1), ("start and end only", bench.n_steps)):
            times = {1: [], 2: []}
            control = {1: [], 2: []}
            for _ in range(config.thread_repeats):  # interleaved, so drifting load hits both alike
                for threads in (1, 2):
                    start = time.perf_counter()
                    bench.run_sim(n, params, save_every=save_every, threads=threads)
                    times[threads].append(time.perf_counter() - start)
                for threads in (1, 2):
                    control[threads].append(_with_threads(threads, lambda: spin(32, 1_000_000)))
            one, two = statistics.median(times[1]), statistics.median(times[2])
            control_speedup = statistics.median(control[1]) / statistics.median(control[2])
            entry[label] = {"threads_1_s": one, "threads_2_s": two, "speedup": one / two,
                            "control_speedup": control_speedup, "times_s": {str(k): v for k, v in times.items()}}
            log(f"  {bench.key:<11} {n:,} scenarios, {label}: 1 thread {one:.3f} s, 2 threads {two:.3f} s, "
                f"speed-up {one / two:.2f}x (control kernel meanwhile {control_speedup:.2f}x)")
        report[bench.key] = entry
    return report


CHILD = """
import json, time
start = time.perf_counter()
from sim.examples.{module} import MODEL, START, STOP, DT
MODEL.run(start=START, stop=STOP, dt=DT)
seconds = time.perf_counter() - start
drivers = MODEL.drivers
stats = [d.stats for d in (drivers.initial_states, drivers.integrate_serial, drivers.integrate_parallel)]
print(json.dumps({{"seconds": seconds, "cache_hits": sum(sum(s.cache_hits.values()) for s in stats),
                  "cache_misses": sum(sum(s.cache_misses.values()) for s in stats),
                  "disk_cached_drivers": drivers.cached}}))
"""


def first_call(config: Config) -> dict:
    """Fresh processes: import + first MODEL.run, with an empty and then a populated kernel cache."""
    report = {}
    for key in config.first_call_models:
        kernel_dir = Path(tempfile.mkdtemp(prefix="sim_kernels_"))
        env = dict(os.environ, SIM_KERNEL_DIR=str(kernel_dir))
        env.pop("NUMBA_CACHE_DIR", None)  # numba must cache next to the generated drivers
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        code = CHILD.format(module=key)

        def child() -> dict:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                                  timeout=600)
            wall = time.perf_counter() - start
            if done.returncode:
                raise SystemExit(f"first-call child for {key} failed:\n{done.stderr}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["process_wall_s"] = wall
            return result

        # An edit to sim's sources between the children gives the second one a new cache key (a miss
        # that is right, not a cache failure); then the pair is measured again in a fresh directory.
        attempts = []
        for _ in range(3):
            before = source_digest()
            try:
                cold = child()
                cached = [child() for _ in range(config.cached_children)]
            finally:
                shutil.rmtree(kernel_dir, ignore_errors=True)
            changed = source_digest() != before
            attempts.append({"sources_changed": changed, "populated_cache_misses": [c["cache_misses"] for c in cached]})
            if not changed:
                break
            log(f"  {key}: sim's sources changed during the measurement; measuring again")
            kernel_dir = Path(tempfile.mkdtemp(prefix="sim_kernels_"))
            env["SIM_KERNEL_DIR"] = str(kernel_dir)
        report[key] = {"empty_cache": cold, "populated_cache": cached,
                       "populated_cache_median_s": statistics.median(c["seconds"] for c in cached),
                       "attempts": attempts}
        log(f"  {key:<11} empty cache {cold['seconds']:.2f} s (hits {cold['cache_hits']}, misses "
            f"{cold['cache_misses']}); populated cache {report[key]['populated_cache_median_s']:.2f} s (hits "
            f"{cached[0]['cache_hits']}, misses {cached[0]['cache_misses']})")
    return report


def targets(config: Config, rows: list[dict], references: dict, threads: dict, firsts: dict) -> list[dict]:
    def row(model: str, n: int, diagnostic: bool = False) -> dict:
        return next(r for r in rows if r["model"] == model and r["n_scenarios"] == n and r["diagnostic"] == diagnostic)

    batch = config.batch
    toy_batch = row("tohoku_toy", batch)["sim"]["median_s"] / batch
    toy_single = row("tohoku_toy", 1)["sim"]["median_s"]
    toy_serial = row("tohoku_toy", 1).get("sim_serial", {}).get("median_s", math.nan)
    found = []

    def add(name: str, measured: float | None, threshold: float, comparison: str, unit: str, detail: str):
        met = None if measured is None else (measured >= threshold if comparison == ">=" else measured < threshold)
        found.append({"target": name, "measured": measured, "comparison": comparison, "threshold": threshold,
                      "unit": unit, "met": met, "conclusive": True, "detail": detail})

    for engine, label in (("pysd", "PySD"), ("pysimlin", "pysimlin")):
        per_run = references[engine]["median_s_per_run"]
        threshold = 1000.0 if engine == "pysd" else 5.0
        add(f"toy: sim faster than {label} per scenario ({batch:,}-scenario batch)", per_run / toy_batch,
            threshold, ">=", "x", f"{label} {per_run:.4g} s/run vs sim {toy_batch:.4g} s/scenario")
        add(f"toy: sim faster than {label} per scenario (single scenario, informative)", per_run / toy_single,
            threshold, ">=", "x", f"{label} {per_run:.4g} s/run vs sim {toy_single:.4g} s for one scenario; "
            f"with parallel=False {toy_serial:.4g} s, ratio {per_run / toy_serial:.3g}x")
    for model in BENCHES:
        r = row(model, batch)
        ends = next((d for d in rows if d["model"] == model and d["n_scenarios"] == batch and d["diagnostic"]), {})
        per_core = ""
        if "sim_1thread" in r and "skipped" not in r["numpy"]:
            per_core = f"; per core (sim threads=1): {r['numpy']['median_s'] / r['sim_1thread']['median_s']:.2f}x"
            if "sim_1thread" in ends and "skipped" not in ends["numpy"]:
                per_core += f" ({ends['numpy']['median_s'] / ends['sim_1thread']['median_s']:.2f}x start and end)"
        allowed = r.get("control_speedup", math.nan)
        add(f"{model}: sim faster than the NumPy loop at {batch:,} scenarios", r.get("numpy_over_sim"), 3.0, ">=",
            "x", f"NumPy loop median / sim median, same scenarios, saved every step; with start and end saved "
                 f"only: {fmt(ends.get('numpy_over_sim'), '.2f')}x{per_core}; control kernel measured alongside: "
                 f"{allowed:.2f}x")
        if allowed < CONCLUSIVE_CONTROL:
            found[-1]["conclusive"] = False
            found[-1]["detail"] += (f"; INCONCLUSIVE: the machine allowed only {allowed:.2f}x at the time "
                                    "(another process held a core)")
    for model in BENCHES:
        if model in threads:
            entry = threads[model]["start and end only"]
            allowed = entry["control_speedup"]
            add(f"{model}: speed-up 1 -> 2 threads at {batch:,} scenarios", entry["speedup"], 1.7, ">=", "x",
                f"start and end saved (integration only); saved every step: "
                f"{threads[model]['saved every step']['speedup']:.2f}x (page faults of the fresh output arrays "
                f"blur it); control kernel measured alongside: {allowed:.2f}x")
            if allowed < CONCLUSIVE_CONTROL:
                found[-1]["conclusive"] = False
                found[-1]["detail"] += (f"; INCONCLUSIVE: the machine allowed only {allowed:.2f}x at the time "
                                        "(another process held a core)")
    for model, entry in firsts.items():
        add(f"{model}: first call in a fresh process with a populated cache", entry["populated_cache_median_s"],
            3.0, "<", "s", "import sim + first MODEL.run, measured in the child")
    return found


# --- output -------------------------------------------------------------------------------


def print_tables(results: dict) -> None:
    log("\nScaling (sim with default options: parallel, all threads; times are medians)")
    header = (f"{'model':<11} {'scenarios':>9} {'saved':<12} {'sim s/run':>10} {'sim ns/sc-step':>14} "
              f"{'sim us/scen':>11} {'1-core ns/sc-st':>15} {'NumPy ns/sc-st':>14} {'NumPy/sim':>9}")
    log(header)
    log("-" * len(header))
    for r in results["scaling"]:
        numpy = r["numpy"]
        saved = ("all" if r["saved"] == "every step" else "ends") + (" (diag.)" if r["diagnostic"] else "")
        log(f"{r['model']:<11} {r['n_scenarios']:>9,} {saved:<12} "
            f"{r['sim']['median_s']:>10.4g} {r['sim']['ns_per_scenario_step']:>14.0f} "
            f"{r['sim']['us_per_scenario']:>11.1f} "
            f"{fmt((r.get('sim_serial') or r.get('sim_1thread') or {}).get('ns_per_scenario_step'), '.0f'):>15} "
            f"{(fmt(numpy.get('ns_per_scenario_step'), '.0f') if 'skipped' not in numpy else 'skipped'):>14} "
            f"{fmt(r.get('numpy_over_sim'), '.1f'):>9}")
    for r in results["scaling"]:
        if "skipped" in r["numpy"]:
            log(f"  NumPy skipped for {r['model']} at {r['n_scenarios']:,}: {r['numpy']['skipped']}")

    refs = results["references"]
    sim_rows = {(r["model"], r["n_scenarios"]): r for r in results["scaling"] if not r["diagnostic"]}
    batch = results["settings"]["batch"]
    log("\nReference engines, per scenario (ratio = engine time / sim time per scenario)")
    batch_label = f"vs sim, {batch:,} batch"
    header = (f"{'engine':<22} {'model':<11} {'per scenario':>14} {'vs sim, 1 scenario':>19} "
              f"{'vs sim serial, 1 sc.':>21} {batch_label:>20}")
    log(header)
    log("-" * len(header))
    for name, model in (("pysd", "tohoku_toy"), ("pysimlin", "tohoku_toy"), ("solve_ivp", "chain")):
        ref = refs[name]
        per = ref.get("median_s_per_run", ref.get("median_s_per_scenario"))
        single = sim_rows[(model, 1)]["sim"]["median_s"]
        serial = sim_rows[(model, 1)].get("sim_serial", {}).get("median_s", math.nan)
        batched = sim_rows[(model, batch)]["sim"]["median_s"] / batch
        label = {"pysd": f"PySD {ref.get('version')}", "pysimlin": f"pysimlin {ref.get('version')}",
                 "solve_ivp": "scipy solve_ivp RK45"}[name]
        shown = f"{per:.3g} s" if per >= 1 else f"{per * 1e3:.3g} ms"
        log(f"{label:<22} {model:<11} {shown:>14} {per / single:>18.1f}x {per / serial:>20.1f}x "
            f"{per / batched:>19.1f}x")

    threads = results["threads"]
    if "skipped" not in threads:
        log(f"\nThreads at {batch:,} scenarios (speed-up = time with 1 thread / time with 2)")
        for model in BENCHES:
            for label in ("saved every step", "start and end only"):
                e = threads[model][label]
                log(f"  {model:<11} {label:<19} 1 thread {e['threads_1_s']:.3f} s, 2 threads {e['threads_2_s']:.3f} s,"
                    f" speed-up {e['speedup']:.2f}x; control kernel {e['control_speedup']:.2f}x")
        log("  (control kernel: trivially parallel arithmetic without memory traffic, timed between the runs)")

    log("\nFirst call in a fresh process (import sim + first MODEL.run, 1 scenario)")
    for model, e in results["first_call"].items():
        cold = e["empty_cache"]
        log(f"  {model:<11} empty cache {cold['seconds']:.2f} s (hits {cold['cache_hits']}, misses "
            f"{cold['cache_misses']}); populated cache {e['populated_cache_median_s']:.2f} s "
            f"(each: {', '.join(format(c['seconds'], '.2f') for c in e['populated_cache'])}; hits "
            f"{e['populated_cache'][0]['cache_hits']}, misses {e['populated_cache'][0]['cache_misses']})")

    log("\nTargets")
    for t in results["targets"]:
        status = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        if not t["conclusive"]:
            status += "?"
        measured = fmt(t["measured"], ".3g")
        log(f"  [{status:^12}] {t['target']}: {measured}{t['unit']} (target {t['comparison']} {t['threshold']:g}"
            f"{t['unit']}; {t['detail']})")


def write_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(handle, "w") as stream:
        json.dump(results, stream, indent=1)
        stream.write("\n")
    os.replace(temporary, path)


def machine_info() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba.__version__,
        "scipy": version("scipy"),
        "pysd": version("pysd"),
        "pysimlin": version("pysimlin"),
        "numba_num_threads": numba.config.NUMBA_NUM_THREADS,
        "numba_threading_layer": numba.threading_layer(),  # valid after the warm-up's parallel run
        "numba_threading_layer_setting": numba.config.THREADING_LAYER,
        "loadavg_start": os.getloadavg(),
        "thread_env": {k: os.environ[k] for k in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS",
                                                  "NUMBA_NUM_THREADS", "NUMBA_THREADING_LAYER") if k in os.environ},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced smoke-test run (under about a minute)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    began = time.perf_counter()

    log("Correctness: NumPy loop vs sim (Euler)")
    correctness = check_correctness()
    warm_up()
    digest = source_digest()
    results = {
        "meta": {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "quick": args.quick,
                 "git_head": git_head(),
                 "sim_source_digest": hashlib.sha256(json.dumps(digest).encode()).hexdigest()[:16],
                 "machine": machine_info()},
        "settings": {
            "batch": config.batch,
            "saving": f"every step up to {SAVE_ALL_MAX:,} scenarios; above that start and end only "
                      "(saveper = stop - start) to bound memory; the NumPy loop saves the same points",
            "timing": "medians of repeats after a warm-up call (compilation excluded); sim with default options "
                      "(parallel=True, all numba threads) unless stated",
            "scenarios": "uniform draws from np.random.default_rng(0)",
            "toy_ranges": TOY_RANGES, "chain_ranges": CHAIN_RANGES,
            "models": {key: {"n_steps": b.n_steps, "state_slots": b.model.stock_layout.size,
                             "start": b.module.START, "stop": b.module.STOP, "dt": b.module.DT}
                       for key, b in BENCHES.items()},
            "config": {k: (v if not isinstance(v, dict) else {str(a): b for a, b in v.items()})
                       for k, v in config.__dict__.items()},
        },
        "correctness": correctness,
    }
    log("\nScaling")
    results["scaling"] = scaling(config)
    log("\nReference engines")
    with tempfile.TemporaryDirectory(prefix="bench_pysd_") as workdir:
        results["references"] = {"solve_ivp": solve_ivp_reference(config),
                                 "pysimlin": pysimlin_reference(config),
                                 "pysd": pysd_reference(config, Path(workdir))}
    log("\nThread scaling")
    results["threads"] = thread_scaling(config)
    log("\nFirst call")
    results["first_call"] = first_call(config)
    results["targets"] = targets(config, results["scaling"], results["references"], results["threads"],
                                 results["first_call"])
    results["meta"]["machine"]["loadavg_end"] = os.getloadavg()
    after = source_digest()
    changed = sorted(path for path in set(digest) | set(after) if digest.get(path) != after.get(path))
    results["meta"]["sim_sources_changed_during_run"] = changed
    if changed:
        log(f"WARNING: sim's sources changed during the run (edited elsewhere): {changed}")
    results["meta"]["total_s"] = time.perf_counter() - began
    print_tables(results)
    write_json(results, args.out)
    log(f"\nWrote {args.out} ({results['meta']['total_s']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
