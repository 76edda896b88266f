"""Loop dominance on the six-prefecture model: Loops-That-Matter scores of the named loops.

``dominance(scenario, region=...)`` gives, for each named loop of ``sim.model.loops`` (MODEL.md §3),
its loop score and relative loop score per prefecture and time step; ``spiral_dominance`` says
which group of loops (the spirals S1-S4, the balancing loops, the counter loops) dominates each KPI
when (drawn by ``sim.spirals.dominance_figure``).

The compiled model is no explicit equation graph, so each loop is reduced to a cycle of **stock
groups** per prefecture (``STOCK_CYCLES``): the loop's auxiliary chain runs between those stocks
within one evaluation of the right-hand side. ``sim.core.ltm.stock_cycle_scores`` scores each link
between consecutive groups with LTM's partial change, re-evaluating the compiled right-hand side
on the saved states with only the source group of that prefecture moved over the step; the loop's
first link carries its knock-out gate, so only the paths through the gated link count there (the
partial change with the loop acting minus the one with the gate at 0). A knocked-out loop scores
0. Loop score: the product of the link scores; relative score: over the loops scored, per
prefecture and step. Time: the start ``t`` of each step ``(t, t + dt]``, as Table 3 of Schoenberg,
Davidsen & Eberlein (2020) reports its scores. MODEL.md, section "Loop dominance", gives the approximation
and its limits.

References
----------
Schoenberg W., Davidsen P., Eberlein R. (2020). Understanding model behavior using the Loops that
Matter method. *System Dynamics Review* 36(2): 158-190.
Schoenberg W., Hayward J., Eberlein R. (2023). Improving Loops that Matter. *System Dynamics Review*
39(2): 140-151.
Eberlein R., Schoenberg W. (2020). Finding the loops that matter. Proceedings of the 38th
International System Dynamics Conference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr

from sim.core.ltm import relative_scores, stock_cycle_scores
from sim.model.dimensions import N_REGIONS, REGIONS
from sim.model.loops import LOOP_IDS, LOOPS, SPIRAL_NAMES, SPIRALS
from sim.model.state import LOOP_GATE, PARAMS, STOCKS
from sim.model.tohoku import MODEL
from sim.population import baseline_inputs, initial_state
from sim.runner import (DEFAULT_DT, DEFAULT_START, DEFAULT_STOP, _check_allocation, _check_knockout, start_levels,
                        baseline_parameters, scenario_overrides)

#: Stock groups: several stocks read as one per prefecture (their slots' values and rates summed).
#: ``population`` includes the newborns not yet aged 0, so that ageing on 1 October leaves it whole.
STOCK_GROUPS = {
    "population": ("population", "newborns"),
    "renewables": ("renewable_capacity", "renewable_pipeline"),
}

#: Each named loop as a cycle of stock groups (or stocks) in causal order; the loop's gated link
#: lies on the first link (from the first group to the second, or to itself for a one-stock cycle).
#: The auxiliary chain of ``sim.model.loops`` runs between these stocks within one evaluation.
STOCK_CYCLES = {
    "R1": ("population", "attractiveness"),  # consumption, demand, labour demand, jobs ratio -> indicator
    "R2": ("expected_demand", "capital"),  # investment -> K; K -> unit labour cost, external demand -> demand
    "R3": ("population", "attractiveness"),  # facilities, service index -> indicator; out-migration
    "B1": ("population", "wage", "attractiveness"),  # labour force -> jobs ratio -> wage -> indicator
    "R6": ("verdoorn",),  # TFP -> output growth -> Verdoorn accumulation
    "R7": ("population", "wage", "attractiveness"),  # density -> productivity -> target wage; wage gap
    "R9": ("population", "firms", "attractiveness"),  # young share -> successor absence -> closures
    "R10": ("firms",),  # firms per head -> leakage -> demand -> market exits
    "R13": ("attractiveness", "skill_index", "wage"),  # young out-migration -> skills -> productivity
    "R4+": ("knowledge",),  # knowledge -> productivity -> output -> private R&D
    "R8+": ("dx_stage",),  # firms doing DX -> imitation
    "R11+": ("renewables", "output_average"),  # renewable share -> energy leakage -> demand -> output; market additions
    "B10": ("coastal_gap",),  # gap -> reconstruction spending -> recovery
}

#: Loops whose kernels read one variable through the gate, that variable and its reference stock
#: (the sector reading it in brackets): a stock, an auxiliary of the right-hand side, or one of
#: ``DERIVED``. Their gated link's partial change is formed exactly (``stock_cycle_scores``).
GATED_VARIABLES = {
    "R2": ("expected_demand", "ref_demand"),  # production.py
    "B1": ("labour_force", "ref_labour_force"),  # labour.py
    "R7": ("population_now", "ref_population"),  # production.py (density)
    "R9": ("young_share", "ref_young_share"),  # firms.py
    "R13": ("young_out_rate", "ref_young_out_rate"),  # talent.py
    "R4+": ("grp_real", "ref_output"),  # innovation.py
    "R8+": ("dx_adoption", "ref_dx_adoption"),  # dx.py (the share doing DX)
    "R11+": ("renewable_share", "ref_renewable_share"),  # energy.py
    "B10": ("coastal_gap", "ref_coastal_gap"),  # reconstruction.py, levers.py
}
#: Gated variables the kernels compute from auxiliaries and rates, as they do (firms.py, talent.py).
DERIVED = {
    "young_share": lambda aux, rate: aux("young_population") / aux("population_now"),
    "young_out_rate": lambda aux, rate: rate("cumulative_out_migration_15_29") / aux("young_population"),
}

#: Groups of loops in the figure: the shrinking spirals' reinforcing loops (``SPIRALS``), the
#: balancing loops on their own (ECONOMY_V2.md §3) and the loops that counter the spirals.
LOOP_GROUPS = {
    **{spiral: tuple(loop for loop in loops if loop.startswith("R")) for spiral, loops in SPIRALS.items()},
    "balancing": tuple(loop.id for loop in LOOPS if loop.id.startswith("B")),
    "counter": tuple(loop.id for loop in LOOPS if loop.spiral.startswith("counter")),
}
GROUP_LABELS = {**{spiral: f"{spiral}: {name}" for spiral, name in SPIRAL_NAMES.items()},
                "balancing": "balancing loops (B1, B10)", "counter": "counter loops (R4+, R8+, R11+)"}

#: KPIs of ECONOMY_V2.md §3 and the stock groups their loops pass through: a loop takes part in a
#: KPI's dominance when its cycle contains one of them.
KPI_STOCKS = {
    "population": ("population",),
    "GRP (demand, capital, output)": ("expected_demand", "capital", "output_average"),
    "productivity (TFP and skills)": ("verdoorn", "knowledge", "dx_stage", "skill_index"),
    "firms": ("firms",),
    "migration (attractiveness)": ("attractiveness",),
}


def _group_slots(group: str) -> np.ndarray:
    """Slot indices of a stock group as (region, slot within the region)."""
    parts = []
    for name in STOCK_GROUPS.get(group, (group,)):
        entry = STOCKS[name]
        if not entry.dims or entry.dims[0] != "region":
            raise ValueError(f"stock {name!r} has dims {entry.dims}; a stock group needs region first")
        parts.append(np.arange(STOCKS.size)[STOCKS.slice(name)].reshape(N_REGIONS, -1))
    return np.concatenate(parts, axis=1)


def trajectory(scenario: str = "baseline", *, start=DEFAULT_START, stop=DEFAULT_STOP, dt=DEFAULT_DT,
               knockout: str | Sequence[str] = (), **overrides):
    """Run one scenario as ``sim.run`` does, saving the state at every step.

    Returns
    -------
    (RunResult, data)
        The run (stocks at every step, its parameter row) and the shared data it read.
    """
    cut = _check_knockout(knockout)
    unknown = sorted(set(overrides) - set(PARAMS.names))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; allowed: {sorted(PARAMS.names)}")
    values = baseline_parameters()
    values |= start_levels(values, start)
    values |= scenario_overrides(scenario)[scenario] | overrides
    if cut:
        gates = np.asarray(values["loop_gate"], float).copy()
        gates[[LOOP_IDS.index(name) for name in cut]] = 0.0
        values["loop_gate"] = gates
    _check_allocation(values)
    inputs = baseline_inputs()
    params = {key: np.broadcast_to(np.asarray(value, float), PARAMS[key].shape) for key, value in values.items()}
    result = MODEL.run(start=start, stop=stop, dt=dt, saveper=dt, method="euler", params=params,
                       initial=initial_state(start, inputs.diaspora[start]), data=inputs.data)
    return result, inputs.data


def _rates(data: np.ndarray, aux: np.ndarray | None = None):
    """The compiled right-hand side as ``rates(t, y, p) -> dydt``; the auxiliaries go to ``aux``."""
    dydt = np.empty(STOCKS.size)
    aux = np.empty(MODEL.aux_layout.size) if aux is None else aux

    def rates(t, y, p):
        MODEL.rhs(float(t), y, p, data, dydt, aux)
        return dydt.copy()

    return rates


def _gated_reader(data: np.ndarray, params: np.ndarray, variable: str, reference: str):
    """``gated(t, y) -> (x, x_ref)`` by prefecture for a ``GATED_VARIABLES`` entry."""
    slots = np.arange(STOCKS.size)
    where_reference = slots[STOCKS.slice(reference)]
    if variable in STOCKS.names:
        where = slots[STOCKS.slice(variable)]
        return lambda t, y: (y[where], y[where_reference])
    aux = np.empty(MODEL.aux_layout.size)
    rates = _rates(data, aux)
    derive = DERIVED.get(variable, lambda read_aux, read_rate: read_aux(variable))

    def gated(t, y):
        dydt = rates(t, y, params)
        value = derive(lambda name: aux[MODEL.aux_layout.slice(name)], lambda name: dydt[STOCKS.slice(name)])
        return value, y[where_reference]

    return gated


def loop_scores(result, data: np.ndarray, loops: Sequence[str] = LOOP_IDS) -> np.ndarray:
    """Loop scores of ``loops`` on a run saved at every step (``trajectory``), by
    ``sim.core.ltm.stock_cycle_scores`` on ``STOCK_CYCLES``.

    Returns
    -------
    ndarray (loop, region, step)
        Dimensionless loop scores, step k from ``times[k]`` to ``times[k + 1]``.
    """
    unknown = [loop for loop in loops if loop not in STOCK_CYCLES]
    if unknown:
        raise ValueError(f"loops {unknown} are not allowed; allowed: {list(STOCK_CYCLES)}")
    cycles = {loop: STOCK_CYCLES[loop] for loop in loops}
    groups = {group: _group_slots(group) for cycle in cycles.values() for group in cycle}
    gates = {loop: LOOP_GATE + LOOP_IDS.index(loop) for loop in loops}
    params = result.params[0]
    gated = {loop: _gated_reader(data, params, *GATED_VARIABLES[loop]) for loop in loops if loop in GATED_VARIABLES}
    return stock_cycle_scores(_rates(data), result.times, result.stocks[0], params, cycles, groups, gates, gated)


def dominance(scenario: str = "baseline", region: str | Sequence[str] | None = None, *,
              loops: Sequence[str] = LOOP_IDS, start=DEFAULT_START, stop=DEFAULT_STOP, dt=DEFAULT_DT,
              knockout: str | Sequence[str] = (), **overrides) -> xr.Dataset:
    """Loops-That-Matter scores of the named loops, per prefecture and time step.

    Parameters
    ----------
    scenario : str
        A scenario name (``scenarios/``).
    region : str or sequence of str, optional
        Prefecture(s) to return (``sim.model.dimensions.REGIONS``); all six by default. The scores
        do not depend on it.
    loops : sequence of str
        Loop ids (``sim.model.loops.LOOP_IDS``) scored and normalised together.
    start, stop, dt : as ``sim.run`` [year]
    knockout : str or sequence of str
        Loops cut in the run (their gate 0): they score 0.
    **overrides
        Parameter values, as for ``sim.run``.

    Returns
    -------
    xarray.Dataset
        ``score`` and ``relative_score`` with dims ``(loop, region, time)``, dimensionless; ``time``
        is the start of each step [year]. Coordinates ``spiral``, ``polarity`` (declared in
        ``sim.model.loops``) and ``cycle`` (the stock groups the score closes over) along ``loop``.
    """
    regions = list(REGIONS) if region is None else [region] if isinstance(region, str) else list(region)
    unknown = [name for name in regions if name not in REGIONS]
    if unknown:
        raise ValueError(f"region={region!r} is not allowed; allowed: {list(REGIONS)}")
    result, data = trajectory(scenario, start=start, stop=stop, dt=dt, knockout=knockout, **overrides)
    scores = loop_scores(result, data, loops)
    by_id = {loop.id: loop for loop in LOOPS}
    coords = {"loop": list(loops), "region": list(REGIONS), "time": result.times[:-1],
              "spiral": ("loop", [by_id[loop].spiral for loop in loops]),
              "polarity": ("loop", [by_id[loop].polarity for loop in loops]),
              "cycle": ("loop", [" -> ".join(STOCK_CYCLES[loop]) for loop in loops])}
    dims = ("loop", "region", "time")
    dataset = xr.Dataset({"score": (dims, scores, {"units": "1", "long_name": "LTM loop score"}),
                          "relative_score": (dims, relative_scores(scores, axis=0),
                                             {"units": "1", "long_name": "LTM relative loop score"})},
                         coords=coords)
    dataset["time"].attrs.update(units="year", long_name="start of the step the score measures")
    dataset.attrs.update(scenario=scenario, dt=dt, knockout=",".join(_check_knockout(knockout)),
                         method="Loops That Matter on stock cycles (sim.spirals.dominance; MODEL.md, Loop dominance)")
    return dataset.sel(region=regions)


def spiral_dominance(dataset: xr.Dataset, *, kpis: dict[str, tuple[str, ...]] = KPI_STOCKS) -> xr.Dataset:
    """Share of each loop group in the loop dominance of each KPI.

    For a KPI, the loops considered are those whose stock cycle passes through one of its stock
    groups; a group's share is the sum of its loops' absolute relative scores over the sum for all
    the loops considered (0 where none is active).

    Returns
    -------
    xarray.Dataset
        One variable per KPI, dims ``(group, region, time)``, dimensionless shares adding up to 1.
    """
    magnitude = np.abs(dataset["relative_score"])
    variables = {}
    for kpi, stocks in kpis.items():
        through = [loop for loop in dataset["loop"].values if set(STOCK_CYCLES[loop]) & set(stocks)]
        total = magnitude.sel(loop=through).sum("loop")
        parts = [magnitude.sel(loop=[loop for loop in members if loop in through]).sum("loop")
                 for members in LOOP_GROUPS.values()]
        shares = xr.concat(parts, dim="group").assign_coords(group=list(LOOP_GROUPS))
        variables[kpi] = (shares / total).where(total > 0, 0.0)
    return xr.Dataset(variables, attrs={"kpi_stocks": "; ".join(f"{k}: {', '.join(v)}" for k, v in kpis.items())})
