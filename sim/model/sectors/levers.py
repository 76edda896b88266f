"""Policy levers (MODEL.md §4): each lever's spending and intensity per prefecture, and the
reconstruction budget on its scheduled path.

    level_ℓ(t)       = 0 before start_ℓ or from end_ℓ; (t − start_ℓ) / ramp_ℓ capped at 1 between
    spending_ℓ,r(t)  = budget_ℓ · level_ℓ(t) · allocation_ℓ,r                      [¥bn/year]
    intensity_ℓ,r(t) = 1000 · spending_ℓ,r / GRP_r(start)                          [‰ of GRP]
    reconstruction_r(t) = B · path(t) · a_r · (1 − c + c · G̃_r / G_r,ref)          [¥bn/year]
    path(t) = 1 until the end of FY2025, then exp(−d (t − end))

``G̃`` is the coastal gap through loop B10's gate (spending falls as the gap closes); ``c`` the
share of spending tied to the gap. All lever spending and reconstruction spending add to
demand (production sector); each lever's effects are in the sectors it acts on.
"""

import math

from sim.core.jit import plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import N_LEVERS
from sim.model.loops import GATE_B10
from sim.model.sectors.common import gated
from sim.model.state import (
    A_LEVER_INTENSITY,
    A_LEVER_SPENDING,
    A_RECON_SPENDING,
    COASTAL_GAP,
    COASTAL_SPENDING_SHARE,
    LEVER_ALLOCATION,
    LEVER_BUDGET,
    LEVER_END,
    LEVER_RAMP,
    LEVER_START,
    RECON_ALLOCATION,
    RECON_BUDGET,
    RECON_DECLINE,
    RECON_END,
    REF_COASTAL_GAP,
    REF_OUTPUT,
)


@plain_kernel
def lever_level(t, start, ramp, end):
    """Share of a lever's full budget spent at ``t`` (0..1)."""
    if t < start or t >= end:
        return 0.0
    if ramp <= 0.0:
        return 1.0
    return min(1.0, (t - start) / ramp)


@plain_kernel
def reconstruction_path(t, p):
    """Reconstruction budget relative to the FY2021-25 level: 1, then declining (the cliff)."""
    if t < p[RECON_END]:
        return 1.0
    return math.exp(-p[RECON_DECLINE] * (t - p[RECON_END]))


@plain_kernel
def lever_rates(t, y, p, aux):
    """Write every lever's spending and intensity and the reconstruction spending into ``aux``."""
    for lever in range(N_LEVERS):
        level = lever_level(t, p[LEVER_START + lever], p[LEVER_RAMP + lever], p[LEVER_END + lever])
        for r in range(N_REGIONS):
            k = lever * N_REGIONS + r
            aux[A_LEVER_SPENDING + k] = p[LEVER_BUDGET + lever] * level * p[LEVER_ALLOCATION + k]
    for r in range(N_REGIONS):
        per_mille = 1000.0 / y[REF_OUTPUT + r]  # ‰ of the start GRP per ¥bn/year
        for lever in range(N_LEVERS):
            k = lever * N_REGIONS + r
            aux[A_LEVER_INTENSITY + k] = aux[A_LEVER_SPENDING + k] * per_mille
    path = reconstruction_path(t, p)
    share = p[COASTAL_SPENDING_SHARE]
    for r in range(N_REGIONS):
        need = 1.0
        reference = y[REF_COASTAL_GAP + r]
        if reference > 0.0:
            need = 1.0 - share + share * gated(p, GATE_B10, y[COASTAL_GAP + r], reference) / reference
        aux[A_RECON_SPENDING + r] = p[RECON_BUDGET] * path * p[RECON_ALLOCATION + r] * need
