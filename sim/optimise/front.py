"""Pareto fronts of budget allocations (issue 16, multi-objective): pymoo's NSGA-II over the
allocations of an ``Allocation``, two objectives, lower is better for both.

- ``kind="cost"``: the total budget [¥bn/year] against the expected distance to the vision
  [0-1]. The decision variables are the total, in ``[budget_min, allocation.budget]``, and a
  point of ``allocation.bounds()``; the point is projected onto the allocations of that total
  with the allocation's floors and caps (``sim.optimise.allocation.project``, row by row with its
  own total), so every candidate respects them. A total below the sum of the floors has no such
  allocation: ``budget_min`` below it is refused.
- ``kind="robust"``: the total fixed at ``allocation.budget``; the expected distance against the
  CVaR at ``alpha`` of the distance (``sim.optimise.objectives``), both from the same members'
  distances: the price in expected score of protecting the bad tail.

Each generation is one call of ``distances`` with the whole population (``elementwise=False``),
so with the model every candidate runs on the same members in one compiled batch. Seeded through
pymoo's own generator (``minimize(..., seed=seed)``), the same seed gives the same front bit for
bit. The front is the non-dominated set of every candidate evaluated (an archive, all on the
same members), sorted by the first objective: it keeps good candidates that NSGA-II's crowding
later dropped. On the concave problem of tests/test_optimise.py (seven levers, population 60, 150
generations) its cost front lay within 0.6-0.9 % of the analytic one (seeds 0-2), the final
population's within 1.5 % (seed 0). ``front_csv`` writes it as text, ``front_figure`` draws it
(English or Japanese).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.core.problem import Problem
from pymoo.optimize import minimize

from sim.model.levers import LEVERS
from sim.optimise import objectives
from sim.optimise.allocation import Allocation, project
from sim.plots import LANGUAGES, RC

KINDS = ("cost", "robust")
#: Each kind's objectives: column names of the front, first one on the figure's x axis.
OBJECTIVES = {"cost": ("total", "expected"), "robust": ("expected", "cvar")}


@dataclass(frozen=True)
class Front:
    """A Pareto front: ``table``, one row per non-dominated allocation sorted by the first
    objective, columns ``total`` [¥bn/year], each lever of ``LEVERS`` [¥bn/year], ``expected``
    (mean distance to the vision over the members [0-1]) and, for ``kind="robust"``, ``cvar`` (the
    CVaR at ``alpha`` of that distance [0-1]); ``allocations`` (row, 7, 6) prefectural shares or
    None (the default split); ``evaluations`` (candidates evaluated), ``runs`` (member distances
    computed: members × candidates, model runs with ``ModelEvaluator``), ``generations``,
    ``population`` and ``seed``."""

    table: pd.DataFrame
    allocations: np.ndarray | None
    kind: str
    alpha: float
    evaluations: int
    runs: int
    generations: int
    population: int
    seed: int


def front(distances: Callable[[np.ndarray, np.ndarray | None], np.ndarray], allocation: Allocation, *,
          kind: str = "cost", alpha: float = 0.9, budget_min: float = 0.0, population: int = 40,
          generations: int = 50, seed: int = 0) -> Front:
    """The Pareto front of ``kind`` (one of ``KINDS``, module docstring) over the allocations of
    ``allocation``: NSGA-II with ``population`` candidates a generation for ``generations``
    generations (the first the random initial population). ``distances`` maps budgets (k, 7)
    [¥bn/year] and prefectural shares (k, 7, 6) or None to each member's distance to the vision
    (member, k) [0-1]; with the model, ``lambda b, a: evaluator(b, a).distance``. ``budget_min``
    [¥bn/year] is the lowest total of a cost front, at least the sum of the floors; ``alpha`` the
    CVaR level of a robust front. Bad settings: one-line ``ValueError`` naming the key."""
    if kind not in KINDS:
        raise ValueError(f"optimise.front={kind!r} is not allowed; allowed: {list(KINDS)}")
    objectives.cvar(np.zeros((1, 1)), alpha)  # refuses a bad alpha before any run
    for key, value in (("population", population), ("generations", generations)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1 + (key == "population"):
            raise ValueError(f"optimise.{key}={value!r} is not allowed; allowed: a whole number >= "
                             f"{1 + (key == 'population')}")
    m = len(allocation.levers)
    index = [LEVERS.index(name) for name in allocation.levers]
    floors = np.array([allocation.floors.get(name, 0.0) for name in allocation.levers])
    caps = np.array([min(allocation.caps.get(name, allocation.budget), allocation.budget)
                     for name in allocation.levers])
    if kind == "cost" and not floors.sum() <= budget_min <= allocation.budget:
        raise ValueError(f"optimise.budget_min={budget_min!r} is not allowed; allowed: a number from the sum of the "
                         f"floors, {floors.sum():g}, to the budget, {allocation.budget:g} [¥bn/year]")
    lower, upper = allocation.bounds()
    if kind == "cost":
        lower, upper = np.concatenate([[budget_min], lower]), np.concatenate([[allocation.budget], upper])
    counts = {"evaluations": 0, "runs": 0}

    def decode(x):  # decision vectors (k, n_var) -> budgets (k, 7), shares (k, 7, 6) or None
        if kind == "robust":
            return allocation.decode(x)
        budgets, shares = allocation.decode(x[:, 1:])  # the shares; the budgets again at each total
        budgets = np.zeros_like(budgets)
        budgets[:, index] = project(x[:, 1:1 + m], x[:, 0], floors, caps)  # project broadcasts a total per row
        return budgets, shares

    seen = {"x": [], "f": []}  # every candidate evaluated: the archive the front is taken from

    def evaluate(x):  # decision vectors (k, n_var) -> objectives (k, 2)
        budgets, shares = decode(x)
        member = np.asarray(distances(budgets, shares), dtype=float)
        counts["evaluations"] += len(x)
        counts["runs"] += member.size
        mean = objectives.expected(member)
        f = np.column_stack([budgets.sum(axis=1), mean] if kind == "cost" else [mean, objectives.cvar(member, alpha)])
        seen["x"].append(np.array(x))
        seen["f"].append(f)
        return f

    class Design(Problem):
        def _evaluate(self, x, out, *args, **kwargs):
            out["F"] = evaluate(x)

    problem = Design(n_var=len(lower), n_obj=2, xl=lower, xu=upper, elementwise=False)
    minimize(problem, NSGA2(pop_size=population), ("n_gen", generations), seed=seed, verbose=False)
    x, values = np.concatenate(seen["x"]), np.concatenate(seen["f"])
    keep = _non_dominated(values)
    budgets, shares = decode(x[keep])  # no model run: the map alone
    table = pd.DataFrame(budgets, columns=list(LEVERS))
    table.insert(0, "total", budgets.sum(axis=1))
    for name, column in zip(OBJECTIVES[kind], values[keep].T):
        table[name] = column
    return Front(table, shares, kind, float(alpha), counts["evaluations"], counts["runs"], generations, population,
                 seed)


def _non_dominated(values: np.ndarray) -> np.ndarray:
    """Indices of the rows of ``values`` (n, 2) that no other row dominates (lower is better in both;
    of equal rows the first), in order of the first objective."""
    order = np.lexsort((values[:, 1], values[:, 0]))
    keep, best = [], np.inf
    for i in order:
        if values[i, 1] < best:
            keep.append(i)
            best = values[i, 1]
    return np.array(keep, dtype=int)


#: Units of the front's columns, for the CSV header.
UNITS = {"total": "¥bn/year", **{name: "¥bn/year" for name in LEVERS}, "expected": "0-1", "cvar": "0-1"}


def front_csv(front: Front) -> str:
    """The front as CSV text: comment lines (``#``) with the settings, the counts and each
    column's units, then the table (floats with 17 significant digits, read back exactly), one row a
    point. Read it back with ``pandas.read_csv(..., comment="#")``."""
    measure = {"cost": "total budget against expected distance to the vision",
               "robust": f"expected distance against CVaR-{front.alpha:g} of the distance to the vision"}[front.kind]
    lines = [f"# Pareto front ({front.kind}): {measure}; lower is better in both",
             f"# NSGA-II (pymoo), population {front.population}, {front.generations} generations, seed {front.seed}; "
             f"{front.evaluations} candidates evaluated, {front.runs} member distances",
             "# units: " + ", ".join(f"{name} [{UNITS[name]}]" for name in front.table.columns)]
    body = io.StringIO()
    front.table.to_csv(body, index=False, float_format="%.17g", lineterminator="\n")
    return "\n".join(lines) + "\n" + body.getvalue()


#: Each objective as drawn: axis labels (English, Japanese) and the factors (English, Japanese)
#: from the table's units: budgets in ¥bn/year, in Japanese in 億円/year (¥0.1bn), distances in %.
AXES = {"total": (("total budget [¥bn/year above business as usual]", "予算総額［億円/年、現状への上乗せ］"),
                  (1.0, 10.0)),
        "expected": (("expected distance to the vision [%]", "ありたい姿までの距離の期待値［%］"), (100.0, 100.0)),
        "cvar": (("CVaR-{alpha:g}: mean distance of the worst {tail:g} % of members [%]",
                  "CVaR-{alpha:g}：最も悪い{tail:g}%のメンバーの平均距離［%］"), (100.0, 100.0))}
TITLES = {"cost": ("Cost against expected distance: Pareto front", "予算と距離の期待値のパレートフロント"),
          "robust": ("Expected against worst-case distance: Pareto front",
                     "距離の期待値と最悪ケースのパレートフロント")}


def front_figure(front: Front, *, lang: str = "en", marks: pd.DataFrame | None = None) -> Figure:
    """The front as a line of points, the first objective across, the second up (``AXES``: labels
    with units; budgets in ¥bn/year, in Japanese 億円/year; distances in %), in English or Japanese
    (``lang``, drawn in the IPAexGothic font of ``sim.plots``); a ``matplotlib.figure.Figure``,
    no pyplot state. ``marks``: other allocations to show beside it (the optimum, the shipped
    mixes), one row each, labelled by the index, with the front's objective columns."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not allowed; allowed: {LANGUAGES}")
    japanese = lang == "ja"
    words = dict(alpha=front.alpha, tail=round(100 * (1 - front.alpha), 6))
    (xlabel, xfactor), (ylabel, yfactor) = [(AXES[name][0][japanese].format(**words), AXES[name][1][japanese])
                                            for name in OBJECTIVES[front.kind]]
    first, second = OBJECTIVES[front.kind]
    with matplotlib.rc_context(RC[lang]):
        figure = Figure(figsize=(7.5, 4.5), layout="constrained")
        axes = figure.subplots()
        axes.plot(front.table[first] * xfactor, front.table[second] * yfactor, marker="o", markersize=3,
                  linewidth=1.0)
        if marks is not None:
            axes.scatter(marks[first] * xfactor, marks[second] * yfactor, marker="s", s=18, color="C3", zorder=3)
            for label, row in marks.iterrows():
                axes.annotate(str(label), (row[first] * xfactor, row[second] * yfactor), fontsize=7,
                              xytext=(4, 3), textcoords="offset points")
        axes.set_xlabel(xlabel)
        axes.set_ylabel(ylabel)
        axes.set_title(TITLES[front.kind][japanese])
        axes.grid(alpha=0.3)
    return figure
