"""Declarations of the economy's stocks, parameters and reported auxiliaries (MODEL.md §2.2–§4).

Money is in ¥bn at FY2020 prices (the one year with every prefecture's GRP on one basis:
nominal FY2020, 2015-base accounts), flows per year; labour in persons; capacity in MW; energy in
GWh per year. Parameters marked "from data" are filled by ``sim.economy.inputs`` from
``sim/data/sources``; "calibrated" ones by ``python -m sim.calibrate`` (stored in
``sim/economy/calibrated.yaml``). Every value names its source or says "assumption" and why.

The ``ref_*`` stocks are constant (zero rate of change): the economy's reference state, written
by the model's init from the start population and the start levels so that the economy starts in
its calibrated equilibrium. Loop knock-outs freeze a link at its ``ref_*`` value.
"""

import numpy as np

from sim.core import Aux, Param, Stock
from sim.model.dimensions import N_AGES, N_CITIES, N_DX_STAGES, N_FACILITIES, N_FIRM_SIZES, N_REGIONS, N_SEXES
from sim.model.levers import CARRIERS, FUELS, N_CARRIERS, N_FUELS, N_LEVERS, N_TECHNOLOGIES
from sim.model.loops import N_LOOPS

R = (N_REGIONS,)
DIMS_R = ("region",)
RT = (N_REGIONS, N_TECHNOLOGIES)
DIMS_RT = ("region", "technology")
RSK = (N_REGIONS, N_FIRM_SIZES, N_DX_STAGES)
DIMS_RSK = ("region", "firm_size", "dx_stage")
SK = (N_FIRM_SIZES, N_DX_STAGES)
DIMS_SK = ("firm_size", "dx_stage")
FAC = (N_FACILITIES,)
DIMS_FAC = ("facility",)
RC = (N_REGIONS, N_CARRIERS)
DIMS_RC = ("region", "carrier")
L = (N_LEVERS,)
DIMS_L = ("lever",)


def _stock(name, units, description, shape=R, dims=DIMS_R):
    return Stock(name, shape, units, nonnegative=True, dims=dims, description=description)


def _ref(name, units, description):
    return Stock(f"ref_{name}", R, units, nonnegative=False, dims=DIMS_R,
                 description=f"reference (constant, set at the start): {description}")


def _region(name, default, units, bounds, source):
    value = None if default is None else np.broadcast_to(np.asarray(default, float), R).copy()
    return Param(name, value, R, units, bounds, source, dims=DIMS_R)


def _scalar(name, default, units, bounds, source):
    return Param(name, default, (), units, bounds, source)


def _lever(name, default, units, bounds, source):
    return Param(name, np.full(N_LEVERS, float(default)), L, units, bounds, source, dims=DIMS_L)


ECONOMY_STOCKS = [
    _stock("capital", "¥bn", "Capital stock K (FY2020 prices)"),
    _stock("anchor_capital", "¥bn", "Capital of anchor investments by the leading-industry lever (part of K)"),
    _stock("remote_movers", "person", "Movers drawn by relocation grants who telework for employers outside the "
           "region: residents who spend here but are not in its labour force"),
    _stock("expected_demand", "¥bn/year", "Demand as firms perceive it (first-order smooth of demand)"),
    _stock("output_average", "¥bn/year", "Average of output over the Verdoorn averaging time (for output growth)"),
    Stock("verdoorn", R, "1", dims=DIMS_R, description="Log TFP gained from output growth (Kaldor-Verdoorn)"),
    _stock("employment_rate", "1", "Employed persons / labour force (adjusts toward what labour demand allows; "
           "employment follows the labour force's demographic change at once)"),
    _stock("foreign_workers", "person", "Foreign workers (their own stock: inflow with the shortage and national policy, "
           "stays of a few years); those beyond the 2020 stock add to the labour force"),
    _stock("wage", "¥M/(worker·year)", "Average pay per worker (adjusts toward labour share × productivity)"),
    _stock("firms", "enterprise", "Enterprises"),
    _stock("firms_old_owner", "enterprise", "Enterprises whose owner is 60 or over"),
    _stock("cumulative_startups", "enterprise", "Startups since the start"),
    _stock("cumulative_closures", "enterprise", "Closures (market exits and succession closures) since the start"),
    _stock("dx_stage", "1", "Share of each size class's firms at each DX stage (considering, doing, advanced)",
           RSK, DIMS_RSK),
    _stock("dx_effect", "1",
           "DX depth in doing-equivalents (doing + ω advanced) phased in over the implementation time (raises TFP)"),
    _stock("dx_stage_japan", "1", "Japan's DX stages (the same staged diffusion, without policy): the reference path",
           SK, DIMS_SK),
    _stock("dx_effect_japan", "1", "Japan's DX depth in doing-equivalents phased in (reference for relative TFP)",
           (), ()),
    _stock("knowledge", "¥bn", "Knowledge stock R (accumulated R&D less obsolescence)"),
    _stock("renewable_capacity", "MW", "Renewable capacity in operation by technology", RT, DIMS_RT),
    _stock("renewable_pipeline", "MW", "Renewable capacity under construction by technology", RT, DIMS_RT),
    _stock("remote_talent", "FTE", "Side-job and remote professionals working for the region's firms (関係人口)"),
    _stock("skill_index", "1", "Human capital of the workforce h (1 = start)"),
    _stock("coastal_gap", "1", "Share of pre-2011 coastal industrial capacity not yet restored"),
    Stock("attractiveness", R, "1", dims=DIMS_R,
          description="Perceived attractiveness relative to the start (first-order smooth of the indicator)"),
    _ref("tfp", "¥bn/year per (¥bn^θ·person^(1−θ))", "TFP scale A so that capacity = GRP / normal utilisation"),
    _ref("external_demand", "¥bn/year", "external demand X that closes the start demand balance"),
    _ref("labour_demand_scale", "1", "labour demand per worker at normal utilisation (vacancies in normal times)"),
    _ref("participation_scale", "1", "prefectural level of the national participation profile"),
    _ref("labour_force", "person", "labour force"),
    _ref("log_tightness", "1", "ln(vacancies / unemployed) in normal times (jobs ratio = the 2019 mean by calibration)"),
    _ref("jobs_ratio_cycle", "1", "ln(start ratio / normal ratio) per unit of ln(pandemic cycle) at the start"),
    _ref("foreign_worker_inflow", "person/year", "inflow of foreign workers"),
    _ref("government", "¥bn/year", "government consumption"),
    _ref("wage", "¥M/(worker·year)", "pay per worker"),
    _ref("output", "¥bn/year", "GRP"),
    _ref("capacity", "¥bn/year", "production capacity"),
    _ref("demand", "¥bn/year", "demand"),
    _ref("unit_labour_cost", "1", "pay per unit of capacity (wage bill / capacity)"),
    _ref("national_trend", "1", "Japan's post-pandemic trend of real GDP relative to FY2020 (N / c)"),
    _ref("potential", "person", "potential output A^(1/(1-θ)) h E (TFP relative to its scale) at the start"),
    _ref("population", "person", "population"),
    _ref("elderly", "person", "population 65+"),
    _ref("firms_per_capita", "enterprise/person", "enterprises per person"),
    _ref("startup_propensity", "enterprise/(person·year)", "startups per person aged 15-64"),
    _ref("market_exit_rate", "1/year", "market exits per enterprise"),
    _ref("owner_ageing_rate", "1/year", "rate at which firms' owners turn 60"),
    _ref("retirement_rate", "1/year", "rate at which old owners retire (handover or closure)"),
    _ref("young_share", "1", "share of the population aged 15-29"),
    _ref("young_out_rate", "1/year", "out-migration rate of ages 15-29"),
    _ref("remote_talent", "FTE", "remote talent"),
    _ref("dx_adoption", "1", "share of firms doing DX"),
    _ref("service_access", "1", "service access"),
    Stock("ref_facility_odds", (N_REGIONS, N_CITIES, N_FACILITIES), "1", nonnegative=False,
          dims=("region", "city", "facility"),
          description="reference (constant, set at the start): odds against each facility in each municipality"),
    _ref("knowledge", "¥bn", "knowledge stock (R&D in steady state)"),
    _ref("renewable_share", "1", "renewable share of energy demand"),
    _ref("renewable_generation", "GWh/year",
         "renewable generation (already in the grid factor and the inventories; only more displaces grid power)"),
    _ref("coastal_gap", "1", "coastal recovery gap"),
    _ref("i_turn_base", "person/year", "I-turns of fully remote Tokyo-area workers at the start"),
    _ref("exit_loss_rate", "1/year", "share of capital lost with exiting firms per year"),
    _ref("start_year", "year", "time at the start of the run"),
]

#: Log-widths of MLIT's presence curves with two published points, ln(n_80 / n_50) / ln 4
#: (EVIDENCE.md L1-L2): the large shopping centre (77,500 / 92,500) and Starbucks (175,000 / 275,000).
SHOPPING_WIDTH = float(np.log(92500.0 / 77500.0) / np.log(4.0))
STARBUCKS_WIDTH = float(np.log(275000.0 / 175000.0) / np.log(4.0))
#: Assumed width where a facility has one published point: the mean of the two.
ONE_POINT_WIDTH = 0.5 * (SHOPPING_WIDTH + STARBUCKS_WIDTH)

LEVER_SOURCE = ("assumption: effect per ‰ of GRP spent; the allowed range bounds sweeps (docs/MODEL.md §2.9); no "
                "evaluation in the data")

ECONOMY_PARAMS = [
    # Outside world (MODEL.md §1): Japan and the Tokyo area, exogenous paths.
    _scalar("japan_productivity_2020", None, "¥M/worker", (0.0, 100.0),
            "from data: Japan (all-prefecture sum) nominal GDP FY2020 / employed persons, census 2020 (economy.csv)"),
    _scalar("japan_income_per_capita_2019", None, "¥k/person", (0.0, 100000.0),
            "from data: Japan income per head FY2019 (economy.csv, PARAMETERS.md B3)"),
    _scalar("national_productivity_growth", 0.007, "1/year", (-0.05, 0.1),
            "assumption: growth of Japan's and the Tokyo area's productivity and wages; PARAMETERS.md B13 "
            "(Tokyo 0.5-1.0 %/yr, A), the middle"),
    _scalar("tokyo_area_telework_share", 0.40, "1", (0.0, 1.0), "PARAMETERS.md A18: Tokyo area 2022 (S)"),
    _scalar("tokyo_area_workers", None, "person", (0.0, 1e8),
            "from data: Tokyo-area population 2020 × Japan's employed per person (census 2020)"),
    _scalar("fully_remote_share", 0.05, "1", (0.0, 0.1),
            "assumption: PARAMETERS.md A19 says fewer than 10 % of Tokyo-area workers want fully remote work; the "
            "middle of 0-10 %"),
    _scalar("remote_relocation_rate", 0.003, "1/year", (0.001, 0.005),
            "PARAMETERS.md A23 (A): 0.1-0.5 %/yr of fully remote Tokyo workers relocate; the middle"),
    _region("relocation_share", None, "1", (0.0, 1.0),
            "from data: the prefecture's share of Japan's population outside the Tokyo area (census 2020): where a "
            "relocating remote worker goes (assumption: in proportion to population)"),
    # Start levels (the economy starts in equilibrium with these).
    _region("grp_start", None, "¥bn/year", (0.0, 1e6),
            "from data: nominal GRP FY2020, 2015-base prefectural accounts (economy.csv) = FY2020 prices"),
    _region("employment_start", None, "person", (0.0, 1e8), "from data: employed persons, census 2020 (economy.csv)"),
    _region("firms_start", None, "enterprise", (0.0, 1e7),
            "from data: private establishments 2021 × Japan's enterprises per establishment 2021 (enterprises.csv)"),
    _region("income_share_of_grp", None, "1", (0.0, 2.0),
            "calibrated: prefectural income / GRP, fitted to income per head FY2019 (economy.csv)"),
    # Labour market (ECONOMY_V2.md §1, blocks 1-2).
    Param("participation_profile", None, (N_SEXES, N_AGES), "1", (0.0, 1.0),
          "from data and assumption: labour-force participation by sex and 5-year age group in 2020, national "
          "shape (sim/data/sources/participation_profile.csv: EVIDENCE K14 for 65+, K15 for women 25-49, the rest "
          "an assumption of the order of Japan's Labour Force Survey); each prefecture's level is scaled at the "
          "start (ref_participation_scale)", dims=("sex", "age")),
    Param("participation_trend", None, (N_SEXES, N_AGES), "1/year", (0.0, 0.05),
          "from data and assumption: recent yearly rise of participation (EVIDENCE K15: women 30-34 +12.5 and "
          "35-39 +10.5 points over 2013-23, 60-64 +17.9; K14: 65-74 rising, +0.5 point a year an assumption; "
          "participation_profile.csv); it levels off over participation_trend_time", dims=("sex", "age")),
    _scalar("participation_trend_time", 10.0, "year", (3.0, 40.0),
            "assumption: time constant over which the recent participation trends level off (swept)"),
    _region("unemployment_start", None, "1", (0.0, 0.2),
            "from data: unemployment rate, Labour Force Survey prefectural model estimates 2017 (labour_market.csv)"),
    _scalar("frictional_share", None, "1", (0.05, 0.99),
            "calibrated: frictional unemployment as a share of the 2017 rate, with jobs_ratio_elasticity fitted to "
            "the unemployment-jobs-ratio pairs 2015-2017 (labour_market.csv)"),
    _scalar("jobs_ratio_elasticity", None, "1", (0.01, 5.0),
            "calibrated: elasticity of the jobs-to-applicants ratio to vacancies per unemployed person"),
    _region("jobs_ratio_scale", None, "1", (0.0, 100.0),
            "calibrated: jobs-to-applicants ratio at one vacancy per unemployed person; the start equals the 2019 "
            "mean (labour_market.csv)"),
    _scalar("employment_adjustment_time", 1.0, "year", (0.1, 10.0), "PARAMETERS.md H: employment adjustment 1 yr (A)"),
    _scalar("wage_adjustment_time", 1.0, "year", (0.1, 10.0), "assumption: yearly wage rounds (shuntō)"),
    _scalar("labour_share", 0.55, "1", (0.3, 0.8), "PARAMETERS.md B12: 0.5-0.6 (A)"),
    _scalar("wage_tightness_elasticity", 0.1, "1", (0.0, 1.0),
            "assumption: pay per log rise of the jobs ratio (wage curve); small because Japan's wage Phillips curve "
            "has flattened (EVIDENCE K12, K13); swept"),
    _scalar("labour_sharpness", 16.0, "1", (2.0, 100.0),
            "assumption: exponent of the smooth minimum of labour demand and the labour available; with the "
            "frictional share it sets the Beveridge curve the jobs ratio is calibrated on"),
    # Foreign workers (ECONOMY_V2.md §1, block 1; EVIDENCE K16-K18).
    _region("foreign_workers_start", None, "person", (0.0, 1e7),
            "from data: foreign workers (厚労省 外国人雇用状況, EVIDENCE K17) back-cast to October 2020 at Japan's "
            "2023-24 growth (K16); Akita and Yamagata (no count) at the four others' foreign workers per employed "
            "person (assumption)"),
    _region("foreign_worker_growth_start", None, "1/year", (-0.5, 1.0),
            "from data: growth of foreign workers 2022-23 (EVIDENCE K18: Aomori 29 %, Fukushima 21 %; K16 Japan "
            "12.4 % elsewhere)"),
    _scalar("foreign_worker_stay", 4.0, "year", (1.0, 10.0),
            "assumption: average stay of a foreign worker (technical intern training 3-5 years); swept"),
    _scalar("foreign_worker_policy_growth", 0.03, "1/year", (0.0, 0.15),
            "assumption: growth of the inflow from national policy (specified skilled worker quotas) beyond the "
            "shortage response; swept"),
    _scalar("foreign_worker_shortage_elasticity", 1.0, "1", (0.0, 3.0),
            "assumption: inflow per relative rise of the jobs ratio; swept"),
    # Capital, production and demand (§2.3).
    _scalar("capital_share", 0.36, "1", (0.1, 0.6), "PARAMETERS.md B9: θ = 0.36 (U, Hayashi & Prescott 2002)"),
    _scalar("depreciation", 0.08, "1/year", (0.05, 0.12), "PARAMETERS.md B10: 0.07-0.09 (A), the middle"),
    _scalar("capital_output_ratio", 3.0, "year", (1.0, 6.0),
            "derived: θ / (δ + r) = 0.36 / (0.08 + 0.04), with a 4 % real return (assumption)"),
    _scalar("capital_adjustment_time", 4.0, "year", (1.0, 10.0), "PARAMETERS.md H: 3-5 yr (A), the middle"),
    _scalar("normal_utilisation", 0.9, "1", (0.5, 0.99),
            "assumption: output / capacity in normal times (FY2022 on, once the pandemic gap has closed)"),
    _scalar("output_sharpness", 32.0, "1", (2.0, 50.0),
            "assumption: exponent of the smooth minimum of demand and capacity: output follows demand (short run) "
            "until utilisation nears capacity, where demand leaks to imports and wages (long run, supply-led)"),
    _scalar("value_added_multiplier", 0.84, "1", (0.3, 2.0),
            "derived: regional output multiplier 1.5 (PARAMETERS.md E1, A) × value-added ratio 0.56 (E3, Miyagi IO): "
            "GRP per ¥ of final demand met from the region's own production"),
    _scalar("local_content_consumption", 0.665, "1", (0.4, 0.9),
            "EVIDENCE J8 (comparator): 1 − inter-prefectural import ratio 33.5 % (Toyama 1995 IO); no Tohoku table "
            "in sources/"),
    _scalar("local_content_investment", 0.5, "1", (0.3, 0.7),
            "assumption: construction (retained ~68 %, J7) about half of investment, machinery mostly bought from "
            "outside the region; swept"),
    _scalar("local_content_government", 0.9, "1", (0.7, 1.0),
            "assumption: government consumption is mostly public employees' pay and local services; swept"),
    _scalar("local_content_public_works", 0.678, "1", (0.5, 0.9),
            "EVIDENCE J7 (comparator): in-prefecture retention of construction demand 67.8 % (Hiroshima IO); lever and "
            "reconstruction spending"),
    _scalar("consumption_conversion", 0.7243, "1", (0.3, 1.0), "PARAMETERS.md E2: Aomori 2015 IO (S)"),
    _scalar("pension_per_elderly", 1.5, "¥M/(person·year)", (0.0, 5.0),
            "assumption: public pensions per person 65+ (about ¥55trn for 36M in Japan; not in sources/)"),
    _scalar("government_consumption_per_capita", 0.9, "¥M/(person·year)", (0.0, 5.0),
            "assumption: government consumption per person at the start (about ¥113trn for 126M in Japan; not in "
            "sources/)"),
    _scalar("government_population_elasticity", 0.75, "1", (0.6, 0.9),
            "assumption (ECONOMY_V2.md §1.3; EVIDENCE J10-J13: per-head spending rises as places shrink, U-shape "
            "with its minimum near 100-300k): G = G₀ (P/P₀)^β, financed by national transfers; swept 0.6-0.9"),
    _scalar("competitiveness_elasticity", 0.5, "1", (0.0, 1.5),
            "assumption: external demand per unit of relative potential output (the region's market share follows "
            "what it can produce against Japan's trend: loop R6); half way between demand-led (0) and fully "
            "supply-led (1) exports, which keeps pure spending within EVIDENCE P1 to 2035 (with 1 it reaches 2.2 ¥ per "
            "¥ by 2035 through the Verdoorn loop and migration); swept"),
    _scalar("export_cost_elasticity", 1.0, "1", (0.0, 3.0),
            "assumption: fall of external demand per relative rise of unit labour cost (market-share elasticity); "
            "swept"),
    _scalar("national_growth_fy2021", 0.025, "1/year", (-0.1, 0.1),
            "from data: Japan's real GDP growth FY2021 +2.5 % (grp_history.csv)"),
    _scalar("national_growth_fy2022", 0.015, "1/year", (-0.1, 0.1),
            "from data: Japan's real GDP growth FY2022 +1.5 % (grp_history.csv)"),
    _scalar("national_growth_outlook", 0.005, "1/year", (-0.02, 0.03),
            "assumption: Japan's real GDP growth from FY2023 (potential growth of about 0.5 %); swept"),
    _scalar("demand_perception_time", 1.0, "year", (0.25, 5.0), "assumption: firms' demand expectations"),
    _scalar("output_averaging_time", 3.0, "year", (0.5, 10.0), "assumption: horizon of output growth (Verdoorn)"),
    _scalar("verdoorn_coefficient", 0.4, "1", (0.0, 0.6), "PARAMETERS.md B11: 0.3-0.5 (U/A), the middle"),
    _scalar("tfp_growth_gap", None, "1/year", (-0.03, 0.03),
            "calibrated: TFP growth beyond (1 − θ) × national productivity growth, fitted to Aomori's real GRP "
            "FY2011-2019"),
    _scalar("agglomeration_elasticity", 0.05, "1", (0.0, 0.2),
            "assumption: productivity per doubling of density (Ciccone & Hall 1996 order; not in PARAMETERS.md)"),
    _scalar("exit_capital_loss", 0.5, "1", (0.0, 1.0),
            "assumption: share of an exiting firm's average capital lost with it (its jobs follow through labour "
            "demand)"),
    # DX (§2.5).
    Param("dx_start_cumulative", None, (N_DX_STAGES,), "1", (0.0, 1.0),
          "derived: Japan's firms at or beyond each stage (considering, doing, advanced) at the start, least-squares "
          "fit of Japan's staged path to EVIDENCE.md M1 (doing or considering 24.8 % May 2022, 31.2 % Jul-Aug "
          "2023), M2/M3 (doing 15.7 % Jan 2022, 16.4 % May 2023) and D5 (≈5 % transformational) "
          "(calibrated: sim/economy/dx_fit.py by python -m sim.calibrate, dx_diffusion.csv)", dims=("dx_stage",)),
    _scalar("dx_awareness_rate", None, "1/year", (0.0, 1.0),
            "derived: rate at which Japan's larger firms begin considering DX at the start (not started → "
            "considering), same fit"),
    _scalar("dx_implementation_rate", None, "1/year", (0.0, 1.0),
            "derived: rate at which considering firms begin doing DX (larger firms), same fit"),
    _scalar("dx_deepening_rate", 0.1, "1/year", (0.05, 0.2),
            "assumption: doing → advanced; ≈5 % advanced (D5) accumulated in about five years since METI's 2018 DX "
            "report from ≈10 % doing: 5 / (10 × 5) = 0.1; range 5-20 years on average to get there"),
    _scalar("dx_imitation_share", 0.5, "1", (0.0, 0.9),
            "assumption: share of the awareness rate at the start due to imitation of doers (loop R8+); the two "
            "survey years cannot separate it from the external rate"),
    _scalar("dx_small_firm_share", None, "1", (0.5, 1.0),
            "from data: small enterprises (小規模企業) / all enterprises, Japan 2014 (enterprises.csv); Miyagi's "
            "84.4 % is within a point"),
    _scalar("dx_small_level_ratio", None, "1", (0.11, 0.28),
            "from data: doing share of small firms relative to larger, EVIDENCE.md M2: mean of ≤5 and 6-20 "
            "employees (5.5, 9.9 %) / 101-300 (35.4 %) (21-100 not published); range 5.5/49.5 to 9.9/35.4"),
    _scalar("dx_small_rate_ratio", 0.5, "1", (0.2, 1.0),
            "assumption: small firms' transition rates relative to larger firms'; ≈ √(level ratio) because a "
            "two-stage chain started together gives a doing-share ratio of the rate ratio squared; range from the "
            "level ratio (rates as unequal as levels) to 1 (no rate lag)"),
    _scalar("dx_digital_proxy_ratio", None, "1", (0.0, 1.0),
            "from data: telework share of employees, regional cities / Japan 2022, 17.5 / 26.1 (PARAMETERS.md A18, "
            "MLIT): the digital-practice gap of places like Tohoku (no Tohoku DX share exists: EVIDENCE.md M7)"),
    _scalar("dx_proxy_elasticity", 0.5, "1", (0.0, 1.0),
            "assumption: how much of the telework gap is a DX gap (0: none, 1: all; telework also reflects "
            "the occupation mix)"),
    _region("dx_ceo_age_gap", None, "year", (-10.0, 10.0),
            "from data: average CEO age 2021 minus Japan's (PARAMETERS.md C6: Akita +2.0, Iwate +1.8, Aomori +1.6); "
            "Miyagi, Yamagata, Fukushima not published: the mean of the three (assumption)"),
    _scalar("dx_ceo_age_slope", None, "1/year", (0.0, 0.05),
            "derived: fall of the doing share per year of CEO age relative to the mean, EVIDENCE.md M3: (20.1 − "
            "12.2) % over the ≤39 and 70+ class centres (35 and 73, assumption) / 15.7 %"),
    _scalar("dx_catch_up", 1.0, "1", (0.0, 3.0),
            "assumption: the region's transition rates rise by this × its relative depth gap to Japan "
            "(learning from the national frontier; 0: no convergence beyond the region's own dynamics)"),
    _scalar("dx_advanced_weight", 2.0, "1", (1.0, 3.0),
            "assumption: productivity weight of an advanced firm relative to a doing firm (PARAMETERS.md D6: "
            "advanced digital stages raised productivity most)"),
    _scalar("dx_productivity_gain", 0.10, "1", (0.05, 0.15),
            "PARAMETERS.md D7: premium of a firm doing DX, +5-15 % (A); advanced firms dx_advanced_weight times"),
    _scalar("dx_implementation_time", 2.5, "year", (1.0, 5.0), "PARAMETERS.md D7: phased over 2-3 yr (A)"),
    _scalar("talent_capability_elasticity", 0.3, "1", (0.0, 1.0),
            "assumption: elasticity of DX imitation and of innovation effectiveness to remote talent"),
    # Innovation (§2.6).
    _scalar("rd_share_of_grp", 0.035, "1", (0.0, 0.1),
            "assumption: R&D and innovation spending / GRP at Japan's intensity (~3.5 %; R&D was not collected, "
            "sources/README.md gaps); with η = 0.07 and δ_R = 0.15 it gives a 30 % yearly return to knowledge, the "
            "range of Hall, Mairesse & Mohnen 2010 (PARAMETERS.md R91)"),
    _scalar("knowledge_depreciation", 0.15, "1/year", (0.05, 0.3), "PARAMETERS.md D4: 0.15 (U)"),
    _scalar("knowledge_elasticity", 0.07, "1", (0.05, 0.10), "PARAMETERS.md D3: 0.05-0.10 (A), the middle"),
    # Energy (§2.6).
    Param("capacity_factor", np.array([0.14, 0.27, 0.35, 0.70]), (N_TECHNOLOGIES,), "1", (0.0, 1.0),
          "PARAMETERS.md F11 (A): solar 13-15 %, wind 20-35 %; offshore wind 35 % and biomass 70 % assumptions",
          dims=("technology",)),
    Param("renewable_unit_cost", np.array([0.25, 0.35, 0.55, 0.45]), (N_TECHNOLOGIES,), "¥bn/MW", (0.01, 5.0),
          "assumption: capital cost per MW (order of Japan's cost verification; not in sources/)",
          dims=("technology",)),
    Param("green_technology_mix", np.array([0.3, 0.3, 0.3, 0.1]), (N_TECHNOLOGIES,), "1", (0.0, 1.0),
          "assumption: how the green-energy lever's budget is split across technologies", dims=("technology",)),
    _scalar("green_additionality", 0.7, "1", (0.0, 1.0),
            "assumption: share of the capacity the green-energy lever funds that the market (FIT/FIP) would not have "
            "built anyway; no evaluation in the data; sweep 0.4-1"),
    _scalar("renewable_lifetime", 20.0, "year", (10.0, 40.0), "assumption: the 20-year FIT period"),
    _scalar("construction_time", 2.0, "year", (0.5, 5.0), "PARAMETERS.md H: renewable construction 1-3 yr (A)"),
    # Energy demand by carrier and CO2 (MODEL.md §2.6; carriers and their sources in energy.py).
    _scalar("grid_factor_fy2013", 0.589, "kg-CO2/kWh", (0.3, 0.8),
            "EVIDENCE.md N1: Tohoku Electric's adjusted CO2 factor FY2013 (S)"),
    _scalar("grid_factor_fy2021", 0.42, "kg-CO2/kWh", (0.2, 0.7),
            "EVIDENCE.md N4 (D): 0.589 × (1 − 0.288), Tohoku Electric's emissions −28.8 % vs FY2013 (N3) at about "
            "FY2013's sales; the factors FY2014-2020 are not found, so the path is linear in between"),
    _scalar("grid_factor_cut_2030", 0.5, "1", (0.0, 1.0),
            "EVIDENCE.md N3: Tohoku Electric's target, emissions −50 % vs FY2013 by FY2030, read as the factor's cut "
            "(assumption: sales about FY2013's); the path is linear FY2021-2030; sweep range 0.3-0.6 (target partly "
            "to fully met)"),
    _scalar("grid_factor_decline_after_2030", 0.03, "1/year", (0.0, 0.2),
            "assumption: the grid factor keeps falling after FY2030 toward Japan's 2050 net zero (no path in the "
            "data); sweep range 0-0.07/yr"),
    Param("fuel_emission_factor", np.array([0.26, 0.247, 0.24]), (N_FUELS,), "kg-CO2/kWh", (0.15, 0.40),
          "assumption (standard factors, not in the data): 地球温暖化対策推進法施行令 別表第1 / IPCC 2006 Vol. 2 "
          "Table 1.4, per kWh of fuel heat: gasoline 0.241, diesel 0.247, kerosene 0.244, heavy oil A 0.250, LPG "
          "0.212, city gas 0.179, steam coal 0.326; industry 0.26 (oil with some coal and gas), transport 0.247 "
          "(diesel and gasoline), buildings 0.24 (kerosene heating with LPG and gas)", dims=("fuel",)),
    _scalar("efficiency_gain_electricity", 0.005, "1/year", (0.0, 0.05),
            "assumption: electricity per unit of activity falls 0.5 %/yr (appliances, LED; offset by electrification "
            "of heat and cars); sweep range 0-1.5 %/yr"),
    _scalar("efficiency_gain_industry_fuels", 0.01, "1/year", (0.0, 0.05),
            "assumption: industrial fuel per ¥ of output falls 1 %/yr (Japan's manufacturing energy intensity "
            "trend, order of magnitude); sweep range 0-2.5 %/yr"),
    _scalar("efficiency_gain_transport_fuels", 0.015, "1/year", (0.0, 0.05),
            "assumption: transport fuel per unit of activity falls 1.5 %/yr (fuel economy of the fleet, hybrids and "
            "electric cars; electric cars' power is not moved to electricity); sweep range 0.5-3 %/yr"),
    _scalar("efficiency_gain_building_fuels", 0.01, "1/year", (0.0, 0.05),
            "assumption: heating fuel per household / ¥ of commercial output falls 1 %/yr (insulation, heat pumps); "
            "sweep range 0-2.5 %/yr"),
    Param("energy_output_weight", None, (N_CARRIERS,), "1", (0.0, 1.0),
          "derived (energy fit): share of each carrier driven by output, the rest by population: the output-driven "
          "sectors' (industry, commercial, freight) part of its FY2020 CO2 in the sector split", dims=("carrier",)),
    Param("energy_demand_start", None, RC, "GWh/year", (0.0, 1e6),
          "calibrated: final energy demand by carrier in FY2020, fitted to the prefectural inventories "
          "(co2_energy.csv, EVIDENCE.md N5); Yamagata by transfer", dims=DIMS_RC),
    _scalar("renewable_primary_factor", 2.711, "1", (1.0, 3.0),
            "assumption: renewable power counted at its primary-energy equivalent, 9.76 MJ/kWh (Japan's energy "
            "statistics' heat value of grid power) / 3.6 MJ/kWh, as Fukushima's share of primary energy demand "
            "counts it (sources/README caveat 6)"),
    _region("energy_co2_fy2013", None, "Mt-CO2/year", (0.0, 1e3),
            "calibrated: energy CO2 in FY2013 (the base year of Japan's −46 % target) from the energy fit's levels"),
    _scalar("energy_spending_share", 0.06, "1", (0.0, 0.2),
            "assumption: energy's share of household spending, paid outside the region unless renewable"),
    _scalar("local_value_share", 0.35, "1", (0.2, 0.5), "PARAMETERS.md F10: 20-50 % (A), the middle"),
    _region("market_additions", None, "MW/year", (0.0, 1e5),
            "calibrated: renewable additions without policy; Fukushima fitted to its capacity and share series"),
    Param("renewable_capacity_start", None, RT, "MW", (0.0, 1e6),
          "from data: Fukushima FY2020 capacity (energy_reconstruction.csv); others from Tohoku totals",
          dims=DIMS_RT),
    _region("other_renewable_generation", None, "GWh/year", (0.0, 1e6),
            "calibrated: hydro and geothermal counted in the renewable share (Fukushima fit)"),
    _region("other_electricity_generation", None, "GWh/year", (0.0, 1e6),
            "calibrated: renewable generation the electricity share counts beyond the energy share's (large "
            "hydro above all: the capacity series exclude it); Fukushima's closes its FY2020 share of electricity "
            "consumption (83.6 %, energy_reconstruction.csv), 0 for the five (no statistic)"),
    # Firms (§2.4).
    _region("startup_rate_start", None, "1/year", (0.0, 0.5),
            "from data: establishment opening rate FY2013, employment-insurance basis (business_dynamics.csv, "
            "PARAMETERS.md C1): Miyagi 6.12 %, Japan 4.81 % for the five without published rates"),
    _region("closure_rate_start", None, "1/year", (0.0, 0.5),
            "from data: establishment closure rate FY2013, employment-insurance basis (business_dynamics.csv): "
            "Miyagi 3.97 %, Japan 4.05 % for the five without published rates"),
    _region("firm_net_change", None, "1/year", (-0.2, 0.2),
            "from data: establishments change 2012-2016, census basis, annualised (enterprises.csv); Japan's where "
            "missing. Closures at the start are at least the startups less this trend: the employment-insurance "
            "closure rate misses the exits of sole proprietors without insured staff"),
    _region("succession_closures_start", None, "enterprise/year", (0.0, 1e5),
            "from data: closures (休廃業・解散, TSR) 2017-2018 mean (enterprises.csv)"),
    _region("successor_absence_start", None, "1", (0.0, 1.0),
            "from data: successor absence (TDB where published, else the TSR Tohoku mean 51 %)"),
    _scalar("old_owner_share", 0.6, "1", (0.1, 0.95),
            "assumption: firms with an owner 60+; average CEO age 62 in Tohoku (PARAMETERS.md C6)"),
    _scalar("startup_demand_elasticity", 2.0, "year", (0.0, 10.0),
            "assumption: startups per unit of demand growth rate"),
    _scalar("exit_utilisation_elasticity", 1.0, "1", (0.0, 5.0), "assumption: exits rise as utilisation falls"),
    _scalar("successor_young_elasticity", 0.5, "1", (0.0, 3.0),
            "assumption: successor absence rises as the young share falls (R9)"),
    _scalar("supplier_leakage_elasticity", 0.1, "1", (0.0, 1.0),
            "assumption: leakage per log fall of firms per head (R10)"),
    _scalar("service_leakage_elasticity", 0.1, "1", (0.0, 0.5),
            "assumption: leakage per log fall of service access (residents shop and use services in other "
            "prefectures as facilities close: ECONOMY_V2.md §1, services); as the supplier elasticity; swept"),
    # Talent (§2.7).
    _region("remote_talent_start", None, "FTE", (0.0, 1e7),
            "from data and assumption: side-job holders (A22) × Tokyo-area share × 0.5 % for Tohoku firms × 0.2 FTE"),
    _scalar("remote_talent_time", 3.0, "year", (0.5, 10.0), "assumption: average length of a side-job engagement"),
    _scalar("skill_adjustment_time", 10.0, "year", (2.0, 40.0), "assumption: workforce renewal"),
    _scalar("brain_drain_elasticity", 0.1, "1", (0.0, 1.0),
            "assumption: skill index lost per relative rise of the young out-migration rate (R13)"),
    _region("telework_share_start", 0.175, "1", (0.0, 1.0), "PARAMETERS.md A18: regional cities 2022 (S)"),
    # Attractiveness (§2.1).
    _scalar("wage_attractiveness", None, "1", (0.0, 10.0),
            "calibrated: reproduces +0.4 pp net migration per +10 % income (PARAMETERS.md A14)"),
    _scalar("jobs_attractiveness", 0.5, "1", (0.0, 5.0), "assumption: weight of log job-opening ratio"),
    _scalar("services_attractiveness", 0.5, "1", (0.0, 5.0), "assumption: weight of log service index"),
    _scalar("everyday_services_weight", 0.5, "1", (0.0, 1.0),
            "assumption: weight of firms per head (shops, everyday services; loop R9) against facility access "
            "(services.py) in the service index; 1 gives the first economy's index"),
    # Services (spiral S3, services.py).
    Param("facility_anchor_population", np.array([77500.0, 125000.0, 275000.0, 275000.0, 87500.0]), FAC, "person",
          (1.0, 1e7), "EVIDENCE.md L1-L2 (MLIT 国土のグランドデザイン2050): municipal population at the anchor "
                      "probability: shopping centre 50 % 77,500; university 50 % 125,000; department store and "
                      "救命救急センター 80 % 275,000; museum 80 % 87,500", dims=DIMS_FAC),
    Param("facility_anchor_probability", np.array([0.5, 0.5, 0.8, 0.8, 0.8]), FAC, "1", (0.01, 0.99),
          "EVIDENCE.md L1-L2: the probability each anchor population is published for", dims=DIMS_FAC),
    Param("facility_log_width", np.array([SHOPPING_WIDTH] + [ONE_POINT_WIDTH] * 4), FAC, "1", (0.05, 0.5),
          "shopping centre derived from its two points, ln(92,500 / 77,500) / ln 4 (L2); the others, with one "
          "point, assumption: the mean of the two widths in the chart, shopping centre 0.128 and Starbucks 0.326 "
          "(ln(275k / 175k) / ln 4, L1); range 0.128-0.326", dims=DIMS_FAC),
    Param("facility_weight", np.full(N_FACILITIES, 0.2), FAC, "1", (0.0, 1.0),
          "assumption: equal weights of the facilities in the access index (sum 1)", dims=DIMS_FAC),
    Param("city_population_share", None, (N_REGIONS, N_CITIES), "1", (0.0, 1.0),
          "from data: the five largest municipalities' census 2020 populations / the prefecture's "
          "(urban_areas.csv: 6 of 30 checked against official tables, 21 against secondary pages, 3 still "
          "recalled); the rest of the prefecture is counted without these facilities",
          dims=("region", "city")),
    _scalar("telework_attractiveness", 1.0, "1", (0.0, 10.0), "assumption: weight of the telework share"),
    _scalar("attractiveness_perception_time", 4.0, "year", (0.5, 20.0), "PARAMETERS.md A17: 3-5 yr (S/A)"),
    # Reconstruction (§2.8).
    _scalar("reconstruction_baseline_budget", 320.0, "¥bn/year", (0.0, 1e4),
            "PARAMETERS.md G9: ¥1.6trn over FY2021-25 (S/D)"),
    _region("reconstruction_baseline_allocation", None, "1", (0.0, 1.0),
            "derived: Fukushima 1.1 of 1.6trn (G9); the rest to Iwate and Miyagi by population"),
    _scalar("reconstruction_baseline_end", 2025.5, "year", (2000.0, 2100.0), "G9: end of FY2025 (March 2026)"),
    _scalar("reconstruction_baseline_decline", 0.15, "1/year", (0.0, 2.0),
            "assumption: the reconstruction demand cliff after FY2025"),
    _scalar("coastal_spending_share", 0.5, "1", (0.0, 1.0),
            "assumption: share of reconstruction spending tied to the coastal gap (B10)"),
    _region("coastal_gap_start", None, "1", (0.0, 1.0), "calibrated: hyperbolic fit of the coastal recovery data"),
    _scalar("coastal_closure_rate", None, "1/year", (0.0, 10.0),
            "calibrated: closure rate of the coastal gap at full spending"),
    # Levers (§4).
    _lever("lever_budget", 0.0, "¥bn/year", (0.0, 1e5), "scenario: budget above business as usual, Tohoku total"),
    _lever("lever_start", 2022.0, "year", (1900.0, 2100.0), "MODEL.md §4: default 2022 (first policy year)"),
    _lever("lever_ramp", 2.0, "year", (0.0, 50.0), "assumption: budgets reach full size over two years"),
    _lever("lever_end", 2100.0, "year", (1900.0, 2200.0), "scenario: default no end within the run"),
    Param("lever_allocation", None, (N_LEVERS, N_REGIONS), "1", (0.0, 1.0),
          "scenario: share of each lever's budget per prefecture (rows sum to 1); default by population 2020",
          dims=("lever", "region")),
    # Each lever buys physical units at a documented unit cost (ECONOMY_V2.md §2, docs/LEVERS.md).
    _scalar("innovation_additionality", 1.0, "1", (0.0, 1.0),
            "EVIDENCE.md I3: Japanese public R&D subsidies neither crowd out nor crowd in firms' own R&D, so ¥1 "
            "of the budget is ¥1 of additional R&D; sweep 0.5-1 (assumption: projects that would have run anyway)"),
    _scalar("dx_cost_per_firm", 3.0, "¥M/enterprise", (0.1, 20.0),
            "EVIDENCE.md I12-I13: ¥0.4-0.5M per firm (IT導入補助金) to ¥7.8-12.8M (ものづくり補助金); ¥3M a mix "
            "weighted to the smaller grants (assumption); sweep 0.5-10"),
    _scalar("dx_additionality", 0.1, "1", (0.0, 1.0),
            "assumption: share of supported firms that take one more DX step than they would have; EVIDENCE.md P3 "
            "(RDD: value added of ものづくり補助金 adopters not significantly different, central estimate negative, "
            "I9-I10) says ≈ 0: a small share, swept 0-0.3"),
    _scalar("dx_investment_share", 0.5, "1", (0.0, 1.0), "assumption: share of the DX budget that is capital"),
    _scalar("leading_industry_cost_per_job", 32.2, "¥M/job", (1.0, 200.0),
            "EVIDENCE.md I21: subsidy per planned job of the Fukushima location subsidy, ¥26.4-47.8M; 32.2 the "
            "2012-17 cumulative (505 firms, 6,316 jobs); sweep 26-48"),
    _scalar("leading_industry_private_investment", 1.07, "1", (0.0, 5.0),
            "EVIDENCE.md I23: private investment per ¥ of location subsidy, 0.6-2.0; 1.07 the 2013 cumulative "
            "(¥395.7bn planned on ¥191.2bn); sweep 0.6-2.0"),
    _scalar("leading_industry_deadweight", 0.3, "1", (0.0, 1.0),
            "assumption: share of subsidised plants that would have located anyway (the I-rows are gross, before "
            "deadweight; none measured); sweep 0-0.6"),
    _scalar("sme_cost_per_firm", 4.5, "¥M/enterprise", (0.5, 50.0),
            "EVIDENCE.md I35/P7: 事業承継補助金 FY2021 request ¥2.7bn for 600 firms a year"),
    _scalar("sme_averted_share", 0.2, "1", (0.0, 1.0),
            "PARAMETERS.md C8 / EVIDENCE.md I36: closures averted per firm supported, 10-30 % (A, no causal "
            "evaluation found); the middle; sweep 0.1-0.3"),
    _scalar("talent_mover_share", 0.5, "1", (0.0, 1.0),
            "assumption: share of the talent budget spent on relocation grants (移住支援金); the rest on reskilling, "
            "remote and side-job talent and telework"),
    _scalar("talent_training_share", 0.3, "1", (0.0, 1.0),
            "assumption: share of the talent budget spent on reskilling (the rest after grants and training funds "
            "remote and side-job talent and telework)"),
    _scalar("talent_cost_per_trainee", 0.5, "¥M/person", (0.05, 5.0),
            "assumption: public cost of a reskilling course per trainee (no figure in the data); sweep 0.2-1.5"),
    _scalar("training_skill_gain", 0.05, "1", (0.0, 0.3),
            "assumption: productivity gain of a trained worker while the training lasts (the skill index's "
            "renewal time); no figure in the data; sweep 0-0.1"),
    _scalar("talent_cost_per_mover", 0.55, "¥M/person", (0.1, 10.0),
            "EVIDENCE.md I42/P5: gross public cost per mover ¥0.4-0.7M (¥0.94M per payment, 1.4-2.2 movers per "
            "payment); sweep 0.4-1.0 (higher child rates from FY2023)"),
    _scalar("talent_deadweight", 0.5, "1", (0.0, 1.0),
            "assumption: share of grant-receiving movers who would have moved anyway; 91 % of recipients are "
            "teleworkers keeping their job (EVIDENCE.md I40); sweep 0.2-0.9"),
    _scalar("talent_teleworkers_per_mover", 0.5, "1", (0.0, 1.0),
            "EVIDENCE.md I40-I41: 91 % of relocation-grant payments (Tochigi FY2022) went to teleworkers keeping "
            "their job outside the region, and a payment moves 1.4-2.2 people: 0.91 / 1.8 ≈ 0.5 teleworking "
            "workers per mover; sweep 0.4-0.65"),
    _scalar("remote_mover_tenure", 10.0, "year", (1.0, 50.0),
            "assumption: years a teleworking mover keeps the outside job before working in the region or retiring "
            "(no data); sweep 5-20"),
    _scalar("talent_mover_pool", 10000.0, "person/year", (0.0, 1e6),
            "assumption: most additional movers a year that grants could draw to Tohoku (the whole national "
            "programme moved 7,800-11,200 people a year in FY2023-24, EVIDENCE.md I37, against a Tokyo-area net "
            "inflow of 90-150k, P5); shared by population; sweep 3,000-30,000"),
    _scalar("talent_remote_effect", 0.3, "1/‰", (0.0, 5.0), LEVER_SOURCE),
    _scalar("talent_telework_effect", 0.01, "1/‰", (0.0, 0.2), LEVER_SOURCE),
    _scalar("reconstruction_works_efficiency", 1.0, "1", (0.0, 2.0),
            "derived: the lever's coastal works close the gap per ¥ as the scheduled FY2021-25 budget does (G9 and the "
            "calibrated closure rate); sweep 0.5-1 (the cheapest works came first)"),
    _scalar("reconstruction_return_share", 0.1, "1", (0.0, 1.0),
            "assumption: share of the reconstruction lever spent on support for evacuees' return to Fukushima"),
    _scalar("reconstruction_cost_per_return", 1.0, "¥M/person", (0.1, 20.0),
            "assumption: support per returning evacuee, as the relocation grant per payment (EVIDENCE.md I40: "
            "¥0.94M); no evaluation of return support in the data; sweep 0.5-5"),
    _scalar("reconstruction_return_deadweight", 0.5, "1", (0.0, 1.0),
            "assumption: supported returns that would have happened anyway (G6: ~30 % of evacuees undecided, up to "
            "~60 % will not return); sweep 0.2-0.9"),
    _scalar("chi_dx_talent", 0.1, "1/‰", (0.0, 5.0), "assumption: cross effect χ, DX × talent (MODEL.md §4)"),
    _scalar("chi_innovation_dx", 0.1, "1/‰", (0.0, 5.0), "assumption: cross effect χ, innovation × DX"),
    _scalar("chi_innovation_talent", 0.1, "1/‰", (0.0, 5.0), "assumption: cross effect χ, innovation × talent"),
    Param("loop_gate", np.ones(N_LOOPS), (N_LOOPS,), "1", (0.0, 1.0),
          "knock-out gates of the named loops (sim.model.loops; 1 = acting, 0 = cut)", dims=("loop",)),
]


def _aux(name, units, description, shape=R, dims=DIMS_R):
    return Aux(name, shape, units, description, dims=dims)


ECONOMY_AUX = [
    _aux("national_growth_factor", "1", "Japan's productivity path since 2020: exp(g (t - 2020))", (), ()),
    _aux("national_demand", "1", "Japan's real GDP relative to FY2020 (FY2021-22 data, then the outlook)", (), ()),
    _aux("pandemic_cycle", "1", "Japan's real GDP relative to its post-pandemic trend (1 from FY2022)", (), ()),
    _aux("tfp_trend_factor", "1", "TFP trend since 2020: exp(((1 - theta) g + gap) (t - 2020))", (), ()),
    _aux("japan_productivity", "¥M/worker", "Japan's labour productivity on its exogenous path", (), ()),
    _aux("japan_pay_log_growth", "1", "ln of Japan's (and the Tokyo area's) pay growth since the run's start: its "
         "productivity path", (), ()),
    _aux("japan_income_per_capita", "¥k/person", "Japan's income per head on its exogenous path", (), ()),
    _aux("attractiveness_factor", "1", "2^(perceived attractiveness), clipped (talent.py)"),
    _aux("talent_capability", "1",
         "Remote talent's effect on DX imitation and innovation, (RT/RT_ref)^kappa (talent.py)"),
    _aux("population_now", "person", "Population incl. the year's newborns (at the evaluation time)"),
    _aux("working_age_population", "person", "Population aged 15-64"),
    _aux("participants", "person", "Population weighted by the 2020 participation profile (sex, age)"),
    _aux("participation_headroom", "person/year", "Population weighted by the participation trend (sex, age)"),
    _aux("elderly_population", "person", "Population aged 65 and over"),
    _aux("young_population", "person", "Population aged 15-29"),
    _aux("lever_spending", "¥bn/year", "Spending of each lever per prefecture", (N_LEVERS, N_REGIONS),
         ("lever", "region")),
    _aux("lever_intensity", "‰", "Lever spending per ¥1,000 of start GRP", (N_LEVERS, N_REGIONS), ("lever", "region")),
    _aux("reconstruction_spending", "¥bn/year", "Reconstruction spending on its scheduled path"),
    _aux("out_migration_factor", "1", "Attractiveness multiplier on out-migration"),
    _aux("in_migration_factor", "1", "Attractiveness multiplier on in-migration"),
    _aux("u_turn_factor", "1", "Attractiveness and talent multiplier on U-turns"),
    _aux("extra_arrivals", "person/year", "I-turns of remote workers, movers drawn by relocation grants and evacuee "
         "returns"),
    _aux("granted_movers", "person/year", "Additional movers drawn by the talent lever's relocation grants"),
    _aux("grp_real", "¥bn/year", "Real GRP (FY2020 prices)"),
    _aux("capacity", "¥bn/year", "Production capacity"),
    _aux("demand", "¥bn/year", "Demand for the region's output"),
    _aux("consumption", "¥bn/year", "Household consumption of local output"),
    _aux("investment", "¥bn/year", "Investment"),
    _aux("external_demand", "¥bn/year", "External demand (rest of Japan and abroad)"),
    _aux("leakage", "1", "Share of household spending leaking out of the region"),
    _aux("tfp", "1", "TFP relative to the start"),
    _aux("labour_force", "person", "Labour force"),
    _aux("employment", "person", "Employed persons (employment rate × labour force)"),
    _aux("labour_demand", "person", "Labour demand"),
    _aux("vacancies", "person", "Labour demand not met by employment (unfilled jobs)"),
    _aux("unemployment_rate", "1", "Unemployed / labour force"),
    _aux("jobs_to_applicants_ratio", "1", "Jobs-to-applicants ratio comparable to the published 有効求人倍率"),
    _aux("jobs_ratio_log_change", "1", "ln(jobs ratio / its reference path): wages, foreign workers, attractiveness"),
    _aux("government_consumption", "¥bn/year", "Government consumption (financed by national transfers)"),
    _aux("unit_labour_cost_relative", "1", "Unit labour cost relative to the start (Japan's constant)"),
    _aux("labour_productivity", "¥M/worker", "GRP per employed person"),
    _aux("productivity_ratio_japan", "1", "Labour productivity relative to Japan"),
    _aux("income_per_capita", "¥k/person", "Prefectural income per head"),
    _aux("income_per_capita_ratio_japan", "1", "Income per head relative to Japan"),
    _aux("startups", "enterprise/year", "Startups"),
    _aux("closures", "enterprise/year", "Closures: market exits and succession closures"),
    _aux("successor_absence", "1", "Share of old-owner firms without a successor"),
    _aux("energy_efficiency", "1", "Energy per unit of activity relative to 2020, by carrier", (N_CARRIERS,),
         ("carrier",)),
    _aux("grid_emission_factor", "kg-CO2/kWh", "CO2 per kWh of grid electricity on its path", (), ()),
    _aux("renewable_share", "1", "Renewable generation (primary equivalent) / final energy demand, at most 1"),
    _aux("renewable_share_electricity", "1", "Renewable generation / electricity demand, at most 1"),
    _aux("co2_emissions", "Mt-CO2/year", "Energy CO2: grid electricity and fuels"),
    _aux("co2_electricity", "Mt-CO2/year", "CO2 of the grid electricity consumed"),
    _aux("co2_fuels", "Mt-CO2/year", "CO2 of the fuels burnt (industry, transport, buildings)"),
    _aux("co2_reference_fy2013", "Mt-CO2/year", "Energy CO2 in FY2013 (the reference of Japan's −46 % target)"),
    _aux("co2_change_since_fy2013", "1", "Energy CO2 relative to FY2013, minus 1"),
    _aux("energy_demand", "GWh/year", "Final energy demand, all carriers"),
    _aux("electricity_demand", "GWh/year", "Electricity demand"),
    _aux("telework_share", "1", "Share of workers teleworking"),
    _aux("dx_adoption", "1", "Share of firms doing DX (doing or advanced, size classes weighted by firm count)"),
    _aux("dx_depth", "1", "DX depth index: (doing + ω advanced) / ω, 0 = none, 1 = every firm advanced"),
    _aux("dx_adoption_japan", "1", "Share of Japan's firms doing DX (reference path)", (), ()),
    _aux("dx_depth_japan", "1", "Japan's DX depth index (reference path)", (), ()),
    _aux("dx_lag", "1", "Japan's DX depth index minus the prefecture's"),
    _aux("service_access", "1",
         "Service access: population-weighted presence probability of higher-order facilities (services.py)"),
    _aux("service_access_log_ratio", "1", "ln(service access / its start value): attractiveness and leakage"),
]
