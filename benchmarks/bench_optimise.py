"""Speed of the robust budget search (docs/OPTIMISE.md, issue 16).

    python benchmarks/bench_optimise.py [--quick] [--members N] [--generations G] [--out PATH]

Measured (nothing is asserted: the machine is shared and noisy): a CVaR-90 search over the seven
levers for ¥100bn/yr (``sim.optimise.search``, differential evolution, popsize 9: 63 candidates a
generation), every candidate on the same ``N`` posterior members (default 256), 2020-2032, dt 0.25,
Euler; after a warm-up call that primes the kernel cache. Reported: wall time, model runs (members ×
candidates) per second, candidates per second, and, as a baseline in the same run, one plain
``run_ensemble`` call of the same 63 × N runs: the ratio says what the search adds to the model
(decoding, the distance, the measure). The issue's target: under 2 minutes for 256 members.

Writes JSON to benchmarks/results/optimise.json (temporary file, then rename).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from timing import REPO, machine, sources_digest, write_report  # noqa: E402  (benchmarks/ is on sys.path)

from sim import compose
from sim.ensemble import run_ensemble
from sim.optimise import Allocation, ModelEvaluator, search

POPSIZE = 9  # × 7 levers = 63 candidates a generation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="16 members, 2 generations")
    parser.add_argument("--members", type=int, default=256)
    parser.add_argument("--generations", type=int, default=10)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "optimise.json")
    args = parser.parse_args()
    members, generations = (16, 2) if args.quick else (args.members, args.generations)
    digest = sources_digest()
    evaluator = ModelEvaluator(compose([]).vision, n=members, stop=2032)
    objective = evaluator.objective("cvar", alpha=0.9)
    objective(np.zeros((2, 7)))  # warm-up: kernel cache, posterior, inputs
    evaluator.runs = 0
    started = time.perf_counter()
    result = search(objective, Allocation(100.0), seed=0, generations=generations, popsize=POPSIZE)
    seconds = time.perf_counter() - started
    candidates = POPSIZE * 7
    budgets = np.random.default_rng(0).dirichlet(np.ones(7), candidates) * 100.0
    started = time.perf_counter()
    run_ensemble({f"c{i}": {"lever_budget": row} for i, row in enumerate(budgets)}, evaluator.outputs,
                 stop=2032, n=members, posterior=evaluator.posterior)
    baseline = time.perf_counter() - started
    per_generation = seconds / (result.generations + 1)
    report = {
        "members": members, "generations": result.generations, "candidates": result.evaluations,
        "runs": evaluator.runs, "seconds": seconds, "runs_per_second": evaluator.runs / seconds,
        "candidates_per_second": result.evaluations / seconds, "seconds_per_generation": per_generation,
        "run_ensemble_seconds_same_runs": baseline, "search_over_model_ratio": per_generation / baseline,
        "objective_cvar90": result.objective, "budgets": result.budgets.tolist(), "history": result.history,
        "machine": machine()}
    print(f"{members} members, {result.generations} generations, {result.evaluations} candidates, "
          f"{evaluator.runs} runs in {seconds:.1f} s: {report['runs_per_second']:.0f} runs/s, "
          f"{report['candidates_per_second']:.1f} candidates/s; a generation / plain run_ensemble of the same runs: "
          f"{report['search_over_model_ratio']:.2f}")
    write_report(report, args.out, digest)


if __name__ == "__main__":
    main()
