"""The results as a planner opens them: ``timeseries.csv`` and ``results.xlsx`` beside ``results.nc``.

``timeseries(dataset)`` is every variable with a ``region`` dim (and nothing else but scenario
and time), for the six prefectures and Tohoku (``sim.kpis.tohoku``), in long format: scenario,
region, variable, year, value, units. ``write_xlsx`` writes one sheet per KPI — a row per scenario
and area, a column per year, the KPI's units in the sheet's first row — and the ranking, gap and
cost tables. Both are written atomically (``sim.atomic``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import xarray as xr

from sim.atomic import atomic_path
from sim.kpis import tohoku

SHEET_NAME = 31  # characters Excel allows in a sheet name


def _areas(dataset: xr.Dataset, name: str) -> xr.DataArray:
    """A variable for Tohoku and the six prefectures: dims (scenario, region, time)."""
    total = tohoku(dataset, name).expand_dims(region=["Tohoku"])
    prefectures = dataset[name].drop_vars("region_ja", errors="ignore")
    return xr.concat([total, prefectures], dim="region", coords="minimal", compat="override")


def timeseries(dataset: xr.Dataset) -> pd.DataFrame:
    """Long table of every (scenario, region, time) variable: scenario, region, variable, year, value, units."""
    frames = []
    for name, variable in dataset.data_vars.items():
        if variable.dims != ("scenario", "region", "time"):
            continue
        values = _areas(dataset, name)
        frame = values.rename(time="year").to_dataframe(name="value").reset_index()
        frames.append(frame.assign(variable=name, units=variable.attrs.get("units", "")))
    table = pd.concat(frames, ignore_index=True)
    return table[["scenario", "region", "variable", "year", "value", "units"]]


def kpi_sheet(dataset: xr.Dataset, name: str) -> pd.DataFrame:
    """One KPI as a sheet: a row per (scenario, area), a column per year [the KPI's units]."""
    values = _areas(dataset, name).transpose("scenario", "region", "time")
    frame = values.to_dataframe(name="value").value.unstack("time")
    frame.columns = [int(year) for year in frame.columns]
    return frame.loc[[(s, r) for s in values.scenario.values for r in values.region.values]]


def write_csv(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as CSV atomically."""
    with atomic_path(path) as temporary:
        table.to_csv(temporary, index=False)
    return Path(path)


def write_xlsx(path: str | os.PathLike, dataset: xr.Dataset, kpis, tables: dict[str, pd.DataFrame]) -> Path:
    """``results.xlsx``: a sheet per KPI of ``kpis`` (units in cell A1, the table from row 3), then each
    of ``tables`` (sheet name -> table)."""
    with atomic_path(path) as temporary:
        with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
            for name in kpis:
                sheet = name[:SHEET_NAME]
                units = dataset[name].attrs.get("units", "")
                pd.DataFrame({f"{name} [{units}]": []}).to_excel(writer, sheet_name=sheet, index=False)
                kpi_sheet(dataset, name).to_excel(writer, sheet_name=sheet, startrow=2,
                                                  index_label=["scenario", "region"], merge_cells=False)
            for sheet, table in tables.items():
                table.to_excel(writer, sheet_name=sheet[:SHEET_NAME], index=False)
    return Path(path)
