"""The optimum against every shipped mix (issue 16): score, cost, the probability of meeting each
target and the regret, all on the same posterior members (common random numbers).

``compare`` reads the optimum (the data of ``optimal.yaml``, ``sim.optimise.design.scenario_data``)
and every scenario file of the scenario folder (``sim.config.scenario_files``: ``scenarios/`` or
``$SIM_SCENARIO_DIR``; the baseline is the zero-cost reference) as the main job reads scenario
files (``ScenarioConfig`` then ``sim.config.scenario_parameters``), and runs them all in one
``ModelEvaluator.run`` call, so that every mix meets the same members. Per mix:

- ``cost`` [¥bn/year above business as usual]: the sum of its levers' budgets (the full rate,
  reached after the ramp; the reconstruction budget's scheduled path is in every mix and not
  counted). The baseline's is 0.
- ``cost_total`` [¥bn, from the run's first year to ``stop``] and ``cost_discounted`` [¥bn at the
  first year's prices, ``rate`` per year]: the main report's cost (``sim.cost.cost_dataset``) of one
  run of the calibrated model per mix.
- ``score`` [0-1]: the main report's distance to the vision of that run (``sim.vision.score``,
  every target of ``vision`` with a value in that run): what ``python -m sim`` shows.
- ``expected`` and ``cvar`` [0-1]: the mean distance to the vision over the members and its
  CVaR at ``alpha`` (``sim.optimise.objectives``; the targets the ensemble keeps, as the optimiser).
- ``p_all`` [0-1]: the share of members meeting every kept target; ``targets``: the share meeting
  each one.
- regret [0-1] per member: the mix's distance minus the smallest distance of the compared mixes in
  that member (0 for the member-wise best); ``regret_mean``, ``regret_p90`` (90th percentile over
  the members, linear interpolation) and ``regret_max``.
- ``p_best`` [0-1]: the share of members in which the mix has the smallest distance; a member
  where several mixes tie (``numpy.isclose``) counts 1/k for each of the k, as the main report's
  probability of ranking first (``sim.uncertainty.probabilities``), so that ``p_best`` sums to 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config import ConfigError, ScenarioConfig, read_scenario_file, scenario_files, scenario_parameters
from sim.model.levers import LEVERS
from sim.optimise import objectives
from sim.optimise.evaluate import ModelEvaluator
from sim.vision import targets as vision_targets

BASELINE = "baseline"


@dataclass(frozen=True)
class Comparison:
    """``summary``: mix × (cost [¥bn/yr], cost_total and cost_discounted [¥bn], score, expected,
    cvar, p_all, regret_mean, regret_p90, regret_max, p_best), mixes in the order compared (the
    optimum first, then the baseline and the other shipped mixes by name); ``targets``: mix × kept
    target id, probability of meeting it [0-1]; ``distance`` and ``regret``: (member, mix) [0-1],
    columns in the order of ``summary``; ``budgets``: mix × lever [¥bn/yr]; ``names_ja``: mix ->
    its Japanese name (``name_ja``, else the id); ``target_info``: kept target id -> kpi, region,
    year, basis, direction, value (for labels); ``optimum``: the optimum's mix name;
    ``allocation``: lever -> the optimum's prefectural shares (only levers whose shares it sets);
    ``alpha``: the CVaR level; ``stop``: the last year run (and of the cost); ``rate``: the
    discount rate [1/year]; ``left_out``: ids of the targets without a value in the ensemble in
    their year (``ModelEvaluator.left_out``; in no number here but ``score``, and there only where
    the single run has a value: not an annual flow in the stop year)."""

    summary: pd.DataFrame
    targets: pd.DataFrame
    distance: np.ndarray
    regret: np.ndarray
    budgets: pd.DataFrame
    names_ja: dict
    target_info: pd.DataFrame
    optimum: str
    allocation: dict
    alpha: float
    stop: int
    rate: float
    left_out: list


def _node(data: dict, where: str):
    """Scenario data as the main job holds a scenario file: read back from its YAML text and merged
    into ``ScenarioConfig`` (one-line ``ConfigError``)."""
    reread = yaml.safe_load(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        return OmegaConf.merge(OmegaConf.structured(ScenarioConfig), reread)
    except OmegaConfBaseException as error:  # a key or a type the schema does not allow
        raise ConfigError(f"{where}: {str(error).splitlines()[0]}") from None


def mixes(optimum: dict, scenario_dir=None) -> dict:
    """Mix name -> its ``ScenarioConfig`` node: the optimum first (named by its ``name``), then the
    scenario files of ``scenario_dir`` (default ``sim.config.scenario_dir()``), the baseline first.
    A file with the optimum's name (a copy of ``optimal.yaml`` among the scenarios) is left out."""
    node = _node(optimum, "optimum")
    files = scenario_files(Path(scenario_dir) if scenario_dir is not None else None)
    if BASELINE not in files:
        raise ConfigError(f"scenario folder {scenario_dir or 'scenarios/'} has no {BASELINE}.yaml; allowed: a folder "
                          f"with the baseline, the zero-cost reference")
    return {str(node.name): node} | {name: read_scenario_file(path) for name, path in files.items()
                                     if name != str(node.name)}


def _single_run(parameters: dict, evaluator: ModelEvaluator, vision, rate: float) -> pd.DataFrame:
    """One run of the calibrated model per mix on ``evaluator``'s grid: mix × (cost_total,
    cost_discounted [¥bn], score [0-1]), as the main report computes them."""
    from sim import cost as costing
    from sim import vision as visions
    from sim.runner import simulate

    grid = evaluator.grid
    dataset = simulate({name: values | evaluator.common for name, values in parameters.items()}, **grid)
    costs = costing.cost_dataset(dataset, year=int(grid["stop"]), rate=rate)
    return pd.DataFrame({"cost_total": costs["cost"].sum(["lever", "region"]).to_series(),
                         "cost_discounted": costs["cost_discounted"].to_series(),
                         "score": visions.score(visions.compare(dataset, vision)).distance})


def compare(optimum: dict, evaluator: ModelEvaluator, *, alpha: float = 0.9, scenario_dir=None, vision=None,
            rate: float | None = None) -> Comparison:
    """The optimum's scenario data against every shipped mix on ``evaluator``'s members, in one
    ``evaluator.run`` call, and in one single run of the calibrated model per mix for the cost to
    ``stop`` and the main report's score (module docstring for the measures). ``vision`` (default:
    the composed config's) is the score's; ``rate`` [1/year] discounts the cost (default
    ``output.discount_rate``, 4 %)."""
    from sim import compose
    from sim.runner import baseline_parameters

    if vision is None or rate is None:
        cfg = compose([])
        vision = cfg.vision if vision is None else vision
        rate = float(cfg.output.discount_rate) if rate is None else rate
    nodes = mixes(optimum, scenario_dir)
    defaults = baseline_parameters()
    parameters = {name: scenario_parameters(node, defaults, name) for name, node in nodes.items()}
    outcomes = evaluator.run(parameters)
    single = _single_run(parameters, evaluator, vision, rate).reindex(list(nodes))
    names = list(nodes)
    distance = np.asarray(outcomes.distance, dtype=float)
    smallest = distance.min(axis=1, keepdims=True)
    regret = distance - smallest
    best = np.isclose(distance, smallest)
    met = {target: np.asarray(hits, dtype=bool) for target, hits in outcomes.met.items()}
    every = np.logical_and.reduce(list(met.values()))
    budgets = pd.DataFrame([[float(node.levers[lever].budget) for lever in LEVERS] for node in nodes.values()],
                           index=pd.Index(names, name="mix"), columns=list(LEVERS))
    summary = pd.DataFrame({
        "cost": budgets.sum(axis=1),
        "cost_total": single.cost_total.to_numpy(),
        "cost_discounted": single.cost_discounted.to_numpy(),
        "score": single.score.to_numpy(),
        "expected": objectives.expected(distance),
        "cvar": objectives.cvar(distance, alpha),
        "p_all": every.mean(axis=0),
        "regret_mean": regret.mean(axis=0),
        "regret_p90": np.quantile(regret, 0.9, axis=0),
        "regret_max": regret.max(axis=0),
        "p_best": (best / best.sum(axis=1, keepdims=True)).mean(axis=0),
    }, index=budgets.index)
    targets = pd.DataFrame({target: hits.mean(axis=0) for target, hits in met.items()}, index=budgets.index)
    kept = {target.id: target for target in vision_targets(evaluator.vision)}
    info = pd.DataFrame([{key: value for key, value in asdict(kept[target]).items()
                          if key in ("id", "kpi", "region", "year", "basis", "direction", "value")}
                         for target in targets.columns]).set_index("id")
    head = nodes[names[0]]
    allocation = {lever: [float(share) for share in entry.allocation] for lever, entry in head.levers.items()
                  if entry.allocation is not None}
    return Comparison(summary, targets, distance, regret, budgets,
                      {name: str(node.name_ja or name) for name, node in nodes.items()}, info, names[0], allocation,
                      float(alpha), int(evaluator.grid["stop"]), float(rate), list(evaluator.left_out))
