"""A single-objective search over budget allocations over the box of ``Allocation.bounds``, each
point mapped to a feasible allocation by ``Allocation.decode``: scipy's differential evolution
(``method="de"``, the default) or CMA-ES (``method="cmaes"``, the ``cma`` library).

Deterministic: differential evolution uses a seeded generator, ``updating="deferred"`` and
``polish=False`` (no gradient steps outside the evaluated population); CMA-ES draws its normal
samples from its own seeded generator (cma's ``randn`` option), never from numpy's global state,
so an objective that uses that state neither changes the search nor is changed by it. The same
seed gives the same result bit for bit. A whole generation is one call of the objective, so with
the model every candidate of a generation runs on the same members in one compiled batch
(``sim.optimise.evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import cma
import numpy as np
from scipy.optimize import differential_evolution

from sim.optimise.allocation import Allocation

METHODS = ("de", "cmaes")
#: CMA-ES starts at the centre of the box with a step of this share of each side's width.
CMA_STEP = 0.3
#: CMA-ES ranks a candidate by its objective plus this share of the generation's objective range
#: times its plateau depth relative to the generation's deepest (``_depth``).
PLATEAU_PENALTY = 0.3


@dataclass(frozen=True)
class SearchResult:
    """The best allocation found: ``budgets`` (7,) [¥bn/year, ``lever_budget``], ``allocation``
    (7, 6) [``lever_allocation`` shares] or None (the default split), its ``objective``, the
    decision vector ``x``, ``evaluations`` (candidates evaluated), ``generations``, ``history``
    (the best objective after each objective call: differential evolution's initial population,
    then each generation; non-increasing) and ``timing`` (``lever_start``, ``lever_ramp`` (7,)
    [year] when timing is searched, else None)."""

    budgets: np.ndarray
    allocation: np.ndarray | None
    objective: float
    x: np.ndarray
    evaluations: int
    generations: int
    history: list
    timing: dict | None = None


def search(objective: Callable[[np.ndarray, np.ndarray | None], np.ndarray], allocation: Allocation, *,
           method: str = "de", seed: int = 0, generations: int = 20, popsize: int | None = None, tol: float = 0.0,
           mutation=(0.5, 1.0), recombination: float = 0.7) -> SearchResult:
    """Minimise ``objective`` (budgets (k, 7), allocations (k, 7, 6) or None[, timing] -> (k,);
    ``Allocation.call``) over the feasible allocations of ``allocation`` with ``method`` (one of
    ``METHODS``).

    ``"de"``: at most ``generations`` generations of ``popsize`` × dimension candidates (scipy's
    ``popsize``, default 8) after the initial population, stopping early when the spread of the
    population's objectives falls to ``tol`` × their mean (scipy's rule; 0: only when every
    candidate has the same objective); ``mutation`` and ``recombination`` are scipy's.

    ``"cmaes"``: at most ``generations`` generations of ``popsize`` candidates (cma's ``popsize``;
    default cma's 4 + 3 ln(dimension)), from the centre of the box with a step of ``CMA_STEP`` ×
    each side's width, within the box, ranked with a small penalty on plateau depth (``_cmaes``);
    cma's own stopping rules (e.g. the spread of the objectives below 1e-11) may end it earlier;
    ``tol`` and the DE settings are not used. The best candidate evaluated is returned."""
    if method not in METHODS:
        raise ValueError(f"optimise.method={method!r} is not allowed; allowed: {list(METHODS)}")
    history, evaluated = [], [0]

    def evaluate(x):  # x: (candidates, dimension)
        values = allocation.call(objective, x)
        evaluated[0] += len(values)
        history.append(float(min(values.min(), history[-1] if history else np.inf)))
        return values

    if method == "cmaes":
        return _cmaes(evaluate, allocation, seed, generations, popsize, history, evaluated)
    lower, upper = allocation.bounds()
    result = differential_evolution(lambda x: evaluate(x.T), list(zip(lower, upper)),  # scipy's x: (dimension, k)
                                    seed=np.random.default_rng(seed), maxiter=generations,
                                    popsize=8 if popsize is None else popsize, tol=tol, mutation=mutation,
                                    recombination=recombination, polish=False, updating="deferred",
                                    vectorized=True, init="latinhypercube")
    return _result(allocation, np.asarray(result.x), float(result.fun), evaluated[0], int(result.nit), history)


def _result(allocation: Allocation, x: np.ndarray, value: float, evaluations: int, generations: int,
            history: list) -> SearchResult:
    """The ``SearchResult`` of the best decision vector ``x``."""
    budgets, allocations = allocation.decode(x)
    timing = allocation.timing_of(x)
    return SearchResult(budgets[0], None if allocations is None else allocations[0], value, x, evaluations,
                        generations, history, None if timing is None else {k: v[0] for k, v in timing.items()})


def _cmaes(evaluate, allocation, seed, generations, popsize, history, evaluated) -> SearchResult:
    """CMA-ES by ask and tell, one ``evaluate`` call a generation (``search``).

    ``decode`` is flat wherever a lever lies below its floor or above its cap by any depth (the
    box extends one free budget below the floors). Left alone, CMA-ES's mean drifts into such a
    plateau and stalls there with a lever at 0 that should be funded: the water-filling optimum of
    tests/test_optimise.py missed by 0.3-2 % (seeds 0-3), a capped best lever left at 0 in 3 seeds
    of 4. So CMA-ES is told each objective plus ``PLATEAU_PENALTY`` × the generation's objective
    range × the candidate's depth (``_depth``) over the generation's largest, a tie-breaker that
    pulls the mean to the edge of a plateau (cma's ``BoundPenalty`` does the same for the box);
    the objective returned and the best candidate are the objective's own."""
    lower, upper = allocation.bounds()
    rng = np.random.default_rng(seed)
    width = upper - lower
    options = {"bounds": [lower.tolist(), upper.tolist()], "CMA_stds": width.tolist(), "maxiter": generations,
               "randn": lambda *shape: rng.standard_normal(shape), "seed": np.nan,  # our generator, not np.random
               "verbose": -9, "verb_log": 0, "verb_disp": 0, "verb_time": False}  # no output, no files
    if popsize is not None:
        options["popsize"] = int(popsize)
    strategy = cma.CMAEvolutionStrategy((0.5 * (lower + upper)).tolist(), CMA_STEP, options)
    best_x, best_value = None, np.inf
    while not strategy.stop():
        candidates = np.asarray(strategy.ask())
        values = evaluate(candidates)
        depth = _depth(allocation, candidates)
        ranked = values + PLATEAU_PENALTY * np.ptp(values) * depth / max(depth.max(), np.finfo(float).tiny)
        strategy.tell(list(candidates), ranked.tolist())
        if values.min() < best_value:
            best_x, best_value = candidates[np.argmin(values)].copy(), float(values.min())
    return _result(allocation, best_x, best_value, evaluated[0], int(strategy.countiter), history)


def _depth(allocation: Allocation, x: np.ndarray) -> np.ndarray:
    """How deep each decision vector of ``x`` (k, dimension) lies in a plateau of ``decode`` (k,):
    per block of ``Allocation.blocks`` (the budgets, each prefectural split, the timing), the
    squared distance from ``x`` to ``y + c``, ``y`` its feasible point (``Allocation.feasible``) and
    ``c`` the block's mean of ``x - y``. ``decode`` maps every ``y + c`` to ``y`` (the projection
    shifts a block by a constant), so this is 0 off the plateaus and grows with the depth below a
    floor or above a cap."""
    residual = x - allocation.feasible(x)
    depth = np.zeros(len(x))
    for block in allocation.blocks():
        part = residual[:, block]
        depth += ((part - part.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    return depth
