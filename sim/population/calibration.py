"""Calibration of the population engine to the 2015 and 2020 censuses and the 2020 vital statistics."""

from __future__ import annotations

import numpy as np

from sim.core import RunResult
from sim.data import demography
from sim.economy.inputs import neutral_economy
from sim.model.dimensions import N_AGES, N_REGIONS, N_SEXES
from sim.model.tohoku import MODEL
from sim.population.migration import net_rate_schedules
from sim.population.schedules import initial_state, pack_data

#: Calibration period of the migration schedules: the last two censuses.
CALIBRATION_PERIOD = (2015, 2020)


#: Smoothing weight of the net-migration schedule estimate (second differences across ages).
SMOOTHING = 2.0


def _run(data: np.ndarray, params: dict, start: int, stop: int, dt: float = 0.25) -> RunResult:
    """A calibration run: net migration only (no moves to Miyagi, no diaspora, no economy feedback),
    at the death rates of 2020 (no excess mortality after it: the rates are those of 2020)."""
    params = params | neutral_economy() | {"destination_share_miyagi": np.zeros(N_REGIONS), "u_turn_rate": 0.0,
                                           "mortality_excess": np.ones_like(params["mortality_excess"]),
                                           "mortality_excess_after_2024": 1.0}
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
        result = _run(pack_data(vital | net_rate_schedules(rate)), params, start, stop + 1)
        vital["fertility_adjustment"] = vital["fertility_adjustment"] * (
            registered_births / _calendar_year(result, "cumulative_births", stop))
        death_factor = (registered_deaths / _calendar_year(result, "cumulative_deaths", stop))[:, None, None]
        vital["mortality"] = vital["mortality"] * death_factor
        vital["newborn_mortality"] = vital["newborn_mortality"] * death_factor[..., 0]
        exposure = slot_exposures(result)[: stop - start]
        rate = rate + _solve_schedule(observed - result["population"][0, stop - start], exposure)
    return vital, rate, exposure.mean(axis=0)
