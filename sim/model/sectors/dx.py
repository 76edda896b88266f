"""Digital transformation (MODEL.md §2.5) — counters spiral S2 (loops R8+, R14+).

    p̃ = p + e_dx · I_dx · (1 + χ_dx,talent · I_talent)                      [1/year]
    q̃ = q · (RT̃ / RT_ref)^κ                                                 [1/year]
    ds/dt = min(p̃ + q̃ · s̃, 1) · (1 − s)                                    [1/year]
    d s_eff/dt = (s − s_eff) / τ_dx                                          [1/year]
    ds_J/dt = (p + q · s_J)(1 − s_J) ;  d s_J,eff/dt = (s_J − s_J,eff) / τ_dx     Japan, no policy

Japan's firms adopt DX too (the start share is a national figure, PARAMETERS.md D5): TFP rises
with the region's phased share *relative to Japan's*, ``(1 + γ s_eff) / (1 + γ s_J,eff)``
(production.py), so DX moves the productivity gap only where the region leads or lags.

``s`` is the share of firms doing DX, ``s̃`` the share seen by imitators through loop R8+'s gate,
``RT̃`` remote talent through loop R14+'s gate, ``κ`` the talent-capability elasticity (the factor
is computed once per region in ``talent.py``, for DX and innovation alike). The
adoption rate is capped at 1 per year (all remaining firms in a year), which keeps ``s`` in [0, 1]
under Euler for any dt ≤ 1 and any budget. ``s_eff`` is the share phased in over the
implementation time; TFP rises with it (production.py). The DX lever's capital share adds to
capital (production.py).
"""

from sim.core import kernel
from sim.model.dimensions import N_REGIONS
from sim.model.levers import DX, TALENT
from sim.model.loops import GATE_R8
from sim.model.sectors.common import gated, lever_intensity
from sim.model.state import (
    A_TALENT_CAPABILITY,
    BASS_P,
    BASS_Q,
    CHI_DX_TALENT,
    DX_ADOPTION,
    DX_ADOPTION_EFFECT,
    DX_ADOPTION_JAPAN,
    DX_EFFECT,
    DX_EFFECT_JAPAN,
    DX_TIME,
    REF_DX,
)


@kernel
def dx_rates(y, p, dydt, aux):
    """Write the rates of the DX share and of its phased-in effect."""
    for r in range(N_REGIONS):
        push = p[DX_ADOPTION_EFFECT] * lever_intensity(aux, DX, r) * (
            1.0 + p[CHI_DX_TALENT] * lever_intensity(aux, TALENT, r))
        share = y[DX_ADOPTION + r]
        seen = gated(p, GATE_R8, share, y[REF_DX + r])
        rate = min(p[BASS_P] + push + p[BASS_Q] * aux[A_TALENT_CAPABILITY + r] * seen, 1.0)
        dydt[DX_ADOPTION + r] = rate * (1.0 - share)
        dydt[DX_EFFECT + r] = (share - y[DX_EFFECT + r]) / p[DX_TIME]
    japan = y[DX_ADOPTION_JAPAN]
    dydt[DX_ADOPTION_JAPAN] = min(p[BASS_P] + p[BASS_Q] * japan, 1.0) * (1.0 - japan)
    dydt[DX_EFFECT_JAPAN] = (japan - y[DX_EFFECT_JAPAN]) / p[DX_TIME]
