"""Talent (MODEL.md §2.7): remote and side-job talent, the skill index, telework, I-turns; and the
attractiveness multipliers through which the economy acts on migration (§2.1).

Before the population flows, from the perceived attractiveness ``Â`` (a stock, see
``attractiveness.py``), clipped to [−1, 1] (the population sector caps the combined
out-migration multiplier at its Euler bound of 20):

    f_out = 2^(−Â),  f_in = 2^(Â),  f_U = 2^(Â) · (1 + e_ret · I_talent)          [1]
    telework_r = min(telework_start_r + e_tw · I_talent, 1)                      [1]
    I-turns = f_in,r · I_base · (1 + e_ret · I_talent) · 2^(Â)                    [person/year]
    I_base = Tokyo-area workers · telework_Tokyo · fully remote · relocation · share_r

``f_in,r`` is the population's in-migration multiplier. The population calibration runs with
the I-turns at ``I_base``, so the calibrated net migration leaves room for them (no double count).

After them:

    d remote_talent/dt = RT_ref/τ_RT · (telework/telework_start) · (1 + e_RT · I_talent) · 2^(Â)
                         − remote_talent/τ_RT                                    [FTE/year]
    d h/dt = (1 + e_h · I_talent − b · (ỹ/y_ref − 1) − h) / τ_h                  [1/year]

``ỹ`` is the out-migration rate of ages 15-29 through loop R13's gate (brain drain). Remote talent
raises DX imitation and innovation effectiveness by the talent capability ``(RT̃/RT_ref)^κ``, with
``RT̃`` through loop R14+'s gate (computed here once per region, read by dx.py and innovation.py),
and is drawn by attractiveness.
"""

from sim.core import kernel
from sim.model.dimensions import FUKUSHIMA, N_REGIONS
from sim.model.levers import TALENT
from sim.model.loops import GATE_R13, GATE_R14
from sim.model.sectors.common import gated, lever_intensity, population_groups, power
from sim.model.state import (
    A_ATTRACTIVENESS_FACTOR,
    A_EXTRA_ARRIVALS,
    A_IN_FACTOR,
    A_OUT_FACTOR,
    A_TALENT_CAPABILITY,
    A_TELEWORK,
    A_U_TURN_FACTOR,
    ATTRACTIVENESS,
    BRAIN_DRAIN,
    CUM_OUT_YOUNG,
    IN_MULTIPLIER,
    REF_I_TURN,
    REF_REMOTE_TALENT,
    REF_YOUNG_OUT_RATE,
    REMOTE_TALENT,
    REMOTE_TALENT_TIME,
    SKILL,
    SKILL_TIME,
    TALENT_CAPABILITY,
    TALENT_REMOTE,
    TALENT_RESKILLING,
    TALENT_RETURN,
    TALENT_TELEWORK,
    TELEWORK_START,
)

#: Bound on |perceived attractiveness| [1]: migration multipliers stay within 2^±1.
ATTRACTIVENESS_BOUND = 1.0


@kernel
def attractiveness_factor(y, r):
    """``2^Â`` with ``Â`` clipped to ±ATTRACTIVENESS_BOUND."""
    perceived = min(max(y[ATTRACTIVENESS + r], -ATTRACTIVENESS_BOUND), ATTRACTIVENESS_BOUND)
    return 2.0 ** perceived


@kernel
def migration_factors(y, p, aux, evacuee_returns):
    """Write the migration multipliers, telework share and extra arrivals (I-turns and, in
    Fukushima, returning evacuees [person/year]) into ``aux``."""
    for r in range(N_REGIONS):
        factor = attractiveness_factor(y, r)
        aux[A_ATTRACTIVENESS_FACTOR + r] = factor
        talent = lever_intensity(aux, TALENT, r)
        returns = 1.0 + p[TALENT_RETURN] * talent
        aux[A_OUT_FACTOR + r] = 1.0 / factor
        aux[A_IN_FACTOR + r] = factor
        aux[A_U_TURN_FACTOR + r] = factor * returns
        aux[A_TELEWORK + r] = min(1.0, p[TELEWORK_START + r] + p[TALENT_TELEWORK] * talent)
        arrivals = p[IN_MULTIPLIER + r] * y[REF_I_TURN + r] * returns * factor
        if r == FUKUSHIMA:
            arrivals += evacuee_returns
        aux[A_EXTRA_ARRIVALS + r] = arrivals


@kernel
def young_out_rate(dydt, aux, r):
    """Out-migration rate of ages 15-29 [1/year], from the population sector's written flows."""
    young = population_groups(aux, r)[4]
    return dydt[CUM_OUT_YOUNG + r] / young if young > 0.0 else 0.0


@kernel
def talent_capability(y, p, r):
    """Remote talent's effect on DX imitation and innovation, ``(RT̃/RT_ref)^κ`` (loop R14+)."""
    reference = y[REF_REMOTE_TALENT + r]
    talent = gated(p, GATE_R14, y[REMOTE_TALENT + r], reference)
    return power(talent / reference, p[TALENT_CAPABILITY])


@kernel
def talent_rates(y, p, dydt, aux):
    """Write the rates of remote talent and the skill index (after the population sector), and the
    talent capability that DX and innovation read."""
    for r in range(N_REGIONS):
        aux[A_TALENT_CAPABILITY + r] = talent_capability(y, p, r)
        talent = lever_intensity(aux, TALENT, r)
        reference = y[REF_REMOTE_TALENT + r]
        time = p[REMOTE_TALENT_TIME]
        inflow = (reference / time * aux[A_TELEWORK + r] / p[TELEWORK_START + r]
                  * (1.0 + p[TALENT_REMOTE] * talent) * aux[A_ATTRACTIVENESS_FACTOR + r])
        dydt[REMOTE_TALENT + r] = inflow - y[REMOTE_TALENT + r] / time
        reference_rate = y[REF_YOUNG_OUT_RATE + r]
        leaving = gated(p, GATE_R13, young_out_rate(dydt, aux, r), reference_rate)
        drain = p[BRAIN_DRAIN] * (leaving / reference_rate - 1.0) if reference_rate > 0.0 else 0.0
        target = 1.0 + p[TALENT_RESKILLING] * talent - drain
        dydt[SKILL + r] = (target - y[SKILL + r]) / p[SKILL_TIME]
