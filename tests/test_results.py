"""Runs become labelled Datasets; files are written atomically."""


import numpy as np
import pytest
import xarray as xr

from sim.atomic import atomic_path, write_text
from sim.examples import tohoku_toy
from sim.results import to_dataset, write_netcdf


@pytest.fixture(scope="module")
def toy_run():
    return tohoku_toy.MODEL.run(start=0, stop=5, dt=0.25, saveper=1, params={"birth_rate": [0.007, 0.01]})


def test_dataset_has_declared_dims_units_and_values(toy_run):
    ds = to_dataset(toy_run, scenarios=["a", "b"], coords={"region": list(tohoku_toy.REGIONS)})
    assert ds.population.dims == ("scenario", "region", "time")
    assert ds.investment_in_transit.dims == ("scenario", "region", "stage", "time")
    assert ds.average_perceived_income.dims == ("scenario", "time")
    assert ds.population.attrs["units"] == "Person"
    np.testing.assert_array_equal(ds.time, np.arange(6.0))
    # The labelled value is the raw one: Miyagi (index 2) of scenario "b" at t = 3.
    assert ds.population.sel(scenario="b", region="Miyagi", time=3.0).item() == toy_run["population"][1, 3, 2]
    # Initial population comes from the .mdl file's constants.
    np.testing.assert_array_equal(ds.population.isel(time=0, scenario=0), [1.2, 1.2, 2.3, 0.95, 1.05, 1.8])


def test_scenario_labels_must_match_the_run(toy_run):
    with pytest.raises(ValueError, match="scenarios has 3 labels; allowed: one per scenario \\(2\\)"):
        to_dataset(toy_run, scenarios=["a", "b", "c"])


def test_netcdf_round_trip_and_refusal_to_overwrite(toy_run, tmp_path):
    ds = to_dataset(toy_run, coords={"region": list(tohoku_toy.REGIONS)})
    path = write_netcdf(ds, tmp_path / "results.nc")
    with xr.open_dataset(path) as reopened:
        xr.testing.assert_identical(reopened.load(), ds)
    with pytest.raises(FileExistsError):
        write_netcdf(ds, path)


def test_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError("killed mid-write")
    assert list(tmp_path.iterdir()) == []
    write_text(target, "whole")
    assert target.read_text() == "whole" and list(tmp_path.iterdir()) == [target]
