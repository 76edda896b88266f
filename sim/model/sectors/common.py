"""Small functions the economy's sectors share: gated links, smooth minimum, population sums.

Written once and compiled as kernels; the same functions run in the model's init, so the
economy starts exactly in the state its equations imply.
"""

import math

from sim.core.jit import inline_kernel, plain_kernel
from sim.model.dimensions import (
    ELDERLY_AGES,
    N_AGES,
    N_REGIONS,
    N_SEXES,
    WORKING_AGES,
    YOUNG_AGES,
)
from sim.model.levers import N_LEVERS
from sim.model.state import (
    A_ELDERLY,
    A_PARTICIPANTS,
    A_PARTICIPATION_HEADROOM,
    A_LEVER_INTENSITY,
    A_LEVER_SPENDING,
    A_POPULATION,
    A_WORKING,
    A_YOUNG,
    LOOP_GATE,
    NEWBORNS,
    PARTICIPATION_TREND,
    PARTICIPATION_PROFILE,
    POPULATION,
)

#: Base year of the exogenous paths (Japan's productivity and income are given for 2020 / FY2019).
BASE_YEAR = 2020.0
#: GWh per MW of capacity running all year (8,760 hours).
GWH_PER_MW_YEAR = 8.76


@plain_kernel
def gated(p, loop, value, reference):
    """A loop's gated link: ``gate · value + (1 − gate) · reference`` (gate 1 = the loop acts)."""
    gate = p[LOOP_GATE + loop]
    return gate * value + (1.0 - gate) * reference


@plain_kernel
def power(x, e):
    """``x^e`` for ``x >= 0``, as ``exp(e · ln x)``, with the exponents the model's defaults use done
    by multiplications and square roots (0, ±1, ±0.5, 2 exactly, as NumPy's scalar power does for its
    common exponents; 0.75 as ``√x · √√x``, within a few ulp).

    glibc's ``pow`` costs about three ``exp`` calls here, ``exp(e · ln x)`` two and agrees to a few
    ulp for the ratios near 1 the sectors raise; a square root or a division is no call at all.
    ``0^0 = 1``, as for ``pow``.
    """
    if e == 1.0:
        return x
    if e == 0.0:
        return 1.0
    if e == 0.5:
        return math.sqrt(x)
    if e == -0.5:
        return 1.0 / math.sqrt(x)
    if e == -1.0:
        return 1.0 / x
    if e == 2.0:
        return x * x
    if e == 0.75:  # the default elasticity of government consumption to population
        root = math.sqrt(x)
        return root * math.sqrt(root)
    return math.exp(e * math.log(x))


@inline_kernel
def smooth_min(a, b, sharpness):
    """Smooth minimum ``(a^−k + b^−k)^(−1/k)`` of two positive quantities (CES form).

    Tends to ``min(a, b)`` as ``k`` grows and is below both; at ``a = b`` it is ``a · 2^(−1/k)``.
    Computed relative to the larger (no overflow for large ``k``). A whole-number ``k`` is raised
    by repeated multiplication, and for a power of two (the default 8) the ``k``-th root taken by
    repeated square roots: no call to ``exp``/``log`` in the hot loop, within a few ulp.
    """
    big = max(a, b)
    if big <= 0.0:
        return 0.0
    ratio = big / min(a, b)  # >= 1: the larger's term is 1
    whole = int(sharpness)
    if whole != sharpness:
        return big * power(1.0 + ratio ** sharpness, -1.0 / sharpness)
    if whole > 0 and whole & (whole - 1) == 0:  # k = 2^n: ratio^k by n squarings, its k-th root by n square roots
        term = ratio  # the products numba's ratio ** whole forms (1.0 · ratio^(2^n) is exact), without its loop
        steps = whole
        while steps > 1:
            term *= term
            steps >>= 1
        base = 1.0 + term
        while whole > 1:
            base = math.sqrt(base)
            whole >>= 1
        return big / base
    base = 1.0 + ratio ** whole
    if whole == 0:  # k = 0: ratio^0 = 1, no root to take (as before)
        return big / base
    return big * power(base, -1.0 / sharpness)


@plain_kernel
def smooth_min_partner(result, b, sharpness):
    """The ``a`` with ``smooth_min(a, b, k) = result`` (needs ``result < b``): used to start in equilibrium."""
    return (result ** -sharpness - b ** -sharpness) ** (-1.0 / sharpness)


@plain_kernel
def lever_intensity(aux, lever, r):
    """Intensity of ``lever`` in region ``r`` [‰ of start GRP] (written by the lever sector)."""
    return aux[A_LEVER_INTENSITY + lever * N_REGIONS + r]


@plain_kernel
def lever_spending(aux, lever, r):
    """Spending of ``lever`` in region ``r`` [¥bn/year]."""
    return aux[A_LEVER_SPENDING + lever * N_REGIONS + r]


@plain_kernel
def total_lever_spending(aux, r):
    """All levers' spending in region ``r`` [¥bn/year]."""
    total = 0.0
    for lever in range(N_LEVERS):
        total += lever_spending(aux, lever, r)
    return total


@plain_kernel
def population_sums(y, p, r):
    """Population aggregates of region ``r`` at the state ``y`` [person].

    Returns (total incl. the year's newborns, 15-64, Σ π₀ P, Σ π̇ P, 65+, 15-29): the groups of
    ``sim.model.dimensions`` and the population weighted by the 2020 participation profile and by
    the participation trend (labour.py). The population sector sums the same in its pass.
    """
    total = 0.0
    working = 0.0
    participants = 0.0
    headroom = 0.0
    elderly = 0.0
    young = 0.0
    for s in range(N_SEXES):
        cell = POPULATION + (r * N_SEXES + s) * N_AGES
        total += y[NEWBORNS + r * N_SEXES + s]
        for a in range(N_AGES):
            people = y[cell + a]
            total += people
            working += WORKING_AGES[a] * people
            participants += p[PARTICIPATION_PROFILE + s * N_AGES + a] * people
            headroom += p[PARTICIPATION_TREND + s * N_AGES + a] * people
            elderly += ELDERLY_AGES[a] * people
            young += YOUNG_AGES[a] * people
    return total, working, participants, headroom, elderly, young


@plain_kernel
def write_population_groups(y, p, aux):
    """Write every region's population aggregates into ``aux`` (once per rate evaluation)."""
    for r in range(N_REGIONS):
        total, working, participants, headroom, elderly, young = population_sums(y, p, r)
        aux[A_POPULATION + r] = total
        aux[A_WORKING + r] = working
        aux[A_PARTICIPANTS + r] = participants
        aux[A_PARTICIPATION_HEADROOM + r] = headroom
        aux[A_ELDERLY + r] = elderly
        aux[A_YOUNG + r] = young


@plain_kernel
def population_groups(aux, r):
    """Region ``r``'s (total, 15-64, Σ π₀ P, 65+, 15-29) from ``aux`` [person] (the headroom Σ π̇ P is
    read by the labour sector alone)."""
    return aux[A_POPULATION + r], aux[A_WORKING + r], aux[A_PARTICIPANTS + r], aux[A_ELDERLY + r], aux[A_YOUNG + r]
