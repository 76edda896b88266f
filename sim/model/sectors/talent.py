"""Talent (MODEL.md §2.7): remote and side-job talent, the skill index, telework, I-turns; and the
attractiveness multipliers through which the economy acts on migration (§2.1).

Before the population flows, from the perceived attractiveness ``Â`` (a stock, see
``attractiveness.py``), clipped to [−1, 1] (the population sector caps the combined
out-migration multiplier at its Euler bound of 20):

    f_out = 2^(−Â),  f_in = 2^(Â),  f_U = 2^(Â)                                  [1]
    telework_r = min(telework_start_r + e_tw · I_prog, 1)                        [1]
    I-turns = f_in,r · I_base · 2^(Â) + movers                                   [person/year]
    I_base = Tokyo-area workers · telework_Tokyo · fully remote · relocation · share_r
    movers = (1 − d) · M_r · (1 − exp(−s_m · S_talent · 1000 / (c_m · M_r)))     [person/year]

Relocation grants (移住支援金) take the share ``s_m`` of the talent lever's spending ``S_talent``
[¥bn/year] at a gross cost ``c_m`` [¥M] per mover (EVIDENCE.md I42/P5); the share ``d`` would have
moved anyway (deadweight). Grants cannot draw more than a pool ``M_r`` of movers a year (the
region's population share of ``talent_mover_pool``, an assumption): small budgets buy movers at
their unit cost, large ones saturate. Of every mover, ``s_tw`` workers telework for employers
outside the region (EVIDENCE.md I40-I41: 91 % of grant payments go to teleworkers keeping their
job, and a payment moves 1.4-2.2 people): they live and spend here (household income,
production.py) but are not in the region's labour force (labour.py) until, after a tenure
``τ_tw``, they work here or retire:

    d remote_movers/dt = s_tw · movers − remote_movers / τ_tw                    [person/year]

Reskilling takes the share ``s_tr``: ``n_tr`` trainees a year at ``c_tr`` [¥M] each, each
gaining ``g`` in productivity for the skill index's renewal time ``τ_h``: the term ``g n_tr τ_h /
LF`` is then the trained share of the labour force times ``g``, and the skill index follows it
as a stock of trained workers would (inflow ``n_tr``, outflow trained / ``τ_h``). The rest of the
budget, at intensity ``I_prog = (1 − s_m − s_tr) · I_talent`` [‰ of GRP], funds remote and
side-job talent and telework.

``f_in,r`` is the population's in-migration multiplier. The population calibration runs with
the I-turns at ``I_base``, so the calibrated net migration leaves room for them (no double count).

After them:

    d remote_talent/dt = RT_ref/τ_RT · (telework/telework_start) · (1 + e_RT · I_prog) · 2^(Â)
                         − remote_talent/τ_RT                                    [FTE/year]
    d h/dt = (1 + g · n_tr · τ_h / LF − b · (ỹ/y_ref − 1) − h) / τ_h              [1/year]
    n_tr = s_tr · S_talent · 1000 / c_tr                                         [person/year]

``ỹ`` is the out-migration rate of ages 15-29 through loop R13's gate (brain drain). Remote talent
raises DX imitation and innovation effectiveness by the talent capability ``(RT/RT_ref)^κ``,
computed here once per region and read by dx.py and innovation.py, and is drawn by
attractiveness. (That feedback, remote talent → capability → productivity → attractiveness →
remote talent, is not a named loop: with no evidence for its strength it moves no KPI by 0.1 % in
the baseline, docs/MODEL.md §3.)
"""

import math

from sim.core.jit import plain_kernel
from sim.model.dimensions import FUKUSHIMA, N_REGIONS
from sim.model.levers import TALENT
from sim.model.loops import GATE_R13
from sim.model.sectors.common import gated, lever_intensity, lever_spending, population_groups, power
from sim.model.state import (
    A_ATTRACTIVENESS_FACTOR,
    A_EXTRA_ARRIVALS,
    A_GRANTED_MOVERS,
    A_IN_FACTOR,
    A_LABOUR_FORCE,
    A_OUT_FACTOR,
    A_TALENT_CAPABILITY,
    A_TELEWORK,
    A_U_TURN_FACTOR,
    ATTRACTIVENESS,
    BRAIN_DRAIN,
    CUM_OUT_YOUNG,
    IN_MULTIPLIER,
    REF_I_TURN,
    REF_POPULATION,
    REF_REMOTE_TALENT,
    REF_YOUNG_OUT_RATE,
    REMOTE_MOVERS,
    REMOTE_MOVER_TENURE,
    REMOTE_TALENT,
    REMOTE_TALENT_TIME,
    SKILL,
    SKILL_TIME,
    TALENT_CAPABILITY,
    TALENT_REMOTE,
    TALENT_COST_PER_TRAINEE,
    TALENT_TRAINING_SHARE,
    TRAINING_SKILL_GAIN,
    TALENT_TELEWORKERS_PER_MOVER,
    TALENT_COST_PER_MOVER,
    TALENT_DEADWEIGHT,
    TALENT_MOVER_POOL,
    TALENT_MOVER_SHARE,
    TALENT_TELEWORK,
    TELEWORK_START,
)

#: Bound on |perceived attractiveness| [1]: migration multipliers stay within 2^±1.
ATTRACTIVENESS_BOUND = 1.0


@plain_kernel
def attractiveness_factor(y, r):
    """``2^Â`` with ``Â`` clipped to ±ATTRACTIVENESS_BOUND."""
    perceived = min(max(y[ATTRACTIVENESS + r], -ATTRACTIVENESS_BOUND), ATTRACTIVENESS_BOUND)
    return 2.0 ** perceived


@plain_kernel
def programme_intensity(p, aux, r):
    """Intensity of the remote, side-job and telework programmes in region ``r`` [‰ of GRP]: the
    talent budget left after grants and training (none if their shares take it all)."""
    return max(0.0, 1.0 - p[TALENT_MOVER_SHARE] - p[TALENT_TRAINING_SHARE]) * lever_intensity(aux, TALENT, r)


@plain_kernel
def trained_skill(p, aux, r):
    """Skill-index target gained from reskilling in region ``r`` [1]: trainees a year (spending ×
    1000 / ¥M per trainee) times the renewal time over the labour force is the trained share of
    the labour force the skill index then relaxes to, each trained worker gaining ``g``."""
    trainees = p[TALENT_TRAINING_SHARE] * lever_spending(aux, TALENT, r) * 1000.0 / p[TALENT_COST_PER_TRAINEE]
    return p[TRAINING_SKILL_GAIN] * trainees * p[SKILL_TIME] / aux[A_LABOUR_FORCE + r]


@plain_kernel
def granted_movers(y, p, aux, r, pool_share):
    """Additional movers the relocation grants bring to region ``r`` [person/year]."""
    pool = p[TALENT_MOVER_POOL] * pool_share
    if pool <= 0.0:
        return 0.0
    bought = p[TALENT_MOVER_SHARE] * lever_spending(aux, TALENT, r) * 1000.0 / p[TALENT_COST_PER_MOVER]
    if bought <= 0.0:  # no grants (the baseline): no exponential to evaluate
        return 0.0
    return (1.0 - p[TALENT_DEADWEIGHT]) * pool * (1.0 - math.exp(-bought / pool))


@plain_kernel
def migration_factors(y, p, aux, evacuee_returns):
    """Write the migration multipliers, telework share and extra arrivals (I-turns and, in
    Fukushima, returning evacuees [person/year]) into ``aux``."""
    tohoku = 0.0
    for r in range(N_REGIONS):
        tohoku += y[REF_POPULATION + r]
    for r in range(N_REGIONS):
        pool_share = y[REF_POPULATION + r] / tohoku
        factor = attractiveness_factor(y, r)
        aux[A_ATTRACTIVENESS_FACTOR + r] = factor
        aux[A_OUT_FACTOR + r] = 1.0 / factor
        aux[A_IN_FACTOR + r] = factor
        aux[A_U_TURN_FACTOR + r] = factor
        aux[A_TELEWORK + r] = min(1.0, p[TELEWORK_START + r] + p[TALENT_TELEWORK] * programme_intensity(p, aux, r))
        movers = granted_movers(y, p, aux, r, pool_share)
        aux[A_GRANTED_MOVERS + r] = movers
        arrivals = p[IN_MULTIPLIER + r] * y[REF_I_TURN + r] * factor + movers
        if r == FUKUSHIMA:
            arrivals += evacuee_returns
        aux[A_EXTRA_ARRIVALS + r] = arrivals


@plain_kernel
def young_out_rate(dydt, aux, r):
    """Out-migration rate of ages 15-29 [1/year], from the population sector's written flows."""
    young = population_groups(aux, r)[4]
    return dydt[CUM_OUT_YOUNG + r] / young if young > 0.0 else 0.0


@plain_kernel
def talent_capability(y, p, r):
    """Remote talent's effect on DX imitation and innovation, ``(RT/RT_ref)^κ``."""
    reference = y[REF_REMOTE_TALENT + r]
    return power(y[REMOTE_TALENT + r] / reference, p[TALENT_CAPABILITY])


@plain_kernel
def talent_rates(y, p, dydt, aux):
    """Write the rates of remote talent and the skill index (after the population sector), and the
    talent capability that DX and innovation read."""
    for r in range(N_REGIONS):
        aux[A_TALENT_CAPABILITY + r] = talent_capability(y, p, r)
        talent = programme_intensity(p, aux, r)
        reference = y[REF_REMOTE_TALENT + r]
        time = p[REMOTE_TALENT_TIME]
        inflow = (reference / time * aux[A_TELEWORK + r] / p[TELEWORK_START + r]
                  * (1.0 + p[TALENT_REMOTE] * talent) * aux[A_ATTRACTIVENESS_FACTOR + r])
        dydt[REMOTE_TALENT + r] = inflow - y[REMOTE_TALENT + r] / time
        dydt[REMOTE_MOVERS + r] = (p[TALENT_TELEWORKERS_PER_MOVER] * aux[A_GRANTED_MOVERS + r]
                                   - y[REMOTE_MOVERS + r] / p[REMOTE_MOVER_TENURE])
        reference_rate = y[REF_YOUNG_OUT_RATE + r]
        leaving = gated(p, GATE_R13, young_out_rate(dydt, aux, r), reference_rate)
        drain = p[BRAIN_DRAIN] * (leaving / reference_rate - 1.0) if reference_rate > 0.0 else 0.0
        target = 1.0 + trained_skill(p, aux, r) - drain
        dydt[SKILL + r] = (target - y[SKILL + r]) / p[SKILL_TIME]
