"""Population sector: births, deaths and migration by region × sex × single year of age.

The cohort-component method inside the stock-flow model (MODEL.md §1, §2.1). Within a year
the flows are continuous; once a year, on 1 October, :func:`age_population` moves every
cohort up one year of age and the year's newborns into age 0.

For slot ``a`` (people aged ``a`` at the 1 October that starts the year) and region ``r``,
sex ``s``, over the year from ``t``:

    deaths         = m[r,s,a] · exp(−ι (t − t_m)) · X(y(t)) · P           [person/year]
    out-migration  = o[r,s,a] · f_out[r] · P                            [person/year]
    in-migration   = i[r,s,a] · f_in[r] · P + U[r] · π[r,s,a]           [person/year]
                     (+ the other five's movers to Miyagi, for Miyagi)
    U-turns U[r]   = ρ · g[r] · D[r],   dD/dt = (1 − σ_M[r]) · out[r] − U[r] − λ · D[r]
    births[r]      = TFR[r, year(t)] · β[r] · Σ_a φ[a] · P[r, female, a]  [person/year]

``m`` is the prefecture's death rate of the slot at the base year ``t_m``, improving at ``ι``
per year, times Japan's relative excess mortality ``X`` of the calendar year ``y(t)`` (1 up to
2020, measured for 2021-2024, then a swept level: ``mortality_excess``); ``o`` and ``i`` the gross out- and in-migration rates per resident of the slot (rates
on the region's own population, as in IPSS's net-migration-rate method); ``f_out`` and
``f_in`` the attractiveness multipliers (1 = calibrated baseline; the parameter times the
economy's factor, see ``talent.py``); ``φ`` the share of the TFR
borne at each age slot (Σφ = 1); ``β`` the ratio of registered births to those implied by the
TFR and the census women (denominators differ: the TFR counts Japanese nationals only).
Births split by sex as SRB/(1+SRB) boys. The newborns of the year die, leave and arrive at
their own rates until they become age 0.

Out-migrants go to Miyagi (share ``σ_M``, the region's own pole; same sex and age, for the other
five), the Tokyo area (``σ_T``) or the rest of Japan. Those who leave Tohoku join the diaspora
``D``, the pool of U-turns, which returns at ``ρ`` per year (times the multiplier ``g``) by the
age profile ``π`` and fades at ``λ``. Arrivals from the Tokyo area (reported only): the returns
(U-turns and the economy's extra arrivals) in the diaspora's Tokyo share ``σ_T / (1 − σ_M)``,
the other in-migrants in their own origin share ``τ`` (``origin_share_tokyo``). The international
part of net migration, ``η · P`` (``international_net_migration_rate``), is accumulated for
the domestic/international split of the reported net migration; it is already inside ``o`` and ``i``.

Loops: the population sector is the end point of R1, R3, R7 and B1 (out-migration) and the
start of R1 (population → consumption); the economy closes them through f_out and f_in.
"""

import math

import numpy as np

from sim.core.jit import plain_kernel, reassociating_kernel
from sim.model.dimensions import (
    ELDERLY_AGES,
    FEMALE,
    FERTILE_SLOTS,
    MIYAGI,
    N_AGES,
    N_REGIONS,
    N_SEXES,
    OPEN_AGE,
    REGION_ORDER,
    WORKING_AGES,
    YOUNG_AGES,
)
from sim.model.state import (
    A_ELDERLY,
    A_EXTRA_ARRIVALS,
    A_IN_FACTOR,
    A_PARTICIPANTS,
    A_PARTICIPATION_HEADROOM,
    A_OUT_FACTOR,
    A_POPULATION,
    A_U_TURN_FACTOR,
    A_WORKING,
    A_YOUNG,
    CUM_BIRTHS,
    CUM_DEATHS,
    CUM_IN,
    CUM_IN_TOKYO,
    CUM_INTERNATIONAL,
    CUM_IN_YOUNG,
    CUM_OUT,
    CUM_OUT_TOKYO,
    CUM_OUT_YOUNG,
    DIASPORA,
    DIASPORA_ATTRITION,
    EXCESS_FIRST_YEAR,
    EXCESS_LAST_YEAR,
    FERTILITY_ADJUSTMENT,
    FERTILITY_SHAPE,
    IN_RATE,
    IN_MULTIPLIER,
    INTERNATIONAL_RATE,
    MORTALITY,
    MORTALITY_BASE_YEAR,
    MORTALITY_EXCESS,
    MORTALITY_EXCESS_LATER,
    MORTALITY_IMPROVEMENT,
    N_TFR_YEARS,
    NEWBORN_IN_RATE,
    NEWBORN_MORTALITY,
    NEWBORN_OUT_RATE,
    NEWBORN_U_TURN_PROFILE,
    NEWBORNS,
    ORIGIN_SHARE_TOKYO,
    PARTICIPATION_PROFILE,
    PARTICIPATION_TREND,
    OUT_MULTIPLIER,
    OUT_RATE,
    POPULATION,
    SEX_RATIO_AT_BIRTH,
    SHARE_MIYAGI,
    SHARE_TOKYO,
    TFR,
    TFR_FIRST_YEAR,
    U_TURN_MULTIPLIER,
    U_TURN_PROFILE,
    U_TURN_RATE,
)

#: Cap on the combined out-migration multiplier (parameter × the economy's factor): with the
#: highest gross rate and mortality, Euler at dt 0.25 keeps every slot non-negative up to 20
#: (the parameter's declared bound).
MAX_OUT_FACTOR = 20.0
#: Tolerance [year] when finding the calendar year of a time that sits on a year boundary.
YEAR_EPS = 1e-9
#: Time t = k is 1 October k, so calendar year k + 1 starts at t = k + 0.25 (1 January): the
#: calendar year of t is floor(t + CALENDAR_SHIFT) [year].
CALENDAR_SHIFT = 0.75
#: Slots of one region's block (both sexes, every age), contiguous in the state: the hot loop runs
#: over the whole block at once, one long vectorised loop rather than one per sex (~15 % faster).
REGION_SLOTS = N_SEXES * N_AGES
#: The age groups the economy reads (dimensions.py) as weights over a region's block.
YOUNG_SLOTS = np.tile(YOUNG_AGES, N_SEXES)
WORKING_SLOTS = np.tile(WORKING_AGES, N_SEXES)
ELDERLY_SLOTS = np.tile(ELDERLY_AGES, N_SEXES)


@plain_kernel
def tfr_year_index(t):
    """Index into the TFR path of the year that starts at or before ``t`` (clamped to the path)."""
    index = int(math.floor(t + YEAR_EPS)) - TFR_FIRST_YEAR
    return min(max(index, 0), N_TFR_YEARS - 1)


@plain_kernel
def mortality_excess(t, p):
    """Relative excess mortality ``X`` [1] of the calendar year containing ``t``.

    1 up to 2020 (the year the rates hold for), ``mortality_excess`` for 2021-2024, then
    ``mortality_excess_after_2024``. The calendar year of ``t`` (1 October ``k`` = ``k``) is
    ``floor(t + ¾)``: with dt = ¼ a year from 1 October takes ¼ of ``X(k)`` and ¾ of ``X(k+1)``.
    """
    calendar = int(math.floor(t + CALENDAR_SHIFT + YEAR_EPS))
    if calendar < EXCESS_FIRST_YEAR:
        return 1.0
    if calendar > EXCESS_LAST_YEAR:
        return p[MORTALITY_EXCESS_LATER]
    return p[MORTALITY_EXCESS + calendar - EXCESS_FIRST_YEAR]


@reassociating_kernel
def population_rates(t, y, p, data, dydt, aux):
    """Write the rates of change of the population, the newborns, the diaspora and the cumulative flows.

    Parameters
    ----------
    t : float  Time [year].
    y : ndarray (state,)  State of one scenario (layout: ``sim.model.state.STOCKS``).
    p : ndarray (param,)  Parameters (``PARAMS``).
    data : ndarray (datum,)  Shared schedules (``DATA``).
    dydt : ndarray (state,)  Written: rates of change [person/year].
    aux : ndarray (aux,)  Read: the economy's migration multipliers and extra arrivals (talent
        sector: I-turns and, in Fukushima, returning evacuees), which arrive by the U-turn age
        profile (assumption: their age structure is not in the data). Written: each region's
        population aggregates (total with the newborns, 15-64, participants at the 2020 profile and the
        participation headroom, 65+, 15-29),
        summed in the same pass over the slots, for the economy's sectors.

    Notes
    -----
    The one kernel compiled with re-association of additions allowed (``fastmath={"reassoc",
    "contract"}``, no other fast-math flag; ``contract``, fused multiply-adds, as every rate
    kernel): LLVM then adds the flow totals in SIMD lanes, which makes this hot loop ~1.5x faster. The order of the additions is the compiler's, fixed for a given build:
    runs repeat bit for bit and parallel equals serial (tested); another CPU's vector width
    could change the last bits, as its libm could anyway.
    """
    mortality_factor = math.exp(-p[MORTALITY_IMPROVEMENT] * (t - p[MORTALITY_BASE_YEAR])) * mortality_excess(t, p)
    year = tfr_year_index(t)
    boy_share = p[SEX_RATIO_AT_BIRTH] / (1.0 + p[SEX_RATIO_AT_BIRTH])
    into_miyagi = 0.0
    into_miyagi_young = 0.0
    for r in REGION_ORDER:  # Miyagi first: the others add their movers to its written rates
        f_out = min(p[OUT_MULTIPLIER + r] * aux[A_OUT_FACTOR + r], MAX_OUT_FACTOR)
        f_in = p[IN_MULTIPLIER + r] * aux[A_IN_FACTOR + r]
        to_miyagi = p[SHARE_MIYAGI + r]
        u_turns = p[U_TURN_RATE] * p[U_TURN_MULTIPLIER + r] * aux[A_U_TURN_FACTOR + r] * y[DIASPORA + r]
        returning = u_turns + aux[A_EXTRA_ARRIVALS + r]  # arrivals by profile π
        deaths = 0.0
        leaving = 0.0
        arriving = 0.0
        leaving_young = 0.0
        arriving_young = 0.0
        mothers = 0.0
        people_total = 0.0  # the population aggregates the economy reads (common.population_groups)
        working = 0.0
        participants = 0.0  # Σ π₀ P and Σ π̇ P: the labour force before its prefectural scale (labour.py)
        headroom = 0.0
        elderly = 0.0
        young_people = 0.0
        block = POPULATION + r * REGION_SLOTS
        miyagi = POPULATION + MIYAGI * REGION_SLOTS
        for a in range(REGION_SLOTS):  # a: (sex, age) slot within the region's block
            k = block + a
            j = k - POPULATION
            people = y[k]
            dying = data[MORTALITY + j] * mortality_factor * people
            out = data[OUT_RATE + j] * f_out * people
            into = data[IN_RATE + j] * f_in * people + returning * data[U_TURN_PROFILE + j]
            dydt[k] = into - dying - out
            if to_miyagi != 0.0:  # the five's movers to Miyagi, same sex and age (the test is hoisted)
                dydt[miyagi + a] += to_miyagi * out
            deaths += dying
            leaving += out
            arriving += into
            young = YOUNG_SLOTS[a]
            leaving_young += young * out
            arriving_young += young * into
            young_people += young * people
            people_total += people
            working += WORKING_SLOTS[a] * people
            participants += p[PARTICIPATION_PROFILE + a] * people
            headroom += p[PARTICIPATION_TREND + a] * people
            elderly += ELDERLY_SLOTS[a] * people
        women = POPULATION + (r * N_SEXES + FEMALE) * N_AGES
        for a in range(FERTILE_SLOTS[0], FERTILE_SLOTS[1]):
            mothers += data[FERTILITY_SHAPE + a] * y[women + a]
        births = p[TFR + r * N_TFR_YEARS + year] * data[FERTILITY_ADJUSTMENT + r] * mothers
        for s in range(N_SEXES):
            k = r * N_SEXES + s
            newborns = y[NEWBORNS + k]
            people_total += newborns
            share = 1.0 - boy_share if s == FEMALE else boy_share
            dying = data[NEWBORN_MORTALITY + k] * mortality_factor * newborns
            out = data[NEWBORN_OUT_RATE + k] * f_out * newborns
            into = data[NEWBORN_IN_RATE + k] * f_in * newborns + returning * data[NEWBORN_U_TURN_PROFILE + k]
            dydt[NEWBORNS + k] = births * share + into - dying - out
            dydt[NEWBORNS + MIYAGI * N_SEXES + s] += to_miyagi * out
            deaths += dying
            leaving += out
            arriving += into
        # Moves out of Tohoku join the diaspora; its U-turns came back above.
        dydt[DIASPORA + r] = (1.0 - to_miyagi) * leaving - u_turns - p[DIASPORA_ATTRITION] * y[DIASPORA + r]
        dydt[CUM_OUT_TOKYO + r] = p[SHARE_TOKYO + r] * leaving
        # Arrivals from the Tokyo area: returns (U-turns, I-turns, evacuees; Σπ = 1) in the share of
        # the diaspora living there, σ_T / (1 − σ_M); the other in-migrants in their own share.
        diaspora_share_tokyo = p[SHARE_TOKYO + r] / (1.0 - to_miyagi)
        dydt[CUM_IN_TOKYO + r] = (p[ORIGIN_SHARE_TOKYO + r] * (arriving - returning)
                                  + diaspora_share_tokyo * returning)
        # The international part of net migration (reported split only; it is inside the rates).
        dydt[CUM_INTERNATIONAL + r] = p[INTERNATIONAL_RATE + r] * people_total
        into_miyagi += to_miyagi * leaving
        into_miyagi_young += to_miyagi * leaving_young
        dydt[CUM_BIRTHS + r] = births
        dydt[CUM_DEATHS + r] = deaths
        dydt[CUM_IN + r] = arriving
        dydt[CUM_OUT + r] = leaving
        dydt[CUM_IN_YOUNG + r] = arriving_young
        dydt[CUM_OUT_YOUNG + r] = leaving_young
        aux[A_POPULATION + r] = people_total
        aux[A_WORKING + r] = working
        aux[A_PARTICIPANTS + r] = participants
        aux[A_PARTICIPATION_HEADROOM + r] = headroom
        aux[A_ELDERLY + r] = elderly
        aux[A_YOUNG + r] = young_people
    dydt[CUM_IN + MIYAGI] += into_miyagi
    dydt[CUM_IN_YOUNG + MIYAGI] += into_miyagi_young


@plain_kernel
def age_population(y):
    """On 1 October: every cohort one year older, the open group 100+ absorbs age 99, newborns → age 0.

    Moves people between slots without creating or losing any.
    """
    for c in range(N_REGIONS * N_SEXES):
        base = POPULATION + c * N_AGES
        y[base + OPEN_AGE] += y[base + OPEN_AGE - 1]
        for a in range(OPEN_AGE - 1, 0, -1):
            y[base + a] = y[base + a - 1]
        y[base] = y[NEWBORNS + c]
        y[NEWBORNS + c] = 0.0
