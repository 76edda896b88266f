"""Reconstruction sector: the Fukushima evacuees (MODEL.md §2.8).

Two registers, each draining at a first-order rate fitted to the observed series:

    d evacuees_outside/dt = −δ_out · E_out        [person/year]
    d evacuees_inside/dt  = −δ_in  · E_in         [person/year]
    returns to Fukushima  = ω · δ_out · E_out     [person/year]

Evacuees outside the prefecture are not in its census count: the share ``ω`` of those leaving
the register who move back adds to Fukushima's population as in-migrants (population sector, by
its U-turn age profile); the rest settle elsewhere. Evacuees inside the prefecture are already counted, so their register changes no
population. Loop B10 (reconstruction gap → spending → completion) acts here once the
reconstruction lever raises ``δ_out`` and ``ω``.
"""

from sim.core import kernel
from sim.model.state import (
    EVACUEE_INSIDE_DECLINE,
    EVACUEE_OUTSIDE_DECLINE,
    EVACUEE_RETURN_SHARE,
    EVACUEES_INSIDE,
    EVACUEES_OUTSIDE,
)


@kernel
def evacuee_rates(y, p, dydt):
    """Write the registers' rates of change; return the returns to Fukushima [person/year]."""
    leaving_outside = p[EVACUEE_OUTSIDE_DECLINE] * y[EVACUEES_OUTSIDE]
    dydt[EVACUEES_OUTSIDE] = -leaving_outside
    dydt[EVACUEES_INSIDE] = -p[EVACUEE_INSIDE_DECLINE] * y[EVACUEES_INSIDE]
    return p[EVACUEE_RETURN_SHARE] * leaving_outside
