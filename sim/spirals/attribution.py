"""How much of each KPI's path each shrinking spiral causes (MODEL.md §3, spiral attribution).

For a scenario, the model runs once in full and once per spiral with that spiral's reinforcing
loops knocked out (their gated links frozen at the start values), and once per balancing loop
(B1, B10) knocked out on its own. A spiral's (or balancing loop's) contribution to a KPI in a year
is the full run minus the run without it: negative where it drags the KPI down. Loops interact,
so the spirals' contributions need not add up to what they do together; the ``interaction``
entry says by how much they do not (``all``, every spiral cut at once, less the sum of S1-S4).
"""

from __future__ import annotations

import xarray as xr

from sim.model.loops import BALANCING, LOOPS, SPIRAL_NAMES, SPIRALS
from sim.runner import run

#: KPIs attributed by default (names of ``sim.run`` variables).
KPIS = ("grp_real", "population_total", "employment", "labour_productivity", "productivity_ratio_japan",
        "income_per_capita_ratio_japan", "firms", "net_migration", "net_migration_15_29", "service_access",
        "skill_index")


def attribution(scenario: str = "baseline", *, kpis=KPIS, **options) -> xr.Dataset:
    """Contribution of each spiral to each KPI, by region and year.

    Parameters
    ----------
    scenario : str
        A scenario name (``sim.runner.SCENARIOS``).
    kpis : sequence of str
        Variables of the ``sim.run`` Dataset with dims (scenario, region, time).
    **options
        Passed to ``sim.run`` (``start``, ``stop``, ``dt``, parameter overrides...).

    Returns
    -------
    xarray.Dataset
        One variable per KPI with dims ``(spiral, region, time)``; ``spiral`` holds S1..S4 (the
        full run minus the run without that spiral's reinforcing loops), each balancing loop
        (B1, B10: the full run minus the run without it), ``all`` (full minus every spiral cut)
        and ``interaction`` (``all`` minus the sum of S1..S4). Units are the KPI's.
    """
    full = run(scenario, **options)
    missing = [name for name in kpis if name not in full]
    if missing:
        raise ValueError(f"kpis {missing} are not variables of sim.run; allowed: {sorted(full.data_vars)}")
    without = {spiral: run(scenario, knockout=list(loops), **options) for spiral, loops in SPIRALS.items()}
    without |= {loop: run(scenario, knockout=[loop], **options) for loop in BALANCING}
    every = [loop for loops in SPIRALS.values() for loop in loops]
    without["all"] = run(scenario, knockout=every, **options)
    variables = {}
    for name in kpis:
        parts = {spiral: (full[name] - cut[name]).isel(scenario=0, drop=True) for spiral, cut in without.items()}
        parts["interaction"] = parts["all"] - sum(parts[spiral] for spiral in SPIRALS)
        stacked = xr.concat(list(parts.values()), dim="spiral").assign_coords(spiral=list(parts))
        stacked.attrs = dict(full[name].attrs, long_name=f"Contribution of each spiral to: {full[name].long_name}")
        variables[name] = stacked
    dataset = xr.Dataset(variables)
    descriptions = SPIRAL_NAMES | {loop.id: loop.description for loop in LOOPS if loop.id in BALANCING}
    dataset["spiral"].attrs["description"] = "; ".join(f"{key}: {text}" for key, text in descriptions.items())
    dataset.attrs.update(scenario=scenario, method="full run minus the run with the spiral's loops knocked out")
    return dataset
