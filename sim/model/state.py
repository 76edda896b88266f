"""Layouts of the Tohoku model's state, parameters and shared data: the slot map, declared once.

Kernels index the flat vectors through the offsets defined here; results, validation messages
and docs take names, units and dims from the same declarations.
"""

import numpy as np

from sim.core import Layout, Param, Stock
from sim.model.dimensions import N_AGES, N_REGIONS, N_SEXES

RSA = (N_REGIONS, N_SEXES, N_AGES)
RS = (N_REGIONS, N_SEXES)
R = (N_REGIONS,)
DIMS_RSA = ("region", "sex", "age")
DIMS_RS = ("region", "sex")
DIMS_R = ("region",)

#: Calendar years covered by the TFR path (one value per year starting 1 October).
TFR_FIRST_YEAR = 2010
TFR_LAST_YEAR = 2070
N_TFR_YEARS = TFR_LAST_YEAR - TFR_FIRST_YEAR + 1

#: PARAMETERS.md A11: 44 % of those who leave return within 20 years (derived there).
RETURNING_SHARE_A11 = 0.44
U_TURN_RATE_A11 = 1.0 - (1.0 - RETURNING_SHARE_A11) ** (1.0 / 20.0)

STOCKS = Layout([
    Stock("population", RSA, "person", nonnegative=True, dims=DIMS_RSA,
          description="Population by single year of age (100 = 100+) counted at 1 October"),
    Stock("newborns", RS, "person", nonnegative=True, dims=DIMS_RS,
          description="Born since the last 1 October; they become age 0 at the next"),
    Stock("cumulative_births", R, "person", nonnegative=True, dims=DIMS_R, description="Births since the start"),
    Stock("cumulative_deaths", R, "person", nonnegative=True, dims=DIMS_R, description="Deaths since the start"),
    Stock("cumulative_in_migration", R, "person", nonnegative=True, dims=DIMS_R,
          description="In-migrants since the start"),
    Stock("cumulative_out_migration", R, "person", nonnegative=True, dims=DIMS_R,
          description="Out-migrants since the start"),
    Stock("cumulative_in_migration_15_29", R, "person", nonnegative=True, dims=DIMS_R,
          description="In-migrants aged 15-29 (at the 1 October starting the year) since the start"),
    Stock("cumulative_out_migration_15_29", R, "person", nonnegative=True, dims=DIMS_R,
          description="Out-migrants aged 15-29 (at the 1 October starting the year) since the start"),
    Stock("cumulative_out_migration_tokyo", R, "person", nonnegative=True, dims=DIMS_R,
          description="Out-migrants to the Tokyo area since the start"),
    Stock("cumulative_in_migration_tokyo", R, "person", nonnegative=True, dims=DIMS_R,
          description="In-migrants from the Tokyo area since the start"),
    Stock("diaspora", R, "person", nonnegative=True, dims=DIMS_R,
          description="People who left the prefecture for outside Tohoku and may return (U-turn pool)"),
    Stock("evacuees_outside", (), "person", nonnegative=True,
          description="Fukushima evacuees living outside the prefecture (not in its population)"),
    Stock("evacuees_inside", (), "person", nonnegative=True,
          description="Fukushima evacuees living inside the prefecture away from home (in its population)"),
])

PARAMS = Layout([
    Param("tfr", None, (N_REGIONS, N_TFR_YEARS), "birth/woman", (0.0, 10.0),
          "vital statistics by prefecture, then a configured path (sim/data/demography/fertility.py)",
          dims=("region", "tfr_year")),
    Param("mortality_improvement", 0.01, (), "1/year", (-0.1, 0.1),
          "assumption: ~1 %/yr decline of death rates at every age (MODEL.md §2.1, status A)"),
    Param("mortality_base_year", 2020.0, (), "year", (1900.0, 2100.0),
          "year the mortality schedule holds for: scaled to the 2020 life expectancies and registered deaths"),
    Param("sex_ratio_at_birth", 1.05, (), "male/female", (0.8, 1.3),
          "MODEL.md §2.1 (S); not checkable against sources/, which has no births by sex"),
    Param("out_migration_multiplier", np.ones(N_REGIONS), R, "1", (0.0, 20.0),
          "attractiveness multiplier on out-migration f_out; 1 = calibrated baseline (MODEL.md §2.1); at most "
          "20 so that Euler at dt 0.25 keeps every slot non-negative ((mortality + 20 x out-rate) x dt < 1)",
          dims=DIMS_R),
    Param("in_migration_multiplier", np.ones(N_REGIONS), R, "1", (0.0, 100.0),
          "attractiveness multiplier on in-migration; 1 = calibrated baseline (MODEL.md §2.1)", dims=DIMS_R),
    Param("destination_share_tokyo", np.full(N_REGIONS, 35.4 / 61.3), R, "1", (0.0, 1.0),
          "assumption: share of out-migrants going to the Tokyo area; Aomori graduates employed outside the "
          "prefecture, 35.4 % of 61.3 % to the Tokyo area (PARAMETERS.md A8), applied to all ages and prefectures",
          dims=DIMS_R),
    Param("destination_share_miyagi", np.array([0.15, 0.15, 0.0, 0.15, 0.15, 0.15]), R, "1", (0.0, 0.99),
          "assumption: share of out-migrants of the other five prefectures going to Miyagi (Sendai, the "
          "region's own pole); no origin-destination table is in the data (sources/README.md, gaps)",
          dims=DIMS_R),
    Param("u_turn_rate", U_TURN_RATE_A11, (), "1/year", (0.0, 1.0),
          "annual U-turn hazard from the diaspora: 1 - (1 - 0.44)^(1/20) = 2.86 %/yr, 44 % of leavers back "
          "within 20 years (PARAMETERS.md A11, D/A; range 2.5-3.5 %/yr)"),
    Param("diaspora_attrition", U_TURN_RATE_A11 * (1 - RETURNING_SHARE_A11) / RETURNING_SHARE_A11, (), "1/year",
          (0.0, 1.0),
          "assumption: yearly loss of the U-turn pool (death, settling for good) such that the 44 % of A11 are "
          "all who ever return: rho (1 - 0.44) / 0.44 = 3.64 %/yr"),
    Param("u_turn_multiplier", np.ones(N_REGIONS), R, "1", (0.0, 20.0),
          "attractiveness / talent-programme multiplier on U-turns; 1 = calibrated baseline; at most 20 "
          "(U-turn and attrition rates x dt < 1 at dt 0.25)", dims=DIMS_R),
    Param("evacuee_outside_decline", None, (), "1/year", (0.0, 5.0),
          "exit rate of the outside-evacuee register, fitted to 2015-2024 (energy_reconstruction.csv)"),
    Param("evacuee_inside_decline", None, (), "1/year", (0.0, 5.0),
          "exit rate of the inside-evacuee register, fitted to 2019-2024 (energy_reconstruction.csv)"),
    Param("evacuee_return_share", 0.3, (), "1", (0.0, 1.0),
          "assumption: share of outside evacuees leaving the register who move back to Fukushima "
          "(PARAMETERS.md G6: up to ~60 % will not return, ~30 % undecided)"),
])

DATA = Layout([
    Param("mortality", None, RSA, "1/year", (0.0, 10.0),
          "central death rate of each age slot over the year ahead, at mortality_base_year", dims=DIMS_RSA),
    Param("newborn_mortality", None, RS, "1/year", (0.0, 10.0), "death rate of the year's newborns", dims=DIMS_RS),
    Param("fertility_shape", None, (N_AGES,), "1", (0.0, 1.0),
          "share of the TFR borne by women of each age slot over the year ahead (sums to 1)", dims=("age",)),
    Param("fertility_adjustment", None, R, "1", (0.0, 10.0),
          "registered births per birth implied by TFR x census women; calibrated to 2020 births", dims=DIMS_R),
    Param("out_migration_rate", None, RSA, "1/year", (0.0, 10.0), "gross out-migration rate", dims=DIMS_RSA),
    Param("newborn_out_migration_rate", None, RS, "1/year", (0.0, 10.0),
          "gross out-migration rate of the year's newborns (calibrated with the age slots)", dims=DIMS_RS),
    Param("in_migration_rate", None, RSA, "1/year", (0.0, 10.0),
          "gross in-migration per resident of the slot (IPSS-style rates on the region's own population)",
          dims=DIMS_RSA),
    Param("newborn_in_migration_rate", None, RS, "1/year", (0.0, 10.0),
          "gross in-migration rate of the year's newborns (calibrated with the age slots)", dims=DIMS_RS),
    Param("u_turn_profile", None, RSA, "1", (0.0, 1.0),
          "share of a prefecture's U-turns arriving in each slot (the in-migration age profile)", dims=DIMS_RSA),
    Param("newborn_u_turn_profile", None, RS, "1", (0.0, 1.0),
          "share of a prefecture's U-turns arriving as newborns (with their parents)", dims=DIMS_RS),
])

POPULATION = STOCKS.offset("population")
NEWBORNS = STOCKS.offset("newborns")
CUM_BIRTHS = STOCKS.offset("cumulative_births")
CUM_DEATHS = STOCKS.offset("cumulative_deaths")
CUM_IN = STOCKS.offset("cumulative_in_migration")
CUM_OUT = STOCKS.offset("cumulative_out_migration")
CUM_IN_YOUNG = STOCKS.offset("cumulative_in_migration_15_29")
CUM_OUT_YOUNG = STOCKS.offset("cumulative_out_migration_15_29")
CUM_OUT_TOKYO = STOCKS.offset("cumulative_out_migration_tokyo")
CUM_IN_TOKYO = STOCKS.offset("cumulative_in_migration_tokyo")
DIASPORA = STOCKS.offset("diaspora")
EVACUEES_OUTSIDE = STOCKS.offset("evacuees_outside")
EVACUEES_INSIDE = STOCKS.offset("evacuees_inside")

TFR = PARAMS.offset("tfr")
MORTALITY_IMPROVEMENT = PARAMS.offset("mortality_improvement")
MORTALITY_BASE_YEAR = PARAMS.offset("mortality_base_year")
SEX_RATIO_AT_BIRTH = PARAMS.offset("sex_ratio_at_birth")
OUT_MULTIPLIER = PARAMS.offset("out_migration_multiplier")
IN_MULTIPLIER = PARAMS.offset("in_migration_multiplier")
SHARE_TOKYO = PARAMS.offset("destination_share_tokyo")
SHARE_MIYAGI = PARAMS.offset("destination_share_miyagi")
U_TURN_RATE = PARAMS.offset("u_turn_rate")
DIASPORA_ATTRITION = PARAMS.offset("diaspora_attrition")
U_TURN_MULTIPLIER = PARAMS.offset("u_turn_multiplier")
EVACUEE_OUTSIDE_DECLINE = PARAMS.offset("evacuee_outside_decline")
EVACUEE_INSIDE_DECLINE = PARAMS.offset("evacuee_inside_decline")
EVACUEE_RETURN_SHARE = PARAMS.offset("evacuee_return_share")

MORTALITY = DATA.offset("mortality")
NEWBORN_MORTALITY = DATA.offset("newborn_mortality")
FERTILITY_SHAPE = DATA.offset("fertility_shape")
FERTILITY_ADJUSTMENT = DATA.offset("fertility_adjustment")
OUT_RATE = DATA.offset("out_migration_rate")
NEWBORN_OUT_RATE = DATA.offset("newborn_out_migration_rate")
IN_RATE = DATA.offset("in_migration_rate")
NEWBORN_IN_RATE = DATA.offset("newborn_in_migration_rate")
U_TURN_PROFILE = DATA.offset("u_turn_profile")
NEWBORN_U_TURN_PROFILE = DATA.offset("newborn_u_turn_profile")
