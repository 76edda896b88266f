"""Observed values of the vision's KPIs, 2010-2020, drawn in black before the projections.

Only statistics measured as the model's variable are used, from the shipped source copies
(``sim/data/sources/``, each row with its source):

- ``population_total``: the census on 1 October 2010, 2015 and 2020 (``population_census.csv``,
  総務省 国勢調査), each prefecture and Tohoku (their sum);
- ``renewable_share`` of Fukushima: renewable generation over energy demand by fiscal year
  (``energy_reconstruction.csv``, 福島県 再生可能エネルギー導入実績), at the middle of the fiscal
  year (1 October, the model's date);
- ``evacuees`` of Fukushima: the prefecture's count of evacuees inside and outside it at the
  month reported (``energy_reconstruction.csv``, 福島県 災害対策本部), at its place on the model's
  time axis (year + (month - 10) / 12: the model's year t is 1 October t).

Other KPIs have no observed series in the data 2010-2020 that matches the model's definition.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from sim.data.demography._tables import SOURCES
from sim.model.dimensions import REGIONS

FIRST, LAST = 2010, 2020  # the years of history shown [year, 1 October]
#: KPI -> (file, indicator, factor to the KPI's units).
SERIES = {
    "population_total": ("population_census.csv", "population_total", 1.0),
    "renewable_share": ("energy_reconstruction.csv", "renewable_share_of_energy_demand_pct", 0.01),
    "evacuees": ("energy_reconstruction.csv", "evacuees_total", 1.0),
}


def _time(label: str) -> float:
    """A source's year label on the model's time axis: "2015" -> 2015.0, "2012-05" -> 2011.583."""
    year, _, month = str(label).partition("-")
    return float(year) + ((int(month) - 10) / 12.0 if month else 0.0)


@lru_cache(maxsize=1)
def observed() -> dict[tuple[str, str], pd.Series]:
    """(kpi, area) -> observed values by time [the KPI's units], FIRST-LAST (see the module docstring)."""
    series = {}
    for kpi, (file, indicator, factor) in SERIES.items():
        table = pd.read_csv(SOURCES / file, dtype={"year": str})
        table = table[(table.indicator == indicator) & table.region.isin(REGIONS)]
        table = table.assign(time=table.year.map(_time))
        table = table[(table.time >= FIRST) & (table.time <= LAST)]
        for region, rows in table.groupby("region"):
            series[(kpi, str(region))] = pd.Series(factor * rows.value.to_numpy(float), index=rows.time.to_numpy(),
                                                   name=kpi).sort_index()
        if kpi == "population_total":  # Tohoku: the six prefectures' sum, in the years all six have
            by_year = table.pivot(index="time", columns="region", values="value").dropna()
            if set(by_year.columns) == set(REGIONS):
                series[(kpi, "Tohoku")] = (factor * by_year.sum(axis=1)).rename(kpi)
    return series
