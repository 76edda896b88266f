"""Labour-market statistics the model starts from and is calibrated on (ECONOMY_V2.md §1).

Read from the source copies in ``sim/data/sources``: ``labour_market.csv`` (Labour Force Survey
prefectural estimates, jobs-to-applicants ratios), ``foreign_workers.csv`` (EVIDENCE K16-K18) and
``participation_profile.csv`` (participation by sex and 5-year age: EVIDENCE K14-K15 where they
exist, an assumption of the order of Japan's Labour Force Survey elsewhere, each row saying
which). Arrays are in the model's region order.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from sim.data.demography import SOURCES
from sim.data.economy import employed_2020, value
from sim.model.dimensions import N_AGES, REGIONS, SEXES

#: Model start: 1 October 2020; the foreign-worker counts are at the end of October.
START_YEAR = 2020
#: Prefectures whose foreign workers are reported as a level (EVIDENCE K17).
PREFECTURES_WITH_COUNTS = ("Aomori", "Iwate", "Miyagi", "Fukushima")


def unemployment_2017() -> np.ndarray:
    """Unemployment rate 2017, Labour Force Survey prefectural model estimates [1]."""
    return np.array([value("labour_market.csv", region, 2017, "unemployment_rate_pct") for region in REGIONS]) / 100


def jobs_ratio_2019() -> np.ndarray:
    """Jobs-to-applicants ratio (有効求人倍率, seasonally adjusted), mean of 2019 [1]."""
    return np.array([value("labour_market.csv", region, 2019, "job_openings_ratio_sa_mean12") for region in REGIONS])


def unemployment_jobs_pairs() -> pd.DataFrame:
    """Unemployment rates before 2017 with the jobs ratio of the same period, per prefecture.

    The pairs that trace the Beveridge curve the jobs-ratio map is calibrated on: each row
    holds a prefecture, the earlier (unemployment, jobs ratio) and the 2017 pair (2017
    unemployment, September 2017 ratio). Earlier pairs: 2015 unemployment with the FY2014 average
    ratio (Aomori, Miyagi, Akita) and Aomori's 2016 unemployment with its June 2016 ratio.
    """
    rows = []
    for region, year, ratio_year, ratio_indicator in (
            ("Aomori", 2015, "2014_fy", "job_openings_ratio_fy_avg"),
            ("Miyagi", 2015, "2014_fy", "job_openings_ratio_fy_avg"),
            ("Akita", 2015, "2014_fy", "job_openings_ratio_fy_avg"),
            ("Aomori", 2016, "2016-06", "job_openings_ratio_sa")):
        rows.append({"region": region, "year": year,
                     "unemployment": value("labour_market.csv", region, year, "unemployment_rate_pct") / 100,
                     "jobs_ratio": value("labour_market.csv", region, ratio_year, ratio_indicator),
                     "unemployment_2017": value("labour_market.csv", region, 2017, "unemployment_rate_pct") / 100,
                     "jobs_ratio_2017": value("labour_market.csv", region, "2017-09", "job_openings_ratio_sa")})
    return pd.DataFrame(rows)


def foreign_worker_growth_japan() -> float:
    """Japan's growth of foreign workers 2023 → 2024 [1/year] (EVIDENCE K16)."""
    return (value("foreign_workers.csv", "Japan", 2024, "foreign_workers_oct")
            / value("foreign_workers.csv", "Japan", 2023, "foreign_workers_oct") - 1.0)


def foreign_workers_2020() -> np.ndarray:
    """Foreign workers in October 2020 [person].

    Each count with a level (Aomori and Fukushima 2023, Iwate 2018, Miyagi 2025) is moved to 2020
    at Japan's growth 2023-24 (the one national rate in the data); Akita and Yamagata, with no
    level, at the four's foreign workers per employed person (census 2020): an assumption.
    """
    growth = foreign_worker_growth_japan()
    table = pd.read_csv(SOURCES / "foreign_workers.csv", dtype={"year": str})
    counts = table[table.indicator == "foreign_workers_oct"].set_index("region")
    employed = dict(zip(REGIONS, employed_2020()))
    known = {region: float(counts.loc[region, "value"]) * (1.0 + growth) ** (START_YEAR - int(counts.loc[region, "year"]))
             for region in PREFECTURES_WITH_COUNTS}
    per_worker = sum(known.values()) / sum(employed[region] for region in PREFECTURES_WITH_COUNTS)
    return np.array([known.get(region, per_worker * employed[region]) for region in REGIONS])


def foreign_worker_growth_start() -> np.ndarray:
    """Growth of foreign workers at the start [1/year]: the prefecture's 2022-23 growth where
    reported (Aomori, Akita, Fukushima), else Japan's 2023-24."""
    growth = foreign_worker_growth_japan()
    table = pd.read_csv(SOURCES / "foreign_workers.csv", dtype={"year": str})
    reported = table[table.indicator == "foreign_workers_growth_pct"].set_index("region").value / 100
    return np.array([float(reported.get(region, growth)) for region in REGIONS])


@lru_cache(maxsize=1)
def _profile() -> pd.DataFrame:
    return pd.read_csv(SOURCES / "participation_profile.csv")


def participation_profile() -> tuple[np.ndarray, np.ndarray]:
    """Participation in 2020 [1] and its yearly trend [1/year] by sex and single year of age.

    Each 5-year group's value is given to its single years; ages under 15 do not participate.
    """
    level = np.zeros((len(SEXES), N_AGES))
    trend = np.zeros((len(SEXES), N_AGES))
    for row in _profile().itertuples():
        s = SEXES.index(row.sex)
        ages = slice(row.age_from, min(row.age_to, N_AGES - 1) + 1)
        level[s, ages] = row.participation_2020
        trend[s, ages] = row.trend_per_year
    return level, trend
