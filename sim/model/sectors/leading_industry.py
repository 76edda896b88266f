"""Leading industries (MODEL.md §2.6): anchor investment by the leading-industry lever —
semiconductors, automotive, medical devices, the offshore-wind supply chain — counters spiral S1.

    anchor investment = λ_LI · leading-industry spending                     [¥bn/year]
    dK_anchor/dt = anchor investment − δ K_anchor                            [¥bn/year]
    anchor external demand = m_anchor · K_anchor / κ                          [¥bn/year]

Anchor investment adds to the region's capital (production.py) and, through its plants' sales
with their local suppliers (``m_anchor``), to external demand.
"""

from sim.core import kernel
from sim.model.levers import LEADING_INDUSTRY
from sim.model.sectors.common import lever_spending
from sim.model.state import ANCHOR_CAPITAL, ANCHOR_SUPPLIER, CAPITAL_OUTPUT_RATIO, DEPRECIATION, LEADING_LEVERAGE


@kernel
def anchor_investment(p, aux, r):
    """Anchor investment of region ``r`` [¥bn/year] (lever spending with private co-investment)."""
    return p[LEADING_LEVERAGE] * lever_spending(aux, LEADING_INDUSTRY, r)


@kernel
def anchor_external_demand(y, p, r):
    """External demand of the anchor plants and their suppliers [¥bn/year]."""
    return p[ANCHOR_SUPPLIER] * y[ANCHOR_CAPITAL + r] / p[CAPITAL_OUTPUT_RATIO]


@kernel
def anchor_rates(y, p, dydt, aux, r):
    """Write the anchor capital's rate of change; return the anchor investment [¥bn/year]."""
    invested = anchor_investment(p, aux, r)
    dydt[ANCHOR_CAPITAL + r] = invested - p[DEPRECIATION] * y[ANCHOR_CAPITAL + r]
    return invested
