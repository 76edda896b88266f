"""Reconstruction (MODEL.md §2.8): the Fukushima evacuees and the coastal recovery gap (loop B10).

Evacuees, two registers draining at first-order rates fitted to the observed series, raised by
the reconstruction lever's intensity ``I`` in Fukushima:

    d evacuees_outside/dt = −δ̃_out · E_out ,  δ̃_out = min(δ_out · (1 + e_ret I), 1)   [person/year]
    d evacuees_inside/dt  = −δ_in · E_in                                               [person/year]
    returns to Fukushima  = ω̃ · δ̃_out · E_out ,  ω̃ = min(ω · (1 + e_ret I), 1)        [person/year]

Evacuees outside the prefecture are not in its census count: the returning share adds to
Fukushima's population as in-migrants (population sector, by its U-turn age profile); the rest
settle elsewhere. Evacuees inside are already counted, so their register changes no population.

Coastal recovery gap ``G`` (share of pre-2011 coastal industrial capacity not restored; Iwate,
Miyagi, Fukushima), goal seeking with spending that shrinks as the gap closes (B10):

    dG/dt = −min(k · path(t) · (G̃ / G_ref) · (1 + e_gap I), 1) · G                      [1/year]

With full spending this is the hyperbolic closure ``G = G₀ / (1 + k (t − t₀))`` fitted to the
restoration data (``sim.economy.calibration``). Rates are capped at 1 per year, which keeps the
stocks non-negative under Euler for dt ≤ 1 and any budget.
"""

from sim.core import kernel
from sim.model.dimensions import FUKUSHIMA, N_REGIONS
from sim.model.levers import RECONSTRUCTION
from sim.model.loops import GATE_B10
from sim.model.sectors.common import gated, lever_intensity
from sim.model.sectors.levers import reconstruction_path
from sim.model.state import (
    COASTAL_CLOSURE_RATE,
    COASTAL_GAP,
    EVACUEE_INSIDE_DECLINE,
    EVACUEE_OUTSIDE_DECLINE,
    EVACUEE_RETURN_SHARE,
    EVACUEES_INSIDE,
    EVACUEES_OUTSIDE,
    RECON_GAP_EFFECT,
    RECON_RETURN_EFFECT,
    REF_COASTAL_GAP,
)

#: Cap on the evacuee and coastal-gap closure rates [1/year].
MAX_RATE = 1.0


@kernel
def evacuee_rates(y, p, dydt, aux):
    """Write the registers' rates of change; return the returns to Fukushima [person/year]."""
    boost = 1.0 + p[RECON_RETURN_EFFECT] * lever_intensity(aux, RECONSTRUCTION, FUKUSHIMA)
    leaving_outside = min(p[EVACUEE_OUTSIDE_DECLINE] * boost, MAX_RATE) * y[EVACUEES_OUTSIDE]
    dydt[EVACUEES_OUTSIDE] = -leaving_outside
    dydt[EVACUEES_INSIDE] = -p[EVACUEE_INSIDE_DECLINE] * y[EVACUEES_INSIDE]
    return min(p[EVACUEE_RETURN_SHARE] * boost, 1.0) * leaving_outside


@kernel
def coastal_rates(t, y, p, dydt, aux):
    """Write the coastal gap's rate of change (zero where there is no gap)."""
    path = reconstruction_path(t, p)
    for r in range(N_REGIONS):
        reference = y[REF_COASTAL_GAP + r]
        if reference <= 0.0:
            dydt[COASTAL_GAP + r] = 0.0
            continue
        gap = y[COASTAL_GAP + r]
        spending = path * gated(p, GATE_B10, gap, reference) / reference
        boost = 1.0 + p[RECON_GAP_EFFECT] * lever_intensity(aux, RECONSTRUCTION, r)
        dydt[COASTAL_GAP + r] = -min(p[COASTAL_CLOSURE_RATE] * spending * boost, MAX_RATE) * gap
