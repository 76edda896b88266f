"""Fukushima evacuees: the observed series and the first-order decline rates fitted to it.

Source: ``energy_reconstruction.csv`` (prefecture figures as reported by NHK, 福島民報 and
福島民友; confidence ``secondary``). Totals are rows ``evacuees_total``; the split into evacuees
living inside and outside the prefecture is published in the same reports and recorded in the
rows' ``note`` ("in 73,077 / out 45,735"); rows ``evacuees_outside_prefecture`` give the outside
count alone. Point-in-time dates ``YYYY-MM`` are taken at mid-month (decimal years).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from sim.data.demography import SOURCES

#: 1 October as a decimal year offset (the census date).
CENSUS_DATE = 0.75


def _decimal_year(date: str) -> float:
    year, month = (int(part) for part in date.split("-"))
    return year + (month - 0.5) / 12.0


def _count(text: str, word: str) -> float | None:
    match = re.search(rf"\b{word} ([\d,]+)", str(text))
    return float(match.group(1).replace(",", "")) if match else None


@lru_cache(maxsize=1)
def evacuee_series() -> pd.DataFrame:
    """Observed Fukushima evacuees by date: columns ``inside``, ``outside`` [person] (NaN if unknown)."""
    table = pd.read_csv(SOURCES / "energy_reconstruction.csv", dtype={"year": str})
    rows = []
    for row in table[table.indicator == "evacuees_total"].itertuples():
        rows.append((_decimal_year(row.year), _count(row.note, "in"), _count(row.note, "out")))
    for row in table[table.indicator == "evacuees_outside_prefecture"].itertuples():
        rows.append((_decimal_year(row.year), None, float(row.value)))
    frame = pd.DataFrame(rows, columns=["date", "inside", "outside"], dtype=float)
    return frame.groupby("date").first().sort_index()


def decline_rate(kind: str, since: float) -> float:
    """Least-squares exponential decline rate [1/year] of the ``kind`` series from ``since`` on.

    Fits ``ln count = a − δ · date`` to the observations (a first-order outflow, as the stock
    is modelled) and returns δ.
    """
    series = evacuee_series()[kind].dropna()
    series = series[series.index >= since]
    if len(series) < 2:
        raise ValueError(f"{kind} evacuees have {len(series)} observations since {since}; need 2 or more")
    slope = np.polyfit(series.index.to_numpy(), np.log(series.to_numpy()), 1)[0]
    return float(-slope)


def evacuees_on_census_date(kind: str, year: int) -> float:
    """``kind`` evacuees on 1 October ``year`` [person], log-linear between the nearest observations."""
    series = evacuee_series()[kind].dropna()
    date = year + CENSUS_DATE
    if not series.index[0] <= date <= series.index[-1]:
        raise ValueError(f"year={year!r} is outside the observed {kind} series "
                         f"({series.index[0]:.2f}-{series.index[-1]:.2f})")
    return float(np.exp(np.interp(date, series.index.to_numpy(), np.log(series.to_numpy()))))
