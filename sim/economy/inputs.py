"""Default values of the economy's parameters that come from data or from the calibration.

``data_levels`` reads the start levels from the statistics (``sim.data.economy``);
``read_calibrated`` and ``load_calibrated`` read ``calibrated.yaml``, written by ``python -m
sim.calibrate``: the one reader of that file, which refuses a damaged one in one line
(``CalibrationError``: the file, what is wrong, what is allowed).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import numpy as np

from sim.config_files import DataFileError, read_data
from sim.data import economy as stats
from sim.data import labour
from sim.model.dimensions import FUKUSHIMA, N_CITIES, N_REGIONS, REGIONS
from sim.model.levers import N_CARRIERS, N_LEVERS, N_TECHNOLOGIES, TECHNOLOGIES
from sim.model.state import PARAMS

CALIBRATED = Path(__file__).with_name("calibrated.yaml")

#: Assumption (documented in docs/MODEL.md §2.7): of the Tokyo area's side-job holders, 0.5 %
#: work for Tohoku firms, at 0.2 FTE each.
REMOTE_SHARE_FOR_TOHOKU = 0.005
REMOTE_FTE = 0.2


def population_shares_2020() -> np.ndarray:
    """Each prefecture's share of Tohoku's 2020 census population."""
    people = np.array([stats.population_2020(region) for region in REGIONS])
    return people / people.sum()


def renewable_capacity_2020() -> np.ndarray:
    """Renewable capacity by prefecture and technology at the start [MW].

    Fukushima: FY2020 by technology (its geothermal and small hydro count as other generation).
    The five: onshore wind from March 2017 (Aomori's own; Tohoku's less Aomori's and Fukushima's
    2017 wind, by population); solar from Tohoku's FIT solar end-2016 less Fukushima's 2017 solar,
    by population. Their biomass and their growth since 2016/17 are not in the data (zero).
    """
    capacity = np.zeros((N_REGIONS, N_TECHNOLOGIES))
    solar, wind, biomass = (TECHNOLOGIES.index(name) for name in ("solar", "onshore_wind", "biomass"))
    fukushima = stats.fukushima_capacity_2020()
    capacity[FUKUSHIMA, [solar, wind, biomass]] = fukushima["solar"], fukushima["wind"], fukushima["biomass"]
    tohoku = stats.tohoku_capacity_2016()
    fukushima_2017 = stats.fukushima_capacity_2017()
    shares = population_shares_2020()
    aomori = REGIONS.index("Aomori")
    five = [r for r in range(N_REGIONS) if r != FUKUSHIMA]
    four = [r for r in five if r != aomori]
    capacity[five, solar] = (tohoku["fit_solar"] - fukushima_2017["solar"]) * shares[five] / shares[five].sum()
    capacity[aomori, wind] = tohoku["wind_aomori"]
    rest = tohoku["wind"] - tohoku["wind_aomori"] - fukushima_2017["wind"]
    capacity[four, wind] = rest * shares[four] / shares[four].sum()
    return capacity


def data_levels() -> dict[str, np.ndarray | float]:
    """Parameters whose defaults come from the statistics (sources in their declarations); copies."""
    return _copies(_data_levels())


def _copies(values: dict) -> dict:
    return {name: np.copy(value) if isinstance(value, np.ndarray) else value for name, value in values.items()}


@lru_cache(maxsize=1)
def _data_levels() -> dict[str, np.ndarray | float]:
    employed = stats.employed_2020()
    participation, trend = labour.participation_profile()
    remote = (stats.side_job_holders() * stats.tokyo_area_population_share() * REMOTE_SHARE_FOR_TOHOKU * REMOTE_FTE)
    return {
        "japan_productivity_2020": stats.japan_productivity_2020(),
        "japan_income_per_capita_2019": stats.income_per_capita_2019()[1],
        "tokyo_area_workers": stats.tokyo_area_workers(),
        "relocation_share": stats.relocation_share(),
        "grp_start": stats.grp_2020(),
        "employment_start": employed,
        "participation_profile": participation,
        "participation_trend": trend,
        "unemployment_start": labour.unemployment_2017(),
        "foreign_workers_start": labour.foreign_workers_2020(),
        "foreign_worker_growth_start": labour.foreign_worker_growth_start(),
        "firms_start": stats.firms_2021(),
        "startup_rate_start": stats.startup_rate(),
        "closure_rate_start": stats.closure_rate(),
        "firm_net_change": stats.firm_net_change(),
        "succession_closures_start": stats.succession_closures(),
        "successor_absence_start": stats.successor_absence(),
        "remote_talent_start": remote * employed / employed.sum(),
        "reconstruction_baseline_allocation": stats.reconstruction_allocation(),
        "renewable_capacity_start": renewable_capacity_2020(),
        "lever_allocation": np.tile(population_shares_2020(), (N_LEVERS, 1)),
        "city_population_share": stats.city_population_shares(N_CITIES),
    } | dx_levels()


def dx_levels() -> dict[str, np.ndarray | float]:
    """DX parameters from the data: size mix, size gap and the regional gap (Japan's fitted path is
    calibrated: ``sim.calibrate``, ``fit_dx``)."""
    return {
        "dx_small_firm_share": stats.small_firm_share(),
        "dx_small_level_ratio": stats.dx_small_level_ratio(),
        "dx_digital_proxy_ratio": stats.dx_digital_proxy_ratio(),
        "dx_ceo_age_gap": stats.dx_ceo_age_gap(),
        "dx_ceo_age_slope": stats.dx_ceo_age_slope(),
    }


def neutral_economy() -> dict[str, np.ndarray | float]:
    """Economy parameters that leave the population alone: data levels, attractiveness weights of
    zero (migration multipliers stay 1) and placeholder values for the calibrated parameters.

    For runs of the population engine on its own: its calibration and its benchmarks.
    """
    return data_levels() | {
        "wage_attractiveness": 0.0, "jobs_attractiveness": 0.0, "services_attractiveness": 0.0,
        "telework_attractiveness": 0.0, "income_share_of_grp": np.full(N_REGIONS, 0.7),
        "market_additions": np.zeros(N_REGIONS), "other_renewable_generation": np.zeros(N_REGIONS),
        "other_electricity_generation": np.zeros(N_REGIONS),
        "energy_demand_start": np.full((N_REGIONS, N_CARRIERS), 1000.0),
        "energy_output_weight": np.full(N_CARRIERS, 0.5), "energy_co2_fy2013": np.ones(N_REGIONS),
        "coastal_gap_start": np.zeros(N_REGIONS),
        "coastal_closure_rate": 0.0, "tfp_growth_gap": 0.0,
        "frictional_share": 0.5, "jobs_ratio_elasticity": 1.0, "jobs_ratio_scale": np.ones(N_REGIONS),
        "dx_awareness_rate": 0.1, "dx_implementation_rate": 0.1, "dx_start_cumulative": np.array([0.16, 0.15, 0.04]),
    }


class CalibrationError(ValueError):
    """``calibrated.yaml`` cannot be used; the message (one line) names the file, the fault and what is allowed."""


#: What a calibration file must be, for every refusal.
ALLOWED = "allowed: the file python -m sim.calibrate writes (run it, or restore the shipped file with git)"


def read_calibrated(path: Path | None = None) -> dict:
    """The document of ``calibrated.yaml`` (``CALIBRATED`` unless ``path``; a copy), checked: plain
    YAML data (``sim.config_files``) holding ``version``, ``parameters`` (each with a ``value``: a
    finite number or nested lists of them) and ``fits``; else ``CalibrationError``."""
    return copy.deepcopy(_checked(Path(CALIBRATED if path is None else path)))


def _checked(path: Path) -> dict:
    """``read_calibrated``'s document, shared (not copied)."""
    try:
        return _read_calibrated(path, path.stat().st_mtime_ns)
    except DataFileError as error:  # not YAML data: it names the file and line
        message = str(error)
    except OSError as error:
        message = f"{path}: cannot be read ({error.strerror or error})"
    except CalibrationError as error:
        message = f"{path}: {error}"
    raise CalibrationError(f"{message}; {ALLOWED}") from None


@lru_cache(maxsize=4)
def _read_calibrated(path: Path, modified: int) -> dict:
    """Parsed and checked once per file version (``modified`` keys the cache); problems as bare
    ``CalibrationError`` text (``_checked`` adds the file)."""
    document = read_data(path)
    if not isinstance(document, dict):
        raise CalibrationError(f"holds {type(document).__name__}, not a mapping")
    missing = [key for key in ("version", "parameters", "fits") if key not in document]
    if missing:
        raise CalibrationError(f"keys {missing} are missing")
    parameters = document["parameters"]
    if not isinstance(parameters, dict) or not parameters:
        raise CalibrationError("parameters is not a mapping of parameter names to entries")
    for name, entry in parameters.items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise CalibrationError(f"parameters.{name} has no value")
        try:
            value = np.asarray(entry["value"])
        except ValueError:  # ragged lists
            value = np.asarray(None)
        if value.dtype.kind not in "iuf":
            raise CalibrationError(f"{name}={entry['value']!r} is not a number or a list of numbers")
        if not np.all(np.isfinite(value)):
            raise CalibrationError(f"{name}={entry['value']!r} is not a finite number")
    return document


@lru_cache(maxsize=1)
def calibrated_names() -> tuple[str, ...]:
    """The parameters only ``calibrated.yaml`` gives: those ``neutral_economy`` stands in for that
    have no declared default and do not come from the data."""
    levels = _data_levels()
    return tuple(name for name in neutral_economy() if name not in levels and PARAMS[name].default is None)


def load_calibrated(path: Path | None = None) -> dict[str, np.ndarray | float]:
    """The calibrated parameter values (copies) of ``read_calibrated``'s document;
    ``CalibrationError`` if one of ``calibrated_names`` is missing."""
    path = Path(CALIBRATED if path is None else path)
    document = _checked(path)
    values = {name: np.asarray(entry["value"], dtype=float) if isinstance(entry["value"], list)
              else float(entry["value"]) for name, entry in document["parameters"].items()}
    missing = [name for name in calibrated_names() if name not in values]
    if missing:
        raise CalibrationError(f"{path}: parameters {missing} are missing; {ALLOWED}")
    return values


def economy_defaults() -> dict[str, np.ndarray | float]:
    """Data-derived and calibrated defaults of the economy's parameters (copies)."""
    return data_levels() | load_calibrated()
