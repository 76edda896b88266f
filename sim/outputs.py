"""The reported variables of the Tohoku model (``sim.model.variables``), computed from saved stocks.

Works on plain arrays with a leading ``(scenario, time)``; ``sim.run`` wraps them as a Dataset.
Annual flows are differences of the cumulative-flow stocks over the year ahead (NaN in the
last saved year); the run saves every 1 October, so each difference is one census year. Rates
(GRP, shares, ratios) are the model's auxiliaries at 1 October.
"""

from __future__ import annotations

import numpy as np

from sim.core import RunResult
from sim.model.dimensions import FUKUSHIMA


def _annual(cumulative: np.ndarray) -> np.ndarray:
    """Totals over the year ahead from cumulative values at yearly saves: (scenario, time, ...)."""
    out = np.full_like(cumulative, np.nan)
    out[:, :-1] = np.diff(cumulative, axis=1)
    return out


def compute_outputs(result: RunResult) -> dict[str, np.ndarray]:
    """Every registered variable as an array ``(scenario, time, *dims)``."""
    population = result["population"]  # (scenario, time, region, sex, age)
    by_age = population.sum(axis=3)  # both sexes: (scenario, time, region, age)
    newborns = result["newborns"].sum(axis=3)  # zero at the census date, kept for exactness
    births = _annual(result["cumulative_births"])
    deaths = _annual(result["cumulative_deaths"])
    arriving = _annual(result["cumulative_in_migration"])
    leaving = _annual(result["cumulative_out_migration"])
    international = _annual(result["cumulative_net_migration_international"])
    evacuees = np.zeros(population.shape[:3])  # (scenario, time, region): zero outside Fukushima
    evacuees[:, :, FUKUSHIMA] = result["evacuees_outside"] + result["evacuees_inside"]
    coastal = np.where(result["ref_coastal_gap"] > 0.0, 1.0 - result["coastal_gap"], np.nan)
    return {
        "evacuees": evacuees,
        "coastal_recovery": coastal,
        "grp_real": result["grp_real"],
        "labour_productivity": result["labour_productivity"],
        "productivity_ratio_japan": result["productivity_ratio_japan"],
        "income_per_capita_ratio_japan": result["income_per_capita_ratio_japan"],
        "employment": result["employment"],
        "labour_force": result["labour_force"],
        "unemployment_rate": result["unemployment_rate"],
        "jobs_to_applicants_ratio": result["jobs_to_applicants_ratio"],
        "wage": result["wage"],
        "foreign_workers": result["foreign_workers"],
        "government_consumption": result["government_consumption"],
        "firms": result["firms"],
        "startups": _annual(result["cumulative_startups"]),
        "startup_rate": _annual(result["cumulative_startups"]) / result["firms"],
        "closures": _annual(result["cumulative_closures"]),
        "dx_adoption": result["dx_adoption"],
        "dx_depth": result["dx_depth"],
        "dx_lag": result["dx_lag"],
        "service_access": result["service_access"],
        "knowledge_stock": result["knowledge"],
        "renewable_share": result["renewable_share"],
        "renewable_share_electricity": result["renewable_share_electricity"],
        "co2_emissions": result["co2_emissions"],
        "co2_electricity": result["co2_electricity"],
        "co2_fuels": result["co2_fuels"],
        "co2_fy2013": result["co2_reference_fy2013"],
        "co2_change_since_fy2013": result["co2_change_since_fy2013"],
        "energy_demand": result["energy_demand"],
        "electricity_demand": result["electricity_demand"],
        "telework_share": result["telework_share"],
        "skill_index": result["skill_index"],
        "population_total": by_age.sum(axis=-1) + newborns,
        "population_0_14": by_age[..., :15].sum(axis=-1) + newborns,
        "population_15_64": by_age[..., 15:65].sum(axis=-1),
        "population_65plus": by_age[..., 65:].sum(axis=-1),
        "population_by_age": population,
        "births": births,
        "deaths": deaths,
        "in_migration": arriving,
        "out_migration": leaving,
        "net_migration": arriving - leaving,
        # domestic = the rest, so that domestic + international = net_migration exactly
        "net_migration_domestic": (arriving - leaving) - international,
        "net_migration_international": international,
        "net_migration_tokyo_area": _annual(result["cumulative_in_migration_tokyo"])
        - _annual(result["cumulative_out_migration_tokyo"]),
        "diaspora": result["diaspora"],
        "net_migration_15_29": _annual(result["cumulative_in_migration_15_29"])
        - _annual(result["cumulative_out_migration_15_29"]),
    }
