"""Attractiveness (MODEL.md §2.1): what the economy says to would-be movers, perceived with a delay.

    ΔAI = ε_w (ln(w / w_ref) − ln(W_J / W_J,ref)) + ε_j ln(JOR / JOR_ref) + ε_s ln(S̃I) + ε_t (telework − telework₀)
    SI  = (SA / SA_ref)^(1 − ν) · ((F / P) / (F / P)_ref)^ν      service index
    dÂ/dt = (ΔAI − Â) / τ_A                                      [1/year]

The wage term is the pay gap to the Tokyo area, whose pay ``W_J`` follows Japan's productivity
path from the start (trend growth ``g`` and Japan's own pandemic rebound, paths.py);
``S̃I`` is the service index through loop R3's gate: facility access ``SA`` (services.py, the
population thresholds of EVIDENCE.md L1-L2) and everyday services, firms per head (loop R9 passes
through them), weighted ``ν`` (``everyday_services_weight``). ``Â`` sets the migration multipliers
(talent.py): ``f_out = 2^(−Â)`` (Forrester's departure multiplier, PARAMETERS.md).
"""

import math

from sim.core.jit import plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.loops import GATE_R3
from sim.model.sectors.common import gated, population_groups
from sim.model.state import (
    A_JAPAN_PAY_LOG_GROWTH,
    A_JOBS_RATIO_LOG,
    A_TELEWORK,
    A_SERVICE_LOG_RATIO,
    ATTRACTIVENESS,
    EVERYDAY_SERVICES_WEIGHT,
    FIRMS,
    JOBS_ATTRACTIVENESS,
    LOOP_GATE,
    PERCEPTION_TIME,
    REF_FIRMS_PER_CAPITA,
    REF_WAGE,
    SERVICES_ATTRACTIVENESS,
    TELEWORK_ATTRACTIVENESS,
    TELEWORK_START,
    WAGE,
    WAGE_ATTRACTIVENESS,
)


@plain_kernel
def attractiveness_rates(t, y, p, dydt, aux):
    """Write the rate of perceived attractiveness (last: reads the labour market and talent)."""
    for r in range(N_REGIONS):
        population = population_groups(aux, r)[0]
        wage_gap = math.log(y[WAGE + r] / y[REF_WAGE + r]) - aux[A_JAPAN_PAY_LOG_GROWTH]
        everyday = p[EVERYDAY_SERVICES_WEIGHT]
        log_index = ((1.0 - everyday) * aux[A_SERVICE_LOG_RATIO + r]
                     + everyday * math.log(y[FIRMS + r] / population / y[REF_FIRMS_PER_CAPITA + r]))
        if p[LOOP_GATE + GATE_R3] != 1.0:  # ln(gated index); with the loop acting it is ln(index) itself
            log_index = math.log(gated(p, GATE_R3, math.exp(log_index), 1.0))
        indicator = (p[WAGE_ATTRACTIVENESS] * wage_gap
                     + p[JOBS_ATTRACTIVENESS] * aux[A_JOBS_RATIO_LOG + r]  # ln(JAR / JAR_ref), labour.py
                     + p[SERVICES_ATTRACTIVENESS] * log_index
                     + p[TELEWORK_ATTRACTIVENESS] * (aux[A_TELEWORK + r] - p[TELEWORK_START + r]))
        dydt[ATTRACTIVENESS + r] = (indicator - y[ATTRACTIVENESS + r]) / p[PERCEPTION_TIME]
