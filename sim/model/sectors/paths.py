"""The outside world's paths (MODEL.md §1): Japan's and the Tokyo area's growth, and the TFP trend —
functions of time only, computed once per rate evaluation and read by
every region's sectors from ``aux``.

    national growth  = exp(g (t − 2020))                 Japan's productivity and wages
    TFP trend        = exp(((1 − θ) g + g_gap)(t − 2020))
    N(t)  Japan's real GDP relative to FY2020: log-linear through FY2021 (1 + g₂₁) and FY2022
          (1 + g₂₁)(1 + g₂₂) (data), then growing at the outlook g_o; before FY2020 at g_o too
    c(t)  = N(t) / (N₂₂ exp(g_o (t − 2022))) for t ≥ 2020, c(2020) before: the pandemic cycle,
          Japan's GDP relative to its post-pandemic trend (assumption: FY2022 closes the FY2020
          gap; the gap is then what FY2021-22 grew beyond the outlook)
    Japan productivity = productivity_2020 · national growth · j(t)       [¥M/worker]
    Japan income per head = income_2019 · exp(g (t − 2019)) · c(2020) j(t)  [¥k/person]
    j(t)  = c(t) / c(2020) from 2020, 1 / c(2020) before: Japan's own pandemic cycle relative to
          FY2020 (its output fell and rebounded with employment about flat, so the cycle is one of
          productivity and pay); before 2020 Japan is on its trend
    Japan pay growth since the start t₀ = ln(Japan productivity(t) / Japan productivity(t₀))

Productivity 2020 is FY2020's (the trough) and income 2019 FY2019's (a normal year): with ``j``
the region's ratios to Japan compare trough with trough and rebound with rebound, instead of the
region's rebound out of FY2020 against Japan's smooth trend (3 % of spurious catching up).
"""

import math

from sim.core.jit import plain_kernel
from sim.model.sectors.common import BASE_YEAR
from sim.model.state import (
    A_CYCLE,
    A_NATIONAL_DEMAND,
    A_JAPAN_INCOME,
    A_JAPAN_PAY_LOG_GROWTH,
    A_JAPAN_PRODUCTIVITY,
    A_NATIONAL_GROWTH,
    A_TFP_TREND,
    CAPITAL_SHARE,
    GROWTH_FY2021,
    GROWTH_FY2022,
    GROWTH_OUTLOOK,
    JAPAN_INCOME_2019,
    JAPAN_PRODUCTIVITY_2020,
    NATIONAL_GROWTH,
    REF_START_YEAR,
    TFP_GROWTH_GAP,
)

#: Year of Japan's income per head the ratio is taken against (FY2019, centred on 1 October 2019).
INCOME_BASE_YEAR = 2019.0


@plain_kernel
def national_demand(t, p):
    """Japan's real GDP relative to FY2020 and the pandemic cycle at ``t`` (see the module docstring)."""
    log21 = math.log(1.0 + p[GROWTH_FY2021])
    log22 = log21 + math.log(1.0 + p[GROWTH_FY2022])
    outlook = p[GROWTH_OUTLOOK]
    trough = -(log22 - 2.0 * outlook)  # ln c(2020): FY2020 below the trend through FY2022
    if t < BASE_YEAR:
        return math.exp(outlook * (t - BASE_YEAR)), math.exp(trough)
    if t < BASE_YEAR + 1.0:
        level = log21 * (t - BASE_YEAR)
    elif t < BASE_YEAR + 2.0:
        level = log21 + (log22 - log21) * (t - BASE_YEAR - 1.0)
    else:
        return math.exp(log22 + outlook * (t - BASE_YEAR - 2.0)), 1.0
    return math.exp(level), math.exp(level - log22 - outlook * (t - BASE_YEAR - 2.0))


@plain_kernel
def pandemic_trough(p):
    """``c(2020)``: Japan's FY2020 GDP relative to its post-pandemic trend [1]."""
    return math.exp(2.0 * p[GROWTH_OUTLOOK] - math.log(1.0 + p[GROWTH_FY2021]) - math.log(1.0 + p[GROWTH_FY2022]))


@plain_kernel
def japan_cycle(t, cycle, trough):
    """Japan's pandemic cycle relative to FY2020, ``j(t)`` [1], from ``c(t)`` and ``c(2020)``."""
    if t < BASE_YEAR:
        return 1.0 / trough
    if t == BASE_YEAR:
        return 1.0
    return cycle / trough


@plain_kernel
def write_paths(t, y, p, aux):
    """Write the time-only paths into ``aux`` (the run's start year read from ``ref_start_year``)."""
    growth = p[NATIONAL_GROWTH]
    national = math.exp(growth * (t - BASE_YEAR))
    aux[A_NATIONAL_GROWTH] = national
    aux[A_TFP_TREND] = math.exp(((1.0 - p[CAPITAL_SHARE]) * growth + p[TFP_GROWTH_GAP]) * (t - BASE_YEAR))
    demand, cycle = national_demand(t, p)
    aux[A_NATIONAL_DEMAND] = demand
    aux[A_CYCLE] = cycle
    trough = pandemic_trough(p)
    japan = japan_cycle(t, cycle, trough)
    aux[A_JAPAN_PRODUCTIVITY] = p[JAPAN_PRODUCTIVITY_2020] * national * japan
    aux[A_JAPAN_INCOME] = (p[JAPAN_INCOME_2019] * national * math.exp(growth * (BASE_YEAR - INCOME_BASE_YEAR))
                           * trough * japan)
    start = y[REF_START_YEAR]  # the same in every region
    at_start = japan_cycle(start, national_demand(start, p)[1] if start > BASE_YEAR else 0.0, trough)
    aux[A_JAPAN_PAY_LOG_GROWTH] = growth * (t - start) + math.log(japan / at_start)
