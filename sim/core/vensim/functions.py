"""Vensim functions with no counterpart in ``sim.core.builtins``, as compiled scalar kernels.

Generated model code calls them through the table ``BUILTINS`` of ``sim.core.vensim.translate``.

References
----------
Vensim reference manual: XIDZ, ZIDZ, INTEGER, MODULO, QUANTUM. Vensim takes a denominator whose
magnitude is below 1e-6 as zero; PySD's ``py_backend.functions`` does the same.
"""

from __future__ import annotations

import math

from sim.core.jit import kernel

#: What Vensim considers zero in XIDZ, ZIDZ and MODULO (Vensim help; PySD's SMALL_VENSIM).
SMALL_VENSIM = 1e-6


@kernel
def xidz(numerator, denominator, value_if_zero):
    """Vensim XIDZ: ``numerator / denominator``, or ``value_if_zero`` where the denominator is ~0."""
    if abs(denominator) < SMALL_VENSIM:
        return value_if_zero
    return numerator / denominator


@kernel
def zidz(numerator, denominator):
    """Vensim ZIDZ: ``numerator / denominator``, or 0 where the denominator is ~0."""
    if abs(denominator) < SMALL_VENSIM:
        return 0.0
    return numerator / denominator


@kernel
def integer(x):
    """Vensim INTEGER: the integer part of ``x`` (truncated toward zero), as a float."""
    return float(math.trunc(x))


@kernel
def modulo(x, m):
    """Vensim MODULO: ``x - m * INTEGER(x / m)`` for ``m`` > ~0 (so negative ``x`` give (-m, 0]), else ``x``."""
    if m < SMALL_VENSIM:
        return x
    return x - m * float(math.trunc(x / m))


__all__ = ["SMALL_VENSIM", "integer", "modulo", "xidz", "zidz"]
