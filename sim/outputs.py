"""The reported variables of the Tohoku model (``sim.model.variables``), computed from saved stocks.

Works on plain arrays with a leading ``(scenario, time)``; ``sim.run`` wraps them as a Dataset.
Annual flows are differences of the cumulative-flow stocks over the year ahead (NaN in the
last saved year); the run saves every 1 October, so each difference is one census year. Rates
(GRP, shares, ratios) are the model's auxiliaries at 1 October.

``ANNUAL_FLOWS`` is the one recipe of each annual flow: ``compute_outputs`` applies it to a whole
run, a sweep (``sim.sweep.tohoku``) to the years it keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from sim.core import RunResult
from sim.model.dimensions import FUKUSHIMA


@dataclass(frozen=True)
class AnnualFlow:
    """An annual flow's recipe: ``combine`` of the totals over the year of the cumulative-flow
    stocks ``totals`` [their units per year], then of the stocks ``levels`` at the year's start
    (1 October), positionally in that order."""

    totals: tuple[str, ...]
    combine: Callable[..., np.ndarray]
    levels: tuple[str, ...] = ()


def _itself(total: np.ndarray) -> np.ndarray:
    """A flow that is one cumulative stock's total over the year."""
    return total


def _difference(arriving: np.ndarray, leaving: np.ndarray) -> np.ndarray:
    """In minus out [person/year]."""
    return arriving - leaving


def _domestic(arriving: np.ndarray, leaving: np.ndarray, international: np.ndarray) -> np.ndarray:
    """Net migration between prefectures [person/year]: the rest of net migration once the
    international part is taken out, so that domestic + international = net_migration exactly."""
    return (arriving - leaving) - international


def _per(total: np.ndarray, stock: np.ndarray) -> np.ndarray:
    """A total over the year per unit of a stock at the year's start [1/year]."""
    return total / stock


IN, OUT = "cumulative_in_migration", "cumulative_out_migration"
#: Every annual flow of ``sim.model.variables`` (kind ``annual_flow``): name -> its recipe.
ANNUAL_FLOWS = {
    "births": AnnualFlow(("cumulative_births",), _itself),
    "deaths": AnnualFlow(("cumulative_deaths",), _itself),
    "in_migration": AnnualFlow((IN,), _itself),
    "out_migration": AnnualFlow((OUT,), _itself),
    "net_migration": AnnualFlow((IN, OUT), _difference),
    "net_migration_domestic": AnnualFlow((IN, OUT, "cumulative_net_migration_international"), _domestic),
    "net_migration_international": AnnualFlow(("cumulative_net_migration_international",), _itself),
    "net_migration_15_29": AnnualFlow((f"{IN}_15_29", f"{OUT}_15_29"), _difference),
    "net_migration_tokyo_area": AnnualFlow((f"{IN}_tokyo", f"{OUT}_tokyo"), _difference),
    "startups": AnnualFlow(("cumulative_startups",), _itself),
    "startup_rate": AnnualFlow(("cumulative_startups",), _per, ("firms",)),
    "closures": AnnualFlow(("cumulative_closures",), _itself),
}


def annual_flow(name: str, total: Callable[[str], np.ndarray], level: Callable[[str], np.ndarray]) -> np.ndarray:
    """The annual flow ``name`` (a key of ``ANNUAL_FLOWS``) from ``total`` (a cumulative stock's
    name -> its totals over the years ahead) and ``level`` (a stock's name -> its values at the
    years' starts), both arrays of the same shape."""
    recipe = ANNUAL_FLOWS[name]
    return recipe.combine(*(total(stock) for stock in recipe.totals), *(level(stock) for stock in recipe.levels))


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
        "diaspora": result["diaspora"],
        **{name: annual_flow(name, lambda stock: _annual(result[stock]), result.__getitem__) for name in ANNUAL_FLOWS},
    }
