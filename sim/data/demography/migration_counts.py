"""Reported migration statistics: the domestic net migration and the Tokyo area's weight.

:func:`reported_domestic_net_migration` reads the resident-register report (住民基本台帳人口移動報告)
from ``migration.csv``; :func:`tokyo_area_share_outside` gives the Tokyo area's share of Japan's
population outside each prefecture (census), the origin share of in-migrants who are not returning.
"""

from __future__ import annotations

import numpy as np

from sim.data.demography._tables import REGIONS, _check_choice, _read, _values

__all__ = ["DOMESTIC_YEARS", "reported_domestic_net_migration", "tokyo_area_share_outside"]

#: Years in which ``migration.csv`` has the domestic net migration incl. foreigners for all six.
DOMESTIC_YEARS = (2018, 2019)


def reported_domestic_net_migration(year: int) -> np.ndarray:
    """Net domestic migration by prefecture, Japanese and foreign residents (人口移動報告).

    Source: ``migration.csv``, indicator ``net_migration_domestic_total`` (総務省 住民基本台帳人口移動報告,
    incl. foreign residents, as reported by 日本経済新聞; ``secondary``): moves between prefectures
    only, no moves from or to abroad. The basis of the headline figures since 2014.

    Parameters
    ----------
    year : int
        2018 or 2019.

    Returns
    -------
    ndarray, shape (region,)
        In-migrants minus out-migrants [person/year].
    """
    _check_choice("year", year, DOMESTIC_YEARS)
    data = _read("migration.csv")
    rows = data[(data.indicator == "net_migration_domestic_total") & (data.year == str(year))]
    return _values(rows, list(REGIONS), ("region",), f"net_migration_domestic_total {year}")


def tokyo_area_share_outside(year: int = 2020) -> np.ndarray:
    """The Tokyo area's share of Japan's population outside each prefecture (census).

    ``TokyoArea / (Japan − prefecture)`` from ``population_census.csv`` (総務省 国勢調査,
    ``official``): 36,914,176 / (126,146,099 − P_r) in 2020, 0.294-0.298.

    Returns
    -------
    ndarray, shape (region,)
        Dimensionless shares.
    """
    _check_choice("year", year, (2010, 2015, 2020))
    data = _read("population_census.csv")
    rows = data[(data.indicator == "population_total") & (data.year == str(year))]
    totals = _values(rows, [*REGIONS, "TokyoArea", "Japan"], ("region",), f"population_total {year}")
    return totals[-2] / (totals[-1] - totals[:-2])
