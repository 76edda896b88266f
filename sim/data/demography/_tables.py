"""Constants and source reading shared by the modules of :mod:`sim.data.demography`.

The model's dimensions (:data:`REGIONS`, :data:`SEXES`, :data:`N_AGES`), the years each source table
covers, the two values that are not in the shared data folder, the folder of the source CSV copies
(:data:`SOURCES`), and the helpers that read those files and pick rows from them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from sim.model.dimensions import N_AGES, REGIONS, SEXES  # declared once, in the model

__all__ = [
    "REGIONS", "SEXES", "N_AGES", "AGES", "CENSUS_YEARS", "DEATH_RATE_YEARS", "FERTILITY_PATTERN_YEARS",
    "MORTALITY_BASE_YEAR", "JAPAN_INFANT_MORTALITY_2018", "SEX_RATIO_AT_BIRTH", "SOURCES",
]

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

SOURCES = Path(__file__).resolve().parents[1] / "sources"
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
