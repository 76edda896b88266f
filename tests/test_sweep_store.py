"""A sweep store's integrity: it records the digest of every input that determines its numbers and
refuses to resume after any of them changed, naming it; each chunk carries a checksum, and a
missing, damaged or changed chunk is computed again on resume, so the final store equals an
uninterrupted one bit for bit; damaged metadata is a one-line error."""

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
import zarr

import sim
from sim import cli
from sim.sweep import open_results, run_configured, run_sweep
from sim.sweep.design import Distribution, sample
from sim.sweep.provenance import inputs_digests
from sim.sweep.reference import Ishigami
from sim.sweep.store import StoreDamaged

ROOT = Path(__file__).resolve().parents[1]
ISHIGAMI = [Distribution(f"x{i}", "uniform", low=-np.pi, high=np.pi) for i in (1, 2, 3)]
VALUES = sample("monte_carlo", ISHIGAMI, 100, seed=1)


def _ishigami(store: Path) -> Path:
    return run_sweep(Ishigami(), VALUES, ["x1", "x2", "x3"], store, config_yaml="ishigami", chunk_size=10,
                     progress=False)


def _arrays(store: Path) -> dict[str, np.ndarray]:
    group = zarr.open_group(str(store), mode="r")
    return {name: group[name][...] for name in ("inputs", "y", "checksum", "done")}


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8] = bytes(byte ^ 0xFF for byte in data[middle:middle + 8])
    path.write_bytes(bytes(data))


DAMAGE = {
    "deleted": lambda path: path.unlink(),
    "bit-flipped": _flip,
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:7]),
    "garbage": lambda path: path.write_bytes(b"\x28\xb5\x2f\xfd garbage, not a zstd frame"),
}


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict[str, np.ndarray]:
    """The uninterrupted store's arrays."""
    return _arrays(_ishigami(tmp_path_factory.mktemp("whole") / "whole.zarr"))


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_chunk_is_computed_again_and_the_store_equals_an_uninterrupted_one(damage, whole, tmp_path,
                                                                                     caplog):
    store = _ishigami(tmp_path / "s.zarr")
    DAMAGE[damage](store / "y" / "c" / "3")
    with caplog.at_level(logging.INFO, logger="sim.sweep"):
        _ishigami(store)
    assert "chunks [3] are missing or damaged" in caplog.text
    assert "1 of 10 chunks to run" in caplog.text
    for name, values in _arrays(store).items():
        np.testing.assert_array_equal(values, whole[name], err_msg=name)
    assert open_results(store).attrs["complete"]


@pytest.mark.parametrize("array, recomputed", [("done", 0), ("checksum", 10)])
def test_garbage_done_or_checksum_flags_are_rebuilt(array, recomputed, whole, tmp_path, caplog):
    store = _ishigami(tmp_path / "s.zarr")
    DAMAGE["garbage"](store / array / "c" / "0")
    with caplog.at_level(logging.INFO, logger="sim.sweep"):
        _ishigami(store)
    assert f"the {array} array cannot be read" in caplog.text
    assert f"{recomputed} of 10 chunks to run" in caplog.text  # done: the checksums vouch for every chunk
    for name, values in _arrays(store).items():
        np.testing.assert_array_equal(values, whole[name], err_msg=name)


def test_damaged_inputs_are_rewritten_from_the_design(whole, tmp_path, caplog):
    store = _ishigami(tmp_path / "s.zarr")
    _flip(store / "inputs" / "c" / "0" / "0")
    with caplog.at_level(logging.WARNING, logger="sim.sweep"):
        _ishigami(store)
    assert "stored inputs were damaged" in caplog.text
    np.testing.assert_array_equal(_arrays(store)["inputs"], whole["inputs"])


@pytest.mark.parametrize("metadata", ["zarr.json", "y/zarr.json", "done/zarr.json"])
def test_garbage_metadata_is_a_one_line_error(metadata, tmp_path):
    store = _ishigami(tmp_path / "s.zarr")
    (store / metadata).write_bytes(b"\x00{not json")
    with pytest.raises(StoreDamaged) as error:
        _ishigami(store)
    assert str(error.value).startswith(f"sweep store {store} cannot be read (")
    assert "\n" not in str(error.value)


def test_the_digest_covers_calibration_data_demography_and_model_code():
    digests = inputs_digests({"dx": ROOT / "scenarios" / "dx.yaml"})
    for name in ("scenario file dx.yaml", "sim/economy/calibrated.yaml", "sim/data/sources/economy.csv",
                 "sim/data/demography/census.py", "sim/model/tohoku.py", "sim/core/integrate.py",
                 "sim/population/inputs.py", "sim/sweep/tohoku.py", "sim/kpis.py", "versions"):
        assert name in digests, name
    assert not any(name.startswith(("sim/report", "sim/plots", "sim/sweep/analysis")) for name in digests)


SMALL = ["sweep=monte_carlo", "sweep.n=4", "sweep.scenarios=[baseline,dx]", "model.stop=2032", "sweep.years=[2025]",
         "sweep.chunk_size=4", "output.figures=false"]


@pytest.mark.slow
def test_a_scenario_file_edited_between_kill_and_resume_is_refused(tmp_path, monkeypatch, capsys):
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    monkeypatch.setenv("SIM_SCENARIO_DIR", str(scenarios))
    store = tmp_path / "mc.zarr"
    overrides = [*SMALL, f"sweep.store={store}"]
    (tmp_path / "first").mkdir()
    run_configured(sim.compose(overrides), tmp_path / "first", progress=False)
    zarr.open_group(str(store), mode="r+")["done"][1] = False  # as if killed before the last chunk
    dx = scenarios / "dx.yaml"
    dx.write_text(dx.read_text().replace("budget: 50.0", "budget: 500.0"))
    with pytest.raises(SystemExit) as exit_:
        cli.main([*overrides, f"hydra.run.dir={tmp_path / 'second'}"])
    assert exit_.value.code == 2
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1
    assert "was made by another sweep config or other inputs: scenario file dx.yaml changed" in message
    assert not (tmp_path / "second").exists()
    assert not zarr.open_group(str(store), mode="r")["done"][1]  # nothing ran into the store
