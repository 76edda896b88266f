"""Firms (MODEL.md §2.4) — spirals S1 and S3 (loops R3, R9, R10 pass through the firm count).

    startups = σ_ref · P15-64 · max(0, 1 + ε_D g_D)
    market exits = F · min(x_ref · (u_ref / u)^ε_u, 1) ;  u = Y / Y_cap
    absence a = min(1, a_start · (ỹ / y_ref)^(−ε_a))          ỹ: young share through R9's gate
    retiring = F_old · r_ref ;  succession closures = retiring · a − averted (sme_continuity.py)
    dF/dt     = startups − market exits − succession closures                  [enterprise/year]
    dF_old/dt = (F − F_old) · o_ref − retiring − market exits · F_old / F       [enterprise/year]
    exit losses: capital falls by closures / F · loss share · K                 [¥bn/year]

``g_D = (Y_dem − Ŷ)/(Ŷ τ_D)`` is demand growth; closures = market exits + succession closures,
with their cumulative stocks for yearly totals. The exit rate is capped at 1 per year (Euler at
dt ≤ 1 keeps firms non-negative). The ``ref`` rates are set at the start from the data: startups
at the prefecture's startup rate, succession closures at the TSR closures, and the firm count
changing at its observed trend.
"""

from sim.core.jit import plain_kernel
from sim.model.dimensions import N_REGIONS
from sim.model.loops import GATE_R9
from sim.model.sectors.common import gated, population_groups, power
from sim.model.sectors.sme_continuity import averted_closures
from sim.model.state import (
    A_CAPACITY,
    A_CLOSURES,
    A_DEMAND,
    A_GRP,
    A_STARTUPS,
    A_SUCCESSOR_ABSENCE,
    CAPITAL,
    CUM_CLOSURES,
    CUM_STARTUPS,
    DEMAND_TIME,
    EXIT_CAPITAL_LOSS,
    EXIT_UTILISATION_ELASTICITY,
    EXPECTED_DEMAND,
    FIRMS,
    FIRMS_OLD,
    REF_CAPACITY,
    REF_MARKET_EXIT,
    REF_OUTPUT,
    REF_OWNER_AGEING,
    REF_RETIREMENT,
    REF_STARTUP_PROPENSITY,
    REF_YOUNG_SHARE,
    STARTUP_DEMAND_ELASTICITY,
    SUCCESSOR_ABSENCE_START,
    SUCCESSOR_YOUNG_ELASTICITY,
)

#: Cap on the market exit rate [1/year].
MAX_EXIT_RATE = 1.0


@plain_kernel
def successor_absence(p, y, r, young_share):
    """Share of old-owner firms without a successor; rises as the young share falls (loop R9)."""
    seen = gated(p, GATE_R9, young_share, y[REF_YOUNG_SHARE + r])
    relative = seen / y[REF_YOUNG_SHARE + r]
    return min(1.0, p[SUCCESSOR_ABSENCE_START + r] * power(relative, -p[SUCCESSOR_YOUNG_ELASTICITY]))


@plain_kernel
def firm_rates(y, p, dydt, aux):
    """Write the firm stocks' rates, exit losses of capital, and startups and closures (after labour)."""
    for r in range(N_REGIONS):
        population, working, _, _, young = population_groups(aux, r)
        firms = y[FIRMS + r]
        old = y[FIRMS_OLD + r]
        expected = y[EXPECTED_DEMAND + r]
        demand_growth = (aux[A_DEMAND + r] - expected) / (expected * p[DEMAND_TIME])
        startups = y[REF_STARTUP_PROPENSITY + r] * working * max(0.0, 1.0 + p[STARTUP_DEMAND_ELASTICITY] * demand_growth)
        utilisation = aux[A_GRP + r] / aux[A_CAPACITY + r]
        reference = y[REF_OUTPUT + r] / y[REF_CAPACITY + r]
        exit_rate = min(y[REF_MARKET_EXIT + r] * power(reference / utilisation, p[EXIT_UTILISATION_ELASTICITY]),
                        MAX_EXIT_RATE)
        market_exits = firms * exit_rate
        absence = successor_absence(p, y, r, young / population)
        retiring = old * y[REF_RETIREMENT + r]
        succession = retiring * absence
        succession -= averted_closures(p, aux, r, succession)
        closures = market_exits + succession
        dydt[FIRMS + r] = startups - closures
        dydt[FIRMS_OLD + r] = (firms - old) * y[REF_OWNER_AGEING + r] - retiring - market_exits * old / firms
        dydt[CUM_STARTUPS + r] = startups
        dydt[CUM_CLOSURES + r] = closures
        dydt[CAPITAL + r] -= closures / firms * p[EXIT_CAPITAL_LOSS] * y[CAPITAL + r]
        aux[A_STARTUPS + r] = startups
        aux[A_CLOSURES + r] = closures
        aux[A_SUCCESSOR_ABSENCE + r] = absence
