"""Layouts of the Tohoku model's state, parameters and shared data: the slot map, declared once.

Kernels index the flat vectors through the offsets defined here; results, validation messages
and docs take names, units and dims from the same declarations.
"""

import numpy as np

from sim.core import Layout, Param, Stock
from sim.model.dimensions import N_AGES, N_REGIONS, N_SEXES
from sim.model.economy_state import ECONOMY_AUX, ECONOMY_PARAMS, ECONOMY_STOCKS
from sim.model.levers import CARRIERS, N_CARRIERS

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

#: Calendar years with a measured relative excess mortality (Japan's registered deaths; after the
#: last one ``mortality_excess_after_2024`` holds).
EXCESS_FIRST_YEAR = 2021
EXCESS_LAST_YEAR = 2024
N_EXCESS_YEARS = EXCESS_LAST_YEAR - EXCESS_FIRST_YEAR + 1

#: PARAMETERS.md A11: 44 % of those who leave return within 20 years (derived there).
RETURNING_SHARE_A11 = 0.44
U_TURN_RATE_A11 = 1.0 - (1.0 - RETURNING_SHARE_A11) ** (1.0 / 20.0)

POPULATION_STOCKS = [
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
    Stock("cumulative_net_migration_international", R, "person", dims=DIMS_R,
          description="Net migration from abroad (arrivals minus departures) since the start"),
    Stock("diaspora", R, "person", nonnegative=True, dims=DIMS_R,
          description="People who left the prefecture for outside Tohoku and may return (U-turn pool)"),
    Stock("evacuees_outside", (), "person", nonnegative=True,
          description="Fukushima evacuees living outside the prefecture (not in its population)"),
    Stock("evacuees_inside", (), "person", nonnegative=True,
          description="Fukushima evacuees living inside the prefecture away from home (in its population)"),
]

POPULATION_PARAMS = [
    Param("tfr", None, (N_REGIONS, N_TFR_YEARS), "birth/woman", (0.0, 10.0),
          "vital statistics by prefecture, then a configured path (sim/data/demography/fertility.py)",
          dims=("region", "tfr_year")),
    Param("mortality_improvement", 0.01, (), "1/year", (-0.1, 0.1),
          "assumption: ~1 %/yr decline of death rates at every age (MODEL.md §2.1, status A)"),
    Param("mortality_base_year", 2020.0, (), "year", (1900.0, 2100.0),
          "year the mortality schedule holds for: scaled to the 2020 life expectancies and registered deaths"),
    Param("mortality_excess", None, (N_EXCESS_YEARS,), "1", (0.5, 2.0),
          "Japan's registered deaths 2021-2024 (vital_stats.csv, vital_national_recent.csv) / those expected "
          "from the 2020 rates, ageing and mortality_improvement 0.01 (the engine's method applied to Japan, "
          "sim/data/demography/excess_mortality.py); every prefecture's rates x this in the calendar year",
          dims=("excess_year",)),
    Param("mortality_excess_after_2024", None, (), "1", (0.5, 2.0),
          "assumption: the relative excess of 2024 persists (default = mortality_excess 2024), "
          "mortality_improvement continuing on top; sweep range 1.025 (back to the 2015-2019 trend level: "
          "2020 was 2.5 % below it) to the 2024 value"),
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
    Param("origin_share_tokyo", None, R, "1", (0.0, 1.0),
          "assumption: share of the in-migrants who are not returning (own-rate in-migration) coming from the "
          "Tokyo area, its share of Japan's population outside the prefecture (census 2020, "
          "population_census.csv; gravity without distance decay); sweep range 0.5-1.5 x. Returns (U-turns, "
          "I-turns, evacuees) come from it in the diaspora's share destination_share_tokyo / "
          "(1 - destination_share_miyagi)", dims=DIMS_R),
    Param("international_net_migration_rate", None, R, "1/year", (-0.1, 0.1),
          "from data: census-residual net migration 2015-2020 (the calibration) minus the reported domestic "
          "net migration incl. foreigners, mean of 2018 and 2019 (migration.csv, 住民基本台帳人口移動報告), per "
          "resident; the international part of net migration, for the domestic/international split only",
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
]

STOCKS = Layout(POPULATION_STOCKS + ECONOMY_STOCKS)
PARAMS = Layout(POPULATION_PARAMS + ECONOMY_PARAMS)
AUX = Layout(ECONOMY_AUX)

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
CUM_INTERNATIONAL = STOCKS.offset("cumulative_net_migration_international")
DIASPORA = STOCKS.offset("diaspora")
EVACUEES_OUTSIDE = STOCKS.offset("evacuees_outside")
EVACUEES_INSIDE = STOCKS.offset("evacuees_inside")

TFR = PARAMS.offset("tfr")
MORTALITY_IMPROVEMENT = PARAMS.offset("mortality_improvement")
MORTALITY_BASE_YEAR = PARAMS.offset("mortality_base_year")
MORTALITY_EXCESS = PARAMS.offset("mortality_excess")
MORTALITY_EXCESS_LATER = PARAMS.offset("mortality_excess_after_2024")
SEX_RATIO_AT_BIRTH = PARAMS.offset("sex_ratio_at_birth")
OUT_MULTIPLIER = PARAMS.offset("out_migration_multiplier")
IN_MULTIPLIER = PARAMS.offset("in_migration_multiplier")
SHARE_TOKYO = PARAMS.offset("destination_share_tokyo")
SHARE_MIYAGI = PARAMS.offset("destination_share_miyagi")
ORIGIN_SHARE_TOKYO = PARAMS.offset("origin_share_tokyo")
INTERNATIONAL_RATE = PARAMS.offset("international_net_migration_rate")
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

# Economy (sim/model/economy_state.py): offsets of stocks, parameters and auxiliaries.
CAPITAL = STOCKS.offset("capital")
ANCHOR_CAPITAL = STOCKS.offset("anchor_capital")
REMOTE_MOVERS = STOCKS.offset("remote_movers")
EXPECTED_DEMAND = STOCKS.offset("expected_demand")
OUTPUT_AVERAGE = STOCKS.offset("output_average")
VERDOORN = STOCKS.offset("verdoorn")
EMPLOYMENT_RATE = STOCKS.offset("employment_rate")
FOREIGN_WORKERS = STOCKS.offset("foreign_workers")
WAGE = STOCKS.offset("wage")
FIRMS = STOCKS.offset("firms")
FIRMS_OLD = STOCKS.offset("firms_old_owner")
CUM_STARTUPS = STOCKS.offset("cumulative_startups")
CUM_CLOSURES = STOCKS.offset("cumulative_closures")
DX_STAGE = STOCKS.offset("dx_stage")
DX_EFFECT = STOCKS.offset("dx_effect")
DX_STAGE_JAPAN = STOCKS.offset("dx_stage_japan")
DX_EFFECT_JAPAN = STOCKS.offset("dx_effect_japan")
KNOWLEDGE = STOCKS.offset("knowledge")
RE_CAPACITY = STOCKS.offset("renewable_capacity")
RE_PIPELINE = STOCKS.offset("renewable_pipeline")
REMOTE_TALENT = STOCKS.offset("remote_talent")
SKILL = STOCKS.offset("skill_index")
COASTAL_GAP = STOCKS.offset("coastal_gap")
ATTRACTIVENESS = STOCKS.offset("attractiveness")
REF_TFP = STOCKS.offset("ref_tfp")
REF_EXTERNAL_DEMAND = STOCKS.offset("ref_external_demand")
REF_LABOUR_DEMAND_SCALE = STOCKS.offset("ref_labour_demand_scale")
REF_PARTICIPATION_SCALE = STOCKS.offset("ref_participation_scale")
REF_LABOUR_FORCE = STOCKS.offset("ref_labour_force")
REF_LOG_TIGHTNESS = STOCKS.offset("ref_log_tightness")
REF_JOBS_RATIO_CYCLE = STOCKS.offset("ref_jobs_ratio_cycle")
REF_FOREIGN_INFLOW = STOCKS.offset("ref_foreign_worker_inflow")
REF_GOVERNMENT = STOCKS.offset("ref_government")
REF_WAGE = STOCKS.offset("ref_wage")
REF_OUTPUT = STOCKS.offset("ref_output")
REF_CAPACITY = STOCKS.offset("ref_capacity")
REF_DEMAND = STOCKS.offset("ref_demand")
REF_UNIT_LABOUR_COST = STOCKS.offset("ref_unit_labour_cost")
REF_NATIONAL_TREND = STOCKS.offset("ref_national_trend")
REF_POTENTIAL = STOCKS.offset("ref_potential")
REF_POPULATION = STOCKS.offset("ref_population")
REF_ELDERLY = STOCKS.offset("ref_elderly")
REF_FIRMS_PER_CAPITA = STOCKS.offset("ref_firms_per_capita")
REF_STARTUP_PROPENSITY = STOCKS.offset("ref_startup_propensity")
REF_MARKET_EXIT = STOCKS.offset("ref_market_exit_rate")
REF_OWNER_AGEING = STOCKS.offset("ref_owner_ageing_rate")
REF_RETIREMENT = STOCKS.offset("ref_retirement_rate")
REF_YOUNG_SHARE = STOCKS.offset("ref_young_share")
REF_YOUNG_OUT_RATE = STOCKS.offset("ref_young_out_rate")
REF_REMOTE_TALENT = STOCKS.offset("ref_remote_talent")
REF_DX = STOCKS.offset("ref_dx_adoption")
REF_SERVICE_ACCESS = STOCKS.offset("ref_service_access")
REF_FACILITY_ODDS = STOCKS.offset("ref_facility_odds")
REF_KNOWLEDGE = STOCKS.offset("ref_knowledge")
REF_RE_SHARE = STOCKS.offset("ref_renewable_share")
REF_RE_GENERATION = STOCKS.offset("ref_renewable_generation")
REF_COASTAL_GAP = STOCKS.offset("ref_coastal_gap")
REF_I_TURN = STOCKS.offset("ref_i_turn_base")
REF_EXIT_LOSS = STOCKS.offset("ref_exit_loss_rate")
REF_START_YEAR = STOCKS.offset("ref_start_year")
FIRST_REF = REF_TFP
N_REF_SLOTS = STOCKS.size - FIRST_REF

JAPAN_PRODUCTIVITY_2020 = PARAMS.offset("japan_productivity_2020")
JAPAN_INCOME_2019 = PARAMS.offset("japan_income_per_capita_2019")
NATIONAL_GROWTH = PARAMS.offset("national_productivity_growth")
TOKYO_TELEWORK = PARAMS.offset("tokyo_area_telework_share")
TOKYO_WORKERS = PARAMS.offset("tokyo_area_workers")
FULLY_REMOTE_SHARE = PARAMS.offset("fully_remote_share")
RELOCATION_RATE = PARAMS.offset("remote_relocation_rate")
RELOCATION_SHARE = PARAMS.offset("relocation_share")
GRP_START = PARAMS.offset("grp_start")
EMPLOYMENT_START = PARAMS.offset("employment_start")
FIRMS_START = PARAMS.offset("firms_start")
INCOME_SHARE = PARAMS.offset("income_share_of_grp")
PARTICIPATION_PROFILE = PARAMS.offset("participation_profile")
PARTICIPATION_TREND = PARAMS.offset("participation_trend")
PARTICIPATION_TIME = PARAMS.offset("participation_trend_time")
UNEMPLOYMENT_START = PARAMS.offset("unemployment_start")
FRICTIONAL_SHARE = PARAMS.offset("frictional_share")
JOBS_RATIO_ELASTICITY = PARAMS.offset("jobs_ratio_elasticity")
JOBS_RATIO_SCALE = PARAMS.offset("jobs_ratio_scale")
EMPLOYMENT_TIME = PARAMS.offset("employment_adjustment_time")
WAGE_TIME = PARAMS.offset("wage_adjustment_time")
LABOUR_SHARE = PARAMS.offset("labour_share")
WAGE_TIGHTNESS = PARAMS.offset("wage_tightness_elasticity")
LABOUR_SHARPNESS = PARAMS.offset("labour_sharpness")
FOREIGN_START = PARAMS.offset("foreign_workers_start")
FOREIGN_GROWTH_START = PARAMS.offset("foreign_worker_growth_start")
FOREIGN_STAY = PARAMS.offset("foreign_worker_stay")
FOREIGN_POLICY_GROWTH = PARAMS.offset("foreign_worker_policy_growth")
FOREIGN_SHORTAGE = PARAMS.offset("foreign_worker_shortage_elasticity")
CAPITAL_SHARE = PARAMS.offset("capital_share")
DEPRECIATION = PARAMS.offset("depreciation")
CAPITAL_OUTPUT_RATIO = PARAMS.offset("capital_output_ratio")
CAPITAL_TIME = PARAMS.offset("capital_adjustment_time")
NORMAL_UTILISATION = PARAMS.offset("normal_utilisation")
OUTPUT_SHARPNESS = PARAMS.offset("output_sharpness")
VA_MULTIPLIER = PARAMS.offset("value_added_multiplier")
LOCAL_CONSUMPTION = PARAMS.offset("local_content_consumption")
LOCAL_INVESTMENT = PARAMS.offset("local_content_investment")
LOCAL_GOVERNMENT = PARAMS.offset("local_content_government")
LOCAL_PUBLIC_WORKS = PARAMS.offset("local_content_public_works")
CONSUMPTION_CONVERSION = PARAMS.offset("consumption_conversion")
PENSION = PARAMS.offset("pension_per_elderly")
GOVERNMENT_PER_CAPITA = PARAMS.offset("government_consumption_per_capita")
GOVERNMENT_ELASTICITY = PARAMS.offset("government_population_elasticity")
COMPETITIVENESS_ELASTICITY = PARAMS.offset("competitiveness_elasticity")
EXPORT_COST_ELASTICITY = PARAMS.offset("export_cost_elasticity")
GROWTH_FY2021 = PARAMS.offset("national_growth_fy2021")
GROWTH_FY2022 = PARAMS.offset("national_growth_fy2022")
GROWTH_OUTLOOK = PARAMS.offset("national_growth_outlook")
DEMAND_TIME = PARAMS.offset("demand_perception_time")
OUTPUT_AVERAGING_TIME = PARAMS.offset("output_averaging_time")
VERDOORN_COEFFICIENT = PARAMS.offset("verdoorn_coefficient")
TFP_GROWTH_GAP = PARAMS.offset("tfp_growth_gap")
AGGLOMERATION = PARAMS.offset("agglomeration_elasticity")
EXIT_CAPITAL_LOSS = PARAMS.offset("exit_capital_loss")
DX_START_CUMULATIVE = PARAMS.offset("dx_start_cumulative")
DX_AWARENESS = PARAMS.offset("dx_awareness_rate")
DX_IMPLEMENTATION = PARAMS.offset("dx_implementation_rate")
DX_DEEPENING = PARAMS.offset("dx_deepening_rate")
DX_IMITATION_SHARE = PARAMS.offset("dx_imitation_share")
DX_SMALL_SHARE = PARAMS.offset("dx_small_firm_share")
DX_SMALL_LEVEL = PARAMS.offset("dx_small_level_ratio")
DX_SMALL_RATE = PARAMS.offset("dx_small_rate_ratio")
DX_PROXY_RATIO = PARAMS.offset("dx_digital_proxy_ratio")
DX_PROXY_ELASTICITY = PARAMS.offset("dx_proxy_elasticity")
DX_CEO_AGE_GAP = PARAMS.offset("dx_ceo_age_gap")
DX_CEO_AGE_SLOPE = PARAMS.offset("dx_ceo_age_slope")
DX_CATCH_UP = PARAMS.offset("dx_catch_up")
DX_ADVANCED_WEIGHT = PARAMS.offset("dx_advanced_weight")
DX_GAIN = PARAMS.offset("dx_productivity_gain")
DX_TIME = PARAMS.offset("dx_implementation_time")
TALENT_CAPABILITY = PARAMS.offset("talent_capability_elasticity")
RD_SHARE = PARAMS.offset("rd_share_of_grp")
KNOWLEDGE_DEPRECIATION = PARAMS.offset("knowledge_depreciation")
KNOWLEDGE_ELASTICITY = PARAMS.offset("knowledge_elasticity")
CAPACITY_FACTOR = PARAMS.offset("capacity_factor")
UNIT_COST = PARAMS.offset("renewable_unit_cost")
GREEN_MIX = PARAMS.offset("green_technology_mix")
GREEN_ADDITIONALITY = PARAMS.offset("green_additionality")
RE_LIFETIME = PARAMS.offset("renewable_lifetime")
CONSTRUCTION_TIME = PARAMS.offset("construction_time")
GRID_FACTOR_FY2013 = PARAMS.offset("grid_factor_fy2013")
GRID_FACTOR_FY2021 = PARAMS.offset("grid_factor_fy2021")
GRID_FACTOR_CUT_2030 = PARAMS.offset("grid_factor_cut_2030")
GRID_FACTOR_DECLINE = PARAMS.offset("grid_factor_decline_after_2030")
FUEL_EMISSION_FACTOR = PARAMS.offset("fuel_emission_factor")
#: The four efficiency gains are declared in carrier order, so carrier ``c`` reads slot EFFICIENCY_GAINS + c.
EFFICIENCY_GAINS = PARAMS.offset("efficiency_gain_electricity")
assert [PARAMS.offset(f"efficiency_gain_{carrier}") - EFFICIENCY_GAINS for carrier in CARRIERS] == list(
    range(N_CARRIERS))
ENERGY_OUTPUT_WEIGHT = PARAMS.offset("energy_output_weight")
ENERGY_DEMAND_START = PARAMS.offset("energy_demand_start")
RENEWABLE_PRIMARY_FACTOR = PARAMS.offset("renewable_primary_factor")
CO2_FY2013 = PARAMS.offset("energy_co2_fy2013")
ENERGY_SPENDING_SHARE = PARAMS.offset("energy_spending_share")
LOCAL_VALUE_SHARE = PARAMS.offset("local_value_share")
MARKET_ADDITIONS = PARAMS.offset("market_additions")
RE_CAPACITY_START = PARAMS.offset("renewable_capacity_start")
OTHER_RE_GENERATION = PARAMS.offset("other_renewable_generation")
OTHER_ELECTRICITY_GENERATION = PARAMS.offset("other_electricity_generation")
STARTUP_RATE = PARAMS.offset("startup_rate_start")
CLOSURE_RATE = PARAMS.offset("closure_rate_start")
FIRM_NET_CHANGE = PARAMS.offset("firm_net_change")
SUCCESSION_CLOSURES_START = PARAMS.offset("succession_closures_start")
SUCCESSOR_ABSENCE_START = PARAMS.offset("successor_absence_start")
OLD_OWNER_SHARE = PARAMS.offset("old_owner_share")
STARTUP_DEMAND_ELASTICITY = PARAMS.offset("startup_demand_elasticity")
EXIT_UTILISATION_ELASTICITY = PARAMS.offset("exit_utilisation_elasticity")
SUCCESSOR_YOUNG_ELASTICITY = PARAMS.offset("successor_young_elasticity")
SUPPLIER_LEAKAGE = PARAMS.offset("supplier_leakage_elasticity")
SERVICE_LEAKAGE = PARAMS.offset("service_leakage_elasticity")
REMOTE_TALENT_START = PARAMS.offset("remote_talent_start")
REMOTE_TALENT_TIME = PARAMS.offset("remote_talent_time")
SKILL_TIME = PARAMS.offset("skill_adjustment_time")
BRAIN_DRAIN = PARAMS.offset("brain_drain_elasticity")
TELEWORK_START = PARAMS.offset("telework_share_start")
WAGE_ATTRACTIVENESS = PARAMS.offset("wage_attractiveness")
JOBS_ATTRACTIVENESS = PARAMS.offset("jobs_attractiveness")
SERVICES_ATTRACTIVENESS = PARAMS.offset("services_attractiveness")
TELEWORK_ATTRACTIVENESS = PARAMS.offset("telework_attractiveness")
PERCEPTION_TIME = PARAMS.offset("attractiveness_perception_time")
EVERYDAY_SERVICES_WEIGHT = PARAMS.offset("everyday_services_weight")
FACILITY_ANCHOR_POPULATION = PARAMS.offset("facility_anchor_population")
FACILITY_ANCHOR_PROBABILITY = PARAMS.offset("facility_anchor_probability")
FACILITY_LOG_WIDTH = PARAMS.offset("facility_log_width")
FACILITY_WEIGHT = PARAMS.offset("facility_weight")
CITY_SHARE = PARAMS.offset("city_population_share")
RECON_BUDGET = PARAMS.offset("reconstruction_baseline_budget")
RECON_ALLOCATION = PARAMS.offset("reconstruction_baseline_allocation")
RECON_END = PARAMS.offset("reconstruction_baseline_end")
RECON_DECLINE = PARAMS.offset("reconstruction_baseline_decline")
COASTAL_SPENDING_SHARE = PARAMS.offset("coastal_spending_share")
COASTAL_GAP_START = PARAMS.offset("coastal_gap_start")
COASTAL_CLOSURE_RATE = PARAMS.offset("coastal_closure_rate")
LEVER_BUDGET = PARAMS.offset("lever_budget")
LEVER_START = PARAMS.offset("lever_start")
LEVER_RAMP = PARAMS.offset("lever_ramp")
LEVER_END = PARAMS.offset("lever_end")
LEVER_ALLOCATION = PARAMS.offset("lever_allocation")
INNOVATION_ADDITIONALITY = PARAMS.offset("innovation_additionality")
DX_COST_PER_FIRM = PARAMS.offset("dx_cost_per_firm")
DX_ADDITIONALITY = PARAMS.offset("dx_additionality")
DX_INVESTMENT_SHARE = PARAMS.offset("dx_investment_share")
LEADING_COST_PER_JOB = PARAMS.offset("leading_industry_cost_per_job")
LEADING_PRIVATE_INVESTMENT = PARAMS.offset("leading_industry_private_investment")
LEADING_DEADWEIGHT = PARAMS.offset("leading_industry_deadweight")
SME_COST_PER_FIRM = PARAMS.offset("sme_cost_per_firm")
SME_AVERTED_SHARE = PARAMS.offset("sme_averted_share")
TALENT_MOVER_SHARE = PARAMS.offset("talent_mover_share")
TALENT_COST_PER_MOVER = PARAMS.offset("talent_cost_per_mover")
TALENT_DEADWEIGHT = PARAMS.offset("talent_deadweight")
TALENT_MOVER_POOL = PARAMS.offset("talent_mover_pool")
TALENT_TELEWORKERS_PER_MOVER = PARAMS.offset("talent_teleworkers_per_mover")
REMOTE_MOVER_TENURE = PARAMS.offset("remote_mover_tenure")
TALENT_REMOTE = PARAMS.offset("talent_remote_effect")
TALENT_TRAINING_SHARE = PARAMS.offset("talent_training_share")
TALENT_COST_PER_TRAINEE = PARAMS.offset("talent_cost_per_trainee")
TRAINING_SKILL_GAIN = PARAMS.offset("training_skill_gain")
TALENT_TELEWORK = PARAMS.offset("talent_telework_effect")
RECON_WORKS_EFFICIENCY = PARAMS.offset("reconstruction_works_efficiency")
RECON_RETURN_SHARE = PARAMS.offset("reconstruction_return_share")
RECON_COST_PER_RETURN = PARAMS.offset("reconstruction_cost_per_return")
RECON_RETURN_DEADWEIGHT = PARAMS.offset("reconstruction_return_deadweight")
CHI_DX_TALENT = PARAMS.offset("chi_dx_talent")
CHI_INNOVATION_DX = PARAMS.offset("chi_innovation_dx")
CHI_INNOVATION_TALENT = PARAMS.offset("chi_innovation_talent")
LOOP_GATE = PARAMS.offset("loop_gate")

A_NATIONAL_GROWTH = AUX.offset("national_growth_factor")
A_TFP_TREND = AUX.offset("tfp_trend_factor")
A_NATIONAL_DEMAND = AUX.offset("national_demand")
A_CYCLE = AUX.offset("pandemic_cycle")
A_JAPAN_PRODUCTIVITY = AUX.offset("japan_productivity")
A_JAPAN_PAY_LOG_GROWTH = AUX.offset("japan_pay_log_growth")
A_JAPAN_INCOME = AUX.offset("japan_income_per_capita")
A_ATTRACTIVENESS_FACTOR = AUX.offset("attractiveness_factor")
A_TALENT_CAPABILITY = AUX.offset("talent_capability")
A_POPULATION = AUX.offset("population_now")
A_WORKING = AUX.offset("working_age_population")
A_PARTICIPANTS = AUX.offset("participants")
A_PARTICIPATION_HEADROOM = AUX.offset("participation_headroom")
A_ELDERLY = AUX.offset("elderly_population")
A_YOUNG = AUX.offset("young_population")
A_LEVER_SPENDING = AUX.offset("lever_spending")
A_LEVER_INTENSITY = AUX.offset("lever_intensity")
A_RECON_SPENDING = AUX.offset("reconstruction_spending")
A_OUT_FACTOR = AUX.offset("out_migration_factor")
A_IN_FACTOR = AUX.offset("in_migration_factor")
A_U_TURN_FACTOR = AUX.offset("u_turn_factor")
A_EXTRA_ARRIVALS = AUX.offset("extra_arrivals")
A_GRANTED_MOVERS = AUX.offset("granted_movers")
A_GRP = AUX.offset("grp_real")
A_CAPACITY = AUX.offset("capacity")
A_DEMAND = AUX.offset("demand")
A_CONSUMPTION = AUX.offset("consumption")
A_INVESTMENT = AUX.offset("investment")
A_EXTERNAL_DEMAND = AUX.offset("external_demand")
A_LEAKAGE = AUX.offset("leakage")
A_TFP = AUX.offset("tfp")
A_LABOUR_FORCE = AUX.offset("labour_force")
A_EMPLOYMENT = AUX.offset("employment")
A_LABOUR_DEMAND = AUX.offset("labour_demand")
A_VACANCIES = AUX.offset("vacancies")
A_UNEMPLOYMENT = AUX.offset("unemployment_rate")
A_JOBS_RATIO = AUX.offset("jobs_to_applicants_ratio")
A_JOBS_RATIO_LOG = AUX.offset("jobs_ratio_log_change")
A_GOVERNMENT = AUX.offset("government_consumption")
A_ULC = AUX.offset("unit_labour_cost_relative")
A_PRODUCTIVITY = AUX.offset("labour_productivity")
A_PRODUCTIVITY_RATIO = AUX.offset("productivity_ratio_japan")
A_INCOME = AUX.offset("income_per_capita")
A_INCOME_RATIO = AUX.offset("income_per_capita_ratio_japan")
A_STARTUPS = AUX.offset("startups")
A_CLOSURES = AUX.offset("closures")
A_SUCCESSOR_ABSENCE = AUX.offset("successor_absence")
A_ENERGY_EFFICIENCY = AUX.offset("energy_efficiency")
A_GRID_FACTOR = AUX.offset("grid_emission_factor")
A_RE_SHARE = AUX.offset("renewable_share")
A_RE_SHARE_ELECTRICITY = AUX.offset("renewable_share_electricity")
A_CO2 = AUX.offset("co2_emissions")
A_CO2_ELECTRICITY = AUX.offset("co2_electricity")
A_CO2_FUELS = AUX.offset("co2_fuels")
A_CO2_FY2013 = AUX.offset("co2_reference_fy2013")
A_CO2_CHANGE = AUX.offset("co2_change_since_fy2013")
A_ENERGY_DEMAND = AUX.offset("energy_demand")
A_ELECTRICITY_DEMAND = AUX.offset("electricity_demand")
A_TELEWORK = AUX.offset("telework_share")
A_DX_ADOPTION = AUX.offset("dx_adoption")
A_DX_DEPTH = AUX.offset("dx_depth")
A_DX_ADOPTION_JAPAN = AUX.offset("dx_adoption_japan")
A_DX_DEPTH_JAPAN = AUX.offset("dx_depth_japan")
A_DX_LAG = AUX.offset("dx_lag")
A_SERVICE_ACCESS = AUX.offset("service_access")
A_SERVICE_LOG_RATIO = AUX.offset("service_access_log_ratio")
