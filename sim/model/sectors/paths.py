"""The outside world's paths (MODEL.md §1): Japan's and the Tokyo area's growth, and the TFP trend —
functions of time only, computed once per rate evaluation and read by
every region's sectors from ``aux``.

    national growth  = exp(g (t − 2020))                 Japan's productivity and external demand
    TFP trend        = exp(((1 − θ) g + g_gap)(t − 2020))
    growth since t₀  = exp(g (t − t₀))                   the competitiveness deflator (t₀: run start)
    Japan productivity = productivity_2020 · national growth            [¥M/worker]
    Japan income per head = income_2019 · exp(g (t − 2019))             [¥k/person]
"""

import math

from sim.core import kernel
from sim.model.sectors.common import BASE_YEAR
from sim.model.state import (
    A_GROWTH_SINCE_START,
    A_JAPAN_INCOME,
    A_JAPAN_PRODUCTIVITY,
    A_NATIONAL_GROWTH,
    A_TFP_TREND,
    CAPITAL_SHARE,
    JAPAN_INCOME_2019,
    JAPAN_PRODUCTIVITY_2020,
    NATIONAL_GROWTH,
    REF_START_YEAR,
    TFP_GROWTH_GAP,
)

#: Year of Japan's income per head the ratio is taken against (FY2019, centred on 1 October 2019).
INCOME_BASE_YEAR = 2019.0


@kernel
def write_paths(t, y, p, aux):
    """Write the time-only paths into ``aux`` (the run's start year read from ``ref_start_year``)."""
    growth = p[NATIONAL_GROWTH]
    national = math.exp(growth * (t - BASE_YEAR))
    aux[A_NATIONAL_GROWTH] = national
    aux[A_TFP_TREND] = math.exp(((1.0 - p[CAPITAL_SHARE]) * growth + p[TFP_GROWTH_GAP]) * (t - BASE_YEAR))
    aux[A_GROWTH_SINCE_START] = math.exp(growth * (t - y[REF_START_YEAR]))
    aux[A_JAPAN_PRODUCTIVITY] = p[JAPAN_PRODUCTIVITY_2020] * national
    aux[A_JAPAN_INCOME] = p[JAPAN_INCOME_2019] * math.exp(growth * (t - INCOME_BASE_YEAR))
