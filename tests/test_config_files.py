"""Config files are data, never code (``sim.config_files``): every user-editable group refuses
Hydra's instantiation keys, ``hydra`` keys, ``@package`` directives, interpolations, tags and
duplicate keys, with one line naming the file and line; bounded size, depth and alias expansion;
a run reads only the scenario files it uses; and a vision file that would run code through Hydra's
callbacks is refused before anything runs."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sim
from sim import cli, config
from sim.config_files import MAX_BYTES, MAX_DEPTH, DataFileError, read_data

ROOT = Path(__file__).resolve().parents[1]
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{level}: &{level} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, level in zip("abcdefgh", "bcdefghi"))

#: case -> (file text, line of the refusal or None, message fragment)
REFUSED = {
    "_target_": ("name: x\nparams:\n  _target_: os.system\n", 3, "key 'params._target_' is not allowed"),
    "_partial_": ("name: x\n_partial_: true\n", 2, "key '_partial_' is not allowed"),
    "_args_": ("name: x\n_args_: [1]\n", 2, "key '_args_' is not allowed"),
    "interpolation": ("name: x\ndescription: ${oc.env:HOME}\n", 2, "interpolations (${...}) are not evaluated"),
    "hydra key": ("name: x\nhydra:\n  callbacks: {}\n", 2, "key 'hydra' is not allowed"),
    "@package": ("# @package _global_\nname: x\n", 1, "a '# @package' directive is not allowed"),
    "python tag": ("name: !!python/object/apply:os.system [ls]\n", 1, "YAML tag 'tag:yaml.org,2002:python/object"),
    "binary tag": ("name: x\ndescription: !!binary aGk=\n", 2, "YAML tag 'tag:yaml.org,2002:binary'"),
    "local tag": ("name: x\nparams: !evil {}\n", 2, "YAML tag '!evil' is not allowed"),
    "duplicate key": ("name: x\nlevers: {}\nlevers: {dx: {budget: 1}}\n", 3, "duplicate key 'levers'"),
    "nested 5k deep": ("name: " + "[" * 5000 + "]" * 5000 + "\n", 1, f"nested deeper than {MAX_DEPTH} levels"),
    "billion laughs": (LAUGHS, 6, "expands to more than 100000 nodes through aliases"),
    "syntax error": ("name: x\nlevers: {dx: {budget: 1}\n", 3, "YAML syntax error"),
    "defaults list": ("defaults:\n  - /hydra/callbacks: evil\nname: x\n", 1, "this defaults list is not allowed"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_file_that_is_not_plain_data_is_refused_naming_file_and_line(case, tmp_path):
    text, line, fragment = REFUSED[case]
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataFileError) as error:
        read_data(path, defaults=True)
    assert time.perf_counter() - started < 5
    message = str(error.value)
    assert message.startswith(f"{path}, line {line}: "), message
    assert fragment in message and "\n" not in message, message


def test_a_file_too_large_or_not_utf8_is_refused(tmp_path):
    large = tmp_path / "large.yaml"
    large.write_text("name: x\n" + "#" * MAX_BYTES + "\n")
    with pytest.raises(DataFileError, match=rf"large.yaml: {MAX_BYTES + 9} bytes is too large; allowed: a config "
                                            rf"file of at most {MAX_BYTES} bytes"):
        read_data(large)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: x\ndescription: café\n".encode("latin-1"))
    with pytest.raises(DataFileError, match=r"latin.yaml: byte 24 is not UTF-8; allowed: a UTF-8 text file"):
        read_data(latin)


def test_a_scenario_file_may_not_have_a_defaults_list(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("defaults: [schema]\nname: x\n")
    with pytest.raises(DataFileError, match="allowed: none"):
        read_data(path)
    assert read_data(path, defaults=True) == {"defaults": ["schema"], "name": "x"}


@pytest.mark.parametrize("path", sorted([*(ROOT / "conf").glob("*/*.yaml"), *(ROOT / "scenarios").glob("*.yaml")]),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_shipped_file_is_plain_data(path):
    assert isinstance(read_data(path, defaults=path.parent.parent.name == "conf"), dict)


def test_a_billion_laughs_in_the_scenario_folder_does_not_stop_other_runs(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "baseline.yaml").write_text((ROOT / "scenarios" / "baseline.yaml").read_text())
    (folder / "lol.yaml").write_text(LAUGHS)
    monkeypatch.setenv(config.SCENARIO_DIR_VARIABLE, str(folder))
    started = time.perf_counter()
    assert sim.compose(["scenario=baseline"]).scenario.name == "baseline"  # lol.yaml is not read
    assert time.perf_counter() - started < 30
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main(["scenario=all"])  # every file: refused in one line
    assert stop.value.code == 2
    message = capsys.readouterr().err.strip()
    assert message == f"error: {folder / 'lol.yaml'}, line 6: expands to more than 100000 nodes through aliases; " \
                      f"allowed: at most 100000"


PAYLOAD = """# @package _global_
vision: {{name: evil}}
hydra:
  callbacks:
    payload:
      _target_: sim.atomic.write_text
      path: {marker}
      text: pwned
"""


def test_a_vision_file_with_package_global_and_hydra_callbacks_is_refused_before_anything_runs(tmp_path,
                                                                                             conf_option):
    marker = tmp_path / "pwned"
    name = conf_option("vision", PAYLOAD.format(marker=marker))
    run = tmp_path / "run"
    completed = subprocess.run([sys.executable, "-m", "sim", f"vision={name}", "scenario=baseline", "model.stop=2032",
                                f"hydra.run.dir={run}"], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                               env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.strip() == (f"error: {ROOT / 'conf' / 'vision' / name}.yaml, line 1: a '# @package' "
                                        f"directive is not allowed; a config file's keys stay in its own group")
    assert not marker.exists() and not run.exists()


@pytest.mark.parametrize("group, text, fragment", [
    ("vision", "defaults: [schema, _self_]\nname: v\ntargets:\n  t: {kpi: firms, value: 1, source: '${oc.env:HOME}'}\n",
     "line 4: targets.t.source='${oc.env:HOME}' is not allowed; interpolations"),
    ("sweep", "defaults: [schema, _self_]\nname: s\nn: 8\nn: 9\n", "line 4: duplicate key 'n'; allowed: each key once"),
    ("model", "defaults: [schema, _self_]\nstop: !!float 2030\n", "line 2: YAML tag 'tag:yaml.org,2002:float'"),
    ("output", "defaults: [schema, _self_]\nhydra: {run: {dir: /tmp}}\n", "line 2: key 'hydra' is not allowed"),
])
def test_every_user_editable_group_is_read_as_data(group, text, fragment, conf_option, tmp_path, monkeypatch, capsys):
    name = conf_option(group, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main([f"{group}={name}", "scenario=baseline"])
    assert stop.value.code == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith(f"error: {ROOT / 'conf' / group / name}.yaml, ") and fragment in message, message
    assert "\n" not in message and not list(tmp_path.iterdir())


@pytest.mark.parametrize("how", ["--config-dir", "hydra.searchpath", "--config-path"])
def test_a_payload_in_a_user_config_folder_is_refused_before_anything_runs(how, tmp_path):
    marker = tmp_path / "pwned"
    folder = tmp_path / "mine"
    (folder / "vision").mkdir(parents=True)
    (folder / "vision" / "evil.yaml").write_text(PAYLOAD.format(marker=marker), encoding="utf-8")
    added = {"--config-dir": ["--config-dir", str(folder)], "hydra.searchpath": [f"hydra.searchpath=[file://{folder}]"],
             "--config-path": ["--config-path", str(folder)]}[how]
    run = tmp_path / "run"
    completed = subprocess.run([sys.executable, "-m", "sim", *added, "vision=evil", "scenario=baseline",
                                f"hydra.run.dir={run}"], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                               env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert completed.returncode == 2, completed.stderr
    expected = (f"error: --config-path={folder} is not allowed: the primary config is conf/config.yaml" if how ==
                "--config-path" else f"error: {folder / 'vision' / 'evil.yaml'}, line 1: a '# @package' directive")
    assert completed.stderr.startswith(expected) and len(completed.stderr.strip().splitlines()) == 1, completed.stderr
    assert not marker.exists() and not run.exists()


#: case -> (files of the user config folder, extra arguments, message fragment)
USER_FOLDERS = {
    "sweep with _target_": ({"sweep/s.yaml": "defaults: [schema, _self_]\nname: s\nn: {_target_: os.getpid}\n"},
                            ["sweep=s"], "sweep/s.yaml, line 3: key 'n._target_' is not allowed"),
    "vision with an interpolation": ({"vision/v.yaml": "defaults: [schema, _self_]\nname: v\nx: ${oc.env:HOME}\n"},
                                     ["vision=v"], "vision/v.yaml, line 3: x='${oc.env:HOME}' is not allowed"),
    "a file not chosen": ({"output/o.yaml": "hydra: {}\n"}, [], "output/o.yaml, line 1: key 'hydra' is not allowed"),
    "a hydra folder": ({"hydra/callbacks/c.yaml": "x: 1\n"}, [], "has a hydra/ folder (Hydra's own settings"),
    "a scenario folder": ({"scenario/baseline.yaml": "name: baseline\n"}, [], "has a scenario/ folder"),
}


@pytest.mark.parametrize("case", USER_FOLDERS)
def test_every_file_of_a_user_config_folder_is_read_as_data(case, tmp_path, monkeypatch, capsys):
    files, arguments, fragment = USER_FOLDERS[case]
    folder = tmp_path / "mine"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(SystemExit) as stop:
        cli.main(["--config-dir", str(folder), *arguments, "scenario=baseline"])
    assert stop.value.code == 2
    message = capsys.readouterr().err.strip()
    assert fragment in message and "\n" not in message, message
    assert not list(work.iterdir())


@pytest.mark.parametrize("argument, fragment", [
    ("hydra.searchpath=[pkg://os]", "hydra.searchpath entry 'pkg://os' is not allowed; allowed: folders"),
    ("--config-name=mine", "--config-name=mine is not allowed: the primary config is conf/config.yaml"),
])
def test_another_primary_config_or_a_package_search_path_is_refused(argument, fragment, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main([argument, "scenario=baseline"])
    assert stop.value.code == 2 and fragment in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_an_option_of_a_clean_user_config_folder_is_composed(tmp_path):
    (tmp_path / "vision").mkdir()
    text = (ROOT / "conf" / "vision" / "default.yaml").read_text(encoding="utf-8").replace("name: default", "name: mine")
    (tmp_path / "vision" / "mine.yaml").write_text(text, encoding="utf-8")
    assert cli.config_dirs(["--config-dir", str(tmp_path), "vision=mine"]) == [tmp_path]
    assert config.compose(["vision=mine"], [tmp_path]).vision.name == "mine"
    assert config.compose([f"hydra.searchpath=[file://{tmp_path}]", "vision=mine"]).vision.name == "mine"


def test_the_api_checks_a_search_path_folder_too(tmp_path):
    (tmp_path / "sweep").mkdir()
    (tmp_path / "sweep" / "s.yaml").write_text("defaults: [schema, _self_]\nname: s\nhydra: {}\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"sweep/s.yaml, line 3: key 'hydra' is not allowed"):
        sim.compose([f"hydra.searchpath=[file://{tmp_path}]", "sweep=s"])


def test_an_option_named_in_a_defaults_list_is_read_as_data_too(conf_option, tmp_path, monkeypatch, capsys):
    hidden = conf_option("vision", "hydra: {callbacks: {}}\n")
    chosen = conf_option("vision", f"defaults: [{hidden}, schema, _self_]\nname: v\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main([f"vision={chosen}", "scenario=baseline"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith(f"error: {ROOT / 'conf' / 'vision' / hidden}.yaml, line 1: key 'hydra'")
