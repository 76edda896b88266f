"""Speed of the robust budget search (docs/OPTIMISE.md, issue 16).

    python benchmarks/bench_optimise.py [--quick] [--members N] [--out PATH]

Measured (nothing is asserted: the machine is shared and noisy), the issue's two cases, each a
CVaR-90 search for ¥100bn/yr with every candidate on the same ``N`` posterior members (default 256),
2020-2032, dt 0.25, Euler, after a warm-up call that primes the kernel cache:

- ``levers``: the seven levers (7 decision variables), CMA-ES (cma's default population, 10), at
  most 60 generations. The issue's target: under 2 minutes on 2 cores.
- ``prefectures``: the seven levers and each lever's split over the six prefectures (7 + 42 = 49
  decision variables; 42 of them the splits), CMA-ES (population 15), at most 150 generations. The
  issue's target: under 10 minutes.

Reported per case: wall time, model runs (members × candidates), runs and candidates per second,
the objective after each generation, and, as a baseline in the same run, one plain ``run_ensemble``
call of one generation's runs: the ratio says what the search adds to the model (decoding, the
distance, the measure, CMA-ES's own update).

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

#: case -> (by_prefecture, CMA-ES population, generations, the issue's limit [s])
CASES = {"levers": (False, 10, 60, 120.0), "prefectures": (True, 15, 150, 600.0)}


def _case(name: str, evaluator: ModelEvaluator, generations: int) -> dict:
    by_prefecture, population, _, limit = CASES[name]
    objective = evaluator.objective("cvar", alpha=0.9)
    evaluator.runs = 0
    started = time.perf_counter()
    result = search(objective, Allocation(100.0, by_prefecture=by_prefecture), method="cmaes", seed=0,
                    generations=generations, popsize=population)
    seconds = time.perf_counter() - started
    runs = evaluator.runs
    budgets = np.random.default_rng(0).dirichlet(np.ones(7), population) * 100.0
    started = time.perf_counter()
    run_ensemble({f"c{i}": {"lever_budget": row} for i, row in enumerate(budgets)}, evaluator.outputs,
                 stop=2032, n=evaluator.n, posterior=evaluator.posterior)
    baseline = time.perf_counter() - started
    report = {
        "decision_variables": Allocation(100.0, by_prefecture=by_prefecture).dimension, "population": population,
        "generations": result.generations, "candidates": result.evaluations, "runs": runs, "seconds": seconds,
        "limit_seconds": limit, "within_limit": seconds < limit, "runs_per_second": runs / seconds,
        "candidates_per_second": result.evaluations / seconds,
        "run_ensemble_seconds_one_generation": baseline,
        "search_over_model_ratio": seconds / result.generations / baseline,
        "objective_cvar90": result.objective, "budgets": result.budgets.tolist(), "history": result.history}
    print(f"{name}: {report['decision_variables']} variables, {result.generations} generations of {population}, "
          f"{result.evaluations} candidates, {runs} runs in {seconds:.1f} s (limit {limit:.0f} s): "
          f"{report['runs_per_second']:.0f} runs/s, {report['candidates_per_second']:.1f} candidates/s; CVaR-90 "
          f"{result.objective:.4f}; a generation / plain run_ensemble of its runs: "
          f"{report['search_over_model_ratio']:.2f}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="16 members, 3 generations a case")
    parser.add_argument("--members", type=int, default=256)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "optimise.json")
    args = parser.parse_args()
    members = 16 if args.quick else args.members
    digest = sources_digest()
    evaluator = ModelEvaluator(compose([]).vision, n=members, stop=2032)
    evaluator.objective("cvar")(np.zeros((2, 7)))  # warm-up: kernel cache, posterior, inputs
    report = {"members": members, "machine": machine()}
    for name, (_, _, generations, _) in CASES.items():
        report[name] = _case(name, evaluator, 3 if args.quick else generations)
    write_report(report, args.out, digest)


if __name__ == "__main__":
    main()
