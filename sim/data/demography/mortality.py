"""Mortality: national death rates by single year of age, life tables, prefectural scaling.

The published national death rates by 5-year group are graduated to single years
(:func:`national_death_rates`, age 0 from :func:`infant_rate_ratio`), turned into period life tables
(:func:`life_table`, ``a_0`` by :func:`andreev_kingkade_a0`) and scaled per prefecture to reproduce
the published life expectancies at birth (:func:`prefecture_mortality_scale`,
:func:`mortality_by_prefecture`).

References
----------
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

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.optimize import brentq

from sim.data.demography._tables import (
    DEATH_RATE_YEARS, JAPAN_INFANT_MORTALITY_2018, MORTALITY_BASE_YEAR, N_AGES, REGIONS, SEXES, _MORTALITY_GROUPS,
    _check_choice, _read, _values,
)

__all__ = [
    "LifeTable",
    "national_death_rates_grouped", "infant_rate_ratio", "national_death_rates",
    "andreev_kingkade_a0", "life_table", "life_expectancy",
    "prefecture_e0", "prefecture_mortality_scale", "mortality_by_prefecture",
]


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
