"""Leading industries (MODEL.md §2.6): plants located by the leading-industry lever's location
subsidies — semiconductors, automotive, medical devices, the offshore-wind supply chain —
counter spiral S1.

    anchor investment = (1 + v) · (1 − d) · S_LI                                      [¥bn/year]
    dK_anchor/dt = anchor investment − δ K_anchor                                   [¥bn/year]
    anchor jobs = 1000 · K_anchor / ((1 + v) · c_job)                                  [job]
    anchor external demand = anchor jobs · GRP_ref / E_ref                            [¥bn/year]

``S_LI`` is the lever's spending [¥bn/year]; each ¥ of subsidy brings ``v`` ¥ of private investment
(EVIDENCE.md I23) and a planned job per ``c_job`` ¥M of subsidy (I21); ``d`` is the share of plants
that would have come anyway (deadweight). The plants' jobs last as long as their capital
(depreciation δ), and each produces the region's start GRP per worker, sold outside the region:
a job-year per ¥32M gives 0.26 ¥ of GRP per ¥ a year before deadweight, the middle of
EVIDENCE.md I28 (0.14-0.42). Anchor capital is part of the region's capital (production.py).
"""

from sim.core.jit import plain_kernel
from sim.model.levers import LEADING_INDUSTRY
from sim.model.sectors.common import lever_spending
from sim.model.state import (
    ANCHOR_CAPITAL,
    DEPRECIATION,
    EMPLOYMENT_START,
    LEADING_COST_PER_JOB,
    LEADING_DEADWEIGHT,
    LEADING_PRIVATE_INVESTMENT,
    REF_OUTPUT,
)


@plain_kernel
def anchor_investment(p, aux, r):
    """Additional anchor investment of region ``r`` [¥bn/year]: subsidy and private money, less deadweight."""
    return ((1.0 + p[LEADING_PRIVATE_INVESTMENT]) * (1.0 - p[LEADING_DEADWEIGHT])
            * lever_spending(aux, LEADING_INDUSTRY, r))


@plain_kernel
def anchor_jobs(y, p, r):
    """Jobs in the anchor plants of region ``r`` [job]."""
    return 1000.0 * y[ANCHOR_CAPITAL + r] / ((1.0 + p[LEADING_PRIVATE_INVESTMENT]) * p[LEADING_COST_PER_JOB])


@plain_kernel
def anchor_external_demand(y, p, r):
    """Output of the anchor plants, sold outside the region [¥bn/year]."""
    return anchor_jobs(y, p, r) * y[REF_OUTPUT + r] / p[EMPLOYMENT_START + r]


@plain_kernel
def anchor_rates(y, p, dydt, aux, r):
    """Write the anchor capital's rate of change; return the anchor investment [¥bn/year]."""
    invested = anchor_investment(p, aux, r)
    dydt[ANCHOR_CAPITAL + r] = invested - p[DEPRECIATION] * y[ANCHOR_CAPITAL + r]
    return invested
