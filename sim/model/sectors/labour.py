"""Labour market (ECONOMY_V2.md §1, blocks 1-2) — loops R1 (labour demand) and B1 (labour force)
pass here; in a labour shortage this sector is where output meets its supply limit (spiral S1's
balancing side: shortage raises wages, foreign workers and in-migration).

Per region (persons; t in years; ``s`` the prefecture's participation scale, set at the start):

    LF   = s · (Σ π₀ P + T_π (1 − e^(−(t − 2020)/T_π)) · Σ π̇ P) + FW − FW₂₀₂₀     labour force
    LD   = λ · E · (Y / (u_n Y_cap))^(1/(1−θ))                                   labour demand
    E    = e · LF ;  de/dt = (E*/LF − e) / τ_E                                   employment, its rate
    E*   = smooth_min(LD, (1 − u_f) LF)                                          employment sought
    V*   = LD − E* ;  U* = L̃F − E*(L̃F)                                          vacancies, unemployed
    JAR  = c · (V* / U*)^b                                                       jobs-to-applicants ratio
    u    = 1 − e                                                                 unemployment rate
    ln JAR_ref(t) = ln JAR_n + κ_c ln c(t)                                        reference path
    dw/dt = (s_L · 1000 Y / E · (JAR / JAR_ref)^ε_w − w) / τ_w                   pay per worker
    dFW/dt = FW_in,ref · e^(g_FW (t − t₀)) · (JAR / JAR_ref)^ε_FW − FW / τ_FW     foreign workers

``π₀`` is participation by sex and single year of age in 2020 (a national profile by 5-year
group), ``π̇`` its recent yearly rise (women 30-39 and 60-64, ages 65-74), levelling off over
``T_π`` after 2020 and linear before (runs from earlier censuses), ``P`` the population by sex
and age. ``LD`` is the
labour needed to produce output ``Y`` with today's capital and TFP at normal utilisation ``u_n``,
scaled by ``λ`` (vacancies in normal times). The employment rate ``e`` seeks the smaller of labour
demand and the labour force less frictional unemployment ``u_f = φ · u₂₀₁₇``, while employment
itself follows the labour force's demographic change at once (people retire from jobs, they
do not first become unemployed): in a shortage the unfilled
demand shows as vacancies and a rising jobs ratio, not as output. The jobs-to-applicants ratio
maps vacancies per unemployed person to the published 有効求人倍率 (``c``, ``b``, ``φ``
calibrated: ``sim.economy.labour_calibration``). ``L̃F`` is the labour force through loop B1's
gate. Foreign workers beyond their 2020 stock (which the census already counts) add to the
labour force; their inflow grows with national policy ``g_FW`` and with the shortage.

Wages, foreign workers and attractiveness read the jobs ratio against a reference path: the
normal-times ratio ``JAR_n`` (the 2019 mean), dipped in the FY2020 trough as much as the region's
own ratio was at the start and recovering with Japan's cycle ``c(t)`` (paths.py; ``κ_c`` set at
the start). Japan's own ratio fell and recovered alike (1.57 in December 2019, 1.09 in April
2021, 1.35 in November 2022: labour_market.csv), so the national recovery is no change in the
region's relative tightness.

Also reported: labour productivity and its ratio to Japan's exogenous path, and income per head
(share ``ψ`` of GRP per person) relative to Japan.
"""

import math

from sim.core.jit import inline_kernel, plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.loops import GATE_B1
from sim.model.sectors.common import BASE_YEAR, gated, population_groups, power, smooth_min
from sim.model.state import (
    A_CAPACITY,
    A_CYCLE,
    A_GRP,
    A_INCOME,
    A_INCOME_RATIO,
    A_JAPAN_INCOME,
    A_JAPAN_PRODUCTIVITY,
    A_JOBS_RATIO,
    A_JOBS_RATIO_LOG,
    A_LABOUR_DEMAND,
    A_LABOUR_FORCE,
    A_PARTICIPATION_HEADROOM,
    A_PRODUCTIVITY,
    A_PRODUCTIVITY_RATIO,
    A_UNEMPLOYMENT,
    A_VACANCIES,
    CAPITAL_SHARE,
    A_EMPLOYMENT,
    EMPLOYMENT_RATE,
    EMPLOYMENT_TIME,
    FOREIGN_POLICY_GROWTH,
    FOREIGN_SHORTAGE,
    FOREIGN_START,
    FOREIGN_STAY,
    FOREIGN_WORKERS,
    FRICTIONAL_SHARE,
    INCOME_SHARE,
    JOBS_RATIO_ELASTICITY,
    JOBS_RATIO_SCALE,
    LABOUR_SHARE,
    LABOUR_SHARPNESS,
    NORMAL_UTILISATION,
    PARTICIPATION_TIME,
    REF_FOREIGN_INFLOW,
    REF_JOBS_RATIO_CYCLE,
    REF_LABOUR_DEMAND_SCALE,
    REF_LABOUR_FORCE,
    REF_LOG_TIGHTNESS,
    REF_PARTICIPATION_SCALE,
    REF_START_YEAR,
    REMOTE_MOVERS,
    UNEMPLOYMENT_START,
    WAGE,
    WAGE_TIGHTNESS,
    WAGE_TIME,
)


#: Least vacancies per unit of labour demand [1]: keeps the jobs ratio positive where demand is a
#: small fraction of the labour available (``demand − sought`` then rounds to zero; extreme inputs).
VACANCY_FLOOR = 1e-9


@plain_kernel
def participation_gain(t, p):
    """Years of the participation trend gained by ``t`` [year] (the same in every region): levelling
    off over ``T_π`` after 2020, linear before."""
    levelling = p[PARTICIPATION_TIME]
    elapsed = t - BASE_YEAR  # before 2020 the trend ran at its observed pace (K15: 2013-23)
    return levelling * (1.0 - math.exp(-elapsed / levelling)) if elapsed > 0.0 else elapsed


@plain_kernel
def labour_force_gained(p, y, r, participants, headroom, gained):
    """``labour_force`` with the trend's gain (:func:`participation_gain`) given, computed once for
    every region (one exponential per rate evaluation, not one per region)."""
    residents = y[REF_PARTICIPATION_SCALE + r] * (participants + gained * headroom)
    return residents + y[FOREIGN_WORKERS + r] - p[FOREIGN_START + r] - y[REMOTE_MOVERS + r]


@plain_kernel
def labour_force(t, p, y, r, participants, headroom):
    """Labour force of region ``r`` [person]: its residents' participation and the foreign workers
    beyond their 2020 stock, less the residents who telework for employers outside the region
    (talent.py)."""
    return labour_force_gained(p, y, r, participants, headroom, participation_gain(t, p))


@plain_kernel
def labour_demand(p, y, r, employed, output, capacity_value):
    """Labour demand of region ``r`` [person]: the workers needed for ``output`` at normal utilisation."""
    utilisation = output / (p[NORMAL_UTILISATION] * capacity_value)
    return y[REF_LABOUR_DEMAND_SCALE + r] * employed * power(utilisation, 1.0 / (1.0 - p[CAPITAL_SHARE]))


@plain_kernel
def frictional_rate(p, r):
    """Frictional unemployment rate of region ``r`` [1]: the floor employment cannot push below."""
    return p[FRICTIONAL_SHARE] * p[UNEMPLOYMENT_START + r]


@inline_kernel
def employment_sought(p, r, demand, force):
    """Employment the labour market moves toward [person]: the smooth minimum of demand and the
    labour force less frictional unemployment."""
    return smooth_min(demand, (1.0 - frictional_rate(p, r)) * force, p[LABOUR_SHARPNESS])


@plain_kernel
def vacancies_per_unemployed(p, r, demand, force, sought):
    """ln(V* / U*) [1] and the vacancies V* [person] at labour demand, labour force and the
    employment sought (``employment_sought`` of the two)."""
    vacancies = max(demand - sought, VACANCY_FLOOR * demand)
    return math.log(vacancies / (force - sought)), vacancies


@plain_kernel
def jobs_ratio(p, r, demand, force):
    """Jobs-to-applicants ratio [1] at labour demand and labour force (the start state's)."""
    log_tightness = vacancies_per_unemployed(p, r, demand, force, employment_sought(p, r, demand, force))[0]
    return p[JOBS_RATIO_SCALE + r] * math.exp(p[JOBS_RATIO_ELASTICITY] * log_tightness)


@plain_kernel
def labour_supply(t, y, p, aux):
    """Write every region's labour force and employment into ``aux`` (after the population sector,
    before production)."""
    gained = participation_gain(t, p)
    for r in range(N_REGIONS):
        participants = population_groups(aux, r)[2]
        force = labour_force_gained(p, y, r, participants, aux[A_PARTICIPATION_HEADROOM + r], gained)
        aux[A_LABOUR_FORCE + r] = force
        aux[A_EMPLOYMENT + r] = y[EMPLOYMENT_RATE + r] * force


@plain_kernel
def labour_rates(t, y, p, dydt, aux):
    """Write employment-rate, wage and foreign-worker rates and the labour market's reported
    variables (after production).

    The ratio is computed in logarithms: ``ln(JAR / JAR_ref) = b (ln(V*/U*) − ln(V*/U*)_n) − κ_c ln c``
    (``ln JAR_n = ln c_r + b ln(V*/U*)_n``), one logarithm and one exponential per region.

    In three passes over the regions (labour demand; employment sought and ln(V*/U*); wages,
    foreign workers and the reported variables), each writing what the next reads into ``aux``
    (``ln(V*/U*)`` into ``jobs_ratio_log``'s slot until the last pass writes the ratio there), as
    production.py does: the regions' chains of ``exp``/``log``/square roots then overlap in the CPU.
    """
    log_cycle = math.log(aux[A_CYCLE])
    elasticity = p[JOBS_RATIO_ELASTICITY]
    for r in range(N_REGIONS):
        aux[A_LABOUR_DEMAND + r] = labour_demand(p, y, r, aux[A_EMPLOYMENT + r], aux[A_GRP + r], aux[A_CAPACITY + r])
    for r in range(N_REGIONS):
        force = aux[A_LABOUR_FORCE + r]
        demand = aux[A_LABOUR_DEMAND + r]
        sought = employment_sought(p, r, demand, force)
        dydt[EMPLOYMENT_RATE + r] = (sought / force - y[EMPLOYMENT_RATE + r]) / p[EMPLOYMENT_TIME]
        seen = gated(p, GATE_B1, force, y[REF_LABOUR_FORCE + r])  # loop B1: the labour force the ratio sees
        seen_sought = sought if seen == force else employment_sought(p, r, demand, seen)
        log_tightness, vacancies = vacancies_per_unemployed(p, r, demand, seen, seen_sought)
        aux[A_VACANCIES + r] = vacancies
        aux[A_JOBS_RATIO_LOG + r] = log_tightness  # ln(V*/U*) until the pass below
    for r in range(N_REGIONS):
        population = population_groups(aux, r)[0]
        employed = aux[A_EMPLOYMENT + r]
        output = aux[A_GRP + r]
        log_tightness = aux[A_JOBS_RATIO_LOG + r]
        tightness = elasticity * (log_tightness - y[REF_LOG_TIGHTNESS + r]) - y[REF_JOBS_RATIO_CYCLE + r] * log_cycle
        productivity = 1000.0 * output / employed
        target = p[LABOUR_SHARE] * productivity * math.exp(p[WAGE_TIGHTNESS] * tightness)
        dydt[WAGE + r] = (target - y[WAGE + r]) / p[WAGE_TIME]
        inflow = y[REF_FOREIGN_INFLOW + r] * math.exp(p[FOREIGN_POLICY_GROWTH] * (t - y[REF_START_YEAR + r])
                                                      + p[FOREIGN_SHORTAGE] * tightness)
        dydt[FOREIGN_WORKERS + r] = inflow - y[FOREIGN_WORKERS + r] / p[FOREIGN_STAY]
        income = 1e6 * p[INCOME_SHARE + r] * output / population
        aux[A_UNEMPLOYMENT + r] = 1.0 - y[EMPLOYMENT_RATE + r]
        aux[A_JOBS_RATIO + r] = p[JOBS_RATIO_SCALE + r] * math.exp(elasticity * log_tightness)
        aux[A_JOBS_RATIO_LOG + r] = tightness  # read again by attractiveness.py
        aux[A_PRODUCTIVITY + r] = productivity
        aux[A_PRODUCTIVITY_RATIO + r] = productivity / aux[A_JAPAN_PRODUCTIVITY]
        aux[A_INCOME + r] = income
        aux[A_INCOME_RATIO + r] = income / aux[A_JAPAN_INCOME]
