"""Budget-constrained, robust policy design (issue 16; docs/OPTIMISE.md): the best split of a
budget over the levers (and optionally the prefectures) against the vision, over the calibrated
ensemble.

- ``allocation``: decision variables -> a feasible allocation (the total met exactly, floors, caps).
- ``objectives``: robustness measures over members (expected distance, CVaR, shortfall probability).
- ``evaluate``: candidates × members in one compiled call -> each member's distance to the vision.
- ``search``: a seeded differential evolution over allocations.
- ``design``: ``optimise``, all of the above for a budget, and the optimum as a scenario file
  (``optimal.yaml``, written by ``python -m sim optimise``: ``sim.optimise.cli``).
"""

from sim.optimise.allocation import Allocation, project
from sim.optimise.evaluate import ModelEvaluator, Outcomes
from sim.optimise.design import OptimiseResult, optimise
from sim.optimise.search import SearchResult, search

__all__ = ["Allocation", "project", "ModelEvaluator", "Outcomes", "search", "SearchResult", "optimise",
           "OptimiseResult"]
