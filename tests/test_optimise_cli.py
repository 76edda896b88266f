"""``python -m sim optimise`` and ``sim.optimise.optimise`` (issue 16, docs/OPTIMISE.md): the optimum
written as ``optimal.yaml`` reruns through ``python -m sim scenario=optimal`` to the distance it
records; the budget is met; bad input is one line, exit status 2, nothing written; the same seed
gives the same bytes. Small searches (two levers, 8 members, two generations, to 2032)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.model.levers import LEVERS

ROOT = Path(__file__).resolve().parents[1]
ARGV = ["budget=50", "levers=dx,talent", "members=8", "generations=2", "population=3", "seed=3", "stop=2032"]
ENV = os.environ | {"PYTHONPATH": str(ROOT)}


def _sim(arguments: list[str], cwd: Path, env: dict = ENV) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *arguments], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The folder written by one small ``python -m sim optimise`` in a subprocess."""
    folder = tmp_path_factory.mktemp("optimise") / "out"
    done = _sim(["optimise", *ARGV, f"out={folder}"], folder.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "optimal.yaml" in done.stdout and "single-run distance" in done.stdout
    return folder


def _recorded(text: str, label: str) -> float:
    return float(re.search(rf"^# {label}: (\S+)", text, flags=re.M).group(1))


def test_optimal_yaml_reruns_to_the_recorded_distance(written, tmp_path):
    """The issue's reproducibility: ``python -m sim scenario=optimal`` (the file in a scenario folder
    beside the baseline's) scores the optimum at the single-run distance optimal.yaml records."""
    from sim import vision

    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(written / "optimal.yaml", scenarios)
    shutil.copy(ROOT / "scenarios" / "baseline.yaml", scenarios)
    run = tmp_path / "run"
    done = _sim(["scenario=optimal", "model.stop=2032", "output.ensemble=0", f"hydra.run.dir={run}"], tmp_path,
                ENV | {"SIM_SCENARIO_DIR": str(scenarios)})
    assert done.returncode == 0, done.stderr[-2000:]
    gaps = pd.read_csv(run / "vision.csv")
    assert set(gaps.scenario) == {"baseline", "optimal"}
    reported = vision.score(gaps).distance.loc["optimal"]
    recorded = _recorded((written / "optimal.yaml").read_text(encoding="utf-8"), "single-run distance")
    assert reported == pytest.approx(recorded, rel=1e-9)


def test_optimal_yaml_meets_the_budget_and_funds_only_the_searched_levers(written):
    text = (written / "optimal.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["name"] == "optimal" and data["name_ja"] and "sim.optimise" in data["description"]
    assert set(data["levers"]) == {"dx", "talent"}
    assert abs(sum(lever["budget"] for lever in data["levers"].values()) - 50.0) <= 1e-9
    assert all(lever["budget"] >= 0 for lever in data["levers"].values())
    assert "# seed: 3" in text and "# command: python -m sim optimise budget=50 levers=dx,talent" in text
    from sim.config import read_scenario_file

    read_scenario_file(written / "optimal.yaml")  # the scenario schema takes it
    history = pd.read_csv(written / "history.csv")
    assert list(history.columns) == ["generation", "best_objective"]
    assert history.best_objective.is_monotonic_decreasing
    assert history.best_objective.iloc[-1] == pytest.approx(_recorded(text, "objective"), rel=1e-15)
    assert (written / "optimise.txt").read_text(encoding="utf-8").startswith("optimise: ¥50bn/yr")


def test_the_comparison_is_written_on_the_search_members(written):
    """comparison.csv, computed by a fresh evaluator on the same members, gives the optimum the
    expected distance the search recorded as its objective (measure=expected), the single-run
    distance optimal.yaml records, and a row for every shipped scenario file; both pages exist."""
    text = (written / "optimal.yaml").read_text(encoding="utf-8")
    table = pd.read_csv(written / "comparison.csv", index_col="mix")
    assert table.loc["optimal", "expected_distance [0-1]"] == pytest.approx(_recorded(text, "objective"), rel=1e-12)
    assert table.loc["optimal", "single_run_distance [0-1]"] == pytest.approx(_recorded(text, "single-run distance"),
                                                                              rel=1e-12)
    assert set(table.index) == {"optimal", *(path.stem for path in (ROOT / "scenarios").glob("*.yaml"))}
    assert "最適配分" in (written / "comparison_ja.html").read_text(encoding="utf-8")
    assert "<img" in (written / "comparison.html").read_text(encoding="utf-8")


def test_the_same_seed_gives_the_same_bytes(written):
    """In this process, the same settings give optimal.yaml byte for byte as the subprocess wrote it."""
    from sim.optimise import optimise
    from sim.optimise.cli import command_line
    from sim.optimise.design import scenario_text

    result = optimise(50.0, levers=("dx", "talent"), members=8, generations=2, population=3, seed=3, stop=2032)
    assert scenario_text(result, command_line(ARGV)) == (written / "optimal.yaml").read_text(encoding="utf-8")
    assert abs(result.budgets.sum() - 50.0) <= 1e-9
    assert set(np.flatnonzero(result.budgets)) <= {LEVERS.index("dx"), LEVERS.index("talent")}
    assert result.runs == 8 * result.evaluations and result.allocation is None


@pytest.mark.parametrize("bad, key", [("budget=-5", "budget"), ("measure=median", "measure"),
                                      ("levers=happiness", "levers"), ("members=0", "members"),
                                      ("floors=dx:-1", "floors"), ("caps=happiness:5", "caps"),
                                      ("floors=dx", "floors"), ("keep=nothing", "keep"),
                                      ("keep=integrated_rx", "keep"), ("by_prefecture=maybe", "by_prefecture"),
                                      ("stress=yes", "stress"), ("constraints=/no/such.yaml", "constraints"),
                                      ("method=powell", "method"), ("front=pareto", "front"),
                                      ("front_population=1", "front_population")])
def test_bad_input_is_one_line_exit_2_and_nothing_written(bad, key, tmp_path, capsys):
    from sim.optimise.cli import main

    folder = tmp_path / "out"
    arguments = [argument for argument in ARGV if argument.partition("=")[0] != key]
    assert main([*arguments, bad, f"out={folder}"]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and error.startswith(f"error: {bad.replace('=', '=' + chr(39))}")
    assert "allowed" in error and not folder.exists()


def test_bad_input_through_python_m_sim(tmp_path):
    done = _sim(["optimise", "budget=50", "measure=median", f"out={tmp_path / 'out'}"], tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "measure='median'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_used_folder_is_refused(tmp_path, capsys):
    from sim.optimise.cli import main

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "kept.txt").write_text("earlier")
    assert main([*ARGV, f"out={tmp_path / 'out'}"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert os.listdir(tmp_path / "out") == ["kept.txt"]


def test_prefectural_shares_are_written_as_allocations(tmp_path):
    """by_prefecture: each searched lever's six shares go into optimal.yaml as its allocation, which
    the scenario schema takes (shares summing to 1, in the order of the regions)."""
    from sim.config import read_scenario_file
    from sim.optimise import optimise
    from sim.optimise.design import scenario_text

    result = optimise(20.0, levers=("dx",), measure="cvar", members=4, generations=1, population=1,
                      by_prefecture=True, seed=0, stop=2032)
    assert result.allocation.shape == (len(LEVERS), 6) and np.isfinite(result.distance)
    (tmp_path / "optimal.yaml").write_text(scenario_text(result, "test"), encoding="utf-8")
    lever = read_scenario_file(tmp_path / "optimal.yaml").levers.dx
    assert abs(lever.budget - 20.0) <= 1e-9
    np.testing.assert_array_equal(lever.allocation, result.allocation[LEVERS.index("dx")])
    assert abs(sum(lever.allocation) - 1.0) <= 1e-12


def test_constraints_file_keep_and_command_line_bounds(tmp_path):
    """Floors and caps from a constraints file, replaced by ``caps=`` on the command line; ``keep``
    raises the floors to the plan's budgets, read here from the scenario file itself."""
    from sim.optimise.cli import _arguments

    (tmp_path / "bounds.yaml").write_text("floors: {dx: 12.5}\ncaps: {talent: 30}\nkeep: sustainability\n")
    settings = _arguments(["budget=80", f"constraints={tmp_path / 'bounds.yaml'}", "caps=talent:20,dx:40",
                           f"out={tmp_path / 'out'}"])
    assert settings["floors"] == {"dx": 12.5} and settings["caps"] == {"talent": 20.0, "dx": 40.0}
    assert settings["keep"] == "sustainability"
    plan = yaml.safe_load((ROOT / "scenarios" / "sustainability.yaml").read_text(encoding="utf-8"))["levers"]
    from sim.optimise import optimise

    result = optimise(80.0, levers=("dx", "talent", *plan), floors=settings["floors"], caps=settings["caps"],
                      keep="sustainability", members=2, generations=1, population=1, stop=2032)
    budgets = dict(zip(LEVERS, result.budgets))
    assert abs(result.budgets.sum() - 80.0) <= 1e-9 and budgets["dx"] >= 12.5 and budgets["talent"] <= 20.0
    assert all(budgets[name] >= entry["budget"] for name, entry in plan.items())
    assert result.settings["floors"] == {"dx": 12.5, **{name: entry["budget"] for name, entry in plan.items()}}
    with pytest.raises(ValueError, match=r"^bounds.yaml: budget is not allowed; allowed: keys"):
        (tmp_path / "bounds.yaml").write_text("budget: 5\n")
        _arguments(["budget=80", f"constraints={tmp_path / 'bounds.yaml'}", f"out={tmp_path / 'out'}"])


def test_stress_pins_the_prior_ends_and_measures_what_moves():
    """The stress test's members carry the pinned parameter at its prior end (read here from
    conf/ensemble/prior.yaml), every other value unchanged; with one lever searched nothing can
    move (moved 0, regret 0, the same objective); with two (dx at least ¥5bn/yr), ``moved`` is half
    the L1 distance of the two allocations over the budget."""
    from sim.ensemble import read_posterior
    from sim.optimise import optimise
    from sim.optimise.settings import pinned_values
    from sim.optimise.stress import pinned, stress

    prior = yaml.safe_load((ROOT / "conf" / "ensemble" / "prior.yaml").read_text(encoding="utf-8"))["parameters"]
    values = pinned_values({"chi_dx_talent": "high", "talent_deadweight": "low"})
    assert values == {"chi_dx_talent": prior["chi_dx_talent"]["high"],
                      "talent_deadweight": prior["talent_deadweight"]["low"]}
    posterior = read_posterior()
    members = pinned(posterior, values)
    assert (members.values["chi_dx_talent"] == values["chi_dx_talent"]).all()
    others = [name for name in posterior.names if name not in values]
    assert members.values[others].equals(posterior.values[others])

    case = {"strong": {"chi_dx_talent": "high"}}
    alone = optimise(30.0, levers=("talent",), members=4, generations=1, population=1, stop=2032)
    row = stress(alone, case).loc["strong"]
    assert row.moved == 0.0 and row.regret == 0.0 and row.objective == row.kept_objective
    # a floor on dx keeps both levers funded, so that their cross effect χ acts (the search alone ends at talent only)
    pair = optimise(30.0, levers=("dx", "talent"), members=4, generations=2, population=3, stop=2032,
                    floors={"dx": 5.0})
    row = stress(pair, case).loc["strong"]
    again = np.array([row[name] for name in LEVERS])
    assert abs(again.sum() - 30.0) <= 1e-9
    assert row.moved == pytest.approx(0.5 * np.abs(again - pair.budgets).sum() / 30.0, abs=1e-15)
    assert 0.0 <= row.moved <= 1.0 and row.kept_objective != pair.objective  # the pinned χ changes the members


def test_timing_is_searched_and_written(tmp_path):
    """timing=true: each lever's start and ramp lie in the box of conf/optimise/default.yaml, the
    levers spend by the stop year what ¥30bn/yr spends at the default timing (the spending computed
    here from the written file), and the file is a scenario the schema takes."""
    from sim.config import read_scenario_file
    from sim.optimise import optimise
    from sim.optimise.design import scenario_text

    box = yaml.safe_load((ROOT / "conf" / "optimise" / "default.yaml").read_text(encoding="utf-8"))["timing"]
    result = optimise(30.0, levers=("dx", "talent"), members=2, generations=1, population=2, timing=True,
                      stop=2032)
    (tmp_path / "optimal.yaml").write_text(scenario_text(result, "test"), encoding="utf-8")
    levers = read_scenario_file(tmp_path / "optimal.yaml").levers
    spent = 0.0
    for name in ("dx", "talent"):
        lever = levers[name]
        assert box["start"][0] <= lever.start <= box["start"][1] and box["ramp"][0] <= lever.ramp <= box["ramp"][1]
        full = 2032.0 - lever.start - lever.ramp / 2.0  # the ramp ends before 2032 in this box
        spent += lever.budget * full
    assert spent == pytest.approx(30.0 * (2032.0 - 2022.0 - 1.0), rel=1e-12)


def test_cmaes_and_a_robust_front_through_the_command(tmp_path, capsys):
    """method=cmaes and front=robust: optimal.yaml says CMA-ES; front.csv holds allocations of the
    whole budget, none dominated by another on (expected, CVaR), sorted by the expected distance;
    a front with timing is refused in one line."""
    from sim.optimise.cli import main

    folder = tmp_path / "out"
    assert main(["budget=40", "levers=dx,talent", "members=4", "generations=3", "method=cmaes", "front=robust",
                 "front_population=6", "front_generations=2", "compare=false", f"out={folder}"]) == 0
    assert "CMA-ES" in (folder / "optimal.yaml").read_text(encoding="utf-8")
    table = pd.read_csv(folder / "front.csv", comment="#")
    np.testing.assert_allclose(table.total, 40.0, rtol=1e-12)
    values = table[["expected", "cvar"]].to_numpy()
    dominated = [(np.all(values <= row, axis=1) & np.any(values < row, axis=1)).any() for row in values]
    assert not any(dominated) and table.expected.is_monotonic_increasing
    assert main([*ARGV, "front=cost", "timing=true", f"out={tmp_path / 'other'}"]) == 2
    assert "front='cost' is not allowed with timing=true" in capsys.readouterr().err
