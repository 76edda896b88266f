"""Energy and CO2 (MODEL.md §2.6): energy demand by carrier, renewable capacity by technology,
the renewable shares, emissions, and the energy money that leaks out of the region — counters
spiral S3 (loop R11+).

Per region ``r``, technology ``k`` (solar, onshore wind, offshore wind, biomass) and carrier ``c``
(electricity, industry fuels, transport fuels, building fuels: the inventories' sectors by what
they burn or buy):

    additions_r,k = M_r · m_r,k · Ȳ_r / Y_r,ref + a · green_r · mix_k / cost_k    [MW/year]
    d pipeline/dt = additions − pipeline / τ_build                              [MW/year]
    d capacity/dt = pipeline / τ_build − capacity / lifetime                    [MW/year]
    generation_r  = H_r + Σ_k capacity_r,k · cf_k · 8.76                        [GWh/year]
    D_r,c         = D⁰_r,c · (ω_c Ȳ_r / Y_r,ref + (1 − ω_c) P_r / P_r,ref) · e^{−g_c (t − 2020)}  [GWh/year]
    displaced_r   = min(max(generation_r − generation_r,ref, 0), D_r,el)        [GWh/year]
    CO2_r         = (D_r,el − displaced_r) · EF_grid(t) / 1000 + Σ_fuels D_r,c · EF_c / 1000   [Mt-CO2/year]
    share_r       = min(ε_p · generation_r / Σ_c D_r,c, 1)                      [1]
    share_el,r    = min((generation_r + H_el,r) / D_r,el, 1)                    [1]
    energy leakage = s_E · (1 − v · sharẽ)                                     [1]

``EF_grid`` is Tohoku Electric's factor on its path (linear FY2013 → FY2021 → FY2030, then an
exponential decline; ``grid_emission_factor``). ``D⁰`` are the FY2020 demands (calibrated to the
prefectural inventories), ``ω_c`` the output-driven part of a carrier, ``P`` the population,
``g_c`` the carrier's efficiency gain. Renewables displace grid electricity only, and only the
generation above the start level (what was there at the start is already in the grid factor and
in the inventories); never fuels. ``ε_p`` counts renewable power at its primary-energy equivalent,
as Fukushima's share of primary energy demand does. ``M`` are market additions without policy
(calibrated), spread by the start technology mix ``m`` and scaled by output (local investment:
the R11+ loop closes through income); ``Ȳ`` the average output; ``H`` hydro and geothermal
counted in the share; ``H_el`` the generation the electricity share counts beyond that (Fukushima's
statistic counts large hydro, which the capacity series and the energy share leave out: closing its
FY2020 value; reported only); ``green`` the green-energy lever's spending [¥bn/year], ``a`` the share of
the capacity it buys that the market would not have built (additionality); ``sharẽ`` the share
through loop R11+'s gate; ``s_E`` the energy share of household spending; ``v`` the local value-added
share of renewable revenue.
"""

import math

from sim.core.jit import inline_kernel, plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import ELECTRICITY, GREEN_ENERGY, N_CARRIERS, N_TECHNOLOGIES
from sim.model.loops import GATE_R11
from sim.model.sectors.common import BASE_YEAR, GWH_PER_MW_YEAR, gated, lever_spending
from sim.model.state import (
    A_CO2,
    A_CO2_CHANGE,
    A_CO2_ELECTRICITY,
    A_CO2_FUELS,
    A_CO2_FY2013,
    A_ELECTRICITY_DEMAND,
    A_ENERGY_DEMAND,
    A_ENERGY_EFFICIENCY,
    A_GRID_FACTOR,
    A_POPULATION,
    A_RE_SHARE,
    A_RE_SHARE_ELECTRICITY,
    CAPACITY_FACTOR,
    CO2_FY2013,
    CONSTRUCTION_TIME,
    EFFICIENCY_GAINS,
    ENERGY_DEMAND_START,
    ENERGY_OUTPUT_WEIGHT,
    ENERGY_SPENDING_SHARE,
    FUEL_EMISSION_FACTOR,
    GRID_FACTOR_CUT_2030,
    GRID_FACTOR_DECLINE,
    GRID_FACTOR_FY2013,
    GRID_FACTOR_FY2021,
    GREEN_ADDITIONALITY,
    GREEN_MIX,
    LOCAL_VALUE_SHARE,
    MARKET_ADDITIONS,
    OTHER_ELECTRICITY_GENERATION,
    OTHER_RE_GENERATION,
    OUTPUT_AVERAGE,
    RE_CAPACITY,
    RE_CAPACITY_START,
    RE_LIFETIME,
    RE_PIPELINE,
    REF_OUTPUT,
    REF_POPULATION,
    REF_RE_GENERATION,
    REF_RE_SHARE,
    RENEWABLE_PRIMARY_FACTOR,
    UNIT_COST,
)

#: Fiscal years of the grid factor's data points and of the utility's target (model time t is
#: 1 October of year t, the middle of fiscal year t).
GRID_DATA_YEARS = (2013.0, 2021.0, 2030.0)


@plain_kernel
def generation(y, p, r):
    """Renewable generation of region ``r`` [GWh/year]."""
    total = p[OTHER_RE_GENERATION + r]
    for k in range(N_TECHNOLOGIES):
        total += y[RE_CAPACITY + r * N_TECHNOLOGIES + k] * p[CAPACITY_FACTOR + k] * GWH_PER_MW_YEAR
    return total


@plain_kernel
def grid_emission_factor(t, p):
    """Grid electricity's CO2 factor at time ``t`` [kg-CO2/kWh]: FY2013's value before FY2013,
    linear to FY2021's and on to FY2030's (FY2013's less the target cut), then falling exponentially."""
    first, second, third = GRID_DATA_YEARS
    at_2013 = p[GRID_FACTOR_FY2013]
    at_2021 = p[GRID_FACTOR_FY2021]
    at_2030 = at_2013 * (1.0 - p[GRID_FACTOR_CUT_2030])
    if t <= first:
        return at_2013
    if t <= second:
        return at_2013 + (at_2021 - at_2013) * (t - first) / (second - first)
    if t <= third:
        return at_2021 + (at_2030 - at_2021) * (t - second) / (third - second)
    return at_2030 * math.exp(-p[GRID_FACTOR_DECLINE] * (t - third))


@plain_kernel
def write_energy_paths(t, p, aux):
    """Write the time-only energy paths into ``aux``: each carrier's efficiency and the grid factor."""
    for c in range(N_CARRIERS):
        aux[A_ENERGY_EFFICIENCY + c] = math.exp(-p[EFFICIENCY_GAINS + c] * (t - BASE_YEAR))
    aux[A_GRID_FACTOR] = grid_emission_factor(t, p)


@plain_kernel
def carrier_demand(y, p, aux, r, c):
    """Demand of region ``r`` for carrier ``c`` [GWh/year] (the efficiency path from ``aux``)."""
    weight = p[ENERGY_OUTPUT_WEIGHT + c]
    activity = (weight * y[OUTPUT_AVERAGE + r] / y[REF_OUTPUT + r]
                + (1.0 - weight) * aux[A_POPULATION + r] / y[REF_POPULATION + r])
    return p[ENERGY_DEMAND_START + r * N_CARRIERS + c] * activity * aux[A_ENERGY_EFFICIENCY + c]


@inline_kernel
def write_energy(y, p, aux, r):
    """Write region ``r``'s energy demand, renewable shares and CO2 into ``aux`` (paths already written)."""
    electricity = carrier_demand(y, p, aux, r, ELECTRICITY)
    total = electricity
    fuel_co2 = 0.0  # [GWh · kg/kWh = kt-CO2]; / 1000 gives Mt
    for c in range(1, N_CARRIERS):
        demand = carrier_demand(y, p, aux, r, c)
        total += demand
        fuel_co2 += demand * p[FUEL_EMISSION_FACTOR + c - 1]
    renewable = generation(y, p, r)
    displaced = min(max(renewable - y[REF_RE_GENERATION + r], 0.0), electricity)
    co2_electricity = (electricity - displaced) * aux[A_GRID_FACTOR] / 1000.0
    co2 = co2_electricity + fuel_co2 / 1000.0
    aux[A_ENERGY_DEMAND + r] = total
    aux[A_ELECTRICITY_DEMAND + r] = electricity
    aux[A_RE_SHARE + r] = min(p[RENEWABLE_PRIMARY_FACTOR] * renewable / total, 1.0)
    aux[A_RE_SHARE_ELECTRICITY + r] = min((renewable + p[OTHER_ELECTRICITY_GENERATION + r]) / electricity, 1.0)
    aux[A_CO2_ELECTRICITY + r] = co2_electricity
    aux[A_CO2_FUELS + r] = fuel_co2 / 1000.0
    aux[A_CO2 + r] = co2
    aux[A_CO2_FY2013 + r] = p[CO2_FY2013 + r]
    aux[A_CO2_CHANGE + r] = co2 / p[CO2_FY2013 + r] - 1.0


@plain_kernel
def start_capacity(p, r):
    """Region ``r``'s renewable capacity at the start, all technologies [MW]."""
    total = 0.0
    for j in range(N_TECHNOLOGIES):
        total += p[RE_CAPACITY_START + r * N_TECHNOLOGIES + j]
    return total


@plain_kernel
def market_share(p, r, k, total):
    """``market_mix`` with the region's ``start_capacity`` given (summed once per region)."""
    if total <= 0.0:
        return 1.0 / N_TECHNOLOGIES
    return p[RE_CAPACITY_START + r * N_TECHNOLOGIES + k] / total


@plain_kernel
def market_mix(p, r, k):
    """Share of technology ``k`` in region ``r``'s start capacity (how market additions split)."""
    return market_share(p, r, k, start_capacity(p, r))


@plain_kernel
def energy_leakage(p, share):
    """Share of household spending paid for energy outside the region [1]."""
    return p[ENERGY_SPENDING_SHARE] * (1.0 - p[LOCAL_VALUE_SHARE] * min(share, 1.0))


@plain_kernel
def energy_rates(t, y, p, dydt, aux):
    """Write capacity and pipeline rates, energy demand, renewable shares and CO2; return nothing."""
    completion_rate = 1.0 / p[CONSTRUCTION_TIME]  # [1/year]; rates as products: divisions are slow
    retirement_rate = 1.0 / p[RE_LIFETIME]  # [1/year]
    write_energy_paths(t, p, aux)
    for r in range(N_REGIONS):
        output_scale = y[OUTPUT_AVERAGE + r] / y[REF_OUTPUT + r]
        green = p[GREEN_ADDITIONALITY] * lever_spending(aux, GREEN_ENERGY, r)  # ¥bn/year of additional capacity
        start = start_capacity(p, r)
        for k in range(N_TECHNOLOGIES):
            slot = r * N_TECHNOLOGIES + k
            additions = (p[MARKET_ADDITIONS + r] * market_share(p, r, k, start) * output_scale
                         + green * p[GREEN_MIX + k] / p[UNIT_COST + k])
            completed = y[RE_PIPELINE + slot] * completion_rate
            dydt[RE_PIPELINE + slot] = additions - completed
            dydt[RE_CAPACITY + slot] = completed - y[RE_CAPACITY + slot] * retirement_rate
        write_energy(y, p, aux, r)


@plain_kernel
def gated_energy_leakage(p, y, aux, r):
    """Energy leakage of region ``r`` with the renewable share through loop R11+'s gate."""
    return energy_leakage(p, gated(p, GATE_R11, aux[A_RE_SHARE + r], y[REF_RE_SHARE + r]))
