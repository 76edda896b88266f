"""Posterior members run for scenarios: the main report's fan bands and probabilities
(``sim.uncertainty``), the follow-up's bands and ``sim.run(..., ensemble=N)``.

The members are the first ``n`` of the shipped posterior (``sim/ensemble/posterior.csv``, a random
sample of the members history keeps, docs/ENSEMBLE.md); every member runs every scenario, all in one
compiled call (``sim.sweep``'s evaluator), keeping every year of the outputs asked for.
"""

from __future__ import annotations

import xarray as xr

from sim.ensemble.posterior import Posterior, read_posterior
from sim.sweep.tohoku import KEEPABLE, TohokuEvaluator

N = 256  # members per scenario of the main report


def run_ensemble(scenarios: dict[str, dict], outputs: list[str] | None = None, *, start: int = 2020,
                 stop: int = 2035, dt: float = 0.25, method: str = "euler", n: int = N,
                 posterior: Posterior | None = None, common: dict | None = None) -> xr.Dataset:
    """``n`` posterior members × the scenarios (name -> parameter values, as
    ``config.RunSpec.scenarios``): a Dataset of ``outputs`` (default: every output a sweep can keep,
    annual flows included, NaN in ``stop`` as in ``sim.run``) and the weights of their Tohoku
    aggregates, dims (member, scenario, region, year), in each variable's units; ``common``:
    parameter values for every run. Attributes: the posterior's version and size."""
    from sim.runner import baseline_parameters, start_levels

    posterior = posterior if posterior is not None else read_posterior()
    values = posterior.head(n)
    relative = posterior.metadata.get("relative", [])
    years = list(range(start, stop + 1))
    baseline = baseline_parameters() | dict(common or {})
    baseline |= start_levels(baseline, start)
    evaluator = TohokuEvaluator(posterior.names, scenarios, list(outputs or KEEPABLE), years, start=start,
                                stop=stop, dt=dt, method=method, baseline=baseline, relative=relative)
    kept = evaluator(values)
    coords = {"member": range(n), **evaluator.coords}
    dataset = xr.Dataset({name: (("member", "scenario", "region", "year"), array) for name, array in kept.items()},
                         coords=coords)
    dataset.attrs.update(ensemble_version=posterior.version, ensemble_members=n,
                         ensemble_size=len(posterior.values))
    return dataset
