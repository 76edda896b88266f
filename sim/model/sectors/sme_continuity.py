"""SME business continuity (MODEL.md §2.6): the SME-continuity lever — counters spiral S3.

    firms supported = S_sme · 1000 / c_sme                                   [enterprise/year]
    averted closures = min(a_sme · firms supported, succession closures)      [enterprise/year]

Succession support (matching, M&A, handover) turns closures of firms without a successor into
handovers (firms.py). ``S_sme`` is the lever's spending [¥bn/year], ``c_sme`` the subsidy per
supported firm (¥4.5M, EVIDENCE.md I35/P7), ``a_sme`` the closures averted per firm supported
(PARAMETERS.md C8: 10-30 %, an assumption: no causal evaluation exists, I36). Restructured firms
are not assumed more productive per worker (EVIDENCE.md I10 finds no significant effect of
SME subsidies on value added per worker).
"""

from sim.core.jit import plain_kernel
from sim.model.levers import SME_CONTINUITY
from sim.model.sectors.common import lever_spending
from sim.model.state import SME_AVERTED_SHARE, SME_COST_PER_FIRM


@plain_kernel
def averted_closures(p, aux, r, succession_closures):
    """Succession closures of region ``r`` the lever averts [enterprise/year], at most all of them."""
    supported = lever_spending(aux, SME_CONTINUITY, r) * 1000.0 / p[SME_COST_PER_FIRM]
    return min(p[SME_AVERTED_SHARE] * supported, succession_closures)
