"""Demographic inputs of the population engine, prepared from the published statistics.

The population engine (MODEL.md §1, §2.1) runs the cohort-component method by region × sex ×
single year of age 0..100 (100 = 100+), with the state on 1 October (census date). The published
statistics copied in ``sim/data/sources/`` are coarser: census counts by 5-year age group with an
open group and a count of people of unknown age; national death rates by 5-year group; the
national fertility age pattern by 5-year group; prefectural life expectancy at birth and total
fertility rates. This package turns them into single-year inputs with documented, reproducible
methods; every function is pure (same input, same output; results are fresh arrays).

Array conventions: axes ``(region, sex, age)`` in the orders of :data:`REGIONS`, :data:`SEXES`
and ages ``0..100`` (:data:`N_AGES` = 101, the last entry is the open group 100+). Counts are in
persons (fractional after the graduation), rates in 1/year.

Modules (every public name is re-exported here, so ``demography.census_single_year`` works):

* ``_tables``: constants, the source folder :data:`SOURCES` and the CSV reading helpers;
* ``graduation``: grouped totals to single years of age, open age groups;
* ``census``: census population by prefecture, sex and single year of age;
* ``mortality``: death rates by single year of age, life tables, prefectural scaling;
* ``fertility``: fertility age pattern, ASFR, observed TFR, sex ratio at birth;
* ``vital_events``: registered births and deaths, and those the prepared inputs imply;
* ``excess_mortality``: Japan's deaths after 2020 against those the 2020 rates and ageing imply;
* ``migration_counts``: the reported domestic net migration and the Tokyo area's weight.

Methods, formulas, sources and every assumption are written up in ``docs/DATA_PREPARATION.md``;
the literature references are in the modules that use them.
"""

from __future__ import annotations

from sim.data.demography._tables import (
    AGES, CENSUS_YEARS, DEATH_RATE_YEARS, FERTILITY_PATTERN_YEARS, JAPAN_INFANT_MORTALITY_2018, MORTALITY_BASE_YEAR,
    N_AGES, REGIONS, SEX_RATIO_AT_BIRTH, SEXES, SOURCES,
)
from sim.data.demography.graduation import graduate_log_spline, open_group_weights, split_open_group
from sim.data.demography.mortality import (
    LifeTable, andreev_kingkade_a0, infant_rate_ratio, life_expectancy, life_table, mortality_by_prefecture,
    national_death_rates, national_death_rates_grouped, prefecture_e0, prefecture_mortality_scale,
)
from sim.data.demography.census import (
    broad_age_shares, broad_age_totals, census_five_year_groups, census_single_year, census_totals,
    census_totals_by_sex, census_unknown_age, open_group_growth_rate,
)
from sim.data.demography.fertility import asfr, birth_sex_shares, fertility_contributions, fertility_shape, tfr_observed
from sim.data.demography.vital_events import expected_births, expected_deaths, vital_counts
from sim.data.demography.excess_mortality import (
    EXCESS_YEARS, expected_national_deaths, japan_single_year, mortality_excess, national_vital_counts, trend_excess,
)
from sim.data.demography.migration_counts import (
    DOMESTIC_YEARS, reported_domestic_net_migration, tokyo_area_share_outside,
)

__all__ = [
    "REGIONS", "SEXES", "N_AGES", "AGES", "CENSUS_YEARS", "DEATH_RATE_YEARS", "FERTILITY_PATTERN_YEARS",
    "MORTALITY_BASE_YEAR", "JAPAN_INFANT_MORTALITY_2018", "SEX_RATIO_AT_BIRTH", "SOURCES",
    "LifeTable",
    "graduate_log_spline", "split_open_group", "open_group_weights", "open_group_growth_rate",
    "census_totals", "census_totals_by_sex", "census_unknown_age", "census_five_year_groups",
    "census_single_year", "broad_age_totals", "broad_age_shares",
    "national_death_rates_grouped", "infant_rate_ratio", "national_death_rates",
    "andreev_kingkade_a0", "life_table", "life_expectancy",
    "prefecture_e0", "prefecture_mortality_scale", "mortality_by_prefecture",
    "fertility_contributions", "fertility_shape", "asfr", "tfr_observed",
    "birth_sex_shares", "vital_counts", "expected_deaths", "expected_births",
    "EXCESS_YEARS", "national_vital_counts", "japan_single_year", "expected_national_deaths", "mortality_excess",
    "trend_excess",
    "DOMESTIC_YEARS", "reported_domestic_net_migration", "tokyo_area_share_outside",
]
