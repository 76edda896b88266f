"""Digital transformation as depth (MODEL.md §2.4) — counters spiral S2 (loop R8+).

Firms move through stages k = 0 not started → 1 considering → 2 doing → 3 advanced, in two size
classes c (small = 小規模企業, larger), shares x_{c,k} of the class (x_{c,0} = 1 − Σ_k x_{c,k}).
Japan runs the same stages without policy: the reference path the region lags behind.

    D   = Σ_c w_c (x_{c,2} + x_{c,3})                doing share (``dx_adoption``)         [1]
    E   = Σ_c w_c (x_{c,2} + ω x_{c,3})              depth in doing-equivalents            [1]
    dx_depth = E / ω ;  dx_lag = (E_J − E) / ω                                              [1]
    K   = 1 + κ · max(0, 1 − E / E_J)                catch-up on the national frontier     [1]
    a_c = min(m_c (α (1 − φ) + α φ T D̃ / D_J0) K + u, 1)      not started → considering   [1/year]
    b_c = min(m_c β K + u, 1) ;  g_c = min(m_c γ K + u, 1)     considering → doing → advanced
    dx_{c,1}/dt = a_c x_{c,0} − b_c x_{c,1} ;  dx_{c,2}/dt = b_c x_{c,1} − g_c x_{c,2} ;  dx_{c,3}/dt = g_c x_{c,2}
    dE_eff/dt = (E − E_eff) / τ_dx                   what raises TFP (production.py)       [1/year]
    u   = a_dx · (S_dx · 1000 / c_dx) / F · (1 + χ_dx,talent · I_talent)                  [1/year]

``u`` is the DX lever: its spending ``S_dx`` [¥bn/year] supports ``S_dx · 1000 / c_dx`` firms a year
at ``c_dx`` [¥M] each (EVIDENCE.md I12-I13), of which the share ``a_dx`` (additionality) take one
more step than they would have; per firm of the region (``F``), that is an extra step rate of
every firm.

``w`` = (small-firm share, 1 − it); ``m`` = (small firms' rate ratio, 1): the smallest firms lag
(EVIDENCE.md M2); ``α`` and ``β`` are fitted to Japan's survey path (M1-M3, D5;
``sim/economy/dx_fit.py``), ``γ`` an assumption; ``φ`` the imitation share of the awareness rate at
the start, ``D̃`` the doing share seen by imitators through loop R8+'s gate, ``D_J0`` Japan's
doing share at the start, ``T = (RT/RT_ref)^κ`` remote talent's capability (talent.py).
Japan: the same with ``T = 1``, ``K = 1``, ``u = 0`` and its own ``D``. Each rate is capped at 1
per year, which keeps every share in [0, 1] under Euler for any dt ≤ 1 and any budget.

TFP rises with the region's phased depth *relative to Japan's*, ``(1 + γ_D E_eff) / (1 + γ_D
E_J,eff)`` (production.py, γ_D = ``dx_productivity_gain``: D7's premium of a doing firm; an advanced
one earns ω times it). The region starts behind Japan by the data (``start_level``) and converges
only through κ; the DX lever's capital share adds to capital (production.py).
"""

import math

from sim.core.jit import plain_kernel
from sim.model.dimensions import N_DX_STAGES, N_FIRM_SIZES, N_REGIONS
from sim.model.levers import DX, TALENT
from sim.model.loops import GATE_R8
from sim.model.sectors.common import gated, lever_intensity, lever_spending
from sim.model.state import (
    A_DX_ADOPTION,
    A_DX_ADOPTION_JAPAN,
    A_DX_DEPTH,
    A_DX_DEPTH_JAPAN,
    A_DX_LAG,
    A_TALENT_CAPABILITY,
    CHI_DX_TALENT,
    DX_ADDITIONALITY,
    DX_COST_PER_FIRM,
    FIRMS,
    DX_ADVANCED_WEIGHT,
    DX_AWARENESS,
    DX_CATCH_UP,
    DX_CEO_AGE_GAP,
    DX_CEO_AGE_SLOPE,
    DX_DEEPENING,
    DX_EFFECT,
    DX_EFFECT_JAPAN,
    DX_IMITATION_SHARE,
    DX_IMPLEMENTATION,
    DX_PROXY_ELASTICITY,
    DX_PROXY_RATIO,
    DX_SMALL_LEVEL,
    DX_SMALL_RATE,
    DX_SMALL_SHARE,
    DX_STAGE,
    DX_STAGE_JAPAN,
    DX_START_CUMULATIVE,
    DX_TIME,
    REF_DX,
)

#: Cap on every stage-transition rate [1/year].
MAX_TRANSITION_RATE = 1.0
#: Slots of one region's stages (size classes × stages).
REGION_SLOTS = N_FIRM_SIZES * N_DX_STAGES


@plain_kernel
def class_weight(p, c):
    """Share of the firm count in size class ``c`` (0 small, 1 larger)."""
    return p[DX_SMALL_SHARE] if c == 0 else 1.0 - p[DX_SMALL_SHARE]


@plain_kernel
def class_rate_ratio(p, c):
    """Transition rates of size class ``c`` relative to larger firms'."""
    return p[DX_SMALL_RATE] if c == 0 else 1.0


@plain_kernel
def doing_share(y, p, base):
    """Share of firms doing DX (doing or advanced), classes weighted by firm count [1]."""
    total = 0.0
    for c in range(N_FIRM_SIZES):
        slot = base + c * N_DX_STAGES
        total += class_weight(p, c) * (y[slot + 1] + y[slot + 2])
    return total


@plain_kernel
def doing_equivalents(y, p, base):
    """Depth in doing-equivalents, doing + ω advanced, classes weighted by firm count [1]."""
    total = 0.0
    for c in range(N_FIRM_SIZES):
        slot = base + c * N_DX_STAGES
        total += class_weight(p, c) * (y[slot + 1] + p[DX_ADVANCED_WEIGHT] * y[slot + 2])
    return total


@plain_kernel
def start_level(p, r):
    """The region's DX shares at the start relative to Japan's [1]: the digital-practice gap of
    regional cities (telework, A18) to the power ε, times the CEO-age composition (M3 × C6)."""
    proxy = math.exp(p[DX_PROXY_ELASTICITY] * math.log(p[DX_PROXY_RATIO]))
    return proxy * max(0.0, 1.0 - p[DX_CEO_AGE_SLOPE] * p[DX_CEO_AGE_GAP + r])


@plain_kernel
def write_dx_start(y, p):
    """Japan's stages from the fitted cumulative shares (the small class at the observed level
    ratio), the regions' at their start level; the phased effects at their start values."""
    larger = 1.0 / (p[DX_SMALL_SHARE] * p[DX_SMALL_LEVEL] + 1.0 - p[DX_SMALL_SHARE])
    for c in range(N_FIRM_SIZES):
        scale = larger * (p[DX_SMALL_LEVEL] if c == 0 else 1.0)
        for k in range(N_DX_STAGES):
            beyond = p[DX_START_CUMULATIVE + k + 1] if k + 1 < N_DX_STAGES else 0.0
            y[DX_STAGE_JAPAN + c * N_DX_STAGES + k] = scale * (p[DX_START_CUMULATIVE + k] - beyond)
    y[DX_EFFECT_JAPAN] = doing_equivalents(y, p, DX_STAGE_JAPAN)
    for r in range(N_REGIONS):
        level = start_level(p, r)
        base = DX_STAGE + r * REGION_SLOTS
        for i in range(REGION_SLOTS):
            y[base + i] = level * y[DX_STAGE_JAPAN + i]
        y[DX_EFFECT + r] = doing_equivalents(y, p, base)
        y[REF_DX + r] = doing_share(y, p, base)


@plain_kernel
def stage_rates(y, dydt, base, awareness, implementation, deepening):
    """Write the rates of one size class's three stage shares (rates already capped)."""
    considering = y[base]
    doing = y[base + 1]
    advanced = y[base + 2]
    not_started = max(0.0, 1.0 - considering - doing - advanced)
    starting = awareness * not_started
    implementing = implementation * considering
    deepening_flow = deepening * doing
    dydt[base] = starting - implementing
    dydt[base + 1] = implementing - deepening_flow
    dydt[base + 2] = deepening_flow


@plain_kernel
def supported_step_rate(y, p, aux, r):
    """Extra DX step rate of every firm of region ``r`` [1/year]: the firms the DX lever supports
    (spending ¥bn/year × 1000 / ¥M per firm) that take one more step than they would have
    (additionality), per firm of the region, raised by the DX × talent cross effect."""
    supported = lever_spending(aux, DX, r) * 1000.0 / p[DX_COST_PER_FIRM]
    return (p[DX_ADDITIONALITY] * supported / y[FIRMS + r]
            * (1.0 + p[CHI_DX_TALENT] * lever_intensity(aux, TALENT, r)))


@plain_kernel
def dx_rates(y, p, dydt, aux):
    """Write the rates of the DX stages and of their phased-in effect; Japan's reference path."""
    weight = p[DX_ADVANCED_WEIGHT]
    external = p[DX_AWARENESS] * (1.0 - p[DX_IMITATION_SHARE])
    imitation = p[DX_AWARENESS] * p[DX_IMITATION_SHARE] / p[DX_START_CUMULATIVE + 1]
    japan_doing = doing_share(y, p, DX_STAGE_JAPAN)
    japan_depth = doing_equivalents(y, p, DX_STAGE_JAPAN)
    for c in range(N_FIRM_SIZES):
        m = class_rate_ratio(p, c)
        stage_rates(y, dydt, DX_STAGE_JAPAN + c * N_DX_STAGES,
                    min(m * (external + imitation * japan_doing), MAX_TRANSITION_RATE),
                    min(m * p[DX_IMPLEMENTATION], MAX_TRANSITION_RATE), min(m * p[DX_DEEPENING], MAX_TRANSITION_RATE))
    dydt[DX_EFFECT_JAPAN] = (japan_depth - y[DX_EFFECT_JAPAN]) / p[DX_TIME]
    aux[A_DX_ADOPTION_JAPAN] = japan_doing
    aux[A_DX_DEPTH_JAPAN] = japan_depth / weight
    for r in range(N_REGIONS):
        push = supported_step_rate(y, p, aux, r)
        base = DX_STAGE + r * REGION_SLOTS
        doing = doing_share(y, p, base)
        depth = doing_equivalents(y, p, base)
        seen = gated(p, GATE_R8, doing, y[REF_DX + r])
        catch_up = 1.0 + p[DX_CATCH_UP] * max(0.0, 1.0 - depth / japan_depth)
        for c in range(N_FIRM_SIZES):
            m = class_rate_ratio(p, c) * catch_up
            awareness = m * (external + imitation * aux[A_TALENT_CAPABILITY + r] * seen) + push
            stage_rates(y, dydt, base + c * N_DX_STAGES, min(awareness, MAX_TRANSITION_RATE),
                        min(m * p[DX_IMPLEMENTATION] + push, MAX_TRANSITION_RATE),
                        min(m * p[DX_DEEPENING] + push, MAX_TRANSITION_RATE))
        dydt[DX_EFFECT + r] = (depth - y[DX_EFFECT + r]) / p[DX_TIME]
        aux[A_DX_ADOPTION + r] = doing
        aux[A_DX_DEPTH + r] = depth / weight
        aux[A_DX_LAG + r] = (japan_depth - depth) / weight
