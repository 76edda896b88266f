"""A small Monte Carlo ensemble over the uncertain parameters, in memory: the main report's fan
bands and probabilities (``sim.uncertainty``) and the bands the follow-up compares observations with.

The parameters and their distributions are a sweep config's (``conf/sweep/<name>.yaml``, default
``monte_carlo``: the lever effect sizes and the key economic parameters, each with its source);
``n`` samples (default 256) run for each scenario in one compiled call (``sim.sweep``'s
evaluator), keeping every year of the outputs asked for.
"""

from __future__ import annotations

import xarray as xr
from omegaconf import OmegaConf

from sim import config
from sim.sweep import distributions
from sim.sweep.design import sample
from sim.sweep.tohoku import TohokuEvaluator

SWEEP = "monte_carlo"  # the sweep config whose parameter ranges the ensemble draws from
N = 256  # members per scenario
SEED = 20222


def run_ensemble(scenarios: dict[str, dict], outputs: list[str], *, start: int = 2020, stop: int = 2035,
                 dt: float = 0.25, method: str = "euler", n: int = N, sweep: str = SWEEP,
                 seed: int = SEED) -> xr.Dataset:
    """``n`` members of each scenario (name -> parameter values, as ``config.RunSpec.scenarios``):
    a Dataset of ``outputs`` (and the weights of their Tohoku aggregates) with dims (sample,
    scenario, region, year), in each variable's units."""
    path = config.CONF_DIR / "sweep" / f"{sweep}.yaml"
    if not path.exists():
        allowed = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise ValueError(f"sweep={sweep!r} is not allowed; allowed: {allowed}")
    parameters = distributions(OmegaConf.create({"sweep": {"name": sweep,
                                                           "parameters": OmegaConf.load(path).parameters}}))
    from sim.runner import baseline_parameters

    years = list(range(start, stop + 1))
    evaluator = TohokuEvaluator([p.name for p in parameters], scenarios, outputs, years, start=start, stop=stop,
                                dt=dt, method=method, baseline=baseline_parameters())
    kept = evaluator(sample("monte_carlo", parameters, int(n), int(seed)))
    coords = {"sample": range(int(n)), **evaluator.coords}
    return xr.Dataset({name: (("sample", "scenario", "region", "year"), values) for name, values in kept.items()},
                      coords=coords)
