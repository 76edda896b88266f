"""Candidate allocations -> each ensemble member's distance to the vision, with common random
numbers: every candidate runs on the same posterior members, all ``members × candidates`` runs in
one compiled call (``sim.ensemble.run_ensemble``, each candidate a scenario).

The distance is the main report's (``sim.uncertainty.member_shortfalls`` and
``member_distances``): per member, the weighted mean over the targets of the share of the way not
travelled [0-1; 0 = every target met]. Only targets the ensemble keeps and that fall in the run
(start < year <= stop) count, and an annual flow (startups, migration: the total over the year
from 1 October) only before the stop year, since it needs the year after: a run stopped early (to
2030, for speed) has no value in 2032, and one to 2032 none of a flow in 2032.
``ModelEvaluator.left_out`` names the targets left out, each with the reason. Lever timing
(``lever_start``, ``lever_ramp``) stays at its defaults (2022, two years) unless a candidate's
timing or ``common`` sets it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np

from sim.ensemble import read_posterior, run_ensemble
from sim.optimise import objectives
from sim.outputs import ANNUAL_FLOWS
from sim.sweep.tohoku import KEEPABLE
from sim.uncertainty import member_distances, member_shortfalls
from sim.vision import targets as vision_targets

MEASURES = ("expected", "cvar", "shortfall_probability")


@dataclass(frozen=True)
class Outcomes:
    """``distance`` (member, candidate) [0-1]; ``met``: target id -> (member, candidate) bools."""

    distance: np.ndarray
    met: dict


def _left_out(target, start: int, stop: int) -> str:
    """Why ``target`` has no value in an ensemble run from ``start`` to ``stop`` [year]; "" when it has one."""
    if target.kpi not in KEEPABLE:
        return f"{target.kpi} is not kept by the ensemble"
    if not start < target.year <= stop:
        return f"{target.year} is outside the run ({start + 1}-{stop})"
    if target.kpi in ANNUAL_FLOWS and target.year == stop:
        return (f"an annual flow in {target.year}, the run's last year: the total over the year from 1 October "
                f"{target.year} needs the year after")
    return ""


class ModelEvaluator:
    """The first ``n`` posterior members × candidate allocations, run from ``start`` to ``stop``
    [year] with step ``dt`` [year] and ``method``; ``common``: parameter values for every run.
    ``runs`` counts the model runs so far (members × candidates); ``left_out``: target id -> why
    it is not in the distance."""

    def __init__(self, vision, *, n: int = 16, start: int = 2020, stop: int = 2035, dt: float = 0.25,
                 method: str = "euler", posterior=None, common: dict | None = None):
        checked = vision_targets(vision)
        self.left_out = {target.id: reason for target in checked if (reason := _left_out(target, start, stop))}
        kept = [target for target in checked if target.id not in self.left_out]
        if not kept:
            raise ValueError(f"optimise: no vision target is kept by the ensemble between {start} and {stop}; allowed: "
                             f"a vision with a target on {sorted(KEEPABLE)} in a year of the run (an annual flow "
                             f"before {stop})")
        self.vision = {"targets": {target.id: {key: value for key, value in asdict(target).items() if key != "id"}
                                   for target in kept}}
        self.outputs = sorted({target.kpi for target in kept})
        self.posterior = posterior if posterior is not None else read_posterior()
        self.n, self.common = int(n), dict(common or {})
        self.grid = dict(start=start, stop=stop, dt=dt, method=method)
        self.runs = 0

    def __call__(self, budgets: np.ndarray, allocations: np.ndarray | None = None,
                 timing: dict | None = None) -> Outcomes:
        """``budgets`` (k, 7) [¥bn/year, ``lever_budget`` rows], optional ``allocations`` (k, 7, 6)
        [``lever_allocation``] and ``timing`` (``lever_start``, ``lever_ramp``: (k, 7) [year]) ->
        the members' ``Outcomes`` for the k candidates."""
        budgets = np.atleast_2d(np.asarray(budgets, dtype=float))
        scenarios = {}
        for i, row in enumerate(budgets):
            scenarios[f"candidate_{i}"] = {"lever_budget": row}
            if allocations is not None:
                scenarios[f"candidate_{i}"]["lever_allocation"] = np.asarray(allocations[i], dtype=float)
            for name, values in (timing or {}).items():
                scenarios[f"candidate_{i}"][name] = np.asarray(values[i], dtype=float)
        return self.run(scenarios)

    def run(self, scenarios: dict[str, dict]) -> Outcomes:
        """Scenarios (name -> parameter values over the baseline's, as ``sim.ensemble.run_ensemble``
        takes them: a shipped mix's ``sim.config.scenario_parameters`` or a candidate's budgets) ->
        the members' ``Outcomes``, candidates in the order of ``scenarios``."""
        members = run_ensemble(scenarios, self.outputs, **self.grid, n=self.n, posterior=self.posterior,
                               common=self.common)
        self.runs += self.n * len(scenarios)
        shortfalls = member_shortfalls(members, None, self.vision)
        return Outcomes(member_distances(shortfalls),
                        {target.id: hits for target, _, hits in shortfalls if hits is not None})

    def objective(self, measure: str = "expected", *, alpha: float = 0.9,
                  targets: list[str] | None = None) -> Callable[[np.ndarray, np.ndarray | None], np.ndarray]:
        """A function (budgets (k, 7), allocations (k, 7, 6) or None) -> (k,) to minimise: the
        ``measure`` (one of ``MEASURES``, ``sim.optimise.objectives``) of the members' outcomes."""
        if measure not in MEASURES:
            raise ValueError(f"optimise.objective={measure!r} is not allowed; allowed: {list(MEASURES)}")

        def value(budgets, allocations=None, timing=None):
            outcomes = self(budgets, allocations, timing)
            if measure == "expected":
                return objectives.expected(outcomes.distance)
            if measure == "cvar":
                return objectives.cvar(outcomes.distance, alpha)
            return objectives.shortfall_probability(outcomes.met, list(targets or outcomes.met))

        return value
