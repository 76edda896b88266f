"""KPIs of the Tohoku model for tables and plots: Tohoku aggregates and the scenario × KPI table.

Tohoku is never simulated on its own (MODEL.md §1): counts and money are summed over the six
prefectures; ratios and shares are weighted by what they are ratios of (productivity by
employment, income per head by population, unemployment and the jobs ratio by the labour force (the
ratio's applicants are not modelled apart from the unemployed), DX and the startup rate by firms, renewables by energy demand
(electricity's by electricity demand), the CO2 change since FY2013 by FY2013's CO2, telework by
employment), which reproduces the Tohoku ratio exactly; the coastal recovery is the mean of the
three coastal prefectures.
"""

from __future__ import annotations

import pandas as pd
import xarray as xr

#: Variable -> the variable it is weighted by in the Tohoku aggregate ("mean": unweighted mean).
TOHOKU_WEIGHTS = {
    "labour_productivity": "employment",
    "productivity_ratio_japan": "employment",
    "income_per_capita_ratio_japan": "population_total",
    "unemployment_rate": "labour_force",
    "jobs_to_applicants_ratio": "labour_force",
    "wage": "employment",
    "dx_adoption": "firms",
    "startup_rate": "firms",
    "renewable_share": "energy_demand",
    "renewable_share_electricity": "electricity_demand",
    "co2_change_since_fy2013": "co2_fy2013",
    "telework_share": "employment",
    "coastal_recovery": "mean",
}

#: KPIs that are shares, rates or ratios to Japan [1]: shown in % and their gaps in percentage points.
PERCENT = ("productivity_ratio_japan", "income_per_capita_ratio_japan", "unemployment_rate", "startup_rate",
           "dx_adoption", "renewable_share", "renewable_share_electricity", "co2_change_since_fy2013",
           "telework_share", "coastal_recovery")


def tohoku(dataset: xr.Dataset, name: str) -> xr.DataArray:
    """The Tohoku aggregate of a variable with a ``region`` dim (see the module docstring)."""
    if name not in dataset:
        raise KeyError(f"{name!r} is not a variable of the Dataset; allowed: {sorted(dataset.data_vars)}")
    values = dataset[name]
    weight = TOHOKU_WEIGHTS.get(name)
    if weight is None:
        total = values.sum("region", min_count=1)
    elif weight == "mean":
        total = values.mean("region", skipna=True)
    else:
        weights = dataset[weight]
        total = (values * weights).sum("region", min_count=1) / weights.sum("region")
    total.attrs = dict(values.attrs)
    return total


def kpi_table(dataset: xr.Dataset, kpis, year: int) -> pd.DataFrame:
    """Long table: scenario, kpi, region (Tohoku and the six), year, value, units."""
    if year not in dataset.time.values:
        raise ValueError(f"output.year={year!r} is not allowed; allowed: a year of the run "
                         f"({int(dataset.time.min())}-{int(dataset.time.max())})")
    rows = []
    for name in kpis:
        units = dataset[name].attrs["units"]
        areas = {"Tohoku": tohoku(dataset, name)} | {str(r): dataset[name].sel(region=r) for r in dataset.region.values}
        for area, values in areas.items():
            for scenario in dataset.scenario.values:
                rows.append({"scenario": str(scenario), "kpi": name, "region": area, "year": int(year),
                             "value": float(values.sel(scenario=scenario, time=year)), "units": units})
    return pd.DataFrame(rows)
