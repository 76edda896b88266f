"""Innovation (MODEL.md §2.6): the knowledge stock — counters spiral S1 (loop R4+).

    dR/dt = ρ · Ỹ + a · innovation spending · (1 + χ_dx · I_dx + χ_talent · I_talent)
            · (RT / RT_ref)^κ − δ_R · R                                      [¥bn/year]

``ρ`` is private R&D per unit of output, ``Ỹ`` output through loop R4+'s gate (profits fund R&D),
``a`` the additionality of the innovation budget (¥ of additional R&D per ¥: 1 by EVIDENCE.md I3,
no crowding out or in), ``χ`` the cross effects with DX and talent, ``RT`` remote talent (the
capability factor from ``talent.py``). Knowledge raises TFP with elasticity η (production.py), and
through TFP the region's competitiveness and external demand (non-price exports) and demand
growth, which raises startups (firms.py). With ρ = 3.5 % of GRP, δ_R = 0.15 and η = 0.07 the
yearly return on knowledge is η / (ρ / δ_R) = 0.30, the low end of EVIDENCE.md I1 (30-50 %): ¥1
of lasting additional R&D then adds 0.30 / 0.15 = 2 ¥ of GRP over its life (I8: 2-3.3).
"""

from sim.core.jit import plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import DX, INNOVATION, TALENT
from sim.model.loops import GATE_R4
from sim.model.sectors.common import gated, lever_intensity, lever_spending
from sim.model.state import (
    A_GRP,
    A_TALENT_CAPABILITY,
    CHI_INNOVATION_DX,
    CHI_INNOVATION_TALENT,
    INNOVATION_ADDITIONALITY,
    KNOWLEDGE,
    KNOWLEDGE_DEPRECIATION,
    RD_SHARE,
    REF_OUTPUT,
)


@plain_kernel
def cross_effect(p, aux, r):
    """Innovation's complementarity with DX and talent, ``1 + χ_dx · I_dx + χ_talent · I_talent``."""
    return (1.0 + p[CHI_INNOVATION_DX] * lever_intensity(aux, DX, r)
            + p[CHI_INNOVATION_TALENT] * lever_intensity(aux, TALENT, r))


@plain_kernel
def innovation_rates(y, p, dydt, aux):
    """Write the rate of the knowledge stock (after production has written output)."""
    for r in range(N_REGIONS):
        output = gated(p, GATE_R4, aux[A_GRP + r], y[REF_OUTPUT + r])
        funded = (p[INNOVATION_ADDITIONALITY] * lever_spending(aux, INNOVATION, r) * cross_effect(p, aux, r)
                  * aux[A_TALENT_CAPABILITY + r])
        dydt[KNOWLEDGE + r] = p[RD_SHARE] * output + funded - p[KNOWLEDGE_DEPRECIATION] * y[KNOWLEDGE + r]
