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
from sim.model.dimensions import N_REGIONS
from sim.model.levers import CARRIERS, FUELS, N_CARRIERS, N_FUELS, N_LEVERS, N_TECHNOLOGIES
from sim.model.loops import N_LOOPS

R = (N_REGIONS,)
DIMS_R = ("region",)
RT = (N_REGIONS, N_TECHNOLOGIES)
DIMS_RT = ("region", "technology")
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
    _stock("expected_demand", "¥bn/year", "Demand as firms perceive it (first-order smooth of demand)"),
    _stock("output_average", "¥bn/year", "Average of output over the Verdoorn averaging time (for output growth)"),
    Stock("verdoorn", R, "1", dims=DIMS_R, description="Log TFP gained from output growth (Kaldor-Verdoorn)"),
    _stock("employment", "person", "Employed persons"),
    _stock("wage", "¥M/(worker·year)", "Average pay per worker (adjusts toward labour share × productivity)"),
    _stock("firms", "enterprise", "Enterprises"),
    _stock("firms_old_owner", "enterprise", "Enterprises whose owner is 60 or over"),
    _stock("cumulative_startups", "enterprise", "Startups since the start"),
    _stock("cumulative_closures", "enterprise", "Closures (market exits and succession closures) since the start"),
    _stock("dx_adoption", "1", "Share of firms doing DX (Bass diffusion)"),
    _stock("dx_effect", "1", "DX share phased in over the implementation time (what raises TFP)"),
    _stock("dx_adoption_japan", "1", "Share of Japan's firms doing DX (the same Bass diffusion, without policy)", (), ()),
    _stock("dx_effect_japan", "1", "Japan's DX share phased in (the reference for relative productivity)", (), ()),
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
    _ref("labour_demand_scale", "1", "labour demand per worker at the start output/capacity ratio"),
    _ref("participation", "1", "labour force per weighted person aged 15-74"),
    _ref("labour_force", "person", "labour force"),
    _ref("job_opening_ratio", "1", "labour demand / labour force"),
    _ref("wage", "¥M/(worker·year)", "pay per worker"),
    _ref("output", "¥bn/year", "GRP"),
    _ref("capacity", "¥bn/year", "production capacity"),
    _ref("demand", "¥bn/year", "demand"),
    _ref("competitiveness", "1", "productive capacity relative to the start and the national growth path"),
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
    _ref("dx_adoption", "1", "DX share"),
    _ref("knowledge", "¥bn", "knowledge stock (R&D in steady state)"),
    _ref("renewable_share", "1", "renewable share of energy demand"),
    _ref("renewable_generation", "GWh/year",
         "renewable generation (already in the grid factor and the inventories; only more displaces grid power)"),
    _ref("coastal_gap", "1", "coastal recovery gap"),
    _ref("i_turn_base", "person/year", "I-turns of fully remote Tokyo-area workers at the start"),
    _ref("exit_loss_rate", "1/year", "share of capital lost with exiting firms per year"),
    _ref("start_year", "year", "time at the start of the run"),
]

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
    # Labour market (§2.2).
    _scalar("older_worker_weight", 0.5, "1", (0.0, 1.0),
            "assumption: participation at 65-74 relative to 15-64 (no participation data in sources/; about half in "
            "Japan's Labour Force Survey)"),
    _scalar("labour_slack", 0.03, "1", (0.0, 0.5),
            "assumption: labour force not employed at the start, about Japan's unemployment rate in 2020 (not in "
            "sources/)"),
    _scalar("participation_trend", 0.002, "1/year", (-0.02, 0.02),
            "assumption: participation rising for women and 65-74 (MODEL.md §2.2, A)"),
    _scalar("employment_adjustment_time", 1.0, "year", (0.1, 10.0), "PARAMETERS.md H: employment adjustment 1 yr (A)"),
    _scalar("wage_adjustment_time", 1.0, "year", (0.1, 10.0), "assumption: yearly wage rounds (shuntō)"),
    _scalar("labour_share", 0.55, "1", (0.3, 0.8), "PARAMETERS.md B12: 0.5-0.6 (A)"),
    _scalar("wage_tightness_elasticity", 0.3, "1", (0.0, 2.0),
            "assumption: pay rises with the job-opening ratio (wage curve)"),
    _scalar("labour_sharpness", 20.0, "1", (2.0, 100.0),
            "assumption: exponent of the smooth minimum of labour demand and labour force"),
    # Capital, production and demand (§2.3).
    _scalar("capital_share", 0.36, "1", (0.1, 0.6), "PARAMETERS.md B9: θ = 0.36 (U, Hayashi & Prescott 2002)"),
    _scalar("depreciation", 0.08, "1/year", (0.05, 0.12), "PARAMETERS.md B10: 0.07-0.09 (A), the middle"),
    _scalar("capital_output_ratio", 3.0, "year", (1.0, 6.0),
            "derived: θ / (δ + r) = 0.36 / (0.08 + 0.04), with a 4 % real return (assumption)"),
    _scalar("capital_adjustment_time", 4.0, "year", (1.0, 10.0), "PARAMETERS.md H: 3-5 yr (A), the middle"),
    _scalar("normal_utilisation", 0.9, "1", (0.5, 0.99), "assumption: output / capacity at the start"),
    _scalar("output_sharpness", 8.0, "1", (2.0, 50.0),
            "assumption: exponent of the smooth minimum of demand and capacity"),
    _scalar("value_added_multiplier", 0.84, "1", (0.3, 2.0),
            "derived: regional output multiplier 1.5 (PARAMETERS.md E1, A) × value-added ratio 0.56 (E3, Miyagi IO)"),
    _scalar("consumption_conversion", 0.7243, "1", (0.3, 1.0), "PARAMETERS.md E2: Aomori 2015 IO (S)"),
    _scalar("pension_per_elderly", 1.5, "¥M/(person·year)", (0.0, 5.0),
            "assumption: public pensions per person 65+ (about ¥55trn for 36M in Japan; not in sources/)"),
    _scalar("government_consumption_per_capita", 0.9, "¥M/(person·year)", (0.0, 5.0),
            "assumption: government consumption per person (about ¥113trn for 126M in Japan; not in sources/)"),
    _scalar("competitiveness_elasticity", 1.0, "1", (0.0, 3.0),
            "assumption: external demand per unit of relative productivity"),
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
    _scalar("dx_start_share", 0.157, "1", (0.0, 1.0), "PARAMETERS.md D5: firms understanding and doing DX 15.7 % (S)"),
    _scalar("bass_innovation", 0.03, "1/year", (0.0, 0.2), "PARAMETERS.md D8: p = 0.03 (U, Sultan et al.)"),
    _scalar("bass_imitation", 0.38, "1/year", (0.0, 1.0), "PARAMETERS.md D8: q = 0.38 (U, Sultan et al.)"),
    _scalar("dx_productivity_gain", 0.10, "1", (0.05, 0.15), "PARAMETERS.md D7: +5-15 % at full adoption (A)"),
    _scalar("dx_implementation_time", 2.5, "year", (1.0, 5.0), "PARAMETERS.md D7: phased over 2-3 yr (A)"),
    _scalar("talent_capability_elasticity", 0.3, "1", (0.0, 1.0),
            "assumption: elasticity of DX imitation and of innovation effectiveness to remote talent (R14+)"),
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
    # Firms (§2.4).
    _region("startup_rate_start", None, "1/year", (0.0, 0.5), "from data: PARAMETERS.md C1 (Japan 4.81 %, Miyagi 6.12 %)"),
    _region("firm_net_change", None, "1/year", (-0.2, 0.2),
            "from data: establishments change 2012-2016, annualised (enterprises.csv); Japan's where missing"),
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
    _scalar("innovation_leverage", 1.5, "1", (0.0, 5.0),
            "assumption: knowledge added per ¥ of innovation budget (co-funded R&D)"),
    _scalar("innovation_startup_effect", 0.05, "1/‰", (0.0, 1.0), LEVER_SOURCE),
    _scalar("innovation_export_effect", 0.01, "1/‰", (0.0, 0.2), LEVER_SOURCE),
    _scalar("dx_adoption_effect", 0.01, "1/(year·‰)", (0.0, 0.2), LEVER_SOURCE + " (rise of Bass p)"),
    _scalar("dx_investment_share", 0.5, "1", (0.0, 1.0), "assumption: share of the DX budget that is capital"),
    _scalar("leading_industry_leverage", 2.0, "1", (0.0, 10.0),
            "assumption: anchor capital per ¥ of budget (private co-investment)"),
    _scalar("anchor_supplier_multiplier", 1.3, "1", (1.0, 3.0),
            "assumption: external demand of anchor plants incl. local suppliers per ¥ of their capacity"),
    _scalar("sme_exit_reduction", 0.1, "1/‰", (0.0, 1.0), LEVER_SOURCE + " (capped by sme_exit_reduction_max)"),
    _scalar("sme_exit_reduction_max", 0.3, "1", (0.0, 1.0), "PARAMETERS.md C8: 10-30 % of closures averted (A)"),
    _scalar("sme_productivity_effect", 0.005, "1/‰", (0.0, 0.1), LEVER_SOURCE),
    _scalar("talent_remote_effect", 0.3, "1/‰", (0.0, 5.0), LEVER_SOURCE),
    _scalar("talent_return_effect", 0.05, "1/‰", (0.0, 2.0), LEVER_SOURCE + " (U- and I-turns)"),
    _scalar("talent_reskilling_effect", 0.01, "1/‰", (0.0, 0.2), LEVER_SOURCE + " (target skill index)"),
    _scalar("talent_telework_effect", 0.01, "1/‰", (0.0, 0.2), LEVER_SOURCE),
    _scalar("reconstruction_gap_effect", 0.2, "1/‰", (0.0, 5.0), LEVER_SOURCE),
    _scalar("reconstruction_return_effect", 0.1, "1/‰", (0.0, 2.0), LEVER_SOURCE),
    _scalar("chi_dx_talent", 0.1, "1/‰", (0.0, 5.0), "assumption: cross effect χ, DX × talent (MODEL.md §4)"),
    _scalar("chi_innovation_dx", 0.1, "1/‰", (0.0, 5.0), "assumption: cross effect χ, innovation × DX"),
    _scalar("chi_innovation_talent", 0.1, "1/‰", (0.0, 5.0), "assumption: cross effect χ, innovation × talent"),
    Param("loop_gate", np.ones(N_LOOPS), (N_LOOPS,), "1", (0.0, 1.0),
          "knock-out gates of the named loops (sim.model.loops; 1 = acting, 0 = cut)", dims=("loop",)),
]


def _aux(name, units, description, shape=R, dims=DIMS_R):
    return Aux(name, shape, units, description, dims=dims)


ECONOMY_AUX = [
    _aux("national_growth_factor", "1", "Japan's growth path since 2020: exp(g (t - 2020))", (), ()),
    _aux("tfp_trend_factor", "1", "TFP trend since 2020: exp(((1 - theta) g + gap) (t - 2020))", (), ()),
    _aux("growth_since_start", "1", "Japan's growth since the start of the run: exp(g (t - t0))", (), ()),
    _aux("japan_productivity", "¥M/worker", "Japan's labour productivity on its exogenous path", (), ()),
    _aux("japan_income_per_capita", "¥k/person", "Japan's income per head on its exogenous path", (), ()),
    _aux("attractiveness_factor", "1", "2^(perceived attractiveness), clipped (talent.py)"),
    _aux("talent_capability", "1",
         "Remote talent's effect on DX imitation and innovation, (RT~/RT_ref)^kappa (talent.py)"),
    _aux("population_now", "person", "Population incl. the year's newborns (at the evaluation time)"),
    _aux("working_age_population", "person", "Population aged 15-64"),
    _aux("labour_age_population", "person", "Population 15-64 plus 65-74 weighted by older_worker_weight"),
    _aux("elderly_population", "person", "Population aged 65 and over"),
    _aux("young_population", "person", "Population aged 15-29"),
    _aux("lever_spending", "¥bn/year", "Spending of each lever per prefecture", (N_LEVERS, N_REGIONS),
         ("lever", "region")),
    _aux("lever_intensity", "‰", "Lever spending per ¥1,000 of start GRP", (N_LEVERS, N_REGIONS), ("lever", "region")),
    _aux("reconstruction_spending", "¥bn/year", "Reconstruction spending on its scheduled path"),
    _aux("out_migration_factor", "1", "Attractiveness multiplier on out-migration"),
    _aux("in_migration_factor", "1", "Attractiveness multiplier on in-migration"),
    _aux("u_turn_factor", "1", "Attractiveness and talent multiplier on U-turns"),
    _aux("extra_arrivals", "person/year", "I-turns of remote workers and evacuee returns"),
    _aux("grp_real", "¥bn/year", "Real GRP (FY2020 prices)"),
    _aux("capacity", "¥bn/year", "Production capacity"),
    _aux("demand", "¥bn/year", "Demand for the region's output"),
    _aux("consumption", "¥bn/year", "Household consumption of local output"),
    _aux("investment", "¥bn/year", "Investment"),
    _aux("external_demand", "¥bn/year", "External demand (rest of Japan and abroad)"),
    _aux("leakage", "1", "Share of household spending leaking out of the region"),
    _aux("tfp", "1", "TFP relative to the start"),
    _aux("labour_force", "person", "Labour force"),
    _aux("labour_demand", "person", "Labour demand"),
    _aux("job_opening_ratio", "1", "Labour demand / labour force"),
    _aux("job_opening_log_ratio", "1", "ln(job-opening ratio / its start value): wages and attractiveness"),
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
]
