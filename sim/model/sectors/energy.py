"""Energy and CO2 (MODEL.md §2.6): renewable capacity by technology, the renewable share, emissions,
and the energy money that leaks out of the region — counters spiral S3 (loop R11+).

Per region ``r`` and technology ``k`` (solar, onshore wind, offshore wind, biomass):

    additions_r,k = M_r · m_r,k · Ȳ_r / Y_r,ref + green_r · mix_k / cost_k        [MW/year]
    d pipeline/dt = additions − pipeline / τ_build                              [MW/year]
    d capacity/dt = pipeline / τ_build − capacity / lifetime                    [MW/year]
    generation_r  = H_r + Σ_k capacity_r,k · cf_k · 8.76                        [GWh/year]
    demand_r      = e_r · Ȳ_r · exp(−g_e (t − 2020))                            [GWh/year]
    share_r       = generation / demand                                         [1]
    CO2_r         = max(demand − generation, 0) · EF / 1000                     [Mt-CO2/year]
    energy leakage = s_E · (1 − v · min(sharẽ, 1))                             [1]

``M`` are market additions without policy (calibrated), spread by the start technology mix ``m``
and scaled by output (local investment: the R11+ loop closes through income); ``Ȳ`` the average
output; ``H`` hydro and geothermal counted in the share; ``e`` the energy intensity; ``green`` the
green-energy lever's spending; ``sharẽ`` the share through loop R11+'s gate; ``s_E`` the energy
share of household spending; ``v`` the local value-added share of renewable revenue.
"""

from sim.core import kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import GREEN_ENERGY, N_TECHNOLOGIES
from sim.model.loops import GATE_R11
from sim.model.sectors.common import GWH_PER_MW_YEAR, gated, lever_spending
from sim.model.state import (
    A_CO2,
    A_EFFICIENCY,
    A_ENERGY_DEMAND,
    A_RE_SHARE,
    CAPACITY_FACTOR,
    CONSTRUCTION_TIME,
    EMISSION_FACTOR,
    ENERGY_INTENSITY,
    ENERGY_SPENDING_SHARE,
    GREEN_MIX,
    LOCAL_VALUE_SHARE,
    MARKET_ADDITIONS,
    OTHER_RE_GENERATION,
    OUTPUT_AVERAGE,
    RE_CAPACITY,
    RE_CAPACITY_START,
    RE_LIFETIME,
    RE_PIPELINE,
    REF_OUTPUT,
    REF_RE_SHARE,
    UNIT_COST,
)


@kernel
def generation(y, p, r):
    """Renewable generation of region ``r`` [GWh/year]."""
    total = p[OTHER_RE_GENERATION + r]
    for k in range(N_TECHNOLOGIES):
        total += y[RE_CAPACITY + r * N_TECHNOLOGIES + k] * p[CAPACITY_FACTOR + k] * GWH_PER_MW_YEAR
    return total


@kernel
def energy_demand(y, p, aux, r):
    """Energy demand of region ``r`` [GWh/year] (the efficiency path from paths.py)."""
    return p[ENERGY_INTENSITY + r] * y[OUTPUT_AVERAGE + r] * aux[A_EFFICIENCY]


@kernel
def market_mix(p, r, k):
    """Share of technology ``k`` in region ``r``'s start capacity (how market additions split)."""
    total = 0.0
    for j in range(N_TECHNOLOGIES):
        total += p[RE_CAPACITY_START + r * N_TECHNOLOGIES + j]
    if total <= 0.0:
        return 1.0 / N_TECHNOLOGIES
    return p[RE_CAPACITY_START + r * N_TECHNOLOGIES + k] / total


@kernel
def energy_leakage(p, share):
    """Share of household spending paid for energy outside the region [1]."""
    return p[ENERGY_SPENDING_SHARE] * (1.0 - p[LOCAL_VALUE_SHARE] * min(share, 1.0))


@kernel
def energy_rates(t, y, p, dydt, aux):
    """Write capacity and pipeline rates, renewable share, energy demand and CO2; return nothing."""
    completion_rate = 1.0 / p[CONSTRUCTION_TIME]  # [1/year]; rates as products: divisions are slow
    retirement_rate = 1.0 / p[RE_LIFETIME]  # [1/year]
    for r in range(N_REGIONS):
        output_scale = y[OUTPUT_AVERAGE + r] / y[REF_OUTPUT + r]
        green = lever_spending(aux, GREEN_ENERGY, r)
        for k in range(N_TECHNOLOGIES):
            slot = r * N_TECHNOLOGIES + k
            additions = (p[MARKET_ADDITIONS + r] * market_mix(p, r, k) * output_scale
                         + green * p[GREEN_MIX + k] / p[UNIT_COST + k])
            completed = y[RE_PIPELINE + slot] * completion_rate
            dydt[RE_PIPELINE + slot] = additions - completed
            dydt[RE_CAPACITY + slot] = completed - y[RE_CAPACITY + slot] * retirement_rate
        demand = energy_demand(y, p, aux, r)
        renewable = generation(y, p, r)
        aux[A_ENERGY_DEMAND + r] = demand
        aux[A_RE_SHARE + r] = renewable / demand
        aux[A_CO2 + r] = max(demand - renewable, 0.0) * p[EMISSION_FACTOR] / 1000.0


@kernel
def gated_energy_leakage(p, y, aux, r):
    """Energy leakage of region ``r`` with the renewable share through loop R11+'s gate."""
    return energy_leakage(p, gated(p, GATE_R11, aux[A_RE_SHARE + r], y[REF_RE_SHARE + r]))
