"""Demographic inputs of the population engine, prepared from the published statistics.

The population engine (MODEL.md §1, §2.1) runs the cohort-component method by region × sex ×
single year of age 0..100 (100 = 100+), with the state on 1 October (census date). The published
statistics copied in ``sim/data/sources/`` are coarser: census counts by 5-year age group with an
open group and a count of people of unknown age; national death rates by 5-year group; the
national fertility age pattern by 5-year group; prefectural life expectancy at birth and total
fertility rates. This module turns them into single-year inputs with documented, reproducible
methods; every function is pure (same input, same output; results are fresh arrays).

Array conventions: axes ``(region, sex, age)`` in the orders of :data:`REGIONS`, :data:`SEXES`
and ages ``0..100`` (:data:`N_AGES` = 101, the last entry is the open group 100+). Counts are in
persons (fractional after the graduation), rates in 1/year.

Methods, formulas, sources and every assumption are written up in ``docs/DATA_PREPARATION.md``.

References
----------
.. [FC80] Fritsch, F. N. & Carlson, R. E. (1980). Monotone piecewise cubic interpolation.
   SIAM Journal on Numerical Analysis 17(2), 238-246 (PCHIP; considered, not used, see
   :func:`graduate_log_spline`).
.. [MTT77] McNeil, D. R., Trussell, T. J. & Turner, J. C. (1977). Spline interpolation of
   demographic data. Demography 14(2), 245-252.
.. [RGE15] Rizzi, S., Gampe, J. & Eilers, P. H. C. (2015). Efficient estimation of smooth
   distributions from coarsely grouped data. American Journal of Epidemiology 182(2), 138-147.
.. [PHG01] Preston, S. H., Heuveline, P. & Guillot, M. (2001). Demography: Measuring and Modeling
   Population Processes. Blackwell. Ch. 3 (period life table: q = m / (1 + (1 - a) m), open
   interval L = l / m, stationary population L_x).
.. [AK15] Andreev, E. M. & Kingkade, W. W. (2015). Average age at death in infancy and infant
   mortality level: reconsidering the Coale-Demeny formulas at current levels of low mortality.
   Demographic Research 33(13), 363-390 (a_0 rule; coefficients as implemented for the Human
   Mortality Database, function ``AKq02a0``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq

__all__ = [
    "REGIONS", "SEXES", "N_AGES", "AGES", "CENSUS_YEARS", "DEATH_RATE_YEARS", "FERTILITY_PATTERN_YEARS",
    "MORTALITY_BASE_YEAR", "JAPAN_INFANT_MORTALITY_2018", "SEX_RATIO_AT_BIRTH", "SOURCES",
    "LifeTable",
    "graduate_log_spline", "split_open_group", "open_group_weights", "open_group_growth_rate",
    "census_totals", "census_totals_by_sex", "census_unknown_age", "census_five_year_groups",
    "census_single_year", "broad_age_totals", "broad_age_shares",
    "national_death_rates_grouped", "infant_rate_ratio", "national_death_rates",
    "andreev_kingkade_a0", "life_table", "life_expectancy",
    "prefecture_e0", "prefecture_mortality_scale", "mortality_by_prefecture",
    "fertility_contributions", "fertility_shape", "asfr", "tfr_observed",
    "birth_sex_shares", "vital_counts", "expected_deaths", "expected_births",
]

from sim.model.dimensions import N_AGES, REGIONS, SEXES  # noqa: E402  (declared once, in the model)

AGES = np.arange(N_AGES)
AGES.setflags(write=False)

CENSUS_YEARS = (2010, 2015, 2020)
"""Census years with counts by 5-year age group and sex in ``population_age_sex.csv``."""
DEATH_RATE_YEARS = (2010, 2015, 2018)
"""Years with national death rates by sex and 5-year age group in ``life_table.csv``."""
FERTILITY_PATTERN_YEARS = (2013, 2018, 2023)
"""Years with the complete national TFR contributions by 5-year age group in ``fertility.csv``."""
MORTALITY_BASE_YEAR = 2018
"""Latest year of national death rates in the data; the base schedule scaled per prefecture."""

JAPAN_INFANT_MORTALITY_2018 = 1.9e-3
"""Japan's infant mortality rate 2018, infant deaths per live birth (both sexes).

**Not in the shared data folder.** MHLW 平成30年(2018)人口動態統計(確定数)の概況: 乳児死亡率 1.9
per 1,000 live births (1,748 infant deaths), as quoted by ガベージニュース (nonbirinyu-aaa.com
/?p=73374, 2019-12-02); IPSS 人口統計資料集 2021 table 5-8 gives 1.9 for 2019 as well. Confidence:
secondary, rounded to 0.1 per 1,000 (so ±2.6 %). Used only to split the 0-4 death rate between
age 0 and ages 1-4 (:func:`infant_rate_ratio`).
"""

SEX_RATIO_AT_BIRTH = 1.05
"""Male births per female birth. **Assumption** for this data set: MODEL.md §2.1 gives 1.05
(status S there), but no births by sex are in ``sources/`` (``vital_counts.csv`` has totals only),
so the value cannot be checked against the Tohoku data."""

SOURCES = Path(__file__).resolve().parent / "sources"
"""Folder with the unchanged copies of the source CSV files (see its README.md)."""

_CONFIDENCE_RANK = {"official": 0, "secondary": 1, "derived": 2, "recalled": 3}
_LIFE_TABLE_YEAR_FOR_CENSUS = {2010: 2010, 2015: 2015, 2020: 2018}
_MORTALITY_GROUPS = tuple(f"{a}-{a + 4}" for a in range(0, 100, 5)) + ("100+",)
_FERTILITY_GROUPS = tuple(f"{a}-{a + 4}" for a in range(15, 50, 5))


# --------------------------------------------------------------------------------------------
# reading


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    """One source CSV as read (year, sex and age kept as text)."""
    return pd.read_csv(SOURCES / name, dtype={"year": str, "sex": str, "age": str}, keep_default_na=False,
                       converters={"value": float})


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not available; allowed: {', '.join(map(repr, allowed))}")


def _values(frame: pd.DataFrame, index: list[tuple], keys: tuple[str, ...], what: str) -> np.ndarray:
    """Values of ``frame`` at the given key tuples, in order; raises if any is missing or doubled."""
    series = frame.set_index(list(keys))["value"]
    if series.index.has_duplicates:
        raise ValueError(f"{what}: duplicated rows {series.index[series.index.duplicated()].tolist()[:3]}")
    missing = [key for key in index if key not in series.index]
    if missing:
        raise ValueError(f"{what}: no rows for {missing[:3]}{' ...' if len(missing) > 3 else ''}")
    return series.loc[index].to_numpy(dtype=float)


# --------------------------------------------------------------------------------------------
# graduation helpers


def graduate_log_spline(edges, totals, tol: float = 1e-13, max_iter: int = 2000) -> np.ndarray:
    """Split grouped totals into single years smoothly, reproducing every group total.

    Mean-preserving log-spline: the single-year values are ``n_x = exp(s(x + 1/2))`` where ``s``
    is a cubic spline (``scipy.interpolate.CubicSpline``, not-a-knot ends) through one knot per
    group at the group's mid-age. The knot values start at ``log(total_g / width_g)`` and are
    corrected by fixed-point iteration, ``v_g <- v_g + log(total_g / Σ_{x in g} n_x)``, until no
    correction exceeds ``tol``; a last rescaling per group (a change of order ``tol``) makes the
    group sums equal to the totals to floating-point rounding. The values are positive by
    construction and smooth across group boundaries (the spline is C2 in log scale). This is an
    interpolating relative of smooth ungrouping on the log scale ([RGE15]_); cubic splines for
    demographic graduation go back to [MTT77]_.

    A monotone cubic interpolation of the cumulative count (PCHIP, [FC80]_) was tried first and
    rejected: it reproduces the totals too but makes a staircase inside steep groups (the 2018
    fertility contributions at ages 27-32 came out 0.088, 0.095, 0.093, 0.099, 0.110, 0.112, a
    dip at 29 in the middle of the rise to the peak); a cubic spline of the cumulative count
    goes negative at the fertility tails.

    Parameters
    ----------
    edges : array_like of int, shape (G + 1,)
        Group boundaries in years of age, increasing (e.g. 0, 5, ..., 100): group ``g`` covers ages
        ``edges[g] .. edges[g + 1] - 1``.
    totals : array_like of float, shape (G,)
        Group totals, all positive (persons, or any positive additive quantity).
    tol : float
        Convergence threshold on the log corrections.
    max_iter : int
        Iteration limit; a ``RuntimeError`` is raised if it is reached.

    Returns
    -------
    ndarray, shape (edges[-1] - edges[0],)
        Single-year values for ages ``edges[0] .. edges[-1] - 1``, same unit as ``totals``.
    """
    edges = np.asarray(edges)
    totals = np.asarray(totals, dtype=float)
    if (edges.ndim != 1 or totals.shape != (edges.size - 1,) or totals.size < 2 or np.any(np.diff(edges) <= 0)
            or not np.array_equal(edges, np.round(edges))):
        raise ValueError(f"edges (shape {edges.shape}) must be increasing whole ages, one more than totals "
                         f"(shape {totals.shape}), at least two groups")
    if not np.all(np.isfinite(totals)) or np.any(totals <= 0):
        raise ValueError(f"totals must be finite and positive; got {totals}")
    widths = np.diff(edges).astype(int)
    knots = edges[:-1] + widths / 2.0
    mid_ages = np.arange(edges[0], edges[-1]) + 0.5
    group = np.repeat(np.arange(totals.size), widths)
    log_v = np.log(totals / widths)
    for _ in range(max_iter):
        values = np.exp(CubicSpline(knots, log_v)(mid_ages))
        step = np.log(totals / np.bincount(group, weights=values))
        log_v += step
        if np.max(np.abs(step)) < tol:
            break
    else:
        raise RuntimeError(f"log-spline graduation did not converge in {max_iter} iterations for totals {totals}")
    values = np.exp(CubicSpline(knots, log_v)(mid_ages))
    return values * (totals / np.bincount(group, weights=values))[group]


def split_open_group(total: float, weights) -> np.ndarray:
    """Spread an open-age-group total over single ages in proportion to ``weights``.

    Parameters
    ----------
    total : float
        Count of the open group [person].
    weights : array_like of float
        Non-negative weights per single age of the group, the last entry being the new open
        group (here :func:`open_group_weights`).

    Returns
    -------
    ndarray
        ``total * weights / sum(weights)`` [person]; sums to ``total``.
    """
    weights = np.asarray(weights, dtype=float)
    if np.any(weights < 0) or not weights.sum() > 0:
        raise ValueError("weights must be non-negative with a positive sum")
    return total * weights / weights.sum()


def open_group_weights(table: "LifeTable", start: int, growth: float = 0.0) -> np.ndarray:
    """Age distribution inside an open age group of a stable population ([PHG01]_, ch. 7).

    A stable population growing at rate ``r`` has ``N(x) ∝ l(x) e^{-r x}``; ``r = 0`` gives the
    stationary population ``L_x``. Weights per single age ``x = start .. n-2`` are
    ``L_x e^{-r (x + 0.5 - start)}``; for the last (open) age ``ω``, with constant hazard
    ``m_ω`` beyond it, ``l_ω e^{-r (ω - start)} / (m_ω + r)``.

    Parameters
    ----------
    table : LifeTable
        Life table by single year of age (last age open).
    start : int
        First age of the open group to split.
    growth : float
        ``r`` [1/year]; 0 for the stationary population. Must exceed ``-m_ω``.

    Returns
    -------
    ndarray, shape (n - start,)
        Non-negative weights [person-year per radix], proportional to the population by age.
    """
    last = table.m.size - 1
    if not 0 <= start <= last:
        raise ValueError(f"start={start} must lie in [0, {last}]")
    if not growth > -table.m[-1]:
        raise ValueError(f"growth={growth} must exceed -m of the open group ({-table.m[-1]:.4f})")
    ages = np.arange(start, last)
    closed = table.L[start:last] * np.exp(-growth * (ages + 0.5 - start))
    open_ = table.l[last] * np.exp(-growth * (last - start)) / (table.m[last] + growth)
    return np.concatenate((closed, [open_]))


# --------------------------------------------------------------------------------------------
# census population


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


# --------------------------------------------------------------------------------------------
# mortality


def national_death_rates_grouped(year: int) -> np.ndarray:
    """National central death rates by sex and 5-year age group, as published.

    Source: ``life_table.csv``, indicator ``death_rate_per_100k`` (厚生労働省 人口動態統計
    性・年齢(5歳階級)別死亡率, deaths per 100,000 Japanese population; confidence ``secondary``),
    divided by 100,000.

    Parameters
    ----------
    year : int
        2010, 2015 or 2018.

    Returns
    -------
    ndarray, shape (sex, 21)
        Rates [1/year] for groups 0-4, 5-9, ..., 95-99, 100+.
    """
    _check_choice("year", year, DEATH_RATE_YEARS)
    data = _read("life_table.csv")
    rows = data[(data.indicator == "death_rate_per_100k") & (data.year == str(year)) & (data.region == "Japan")]
    index = [(s, a) for s in SEXES for a in _MORTALITY_GROUPS]
    return _values(rows, index, ("sex", "age"), f"death rates {year}").reshape(2, -1) / 1e5


def andreev_kingkade_a0(m0, sex: str) -> np.ndarray | float:
    """Average years lived in the first year of life by those dying in it, ``a_0`` ([AK15]_).

    The Andreev-Kingkade rule is piecewise linear in the infant death probability ``q_0``
    (male: ``0.1493 - 2.0367 q_0`` for ``q_0 < 0.0226``, ``0.0244 + 3.4994 q_0`` for
    ``q_0 < 0.0785``, else 0.2991; female: ``0.1490 - 2.0867 q_0`` for ``q_0 < 0.0170``,
    ``0.0438 + 4.1075 q_0`` for ``q_0 < 0.0658``, else 0.3141 — the coefficients of the Human
    Mortality Database's implementation). With the rate ``m_0`` given, ``q_0`` and ``a_0`` are
    solved together from ``q_0 = m_0 / (1 + (1 - a_0) m_0)`` by fixed-point iteration.
    For Japan (``m_0`` ≈ 0.002) ``a_0`` ≈ 0.145.

    Parameters
    ----------
    m0 : float or array_like
        Central death rate at age 0 [1/year].
    sex : {"male", "female"}

    Returns
    -------
    float or ndarray
        ``a_0`` [year].
    """
    _check_choice("sex", sex, SEXES)
    m0 = np.asarray(m0, dtype=float)
    if sex == "male":
        b1, c1, s1, b2, c2, s2, top = 0.0226, 0.1493, -2.0367, 0.0785, 0.0244, 3.4994, 0.2991
    else:
        b1, c1, s1, b2, c2, s2, top = 0.0170, 0.1490, -2.0867, 0.0658, 0.0438, 4.1075, 0.3141

    def rule(q0):
        return np.where(q0 < b1, c1 + s1 * q0, np.where(q0 < b2, c2 + s2 * q0, top))

    q0 = m0 / (1.0 + 0.9 * m0)
    for _ in range(50):
        q0 = m0 / (1.0 + (1.0 - rule(q0)) * m0)
    a0 = rule(q0)
    return float(a0) if a0.ndim == 0 else a0


@lru_cache(maxsize=None)
def infant_rate_ratio() -> float:
    """Ratio ``m_0 / M_{0-4}`` of the infant death rate to the published 0-4 group rate.

    The national death rates come only as a 0-4 group, while infant mortality is several times
    higher than at ages 1-4. The ratio is taken from 2018, both sexes:
    ``q_0`` = :data:`JAPAN_INFANT_MORTALITY_2018` (1.9 per 1,000 live births, *not in the shared
    data*, secondary), ``m_0 = q_0 / (1 - (1 - a_0) q_0)`` with ``a_0`` the mean of the male and
    female Andreev-Kingkade values, divided by the 2018 both-sexes 0-4 rate from
    ``life_table.csv`` (50.2 per 100,000).

    **Assumption**: the same ratio holds for each sex and for 2010 and 2015 (about 3.8: three
    quarters of the 0-4 deaths at age 0 under an even age distribution within the group).

    Returns
    -------
    float
        Dimensionless ratio.
    """
    data = _read("life_table.csv")
    rows = data[(data.indicator == "death_rate_per_100k") & (data.year == "2018") & (data.region == "Japan")]
    group_rate = _values(rows, [("total", "0-4")], ("sex", "age"), "2018 total 0-4 death rate")[0] / 1e5
    q0 = JAPAN_INFANT_MORTALITY_2018
    a0 = 0.5 * (andreev_kingkade_a0(q0, "male") + andreev_kingkade_a0(q0, "female"))  # a_0 at m_0 ≈ q_0
    m0 = q0 / (1.0 - (1.0 - a0) * q0)
    return float(m0 / group_rate)


def _group_index() -> np.ndarray:
    """Group number of each single age 0..99 for the 5-year mortality groups."""
    return np.repeat(np.arange(20), 5)


def _stationary_L(m: np.ndarray, sex: str) -> np.ndarray:
    return life_table(m, sex=sex).L


@lru_cache(maxsize=None)
def _national_death_rates(year: int, infant_ratio: float) -> np.ndarray:
    grouped = national_death_rates_grouped(year)
    knots = np.concatenate(([3.0], np.arange(7.5, 100.0, 5.0)))  # mid-points of 1-4, 5-9, ..., 95-99
    mid_ages = np.arange(1, 100) + 0.5
    groups = _group_index()
    out = np.empty((2, N_AGES))
    for j, sex in enumerate(SEXES):
        M = grouped[j]
        m = np.empty(N_AGES)
        m[0] = infant_ratio * M[0]
        m[100] = M[20]
        # Start from the group rates (1-4: what the 0-4 rate leaves after age 0, even exposure).
        log_v = np.log(np.concatenate(([(5.0 * M[0] - m[0]) / 4.0], M[1:20])))
        for _ in range(500):
            m[1:100] = np.exp(CubicSpline(knots, log_v)(mid_ages))
            L = _stationary_L(m, sex)[:100]
            current = np.bincount(groups, weights=m[:100] * L) / np.bincount(groups, weights=L)
            target = M[:20].copy()
            # group 0-4 holds age 0 fixed: ages 1-4 carry the rest of the group's L-weighted rate
            current[0] = (m[1:5] * L[1:5]).sum() / L[1:5].sum()
            target[0] = (M[0] * L[:5].sum() - m[0] * L[0]) / L[1:5].sum()
            step = np.log(target / current)
            log_v += step
            if np.max(np.abs(step)) < 1e-13:
                break
        else:  # pragma: no cover - the iteration converges in a few dozen steps for these data
            raise RuntimeError(f"death-rate graduation did not converge for {year} {sex}")
        m[1:100] = np.exp(CubicSpline(knots, log_v)(mid_ages))
        out[j] = m
    out.setflags(write=False)
    return out


def national_death_rates(year: int, infant_ratio: float | None = None) -> np.ndarray:
    """National central death rates ``m_x`` by sex and single year of age 0..100+.

    From the published 5-year rates (:func:`national_death_rates_grouped`):

    * **Age 0**: ``m_0 = ρ · M_{0-4}`` with ``ρ`` = :func:`infant_rate_ratio` (about 3.8, from the
      2018 infant mortality rate; **assumption**: same ratio for both sexes and all years).
    * **Ages 1-99**: ``log m`` is a cubic spline (not-a-knot) through knots at the group
      mid-points (3 for ages 1-4, 7.5, 12.5, ..., 97.5), evaluated at ``x + 0.5`` — the
      mean-preserving log-spline of :func:`graduate_log_spline`, with the group mean weighted by
      exposure: the knot values are corrected by fixed-point iteration until each 5-year group is
      reproduced as the life-table group rate ``Σ m_x L_x / Σ L_x`` (``L_x`` the stationary
      population of the resulting table, [PHG01]_: the published rate is deaths over population,
      and the population inside a group is taken to be distributed like ``L_x``). For the 0-4
      group age 0 is held at ``m_0`` and ages 1-4 carry the rest.
    * **100+**: the published 100+ rate (constant hazard in the open group).

    Check against published values: the 2018 schedule gives ``e_60`` 23.95 (male) and 29.15
    (female) against 23.84 and 29.04 in the 2018 abridged life table, and female ``e_70``,
    ``e_80``, ``e_90`` 0.12-0.14 years above it: the real population inside the old-age groups
    is younger than ``L_x`` (growing cohorts), so the group rate belongs to younger ages than
    assumed and the single-year rates come out slightly low.

    Parameters
    ----------
    year : int
        2010, 2015 or 2018.
    infant_ratio : float, optional
        Override ``ρ = m_0 / M_{0-4}`` (sensitivity runs); must lie in [1, 5).

    Returns
    -------
    ndarray, shape (sex, age) = (2, 101)
        Central death rates [1/year].
    """
    _check_choice("year", year, DEATH_RATE_YEARS)
    ratio = infant_rate_ratio() if infant_ratio is None else float(infant_ratio)
    if not 1.0 <= ratio < 5.0:
        raise ValueError(f"infant_ratio={ratio} must lie in [1, 5): age 0 at least the group rate, ages 1-4 above 0")
    return _national_death_rates(year, ratio).copy()


@dataclass(frozen=True)
class LifeTable:
    """Period life table by single year of age; the last age is the open group.

    Attributes
    ----------
    m : central death rate [1/year]
    a : average years lived in the interval by those dying in it [year]
    q : probability of dying in the interval [-]
    l : survivors at exact age x [person per radix]
    d : life-table deaths in the interval [person per radix]
    L : person-years lived in the interval, the stationary population [person-year per radix]
    T : person-years lived above age x [person-year per radix]
    e : life expectancy at exact age x [year]
    """

    m: np.ndarray
    a: np.ndarray
    q: np.ndarray
    l: np.ndarray  # noqa: E741 - the demographers' name
    d: np.ndarray
    L: np.ndarray
    T: np.ndarray
    e: np.ndarray

    @property
    def e0(self) -> float:
        """Life expectancy at birth [year]."""
        return float(self.e[0])


def life_table(m, sex: str | None = None, a0: float | None = None, radix: float = 1.0) -> LifeTable:
    """Period life table from single-year central death rates ([PHG01]_, ch. 3).

    ``q_x = m_x / (1 + (1 - a_x) m_x)`` with ``a_x = 0.5`` for ``x >= 1`` and ``a_0`` from the
    Andreev-Kingkade rule for the sex (:func:`andreev_kingkade_a0`, about 0.145 here) unless
    given; ``l_{x+1} = l_x (1 - q_x)``, ``d_x = l_x q_x``, ``L_x = l_x - (1 - a_x) d_x``; the last
    age is open: ``q = 1``, ``L = l / m``; ``T_x = Σ_{y >= x} L_y``, ``e_x = T_x / l_x``. By
    construction ``d_x = m_x L_x`` at every age, so a constant rate ``m`` gives ``e_x = 1 / m``
    exactly.

    Parameters
    ----------
    m : array_like, shape (n,)
        Central death rates [1/year] at ages 0..n-1, the last one the open group (> 0).
    sex : {"male", "female"}, optional
        Selects the ``a_0`` rule; needed unless ``a0`` is given.
    a0 : float, optional
        Fixed ``a_0`` [year] in [0, 1].
    radix : float
        ``l_0`` (1 gives per-person values; 100,000 the published convention).

    Returns
    -------
    LifeTable
    """
    m = np.asarray(m, dtype=float)
    if m.ndim != 1 or m.size < 2 or not np.all(np.isfinite(m)) or np.any(m < 0) or not m[-1] > 0:
        raise ValueError("m must be a 1-D array of finite non-negative rates (length >= 2) with the open "
                         "(last) rate > 0")
    if a0 is None:
        if sex is None:
            raise ValueError("give sex (for the Andreev-Kingkade a_0) or a0")
        a0 = andreev_kingkade_a0(m[0], sex)
    elif not 0.0 <= a0 <= 1.0:
        raise ValueError(f"a0={a0} must lie in [0, 1]")
    a = np.full(m.size, 0.5)
    a[0] = a0
    q = np.minimum(m / (1.0 + (1.0 - a) * m), 1.0)
    q[-1] = 1.0
    l = radix * np.concatenate(([1.0], np.cumprod(1.0 - q[:-1])))  # noqa: E741
    d = l * q
    L = l - (1.0 - a) * d
    L[-1] = l[-1] / m[-1]
    T = np.cumsum(L[::-1])[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.where(l > 0, T / np.where(l > 0, l, 1.0), 0.0)
    return LifeTable(m=m, a=a, q=q, l=l, d=d, L=L, T=T, e=e)


def life_expectancy(m, sex: str | None = None, a0: float | None = None) -> float:
    """Life expectancy at birth ``e_0`` [year] of the life table of ``m`` (:func:`life_table`)."""
    return life_table(m, sex=sex, a0=a0).e0


def prefecture_e0(region: str, sex: str, year: int = 2020) -> float:
    """Published life expectancy at birth from the prefectural life tables.

    Source: ``life_table.csv``, indicator ``life_expectancy_pref_life_table`` (厚生労働省
    令和2年都道府県別生命表, confidence ``secondary``). Only 2020 is in the data.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` or ``"Japan"`` (national value on the same basis).
    sex : {"male", "female"}
    year : int
        2020.

    Returns
    -------
    float
        ``e_0`` [year].
    """
    _check_choice("region", region, REGIONS + ("Japan",))
    _check_choice("sex", sex, SEXES)
    _check_choice("year", year, (2020,))
    data = _read("life_table.csv")
    rows = data[(data.indicator == "life_expectancy_pref_life_table") & (data.year == str(year))]
    return float(_values(rows, [(region, sex)], ("region", "sex"), f"e0 {region} {sex} {year}")[0])


@lru_cache(maxsize=None)
def prefecture_mortality_scale(region: str, sex: str, year: int = 2020) -> float:
    """Factor ``k`` on the national 2018 schedule that reproduces a prefecture's ``e_0``.

    Solves ``e_0(k · m^{Japan, 2018}_{sex}) = e_0^{region}_{sex}(year)`` for ``k`` with Brent's
    method (``scipy.optimize.brentq``); ``m^{Japan, 2018}`` = :func:`national_death_rates` (2018,
    the latest national rates in the data, :data:`MORTALITY_BASE_YEAR`). A proportional scaling
    of all ages is an **assumption** (no prefectural rates by age are in the data; MODEL.md §2.1).
    With ``region="Japan"`` it gives the national factor from 2018 to the 2020 prefectural-table
    basis.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` or ``"Japan"``.
    sex : {"male", "female"}
    year : int
        Year of the target ``e_0``: 2020.

    Returns
    -------
    float
        ``k`` (dimensionless).
    """
    target = prefecture_e0(region, sex, year)
    base = national_death_rates(MORTALITY_BASE_YEAR)[SEXES.index(sex)]
    return float(brentq(lambda k: life_expectancy(k * base, sex=sex) - target, 0.2, 5.0, xtol=1e-14, rtol=1e-15))


def mortality_by_prefecture(year: int = 2020) -> np.ndarray:
    """Central death rates by prefecture, sex and single year of age.

    * ``year=2020``: ``m_{r,s}(x) = k_{r,s} · m^{Japan,2018}_s(x)`` with ``k`` from
      :func:`prefecture_mortality_scale`; reproduces each prefecture's 2020 ``e_0``.
    * ``year`` in 2010, 2015, 2018: ``m_{r,s}(x) = (k_{r,s} / k_{Japan,s}) · m^{Japan,year}_s(x)``:
      the national rates of that year times the prefecture's 2020 level relative to Japan
      (**assumption**: each prefecture's mortality relative to Japan did not change 2010-2020;
      no earlier prefectural life tables are in the data).

    Mortality improvement after 2020 (MODEL.md: ~1 %/yr, an assumption) is the engine's, not
    applied here.

    Parameters
    ----------
    year : int
        2010, 2015, 2018 or 2020.

    Returns
    -------
    ndarray, shape (region, sex, age) = (6, 2, 101)
        Central death rates [1/year].
    """
    _check_choice("year", year, DEATH_RATE_YEARS + (2020,))
    base_year = MORTALITY_BASE_YEAR if year == 2020 else year
    national = national_death_rates(base_year)
    out = np.empty((len(REGIONS), len(SEXES), N_AGES))
    for j, sex in enumerate(SEXES):
        relative_to = 1.0 if year == 2020 else prefecture_mortality_scale("Japan", sex)
        for i, region in enumerate(REGIONS):
            out[i, j] = prefecture_mortality_scale(region, sex) / relative_to * national[j]
    return out


# --------------------------------------------------------------------------------------------
# fertility


def fertility_contributions(year: int = 2018) -> np.ndarray:
    """National contributions of the 5-year age groups 15-19 ... 45-49 to the TFR.

    Source: ``fertility.csv``, indicator ``tfr_contribution_by_age`` (confidence ``secondary``;
    15-19 includes births to mothers under 15, 45-49 those aged 50+). Complete for 2013, 2018
    and 2023 only.

    Returns
    -------
    ndarray, shape (7,)
        Children per woman contributed by each group (5 × the group's ASFR).
    """
    _check_choice("year", year, FERTILITY_PATTERN_YEARS)
    data = _read("fertility.csv")
    rows = data[(data.indicator == "tfr_contribution_by_age") & (data.year == str(year)) & (data.region == "Japan")]
    return _values(rows, list(_FERTILITY_GROUPS), ("age",), f"TFR contributions {year}")


def fertility_shape(year: int = 2018) -> np.ndarray:
    """National age pattern of fertility by single year of age, summing to 1.

    The 5-year TFR contributions (:func:`fertility_contributions`) are split into single years
    15..49 by the mean-preserving log-spline (:func:`graduate_log_spline`), which reproduces every
    group, and divided by their total. Zero outside 15..49. Then ``ASFR(x) = TFR · shape(x)`` and
    ``Σ_x ASFR(x) = TFR``. Births to mothers under 15 are in 15-19 and those of mothers 50+ in
    45-49, as published.

    The default 2018 is the last pre-COVID year with all groups (2019-2022 have only 15-19 and
    20-24 in the data); 2013 and 2023 are the alternatives. The pattern ages: the 30-34 share is
    36.1 % in 2018 and 37.8 % in 2023, and 20-24 falls from 9.4 % to 6.9 %.

    Parameters
    ----------
    year : int
        2013, 2018 or 2023.

    Returns
    -------
    ndarray, shape (age,) = (101,)
        Dimensionless shares per single year of the mother's age.
    """
    contributions = fertility_contributions(year)
    shape = np.zeros(N_AGES)
    shape[15:50] = graduate_log_spline(np.arange(15, 51, 5), contributions) / contributions.sum()
    return shape


def asfr(tfr: float, year: int = 2018) -> np.ndarray:
    """Age-specific fertility rates ``TFR · shape(x)`` [birth/(woman·year)], shape (101,)."""
    return float(tfr) * fertility_shape(year)


def tfr_observed(region: str, with_confidence: bool = False, include_recalled: bool = True):
    """Observed total fertility rates of a prefecture (or Japan), the best value per year.

    Rows with indicator ``total_fertility_rate`` from ``vital_stats.csv`` and ``fertility.csv``.
    Per year the row with the best confidence is kept: ``official``, then ``secondary``, then
    ``derived``, then ``recalled`` (recalled values are kept only where nothing else exists).

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` or ``"Japan"``.
    with_confidence : bool
        Return a DataFrame with the confidence, the file, the note and the values of the rows not
        chosen, instead of the bare series.
    include_recalled : bool
        Keep years whose only value is ``recalled`` (default) or drop them.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        Indexed by year (int). Series ``tfr`` [children per woman]; or DataFrame with columns
        ``tfr``, ``confidence``, ``file``, ``note``, ``other_values``.
    """
    _check_choice("region", region, REGIONS + ("Japan",))
    parts = []
    for name in ("vital_stats.csv", "fertility.csv"):
        data = _read(name)
        rows = data[(data.indicator == "total_fertility_rate") & (data.region == region)]
        parts.append(rows.assign(file=name)[["year", "value", "confidence", "file", "note"]])
    rows = pd.concat(parts, ignore_index=True)
    rows = rows.assign(year=rows.year.astype(int), rank=rows.confidence.map(_CONFIDENCE_RANK))
    if rows["rank"].isna().any():
        raise ValueError(f"unknown confidence flags: {sorted(set(rows.confidence) - set(_CONFIDENCE_RANK))}")
    rows = rows.sort_values(["year", "rank", "file"], kind="stable")
    best = rows.groupby("year", sort=True).head(1).set_index("year")
    others = rows.groupby("year").apply(
        lambda g: "; ".join(f"{v:g} ({c}, {f})" for v, c, f in zip(g.value.iloc[1:], g.confidence.iloc[1:],
                                                                      g.file.iloc[1:])),
        include_groups=False)
    table = pd.DataFrame({"tfr": best.value, "confidence": best.confidence, "file": best.file, "note": best.note,
                          "other_values": others.reindex(best.index)})
    if not include_recalled:
        table = table[table.confidence != "recalled"]
    table.index.name = "year"
    if with_confidence:
        return table
    return table.tfr.rename("tfr")


def birth_sex_shares(ratio: float = SEX_RATIO_AT_BIRTH) -> np.ndarray:
    """Shares of male and female births for a sex ratio at birth (male per female).

    Returns ``[ratio, 1] / (1 + ratio)``; the default 1.05 is an **assumption** for this data
    (:data:`SEX_RATIO_AT_BIRTH`).

    Returns
    -------
    ndarray, shape (sex,)
        Dimensionless shares summing to 1.
    """
    if not ratio > 0:
        raise ValueError(f"ratio={ratio} must be positive")
    return np.array([ratio, 1.0]) / (1.0 + ratio)


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
