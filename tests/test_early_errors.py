"""Bad input found before anything runs: one table of adversarial cases, each with its input, the
exit status 2, the fragment of its one-line error (the key, the value and what is allowed) and no
file left behind (no run folder, no store)."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zarr

from sim import cli

ROOT = Path(__file__).resolve().parents[1]

WEIGHTLESS = """defaults: [schema, _self_]
name: weightless
targets:
  renewables: {kpi: renewable_share, value: 0.5, year: 2030, direction: at_least, weight: 0, source: test}
"""

#: Vision files written for a case, by the placeholder that names them in its arguments.
VISIONS = {"{weightless}": WEIGHTLESS, "{empty}": "defaults: [schema, _self_]\nname: empty\ntargets: {}\n"}

#: case -> (arguments, the error's fragment as a regular expression); ``{store}`` is a sweep store
#: with garbage metadata, the others the vision files of ``VISIONS``.
CASES = {
    "horizon beyond the model's inputs": (["model.stop=2100"],
                                          r"model.stop=2100 is not allowed; allowed: a year up to 2070"),
    "override outside the grammar": (["scenario=ダミー"], r"scenario=ダミー is not allowed: "
                                                      r"LexerNoViableAltException.*; allowed: key=value in Hydra's"),
    "unknown scenario (not ASCII)": (["scenario='ダミー'"], r"scenario=\"'ダミー'\" is not allowed; available scenarios"),
    "unparsable override": (["model.dt=["], r"model.dt=\[ is not allowed: "),
    "unknown vision region": (["vision.targets.fukushima_renewables.region=Miyagii"],
                              r"vision target 'fukushima_renewables': region='Miyagii' is not allowed; allowed: "
                              r"\['Tohoku', 'Aomori'"),
    "vision without targets": (["vision={empty}"], r"vision 'empty' has 0 targets, total weight 0; allowed: "
                                                   r"one or more targets"),
    "vision with every weight 0": (["vision={weightless}"], r"vision 'weightless' has 1 targets, total weight 0; "
                                                            r"allowed: one or more targets, weights summing to more "
                                                            r"than 0"),
    "misspelt lever": (["scenario=dx", "scenario.levers.dxx.budget=5"],
                       r"scenario.levers.dxx.budget=5 is not allowed: 'dxx' is not a key of scenario.levers "
                       r"\(misspelt\?\); allowed: \['innovation', 'dx', "),
    "misspelt lever field": (["scenario=dx", "scenario.levers.dx.budgt=5"],
                             r"scenario.levers.dx.budgt=5 is not allowed: 'budgt' is not a key of scenario.levers.dx "
                             r"\(misspelt\?\); allowed: \['budget', 'start', 'ramp', 'end', 'allocation'\]"),
    "sweep backend": (["sweep=monte_carlo", "sweep.backend=spark"],
                      r"sweep.backend='spark' is not allowed; allowed: \['in_process', 'dask'\]"),
    "sweep workers 0": (["sweep=monte_carlo", "sweep.workers=0"],
                        r"sweep.workers=0 is not allowed; allowed: an integer >= 1"),
    "sweep chunk_size 0": (["sweep=monte_carlo", "sweep.chunk_size=0"],
                           r"sweep.chunk_size=0 is not allowed; allowed: an integer >= 1"),
    "sweep duplicate scenarios": (["sweep=monte_carlo", "sweep.scenarios=[dx,dx]"],
                                  r"sweep.scenarios=\['dx', 'dx'\] is not allowed; allowed: one or more names of "
                                  r"scenario files, each once"),
    "sweep no scenarios": (["sweep=monte_carlo", "sweep.scenarios=[]"], r"sweep.scenarios=\[\] is not allowed"),
    "sweep no years": (["sweep=monte_carlo", "sweep.years=[]"],
                       r"sweep.years=\[\] is not allowed; allowed: one or more years of the run, each once"),
    "sweep n too large": (["sweep=growth_sensitivity", "sweep.n=10000000000"],
                          r"sweep.n=10000000000 is not allowed: \d+ rows × 10 parameters exceed 134217728 values "
                          r"in memory; allowed: n from 1 to \d+ for this design"),
    "sweep store outside the run folder": (["sweep=monte_carlo", "sweep.store=../.."],
                                           r"sweep.store='../..' is not allowed; allowed: a path inside the run "
                                           r"folder, or an absolute path"),
    "sweep address unreachable": (["sweep=monte_carlo", "sweep.backend=dask", "sweep.address=tcp://127.0.0.1:{port}"],
                                  r"sweep.address='tcp://127.0.0.1:\d+' cannot be reached \(.*\); allowed: the "
                                  r"address of a running Dask scheduler"),
    "sweep address not an address": (["sweep=monte_carlo", "sweep.backend=dask", "sweep.address=nowhere"],
                                     r"sweep.address='nowhere' cannot be reached \(not of the form tcp://host:port\)"),
    "sweep into a sweep's run folder": (["sweep=monte_carlo", "hydra.run.dir={earlier}"],
                                        r"run folder .*earlier already holds \['percentiles.csv'\]"),
    "run folder under a file": (["hydra.run.dir={earlier}/percentiles.csv/run"],
                                r"hydra.run.dir='.*/percentiles.csv/run' is not allowed: .*percentiles.csv is not a "
                                r"folder this user can write; allowed: a folder that can be created and written"),
    "run folder of an earlier run": (["hydra.run.dir={used}"], r"run folder .*used was used by an earlier run \(it "
                                                                r"has .hydra\); choose a new one"),
    "run folder not in the grammar": (["hydra.run.dir=出力"], r"hydra.run.dir=出力 is not allowed: "
                                                               r"LexerNoViableAltException"),
    "sweep store with garbage metadata": (["sweep=monte_carlo", "sweep.n=4", "sweep.store={store}"],
                                          r"sweep store .*garbage.zarr cannot be read \(JSONDecodeError"),
    "calibrated.yaml truncated": (["scenario=baseline"], r"calibrated.yaml: keys \['fits'\] are missing; allowed: "
                                                         r"the file python -m sim.calibrate writes"),
    "calibrated.yaml not YAML": (["scenario=baseline"], r"calibrated.yaml, line \d+: YAML syntax error: .*; allowed: "
                                                        r"the file python -m sim.calibrate writes"),
    "calibrated.yaml not text": (["scenario=baseline"], r"calibrated.yaml: byte 0 is not UTF-8"),
    "calibrated.yaml with NaN": (["scenario=baseline"], r"calibrated.yaml: coastal_closure_rate=nan is not a finite "
                                                        r"number; allowed: the file python -m sim.calibrate writes"),
    "calibrated.yaml without a parameter": (["scenario=baseline"], r"calibrated.yaml: parameters \['tfp_growth_gap'\] "
                                                                   r"are missing; allowed: the file python -m "
                                                                   r"sim.calibrate writes"),
    "calibrated.yaml without a value": (["scenario=baseline"], r"calibrated.yaml: parameters.tfp_growth_gap has no "
                                                               r"value; allowed"),
    "calibrated.yaml with text for a number": (["scenario=baseline"], r"calibrated.yaml: tfp_growth_gap='0.01' is "
                                                                      r"not a number or a list of numbers; allowed"),
    "calibrated.yaml missing": (["scenario=baseline"], r"calibrated.yaml: cannot be read \(No such file or directory\)"
                                                       r"; allowed: the file python -m sim.calibrate writes"),
}

#: case -> how its copy of calibrated.yaml is damaged (text -> text, or None: no file); the program
#: reads the copy (``sim.economy.inputs.CALIBRATED`` patched).
CALIBRATIONS = {
    "calibrated.yaml truncated": lambda text: text[:len(text) // 3],
    "calibrated.yaml not YAML": lambda text: text[:len(text) // 3] + "\n  - [",
    "calibrated.yaml not text": lambda text: "\udcff" + text,
    "calibrated.yaml with NaN": lambda text: text.replace("coastal_closure_rate:\n    value: ",
                                                          "coastal_closure_rate:\n    value: .nan #"),
    "calibrated.yaml without a parameter": lambda text: re.sub(r"\n  tfp_growth_gap:\n(    .*\n)+", "\n", text),
    "calibrated.yaml without a value": lambda text: re.sub(r"(\n  tfp_growth_gap:\n)    value: ", r"\1    was: ",
                                                            text),
    "calibrated.yaml with text for a number": lambda text: re.sub(r"(\n  tfp_growth_gap:\n    value: ).*\n",
                                                                   r"\1'0.01'\n", text),
    "calibrated.yaml missing": None,
}


def _damaged_calibration(case: str, folder: Path, monkeypatch) -> Path:
    """Point the program at a copy of calibrated.yaml damaged as ``CALIBRATIONS[case]`` says."""
    from sim.economy import inputs

    damaged = folder / "calibrated.yaml"
    if CALIBRATIONS[case] is not None:
        text = CALIBRATIONS[case](inputs.CALIBRATED.read_text(encoding="utf-8"))
        damaged.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    monkeypatch.setattr(inputs, "CALIBRATED", damaged)
    return damaged


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_exit_2_and_leaves_no_files(case, tmp_path, monkeypatch, capsys, conf_option):
    arguments, pattern = CASES[case]
    store = tmp_path / "store" / "garbage.zarr"
    if "{store}" in " ".join(arguments):
        zarr.open_group(str(store), mode="w")
        (store / "zarr.json").write_bytes(b"\x00 not json")
    for placeholder, text in VISIONS.items():
        if placeholder in " ".join(arguments):
            arguments = [argument.replace(placeholder, conf_option("vision", text)) for argument in arguments]
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "percentiles.csv").write_text("an earlier sweep's")
    (tmp_path / "used" / ".hydra").mkdir(parents=True)
    (tmp_path / "used" / ".hydra" / "config.yaml").write_text("an earlier run's settings")
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    arguments = [argument.replace("{earlier}", str(earlier)).replace("{port}", str(port))
                 .replace("{used}", str(tmp_path / "used")) for argument in arguments]
    if case in CALIBRATIONS:
        _damaged_calibration(case, tmp_path, monkeypatch)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    started = time.perf_counter()
    with pytest.raises(SystemExit) as stop:
        cli.main([argument.replace("{store}", str(store)) for argument in arguments])
    assert time.perf_counter() - started < 60  # the checks, not a simulation or a 30 s connection timeout
    assert stop.value.code == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("error: ") and "\n" not in message, message
    assert re.search(pattern, message), message
    assert not list(work.iterdir())  # no run folder, no outputs
    assert (earlier / "percentiles.csv").read_text() == "an earlier sweep's"
    assert (tmp_path / "used" / ".hydra" / "config.yaml").read_text() == "an earlier run's settings"


#: A child process whose writer (``module:attribute``) fails with a full disk ({after} writes succeed first;
#: a failing one leaves half a file), then runs ``python -m sim`` with its arguments. In a child:
#: Hydra's main configures logging, which must not outlive a test.
FULL_DISK = """import errno, importlib, sys
from sim import cli
owner = importlib.import_module("{module}")
for part in filter(None, "{owner}".split(".")):
    owner = getattr(owner, part)
writes = []
original = getattr(owner, "{name}")
def full(*args, **kwargs):
    writes.append(1)
    if len(writes) > {after}:
        for argument in args:
            if hasattr(argument, "write_bytes") and argument.parent.exists():
                argument.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")
    return original(*args, **kwargs)
setattr(owner, "{name}", full)
cli.main(sys.argv[1:])
"""


def _full_disk(target: str, after: int, arguments: list[str], folder: Path) -> subprocess.CompletedProcess:
    module, _, attribute = target.partition(":")
    owner, _, name = attribute.rpartition(".")
    code = FULL_DISK.format(module=module, owner=owner, name=name, after=after)
    return subprocess.run([sys.executable, "-c", code, *arguments], cwd=folder, capture_output=True, text=True,
                          timeout=600, env=os.environ | {"PYTHONPATH": str(ROOT)})


def test_a_full_disk_while_writing_is_one_line_exit_2_and_leaves_no_run_folder(tmp_path):
    run = tmp_path / "run"
    completed = _full_disk("sim.job:write_netcdf", 0, ["scenario=baseline", "model.stop=2032",
                                                       f"hydra.run.dir={run}"], tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.strip() == (f"error: writing into {run} failed: [Errno 28] No space left on device; the "
                                        f"run folder was removed and nothing was overwritten; free space or choose "
                                        f"another hydra.run.dir")
    assert not run.exists()  # no .hydra, no log, no staging folder with half a results.nc
    assert sorted(path.name for path in tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_sweep_stopped_by_a_full_disk_keeps_its_store_and_resumes(tmp_path):
    run = tmp_path / "run"
    arguments = ["sweep=growth_sensitivity", "sweep.n=64", "sweep.scenarios=[baseline]", "sweep.chunk_size=64",
                 "model.stop=2032", "output.figures=false", f"hydra.run.dir={run}"]
    completed = _full_disk("sim.sweep.store:ChunkWriter.write_chunk", 3, arguments, tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.strip().splitlines()[-1] == (
        f"error: writing into {run} failed: [Errno 28] No space left on device; the sweep store is kept: free space "
        f"and rerun the same command to resume")
    assert sorted(path.name for path in run.iterdir()) == ["sweep.zarr"]
    resumed = subprocess.run([sys.executable, "-m", "sim", *arguments], cwd=tmp_path, capture_output=True, text=True,
                             timeout=600, env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert resumed.returncode == 0, resumed.stderr
    assert "9 of 12 chunks to run" in resumed.stderr + resumed.stdout  # the three written before the disk filled
    assert (run / "percentiles.csv").exists()


#: sim.run's keyword arguments -> the fragment of the ValueError
API_CASES = {
    "a number as text": ({"verdoorn_coefficient": "0.3"},
                         r"verdoorn_coefficient='0.3' is not allowed; allowed: a number in \[0, 0.6\]"),
    "a wrong shape": ({"out_migration_multiplier": [1, 2]},
                      r"out_migration_multiplier=\[1, 2\] is not allowed; allowed: 6 numbers \(region\)"),
    "a scenario twice": ({"scenario": ["dx", "dx"]}, r"scenario=\['dx', 'dx'\] is not allowed; allowed: each "
                                                      r"scenario once"),
}


@pytest.mark.parametrize("case", API_CASES)
def test_bad_input_through_the_api_names_the_argument(case):
    import sim

    with pytest.raises(ValueError, match=API_CASES[case][1]):
        sim.run(**{"stop": 2022} | API_CASES[case][0])


def test_every_output_file_has_the_users_mode(tmp_path):
    import numpy as np
    import xarray as xr

    from sim.atomic import write_text
    from sim.results import write_netcdf

    umask = os.umask(0o022)
    try:
        (tmp_path / "plain.csv").write_text("written directly")
        write_text(tmp_path / "report.html", "<html>")
        write_netcdf(xr.Dataset({"x": ("time", np.arange(3.0))}), tmp_path / "results.nc")
    finally:
        os.umask(umask)
    modes = [(tmp_path / name).stat().st_mode & 0o777 for name in ("plain.csv", "report.html", "results.nc")]
    assert modes == [0o644] * 3  # the umask's mode, not mkstemp's private 0600


@pytest.mark.parametrize("case", CALIBRATIONS)
def test_every_reader_of_a_damaged_calibrated_yaml_gives_the_same_line(case, tmp_path, monkeypatch, capsys):
    from sim import validate
    from sim.economy import economy_defaults
    from sim.economy.inputs import CalibrationError

    _damaged_calibration(case, tmp_path, monkeypatch)
    with pytest.raises(CalibrationError) as refused:
        economy_defaults()
    message = str(refused.value)
    assert re.search(CASES[case][1], message) and "\n" not in message, message
    assert validate.main(["--output", str(tmp_path / "page" / "VALIDATION.md")]) == 2
    assert capsys.readouterr().err == f"error: {message}\n"
    assert not (tmp_path / "page").exists()
