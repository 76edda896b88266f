"""The population engine's numeric inputs: schedules per age slot, the TFR path, the start state,
and the migration schedules estimated from the census-survival residual.

Everything here is derived from the statistics in ``sim/data/sources`` through
``sim.data.demography``; the conventions (slot averaging, year mapping) are those of a
cohort-component projection run from one 1 October to the next, documented in docs/MODEL.md.

Slot convention: slot ``a`` holds the people aged ``a`` (completed years) at the 1 October that
starts the year; over that year they are aged ``a`` to ``a + 2``, ``a + 1`` on average, so a slot's
rate is the mean of the single-year rates at ages ``a`` and ``a + 1`` (the open slot 100+ keeps
the 100+ rate). The year's newborns are exposed at age 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import least_squares

from sim import disk_cache
from sim.core import RunResult
from sim.data import demography, reconstruction
from sim.model.dimensions import FERTILE_SLOTS, MIYAGI, N_AGES, N_REGIONS, N_SEXES, REGIONS
from sim.model.state import DATA, N_TFR_YEARS, PARAMS, STOCKS, TFR_FIRST_YEAR, TFR_LAST_YEAR
from sim.model.tohoku import MODEL

#: Census years a run can start from (the state on 1 October of that year). 2010 serves as an
#: out-of-sample back-cast: the model does not include the 2011 earthquake, tsunami and nuclear
#: accident, so its Fukushima (and coast) diverge from 2011 on.
START_YEARS = (2010, 2015, 2020)

#: Year of the disaster that created the evacuee registers (empty before it).
DISASTER_YEAR = 2011

#: Base year of the prefecture mortality schedules: rates scaled to the 2020 life expectancies.
MORTALITY_BASE_YEAR = 2020

#: Calibration period of the migration schedules: the last two censuses.
CALIBRATION_PERIOD = (2015, 2020)

#: Rogers-Castro model migration schedule (simplified basic standard: pre-labour-force and
#: labour-force components plus a constant), the "fundamental parameters" of Rogers & Castro
#: (1981), as shipped with migest's ``rc9.fund``: a1, alpha1, a2, mu2, alpha2, lambda2, c.
#: Used only for the *shape* of gross out-migration by age (its level is set below).
ROGERS_CASTRO_STANDARD = {"a1": 0.02, "alpha1": 0.1, "a2": 0.06, "mu2": 20.0, "alpha2": 0.1, "lambda2": 0.4,
                          "c": 0.003}

#: Gross inter-prefectural out-migration per resident and year [1/year]. ASSUMPTION: Japan's
#: inter-prefectural movers are about 2 % of the population a year (Basic Resident Register
#: migration report, ~2.5 million movers); the shared data hold only net flows, so the gross level
#: is not calibrated. It sets how strongly attractiveness moves migration, not the baseline path.
GROSS_OUT_MIGRATION_RATE = 0.02

#: Start of the observations each evacuee decline rate is fitted to [decimal year]: outside
#: evacuees from the 2015 census period on; inside evacuees after the big drop of 2015-2019 when
#: evacuation orders were lifted (from the first observation after it, November 2019).
EVACUEE_FIT_SINCE = {"outside": 2015.0, "inside": 2019.5}

#: Smoothing weight of the net-migration schedule estimate (second differences across ages).
SMOOTHING = 2.0


def rogers_castro(ages, a1, alpha1, a2, mu2, alpha2, lambda2, c) -> np.ndarray:
    """Rogers-Castro migration rate by age: ``a1 e^(-α1 x) + a2 e^(-α2 (x-μ2) - e^(-λ2 (x-μ2))) + c``."""
    x = np.asarray(ages, dtype=float)
    return a1 * np.exp(-alpha1 * x) + a2 * np.exp(-alpha2 * (x - mu2) - np.exp(-lambda2 * (x - mu2))) + c


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


def initial_state(year: int, diaspora=0.0) -> dict[str, np.ndarray]:
    """Start state on 1 October ``year`` (a census year): the census by single year of age, the
    evacuee registers of that date, and the U-turn pool ``diaspora`` [person] per prefecture."""
    if year not in START_YEARS:
        raise ValueError(f"start={year!r} is not allowed; allowed: census years {list(START_YEARS)}")
    state = {entry.name: np.zeros(entry.shape) for entry in STOCKS.entries}
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
    params["evacuee_outside_decline"] = reconstruction.decline_rate("outside", since=EVACUEE_FIT_SINCE["outside"])
    params["evacuee_inside_decline"] = reconstruction.decline_rate("inside", since=EVACUEE_FIT_SINCE["inside"])
    return params


def _net_rate_schedules(net_rate: np.ndarray) -> dict[str, np.ndarray]:
    """Migration as one net rate per resident (``out = max(−ν, 0)``, ``in = max(ν, 0)``): calibration runs."""
    return _pack_rates(np.maximum(-net_rate, 0.0), np.maximum(net_rate, 0.0))


def _pack_rates(out_rate: np.ndarray, in_rate: np.ndarray, u_turn_profile=None) -> dict[str, np.ndarray]:
    profile = np.zeros_like(out_rate) if u_turn_profile is None else u_turn_profile
    return {
        "out_migration_rate": out_rate[..., 1:], "newborn_out_migration_rate": out_rate[..., 0],
        "in_migration_rate": in_rate[..., 1:], "newborn_in_migration_rate": in_rate[..., 0],
        "u_turn_profile": profile[..., 1:], "newborn_u_turn_profile": profile[..., 0],
    }


#: Names and bounds of the fitted Rogers-Castro parameters (ages in slot years).
ROGERS_CASTRO_NAMES = ("a1", "alpha1", "a2", "mu2", "alpha2", "lambda2", "c")
ROGERS_CASTRO_BOUNDS = ((0, 0, 0, 14, 0, 0, 0), (1, 2, 2, 30, 2, 5, 0.1))


def fit_rogers_castro(rate: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Rogers-Castro parameters (``ROGERS_CASTRO_NAMES``) fitted to a migration rate by slot.

    Least squares weighted by exposure (scipy ``least_squares``, bounds ``ROGERS_CASTRO_BOUNDS``),
    from the standard schedule's parameters; slot −1 is the newborns.
    """
    slots = np.arange(-1, N_AGES, dtype=float)
    weight = np.sqrt(exposure / exposure.mean())
    start = np.array([ROGERS_CASTRO_STANDARD[name] for name in ROGERS_CASTRO_NAMES])

    def residual(theta):
        return weight * (rogers_castro(slots, *theta) - rate)

    return least_squares(residual, start, bounds=ROGERS_CASTRO_BOUNDS).x


def gross_rates(net_rate: np.ndarray, exposure: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gross out- and in-migration rates (region, sex, slot) whose difference is ``net_rate``, and
    the Rogers-Castro parameters of the out-migration (region, sex, parameter).

    First ``g = max(−ν, 0) + κ · RC_standard``: the net loss at each age plus a Rogers-Castro-shaped
    churn that moves both ways, ``κ`` giving a crude gross out-migration rate of
    ``GROSS_OUT_MIGRATION_RATE`` (or none if the net losses alone exceed it). Then a Rogers-Castro
    schedule is fitted to ``g`` per prefecture and sex, and the out-migration rate is that schedule,
    raised to the net loss where it falls short (a few hundred people a year per prefecture):
    ``o = max(RC_fit, −ν)``, ``i = o + ν ≥ 0``.
    """
    shape = rogers_castro(np.arange(-1, N_AGES), **ROGERS_CASTRO_STANDARD)  # slot −1 = newborns
    loss = np.maximum(-net_rate, 0.0)
    people = exposure.sum(axis=-1)
    missing = np.maximum(GROSS_OUT_MIGRATION_RATE * people - (loss * exposure).sum(axis=-1), 0.0)
    churn = missing / (shape * exposure).sum(axis=-1)
    target = loss + churn[..., None] * shape
    fitted = np.empty(net_rate.shape[:-1] + (len(ROGERS_CASTRO_NAMES),))
    out_rate = np.empty_like(target)
    slots = np.arange(-1, N_AGES, dtype=float)
    for r in range(N_REGIONS):
        for s in range(N_SEXES):
            fitted[r, s] = fit_rogers_castro(target[r, s], exposure[r, s])
            out_rate[r, s] = np.maximum(rogers_castro(slots, *fitted[r, s]), loss[r, s])
    return out_rate, out_rate + net_rate, fitted


def migration_schedules(net_rate: np.ndarray, exposure: np.ndarray, params: dict) -> tuple[dict, np.ndarray]:
    """Gross schedules with the Miyagi pole and the diaspora, reproducing ``net_rate`` at ``exposure``.

    From :func:`gross_rates` (out ``o``, in ``i``), at the calibration exposures ``E``:

    * the other five's movers to Miyagi, ``Σ_r σ_M[r] · o_r · E_r`` by sex and slot, replace the
      same number of Miyagi's own-rate in-migrants; where they are more than those (ages 18-19 and
      the very old), Miyagi's gross out-migration grows by the difference;
    * the diaspora starts in equilibrium with the moves out of Tohoku,
      ``D0 = Σ (1 − σ_M) · o · E / (ρ + λ)`` (ASSUMPTION: the pool is at the level today's outflow
      sustains), and its U-turns ``ρ · D0`` replace the same number of in-migrants, spread by the
      prefecture's in-migration age profile ``π``.

    So the baseline reproduces the calibrated net migration at the calibration exposures, while
    attractiveness, destinations and U-turns can now move each part.

    Returns
    -------
    schedules : dict  The migration entries of the ``DATA`` layout.
    diaspora : ndarray (region,)  ``D0`` [person].
    rogers_castro_fit : ndarray (region, sex, parameter)  The out-migration schedules' parameters.
    """
    out_rate, in_rate, rogers_castro_fit = gross_rates(net_rate, exposure)
    share_miyagi = np.asarray(params["destination_share_miyagi"], dtype=float)
    in_flow = in_rate * exposure
    out_flow = out_rate * exposure
    from_five = np.einsum("r,rsa->sa", share_miyagi, out_flow)
    # Where the movers from the five exceed Miyagi's calibrated in-migration (ages 18-19, the very
    # old), Miyagi's own gross out-migration grows by the difference: the net stays as calibrated.
    deficit = np.maximum(from_five - in_flow[MIYAGI], 0.0)
    in_flow[MIYAGI] = np.maximum(in_flow[MIYAGI] - from_five, 0.0)
    out_rate = out_rate.copy()
    out_rate[MIYAGI] += deficit / exposure[MIYAGI]
    leaving_tohoku = (1.0 - share_miyagi) * out_flow.sum(axis=(1, 2))
    diaspora = leaving_tohoku / (params["u_turn_rate"] + params["diaspora_attrition"])
    u_turns = params["u_turn_rate"] * diaspora
    total_in = in_flow.sum(axis=(1, 2))
    if (u_turns > total_in).any():
        raise ValueError("the diaspora's U-turns exceed the calibrated in-migration; lower u_turn_rate")
    profile = in_flow / total_in[:, None, None]
    other_in_rate = in_flow * (1.0 - u_turns / total_in)[:, None, None] / exposure
    return _pack_rates(out_rate, other_in_rate, profile), diaspora, rogers_castro_fit


def _run(data: np.ndarray, params: dict, start: int, stop: int, dt: float = 0.25) -> RunResult:
    """A calibration run: net migration only (no moves to Miyagi, no diaspora)."""
    params = params | {"destination_share_miyagi": np.zeros(N_REGIONS), "u_turn_rate": 0.0}
    return MODEL.run(start=start, stop=stop, dt=dt, saveper=1.0, params=params, initial=initial_state(start),
                     data=data)


def slot_exposures(result: RunResult) -> np.ndarray:
    """Person-years per year in each slot (0 = newborns) of scenario 0: (year, region, sex, slot).

    The mean of a slot's content at the start of the year (after ageing) and at its end (before
    the next ageing, read from the state after it: slot ``a`` ends in slot ``a+1``). Ages 99 and
    100+ both end in the open slot; their end content is split in their start proportions.
    """
    population = result["population"][0]  # (time, region, sex, age)
    start, after = population[:-1], population[1:]
    end = np.empty_like(start)
    end[..., :-2] = after[..., 1:-1]
    old = start[..., -2:]
    share = np.divide(old, old.sum(axis=-1, keepdims=True), out=np.full_like(old, 0.5),
                      where=old.sum(axis=-1, keepdims=True) > 0)
    end[..., -2:] = share * after[..., -1:]
    exposure = np.empty(start.shape[:-1] + (N_AGES + 1,))
    exposure[..., 1:] = 0.5 * (start + end)
    exposure[..., 0] = 0.5 * after[..., 0]  # newborns: none at the start, the year's births at the end
    return exposure


def _solve_schedule(residual: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Least-squares ν (region, sex, slot) with ``Σ_k ν(slot_k) · exposure_k = residual`` per cohort."""
    years = exposure.shape[0]
    n_slots = N_AGES + 1
    penalty = np.diff(np.eye(n_slots), n=2, axis=0)
    rates = np.empty((N_REGIONS, N_SEXES, n_slots))
    for r in range(N_REGIONS):
        for s in range(N_SEXES):
            rows = np.zeros((N_AGES - 1, n_slots))
            for age_at_end in range(N_AGES - 1):  # the open group mixes cohorts: left to smoothing
                for k in range(years):
                    slot = age_at_end - years + k + 1  # slot index in year k (0 = newborn)
                    if slot >= 0:
                        rows[age_at_end, slot] += exposure[k, r, s, slot]
            scale = SMOOTHING * np.median(rows.sum(axis=1))
            matrix = np.vstack([rows, scale * penalty])
            vector = np.concatenate([residual[r, s, :-1], np.zeros(penalty.shape[0])])
            rates[r, s] = np.linalg.lstsq(matrix, vector, rcond=None)[0]
    return rates


def _calendar_year(result: RunResult, stock: str, year: int) -> np.ndarray:
    """Events of calendar ``year`` from census-year totals: ¾ of Oct ``year−1``→ + ¼ of Oct ``year``→."""
    cumulative = result[stock][0]  # (time, region)
    annual = np.diff(cumulative, axis=0)
    first = int(round(result.times[0]))
    return 0.75 * annual[year - 1 - first] + 0.25 * annual[year - first]


def calibrate(vital: dict[str, np.ndarray], params: dict) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Fit the vital-rate levels and the net migration schedule to the 2015-2020 statistics.

    * Deaths: the e0-scaled mortality schedule times a factor per prefecture so that the
      registered deaths of calendar 2020 are reproduced (the e0 scaling alone gives 2-7 % more
      deaths than registered; MODEL.md asks for the observed deaths where available).
    * Births: ``fertility_adjustment`` per prefecture so that the registered births of 2020 are
      reproduced.
    * Net migration: the engine projects the 2015 census to 2020 with the current estimates; the
      difference from the 2020 census, cohort by cohort, is the net migration still unexplained.
      A cohort aged ``a`` in 2020 passed through slots ``a−5 … a−1`` (the newborn slot first for
      the youngest), so its residual is ``Σ_k ν(slot_k) · exposure_k``; these equations, with a
      second-difference smoothing penalty, are solved for ν by least squares.

    Each pass runs the engine once (2015 to 2021, so calendar 2020 is covered) and updates all
    three; the equations are nearly linear, and four passes converge.

    Returns
    -------
    vital : dict  The adjusted schedules.
    net_rate : ndarray (region, sex, slot)  Net migration per resident [1/year], slot 0 = newborns.
    exposure : ndarray (region, sex, slot)  Mean person-years per year in each slot, 2015-2020.
    """
    start, stop = CALIBRATION_PERIOD
    observed = demography.census_single_year(stop)
    registered_births = demography.vital_counts("births", stop).to_numpy(float)
    registered_deaths = demography.vital_counts("deaths", stop).to_numpy(float)
    vital = dict(vital)
    rate = np.zeros((N_REGIONS, N_SEXES, N_AGES + 1))
    for _ in range(4):
        result = _run(pack_data(vital | _net_rate_schedules(rate)), params, start, stop + 1)
        vital["fertility_adjustment"] = vital["fertility_adjustment"] * (
            registered_births / _calendar_year(result, "cumulative_births", stop))
        death_factor = (registered_deaths / _calendar_year(result, "cumulative_deaths", stop))[:, None, None]
        vital["mortality"] = vital["mortality"] * death_factor
        vital["newborn_mortality"] = vital["newborn_mortality"] * death_factor[..., 0]
        exposure = slot_exposures(result)[: stop - start]
        rate = rate + _solve_schedule(observed - result["population"][0, stop - start], exposure)
    return vital, rate, exposure.mean(axis=0)


def compute_baseline_inputs() -> PopulationInputs:
    """Calibrate the baseline inputs from the statistics (about a second)."""
    params = default_params()
    vital, net_rate, exposure = calibrate(vital_schedules(), params)
    schedules, diaspora, rogers_castro_fit = migration_schedules(net_rate, exposure, params)
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


def _inputs_cache_path() -> Path:
    package = Path(__file__).resolve().parent
    sources = [*(package / "data").rglob("*.py"), *(package / "data" / "sources").glob("*.csv"),
               *(package / "model").rglob("*.py"), *(package / "core").rglob("*.py"), Path(__file__)]
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
