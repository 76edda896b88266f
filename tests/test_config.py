"""Hydra configuration, scenario files and the command line (``python -m sim``).

Every option composes and validates; the main job writes its four outputs and can be re-run from
the config stored in ``results.nc``; every bad input gives a one-line error naming the key, the
value and what is allowed, exit status 2, and no output files; a scenario file is data, never code.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from omegaconf import OmegaConf

import sim
from sim import cli, config
from sim.model.levers import LEVERS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["baseline", "dx", "innovation", "integrated_rx", "integrated_rx_plus", "reconstruction",
           "sustainability", "talent"]


def test_shipped_scenarios_are_the_strategy_mixes_of_model_md():
    assert sorted(config.scenario_files()) == sorted(SHIPPED)
    assert list(config.scenario_files())[0] == "baseline"


# every option of the Hydra groups (conf/ensemble holds the ensemble's files, read by sim.ensemble)
@pytest.mark.parametrize("path", sorted(p for group in config.FILE_GROUPS for p in (ROOT / "conf" / group).glob("*.yaml")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_conf_option_composes_and_validates(path):
    cfg = config.compose([f"{path.parent.name}={path.stem}"])
    spec = config.run_spec(cfg)
    assert spec.scenarios and spec.dt > 0


@pytest.mark.parametrize("name", SHIPPED)
def test_every_scenario_composes_and_validates(name):
    cfg = config.compose([f"scenario={name}"])
    spec = config.run_spec(cfg)
    assert list(spec.scenarios) == [name]
    budget = spec.scenarios[name].get("lever_budget", np.zeros(len(LEVERS)))
    assert (budget == 0).all() if name == "baseline" else budget.sum() > 0


def test_integrated_mix_has_the_budget_of_one_pillar():
    # MODEL.md §4: integrated_rx spends what a single-pillar scenario spends, so mixes compare fairly
    totals = {name: config.run_spec(config.compose([f"scenario={name}"])).scenarios[name]["lever_budget"].sum()
              for name in ("innovation", "dx", "sustainability", "talent", "reconstruction", "integrated_rx")}
    assert len(set(totals.values())) == 1
    plus = config.run_spec(config.compose(["scenario=integrated_rx_plus"])).scenarios["integrated_rx_plus"]
    assert plus["lever_budget"].sum() > totals["integrated_rx"]


def test_compose_and_run_match_the_named_scenario_run():
    by_config = sim.run(sim.compose(["scenario=dx", "model.stop=2026"]))
    by_name = sim.run("dx", stop=2026)
    np.testing.assert_array_equal(by_config.grp_real.values, by_name.grp_real.values)
    changed = sim.run(sim.compose(["scenario=dx", "model.stop=2026", "scenario.levers.dx.budget=80"]))
    assert (changed.dx_adoption.sel(time=2026) > by_name.dx_adoption.sel(time=2026)).all()


def test_a_lever_is_added_to_a_mix_from_the_command_line_with_or_without_plus():
    plain = config.run_spec(config.compose(["scenario=dx", "scenario.levers.talent.budget=50",
                                            "scenario.levers.talent.start=2024"])).scenarios["dx"]
    plus = config.run_spec(config.compose(["scenario=dx", "+scenario.levers.talent.budget=50",
                                           "++scenario.levers.talent.start=2024"])).scenarios["dx"]
    talent, dx = LEVERS.index("talent"), LEVERS.index("dx")
    for spec in (plain, plus):
        assert spec["lever_budget"][talent] == 50.0 and spec["lever_budget"][dx] == 50.0  # dx.yaml's 50 kept
        assert spec["lever_start"][talent] == 2024.0
        assert spec["lever_budget"].sum() == 100.0


def test_model_parameters_by_name_reach_the_run():
    cfg = sim.compose(["scenario=baseline", "model.stop=2025", "model.verdoorn_coefficient=0.3"])
    assert not np.array_equal(sim.run(cfg).grp_real.values, sim.run("baseline", stop=2025).grp_real.values)
    np.testing.assert_array_equal(sim.run(cfg).grp_real.values,
                                  sim.run("baseline", stop=2025, verdoorn_coefficient=0.3).grp_real.values)


def _python_sim(*arguments, cwd, env=None, timeout=600):
    import os

    return subprocess.run([sys.executable, "-m", "sim", *arguments], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=os.environ | (env or {}))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_main_job_writes_the_four_outputs_and_reruns_from_its_stored_config(tmp_path):
    completed = _python_sim(cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    (report,) = list(tmp_path.glob("outputs/*/*/report.html"))
    assert f"report: {report}" in completed.stdout
    folder = report.parent
    assert {p.name for p in folder.iterdir()} >= {"results.nc", "kpis.csv", "vision.csv", "figures", "report.html"}
    figures = len(list((folder / "figures").glob("*.png")))
    assert figures >= 10
    html = report.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == figures
    with xr.open_dataset(folder / "results.nc") as stored:
        stored = stored.load()
    assert list(stored.scenario.values) == SHIPPED
    rerun = sim.run(OmegaConf.create(stored.attrs["config"]))
    for name in ("grp_real", "population_total", "dx_adoption", "renewable_share", "evacuees"):
        np.testing.assert_array_equal(rerun[name].values, stored[name].values, err_msg=name)
    import pandas as pd

    kpis = pd.read_csv(folder / "kpis.csv")
    tohoku = kpis[(kpis.kpi == "population_total") & (kpis.region == "Tohoku") & (kpis.scenario == "baseline")]
    assert tohoku.value.item() == pytest.approx(stored.population_total.sel(scenario="baseline", time=2032).sum())
    # no temporary files left behind
    assert not [p for p in _files(folder) if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_multirun_gives_one_job_per_scenario(tmp_path):
    completed = _python_sim("-m", "scenario=baseline,talent", "model.stop=2032", "output.figures=false", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    results = sorted(tmp_path.glob("multirun/*/*/*/results.nc"))
    assert len(results) == 2
    names = sorted(tuple(xr.open_dataset(path).scenario.values) for path in results)
    assert names == [("baseline",), ("baseline", "talent")]  # the baseline added for comparison


def _refused(arguments, tmp_path, monkeypatch, capsys) -> str:
    monkeypatch.chdir(tmp_path)
    before = _files(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main(arguments)
    assert stop.value.code == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("error: ") and "\n" not in message, message
    assert _files(tmp_path) == before  # no output written
    return message


BAD_INPUTS = {
    "unknown scenario": (["scenario=nope"], r"scenario='nope' is not allowed; available scenarios: \['all', "
                                            r"'baseline', 'dx'"),
    "misspelt key": (["model.verdoorn_coeficient=0.3"], r"model.verdoorn_coeficient=0.3 is not allowed: "
                                                        r"'verdoorn_coeficient' is not a key of model"),
    "negative budget": (["scenario=dx", "scenario.levers.dx.budget=-5"],
                        r"scenario.levers.dx.budget=-5.0 is not allowed; allowed: a number in \[0, 100000\]"),
    "share outside [0, 1]": (["model.destination_share_tokyo=1.5"],
                             r"model.destination_share_tokyo=1.5 is not allowed; allowed: 6 numbers .* in \[0, 1\]"),
    "allocation outside [0, 1]": (["scenario=dx", "scenario.levers.dx.allocation=[1.5,-0.5,0,0,0,0]"],
                                  r"scenario.levers.dx.allocation=\[1.5, -0.5, .*\] is not allowed; allowed: 6 shares "
                                  r"in \[0, 1\] summing to 1"),
    "unknown lever": (["scenario=dx", "scenario.levers.teleport.budget=5"],
                      r"scenario.levers.teleport.budget=5 is not allowed: 'teleport' is not a key of scenario.levers "
                      r"\(misspelt\?\); allowed: \['innovation', 'dx', 'green_energy'"),
    "lever on every scenario": (["scenario.levers.talent.budget=50"],
                                r"scenario.levers.talent=... is not allowed with scenario=all; allowed: with one "
                                r"scenario, scenario=<name>"),
    "ensemble too small": (["output.ensemble=5"], r"output.ensemble=5 is not allowed; allowed: 0 \(no ensemble\) or "
                                                  r"members per scenario from 20 to 1000 \(the calibrated ensemble"),
    "unknown map KPI": (["output.map_kpi=happiness"], r"output.map_kpi='happiness' is not allowed; allowed: "
                                                      r"\['population_total'"),
    "negative discount rate": (["output.discount_rate=-0.01"], r"output.discount_rate=-0.01 is not allowed; allowed: "
                                                               r"a rate per year in \[0, 1\)"),
    "start after end": (["model.start=2020", "model.stop=2015"],
                        r"model.start=2020 is not before model.stop=2015; allowed: start < stop"),
    "dt not dividing a year": (["model.dt=0.3"], r"model.dt=0.3 is not allowed; allowed: a step that divides one year"),
    "non-numeric value": (["model.verdoorn_coefficient=abc"],
                          r"model.verdoorn_coefficient='abc' is not allowed; allowed: a number in \[0, 0.6\]"),
    "non-numeric setting": (["model.dt=abc"], r"model.dt='abc' is not allowed: Value 'abc' .* could not be converted"),
    "bad sweep value": (["-m", "scenario=baseline,nope"], r"scenario='nope' is not allowed; available scenarios"),
    "vision year outside the run": (["model.stop=2028", "output.year=2028"], r"vision target 'fukushima_renewables': year=2030 is outside "
                                                         r"the run \(2020-2028\)"),
    "vision direction": (["vision.targets.telework.direction=up"],
                         r"vision target 'telework': direction='up' is not allowed; allowed: \['at_least', 'at_most'\]"),
    "unknown language": (["output.lang=fr"], r"output.lang='fr' is not allowed; allowed: \['en', 'ja'\]"),
    "unknown sweep output": (["sweep=monte_carlo", "sweep.outputs=[happiness]"],
                             r"sweep.outputs \['happiness'\] are not allowed; allowed: \['births', 'closures', 'co2_"),
    "sweep year outside the run": (["sweep=monte_carlo", "sweep.years=[2050]"],
                                   r"sweep.years \[2050\] are not allowed; allowed: years from 2020 to 2035"),
    "unknown sweep design": (["sweep=monte_carlo", "sweep.method=grid"],
                             r"sweep.method='grid' is not allowed; allowed: \['monte_carlo', 'latin_hypercube'"),
    "sweep samples outside a parameter's bounds": (
        ["sweep=growth_sensitivity", "sweep.n=8", "sweep.parameters.depreciation.low=0.0"],
        r"sweep.parameters.depreciation: sample \d+ draws 0.0\d+ \(\d+ of 96 samples outside\); allowed: a "
        r"distribution within the parameter's bounds \[0.05, 0.12\] 1/year"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gives_a_one_line_error_exit_2_and_no_outputs(case, tmp_path, monkeypatch, capsys):
    arguments, pattern = BAD_INPUTS[case]
    import re

    message = _refused(arguments, tmp_path, monkeypatch, capsys)
    assert re.search(pattern, message), message


def _scenario_folder(tmp_path, name: str, text: str) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    for shipped in ("baseline", "dx"):
        (folder / f"{shipped}.yaml").write_text((ROOT / "scenarios" / f"{shipped}.yaml").read_text())
    (folder / f"{name}.yaml").write_text(text)
    return folder


def test_yaml_syntax_error_names_the_file_and_line(tmp_path, monkeypatch, capsys):
    folder = _scenario_folder(tmp_path, "broken", "name: broken\nlevers:\n  dx: {budget: 50, start: 2022\n")
    monkeypatch.setenv(config.SCENARIO_DIR_VARIABLE, str(folder))
    message = _refused(["scenario=broken"], tmp_path, monkeypatch, capsys)
    assert f"{folder / 'broken.yaml'}, line " in message and "YAML syntax error" in message


def test_a_scenario_file_is_data_never_code(tmp_path, monkeypatch, capsys):
    marker = tmp_path / "pwned"
    folder = _scenario_folder(tmp_path, "evil", f"name: evil\n_target_: os.system\ncommand: touch {marker}\n")
    monkeypatch.setenv(config.SCENARIO_DIR_VARIABLE, str(folder))
    message = _refused(["scenario=evil"], tmp_path, monkeypatch, capsys)
    assert "evil.yaml, line 2: key '_target_' is not allowed; a config file is data, never code" in message
    assert not marker.exists()
    # an interpolation is not evaluated either (it could read the environment or call a resolver)
    (folder / "evil.yaml").write_text("name: evil\ndescription: ${oc.env:HOME}\n")
    message = _refused(["scenario=evil"], tmp_path, monkeypatch, capsys)
    assert "evil.yaml, line 2: description='${oc.env:HOME}' is not allowed; interpolations" in message


def test_a_scenario_file_with_an_unknown_lever_or_key_is_refused(tmp_path, monkeypatch, capsys):
    folder = _scenario_folder(tmp_path, "odd", "name: odd\nlevers:\n  teleportation: {budget: 5}\n")
    monkeypatch.setenv(config.SCENARIO_DIR_VARIABLE, str(folder))
    message = _refused(["scenario=odd"], tmp_path, monkeypatch, capsys)
    assert "scenario.levers.teleportation is not a lever; allowed: ['innovation'" in message
    (folder / "odd.yaml").write_text("name: odd\nlevrs: {}\n")
    message = _refused(["scenario=all"], tmp_path, monkeypatch, capsys)  # every file: odd.yaml too
    assert "odd.yaml" in message and "levrs" in message
    assert config.compose(["scenario=dx"]).scenario.name == "dx"  # a run reads only the files it uses


def test_an_existing_run_folder_is_never_overwritten(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "earlier"
    folder.mkdir()
    (folder / "results.nc").write_text("an earlier run")
    message = _refused([f"hydra.run.dir={folder}"], tmp_path, monkeypatch, capsys)
    assert "already holds ['results.nc']" in message
    assert (folder / "results.nc").read_text() == "an earlier run"


@pytest.mark.slow
def test_a_job_terminated_while_writing_removes_its_staging_folder(tmp_path):
    # SIGTERM while the outputs are being written: the job unwinds, removes its staging folder and
    # publishes nothing, and exits with 128 + 15
    import os
    import signal
    import time

    folder = tmp_path / "run"
    process = subprocess.Popen([sys.executable, "-m", "sim", f"hydra.run.dir={folder}"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    deadline = time.monotonic() + 300
    while not list(folder.glob(".staging-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert list(folder.glob(".staging-*")), "the job never began writing"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 128 + signal.SIGTERM
    assert not list(folder.glob(".staging-*"))
    assert not (folder / "report.html").exists() and not (folder / "results.nc").exists()


def test_a_job_that_fails_while_writing_leaves_no_outputs(tmp_path, monkeypatch):
    from sim import job

    def broken(*arguments, **keywords):
        raise RuntimeError("disk full")

    monkeypatch.setattr(job, "report_html", broken)
    cfg = sim.compose(["scenario=baseline", "model.stop=2032", "output.figures=false"])
    with pytest.raises(RuntimeError, match="disk full"):
        job.run_job(cfg, tmp_path / "run")
    assert list((tmp_path / "run").iterdir()) == []  # neither outputs nor the staging folder
    monkeypatch.undo()
    (tmp_path / "run" / ".staging-killed").mkdir()  # as a run killed while writing (SIGKILL) leaves it
    (tmp_path / "run" / ".staging-killed" / "results.nc").write_text("half written")
    report = job.run_job(cfg, tmp_path / "run")
    assert sorted(p.name for p in report.parent.iterdir()) == ["kpis.csv", "report.html", "results.nc", "results.xlsx",
                                                             "timeseries.csv", "vision.csv"]
    with pytest.raises(FileExistsError, match="already holds"):
        job.run_job(cfg, tmp_path / "run")
