"""Innovation (MODEL.md §2.6): the knowledge stock — counters spiral S1 (loop R4+).

    dR/dt = ρ · Ỹ + λ · innovation spending · (1 + χ_dx · I_dx + χ_talent · I_talent)
            · (RT̃ / RT_ref)^κ − δ_R · R                                      [¥bn/year]

``ρ`` is private R&D per unit of output, ``Ỹ`` output through loop R4+'s gate (profits fund R&D),
``λ`` the knowledge added per ¥ of the innovation budget (co-funding), ``χ`` the cross effects
with DX and talent, ``RT̃`` remote talent (loop R14+, the factor from ``talent.py``). Knowledge
raises TFP with elasticity η (production.py); the innovation lever also raises startups (firms.py)
and external demand.
"""

from sim.core import kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import DX, INNOVATION, TALENT
from sim.model.loops import GATE_R4
from sim.model.sectors.common import gated, lever_intensity, lever_spending
from sim.model.state import (
    A_GRP,
    A_TALENT_CAPABILITY,
    CHI_INNOVATION_DX,
    CHI_INNOVATION_TALENT,
    INNOVATION_LEVERAGE,
    KNOWLEDGE,
    KNOWLEDGE_DEPRECIATION,
    RD_SHARE,
    REF_OUTPUT,
)


@kernel
def cross_effect(p, aux, r):
    """Innovation's complementarity with DX and talent, ``1 + χ_dx · I_dx + χ_talent · I_talent``."""
    return (1.0 + p[CHI_INNOVATION_DX] * lever_intensity(aux, DX, r)
            + p[CHI_INNOVATION_TALENT] * lever_intensity(aux, TALENT, r))


@kernel
def innovation_rates(y, p, dydt, aux):
    """Write the rate of the knowledge stock (after production has written output)."""
    for r in range(N_REGIONS):
        output = gated(p, GATE_R4, aux[A_GRP + r], y[REF_OUTPUT + r])
        funded = (p[INNOVATION_LEVERAGE] * lever_spending(aux, INNOVATION, r) * cross_effect(p, aux, r)
                  * aux[A_TALENT_CAPABILITY + r])
        dydt[KNOWLEDGE + r] = p[RD_SHARE] * output + funded - p[KNOWLEDGE_DEPRECIATION] * y[KNOWLEDGE + r]
