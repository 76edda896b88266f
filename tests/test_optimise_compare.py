"""``sim.optimise.compare`` and ``sim.optimise.report`` (issue 16, docs/OPTIMISE.md): the optimum
against every shipped mix on the same members. With the dx scenario's own levers as the "optimum",
its row must equal dx's; costs are checked against the scenario files read here; the expected
distance and the probabilities of meeting each target against the main job's path (its
``run_spec`` of ``scenario=all``, ``sim.ensemble.run_ensemble`` and ``sim.uncertainty``); regret and
the probability of being best on hand-made distances; the pages in both languages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.optimise.compare import compare
from sim.optimise.evaluate import Outcomes
from sim.optimise.report import reading, report_html, summary_csv, targets_csv

ROOT = Path(__file__).resolve().parents[1]
MEMBERS, STOP = 8, 2032


def _optimum() -> dict:
    """The dx scenario's data under the optimum's name: an "optimum" whose numbers are dx's."""
    data = yaml.safe_load((ROOT / "scenarios" / "dx.yaml").read_text(encoding="utf-8"))
    return data | {"name": "optimal", "name_ja": "最適配分"}


@pytest.fixture(scope="module")
def evaluator():
    from sim import compose
    from sim.optimise import ModelEvaluator

    return ModelEvaluator(compose([]).vision, n=MEMBERS, stop=STOP)


@pytest.fixture(scope="module")
def compared(evaluator):
    return compare(_optimum(), evaluator)


@pytest.mark.slow
def test_the_optimum_with_dx_levers_gets_dx_row(compared, evaluator):
    """Same levers, same members: the optimum's numbers are dx's exactly, its chances too; every
    shipped mix is compared, in one run of the members."""
    shipped = sorted(path.stem for path in (ROOT / "scenarios").glob("*.yaml"))
    assert list(compared.summary.index) == ["optimal", "baseline", *[name for name in shipped if name != "baseline"]]
    assert evaluator.runs == MEMBERS * len(compared.summary)
    pd.testing.assert_series_equal(compared.summary.loc["optimal"], compared.summary.loc["dx"], check_names=False)
    pd.testing.assert_series_equal(compared.targets.loc["optimal"], compared.targets.loc["dx"], check_names=False)
    position = list(compared.summary.index)
    np.testing.assert_array_equal(compared.distance[:, 0], compared.distance[:, position.index("dx")])


@pytest.mark.slow
def test_regret_and_chance_of_being_best(compared):
    """Regret >= 0, 0 for each member's best mix, the distance less the member's smallest; the
    chances of being best sum to 1, the optimum and dx (tied in every member) share theirs."""
    regret, distance = compared.regret, compared.distance
    assert (regret >= 0).all()
    assert (regret[np.arange(MEMBERS), distance.argmin(axis=1)] == 0).all()
    np.testing.assert_allclose(regret, distance - distance.min(axis=1)[:, None], rtol=0, atol=0)
    np.testing.assert_allclose(compared.summary.regret_mean, regret.mean(axis=0))
    np.testing.assert_allclose(compared.summary.regret_max, regret.max(axis=0))
    assert compared.summary.p_best.sum() == pytest.approx(1.0, abs=1e-12)
    assert compared.summary.p_best["optimal"] == compared.summary.p_best["dx"]


@pytest.mark.slow
def test_costs_are_the_files_lever_budgets(compared):
    """Each mix's cost [¥bn/yr] is the sum of its file's lever budgets; the baseline's is 0, and
    its cost to the stop year too."""
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        levers = yaml.safe_load(path.read_text(encoding="utf-8")).get("levers") or {}
        assert compared.summary.cost[path.stem] == pytest.approx(sum(lever["budget"] for lever in levers.values()))
    assert compared.summary.cost["baseline"] == 0.0
    assert compared.summary.cost["optimal"] == 50.0
    assert compared.summary.cost_total["baseline"] == 0.0 and compared.summary.cost_discounted["baseline"] == 0.0


@pytest.mark.slow
def test_numbers_match_the_main_jobs_path(compared, evaluator):
    """The shipped mixes as the main job reads them (``run_spec`` of ``scenario=all``), run by
    ``run_ensemble`` on the same members: the same expected distance, CVaR, chance of meeting each
    target, and chance of ranking first (``sim.uncertainty.probabilities``; there dx is alone, so
    its chance is the optimum's and dx's together); run once by ``simulate``: the same cost to the
    stop year (``sim.cost``) and score (``sim.vision.score``); the optimum's score is the one
    ``optimal.yaml`` records (``single_run_distance``)."""
    from sim import compose
    from sim.config import run_spec
    from sim.ensemble import run_ensemble
    from sim.job import with_baseline
    from sim.optimise import objectives
    from sim.optimise.design import single_run_distance
    from sim.uncertainty import member_distances, member_shortfalls, probabilities

    config = compose(["scenario=all", f"model.stop={STOP}"])
    spec = run_spec(config)
    members = run_ensemble(spec.scenarios, **evaluator.grid, n=MEMBERS, posterior=evaluator.posterior)
    distance = member_distances(member_shortfalls(members, None, evaluator.vision))
    names = [str(name) for name in members.scenario.values]
    shipped = compared.summary.loc[names]
    np.testing.assert_allclose(shipped.expected, distance.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(shipped.cvar, objectives.cvar(distance, 0.9), rtol=1e-12)
    met, first = probabilities(members, None, evaluator.vision)
    pd.testing.assert_frame_equal(compared.targets.loc[names, met.columns], met, check_names=False,
                                  check_index_type=False)
    from sim import cost as costing
    from sim import vision as visions
    from sim.runner import simulate

    dataset = simulate(with_baseline(spec, config).scenarios, **evaluator.grid)
    costs = costing.cost_dataset(dataset, year=STOP, rate=config.output.discount_rate)
    np.testing.assert_allclose(shipped.cost_total, costs["cost"].sum(["lever", "region"]).to_series().loc[names])
    np.testing.assert_allclose(shipped.cost_discounted, costs["cost_discounted"].to_series().loc[names])
    scores = visions.score(visions.compare(dataset, config.vision)).distance
    np.testing.assert_allclose(shipped.score, scores.loc[names])
    assert compared.summary.score["optimal"] == pytest.approx(single_run_distance(_optimum(), stop=STOP,
                                                                                  vision=config.vision), rel=1e-12)
    chances = compared.summary.p_best.loc[names].copy()
    chances["dx"] += compared.summary.p_best["optimal"]
    np.testing.assert_allclose(chances.to_numpy(), first.loc[names].to_numpy(), atol=1e-12)


class _Fixed:
    """An evaluator giving hand-made distances (member, mix) and every target met in member 0 (the
    single runs for the cost and the score are the model's, on ``evaluator``'s grid)."""

    def __init__(self, distance, evaluator):
        self.distance, self.vision, self.grid = np.asarray(distance), evaluator.vision, evaluator.grid
        self.common, self.left_out, self.calls = {}, [], []

    def run(self, scenarios):
        self.calls.append(list(scenarios))
        hits = np.zeros(self.distance.shape, dtype=bool)
        hits[0] = True
        target = next(iter(self.vision["targets"]))
        return Outcomes(self.distance, {target: hits})


def test_ties_share_the_chance_of_being_best(tmp_path, monkeypatch, evaluator):
    """Member 0: the optimum and the baseline tie for best (1/2 each); member 1: "expensive" is best.
    The scenario folder is ``$SIM_SCENARIO_DIR``; one ``run`` call with every mix. The reading names
    the best shipped mix and the best one costing no more than the optimum. A folder without a
    baseline and an optimum the scenario schema refuses: one line each."""
    levers = {"baseline": {}, "cheap": {"talent": {"budget": 5.0}, "dx": {"budget": 2.5}},
              "expensive": {"talent": {"budget": 100.0}}}
    for name, funded in levers.items():
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump({"name": name, "levers": funded}), encoding="utf-8")
    monkeypatch.setenv("SIM_SCENARIO_DIR", str(tmp_path))
    fixed = _Fixed([[0.3, 0.3, 0.5, 0.5], [0.4, 0.6, 0.2, 0.1]], evaluator)
    result = compare(_optimum(), fixed)
    assert fixed.calls == [["optimal", "baseline", "cheap", "expensive"]]
    np.testing.assert_allclose(result.summary.p_best, [0.25, 0.25, 0.0, 0.5])
    np.testing.assert_allclose(result.regret, [[0.0, 0.0, 0.2, 0.2], [0.3, 0.5, 0.1, 0.0]], atol=1e-15)
    np.testing.assert_allclose(result.summary.regret_mean, [0.15, 0.25, 0.15, 0.1])
    np.testing.assert_allclose(result.summary.cost, [50.0, 0.0, 7.5, 100.0])
    np.testing.assert_allclose(result.summary.p_all, [0.5, 0.5, 0.5, 0.5])
    text = reading(result, "en")
    assert "35.0 % against 30.0 % for the best shipped mix, <b>expensive</b>" in text
    assert "costing no more than the optimum is <b>cheap</b>" in text
    no_baseline = tmp_path / "other"
    no_baseline.mkdir()
    with pytest.raises(ValueError, match="baseline"):
        compare(_optimum(), fixed, scenario_dir=no_baseline)
    with pytest.raises(ValueError, match="^optimum: Key 'budgt' not in 'LeverConfig'"):
        compare(_optimum() | {"levers": {"dx": {"budgt": 50.0}}}, fixed)


@pytest.mark.slow
def test_pages_and_tables(compared):
    """Both pages name every mix (Japanese names in Japanese) and embed the figures; the Japanese
    page's headings have no Latin letters; the CSV has units in its header and the summary's numbers."""
    files = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in (ROOT / "scenarios").glob("*.yaml")}
    english = report_html(compared, _optimum(), [0.5, 0.45, 0.44], "en")
    japanese = report_html(compared, _optimum(), [0.5, 0.45, 0.44], "ja")
    for name, data in files.items():
        assert f"<td>{name}</td>" in english
        assert f"<td>{data['name_ja']}</td>" in japanese
    assert "最適配分" in japanese and "<td>optimal</td>" in english
    for page in (english, japanese):
        assert page.count("data:image/png;base64,") == 2
    headings = re.findall(r"<h[12]>(.*?)</h[12]>", japanese) + re.findall(r"<th>(.*?)</th>", japanese)
    words = [text for text in headings if text not in compared.names_ja.values()]  # mix names may be Latin: DX推進
    assert words and not [text for text in words if re.search("[A-Za-z]", text.replace("CVaR", ""))]
    table = pd.read_csv(io.StringIO(summary_csv(compared)), index_col="mix")
    assert "cost [¥bn/yr above baseline]" in table.columns
    np.testing.assert_array_equal(table.to_numpy(), compared.summary.to_numpy())
    chances = pd.read_csv(io.StringIO(targets_csv(compared)), index_col="mix")
    np.testing.assert_array_equal(chances.to_numpy(), compared.targets.to_numpy())


def test_prefectural_shares_in_the_allocation_table(tmp_path, evaluator):
    """An optimum that splits a lever over the prefectures: its shares [%] in both pages' allocation
    table, the Japanese page with the prefectures' Japanese names."""
    (tmp_path / "baseline.yaml").write_text(yaml.safe_dump({"name": "baseline", "levers": {}}), encoding="utf-8")
    shares = [0.1, 0.2, 0.3, 0.0, 0.15, 0.25]
    optimum = _optimum() | {"levers": {"talent": {"budget": 40.0, "allocation": shares}, "dx": {"budget": 10.0}}}
    result = compare(optimum, _Fixed([[0.3, 0.4], [0.5, 0.4]], evaluator), scenario_dir=tmp_path)
    assert result.allocation == {"talent": shares}
    english, japanese = (report_html(result, optimum, None, lang) for lang in ("en", "ja"))
    assert "<th>Iwate</th>" in english and "<td>30.0 %</td>" in english and "<td>40.00</td>" in english
    assert "<th>岩手県</th>" in japanese and "<td>多様な人材</td>" in japanese and "<td>400</td>" in japanese
    assert english.count("data:image/png;base64,") == 1  # the regret figure; no history, no progress figure
