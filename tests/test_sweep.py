"""Sweeps: designs and distributions, Sobol indices of the Ishigami function through the sweep
machinery, bit-identical in-process and on Dask, resume after a kill, a changed config refused,
bounded memory."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import zarr
from scipy import stats

import sim
from sim.sweep import open_results, run_sweep
from sim.sweep.analysis import sobol_indices
from sim.sweep.design import Distribution, sample
from sim.sweep.reference import Ishigami, ishigami_indices
from sim.sweep.store import StoreMismatch

ISHIGAMI = [Distribution(f"x{i}", "uniform", low=-np.pi, high=np.pi) for i in (1, 2, 3)]


def test_distributions_map_the_unit_interval_by_their_inverse_cdf():
    u = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(Distribution("a", "uniform", low=2, high=4).from_unit(u), [2.2, 3.0, 3.8])
    np.testing.assert_allclose(Distribution("b", "normal", mean=1, sd=2).from_unit(u), 1 + 2 * stats.norm.ppf(u))
    tri = Distribution("c", "triangular", low=0, mode=1, high=3).from_unit(np.array([1 / 3]))  # CDF(mode) = 1/3
    np.testing.assert_allclose(tri, [1.0])
    np.testing.assert_array_equal(Distribution("d", "discrete", values=(5, 7)).from_unit(u), [5, 7, 7])
    with pytest.raises(ValueError, match=r"sweep parameter 'e': dist='lognormal' is not allowed; allowed: \['uniform'"):
        Distribution("e", "lognormal").check()
    with pytest.raises(ValueError, match=r"sweep parameter 'f': low=3 high=1 is not allowed; allowed: low < high"):
        Distribution("f", "uniform", low=3, high=1).check()


@pytest.mark.parametrize("method, rows", [("monte_carlo", 64), ("latin_hypercube", 64), ("sobol", 64 * 5),
                                          ("morris", 64 * 4)])
def test_designs_have_the_documented_sizes_and_repeat_with_the_seed(method, rows):
    first = sample(method, ISHIGAMI, 64, seed=3)
    assert first.shape == (rows, 3)
    np.testing.assert_array_equal(first, sample(method, ISHIGAMI, 64, seed=3))
    assert not np.array_equal(first, sample(method, ISHIGAMI, 64, seed=4))
    assert (first >= -np.pi).all() and (first <= np.pi).all()


def test_sobol_indices_of_ishigami_through_the_sweep_machinery(tmp_path):
    values = sample("sobol", ISHIGAMI, 4096, seed=1)
    store = run_sweep(Ishigami(), values, ["x1", "x2", "x3"], tmp_path / "ishigami.zarr", config_yaml="ishigami",
                      chunk_size=3000, progress=False)
    results = open_results(store)
    assert results.attrs["complete"] and results.y.shape == (4096 * 5,)
    indices = sobol_indices(ISHIGAMI, results.y.values)
    analytic = ishigami_indices()
    np.testing.assert_allclose(indices.S1, analytic["S1"], atol=0.05)
    np.testing.assert_allclose(indices.ST, analytic["ST"], atol=0.05)


def _small_tohoku(store, backend, workers=2):
    cfg = sim.compose(["sweep=monte_carlo", "sweep.n=40", "sweep.scenarios=[baseline,talent]", "model.stop=2030",
                       "sweep.years=[2025,2030]", "sweep.chunk_size=20", f"sweep.backend={backend}",
                       f"sweep.store={store}", f"sweep.workers={workers}"])
    from sim.sweep import run_configured

    run_configured(cfg, store.parent, progress=False)
    return open_results(store)


@pytest.mark.slow
def test_same_seed_same_numbers_in_process_and_on_a_dask_local_cluster(tmp_path):
    values = sample("monte_carlo", ISHIGAMI, 1000, seed=7)
    stores = [run_sweep(Ishigami(), values, ["x1", "x2", "x3"], tmp_path / f"{backend}.zarr", config_yaml="i",
                        chunk_size=128, backend=backend, progress=False) for backend in ("in_process", "dask")]
    np.testing.assert_array_equal(open_results(stores[0]).y.values, open_results(stores[1]).y.values)
    here = _small_tohoku(tmp_path / "tohoku_here.zarr", "in_process")
    there = _small_tohoku(tmp_path / "tohoku_dask.zarr", "dask")
    for name in ("grp_real", "population_total", "productivity_ratio_japan"):
        np.testing.assert_array_equal(here[name].values, there[name].values, err_msg=name)
    assert np.isfinite(here.grp_real.values).all()
    assert here.grp_real.std("sample").min() > 0  # the samples differ


def _sweep_command(store, n):
    return [sys.executable, "-m", "sim", "sweep=growth_sensitivity", f"sweep.n={n}", "sweep.scenarios=[baseline]",
            "sweep.chunk_size=64", f"sweep.store={store}", "model.stop=2032"]


def _killed_after_two_chunks(command, store, cwd):
    """Start a sweep, SIGKILL its process group once at least two chunks are done, and return the
    store's ``done`` flags (asserting the kill came part-way)."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and process.poll() is None:
        if (store / "done").exists() and zarr.open_group(str(store), mode="r")["done"][...].sum() >= 2:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    flags = zarr.open_group(str(store), mode="r")["done"][...]
    assert 0 < flags.sum() < flags.size, "kill the sweep part-way (some chunks done, some not)"
    return flags


@pytest.mark.slow
def test_a_killed_sweep_resumes_without_losing_or_repeating_a_chunk(tmp_path):
    store = tmp_path / "resumed.zarr"
    flags = _killed_after_two_chunks(_sweep_command(store, 64), store, tmp_path)
    finished = subprocess.run(_sweep_command(store, 64), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    import re

    ran = int(re.search(r"(\d+) of 12 chunks to run", finished.stdout + finished.stderr).group(1))
    assert ran == 12 - flags.sum()  # only the chunks not done before the kill
    uninterrupted = subprocess.run(_sweep_command(tmp_path / "whole.zarr", 64), cwd=tmp_path, capture_output=True,
                                   text=True, timeout=600)
    assert uninterrupted.returncode == 0, uninterrupted.stderr
    resumed, whole = open_results(store), open_results(tmp_path / "whole.zarr")
    assert resumed.attrs["complete"]
    for name in ("inputs", "grp_real", "population_total", "productivity_ratio_japan"):
        np.testing.assert_array_equal(resumed[name].values, whole[name].values, err_msg=name)
    # a changed config refuses to resume into the old store
    changed = subprocess.run(_sweep_command(store, 32), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert changed.returncode == 2
    assert "was made by another sweep config" in changed.stderr and len(changed.stderr.strip().splitlines()) == 1


def _folder_command(folder, n):
    """A sweep into the run ``folder`` with the default, relative ``sweep.store``."""
    return [sys.executable, "-m", "sim", "sweep=growth_sensitivity", f"sweep.n={n}", "sweep.scenarios=[baseline]",
            "sweep.chunk_size=64", "model.stop=2032", "output.figures=false", f"hydra.run.dir={folder}"]


@pytest.mark.slow
def test_a_killed_sweep_resumes_in_its_own_run_folder_by_the_same_command(tmp_path):
    folder = tmp_path / "run"
    store = folder / "sweep.zarr"
    flags = _killed_after_two_chunks(_folder_command(folder, 64), store, tmp_path)
    assert (folder / ".hydra").is_dir()  # the folder an earlier run used
    other = subprocess.run(_folder_command(folder, 32), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert other.returncode == 2  # another sweep into this folder: refused, the store untouched
    assert other.stderr.startswith(f"error: sweep store {store} was made by another sweep config")
    assert len(other.stderr.strip().splitlines()) == 1, other.stderr
    np.testing.assert_array_equal(zarr.open_group(str(store), mode="r")["done"][...], flags)
    resumed = subprocess.run(_folder_command(folder, 64), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{12 - flags.sum()} of 12 chunks to run" in resumed.stdout + resumed.stderr
    whole = subprocess.run(_folder_command(tmp_path / "whole", 64), cwd=tmp_path, capture_output=True, text=True,
                           timeout=600)
    assert whole.returncode == 0, whole.stderr
    resumed, whole = open_results(store), open_results(tmp_path / "whole" / "sweep.zarr")
    assert resumed.attrs["complete"]
    for name in ("inputs", "grp_real", "population_total", "productivity_ratio_japan"):
        np.testing.assert_array_equal(resumed[name].values, whole[name].values, err_msg=name)
    assert (folder / "percentiles.csv").read_bytes() == (tmp_path / "whole" / "percentiles.csv").read_bytes()
    again = subprocess.run(_folder_command(folder, 64), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert again.returncode == 2 and "already holds" in again.stderr  # a finished sweep is never overwritten


def test_resuming_into_a_store_of_another_config_is_refused(tmp_path):
    values = sample("monte_carlo", ISHIGAMI, 10, seed=1)
    run_sweep(Ishigami(), values, ["x1", "x2", "x3"], tmp_path / "s.zarr", config_yaml="one", chunk_size=5,
              progress=False)
    with pytest.raises(StoreMismatch, match="was made by another sweep config"):
        run_sweep(Ishigami(), values, ["x1", "x2", "x3"], tmp_path / "s.zarr", config_yaml="two", chunk_size=5,
                  progress=False)


#: The bound on peak memory of a sweep process (RSS): what the test asserts.
MEMORY_BOUND_GIB = 1.5


@pytest.mark.slow
def test_a_sweep_larger_than_memory_at_full_resolution_stays_under_the_bound(tmp_path):
    # 12,288 runs (1,024 x 12 Saltelli rows) of the full model: every stock at every year would be
    # 12,288 x 1,600 slots x 13 years x 8 B = 2.0 GiB; the sweep keeps four outputs at one year.
    store = tmp_path / "big.zarr"
    code = ("import resource, sys; from sim.cli import main; sys.argv[0] = 'sim'\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    completed = subprocess.run([sys.executable, "-c", code, "sweep=growth_sensitivity", "sweep.n=1024",
                                "sweep.scenarios=[baseline]", "sweep.chunk_size=2048", f"sweep.store={store}"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stderr
    peak_gib = int(completed.stdout.split("peak")[-1]) / 2 ** 20  # ru_maxrss is in KiB on Linux
    assert open_results(store).attrs["complete"]
    assert peak_gib < MEMORY_BOUND_GIB, peak_gib


def test_probability_of_meeting_a_target_counts_the_samples():
    import xarray as xr

    from sim.sweep.analysis import target_probabilities
    from sim.vision import Target

    values = xr.DataArray(np.array([[[10.0, 7.9], [10.0, 12.0]], [[10.0, 9.0], [10.0, 9.5]],
                                    [[10.0, 4.0], [10.0, 10.0]], [[10.0, 20.0], [10.0, 7.0]]]),
                          dims=("sample", "scenario", "year"), coords={"scenario": ["a", "b"], "year": [2020, 2030]})
    level = Target("level", "x", 9.0, "Tohoku", 2030, "at_most", "level", 1.0, "planners", "test")
    change = Target("change", "x", -0.2, "Tohoku", 2030, "at_most", "change_since_start", 1.0, "planners", "test")
    table = target_probabilities({("x", "Tohoku"): values}, [level, change], start=2020, stop=2035)
    table = table.set_index(["target", "scenario"])
    assert table.probability[("level", "a")] == pytest.approx(0.75)  # 7.9, 9, 4 <= 9; 20 not
    assert table.probability[("level", "b")] == pytest.approx(0.25)  # only 7
    assert table.probability[("change", "a")] == pytest.approx(0.5)  # -21 %, -60 %
    missing = target_probabilities({("x", "Tohoku"): values.sel(year=[2030])}, [change], start=2020, stop=2035)
    assert missing.probability.isna().all() and set(missing.not_kept) == {"start"} and len(missing) == 2


def test_every_target_has_a_row_and_those_not_kept_say_why():
    import xarray as xr

    from sim.sweep.analysis import NOT_KEPT, target_probabilities
    from sim.vision import Target

    values = xr.DataArray(np.full((3, 2, 1), 5.0), dims=("sample", "scenario", "year"),
                          coords={"scenario": ["a", "b"], "year": [2030]})
    births = values.copy(data=np.where(np.arange(3)[:, None, None] == 1, np.nan, values.values))  # sample 1: no value
    targets = [Target("kept", "x", 4.0, "Tohoku", 2030, "at_least", "level", 1.0, "planners", "test"),
               Target("flow", "births", 1.0, "Tohoku", 2030, "at_least", "level", 1.0, "planners", "test"),
               Target("flow_at_stop", "births", 1.0, "Tohoku", 2035, "at_least", "level", 1.0, "planners", "test"),
               Target("other", "y", 1.0, "Tohoku", 2030, "at_least", "level", 1.0, "planners", "test"),
               Target("later", "x", 1.0, "Tohoku", 2032, "at_least", "level", 1.0, "planners", "test")]
    table = target_probabilities({("x", "Tohoku"): values, ("births", "Tohoku"): births}, targets, start=2020,
                                 stop=2035, scenarios=["a", "b"], flows=["births"])
    assert table.groupby("target", sort=False).size().to_dict() == {
        "kept": 2, "flow": 2, "flow_at_stop": 2, "other": 2, "later": 2}
    by_target = table.drop_duplicates("target").set_index("target")
    assert by_target.not_kept.to_dict() == {"kept": "", "flow": "no_value", "flow_at_stop": "year_after",
                                            "other": "output", "later": "year"}
    assert table[table.target == "kept"].probability.tolist() == [1.0, 1.0]
    assert table[table.target != "kept"].probability.isna().all()  # never a share counting NaN as missed
    kept_flow = target_probabilities({("births", "Tohoku"): values}, targets[1:2], start=2020, stop=2035,
                                     flows=["births"])
    assert kept_flow.probability.tolist() == [1.0, 1.0] and set(kept_flow.not_kept) == {""}  # a flow before stop
    assert all(NOT_KEPT[key][0].startswith("not in the sweep: ") for key in NOT_KEPT)
