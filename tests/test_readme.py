"""The README's example runs as written and behaves as a predator-prey model should."""

import re
from pathlib import Path

import numpy as np
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_example(marker: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    matching = [block for block in blocks if marker in block]
    assert len(matching) == 1, f"README has {len(matching)} python examples containing {marker!r}"
    return matching[0]


def _run_example(marker: str) -> dict:
    namespace: dict = {}
    exec(compile(_readme_example(marker), str(README), "exec"), namespace)  # noqa: S102 - our own README
    return namespace


def test_population_example_runs_and_gives_the_2020_census_total():
    namespace = _run_example('sim.run("baseline")')
    ds = namespace["ds"]
    tohoku = ds.population_total.sum("region").sel(scenario="baseline")
    assert tohoku.sel(time=2020).item() == pytest.approx(8_611_195, rel=1e-12)  # census 2020 (population_census.csv)
    assert (tohoku.diff("time") < 0).all()  # the baseline shrinks every year
    policy, cut, spirals = namespace["policy"], namespace["cut"], namespace["spirals"]
    assert (policy.dx_adoption.sel(time=2030) > ds.dx_adoption.sel(time=2030)).all()
    assert not np.array_equal(cut.grp_real, ds.grp_real)
    assert set(spirals.spiral.values) >= {"S1", "S2", "S3", "S4"}


def test_readme_example_conserves_the_lotka_volterra_invariant():
    namespace = _run_example("model = Model(")
    result = namespace["result"]
    hares, lynx = result["hares"], result["lynx"]
    assert hares.shape == lynx.shape == (3, 31)
    np.testing.assert_array_equal(result.times, np.arange(31.0))
    # Exact solutions keep V = e*b*x - d*ln x + b*y - a*ln y constant (Lotka-Volterra first integral);
    # RK4 at dt = 0.25 over 30 years keeps it to well under 1e-4 relative.
    a = np.array([0.4, 0.5, 0.6])[:, None]
    b, e, d = 0.02, 0.3, 0.4
    invariant = e * b * hares - d * np.log(hares) + b * lynx - a * np.log(lynx)
    np.testing.assert_allclose(invariant, np.broadcast_to(invariant[:, :1], invariant.shape), rtol=1e-4)
    # and the populations really cycle: hares both rise above and fall below their start
    assert (hares.max(axis=1) > 40).all() and (hares.min(axis=1) < 40).all()


def test_vision_example_ranks_every_shipped_scenario():
    namespace = _run_example("vision.compare(")
    gaps = namespace["gaps"]
    ranking = namespace["vision"].score(gaps)
    assert len(ranking) == 8 and ranking["rank"].iloc[0] == 1
    assert ranking.distance.is_monotonic_increasing and (ranking.distance >= 0).all()
    assert set(gaps.target) >= {"fukushima_renewables", "greenhouse_gases", "startup_rate", "telework"}


#: README commands the suite cannot run inside itself: the suite and the benchmarks, and the two that
#: rewrite shipped files (the full ensemble build takes minutes; tests/test_ensemble.py checks the
#: shipped posterior against a reduced rebuild and docs/ENSEMBLE.md against the diagnostics' output);
#: the optimiser writes comparison.html, not the report.html this test looks for (tests/test_optimise_cli.py
#: runs a smaller search through the same command, checks its comparison and reruns its optimal.yaml).
#: The Vensim loader's command writes a CSV, not a report: test_the_readme_core_command_writes_its_table.
CORE_COMMAND = ('python -m sim.core sim/examples/vensim/teacup.mdl --params "Room Temperature=60" '
                "--out outputs/teacup.csv")
NOT_RUN = {"make test", "make bench", "python -m sim.calibrate ensemble", "python -m sim.ensemble.diagnostics",
           "python -m sim optimise budget=50 levers=dx,talent members=16 out=outputs/optimise/dx_talent", CORE_COMMAND}


def _readme_commands() -> list[str]:
    """Every command of the README's ``sh`` blocks, comments dropped."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line]


def test_the_readme_commands_are_known():
    commands = _readme_commands()
    assert "make run" in commands and "python -m sim scenario=dx" in commands
    assert all(command.startswith("python -m sim") or command in NOT_RUN | {"make run"} for command in commands)


@pytest.mark.slow
@pytest.mark.parametrize("command", [c for c in _readme_commands() if c not in NOT_RUN])
def test_every_readme_command_writes_its_report(command, tmp_path):
    """Each command runs in a subprocess, as a user types it (``make run`` is ``python -m sim``, see
    the Makefile), into a fresh folder, and writes its report."""
    import os
    import subprocess
    import sys

    arguments = command.replace("make run", "python -m sim").split()[3:]
    arguments = [a.replace("/data/mc.zarr", str(tmp_path / "mc.zarr")) for a in arguments]
    arguments = [a.replace("=followup/", f"={README.parent}/followup/") for a in arguments]  # the shipped example
    folder = tmp_path / "run"
    if arguments[:1] == ["followup"]:
        arguments.append(f"out={folder}")
    else:
        arguments.append(f"hydra.sweep.dir={folder}" if "-m" in arguments else f"hydra.run.dir={folder}")
    done = subprocess.run([sys.executable, "-m", "sim", *arguments], cwd=tmp_path, capture_output=True, text=True,
                          timeout=900, env=os.environ | {"PYTHONPATH": str(README.parent)})
    assert done.returncode == 0, done.stderr[-2000:]
    reports = sorted(folder.rglob("followup.html" if arguments[0] == "followup" else "report.html"))
    scenarios = [a.split("=", 1)[1] for a in arguments if a.startswith("scenario=")]
    expected = len(scenarios[0].split(",")) if "-m" in arguments else 1
    assert len(reports) == expected, done.stdout
    for report in reports:
        text = report.read_text(encoding="utf-8")
        assert text.endswith("</html>") and ("data:image/png;base64," in text or arguments[0] == "followup")


@pytest.mark.slow
def test_the_readme_core_command_writes_its_table(tmp_path):
    """``python -m sim.core`` as the README types it (the shell's quoting included), from the
    repository root, its ``--out`` moved into a fresh folder: the teacup cools from 180 toward the
    room temperature given on the command line, 60 °F; Euler with the file's step 0.125 and
    characteristic time 10 gives 60 + 120 (1 - 0.125/10)^240 at 30 minutes."""
    import csv
    import os
    import shlex
    import subprocess
    import sys

    assert CORE_COMMAND in _readme_commands()
    arguments = shlex.split(CORE_COMMAND)[1:]
    arguments[arguments.index("--out") + 1] = str(tmp_path / "teacup.csv")
    done = subprocess.run([sys.executable, *arguments], cwd=README.parent, capture_output=True, text=True,
                          timeout=600, env=os.environ | {"PYTHONPATH": str(README.parent)})
    assert done.returncode == 0, done.stderr[-2000:]
    with open(tmp_path / "teacup.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first, last = rows[0], rows[-1]
    temperature = next(name for name in first if name.lower() == "teacup temperature")
    time = next(name for name in first if name.lower() == "time")
    assert float(first[time]) == 0.0 and float(first[temperature]) == 180.0 and float(last[time]) == 30.0
    assert float(last[temperature]) == pytest.approx(60 + 120 * (1 - 0.125 / 10) ** 240, rel=1e-12)
