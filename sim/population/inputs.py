"""The calibrated inputs of a population run, computed once and cached on disk."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy

from sim import disk_cache
from sim.data import demography
from sim.model.dimensions import N_REGIONS, N_SEXES
from sim.population.calibration import calibrate
from sim.population.migration import migration_schedules
from sim.population.schedules import START_YEARS, default_params, pack_data, vital_schedules

@dataclass(frozen=True)
class PopulationInputs:
    """Everything a population run needs besides its time grid and start state.

    Attributes
    ----------
    data : ndarray (datum,)  Shared schedules in the ``DATA`` layout.
    params : dict  Per-scenario parameter values (``PARAMS`` names) of the baseline.
    net_migration_rate : ndarray (region, sex, slot)  Estimated net migration per resident
        [1/year] in 2015-2020; slot 0 is the year's newborns, slots 1..101 ages 0..100.
    exposure : ndarray (region, sex, slot)  Mean person-years per year in each slot, 2015-2020.
    diaspora : dict  Start year -> the U-turn pool on 1 October of that year [person] (region,),
        in equilibrium with that year's moves out of Tohoku (see ``migration_schedules``).
    rogers_castro : ndarray (region, sex, parameter)  Out-migration schedules' Rogers-Castro
        parameters (``ROGERS_CASTRO_NAMES``; ages in slot years).
    """

    data: np.ndarray
    params: dict
    net_migration_rate: np.ndarray
    exposure: np.ndarray
    diaspora: dict
    rogers_castro: np.ndarray


def compute_baseline_inputs() -> PopulationInputs:
    """Calibrate the baseline inputs from the statistics (about a second)."""
    params = default_params()
    vital, net_rate, exposure = calibrate(vital_schedules(), params)
    schedules, diaspora, rogers_castro_fit = migration_schedules(net_rate, exposure, params)
    params = params | {"international_net_migration_rate": international_net_migration_rate(net_rate, exposure)}
    # The pool on each start date is in equilibrium with that date's outflow (scaled from the
    # calibration exposures to the census population), so the baseline starts at its net rates.
    leaving_rate = np.concatenate([schedules["newborn_out_migration_rate"][..., None],
                                   schedules["out_migration_rate"]], axis=-1)
    calibration_outflow = (leaving_rate * exposure).sum(axis=(1, 2))
    start_diaspora = {}
    for year in START_YEARS:
        people = np.concatenate([np.zeros((N_REGIONS, N_SEXES, 1)), demography.census_single_year(year)], axis=-1)
        start_diaspora[year] = diaspora * (leaving_rate * people).sum(axis=(1, 2)) / calibration_outflow
    return PopulationInputs(data=pack_data(vital | schedules), params=params, net_migration_rate=net_rate,
                            exposure=exposure, diaspora=start_diaspora, rogers_castro=rogers_castro_fit)


def international_net_migration_rate(net_rate: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """The international part of the calibrated net migration, per resident [1/year] (region,).

    The census-survival residual 2015-2020 (``Σ ν · E``, moves within Japan and from or to abroad,
    and census-coverage changes) minus the reported domestic net migration incl. foreign residents
    (住民基本台帳人口移動報告, mean of 2018 and 2019, the only years with all six in the data), over the
    mean population ``Σ E``. ASSUMPTION: the 2018-2019 domestic balance stands for 2015-2020.
    """
    residual = (net_rate * exposure).sum(axis=(1, 2))
    domestic = np.mean([demography.reported_domestic_net_migration(y) for y in demography.DOMESTIC_YEARS], axis=0)
    return (residual - domestic) / exposure.sum(axis=(1, 2))


def _inputs_cache_path() -> Path:
    package = Path(__file__).resolve().parents[1]  # sim/
    sources = [*(package / "data").rglob("*.py"), *(package / "data" / "sources").glob("*.csv"),
               *(package / "model").rglob("*.py"), *(package / "core").rglob("*.py"),
               *(package / "population").rglob("*.py"), *(package / "economy").rglob("*.py")]
    return disk_cache.entry_path("population_inputs", disk_cache.digest(sources, salt=scipy.__version__))


def _to_arrays(inputs: PopulationInputs) -> dict[str, np.ndarray]:
    arrays = {"data": inputs.data, "net_migration_rate": inputs.net_migration_rate, "exposure": inputs.exposure,
              "rogers_castro": inputs.rogers_castro}
    arrays |= {f"param:{name}": np.asarray(value, dtype=float) for name, value in inputs.params.items()}
    arrays |= {f"diaspora:{year}": value for year, value in inputs.diaspora.items()}
    return arrays


def _from_arrays(arrays: dict[str, np.ndarray]) -> PopulationInputs:
    params = {key.split(":", 1)[1]: (value if value.ndim else float(value))
              for key, value in arrays.items() if key.startswith("param:")}
    diaspora = {int(key.split(":", 1)[1]): value for key, value in arrays.items() if key.startswith("diaspora:")}
    return PopulationInputs(data=arrays["data"], params=params, net_migration_rate=arrays["net_migration_rate"],
                            exposure=arrays["exposure"], diaspora=diaspora, rogers_castro=arrays["rogers_castro"])


@lru_cache(maxsize=1)
def baseline_inputs() -> PopulationInputs:
    """The calibrated baseline inputs: from the disk cache when their code and data are unchanged
    (``sim.disk_cache``), else calibrated and stored. Same numbers either way, bit for bit."""
    path = _inputs_cache_path()
    stored = disk_cache.load(path)
    if stored is not None:
        return _from_arrays(stored)
    inputs = compute_baseline_inputs()
    disk_cache.save(path, _to_arrays(inputs))
    return inputs
