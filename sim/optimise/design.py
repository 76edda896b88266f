"""``sim.optimise.optimise``: the best split of a budget, from the pieces of this package, and the
optimum as a scenario file that reruns through ``python -m sim scenario=optimal``.

``optimise`` builds the feasible set (``Allocation``), the evaluator over the first ``members``
posterior members (``ModelEvaluator``), its robustness measure, and runs the seeded search
(``search``). The optimum is then written as a scenario (``scenario_data``: the searched levers
with their budgets, at the default timing, from 2022 with a two-year ramp; the others absent, so
at 0) and run once through the same path as the main job (``sim.config.scenario_parameters`` of
the scenario read back from its YAML text, ``sim.runner.simulate`` with the baseline, the same
vision and stop): its ``distance`` is what ``python -m sim scenario=optimal`` reports
(``sim.vision.score``: the calibrated model, where the objective averages over the members; both
over the targets with a value in their year, so without an annual flow in the stop year).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import yaml
from omegaconf import OmegaConf

from sim.model.dimensions import REGIONS
from sim.model.levers import LEVERS
from sim.optimise.allocation import Allocation
from sim.optimise.evaluate import ModelEvaluator
from sim.optimise.search import METHODS, search
from sim.optimise.settings import kept_floors, read_settings
from sim.optimise.timing import RAMP, START, Timing

#: The measures ``optimise`` takes -> the evaluator's names (``ModelEvaluator.objective``).
MEASURES = {"expected": "expected", "cvar": "cvar", "probability": "shortfall_probability"}
NAME = "optimal"  # the scenario's name, and its file's: optimal.yaml
BY_PREFECTURE = (False, True, "groups")
#: The search methods' names in the optimum's descriptions (English, Japanese).
SEARCHES = {"de": ("differential evolution", "差分進化"), "cmaes": ("CMA-ES", "CMA-ES")}


@dataclass(frozen=True)
class OptimiseResult:
    """The best allocation found: ``budgets`` (7,) [¥bn/year, in the order of ``LEVERS``; levers
    not searched 0], ``allocation`` (7, 6) [prefectural shares, order ``REGIONS``] or None (the
    default split by population), ``timing`` (``lever_start``, ``lever_ramp`` (7,) [year]) or None
    (2022, two years), ``objective`` (the measure over the members, lower is better),
    ``distance`` (the single-run distance to the vision of the optimum as a scenario, the main
    job's score), ``evaluations`` (candidates evaluated), ``runs`` (model runs: members ×
    candidates), ``generations``, ``history`` (best objective after the initial population and
    after each generation), ``left_out`` (target id -> why the objective leaves it out,
    ``ModelEvaluator.left_out``), and the settings it was found with (``settings``: ``optimise``'s
    keywords, checked, for a rerun such as the stress test's)."""

    budgets: np.ndarray
    allocation: np.ndarray | None
    timing: dict | None
    objective: float
    distance: float
    evaluations: int
    runs: int
    generations: int
    history: list
    budget: float
    levers: tuple
    measure: str
    alpha: float
    members: int
    seed: int
    stop: int
    left_out: dict
    settings: dict


def _integer(value, key: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{key}={value!r} is not allowed; allowed: a whole number >= {low}")
    return int(value)


def _kept(keep: str | None, levers: tuple, floors: dict) -> dict:
    """``floors`` raised to the lever budgets of the scenario ``keep`` ("keep what the shipped plan
    already funds"); every lever the plan funds must be searched."""
    if keep is None:
        return floors
    funded = kept_floors(keep)
    missing = [name for name in funded if name not in levers]
    if missing:
        raise ValueError(f"keep={keep!r} is not allowed with levers={list(levers)}: the plan funds {missing}; "
                         f"allowed: levers including {list(funded)}")
    return {name: max(floors.get(name, 0.0), funded.get(name, 0.0)) for name in {**floors, **funded}}


def optimise(budget: float, *, levers=None, measure: str = "expected", alpha: float = 0.9, members: int = 64,
             generations: int = 20, population: int | None = None, method: str = "de",
             by_prefecture: bool | str = False,
             floors: dict | None = None, caps: dict | None = None, keep: str | None = None, stop: int | None = None,
             timing: bool = False, seed: int = 0, targets: list[str] | None = None, vision=None,
             posterior=None) -> OptimiseResult:
    """The allocation of ``budget`` [¥bn/year above business as usual] over ``levers`` (default all
    seven; optionally over the prefectures too) that minimises ``measure`` of the distance to the
    vision over the first ``members`` posterior members: ``expected`` (mean), ``cvar`` (mean of the
    worst ``1 - alpha`` share) or ``probability`` (of missing any of ``targets``, default all kept).
    ``by_prefecture``: False (each lever split by population), True (a split per lever) or
    ``"groups"`` (a split per lever group of ``conf/optimise/default.yaml``). ``floors``, ``caps``:
    lever name -> ¥bn/year; ``keep``: a scenario file's name whose lever budgets become floors.
    ``timing``: also search each lever's start year and ramp (``sim.optimise.timing``: the box of
    ``conf/optimise/default.yaml``, spending by ``stop`` what the budget spends at the default
    timing; floors and caps then bound that spending, in ¥bn/year at the default timing).
    ``method``: differential evolution (``"de"``, ``population`` × dimension candidates a
    generation, scipy's ``popsize``, default 8) or CMA-ES (``"cmaes"``, ``population`` candidates a
    generation, default cma's 4 + 3 ln(dimension)); at most ``generations`` generations (``search``); runs from 2020 to ``stop``
    (default :func:`first_complete_year`: every target of the vision counts),
    seeded by ``seed``. ``vision``: the vision config (default the composed default's);
    ``posterior``: the members (default the shipped posterior). Bad settings raise a one-line
    ``ValueError`` naming the argument."""
    from sim import compose
    from sim.config import LAST_YEAR
    from sim.vision import targets as vision_targets

    if measure not in MEASURES:
        raise ValueError(f"measure={measure!r} is not allowed; allowed: {list(MEASURES)}")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0.0 <= alpha < 1.0:
        raise ValueError(f"alpha={alpha!r} is not allowed; allowed: a number in [0, 1)")
    members = _integer(members, "members", 1)
    generations = _integer(generations, "generations", 1)
    population = None if population is None else _integer(population, "population", 1)
    if method not in METHODS:
        raise ValueError(f"method={method!r} is not allowed; allowed: {list(METHODS)}")
    seed = _integer(seed, "seed", 0)
    vision = compose([]).vision if vision is None else vision
    last = max(target.year for target in vision_targets(vision))
    stop = first_complete_year(vision) if stop is None else stop
    if isinstance(stop, bool) or not isinstance(stop, (int, np.integer)) or not last <= stop <= LAST_YEAR:
        raise ValueError(f"stop={stop!r} is not allowed; allowed: a year from {last} (the vision's last target "
                         f"year) to {LAST_YEAR}")
    if by_prefecture not in BY_PREFECTURE:
        raise ValueError(f"by_prefecture={by_prefecture!r} is not allowed; allowed: {list(BY_PREFECTURE)}")
    levers = LEVERS if levers is None else tuple(levers)
    chosen = read_settings()
    groups = tuple(chosen.groups.values()) if by_prefecture == "groups" else None
    if timing not in (False, True):
        raise ValueError(f"timing={timing!r} is not allowed; allowed: true or false")
    box = Timing(levers, float(stop), chosen.timing["start"], chosen.timing["ramp"]) if timing else None
    allocation = Allocation(budget, levers, floors=_kept(keep, levers, dict(floors or {})), caps=dict(caps or {}),
                            by_prefecture=bool(by_prefecture), groups=groups, timing=box)
    evaluator = ModelEvaluator(vision, n=members, stop=int(stop), posterior=posterior)
    if members > len(evaluator.posterior.values):
        raise ValueError(f"members={members!r} is not allowed; allowed: a whole number from 1 to "
                         f"{len(evaluator.posterior.values)} (the posterior's members)")
    objective = evaluator.objective(MEASURES[measure], alpha=float(alpha), targets=targets)
    settings = dict(levers=levers, measure=measure, alpha=float(alpha), members=members, generations=generations,
                    population=population, method=method, by_prefecture=by_prefecture, timing=bool(timing),
                    floors=dict(allocation.floors),
                    caps=dict(caps or {}), keep=keep, stop=int(stop), seed=seed, targets=targets)
    found = search(objective, allocation, method=method, seed=seed, generations=generations, popsize=population)
    partial = OptimiseResult(found.budgets, found.allocation, found.timing, found.objective, float("nan"), found.evaluations,
                             evaluator.runs, found.generations, list(found.history), allocation.budget,
                             allocation.levers, measure, float(alpha), members, seed, int(stop),
                             dict(evaluator.left_out), settings)
    distance = single_run_distance(scenario_data(partial), stop=int(stop), vision=vision)
    return OptimiseResult(**{**partial.__dict__, "distance": distance})


def _what(result: OptimiseResult) -> str:
    return {"expected": "the expected distance to the vision",
            "cvar": f"the CVaR-{result.alpha * 100:g} of the distance to the vision",
            "probability": "the probability of missing a vision target"}[result.measure]


def scenario_data(result: OptimiseResult) -> dict:
    """The optimum as the data of a scenario file (``sim.config.ScenarioConfig``): name, names and
    descriptions, and the searched levers with their budgets (and prefectural shares)."""
    from sim.report import LEVER_NAMES_JA

    what = _what(result)
    what_ja = {"expected": "ビジョンまでの距離の期待値", "cvar": f"ビジョンまでの距離のCVaR（{result.alpha * 100:g}%）",
               "probability": "ビジョンの目標を外す確率"}[result.measure]
    levers = {}
    for name in result.levers:
        index = LEVERS.index(name)
        entry = {"budget": float(result.budgets[index]), "start": START, "ramp": RAMP}
        if result.timing is not None:
            entry |= {"start": float(result.timing["lever_start"][index]),
                      "ramp": float(result.timing["lever_ramp"][index])}
        if result.allocation is not None:
            entry["allocation"] = [float(share) for share in result.allocation[index]]
        levers[name] = entry
    bounds = "".join(f"; {part} {', '.join(f'{name} {amount:g}' for name, amount in result.settings[part].items())}"
                     f" ¥bn/yr" for part in ("floors", "caps") if result.settings[part])
    kept = f", keeping what {result.settings['keep']} funds" if result.settings["keep"] else ""
    kept_ja = f"（{result.settings['keep']}の配分を下限として維持）" if result.settings["keep"] else ""
    searched, searched_ja = SEARCHES[result.settings["method"]]
    return {
        "name": NAME,
        "name_ja": "最適配分",
        "description": f"Found by sim.optimise: ¥{result.budget:g}bn/yr over {', '.join(result.levers)}"
                       f"{' and the prefectures' if result.allocation is not None else ''}{kept}{bounds}, "
                       f"minimising {what} over "
                       f"{result.members} posterior members to {result.stop} ({searched}, seed "
                       f"{result.seed}, {result.generations} generations)",
        "description_ja": f"sim.optimiseによる：年{result.budget * 10:g}億円を"
                          f"{'・'.join(LEVER_NAMES_JA[name] for name in result.levers)}に配分し{kept_ja}、"
                          f"事後分布の{result.members}通りで{what_ja}を最小化（{result.stop}年まで、"
                          f"{searched_ja}、"
                          f"シード{result.seed}）",
        "levers": levers,
    }


def scenario_text(result: OptimiseResult, command: str) -> str:
    """``optimal.yaml``: the comments (objective, single-run distance, seed, command), then the
    scenario data. Floats are written in full (YAML's repr), so the file reruns to the same numbers."""
    head = [
        "# The budget allocation found by `python -m sim optimise` (sim.optimise, docs/OPTIMISE.md).",
        f"# objective: {result.objective!r}  ({_what(result)} over {result.members} posterior members)",
        f"# single-run distance: {result.distance!r}  (python -m sim scenario={NAME} model.stop={result.stop})",
        f"# seed: {result.seed}",
        f"# evaluations: {result.evaluations} candidates, {result.runs} model runs, {result.generations} generations",
        f"# command: {command}",
    ]
    body = yaml.safe_dump(scenario_data(result), sort_keys=False, allow_unicode=True, default_flow_style=None,
                          width=1000)
    return "\n".join(head) + "\n" + body


def first_complete_year(vision) -> int:
    """The first stop year [year] at which every target of ``vision`` has a value: its year, or the
    year after for an annual flow (the total over the year from 1 October needs the next one). With
    the default vision 2033: the startup rate and the young migration of 2032 are flows."""
    from sim.outputs import ANNUAL_FLOWS
    from sim.vision import targets as vision_targets

    return max(target.year + (target.kpi in ANNUAL_FLOWS) for target in vision_targets(vision))


def single_run_distance(data: dict, *, stop: int, vision) -> float:
    """The main job's distance to ``vision`` (``sim.vision.score`` of ``compare``) of the scenario
    ``data``, read back from its YAML text as ``python -m sim`` reads a scenario file, run with the
    baseline from 2020 to ``stop`` (dt 0.25, Euler: the model's defaults)."""
    from sim import compose
    from sim import vision as visions
    from sim.config import RunSpec, ScenarioConfig, model_overrides, scenario_parameters
    from sim.job import with_baseline
    from sim.runner import baseline_parameters, simulate

    reread = yaml.safe_load(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    node = OmegaConf.merge(OmegaConf.structured(ScenarioConfig), reread)
    cfg = compose([f"model.stop={stop}"])
    spec = RunSpec(int(cfg.model.start), int(stop), float(cfg.model.dt), str(cfg.model.method),
                   {NAME: scenario_parameters(node, baseline_parameters(), NAME) | model_overrides(cfg)})
    spec = with_baseline(spec, cfg)
    dataset = simulate(spec.scenarios, start=spec.start, stop=spec.stop, dt=spec.dt, method=spec.method)
    return float(visions.score(visions.compare(dataset, vision)).distance.loc[NAME])


def history_csv(result: OptimiseResult) -> str:
    """``history.csv``: generation (0 = the initial population), best objective so far."""
    rows = [f"{generation},{value!r}" for generation, value in enumerate(result.history)]
    return "generation,best_objective\n" + "\n".join(rows) + "\n"


def summary(result: OptimiseResult) -> str:
    """A few lines: the allocation, the objective, the distance, the work done."""
    lines = [f"optimise: ¥{result.budget:g}bn/yr over {', '.join(result.levers)}; {result.measure}"
             f"{f' (alpha={result.alpha:g})' if result.measure == 'cvar' else ''} over {result.members} members, "
             f"to {result.stop}, seed {result.seed}"]
    for name in result.levers:
        index = LEVERS.index(name)
        line = f"  {name:<17} {result.budgets[index]:10.4f} ¥bn/yr"
        if result.timing is not None:
            line += (f" from {result.timing['lever_start'][index]:.2f}, ramp "
                     f"{result.timing['lever_ramp'][index]:.2f} yr")
        if result.allocation is not None:
            line += "  " + " ".join(f"{region} {share:.3f}" for region, share in zip(REGIONS, result.allocation[index]))
        lines.append(line)
    lines += [f"objective: {result.objective:.6f}", f"single-run distance: {result.distance:.6f}",
              f"evaluations: {result.evaluations} candidates, {result.runs} model runs, {result.generations} "
              f"generations"]
    lines += [f"left out of the objective: {target} ({reason})" for target, reason in result.left_out.items()]
    return "\n".join(lines) + "\n"
