"""Demographic schedules of the population engine, by age slot, and its start state.

Everything here is derived from the statistics in ``sim/data/sources`` through
``sim.data.demography`` and ``sim.data.reconstruction``.

Slot convention: slot ``a`` holds the people aged ``a`` (completed years) at the 1 October that
starts the year; over that year they are aged ``a`` to ``a + 2``, ``a + 1`` on average, so a slot's
rate is the mean of the single-year rates at ages ``a`` and ``a + 1`` (the open slot 100+ keeps
the 100+ rate). The year's newborns are exposed at age 0.
"""

from __future__ import annotations

import numpy as np

from sim.data import demography, reconstruction
from sim.model.dimensions import FERTILE_SLOTS, N_AGES, N_REGIONS, REGIONS
from sim.model.state import DATA, N_TFR_YEARS, PARAMS, POPULATION_STOCKS, TFR_FIRST_YEAR, TFR_LAST_YEAR

#: Census years a run can start from (the state on 1 October of that year). 2010 serves as an
#: out-of-sample back-cast: the model does not include the 2011 earthquake, tsunami and nuclear
#: accident, so its Fukushima (and coast) diverge from 2011 on.
START_YEARS = (2010, 2015, 2020)


#: Year of the disaster that created the evacuee registers (empty before it).
DISASTER_YEAR = 2011


#: Base year of the prefecture mortality schedules: rates scaled to the 2020 life expectancies.
MORTALITY_BASE_YEAR = 2020


#: Start of the observations each evacuee decline rate is fitted to [decimal year]: outside
#: evacuees from the 2015 census period on; inside evacuees after the big drop of 2015-2019 when
#: evacuation orders were lifted (from the first observation after it, November 2019).
EVACUEE_FIT_SINCE = {"outside": 2015.0, "inside": 2019.5}


def slot_average(single_year: np.ndarray) -> np.ndarray:
    """Rates by age slot from rates by single year of age (last axis): mean of ages a and a+1."""
    out = single_year.copy()
    out[..., :-1] = 0.5 * (single_year[..., :-1] + single_year[..., 1:])
    return out


#: Observed years averaged for the default TFR after the last observation.
TFR_RECENT_YEARS = 5


def tfr_path(future: str | float = "recent_mean") -> np.ndarray:
    """TFR of each prefecture for the year starting 1 October of each calendar year.

    The year from 1 October ``k`` to 1 October ``k+1`` lies a quarter in calendar year ``k`` and
    three quarters in ``k+1``: its TFR is ``0.25 TFR(k) + 0.75 TFR(k+1)``. Calendar years between
    observations are interpolated linearly; before the first observation the first value holds.
    After the last observation (2024, preliminary):

    * ``"recent_mean"`` (default, ASSUMPTION): the mean of the last ``TFR_RECENT_YEARS`` observed
      years, which damps the noise of single years and of the preliminary last value without
      assuming a recovery beyond what was observed;
    * ``"last_observed"``: the last observed value held constant;
    * a number: that TFR [children per woman] for every prefecture.

    Returns
    -------
    ndarray (region, tfr_year) [birth/woman], years TFR_FIRST_YEAR..TFR_LAST_YEAR.
    """
    if not (future in ("recent_mean", "last_observed") or isinstance(future, (int, float))):
        raise ValueError(f"tfr_future={future!r} is not allowed; allowed: 'recent_mean', 'last_observed' or a number")
    calendar = np.arange(TFR_FIRST_YEAR, TFR_LAST_YEAR + 2)
    path = np.empty((N_REGIONS, N_TFR_YEARS))
    for r, region in enumerate(REGIONS):
        observed = demography.tfr_observed(region)
        observed = observed[observed.index >= TFR_FIRST_YEAR - 1]
        years, values = observed.index.to_numpy(), observed.to_numpy()
        by_year = np.interp(calendar, years, values)
        after = calendar > years[-1]
        if future == "recent_mean":
            by_year[after] = values[-TFR_RECENT_YEARS:].mean()
        elif future != "last_observed":
            by_year[after] = float(future)
        path[r] = 0.25 * by_year[:-1] + 0.75 * by_year[1:]
    return path


def initial_state(year: int, diaspora=0.0) -> dict[str, np.ndarray]:
    """Start state on 1 October ``year`` (a census year): the census by single year of age, the
    evacuee registers of that date, and the U-turn pool ``diaspora`` [person] per prefecture."""
    if year not in START_YEARS:
        raise ValueError(f"start={year!r} is not allowed; allowed: census years {list(START_YEARS)}")
    state = {entry.name: np.zeros(entry.shape) for entry in POPULATION_STOCKS}
    state["population"] = demography.census_single_year(year)
    if year >= DISASTER_YEAR:
        state["evacuees_outside"] = reconstruction.evacuees_on_census_date("outside", year)
        state["evacuees_inside"] = reconstruction.evacuees_on_census_date("inside", year)
    state["diaspora"] = np.broadcast_to(np.asarray(diaspora, dtype=float), (N_REGIONS,)).copy()
    return state


def pack_data(schedules: dict[str, np.ndarray]) -> np.ndarray:
    """The shared data vector (``DATA`` layout) from named schedules."""
    shape = np.asarray(schedules["fertility_shape"])
    outside = np.ones(N_AGES, dtype=bool)
    outside[slice(*FERTILE_SLOTS)] = False
    if np.any(shape[outside] != 0):
        raise ValueError(f"fertility_shape is not zero outside the fertile slots {FERTILE_SLOTS}")
    data = np.empty(DATA.size)
    for entry in DATA.entries:
        values = np.asarray(schedules[entry.name], dtype=float)
        if values.shape != entry.shape:
            raise ValueError(f"schedule {entry.name!r} has shape {values.shape}; expected {entry.shape}")
        data[DATA.slice(entry.name)] = values.ravel()
    return data


def vital_schedules() -> dict[str, np.ndarray]:
    """Mortality and fertility by age slot (see the module docstring), before the adjustment to
    the registered 2020 births and deaths (:func:`calibrate`)."""
    mortality = demography.mortality_by_prefecture(MORTALITY_BASE_YEAR)
    shape = slot_average(demography.fertility_shape())
    return {
        "mortality": slot_average(mortality),
        "newborn_mortality": mortality[:, :, 0],
        "fertility_shape": shape / shape.sum(),
        "fertility_adjustment": np.ones(N_REGIONS),
    }


def default_params() -> dict:
    """Baseline values of the per-scenario parameters."""
    params = {entry.name: entry.default for entry in PARAMS.entries if entry.default is not None}
    params["tfr"] = tfr_path()
    params["mortality_base_year"] = float(MORTALITY_BASE_YEAR)
    params["mortality_excess"] = demography.mortality_excess(params["mortality_improvement"])
    params["mortality_excess_after_2024"] = float(params["mortality_excess"][-1])  # ASSUMPTION: 2024 persists
    params["origin_share_tokyo"] = demography.tokyo_area_share_outside(2020)
    # set from the calibrated net migration by sim.population.inputs (zero during the calibration)
    params["international_net_migration_rate"] = np.zeros(N_REGIONS)
    params["evacuee_outside_decline"] = reconstruction.decline_rate("outside", since=EVACUEE_FIT_SINCE["outside"])
    params["evacuee_inside_decline"] = reconstruction.decline_rate("inside", since=EVACUEE_FIT_SINCE["inside"])
    return params
