"""The economy's start state: every economic stock and reference value from the start population,
the start levels (GRP, employment, firms) and the parameters, so that the economy starts in its
calibrated equilibrium (MODEL.md §6: no policy, demand balanced by external demand).

Runs as the model's init kernel, per scenario, after the caller has given the population stocks.
It evaluates the sectors' own functions at the start state, so the equilibrium is that of the
equations the run integrates.
"""

import math

import numpy as np

from sim.core import kernel
from sim.model.dimensions import N_AGES, N_REGIONS, N_SEXES
from sim.model.levers import N_TECHNOLOGIES
from sim.model.sectors.common import population_groups, smooth_min_partner, write_population_groups
from sim.model.sectors.dx import write_dx_start
from sim.model.sectors.energy import generation, market_mix, write_energy, write_energy_paths
from sim.model.sectors.labour import (
    frictional_rate,
    jobs_ratio,
    labour_demand,
    labour_force,
    vacancies_per_unemployed,
)
from sim.model.sectors.levers import reconstruction_path
from sim.model.sectors.paths import write_paths
from sim.model.sectors.production import (
    capacity,
    domestic_demand,
    external_demand,
    investment,
    local_demand,
    potential_output,
    unit_labour_cost,
)
from sim.model.sectors.services import write_service_start
from sim.model.state import (
    A_CYCLE,
    A_NATIONAL_DEMAND,
    A_TFP,
    A_EMPLOYMENT,
    A_LABOUR_FORCE,
    A_PARTICIPATION_HEADROOM,
    A_RE_SHARE,
    ANCHOR_CAPITAL,
    REMOTE_MOVERS,
    ATTRACTIVENESS,
    AUX,
    CAPITAL,
    CAPITAL_OUTPUT_RATIO,
    CLOSURE_RATE,
    COASTAL_GAP,
    COASTAL_GAP_START,
    CONSTRUCTION_TIME,
    CUM_CLOSURES,
    CUM_STARTUPS,
    EMPLOYMENT_RATE,
    EMPLOYMENT_START,
    FOREIGN_GROWTH_START,
    FOREIGN_START,
    FOREIGN_STAY,
    FOREIGN_WORKERS,
    EXIT_CAPITAL_LOSS,
    EXPECTED_DEMAND,
    FIRMS,
    FIRMS_OLD,
    FIRM_NET_CHANGE,
    FIRMS_START,
    FULLY_REMOTE_SHARE,
    GOVERNMENT_PER_CAPITA,
    GRP_START,
    KNOWLEDGE,
    KNOWLEDGE_DEPRECIATION,
    LABOUR_SHARE,
    LABOUR_SHARPNESS,
    MARKET_ADDITIONS,
    NORMAL_UTILISATION,
    OLD_OWNER_SHARE,
    OUT_MULTIPLIER,
    OUT_RATE,
    OUTPUT_AVERAGE,
    OUTPUT_SHARPNESS,
    POPULATION,
    RD_SHARE,
    RE_CAPACITY,
    RE_CAPACITY_START,
    RE_PIPELINE,
    RECON_ALLOCATION,
    RECON_BUDGET,
    REF_CAPACITY,
    REF_COASTAL_GAP,
    REF_DEMAND,
    REF_ELDERLY,
    REF_POTENTIAL,
    REF_EXIT_LOSS,
    REF_EXTERNAL_DEMAND,
    REF_FOREIGN_INFLOW,
    REF_GOVERNMENT,
    REF_FIRMS_PER_CAPITA,
    REF_I_TURN,
    REF_LOG_TIGHTNESS,
    REF_JOBS_RATIO_CYCLE,
    REF_KNOWLEDGE,
    REF_LABOUR_DEMAND_SCALE,
    REF_LABOUR_FORCE,
    REF_NATIONAL_TREND,
    REF_MARKET_EXIT,
    REF_OUTPUT,
    REF_OWNER_AGEING,
    REF_PARTICIPATION_SCALE,
    REF_POPULATION,
    REF_RE_GENERATION,
    REF_RE_SHARE,
    REF_REMOTE_TALENT,
    REF_RETIREMENT,
    REF_START_YEAR,
    REF_STARTUP_PROPENSITY,
    REF_TFP,
    REF_UNIT_LABOUR_COST,
    REF_WAGE,
    REF_YOUNG_OUT_RATE,
    REF_YOUNG_SHARE,
    RELOCATION_RATE,
    RELOCATION_SHARE,
    REMOTE_TALENT,
    REMOTE_TALENT_START,
    SKILL,
    STARTUP_RATE,
    SUCCESSION_CLOSURES_START,
    SUCCESSOR_ABSENCE_START,
    TOKYO_TELEWORK,
    TOKYO_WORKERS,
    UNEMPLOYMENT_START,
    VA_MULTIPLIER,
    VERDOORN,
    WAGE,
)

AUX_SIZE = AUX.size


@kernel
def young_out_rate_at_start(y, p, data, r, young):
    """Out-migration rate of ages 15-29 at the start [1/year] (attractiveness factor 1)."""
    leaving = 0.0
    for s in range(N_SEXES):
        cell = (r * N_SEXES + s) * N_AGES
        for a in range(15, 30):
            leaving += data[OUT_RATE + cell + a] * y[POPULATION + cell + a]
    return leaving * p[OUT_MULTIPLIER + r] / young


@kernel
def initialise_firms(y, p, r, population, working):
    """Firm stocks and their reference rates from the start levels: startups at the published rate
    (business_dynamics.csv); closures at the published rate or, where that would make the count grow
    faster than the census trend (enterprises.csv), at the startups less that trend (the
    employment-insurance records miss sole proprietors' exits); succession closures at the TSR
    count, market exits the rest."""
    firms = p[FIRMS_START + r]
    old = p[OLD_OWNER_SHARE] * firms
    succession = p[SUCCESSION_CLOSURES_START + r]
    startups = p[STARTUP_RATE + r] * firms
    closures = max(p[CLOSURE_RATE + r] * firms, startups - p[FIRM_NET_CHANGE + r] * firms)
    market = max(0.0, closures - succession)
    retiring = succession / p[SUCCESSOR_ABSENCE_START + r]
    y[FIRMS + r] = firms
    y[FIRMS_OLD + r] = old
    y[REF_RETIREMENT + r] = retiring / old
    y[REF_STARTUP_PROPENSITY + r] = startups / working
    y[REF_MARKET_EXIT + r] = market / firms
    y[REF_OWNER_AGEING + r] = (retiring + market * old / firms) / (firms - old)
    y[REF_EXIT_LOSS + r] = (market + succession) / firms * p[EXIT_CAPITAL_LOSS]
    y[REF_FIRMS_PER_CAPITA + r] = firms / population
    y[CUM_STARTUPS + r] = 0.0
    y[CUM_CLOSURES + r] = 0.0


@kernel
def initialise_energy(t, y, p, aux, r):
    """Renewable capacity at its start values, the pipeline carrying the market additions; the
    start generation (already in the grid factor) and the start share as references."""
    for k in range(N_TECHNOLOGIES):
        slot = r * N_TECHNOLOGIES + k
        y[RE_CAPACITY + slot] = p[RE_CAPACITY_START + slot]
        y[RE_PIPELINE + slot] = p[MARKET_ADDITIONS + r] * market_mix(p, r, k) * p[CONSTRUCTION_TIME]
    y[REF_RE_GENERATION + r] = generation(y, p, r)
    write_energy_paths(t, p, aux)
    write_energy(y, p, aux, r)
    y[REF_RE_SHARE + r] = aux[A_RE_SHARE + r]


@kernel
def initialise_labour(t, y, p, aux, r, employed, output, capacity_value):
    """Labour force, labour demand and jobs ratio at the start (labour.py), from the 2017 unemployment.

    The participation scale puts the labour force at ``E₀ / (1 − u₂₀₁₇)``; labour demand in normal
    times (utilisation ``u_n``) is the one whose smooth minimum with the labour available is ``E₀``,
    so the labour market is in equilibrium once the pandemic cycle has closed; at the FY2020
    trough it starts below, and the reference path of the jobs ratio (labour.py) dips with it.
    """
    force = employed / (1.0 - p[UNEMPLOYMENT_START + r])
    y[EMPLOYMENT_RATE + r] = 1.0 - p[UNEMPLOYMENT_START + r]
    y[FOREIGN_WORKERS + r] = p[FOREIGN_START + r]
    y[REF_FOREIGN_INFLOW + r] = p[FOREIGN_START + r] * (1.0 / p[FOREIGN_STAY] + p[FOREIGN_GROWTH_START + r])
    y[REF_PARTICIPATION_SCALE + r] = 1.0
    participants = population_groups(aux, r)[2]
    y[REF_PARTICIPATION_SCALE + r] = force / labour_force(t, p, y, r, participants, aux[A_PARTICIPATION_HEADROOM + r])
    y[REF_LABOUR_FORCE + r] = force
    aux[A_LABOUR_FORCE + r] = force
    normal = smooth_min_partner(employed, (1.0 - frictional_rate(p, r)) * force, p[LABOUR_SHARPNESS])
    y[REF_LABOUR_DEMAND_SCALE + r] = normal / employed
    normal_ratio = jobs_ratio(p, r, normal, force)
    start_ratio = jobs_ratio(p, r, labour_demand(p, y, r, employed, output, capacity_value), force)
    y[REF_LOG_TIGHTNESS + r] = vacancies_per_unemployed(p, r, normal, force, employed)[0]
    cycle = math.log(aux[A_CYCLE])
    y[REF_JOBS_RATIO_CYCLE + r] = math.log(start_ratio / normal_ratio) / cycle if cycle < 0.0 else 0.0


@kernel
def initialise_economy(t, p, data, y):
    """Write every economic stock of ``y`` from its population stocks (already given) and ``p``."""
    aux = np.zeros(AUX_SIZE)  # no policy in the reference state
    write_population_groups(y, p, aux)
    for r in range(N_REGIONS):
        y[REF_START_YEAR + r] = t
    write_paths(t, y, p, aux)
    write_dx_start(y, p)
    write_service_start(y, p, aux)
    for r in range(N_REGIONS):
        population, working, _, elderly, young = population_groups(aux, r)
        output = p[GRP_START + r]
        employed = p[EMPLOYMENT_START + r]
        capacity_value = output / (p[NORMAL_UTILISATION] * aux[A_CYCLE])  # below normal use in the trough
        demand = smooth_min_partner(output, capacity_value, p[OUTPUT_SHARPNESS])
        y[REF_START_YEAR + r] = t
        y[REF_POPULATION + r] = population
        y[REF_ELDERLY + r] = elderly
        y[REF_YOUNG_SHARE + r] = young / population
        y[REF_YOUNG_OUT_RATE + r] = young_out_rate_at_start(y, p, data, r, young)
        y[REF_OUTPUT + r] = output
        y[REF_CAPACITY + r] = capacity_value
        y[REF_NATIONAL_TREND + r] = aux[A_NATIONAL_DEMAND] / aux[A_CYCLE]
        y[REF_DEMAND + r] = demand
        y[REF_GOVERNMENT + r] = p[GOVERNMENT_PER_CAPITA] * population / 1000.0
        y[CAPITAL + r] = p[CAPITAL_OUTPUT_RATIO] * output
        y[ANCHOR_CAPITAL + r] = 0.0
        y[REMOTE_MOVERS + r] = 0.0
        y[EXPECTED_DEMAND + r] = demand
        y[OUTPUT_AVERAGE + r] = output
        y[VERDOORN + r] = 0.0
        aux[A_EMPLOYMENT + r] = employed  # the employment rate and labour force: initialise_labour
        y[SKILL + r] = 1.0
        y[KNOWLEDGE + r] = y[REF_KNOWLEDGE + r] = p[RD_SHARE] * output / p[KNOWLEDGE_DEPRECIATION]
        y[REMOTE_TALENT + r] = y[REF_REMOTE_TALENT + r] = p[REMOTE_TALENT_START + r]
        y[COASTAL_GAP + r] = y[REF_COASTAL_GAP + r] = p[COASTAL_GAP_START + r]
        y[ATTRACTIVENESS + r] = 0.0
        y[REF_I_TURN + r] = (p[TOKYO_WORKERS] * p[TOKYO_TELEWORK] * p[FULLY_REMOTE_SHARE] * p[RELOCATION_RATE]
                             * p[RELOCATION_SHARE + r])
        initialise_energy(t, y, p, aux, r)
        initialise_firms(y, p, r, population, working)
        y[REF_TFP + r] = 1.0
        capacity_at_scale, aux[A_TFP + r] = capacity(t, y, p, aux, r, population)
        y[REF_TFP + r] = capacity_value / capacity_at_scale
        y[REF_POTENTIAL + r] = potential_output(y, p, aux, r)
        y[WAGE + r] = y[REF_WAGE + r] = p[LABOUR_SHARE] * 1000.0 * output / employed
        y[REF_UNIT_LABOUR_COST + r] = unit_labour_cost(y, aux, r, capacity_value)
        initialise_labour(t, y, p, aux, r, employed, output, capacity_value)
        consumption, government, _ = domestic_demand(t, y, p, aux, r, population, elderly)
        invest = investment(y, p, r, capacity_value)
        reconstruction = p[RECON_BUDGET] * reconstruction_path(t, p) * p[RECON_ALLOCATION + r]
        y[REF_EXTERNAL_DEMAND + r] = 1.0
        scale = external_demand(t, y, p, aux, r, capacity_value)[0]
        other = local_demand(p, consumption, invest, government, reconstruction, 0.0)
        y[REF_EXTERNAL_DEMAND + r] = (demand - other) / (p[VA_MULTIPLIER] * scale)
