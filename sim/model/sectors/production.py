"""Capital, production and demand (ECONOMY_V2.md §1, blocks 3-4; MODEL.md §2.3) — where spiral S1
lives (loops R1, R2, R6, R7, R10, R11+ pass through here). Output is demand-led in the short run
and supply-led in the long run: demand above capacity leaks to imports and, through the labour
market, to wages and unit labour cost, which cut external demand.

Per region (¥bn at FY2020 prices; E employed persons; t in years):

    A     = A_ref · exp(((1 − θ) g + g_gap)(t − 2020)) · (R/R_ref)^η · (1 + γ s_eff)/(1 + γ s_J,eff)
            · exp(V) · (P̃₇/P_ref)^α                                         TFP
    Y_cap = A · K^θ · (h · E)^(1−θ)                                           capacity [¥bn/year]
    ulc   = (w E / Y_cap) / (w E / Y_cap)_ref                                unit labour cost [1]
    Y*    = A^(1/(1−θ)) · h E  (relative to its start)                         potential output [1]
    comp  = Y* / (N*(t) / N*(t₀))                                             competitiveness [1]
    X     = X_ref · N(t) · comp^ε_c · ulc^(−ε_X)
            + anchor external demand (leading_industry.py)                    external demand
    C     = c · (w · (E + RM) / 1000 + pension · P̃65₁ / 1000) · (1 − ℓ) · c(t)   consumption
            (RM: residents teleworking for outside employers, talent.py)
    ℓ     = energy leakage (energy.py) − λ_s · ln(F̃PC₁₀ / FPC_ref) − λ_a · ln(S̃A₁₀ / SA_ref), within [0, 0.95]
    G     = G_ref · (P̃₁ / P_ref)^β                                           government
    Y_dem = μ · (m_C C + m_I I + m_G G + m_P (reconstruction + Σ lever spending) + X)   demand
    Y     = smooth_min(Y_dem, Y_cap)                                          output (GRP)
    K*    = κ · (1 + τ_K λ_ref) · smooth_min(Ŷ̃₂, Y_cap)                       desired capital
    I     = max(0, δ K + (K* − K)/τ_K)                                        investment
    dK/dt = I − δ K + s_dx · dx spending + anchor investment (leading_industry.py) − exit losses (firms.py)
    dŶ/dt = (Y_dem − Ŷ)/τ_D ;  dȲ/dt = (Y − Ȳ)/τ_Y ;  dV/dt = β_V · g̃_Y,  g_Y = (Y − Ȳ)/(Ȳ τ_Y)

``N(t)`` is Japan's real GDP relative to FY2020, ``c(t)`` the pandemic cycle and ``N* = N / c``
Japan's post-pandemic trend (paths.py): the region comes out of the FY2020 trough through its
external demand and its households' spending. Its share of Japan's demand follows what it can
produce against Japan's trend and falls as its unit labour cost rises. What it can produce is
its potential output ``Y*``: TFP and the labour it has, at the steady capital-output ratio
(capital accumulates to it), so that exports are supply-led (``ε_c = 1``: they grow with
potential output) while capital built by a passing rise in demand does not, by itself, win
market share (that would make any demand shock self-sustaining through loop R2).
Japan's unit labour cost is constant (its wages grow with its productivity), so ``ulc`` is the
region's relative cost. The ``m`` are the shares of each component bought from the region's own
production (the rest is imported from other prefectures or abroad); ``μ`` the value added per ¥
of such local final demand. Government consumption per head rises as population falls (β < 1)
and is financed by national transfers (local allocation tax, disbursements), not by local
income, so it does not reduce consumption. Tildes mark links read through a loop's gate (subscript: the loop): population in consumption and
government (R1), expected demand in desired capital (R2), density in TFP (R7), firms per head in
leakage (R10), output growth in the Verdoorn term (R6). ``μ`` is the value-added multiplier of
final demand; the ``ref`` values are the start state (init), chosen so that the economy starts
in equilibrium at the start GRP with utilisation ``u_n``.
"""

import math

from sim.core.jit import inline_kernel, plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import DX
from sim.model.loops import GATE_R1, GATE_R2, GATE_R6, GATE_R7, GATE_R10
from sim.model.sectors.common import (
    gated,
    lever_spending,
    population_groups,
    power,
    smooth_min,
    total_lever_spending,
)
from sim.model.sectors.energy import gated_energy_leakage
from sim.model.sectors.leading_industry import anchor_external_demand, anchor_rates
from sim.model.state import (
    A_CAPACITY,
    A_CONSUMPTION,
    A_DEMAND,
    A_EMPLOYMENT,
    A_EXTERNAL_DEMAND,
    A_CYCLE,
    A_GOVERNMENT,
    A_NATIONAL_DEMAND,
    A_ULC,
    A_GRP,
    A_INVESTMENT,
    A_LEAKAGE,
    A_RECON_SPENDING,
    A_SERVICE_LOG_RATIO,
    A_TFP,
    A_TFP_TREND,
    AGGLOMERATION,
    CAPITAL,
    CAPITAL_OUTPUT_RATIO,
    CAPITAL_SHARE,
    CAPITAL_TIME,
    CONSUMPTION_CONVERSION,
    DEMAND_TIME,
    DEPRECIATION,
    DX_EFFECT,
    DX_EFFECT_JAPAN,
    DX_GAIN,
    DX_INVESTMENT_SHARE,
    COMPETITIVENESS_ELASTICITY,
    EXPORT_COST_ELASTICITY,
    EXPECTED_DEMAND,
    FIRMS,
    GOVERNMENT_ELASTICITY,
    KNOWLEDGE,
    KNOWLEDGE_ELASTICITY,
    LOCAL_CONSUMPTION,
    LOCAL_GOVERNMENT,
    LOCAL_INVESTMENT,
    LOCAL_PUBLIC_WORKS,
    OUTPUT_AVERAGE,
    OUTPUT_AVERAGING_TIME,
    OUTPUT_SHARPNESS,
    PENSION,
    REF_POTENTIAL,
    REF_DEMAND,
    REF_ELDERLY,
    REF_EXIT_LOSS,
    REF_EXTERNAL_DEMAND,
    REF_FIRMS_PER_CAPITA,
    REF_GOVERNMENT,
    REF_NATIONAL_TREND,
    REF_KNOWLEDGE,
    REF_POPULATION,
    REF_TFP,
    REF_UNIT_LABOUR_COST,
    REMOTE_MOVERS,
    SKILL,
    SERVICE_LEAKAGE,
    SUPPLIER_LEAKAGE,
    VA_MULTIPLIER,
    VERDOORN,
    VERDOORN_COEFFICIENT,
    WAGE,
)

#: Bounds on the share of spending that leaks out of the region [1].
LEAKAGE_BOUNDS = (0.0, 0.95)


@plain_kernel
def tfp_relative(t, y, p, aux, r, population):
    """TFP of region ``r`` relative to its reference scale ``A_ref`` (see the module docstring)."""
    trend = aux[A_TFP_TREND]
    digital = (1.0 + p[DX_GAIN] * y[DX_EFFECT + r]) / (1.0 + p[DX_GAIN] * y[DX_EFFECT_JAPAN])
    density = gated(p, GATE_R7, population, y[REF_POPULATION + r]) / y[REF_POPULATION + r]
    # knowledge^η · exp(V) · density^α as one exponential of a sum of logarithms (one call, not three)
    logarithm = (p[KNOWLEDGE_ELASTICITY] * math.log(y[KNOWLEDGE + r] / y[REF_KNOWLEDGE + r]) + y[VERDOORN + r]
                 + p[AGGLOMERATION] * math.log(density))
    return trend * digital * math.exp(logarithm)


@plain_kernel
def capacity(t, y, p, aux, r, population):
    """Production capacity of region ``r`` [¥bn/year] and TFP relative to its scale."""
    theta = p[CAPITAL_SHARE]
    relative = tfp_relative(t, y, p, aux, r, population)
    workers = y[SKILL + r] * aux[A_EMPLOYMENT + r]
    inputs = math.exp(theta * math.log(y[CAPITAL + r]) + (1.0 - theta) * math.log(workers))  # K^θ (h E)^(1−θ)
    return y[REF_TFP + r] * relative * inputs, relative


@plain_kernel
def unit_labour_cost(y, aux, r, capacity_value):
    """Pay per unit of output at capacity [¥M per ¥bn/year of capacity]; relative to the start it is
    the region's cost against Japan's (whose wages grow with its productivity)."""
    return y[WAGE + r] * aux[A_EMPLOYMENT + r] / capacity_value


@plain_kernel
def leakage(p, y, aux, r, population):
    """Share of household spending leaking out of the region (energy; lost local suppliers and
    facilities, both through loop R10's gate)."""
    per_capita = gated(p, GATE_R10, y[FIRMS + r] / population, y[REF_FIRMS_PER_CAPITA + r])
    thinning = (p[SUPPLIER_LEAKAGE] * math.log(per_capita / y[REF_FIRMS_PER_CAPITA + r])
                + p[SERVICE_LEAKAGE] * gated(p, GATE_R10, aux[A_SERVICE_LOG_RATIO + r], 0.0))
    value = gated_energy_leakage(p, y, aux, r) - thinning
    return min(max(value, LEAKAGE_BOUNDS[0]), LEAKAGE_BOUNDS[1])


@inline_kernel
def domestic_demand(t, y, p, aux, r, population, elderly):
    """Consumption, government consumption [¥bn/year] and leakage of region ``r``."""
    people = gated(p, GATE_R1, population, y[REF_POPULATION + r])
    old = gated(p, GATE_R1, elderly, y[REF_ELDERLY + r])
    spill = leakage(p, y, aux, r, population)
    # pay of the employed, of residents teleworking for outside employers (at the region's pay, an
    # assumption: theirs is likely higher) and pensions
    income = (y[WAGE + r] * (aux[A_EMPLOYMENT + r] + y[REMOTE_MOVERS + r]) + p[PENSION] * old) / 1000.0
    consumption = p[CONSUMPTION_CONVERSION] * income * (1.0 - spill) * aux[A_CYCLE]
    government = y[REF_GOVERNMENT + r] * power(people / y[REF_POPULATION + r], p[GOVERNMENT_ELASTICITY])
    return consumption, government, spill


@inline_kernel
def investment(y, p, r, capacity_value):
    """Investment toward desired capital [¥bn/year], never negative.

    Desired capital is the capital-output ratio times expected output: expected demand as far
    as capacity allows (the smooth minimum). Bounding it by capacity, which grows only as K^θ,
    keeps the accelerator stable when labour is short.
    """
    capital = y[CAPITAL + r]
    expected = gated(p, GATE_R2, y[EXPECTED_DEMAND + r], y[REF_DEMAND + r])
    expected_output = smooth_min(expected, capacity_value, p[OUTPUT_SHARPNESS])
    desired = p[CAPITAL_OUTPUT_RATIO] * (1.0 + p[CAPITAL_TIME] * y[REF_EXIT_LOSS + r]) * expected_output
    return max(0.0, p[DEPRECIATION] * capital + (desired - capital) / p[CAPITAL_TIME])


@plain_kernel
def potential_output(y, p, aux, r):
    """What region ``r`` can produce at the steady capital-output ratio, up to a constant:
    ``A^(1/(1−θ)) · h E`` with TFP relative to its scale [person]."""
    return power(aux[A_TFP + r], 1.0 / (1.0 - p[CAPITAL_SHARE])) * y[SKILL + r] * aux[A_EMPLOYMENT + r]


@inline_kernel
def external_demand(t, y, p, aux, r, capacity_value):
    """External demand [¥bn/year]: Japan's demand, the region's competitiveness and relative unit labour
    cost, and the anchor plants' sales."""
    relative_cost = unit_labour_cost(y, aux, r, capacity_value) / y[REF_UNIT_LABOUR_COST + r]
    trend = aux[A_NATIONAL_DEMAND] / aux[A_CYCLE]
    competitiveness = potential_output(y, p, aux, r) / y[REF_POTENTIAL + r] * y[REF_NATIONAL_TREND + r] / trend
    base = (y[REF_EXTERNAL_DEMAND + r] * aux[A_NATIONAL_DEMAND] * power(competitiveness, p[COMPETITIVENESS_ELASTICITY])
            * power(relative_cost, -p[EXPORT_COST_ELASTICITY]))
    return base + anchor_external_demand(y, p, r), relative_cost


@plain_kernel
def local_demand(p, consumption, invest, government, public, exports):
    """Demand for the region's output [¥bn/year]: value added of the locally produced part of each
    component of final demand."""
    return p[VA_MULTIPLIER] * (p[LOCAL_CONSUMPTION] * consumption + p[LOCAL_INVESTMENT] * invest
                               + p[LOCAL_GOVERNMENT] * government + p[LOCAL_PUBLIC_WORKS] * public + exports)


@plain_kernel
def production_rates(t, y, p, dydt, aux):
    """Write capital, expectations, output average and Verdoorn rates, and output, demand and
    their components into ``aux``.

    In three passes over the regions (capacity; investment; demand and output), each writing what
    the next reads into ``aux``: the regions' chains of ``exp``/``log``/square roots are then
    independent within a pass and overlap in the CPU, where one pass per region would run them
    one after the other.
    """
    for r in range(N_REGIONS):
        cap, relative_tfp = capacity(t, y, p, aux, r, population_groups(aux, r)[0])
        aux[A_CAPACITY + r] = cap
        aux[A_TFP + r] = relative_tfp
    for r in range(N_REGIONS):
        aux[A_INVESTMENT + r] = investment(y, p, r, aux[A_CAPACITY + r])
    for r in range(N_REGIONS):
        population, _, _, elderly, _ = population_groups(aux, r)
        cap = aux[A_CAPACITY + r]
        invest = aux[A_INVESTMENT + r]
        consumption, government, spill = domestic_demand(t, y, p, aux, r, population, elderly)
        exports, relative_cost = external_demand(t, y, p, aux, r, cap)
        public = aux[A_RECON_SPENDING + r] + total_lever_spending(aux, r)
        demand = local_demand(p, consumption, invest, government, public, exports)
        output = smooth_min(demand, cap, p[OUTPUT_SHARPNESS])
        aux[A_GRP + r] = output
        aux[A_DEMAND + r] = demand
        aux[A_CONSUMPTION + r] = consumption
        aux[A_EXTERNAL_DEMAND + r] = exports
        aux[A_LEAKAGE + r] = spill
        aux[A_GOVERNMENT + r] = government
        aux[A_ULC + r] = relative_cost
        anchors = anchor_rates(y, p, dydt, aux, r)
        dydt[CAPITAL + r] = (invest - p[DEPRECIATION] * y[CAPITAL + r] + anchors
                             + p[DX_INVESTMENT_SHARE] * lever_spending(aux, DX, r))
        dydt[EXPECTED_DEMAND + r] = (demand - y[EXPECTED_DEMAND + r]) / p[DEMAND_TIME]
        average = y[OUTPUT_AVERAGE + r]
        dydt[OUTPUT_AVERAGE + r] = (output - average) / p[OUTPUT_AVERAGING_TIME]
        growth = (output - average) / (average * p[OUTPUT_AVERAGING_TIME])
        dydt[VERDOORN + r] = p[VERDOORN_COEFFICIENT] * gated(p, GATE_R6, growth, 0.0)
