"""Building the calibrated ensemble: draw the prior, hindcast every member, keep what history allows.

``build`` draws ``draws`` members from the prior (Monte Carlo, so member ``i`` depends only on the
seed and ``i``), runs their hindcasts in chunks through the sweep machinery (a resumable Zarr
store; in this process or on Dask), and streams the store through history matching
(``sim.ensemble.matching``). The posterior is the first ``members`` kept draws in the order drawn:
a uniform sample of the region history does not rule out, and a prefix of the full build's
posterior is what a smaller build at the same seed keeps, bit for bit.
``python -m sim.calibrate ensemble`` runs it and writes ``sim/ensemble/posterior.csv``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import zarr

from sim.ensemble.constraints import CONSTRAINTS_FILE, constraints_digest, read_constraints
from sim.ensemble.hindcast import HindcastEvaluator
from sim.ensemble.matching import kept, rank_statistic, series_work, standardised
from sim.ensemble.posterior import Posterior, stamp
from sim.ensemble.prior import PRIOR_FILE, check_bounds, read_prior
from sim.sweep.design import sample
from sim.sweep.execute import run_sweep
from sim.sweep.provenance import inputs_digests
from sim.sweep.store import digests_hash

log = logging.getLogger(__name__)


def default_store(draws: int, seed: int) -> Path:
    """Where a build keeps its prior store unless told otherwise (beside numba's cache)."""
    from sim.core.drivers import kernel_dir

    return kernel_dir().parent / "ensemble" / f"prior-{seed}-{draws}.zarr"


def build_digests(prior_path: Path, constraints_path: Path) -> dict[str, str]:
    """What determines the build's numbers: the prior, the constraints, and (``sim.sweep.provenance``)
    calibrated.yaml, the data and the model's code — not the posterior file the build writes."""
    digests = {name: value for name, value in inputs_digests({}).items() if not name.endswith("posterior.csv")}
    return {"prior": read_prior(prior_path).digest, "constraints": constraints_digest(constraints_path)} | digests


def build(*, draws: int | None = None, seed: int | None = None, members: int | None = None,
          store: Path | None = None, chunk_size: int | None = None, backend: str = "in_process",
          address: str | None = None, workers: int = 2, prior_path: Path = PRIOR_FILE,
          constraints_path: Path = CONSTRAINTS_FILE, progress: bool = True) -> tuple[Posterior, pd.DataFrame]:
    """The posterior and the hindcasts of its members' constraint points (member, point).

    ``draws``, ``seed``, ``members`` and ``chunk_size`` default to the prior file's ``build`` block.
    Raises ``ValueError`` if history rules out every member."""
    from sim.runner import baseline_parameters

    prior = read_prior(prior_path)
    points, settings = read_constraints(constraints_path)
    settings_of = dict(prior.build)
    for key, value in (("draws", draws), ("seed", seed), ("members", members), ("chunk_size", chunk_size)):
        if value is not None:
            if not (isinstance(value, int) and value >= 1):
                raise ValueError(f"ensemble {key}={value!r} is not allowed; allowed: an integer >= 1")
            settings_of[key] = value
    values = sample("monte_carlo", list(prior.parameters), settings_of["draws"], settings_of["seed"])
    check_bounds(prior, values, baseline_parameters())
    evaluator = HindcastEvaluator(prior.names, points, settings.windows, relative=prior.relative)
    digests = build_digests(prior_path, constraints_path)
    store = Path(store) if store is not None else default_store(settings_of["draws"], settings_of["seed"])
    config = (f"ensemble prior draws={settings_of['draws']} seed={settings_of['seed']} cutoff={settings.cutoff} "
              f"rank={settings.rank}\n")
    run_sweep(evaluator, values, prior.names, store, config_yaml=config, digests=digests,
              chunk_size=settings_of["chunk_size"], backend=backend, address=address, workers=workers,
              progress=progress)
    chosen, statistic, hindcasts, work = _match(store, points, settings, settings_of["members"])
    if not len(chosen):
        raise ValueError(f"history rules out all {settings_of['draws']} prior members (cutoff {settings.cutoff}, rank "
                         f"{settings.rank}); allowed: a prior or constraints that some member reproduces")
    table = pd.DataFrame(values[chosen], columns=prior.names)
    table.index.name = "member"
    metadata = {"command": "python -m sim.calibrate ensemble", "seed": settings_of["seed"],
                "draws": settings_of["draws"], "kept": int(work.attrs["kept"]),
                "kept_fraction": work.attrs["kept"] / settings_of["draws"], "members": len(chosen),
                "cutoff": settings.cutoff, "rank": settings.rank, "points": len(points),
                "work": {series: {"ruled_out_alone": int(row.ruled_out_alone), "kept_without": int(row.kept_without)}
                         for series, row in work.iterrows()},
                "relative": sorted(prior.relative), "prior_digest": digests["prior"],
                "constraints_digest": digests["constraints"], "inputs_digest": digests_hash(digests),
                "git_sha": _git_sha(), "python": sys.version.split()[0]}
    posterior = Posterior(table, chosen, statistic, stamp(metadata, table, chosen))
    return posterior, pd.DataFrame(hindcasts, columns=points.id)


def _match(store: Path, points: pd.DataFrame, settings, members: int):
    """Stream the store's hindcasts through history matching: the first ``members`` kept draws, their
    rank implausibility and hindcasts, and what each series did (attrs ``kept``: the total kept)."""
    group = zarr.open_group(str(store), mode="r")
    hindcast = group["hindcast"]
    step = int(group.attrs.get("chunk_size", 0)) or hindcast.chunks[0]
    chosen, statistic, rows = [], [], []
    work, total = None, 0
    for begin in range(0, hindcast.shape[0], step):
        block = hindcast[begin:begin + step]
        mask = kept(block, points, settings.cutoff, settings.rank)
        total += int(mask.sum())
        block_work = series_work(block, points, settings.cutoff, settings.rank)
        work = block_work if work is None else work + block_work
        room = members - len(chosen)
        if room > 0:
            where = np.flatnonzero(mask)[:room]
            chosen.extend((begin + where).tolist())
            statistic.extend(rank_statistic(np.abs(standardised(block[where], points)), settings.rank).tolist())
            rows.append(block[where])
    work["points"] = points.groupby("series", sort=False).size()
    work.attrs["kept"] = total
    return (np.asarray(chosen, dtype=np.int64), np.asarray(statistic), np.concatenate(rows) if rows else
            np.empty((0, len(points))), work)


def _git_sha() -> str:
    from sim.results import git_sha

    return git_sha() or "unknown"

