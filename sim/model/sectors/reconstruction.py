"""Reconstruction (MODEL.md §2.8): the Fukushima evacuees and the coastal recovery gap (loop B10).

Evacuees, two registers draining at first-order rates fitted to the observed series, with the
returns the reconstruction lever's return support buys in Fukushima:

    supported = (1 − d_ret) · s_ret · S_F · 1000 / c_ret                                [person/year]
    d evacuees_outside/dt = −min(δ_out · E_out + supported, E_out)                      [person/year]
    d evacuees_inside/dt  = −δ_in · E_in                                               [person/year]
    returns to Fukushima  = ω · δ_out · E_out + supported (at most all who leave the register)

``S_F`` is the lever's spending in Fukushima [¥bn/year], ``s_ret`` its share for return support,
``c_ret`` the support per returnee [¥M], ``d_ret`` the share who would have returned anyway.

Evacuees outside the prefecture are not in its census count: the returning share adds to
Fukushima's population as in-migrants (population sector, by its U-turn age profile); the rest
settle elsewhere. Evacuees inside are already counted, so their register changes no population.

Coastal recovery gap ``G`` (share of pre-2011 coastal industrial capacity not restored; Iwate,
Miyagi, Fukushima), goal seeking with spending that shrinks as the gap closes (B10):

    dG/dt = −min(k · (path(t) + e_w · (1 − s_ret) · S_r / (B a_r)) · (G̃ / G_ref), 1) · G   [1/year]

The lever's coastal works ``(1 − s_ret) S_r`` [¥bn/year] act as the scheduled budget's ``B a_r``
(FY2021-25 level, G9) does, times their efficiency ``e_w`` (1: the same ¥ per point of gap). With
full scheduled spending this is the hyperbolic closure ``G = G₀ / (1 + k (t − t₀))`` fitted to the
restoration data (``sim.economy.calibration``). Rates are capped at 1 per year, which keeps the
stocks non-negative under Euler for dt ≤ 1 and any budget.
"""

from sim.core.jit import plain_kernel
from sim.model.dimensions import FUKUSHIMA, N_REGIONS
from sim.model.levers import RECONSTRUCTION
from sim.model.loops import GATE_B10
from sim.model.sectors.common import gated, lever_spending
from sim.model.sectors.levers import reconstruction_path
from sim.model.state import (
    COASTAL_CLOSURE_RATE,
    COASTAL_GAP,
    EVACUEE_INSIDE_DECLINE,
    EVACUEE_OUTSIDE_DECLINE,
    EVACUEE_RETURN_SHARE,
    EVACUEES_INSIDE,
    EVACUEES_OUTSIDE,
    RECON_ALLOCATION,
    RECON_BUDGET,
    RECON_COST_PER_RETURN,
    RECON_RETURN_DEADWEIGHT,
    RECON_RETURN_SHARE,
    RECON_WORKS_EFFICIENCY,
    REF_COASTAL_GAP,
)

#: Cap on the evacuee and coastal-gap closure rates [1/year].
MAX_RATE = 1.0


@plain_kernel
def evacuee_rates(y, p, dydt, aux):
    """Write the registers' rates of change; return the returns to Fukushima [person/year]."""
    outside = y[EVACUEES_OUTSIDE]
    supported = ((1.0 - p[RECON_RETURN_DEADWEIGHT]) * p[RECON_RETURN_SHARE]
                 * lever_spending(aux, RECONSTRUCTION, FUKUSHIMA) * 1000.0 / p[RECON_COST_PER_RETURN])
    unsupported = p[EVACUEE_OUTSIDE_DECLINE] * outside
    leaving = min(unsupported + supported, MAX_RATE * outside)
    dydt[EVACUEES_OUTSIDE] = -leaving
    dydt[EVACUEES_INSIDE] = -p[EVACUEE_INSIDE_DECLINE] * y[EVACUEES_INSIDE]
    return min(p[EVACUEE_RETURN_SHARE] * unsupported + supported, leaving)


@plain_kernel
def coastal_rates(t, y, p, dydt, aux):
    """Write the coastal gap's rate of change (zero where there is no gap)."""
    path = reconstruction_path(t, p)
    for r in range(N_REGIONS):
        reference = y[REF_COASTAL_GAP + r]
        if reference <= 0.0:
            dydt[COASTAL_GAP + r] = 0.0
            continue
        gap = y[COASTAL_GAP + r]
        scheduled = p[RECON_BUDGET] * p[RECON_ALLOCATION + r]
        works = 0.0
        if scheduled > 0.0:
            works = (p[RECON_WORKS_EFFICIENCY] * (1.0 - p[RECON_RETURN_SHARE])
                     * lever_spending(aux, RECONSTRUCTION, r) / scheduled)
        spending = (path + works) * gated(p, GATE_B10, gap, reference) / reference
        dydt[COASTAL_GAP + r] = -min(p[COASTAL_CLOSURE_RATE] * spending, MAX_RATE) * gap
