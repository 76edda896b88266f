"""How much the optimum moves when the evidence moves: the search rerun with posterior parameters
pinned at an end of their prior range (the stress cases of ``conf/optimise/default.yaml``: the
cross effects χ at none and strong, every lever's effect sizes and unit costs at the weak and the
strong end).

For each case: the re-optimised allocation and its objective in that case, the objective the
first optimum keeps in that case (evaluated on the same pinned members: common random numbers),
the regret of not re-optimising (the difference), and the share of the budget that moves (half
the L1 distance between the two allocations over the budget: 0 = the same split, 1 = disjoint).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from sim.ensemble import read_posterior
from sim.model.levers import LEVERS
from sim.optimise.evaluate import ModelEvaluator
from sim.optimise.settings import pinned_values, read_settings


def pinned(posterior, values: dict):
    """``posterior`` with the parameters of ``values`` set to those numbers in every member."""
    missing = sorted(set(values) - set(posterior.names))
    if missing:
        raise ValueError(f"stress parameter {missing[0]!r} is not allowed; allowed: a posterior parameter "
                         f"{posterior.names}")
    return replace(posterior, values=posterior.values.assign(**values))


def stress(result, cases: dict | None = None, *, vision=None) -> pd.DataFrame:
    """One row per stress case (``cases``: case -> {parameter: "low"|"high"}, default those of
    ``conf/optimise/default.yaml``) for the ``OptimiseResult`` ``result``: each lever's re-optimised
    budget [¥bn/year], ``objective`` (the re-optimum's, in the case), ``kept_objective`` (the first
    optimum's, in the case), ``regret`` (their difference, ≥ 0 up to search error) and ``moved``
    (share of the budget moved, [0, 1]). The reruns use ``result.settings`` and seed."""
    from sim import compose
    from sim.optimise.design import MEASURES, optimise

    vision = compose([]).vision if vision is None else vision
    cases = read_settings().stress if cases is None else cases
    posterior = read_posterior()
    settings = result.settings
    rows = {}
    for case, ends in cases.items():
        members = pinned(posterior, pinned_values(ends))
        again = optimise(result.budget, **settings, vision=vision, posterior=members)
        evaluator = ModelEvaluator(vision, n=settings["members"], stop=settings["stop"], posterior=members)
        measure = evaluator.objective(MEASURES[settings["measure"]], alpha=settings["alpha"],
                                      targets=settings["targets"])
        allocations = None if result.allocation is None else result.allocation[None]
        timing = None if result.timing is None else {name: values[None] for name, values in result.timing.items()}
        kept = float(measure(result.budgets[None], allocations, timing)[0])
        rows[case] = {**dict(zip(LEVERS, again.budgets)), "objective": again.objective, "kept_objective": kept,
                      "regret": kept - again.objective,
                      "moved": 0.5 * float(np.abs(again.budgets - result.budgets).sum()) / result.budget}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("case")
