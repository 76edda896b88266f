"""Speed and memory of the calibrated ensemble's build (docs/ENSEMBLE.md).

    python benchmarks/bench_ensemble.py [--quick] [--draws N] [--out PATH]

Measured (nothing is asserted: the machine is shared and noisy):

1. **End to end**, the issue's benchmark: ``python -m sim.calibrate ensemble --draws N`` (default
   N = 10^6, ``--quick`` 20,000) in a fresh process, into a Zarr store and a posterior file in a
   temporary folder, after a warm-up build of 256 draws that primes the kernel cache. Wall time,
   members per second and model runs per second (two hindcast runs per member: 2015-2020 and
   2020-2024), and peak memory (``RUSAGE_CHILDREN.ru_maxrss`` through ``bench_sweep``'s launcher).
   Targets of the issue: under 5 minutes and 2 GiB for 10^6 members on 2 cores. At the default
   draws and the prior file's seed, the rebuilt posterior must equal the shipped one bit for bit
   (``equals_shipped_posterior``; the tests check a 600-draw prefix).
2. **A member against a projection run**, in this process, interleaved: the hindcast evaluator
   (both windows) on 4,096 prior members, and ``TohokuEvaluator`` on 4,096 full runs 2020-2035 of the
   baseline with the same parameters. The ratio says what history matching costs per member in
   projection runs; it does not depend on how busy the machine was.

Writes JSON to benchmarks/results/ensemble-<UTC timestamp>.json (temporary file, then rename).
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_sweep import LAUNCHER  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)
from timing import REPO, machine, median_seconds, sources_digest, write_report  # noqa: E402

TARGET_S = 300.0
TARGET_KIB = 2 * 1024 * 1024
ROWS = 4096


def build_command(draws: int, folder: str) -> list[str]:
    return [sys.executable, "-m", "sim.calibrate", "ensemble", "--draws", str(draws), "--store",
            f"{folder}/prior-{draws}.zarr", "--output", f"{folder}/posterior-{draws}.csv"]


def end_to_end(draws: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench_ensemble_") as folder:
        subprocess.run(build_command(256, folder), check=True, capture_output=True, cwd=REPO)  # warm-up
        done = subprocess.run([sys.executable, "-c", LAUNCHER, *build_command(draws, folder)], capture_output=True,
                              text=True, cwd=REPO)
        lines = done.stdout.strip().splitlines()
        launcher = json.loads(lines[-1])
        if launcher["returncode"] != 0:
            raise RuntimeError(f"the build failed:\n{done.stderr[-3000:]}")
        wall, peak = launcher["child_wall_s"], launcher["children_maxrss_kib"]
        return {"draws": draws, "wall_s": wall, "members_per_second": draws / wall,
                "runs_per_second": 2 * draws / wall, "peak_rss_kib": peak, "summary": lines[-2],
                "time_target_met": wall < TARGET_S, "memory_target_met": peak < TARGET_KIB,
                "equals_shipped_posterior": equals_shipped(Path(build_command(draws, folder)[-1]))}


def equals_shipped(path: Path) -> bool:
    """Whether a rebuilt posterior has the shipped one's members, prior indices and values, bit for bit
    (the issue's full rebuild check: true for the default draws and seed)."""
    import numpy as np

    from sim.ensemble.posterior import read_posterior

    rebuilt, shipped = read_posterior(path), read_posterior()
    return bool(rebuilt.names == shipped.names and np.array_equal(rebuilt.prior_index, shipped.prior_index)
                and np.array_equal(rebuilt.values.to_numpy(), shipped.values.to_numpy()))


def member_against_projection(repeats: int) -> dict:
    import numpy as np

    from sim.ensemble.constraints import read_constraints
    from sim.ensemble.hindcast import HindcastEvaluator
    from sim.ensemble.prior import read_prior
    from sim.runner import baseline_parameters
    from sim.sweep.design import sample
    from sim.sweep.tohoku import TohokuEvaluator

    prior = read_prior()
    points, settings = read_constraints()
    values = sample("monte_carlo", list(prior.parameters), ROWS, 1)
    hindcast = HindcastEvaluator(prior.names, points, settings.windows, relative=prior.relative)
    projection = TohokuEvaluator(prior.names, {"baseline": {}}, ["grp_real", "population_total"], [2035], start=2020,
                                 stop=2035, dt=0.25, method="euler", baseline=baseline_parameters(),
                                 relative=prior.relative)
    hindcast(values[:64]), projection(values[:64])  # load the kernels
    times = {"hindcast": [], "projection": []}
    for _ in range(repeats):  # interleaved, so that drifting load hits both alike
        times["hindcast"].append(median_seconds(lambda: hindcast(values), 1))
        times["projection"].append(median_seconds(lambda: projection(values), 1))
    member, run = float(np.median(times["hindcast"])), float(np.median(times["projection"]))
    return {"rows": ROWS, "repeats": repeats, "member_s": member / ROWS, "projection_run_s": run / ROWS,
            "members_per_second": ROWS / member, "projection_runs_per_second": ROWS / run,
            "member_in_projection_runs": member / run}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 draws, one repeat")
    parser.add_argument("--draws", type=int, default=None, help="prior members of the end-to-end build")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    stamp = datetime.datetime.now(datetime.timezone.utc)
    out = args.out or REPO / "benchmarks" / "results" / f"ensemble-{stamp:%Y%m%dT%H%M%SZ}.json"
    draws = args.draws or (20_000 if args.quick else 1_000_000)
    digest = sources_digest()
    report = {"utc": stamp.isoformat(timespec="seconds"), "machine": machine(), "sim_sources_digest": digest,
              "targets": {"wall_s": TARGET_S, "peak_rss_kib": TARGET_KIB}}
    report["member_against_projection"] = member_against_projection(1 if args.quick else 5)
    print(json.dumps(report["member_against_projection"], indent=1), flush=True)
    report["end_to_end"] = end_to_end(draws)
    print(json.dumps(report["end_to_end"], indent=1), flush=True)
    report["machine_after"] = machine()
    write_report(report, out, digest)
    print(f"written to {out}")
    return report


if __name__ == "__main__":
    main()
