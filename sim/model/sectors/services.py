"""Service access (MODEL.md §2.4b, spiral S3; loop R3): higher-order facilities close as people thin out.

MLIT's chart of the probability that a municipality has a facility, by its population (EVIDENCE.md
L1-L2), as a logistic in log population through each facility's published point(s):

    P_f(n) = 1 / (1 + exp(−(ln(n / n_f) / s_f + logit π_f)))                 [1]

``n_f`` is the anchor population where the chart gives probability ``π_f`` (50 % or 80 %), ``s_f``
the log-width: from the facility's two points where it has them, ``s = ln(n_80 / n_50) / ln 4``.
A prefecture is not a settlement: it is represented by its largest municipalities ``m`` (census
2020 shares ``σ_m`` of its population), each scaled with the prefecture's population ``P``:

    SA = Σ_f ω_f Σ_m σ_m · P_f(σ_m · P)                                        [1]

the expected share of residents whose municipality has each facility, averaged over facilities
(weights ω). Residents outside the listed municipalities count as without these facilities (the
thresholds are above their towns' sizes). As ``P`` falls, presence falls non-linearly: slowly
where cities are far above a threshold, steeply where they are near it.

``SA`` is the auxiliary ``service_access``; attractiveness.py reads ``SA / SA_ref`` (loop R3), and
the share of consumption spent locally can read it through ``service_access_ratio``.

Speed: the odds against presence at the start population, ``o_{m,f} = exp(−logit π_f) · (n_f /
(σ_m P_ref))^{1/s_f}``, are written once at the start (``ref_facility_odds``); during the run
``P_f = 1 / (1 + o_{m,f} · (P_ref / P)^{1/s_f})`` takes one exponential per region and facility and
a division per municipality and facility (exactly the logistic above, to rounding).
"""

import math

from sim.core.jit import plain_kernel
from sim.model.dimensions import N_CITIES, N_FACILITIES, N_REGIONS
from sim.model.sectors.common import population_groups
from sim.model.state import (
    A_SERVICE_ACCESS,
    A_SERVICE_LOG_RATIO,
    CITY_SHARE,
    FACILITY_ANCHOR_POPULATION,
    FACILITY_ANCHOR_PROBABILITY,
    FACILITY_LOG_WIDTH,
    FACILITY_WEIGHT,
    REF_FACILITY_ODDS,
    REF_POPULATION,
    REF_SERVICE_ACCESS,
)


@plain_kernel
def presence_probability(p, f, settlement):
    """Probability that a municipality of ``settlement`` persons has facility ``f`` [1]."""
    if settlement <= 0.0:
        return 0.0
    anchor = p[FACILITY_ANCHOR_PROBABILITY + f]
    score = (math.log(settlement / p[FACILITY_ANCHOR_POPULATION + f]) / p[FACILITY_LOG_WIDTH + f]
             + math.log(anchor / (1.0 - anchor)))
    return 1.0 / (1.0 + math.exp(-score))


@plain_kernel
def service_access(p, r, population):
    """Service access of region ``r`` at a prefecture population of ``population`` persons [1]."""
    total = 0.0
    for m in range(N_CITIES):
        share = p[CITY_SHARE + r * N_CITIES + m]
        if share > 0.0:
            for f in range(N_FACILITIES):
                total += p[FACILITY_WEIGHT + f] * share * presence_probability(p, f, share * population)
    return total


@plain_kernel
def service_rates(y, p, aux):
    """Write service access per region (after the population sector, before production)."""
    for r in range(N_REGIONS):
        shrink = math.log(y[REF_POPULATION + r] / population_groups(aux, r)[0])  # ln(P_ref / P)
        total = 0.0
        width = 0.0
        factor = 1.0
        for f in range(N_FACILITIES):
            if p[FACILITY_LOG_WIDTH + f] != width:  # facilities sharing a width share (P_ref / P)^(1/width)
                width = p[FACILITY_LOG_WIDTH + f]
                factor = math.exp(shrink / width)
            present = 0.0
            for m in range(N_CITIES):  # a city slot without a share adds 0 / (1 + 0): no test in the loop
                present += (p[CITY_SHARE + r * N_CITIES + m]
                            / (1.0 + y[REF_FACILITY_ODDS + (r * N_CITIES + m) * N_FACILITIES + f] * factor))
            total += p[FACILITY_WEIGHT + f] * present
        aux[A_SERVICE_ACCESS + r] = total
        aux[A_SERVICE_LOG_RATIO + r] = math.log(total / y[REF_SERVICE_ACCESS + r])


@plain_kernel
def write_service_start(y, p, aux):
    """The odds against presence and the reference service access at the start population (init,
    after the population groups; the same population as ``ref_population``)."""
    for r in range(N_REGIONS):
        population = population_groups(aux, r)[0]
        value = 0.0  # service_access(p, r, population): the same sum, from the same probabilities
        for m in range(N_CITIES):
            share = p[CITY_SHARE + r * N_CITIES + m]
            for f in range(N_FACILITIES):
                slot = REF_FACILITY_ODDS + (r * N_CITIES + m) * N_FACILITIES + f
                y[slot] = 0.0
                if share > 0.0:
                    presence = presence_probability(p, f, share * population)
                    y[slot] = 1.0 / presence - 1.0
                    value += p[FACILITY_WEIGHT + f] * share * presence
        y[REF_SERVICE_ACCESS + r] = value
        aux[A_SERVICE_ACCESS + r] = value
