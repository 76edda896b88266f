"""A single-objective search over budget allocations: scipy's differential evolution over the box
of ``Allocation.bounds``, each point mapped to a feasible allocation by ``Allocation.decode``.

Deterministic: a seeded generator, ``updating="deferred"`` and ``polish=False`` (no gradient
steps outside the evaluated population), so the same seed gives the same result bit for bit.
``vectorized=True``: a whole generation is one call of the objective, so with the model every
candidate of a generation runs on the same members in one compiled batch (``sim.optimise.evaluate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.optimize import differential_evolution

from sim.optimise.allocation import Allocation


@dataclass(frozen=True)
class SearchResult:
    """The best allocation found: ``budgets`` (7,) [¥bn/year, ``lever_budget``], ``allocation``
    (7, 6) [``lever_allocation`` shares] or None (the default split), its ``objective``, the
    decision vector ``x``, ``evaluations`` (candidates evaluated), ``generations``, ``history``
    (the best objective after the initial population and after each generation, non-increasing)
    and ``timing``."""

    budgets: np.ndarray
    allocation: np.ndarray | None
    objective: float
    x: np.ndarray
    evaluations: int
    generations: int
    history: list
    timing: dict | None = None  # lever_start, lever_ramp (7,) [year] when timing is searched


def search(objective: Callable[[np.ndarray, np.ndarray | None], np.ndarray], allocation: Allocation, *,
           seed: int = 0, generations: int = 20, popsize: int = 8, tol: float = 0.0,
           mutation=(0.5, 1.0), recombination: float = 0.7) -> SearchResult:
    """Minimise ``objective`` (budgets (k, 7), allocations (k, 7, 6) or None[, timing] -> (k,);
    ``Allocation.call``) over the
    feasible allocations of ``allocation``: at most ``generations`` generations of ``popsize``
    × dimension candidates (scipy's ``popsize``) after the initial population, stopping early when
    the spread of the population's objectives falls to ``tol`` × their mean (scipy's rule; 0: only
    when every candidate has the same objective)."""
    history, evaluated = [], [0]

    def generation(x):  # x: (dimension, candidates), scipy's vectorized layout
        values = allocation.call(objective, x.T)
        evaluated[0] += len(values)  # scipy's nfev counts calls when vectorized
        history.append(float(min(values.min(), history[-1] if history else np.inf)))
        return values

    lower, upper = allocation.bounds()
    result = differential_evolution(generation, list(zip(lower, upper)), seed=np.random.default_rng(seed),
                                    maxiter=generations, popsize=popsize, tol=tol, mutation=mutation,
                                    recombination=recombination, polish=False, updating="deferred",
                                    vectorized=True, init="latinhypercube")
    budgets, allocations = allocation.decode(result.x)
    timing = allocation.timing_of(result.x)
    return SearchResult(budgets[0], None if allocations is None else allocations[0], float(result.fun),
                        np.asarray(result.x), evaluated[0], int(result.nit), history,
                        None if timing is None else {name: values[0] for name, values in timing.items()})
