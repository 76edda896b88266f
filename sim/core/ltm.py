"""Loops That Matter (LTM) on a model given as an explicit equation graph.

A model is a set of stocks (each with its inflows and outflows) and equations (each variable a
Python function of named inputs: stocks, other variables, or ``"time"``). Along a trajectory the
method scores every link by how much of the change of its target over one step the change of its
source explains, and every feedback loop by the product of its link scores.

Link score of ``x -> z`` over the step ``(t - dt, t]`` (Schoenberg, Davidsen & Eberlein 2020, eq. 1)::

    LS(x -> z) = |Δ_x z / Δz| · sign(Δ_x z / Δx)        (0 when Δz = 0 or Δx = 0)

with ``Δz = z(t) − z(t − dt)`` and the partial change ``Δ_x z = f(x(t), others(t − dt)) − z(t − dt)``:
the equation of ``z`` evaluated again with only ``x`` at its new value.

Flow to stock, two formulations (chosen by ``flow_to_stock``):

``"2023"`` (default; Schoenberg, Hayward & Eberlein 2023, eq. 3, used by Stella since 2.1)
    ``LS(i -> S) = +|Δi / Δnet|`` for an inflow, ``−|Δo / Δnet|`` for an outflow, ``net`` the
    stock's net flow: the flow's change relative to the change of the net flow (the stock's
    second difference / dt). The same arithmetic as an auxiliary link into an aggregated net flow,
    so the scores do not depend on how the flows are split.
``"2020"`` (Schoenberg, Davidsen & Eberlein 2020, eq. 2)
    ``LS(i -> S) = +|i / net|``, ``LS(o -> S) = −|o / net|``, with the flows' values at ``t``.

Loop score: the product of the link scores around the loop. Relative loop score: the loop score
over the sum of the absolute loop scores of the loops considered, so their absolute values add up to
1 at each step where any loop is active (0 for every loop where none is).

A score is reported at the end ``t`` of its step: the first at ``times[1]``.

References
----------
Schoenberg W., Davidsen P., Eberlein R. (2020). Understanding model behavior using the Loops that
Matter method. *System Dynamics Review* 36(2): 158-190. doi:10.1002/sdr.1658
Schoenberg W., Hayward J., Eberlein R. (2023). Improving Loops that Matter. *System Dynamics Review*
39(2): 140-151. doi:10.1002/sdr.1728
Eberlein R., Schoenberg W. (2020). Finding the loops that matter. Proceedings of the 38th
International System Dynamics Conference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

TIME = "time"
FLOW_TO_STOCK = ("2023", "2020")
#: Relative distance from its reference below which a gated variable is taken as at its reference.
GATE_RESOLUTION = 1e-9


@dataclass(frozen=True)
class Stock:
    """A stock: ``d name / dt = Σ inflows − Σ outflows``.

    Attributes
    ----------
    name : str
    initial : float  Value at the start [the stock's units].
    inflows, outflows : tuple of str  Names of the flow variables (equations of the graph).
    """

    name: str
    initial: float
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Equation:
    """A variable (auxiliary or flow) computed from named inputs.

    Attributes
    ----------
    name : str
    inputs : tuple of str  Names of stocks, variables or ``"time"``, in the order ``function`` takes them.
    function : callable  ``function(*values)`` -> the variable's value (floats or numpy arrays).
    """

    name: str
    inputs: tuple[str, ...]
    function: Callable


class Graph:
    """Stocks and equations, checked and put in evaluation order.

    Parameters
    ----------
    stocks : sequence of Stock
    equations : sequence of Equation

    Raises
    ------
    ValueError
        For a name used twice, an input or flow that is not defined, or equations that depend on
        each other in a cycle without a stock.
    """

    def __init__(self, stocks: Sequence[Stock], equations: Sequence[Equation]):
        self.stocks = {stock.name: stock for stock in stocks}
        self.equations = {equation.name: equation for equation in equations}
        names = [stock.name for stock in stocks] + [equation.name for equation in equations]
        if len(set(names)) != len(names) or TIME in names:
            raise ValueError(f"names {names} must be unique and not {TIME!r}")
        known = set(names) | {TIME}
        for equation in equations:
            unknown = [name for name in equation.inputs if name not in known]
            if unknown:
                raise ValueError(f"equation {equation.name!r} reads unknown inputs {unknown}; allowed: {sorted(known)}")
        for stock in stocks:
            unknown = [name for name in stock.inflows + stock.outflows if name not in self.equations]
            if unknown:
                raise ValueError(f"stock {stock.name!r} has flows {unknown} that are not equations")
        self.order = self._order()

    def _order(self) -> list[str]:
        done = set(self.stocks) | {TIME}
        order = []
        pending = dict(self.equations)
        while pending:
            ready = [name for name, equation in pending.items() if all(i in done for i in equation.inputs)]
            if not ready:
                raise ValueError(f"equations {sorted(pending)} depend on each other without a stock in between")
            for name in ready:
                order.append(name)
                done.add(name)
                del pending[name]
        return order

    def evaluate(self, time, stocks: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Every variable at ``time`` (scalar or array) from the stocks' values there."""
        values = {TIME: time, **stocks}
        for name in self.order:
            equation = self.equations[name]
            values[name] = equation.function(*(values[i] for i in equation.inputs))
        return values

    def net_flow(self, stock: str, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """Σ inflows − Σ outflows of ``stock`` [stock units / time]."""
        entry = self.stocks[stock]
        return sum((values[f] for f in entry.inflows), 0.0) - sum((values[f] for f in entry.outflows), 0.0)

    def simulate(self, start: float, stop: float, dt: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Euler integration: the times ``start, start + dt, ..., stop`` and each stock there."""
        n_steps = int(round((stop - start) / dt))
        times = start + dt * np.arange(n_steps + 1)
        paths = {name: np.empty(n_steps + 1) for name in self.stocks}
        state = {name: float(stock.initial) for name, stock in self.stocks.items()}
        for k, time in enumerate(times):
            for name in self.stocks:
                paths[name][k] = state[name]
            values = self.evaluate(time, state)
            state = {name: state[name] + dt * self.net_flow(name, values) for name in self.stocks}
        return times, paths

    def links(self) -> list[tuple[str, str]]:
        """Every link (source, target): equation inputs (time excluded) and flow -> stock."""
        pairs = [(source, name) for name, eq in self.equations.items() for source in eq.inputs if source != TIME]
        pairs += [(flow, name) for name, stock in self.stocks.items() for flow in stock.inflows + stock.outflows]
        return pairs


def _ratio_score(partial, total, source_change):
    """``|partial / total| · sign(partial / source_change)``, 0 where total or source_change is 0."""
    partial, total, source_change = np.broadcast_arrays(*(np.asarray(a, float) for a in (partial, total,
                                                                                          source_change)))
    active = (total != 0) & (source_change != 0)
    score = np.zeros(partial.shape)
    score[active] = np.abs(partial[active] / total[active]) * np.sign(partial[active] / source_change[active])
    return score


def link_scores(graph: Graph, times: np.ndarray, stocks: Mapping[str, np.ndarray], *,
                flow_to_stock: str = "2023") -> dict[tuple[str, str], np.ndarray]:
    """Score of every link of ``graph`` over each step of a trajectory.

    Parameters
    ----------
    graph : Graph
    times : ndarray (time,)  Times of the trajectory [model time unit].
    stocks : mapping name -> ndarray (time,)  Each stock along the trajectory (a simulation's or any
        other, e.g. an analytic solution).
    flow_to_stock : {"2023", "2020"}  Formulation of the flow-to-stock link score (module docstring).

    Returns
    -------
    dict (source, target) -> ndarray (time - 1,)
        Dimensionless link scores, the k-th over the step ``(times[k], times[k + 1]]``.
    """
    if flow_to_stock not in FLOW_TO_STOCK:
        raise ValueError(f"flow_to_stock={flow_to_stock!r} is not allowed; allowed: {list(FLOW_TO_STOCK)}")
    times = np.asarray(times, float)
    values = graph.evaluate(times, {name: np.asarray(stocks[name], float) for name in graph.stocks})
    values = {name: np.broadcast_to(np.asarray(v, float), times.shape) for name, v in values.items()}
    now = {name: v[1:] for name, v in values.items()}
    before = {name: v[:-1] for name, v in values.items()}
    scores = {}
    for name, equation in graph.equations.items():
        change = now[name] - before[name]
        for source in equation.inputs:
            if source == TIME:
                continue
            mixed = [now[i] if i == source else before[i] for i in equation.inputs]
            partial = equation.function(*mixed) - before[name]
            scores[(source, name)] = _ratio_score(partial, change, now[source] - before[source])
    for name, stock in graph.stocks.items():
        net_now, net_before = graph.net_flow(name, now), graph.net_flow(name, before)
        for flow in stock.inflows + stock.outflows:
            sign = 1.0 if flow in stock.inflows else -1.0
            if flow_to_stock == "2023":
                partial, total = now[flow] - before[flow], net_now - net_before
            else:
                partial, total = now[flow], net_now
            magnitude = _ratio_score(partial, total, 1.0)
            scores[(flow, name)] = sign * np.abs(magnitude)
    return scores


def loop_score(scores: Mapping[tuple[str, str], np.ndarray], loop: Sequence[str]) -> np.ndarray:
    """Product of the link scores around ``loop`` (variable names in causal order, the last linking
    back to the first) [dimensionless], per step."""
    links = list(zip(loop, list(loop[1:]) + [loop[0]]))
    missing = [link for link in links if link not in scores]
    if missing:
        raise ValueError(f"loop {list(loop)} uses links {missing} that are not in the graph")
    product = np.ones_like(scores[links[0]])
    for link in links:
        product = product * scores[link]
    return product


def relative_scores(scores: np.ndarray, axis: int = 0) -> np.ndarray:
    """Loop scores over the sum of their absolute values along ``axis`` (the loop axis); 0 where
    every loop scores 0, so the absolute values add up to 1 or 0."""
    scores = np.asarray(scores, float)
    total = np.sum(np.abs(scores), axis=axis, keepdims=True)
    return np.divide(scores, total, out=np.zeros(np.broadcast_shapes(scores.shape, total.shape)), where=total > 0)


def _exact_gated_partial(rates, t, y, moved, params, gate, gated, r, slots, before):
    """Change of the summed rate of ``slots`` when only a gated link of region ``r`` moves, from state
    ``y`` to ``moved``: the gate set so that the link reads the gated variable's value at ``moved``
    (None while the variable is within ``GATE_RESOLUTION`` of its reference, where a gate setting
    cannot move it, or only by amplifying rounding errors)."""
    value, reference = (array[r] for array in gated(t, y))
    if abs(value - reference) <= GATE_RESOLUTION * abs(reference):
        return None
    new = np.array(params, float)
    new[gate] = params[gate] * (gated(t, moved)[0][r] - reference) / (value - reference)
    return rates(t, y, new)[slots].sum() - before[slots].sum()


def stock_cycle_scores(rates: Callable, times: np.ndarray, states: np.ndarray, params: np.ndarray,
                       cycles: Mapping[str, Sequence[str]], groups: Mapping[str, np.ndarray],
                       gates: Mapping[str, int], gated_values: Mapping[str, Callable] | None = None) -> np.ndarray:
    """LTM loop scores of a compiled model, each loop reduced to a cycle of stock groups.

    For a model that is no explicit graph but whose rates can be evaluated at any state, and whose
    loops each have a gate parameter (``gated = g · x + (1 − g) · x_ref``), every link between
    consecutive stock groups ``A -> B`` of a cycle is scored per region and step as

        LS(A -> B) = |Δ_A Ḃ / ΔḂ| · sign(Δ_A Ḃ / ΔA)

    (Schoenberg, Hayward & Eberlein 2023, eq. 7), with ``Ḃ`` the summed rate of B's slots in the
    region, ``ΔḂ`` its change over the step, ``ΔA`` the change of A's summed slots, and the partial
    change ``Δ_A Ḃ = Ḃ(t, y with A's slots of the region at t + dt) − Ḃ(t, y)``: every path from A
    to B within one evaluation. The first link of each cycle carries the loop's gate and keeps only
    the paths through it: its partial change is the one with the loop acting minus the one with the
    gate at 0. That equals the partial change through the gated link when the link's effect on
    ``Ḃ`` adds to the other paths' effects, and differs by a cross term otherwise (MODEL.md, "Loop dominance").

    Where the gated variable and its reference can be read at any state (``gated_values``), the
    partial change through the link is formed exactly instead: the rates at the step's start with
    the gate set so that the gated link alone reads the variable's value with the source group
    moved, ``gate · (x′ − x_ref) / (x − x_ref)`` (the acting-minus-cut difference while ``x = x_ref``).

    Parameters
    ----------
    rates : callable ``rates(t, y, p) -> dydt``  The model's rates of change (a new array).
    times : ndarray (time,)  Times of the saved states [model time unit].
    states : ndarray (time, slot)  The state at each time.
    params : ndarray (param,)  The parameter row the run used (gates included).
    cycles : mapping loop -> sequence of group names  Stock groups in causal order; the gated link
        lies between the first and the second (the first itself for a one-group cycle).
    groups : mapping group -> ndarray of int (region, slot)  The state slots of each group by region.
    gates : mapping loop -> int  Index of each loop's gate in ``params``.
    gated_values : mapping loop -> callable, optional
        ``gated(t, y) -> (x, x_ref)``, each an ndarray (region,): the loop's gated variable and its
        reference at state ``y``. The model must read region r's gated value only in region r's rates.

    Returns
    -------
    ndarray (loop, region, time - 1)
        Dimensionless loop scores in the order of ``cycles``, step k from ``times[k]`` to ``times[k + 1]``.
    """
    loops = list(cycles)
    gated_values = gated_values or {}
    cut = {}
    for loop in loops:
        cut[loop] = np.array(params, float)
        cut[loop][gates[loop]] = 0.0
    n_regions = next(iter(groups.values())).shape[0]
    scores = np.zeros((len(loops), n_regions, len(times) - 1))
    now = rates(times[0], states[0], params)
    for k in range(len(times) - 1):
        t, y, y_next = times[k], states[k], states[k + 1]
        before, now = now, rates(times[k + 1], y_next, params)
        moved = {}  # (group, region, loop or None) -> rates with only that group of that region at t + dt

        def shifted(group, r, loop):
            if (group, r, loop) not in moved:
                state = y.copy()
                state[groups[group][r]] = y_next[groups[group][r]]
                moved[(group, r, loop)] = rates(t, state, params if loop is None else cut[loop])
            return moved[(group, r, loop)]

        for i, loop in enumerate(loops):
            cycle = list(cycles[loop])
            without = rates(t, y, cut[loop])
            for r in range(n_regions):
                product = 1.0
                for j, (source, target) in enumerate(zip(cycle, cycle[1:] + cycle[:1])):
                    slots, changed = groups[target][r], groups[source][r]
                    partial = shifted(source, r, None)[slots].sum() - before[slots].sum()
                    if j == 0:  # the gated link: only the paths through it
                        exact = None
                        if loop in gated_values:
                            moved_state = y.copy()
                            moved_state[changed] = y_next[changed]
                            exact = _exact_gated_partial(rates, t, y, moved_state, params, gates[loop],
                                                         gated_values[loop], r, slots, before)
                        if exact is None:
                            partial -= shifted(source, r, loop)[slots].sum() - without[slots].sum()
                        else:
                            partial = exact
                    total = now[slots].sum() - before[slots].sum()
                    product *= _ratio_score(partial, total, (y_next[changed] - y[changed]).sum())[()]
                scores[i, r, k] = product
    return scores
