"""Japan's deaths after 2020 against those the 2020 death rates and ageing imply: the excess.

The population engine's death rates are those of 2020 (scaled to the registered 2020 deaths),
improving at ``ι`` per year. Japan's registered deaths rose from 1.373 M (2020) to 1.605 M (2024),
more than ageing and those rates explain. Prefectural deaths after 2020 are not in the data, so
Japan's **relative** excess is applied to every prefecture (docs/MODEL.md §1, "Deaths after 2020").

Method (:func:`expected_national_deaths`, :func:`mortality_excess`): the model's own method applied
to Japan.

1. Japan's census population of 1 October 2015 by sex and single year of age (age-known counts by
   5-year group, ``population_age_sex.csv``; the open group 85+ spread as a stable population of
   the national 2018 life table with the mean growth rate the six prefectures' 2020 censuses give,
   then the mean-preserving log-spline of :func:`graduate_log_spline`), as in
   :func:`census_single_year`.
2. Projected in quarter-year Euler steps as the engine does (slot-averaged national 2018 death
   rates ``m``, newborns at age 0's rate, ageing on 1 October), with the rates
   ``k · m · exp(−ι (t − 2020)) · X(y)``; births are Japan's registered births of the calendar year
   the step falls in (``vital_stats.csv``, ``vital_national_recent.csv``); no migration
   (ASSUMPTION: Japan's net international migration, not in the data, is mostly of young adults,
   whose death rates are low).
3. ``k`` so that the deaths of calendar 2020 equal the registered 2020 deaths, as the engine's
   calibration does for each prefecture (its 2015 → 2021 run).
4. ``X(y)`` for 2021-2024 so that the deaths of calendar ``y`` equal the registered deaths: the
   relative excess over the deaths that the 2020 rates, ageing and ``ι`` imply. ``k`` and ``X``
   are solved together by fixed-point passes (``k`` changes the cohorts that reach 2020, each
   year's excess the next years' old cohorts) to a relative error of 1e-12.

The same projection without the excess (``X = 1``) back-casts 2016-2019: it is the out-of-sample
check of the expected-deaths baseline (tests/test_population.py). 2020 itself was a year of
unusually few deaths (influenza and other infections fell with the pandemic measures), so part of
``X`` is the return of that deficit rather than excess mortality proper;
:func:`trend_excess` gives the other common measure, observed deaths over the 2015-2019 linear
trend, for comparison.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from sim.data.demography._tables import REGIONS, SEX_RATIO_AT_BIRTH, SEXES, _CONFIDENCE_RANK, _read
from sim.data.demography.census import open_group_growth_rate
from sim.data.demography.graduation import graduate_log_spline, open_group_weights, split_open_group
from sim.data.demography.mortality import life_table, national_death_rates

__all__ = ["EXCESS_YEARS", "national_vital_counts", "japan_single_year", "expected_national_deaths",
           "mortality_excess", "trend_excess"]

#: Calendar years whose relative excess mortality is measured (registered deaths in the data).
EXCESS_YEARS = (2021, 2022, 2023, 2024)
#: Year of the death rates the engine starts from (calibrated to its registered deaths).
RATES_YEAR = 2020
#: Japan's projection starts from this census (so that calendar 2016-2024 are covered).
PROJECTION_START = 2015
#: Quarter-year steps, as the engine's default dt.
STEPS_PER_YEAR = 4
#: Last year of Japan's registered counts in the data.
LAST_COUNTED_YEAR = 2024
#: Fixed-point passes for ``k`` and ``X`` and their convergence threshold (relative).
MAX_PASSES = 200
PASS_TOLERANCE = 1e-12

_NATIONAL_INDICATORS = {
    "deaths": ("deaths", "deaths_final", "deaths_gaisu", "deaths_preliminary_gaisu"),
    "births": ("births", "births_final", "births_gaisu", "births_preliminary_gaisu"),
}


@lru_cache(maxsize=None)
def _national_counts(kind: str) -> pd.Series:
    rows = []
    for name in ("vital_stats.csv", "vital_national_recent.csv"):
        data = _read(name)
        picked = data[(data.region == "Japan") & data.indicator.isin(_NATIONAL_INDICATORS[kind])
                      & data.year.str.fullmatch(r"\d{4}")]
        rows.append(picked)
    table = pd.concat(rows)
    # best confidence first; at equal confidence the final count (確定数) before a preliminary one
    table = table.assign(rank=table.confidence.map(_CONFIDENCE_RANK),
                         final=~table.indicator.str.contains("gaisu|preliminary"))
    table = table.sort_values(["year", "rank", "final"], ascending=[True, True, False])
    best = table.groupby("year").first()
    series = best["value"].astype(float)
    series.index = series.index.astype(int)
    return series


def national_vital_counts(kind: str) -> pd.Series:
    """Japan's registered deaths or births by calendar year (人口動態統計, Japanese in Japan).

    From ``vital_stats.csv`` (2015-2023, ``recalled``) and ``vital_national_recent.csv`` (2022 final
    and 2023 概数 ``official``, 2024 final ``secondary``): per year the row of best confidence
    (official > secondary > derived > recalled), a final count before a preliminary one.
    2023: the official 概数 1,575,936 (the recalled final count 1,576,016 differs by 0.005 %).

    Parameters
    ----------
    kind : {"deaths", "births"}

    Returns
    -------
    pandas.Series
        Persons per calendar year, indexed by year.
    """
    if kind not in _NATIONAL_INDICATORS:
        raise ValueError(f"kind={kind!r} is not available; allowed: 'deaths', 'births'")
    return _national_counts(kind).copy()


@lru_cache(maxsize=None)
def _japan_single_year(year: int) -> np.ndarray:
    data = _read("population_age_sex.csv")
    groups = tuple(f"{a}-{a + 4}" for a in range(0, 85, 5)) + ("85+",)
    rates = national_death_rates(2018)
    out = np.empty((len(SEXES), 101))
    for j, sex in enumerate(SEXES):
        rows = data[(data.region == "Japan") & (data.year == str(year)) & (data.sex == sex)].set_index("age")
        counts = rows.loc[list(groups), "value"].to_numpy(float)
        growth = float(np.mean([open_group_growth_rate(region, sex) for region in REGIONS]))
        split = split_open_group(counts[-1], open_group_weights(life_table(rates[j], sex=sex), 85, growth))
        totals = np.concatenate((counts[:-1], split[:-1].reshape(-1, 5).sum(axis=1)))
        out[j, :100] = graduate_log_spline(np.arange(0, 101, 5), totals)
        out[j, 100] = split[-1]
    out.setflags(write=False)
    return out


def japan_single_year(year: int = PROJECTION_START) -> np.ndarray:
    """Japan's census population on 1 October by sex and single year of age 0..100+.

    Age-known counts by 5-year group to 85+ (``population_age_sex.csv``, Japan rows 2015 and
    2020); the open group spread over 85..100+ as a stable population of the national 2018 life
    table, with growth rate the mean of the six prefectures' (:func:`open_group_growth_rate`;
    **assumption**: Japan's oldest are distributed like Tohoku's), then graduated to single years.
    People of unknown age are left out: the level of deaths is calibrated (``k`` above), only the
    age structure matters.

    Returns
    -------
    ndarray, shape (sex, age) = (2, 101)
        Persons.
    """
    if year not in (2015, 2020):
        raise ValueError(f"year={year!r} is not available; allowed: 2015, 2020")
    return _japan_single_year(year).copy()


def _project(improvement: float, excess: dict, scale: float, stop: int) -> dict:
    """Deaths by calendar year of Japan's projection from the 2015 census (see the module)."""
    rates = national_death_rates(2018)
    slots = rates.copy()
    slots[:, :-1] = 0.5 * (rates[:, :-1] + rates[:, 1:])  # the engine's slot averaging
    newborn_rate = rates[:, 0]
    births = national_vital_counts("births")
    boy_share = SEX_RATIO_AT_BIRTH / (1.0 + SEX_RATIO_AT_BIRTH)  # as the engine's default
    sex_share = np.array([boy_share if sex == "male" else 1.0 - boy_share for sex in SEXES])
    people = japan_single_year(PROJECTION_START).astype(float)
    newborns = np.zeros(len(SEXES))
    deaths: dict[int, float] = {}
    dt = 1.0 / STEPS_PER_YEAR
    for year in range(PROJECTION_START, stop):
        for step in range(STEPS_PER_YEAR):
            t = year + step * dt
            calendar = int(np.floor(t + 0.75 + 1e-9))  # t = k is 1 October k; k + 0.25 is 1 January k + 1
            factor = scale * np.exp(-improvement * (t - RATES_YEAR)) * excess.get(calendar, 1.0)
            dying = factor * slots * people
            dying_new = factor * newborn_rate * newborns
            deaths[calendar] = deaths.get(calendar, 0.0) + (dying.sum() + dying_new.sum()) * dt
            born = births.get(calendar, births.iloc[-1])
            people = people - dying * dt
            newborns = newborns + (born * sex_share - dying_new) * dt
        people[:, 100] += people[:, 99]  # 1 October: everybody one year older
        people[:, 1:100] = people[:, 0:99].copy()
        people[:, 0] = newborns
        newborns = np.zeros(len(SEXES))
    return deaths


@lru_cache(maxsize=None)
def _calibrated(improvement: float) -> tuple[float, tuple]:
    observed = national_vital_counts("deaths")
    scale = 1.0
    excess = {year: 1.0 for year in EXCESS_YEARS}
    for _ in range(MAX_PASSES):
        deaths = _project(improvement, excess, scale, LAST_COUNTED_YEAR + 1)
        ratios = [observed[year] / deaths[year] for year in (RATES_YEAR, *EXCESS_YEARS)]
        scale *= ratios[0]
        for year, ratio in zip(EXCESS_YEARS, ratios[1:]):
            excess[year] *= ratio
        if max(abs(ratio - 1.0) for ratio in ratios) < PASS_TOLERANCE:
            return scale, tuple(excess[year] for year in EXCESS_YEARS)
    raise RuntimeError(f"Japan's expected deaths did not converge in {MAX_PASSES} passes")


def expected_national_deaths(improvement: float = 0.01, excess: bool = False) -> pd.Series:
    """Japan's deaths by calendar year 2016-2024 from the 2020 death rates and ageing.

    The projection of the module docstring with ``k`` calibrated to the registered 2020 deaths;
    with ``excess=True`` the rates are also multiplied by :func:`mortality_excess` (so 2021-2024
    are reproduced).

    Parameters
    ----------
    improvement : float
        ``ι`` [1/year], the engine's ``mortality_improvement``.
    excess : bool

    Returns
    -------
    pandas.Series
        Deaths [person/year] indexed by calendar year.
    """
    scale, factors = _calibrated(float(improvement))
    multipliers = dict(zip(EXCESS_YEARS, factors)) if excess else {}
    deaths = _project(float(improvement), multipliers, scale, LAST_COUNTED_YEAR + 1)
    years = range(PROJECTION_START + 1, LAST_COUNTED_YEAR + 1)  # calendar 2015 is only a quarter
    return pd.Series([deaths[y] for y in years], index=list(years), name="deaths")


def mortality_excess(improvement: float = 0.01) -> np.ndarray:
    """Japan's relative excess mortality ``X(y)``, calendar years :data:`EXCESS_YEARS`.

    Registered deaths over those expected from the 2020 rates, ageing and ``ι`` (module
    docstring). The engine multiplies every prefecture's death rates by it in the same calendar
    year (``mortality_excess``).

    Returns
    -------
    ndarray, shape (4,)
        Dimensionless factors for 2021, 2022, 2023, 2024.
    """
    return np.array(_calibrated(float(improvement))[1])


def trend_excess(fit_years: tuple[int, int] = (2015, 2019)) -> pd.Series:
    """Observed deaths over the linear trend of ``fit_years`` (an alternative measure, for comparison).

    Returns
    -------
    pandas.Series
        Dimensionless ratio for 2020 and :data:`EXCESS_YEARS`.
    """
    observed = national_vital_counts("deaths")
    fit = observed.loc[fit_years[0]:fit_years[1]]
    slope, intercept = np.polyfit(fit.index.to_numpy(float), fit.to_numpy(), 1)
    years = [RATES_YEAR, *EXCESS_YEARS]
    return pd.Series([observed[y] / (intercept + slope * y) for y in years], index=years, name="trend_excess")
