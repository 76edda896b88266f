"""Labour market (MODEL.md §2.2) — loops R1 (labour demand) and B1 (labour force) pass here.

    LF  = π_ref · (1 + π_trend (t − 2020)) · (P15-64 + w65 · P65-74)          labour force [person]
    LD  = λ_ref · E · Y / Y_cap                                              labour demand [person]
    JOR = LD / LF̃                                                           job-opening ratio [1]
    dE/dt = (smooth_min(LD, LF) − E) / τ_E                                   [person/year]
    productivity = 1000 · Y / E                                              [¥M/worker]
    dw/dt = (s_L · productivity · (JOR / JOR_ref)^ε_w − w) / τ_w              [¥M/(worker·year²)]

``LF̃`` is the labour force through loop B1's gate (leavers tighten the labour market). No
participation data by age are in the sources, so one rate per prefecture, set at the start,
with 65-74 weighted ``w65`` (assumption). Also reported: labour productivity and its ratio to
Japan's exogenous path, and income per head (share ``ψ`` of GRP per person) relative to Japan.
"""

import math

from sim.core import kernel
from sim.model.dimensions import N_REGIONS
from sim.model.loops import GATE_B1
from sim.model.sectors.common import BASE_YEAR, gated, population_groups, smooth_min
from sim.model.state import (
    A_CAPACITY,
    A_GRP,
    A_INCOME,
    A_INCOME_RATIO,
    A_JAPAN_INCOME,
    A_JAPAN_PRODUCTIVITY,
    A_JOB_OPENING,
    A_JOB_OPENING_LOG,
    A_LABOUR_DEMAND,
    A_LABOUR_FORCE,
    A_PRODUCTIVITY,
    A_PRODUCTIVITY_RATIO,
    EMPLOYMENT,
    EMPLOYMENT_TIME,
    INCOME_SHARE,
    LABOUR_SHARE,
    LABOUR_SHARPNESS,
    PARTICIPATION_TREND,
    REF_JOB_OPENING,
    REF_LABOUR_DEMAND_SCALE,
    REF_LABOUR_FORCE,
    REF_PARTICIPATION,
    WAGE,
    WAGE_TIGHTNESS,
    WAGE_TIME,
)

@kernel
def labour_force(t, p, y, r, weighted_workers):
    """Labour force of region ``r`` [person]."""
    return y[REF_PARTICIPATION + r] * (1.0 + p[PARTICIPATION_TREND] * (t - BASE_YEAR)) * weighted_workers


@kernel
def labour_rates(t, y, p, dydt, aux):
    """Write employment and wage rates and the labour market's reported variables (after production)."""
    for r in range(N_REGIONS):
        population, _, weighted, _, _ = population_groups(aux, r)
        force = labour_force(t, p, y, r, weighted)
        employed = y[EMPLOYMENT + r]
        output = aux[A_GRP + r]
        demand = y[REF_LABOUR_DEMAND_SCALE + r] * employed * output / aux[A_CAPACITY + r]
        opening = demand / gated(p, GATE_B1, force, y[REF_LABOUR_FORCE + r])
        dydt[EMPLOYMENT + r] = (smooth_min(demand, force, p[LABOUR_SHARPNESS]) - employed) / p[EMPLOYMENT_TIME]
        productivity = 1000.0 * output / employed
        tightness = math.log(opening / y[REF_JOB_OPENING + r])  # read again by attractiveness.py
        target = p[LABOUR_SHARE] * productivity * math.exp(p[WAGE_TIGHTNESS] * tightness)
        dydt[WAGE + r] = (target - y[WAGE + r]) / p[WAGE_TIME]
        income = 1e6 * p[INCOME_SHARE + r] * output / population
        aux[A_LABOUR_FORCE + r] = force
        aux[A_LABOUR_DEMAND + r] = demand
        aux[A_JOB_OPENING + r] = opening
        aux[A_JOB_OPENING_LOG + r] = tightness
        aux[A_PRODUCTIVITY + r] = productivity
        aux[A_PRODUCTIVITY_RATIO + r] = productivity / aux[A_JAPAN_PRODUCTIVITY]
        aux[A_INCOME + r] = income
        aux[A_INCOME_RATIO + r] = income / aux[A_JAPAN_INCOME]
