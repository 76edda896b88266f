"""Caches heal: a truncated, garbage or tampered entry of numba's driver cache (``.nbi``, ``.nbc``,
the generated driver module) or of the calibration cache (``.npz``) is deleted and rebuilt with one
warning, and the next run gives a bit-identical result; a cache folder that cannot be written
falls back to memory with one warning."""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim import disk_cache

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = """
from sim.examples.predator_prey import MODEL
result = MODEL.run(start=0, stop=30, dt=0.25, saveper=1, method="rk4", initial={"hares": 40, "lynx": 9},
                   params={"birth_rate": [0.4, 0.5, 0.6]})
print(result["hares"].tobytes().hex(), result["lynx"].tobytes().hex())
"""


def _run(kernels: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300,
                          env=os.environ | {"SIM_KERNEL_DIR": str(kernels), "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> tuple[Path, str]:
    """A kernel directory with the predator-prey drivers compiled and cached, and their result."""
    kernels = tmp_path_factory.mktemp("kernels") / "k"
    first = _run(kernels)
    assert first.returncode == 0 and not first.stderr, first.stderr
    return kernels, first.stdout


def _flip_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


NUMBA_DAMAGE = {
    "truncated index": ("__pycache__/*.nbi", lambda p: p.write_bytes(p.read_bytes()[:20]), "numba cache of"),
    "garbage index": ("__pycache__/*.nbi", lambda p: p.write_bytes(b"garbage"), "numba cache of"),
    "truncated data": ("__pycache__/*.nbc", lambda p: p.write_bytes(p.read_bytes()[:100]), "numba cache of"),
    "tampered data": ("__pycache__/*.nbc", _flip_middle, "numba cache of"),
    "truncated driver": ("sim_driver_*.py", lambda p: p.write_text(p.read_text()[:200]), "generated drivers"),
    "garbage driver": ("sim_driver_*.py", lambda p: p.write_bytes(b"\xff\x00 garbage"), "generated drivers"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", NUMBA_DAMAGE)
def test_a_damaged_numba_cache_entry_is_rebuilt_with_the_same_result(case, compiled, tmp_path):
    template, expected = compiled
    kernels = tmp_path / "k"
    shutil.copytree(template, kernels)  # copy2: modification times kept, so numba's cache stays fresh
    pattern, damage, warning = NUMBA_DAMAGE[case]
    (target,) = kernels.glob(pattern)
    damage(target)
    healed = _run(kernels)
    assert healed.returncode == 0, healed.stderr
    assert healed.stdout == expected
    assert len(healed.stderr.strip().splitlines()) == 1 and warning in healed.stderr, healed.stderr
    again = _run(kernels)  # rebuilt: loaded from the cache without a warning
    assert again.stdout == expected and not again.stderr, again.stderr


@pytest.mark.slow
def test_a_kernel_directory_that_cannot_be_written_compiles_in_memory(compiled, tmp_path):
    _, expected = compiled
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")
    completed = _run(blocked)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == expected
    assert len(completed.stderr.strip().splitlines()) == 1 and "compiling in memory" in completed.stderr


ARRAYS = {"data": np.arange(12.0).reshape(3, 4), "param:x": np.array(0.25), "diaspora:2020": np.ones(6)}


def _rewrite(path: Path, change) -> None:
    with np.load(path) as stored:
        arrays = {name: stored[name] for name in stored.files}
    change(arrays)
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)


CALIBRATION_DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:200]),
    "garbage": lambda p: p.write_bytes(b"PK\x03\x04 garbage"),
    "missing key": lambda p: _rewrite(p, lambda arrays: arrays.pop("param:x")),
    "tampered value": lambda p: _rewrite(p, lambda arrays: arrays.update({"param:x": arrays["param:x"] * 1.5})),
    "no digest": lambda p: _rewrite(p, lambda arrays: arrays.pop(disk_cache.DIGEST)),
}


@pytest.mark.parametrize("case", CALIBRATION_DAMAGE)
def test_a_damaged_calibration_cache_entry_is_deleted_with_one_warning(case, tmp_path, caplog):
    path = tmp_path / "arrays" / "entry.npz"
    disk_cache.save(path, ARRAYS)
    loaded = disk_cache.load(path)
    assert loaded.keys() == ARRAYS.keys() and all(np.array_equal(loaded[k], v) for k, v in ARRAYS.items())
    CALIBRATION_DAMAGE[case](path)
    with caplog.at_level(logging.WARNING, logger="sim.disk_cache"):
        assert disk_cache.load(path) is None
    assert len(caplog.records) == 1 and "deleted, computing again" in caplog.text
    assert not path.exists()


@pytest.mark.slow
def test_a_tampered_population_cache_is_recomputed_bit_for_bit(tmp_path, monkeypatch, caplog):
    from sim.population import inputs

    monkeypatch.setenv("SIM_KERNEL_DIR", str(tmp_path))
    first = inputs.baseline_inputs.__wrapped__()  # computed and stored
    (entry,) = (tmp_path / "arrays").glob("population_inputs_*.npz")
    with np.load(entry) as stored:
        name = next(key for key in stored.files if key.startswith("param:"))
    _rewrite(entry, lambda arrays: arrays.update({name: arrays[name] * 1.5}))
    with caplog.at_level(logging.WARNING, logger="sim.disk_cache"):
        second = inputs.baseline_inputs.__wrapped__()
    assert "deleted, computing again" in caplog.text
    for key, value in inputs._to_arrays(first).items():
        np.testing.assert_array_equal(inputs._to_arrays(second)[key], value, err_msg=key)
    assert disk_cache.load(entry) is not None  # stored again, intact


def test_a_calibration_cache_folder_that_cannot_be_written_keeps_the_result_in_memory(tmp_path, caplog):
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="sim.disk_cache"):
        disk_cache.save(blocked / "arrays" / "entry.npz", ARRAYS)
    assert len(caplog.records) == 1 and "cannot be written" in caplog.text and "stays in memory" in caplog.text
