"""SME business continuity (MODEL.md §2.6): the SME-continuity lever — counters spiral S3.

    averted share of succession closures = min(r_max, e_exit · I_sme)          [1]
    restructuring productivity gain      = 1 + e_prod · I_sme                  [1]

Succession support (matching, M&A, handover) turns closures of firms without a successor into
handovers (firms.py); restructured firms are more productive (a TFP factor, production.py).
``I_sme`` is the lever's intensity [‰ of GRP]; PARAMETERS.md C8 bounds the averted share
at 10-30 %.
"""

from sim.core import kernel
from sim.model.levers import SME_CONTINUITY
from sim.model.sectors.common import lever_intensity
from sim.model.state import SME_EXIT_REDUCTION, SME_EXIT_REDUCTION_MAX, SME_PRODUCTIVITY


@kernel
def averted_closures(p, aux, r):
    """Share of succession closures averted in region ``r`` [1]."""
    return min(p[SME_EXIT_REDUCTION_MAX], p[SME_EXIT_REDUCTION] * lever_intensity(aux, SME_CONTINUITY, r))


@kernel
def restructuring_gain(p, aux, r):
    """TFP factor of restructured firms in region ``r`` [1]."""
    return 1.0 + p[SME_PRODUCTIVITY] * lever_intensity(aux, SME_CONTINUITY, r)
