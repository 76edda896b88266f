"""A single-objective search over budget allocations over the box of ``Allocation.bounds`` (for
CMA-ES raised to the floors, ``_cmaes``), each point mapped to a feasible allocation by ``Allocation.decode``: scipy's differential evolution
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


@dataclass(frozen=True)
class SearchResult:
    """The best allocation found: ``budgets`` (7,) [¥bn/year, ``lever_budget``], ``allocation``
    (7, 6) [``lever_allocation`` shares] or None (the default split), its ``objective``, the
    decision vector ``x``, ``evaluations`` (candidates evaluated), ``generations`` and ``history``
    (the best objective after each objective call: differential evolution's initial population,
    then each generation; non-increasing)."""

    budgets: np.ndarray
    allocation: np.ndarray | None
    objective: float
    x: np.ndarray
    evaluations: int
    generations: int
    history: list


def search(objective: Callable[[np.ndarray, np.ndarray | None], np.ndarray], allocation: Allocation, *,
           method: str = "de", seed: int = 0, generations: int = 20, popsize: int | None = None, tol: float = 0.0,
           mutation=(0.5, 1.0), recombination: float = 0.7) -> SearchResult:
    """Minimise ``objective`` (budgets (k, 7), allocations (k, 7, 6) or None -> (k,)) over the
    feasible allocations of ``allocation`` with ``method`` (one of ``METHODS``).

    ``"de"``: at most ``generations`` generations of ``popsize`` × dimension candidates (scipy's
    ``popsize``, default 8) after the initial population, stopping early when the spread of the
    population's objectives falls to ``tol`` × their mean (scipy's rule; 0: only when every
    candidate has the same objective); ``mutation`` and ``recombination`` are scipy's.

    ``"cmaes"``: at most ``generations`` generations of ``popsize`` candidates (cma's ``popsize``;
    default cma's 4 + 3 ln(dimension)), from the centre of the box (``_cmaes``) with a step of
    ``CMA_STEP`` × each side's width, within the box; cma's own stopping rules (e.g. the spread of
    the objectives below 1e-11) may end it earlier; ``tol`` and the DE settings are not used. The
    best candidate evaluated is returned."""
    if method not in METHODS:
        raise ValueError(f"optimise.method={method!r} is not allowed; allowed: {list(METHODS)}")
    history, evaluated = [], [0]

    def evaluate(x):  # x: (candidates, dimension)
        budgets, allocations = allocation.decode(x)
        values = np.asarray(objective(budgets, allocations), dtype=float)
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
    budgets, allocations = allocation.decode(result.x)
    return SearchResult(budgets[0], None if allocations is None else allocations[0], float(result.fun),
                        np.asarray(result.x), evaluated[0], int(result.nit), history)


def _cmaes(evaluate, allocation, seed, generations, popsize, history, evaluated) -> SearchResult:
    """CMA-ES by ask and tell, one ``evaluate`` call a generation (``search``), in the box of
    ``allocation.bounds`` raised to the floors (budgets) and to 0 (shares): that box holds every
    feasible allocation, which ``decode`` maps to itself, and a lever still reaches its floor
    through the shift. The full box's extension below the floors (one budget deep) is a plateau
    of ``decode`` in which CMA-ES's mean drifted and stalled with a lever at 0 that should be
    funded (the water-filling optimum of tests/test_optimise.py missed by 0.3-2 % instead of
    1e-14, seeds 0-3)."""
    lower, upper = allocation.bounds()
    m = len(allocation.levers)
    lower[:m] = [allocation.floors.get(name, 0.0) for name in allocation.levers]
    lower[m:] = 0.0
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
        strategy.tell(list(candidates), values.tolist())
        if values.min() < best_value:
            best_x, best_value = candidates[np.argmin(values)].copy(), float(values.min())
    budgets, allocations = allocation.decode(best_x)
    return SearchResult(budgets[0], None if allocations is None else allocations[0], best_value, best_x,
                        evaluated[0], int(strategy.countiter), history)

