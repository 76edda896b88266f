"""Census population by prefecture, sex and single year of age 0..100+ (1 October).

Census totals and 5-year groups as published, the count of unknown age spread over the groups, the
graduation to single years with the open group split in proportion to a stable population
calibrated on the 2020 census (:func:`census_single_year`), and sums over the broad age groups
0-14, 15-64 and 65+.

References
----------
.. [PHG01] Preston, S. H., Heuveline, P. & Guillot, M. (2001). Demography: Measuring and Modeling
   Population Processes. Blackwell. Ch. 3 (stationary population L_x).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from sim.data.demography._tables import (
    CENSUS_YEARS, N_AGES, REGIONS, SEXES, _LIFE_TABLE_YEAR_FOR_CENSUS, _check_choice, _read, _values,
)
from sim.data.demography.graduation import graduate_log_spline, open_group_weights, split_open_group
from sim.data.demography.mortality import life_table, national_death_rates

__all__ = [
    "open_group_growth_rate",
    "census_totals", "census_totals_by_sex", "census_unknown_age", "census_five_year_groups",
    "census_single_year", "broad_age_totals", "broad_age_shares",
]


def _census_groups(year: int) -> tuple[tuple[str, ...], np.ndarray]:
    """Labels and boundaries of the 5-year groups used for ``year`` (open group last)."""
    open_start = 85 if year in (2010, 2015) else 95
    labels = tuple(f"{a}-{a + 4}" for a in range(0, open_start, 5)) + (f"{open_start}+",)
    return labels, np.arange(0, open_start + 1, 5)


def census_totals(year: int) -> np.ndarray:
    """Census population of each prefecture, all ages including unknown age.

    Source: ``population_census.csv``, indicator ``population_total`` (総務省 国勢調査, e-Stat
    extract, confidence ``official``).

    Parameters
    ----------
    year : int
        2005, 2010, 2015 or 2020.

    Returns
    -------
    ndarray, shape (region,)
        Persons on 1 October of ``year``.
    """
    _check_choice("year", year, (2005, 2010, 2015, 2020))
    data = _read("population_census.csv")
    rows = data[(data.indicator == "population_total") & (data.year == str(year))]
    return _values(rows, list(REGIONS), ("region",), f"population_total {year}")


def census_totals_by_sex(year: int) -> np.ndarray:
    """Census population by prefecture and sex, all ages including unknown age.

    Source: ``population_age_sex.csv``, ``age == "total"``, indicator ``population_census``.

    Returns
    -------
    ndarray, shape (region, sex)
        Persons.
    """
    _check_choice("year", year, CENSUS_YEARS)
    data = _read("population_age_sex.csv")
    rows = data[(data.indicator == "population_census") & (data.year == str(year)) & (data.age == "total")]
    index = [(r, s) for r in REGIONS for s in SEXES]
    return _values(rows, index, ("region", "sex"), f"population_census total {year}").reshape(6, 2)


def census_five_year_groups(year: int, spread_unknown: bool = True) -> tuple[tuple[str, ...], np.ndarray]:
    """Census counts by 5-year age group, optionally with the unknown-age count spread.

    The groups are the census 原数値 (``population_census_original``): people of unknown age are
    not in them. With ``spread_unknown`` the count of unknown age (census total minus the sum of
    the groups) is spread over the groups in proportion to the age-known counts:
    ``G'_g = G_g * total / sum(G)``, so the groups add up to the census total of the region and
    sex. For 2020 the groups run to 90-94 and 95+ (the ``derived`` 85+ row is not used).

    Parameters
    ----------
    year : int
        2010, 2015 or 2020.
    spread_unknown : bool
        Spread the unknown-age count (default) or return the 原数値 as published.

    Returns
    -------
    labels : tuple of str
        Group labels, ``"0-4"`` ... open group (``"85+"`` in 2010/2015, ``"95+"`` in 2020).
    counts : ndarray, shape (region, sex, group)
        Persons.
    """
    _check_choice("year", year, CENSUS_YEARS)
    labels, _ = _census_groups(year)
    data = _read("population_age_sex.csv")
    rows = data[(data.indicator == "population_census_original") & (data.year == str(year))]
    index = [(r, s, a) for r in REGIONS for s in SEXES for a in labels]
    counts = _values(rows, index, ("region", "sex", "age"), f"census {year}").reshape(6, 2, len(labels))
    if spread_unknown:
        counts = counts * (census_totals_by_sex(year) / counts.sum(axis=2))[:, :, None]
    return labels, counts


def census_unknown_age(year: int) -> np.ndarray:
    """Count of unknown age: census total minus the sum of the age groups.

    Returns
    -------
    ndarray, shape (region, sex)
        Persons.
    """
    _, counts = census_five_year_groups(year, spread_unknown=False)
    return census_totals_by_sex(year) - counts.sum(axis=2)


@lru_cache(maxsize=None)
def open_group_growth_rate(region: str, sex: str) -> float:
    """Growth rate ``r`` of the stable-population split, calibrated on the 2020 census.

    The 2020 census has 85-89, 90-94 and 95+ separately. ``r`` is the root (Brent's method) of
    ``share_95+(r) = N_95+ / N_85+`` where ``share_95+(r)`` is the share of ages 95+ in
    :func:`open_group_weights` of the national 2018 life table from age 85 (the table used for
    2020). A positive ``r`` stands for everything that makes the real oldest-old population
    younger than the stationary one: cohorts entering age 85 grow, and mortality fell while the
    older cohorts aged. With ``r = 0`` (stationary population) the 95+ share of 85+ in 2020 is
    overstated by 45-127 % (:func:`census_single_year` notes); the calibrated ``r`` lies between
    about 0.05 and 0.10 per year.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS`.
    sex : {"male", "female"}

    Returns
    -------
    float
        ``r`` [1/year].
    """
    _check_choice("region", region, REGIONS)
    _check_choice("sex", sex, SEXES)
    labels, counts = census_five_year_groups(2020, spread_unknown=False)
    group = counts[REGIONS.index(region), SEXES.index(sex)]
    observed = group[-1] / group[-3:].sum()  # 95+ / (85-89 + 90-94 + 95+)
    table = life_table(national_death_rates(_LIFE_TABLE_YEAR_FOR_CENSUS[2020])[SEXES.index(sex)], sex=sex)

    def share_95(r):
        weights = open_group_weights(table, 85, r)
        return weights[10:].sum() / weights.sum() - observed

    return float(brentq(share_95, -0.2, 1.0, xtol=1e-14))


@lru_cache(maxsize=None)
def _census_single_year(year: int, open_group: str) -> np.ndarray:
    labels, counts = census_five_year_groups(year, spread_unknown=True)
    _, edges = _census_groups(year)
    open_start = int(edges[-1])
    rates = national_death_rates(_LIFE_TABLE_YEAR_FOR_CENSUS[year])
    out = np.empty((len(REGIONS), len(SEXES), N_AGES))
    for j, sex in enumerate(SEXES):
        table = life_table(rates[j], sex=sex)
        for i, region in enumerate(REGIONS):
            growth = open_group_growth_rate(region, sex) if open_group == "stable" else 0.0
            # open group -> 5-year groups up to 95-99 plus 100+, in proportion to the weights
            split = split_open_group(counts[i, j, -1], open_group_weights(table, open_start, growth))
            groups = np.concatenate((counts[i, j, :-1], split[:-1].reshape(-1, 5).sum(axis=1)))
            out[i, j, :100] = graduate_log_spline(np.arange(0, 101, 5), groups)
            out[i, j, 100] = split[-1]
    out.setflags(write=False)
    return out


def census_single_year(year: int, open_group: str = "stable") -> np.ndarray:
    """Census population by prefecture, sex and single year of age 0..100+ (1 October).

    Three steps, each reproducing its totals exactly (to floating-point rounding):

    1. **Unknown age** spread over the 5-year groups in proportion to the age-known counts
       (:func:`census_five_year_groups`), so each region and sex sums to its census total.
    2. **5-year groups to single years** by the mean-preserving log-spline
       (:func:`graduate_log_spline`) over ages 0..99: every group total is reproduced, no count
       is negative, and single ages join smoothly across group boundaries. The open group is
       first divided into 5-year groups up to 95-99 and 100+ (step 3), so the graduation runs
       through them without a break at 85 (or 95).
    3. **Open group** (85+ in 2010/2015, 95+ in 2020) spread over ages up to 100+ in proportion to
       the population of the national life table for the sex (:func:`open_group_weights`).
       National rates of the census year are used for 2010 and 2015; for 2020 the 2018 rates,
       the latest in the data (**assumption**). ``open_group="stationary"`` uses the stationary
       population ``L_x`` ([PHG01]_); the default ``"stable"`` tilts it by ``e^{-r x}`` with ``r``
       per region and sex calibrated so that the 2020 census's own 95+ share of 85+ is reproduced
       (:func:`open_group_growth_rate`; **assumption**: the same ``r`` in 2010 and 2015).
       Why: the stationary split overstates the oldest ages. Applied to the 2020 85+ it gives
       45-127 % too many people aged 95+ and 7.5-15.6 % too few aged 85-89; for Aomori females
       2015 (the one published 不詳補完 series with 95-99 and 100+) -18 % at 85-89, +83 % at
       95-99 and +177 % at 100+. The stable split reproduces 95+ in 2020 by construction, leaves
       85-89 3.4-7.3 % high and 90-94 7.3-12.5 % low, and is out of sample for Aomori females
       2015 +0.3 % at 85-89, -2.6 % at 90-94, +10 % at 95-99 and +12 % at 100+.

    Parameters
    ----------
    year : int
        2010, 2015 or 2020.
    open_group : {"stable", "stationary"}
        Method for the open age group (default ``"stable"``).

    Returns
    -------
    ndarray, shape (region, sex, age) = (6, 2, 101)
        Persons (fractional). Index 100 is the open group 100+.
    """
    _check_choice("year", year, CENSUS_YEARS)
    _check_choice("open_group", open_group, ("stable", "stationary"))
    return _census_single_year(year, open_group).copy()


def broad_age_totals(population) -> np.ndarray:
    """Sum a single-year population over the broad age groups 0-14, 15-64, 65+.

    Parameters
    ----------
    population : array_like, shape (..., age)
        Persons by single year of age 0..100+ in the last axis.

    Returns
    -------
    ndarray, shape (..., 3)
        Persons aged 0-14, 15-64 and 65+.
    """
    population = np.asarray(population, dtype=float)
    if population.shape[-1] != N_AGES:
        raise ValueError(f"last axis must be age with {N_AGES} entries; got shape {population.shape}")
    return np.stack([population[..., :15].sum(-1), population[..., 15:65].sum(-1), population[..., 65:].sum(-1)],
                    axis=-1)


def broad_age_shares(population) -> np.ndarray:
    """Shares of 0-14, 15-64 and 65+ in a single-year population (fractions summing to 1).

    Parameters
    ----------
    population : array_like, shape (..., age)
        Persons by single year of age.

    Returns
    -------
    ndarray, shape (..., 3)
        Dimensionless shares.
    """
    totals = broad_age_totals(population)
    return totals / totals.sum(axis=-1, keepdims=True)
