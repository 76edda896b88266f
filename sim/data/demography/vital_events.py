"""Registered births and deaths, and the numbers the prepared inputs imply for comparison.

:func:`vital_counts` reads the registered events by prefecture (人口動態統計);
:func:`expected_deaths` and :func:`expected_births` apply the prepared rates to the census population
so that the two can be compared (docs/DATA_PREPARATION.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.data.demography._tables import CENSUS_YEARS, REGIONS, SEXES, _check_choice, _read
from sim.data.demography.census import census_single_year
from sim.data.demography.fertility import fertility_shape, tfr_observed
from sim.data.demography.mortality import mortality_by_prefecture

__all__ = ["vital_counts", "expected_deaths", "expected_births"]


def vital_counts(indicator: str, year: int = 2020) -> pd.Series:
    """Registered births or deaths by prefecture (人口動態統計, Japanese nationals, by residence).

    Source: ``vital_counts.csv`` (2020 確定数 for all six prefectures, ``official``; other years
    only for some prefectures — missing prefectures are left out).

    Parameters
    ----------
    indicator : {"births", "deaths"}
    year : int

    Returns
    -------
    pandas.Series
        Persons per calendar year, indexed by region (model order, present ones only).
    """
    _check_choice("indicator", indicator, ("births", "deaths"))
    data = _read("vital_counts.csv")
    rows = data[(data.indicator == indicator) & (data.year == str(year)) & data.region.isin(REGIONS)]
    series = rows.set_index("region")["value"]
    return series.reindex([r for r in REGIONS if r in series.index]).rename(indicator)


# --------------------------------------------------------------------------------------------
# consistency with the registered events


def expected_deaths(year: int = 2020, open_group: str = "stable") -> np.ndarray:
    """Deaths per year implied by the prepared rates and census population.

    ``D_r = Σ_{s,x} m_{r,s}(x) · P_{r,s,x}`` with ``m`` = :func:`mortality_by_prefecture` and
    ``P`` = :func:`census_single_year` (1 October, taken as the year's mean population). Compare
    with :func:`vital_counts` (deaths of Japanese nationals, calendar year): in 2020 the
    e0-calibrated rates give 2-7 % more deaths than registered, see docs/DATA_PREPARATION.md.

    Parameters
    ----------
    year : int
        Census year 2010, 2015 or 2020.
    open_group : {"stable", "stationary"}
        Passed to :func:`census_single_year`.

    Returns
    -------
    ndarray, shape (region,)
        Deaths [person/year].
    """
    _check_choice("year", year, CENSUS_YEARS)
    return (mortality_by_prefecture(year) * census_single_year(year, open_group)).sum(axis=(1, 2))


def expected_births(year: int = 2020, pattern_year: int = 2018) -> np.ndarray:
    """Births per year implied by the observed TFR, the national age pattern and the census.

    ``B_r = TFR_r(year) · Σ_x shape(x) · F_{r,x}`` with ``TFR`` the best value of
    :func:`tfr_observed` (NaN where the year has none), ``shape`` = :func:`fertility_shape` of
    ``pattern_year`` and ``F`` the census women by single year (:func:`census_single_year`).

    Returns
    -------
    ndarray, shape (region,)
        Births [person/year]; both sexes.
    """
    _check_choice("year", year, CENSUS_YEARS)
    women = census_single_year(year)[:, SEXES.index("female")]
    shape = fertility_shape(pattern_year)
    tfr = np.array([tfr_observed(r).get(year, np.nan) for r in REGIONS])
    return tfr * (women * shape).sum(axis=1)
