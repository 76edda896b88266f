"""Fertility: national age pattern by single year of age, observed TFR, sex ratio at birth.

The national TFR contributions by 5-year group are graduated to a single-year pattern summing to 1
(:func:`fertility_shape`, :func:`asfr`); the observed TFR of each prefecture is the value of best
confidence per year (:func:`tfr_observed`); births are split by sex with :func:`birth_sex_shares`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.data.demography._tables import (
    FERTILITY_PATTERN_YEARS, N_AGES, REGIONS, SEX_RATIO_AT_BIRTH, _CONFIDENCE_RANK, _FERTILITY_GROUPS,
    _check_choice, _read, _values,
)
from sim.data.demography.graduation import graduate_log_spline

__all__ = ["fertility_contributions", "fertility_shape", "asfr", "tfr_observed", "birth_sex_shares"]


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
