"""Graduation: grouped totals split into single years of age, reproducing every group total.

:func:`graduate_log_spline` turns 5-year groups into single years (mean-preserving log-spline; used
for the census population and the fertility pattern, and by :mod:`.mortality` in an
exposure-weighted form); :func:`split_open_group` and :func:`open_group_weights` spread an open age
group in proportion to a stable population.

References
----------
.. [FC80] Fritsch, F. N. & Carlson, R. E. (1980). Monotone piecewise cubic interpolation.
   SIAM Journal on Numerical Analysis 17(2), 238-246 (PCHIP; considered, not used, see
   :func:`graduate_log_spline`).
.. [MTT77] McNeil, D. R., Trussell, T. J. & Turner, J. C. (1977). Spline interpolation of
   demographic data. Demography 14(2), 245-252.
.. [RGE15] Rizzi, S., Gampe, J. & Eilers, P. H. C. (2015). Efficient estimation of smooth
   distributions from coarsely grouped data. American Journal of Epidemiology 182(2), 138-147.
.. [PHG01] Preston, S. H., Heuveline, P. & Guillot, M. (2001). Demography: Measuring and Modeling
   Population Processes. Blackwell. Ch. 7 (stable population, :func:`open_group_weights`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.interpolate import CubicSpline

if TYPE_CHECKING:  # for the annotation only
    from sim.data.demography.mortality import LifeTable

__all__ = ["graduate_log_spline", "split_open_group", "open_group_weights"]


def graduate_log_spline(edges, totals, tol: float = 1e-13, max_iter: int = 2000) -> np.ndarray:
    """Split grouped totals into single years smoothly, reproducing every group total.

    Mean-preserving log-spline: the single-year values are ``n_x = exp(s(x + 1/2))`` where ``s``
    is a cubic spline (``scipy.interpolate.CubicSpline``, not-a-knot ends) through one knot per
    group at the group's mid-age. The knot values start at ``log(total_g / width_g)`` and are
    corrected by fixed-point iteration, ``v_g <- v_g + log(total_g / Σ_{x in g} n_x)``, until no
    correction exceeds ``tol``; a last rescaling per group (a change of order ``tol``) makes the
    group sums equal to the totals to floating-point rounding. The values are positive by
    construction and smooth across group boundaries (the spline is C2 in log scale). This is an
    interpolating relative of smooth ungrouping on the log scale ([RGE15]_); cubic splines for
    demographic graduation go back to [MTT77]_.

    A monotone cubic interpolation of the cumulative count (PCHIP, [FC80]_) was tried first and
    rejected: it reproduces the totals too but makes a staircase inside steep groups (the 2018
    fertility contributions at ages 27-32 came out 0.088, 0.095, 0.093, 0.099, 0.110, 0.112, a
    dip at 29 in the middle of the rise to the peak); a cubic spline of the cumulative count
    goes negative at the fertility tails.

    Parameters
    ----------
    edges : array_like of int, shape (G + 1,)
        Group boundaries in years of age, increasing (e.g. 0, 5, ..., 100): group ``g`` covers ages
        ``edges[g] .. edges[g + 1] - 1``.
    totals : array_like of float, shape (G,)
        Group totals, all positive (persons, or any positive additive quantity).
    tol : float
        Convergence threshold on the log corrections.
    max_iter : int
        Iteration limit; a ``RuntimeError`` is raised if it is reached.

    Returns
    -------
    ndarray, shape (edges[-1] - edges[0],)
        Single-year values for ages ``edges[0] .. edges[-1] - 1``, same unit as ``totals``.
    """
    edges = np.asarray(edges)
    totals = np.asarray(totals, dtype=float)
    if (edges.ndim != 1 or totals.shape != (edges.size - 1,) or totals.size < 2 or np.any(np.diff(edges) <= 0)
            or not np.array_equal(edges, np.round(edges))):
        raise ValueError(f"edges (shape {edges.shape}) must be increasing whole ages, one more than totals "
                         f"(shape {totals.shape}), at least two groups")
    if not np.all(np.isfinite(totals)) or np.any(totals <= 0):
        raise ValueError(f"totals must be finite and positive; got {totals}")
    widths = np.diff(edges).astype(int)
    knots = edges[:-1] + widths / 2.0
    mid_ages = np.arange(edges[0], edges[-1]) + 0.5
    group = np.repeat(np.arange(totals.size), widths)
    log_v = np.log(totals / widths)
    for _ in range(max_iter):
        values = np.exp(CubicSpline(knots, log_v)(mid_ages))
        step = np.log(totals / np.bincount(group, weights=values))
        log_v += step
        if np.max(np.abs(step)) < tol:
            break
    else:
        raise RuntimeError(f"log-spline graduation did not converge in {max_iter} iterations for totals {totals}")
    values = np.exp(CubicSpline(knots, log_v)(mid_ages))
    return values * (totals / np.bincount(group, weights=values))[group]


def split_open_group(total: float, weights) -> np.ndarray:
    """Spread an open-age-group total over single ages in proportion to ``weights``.

    Parameters
    ----------
    total : float
        Count of the open group [person].
    weights : array_like of float
        Non-negative weights per single age of the group, the last entry being the new open
        group (here :func:`open_group_weights`).

    Returns
    -------
    ndarray
        ``total * weights / sum(weights)`` [person]; sums to ``total``.
    """
    weights = np.asarray(weights, dtype=float)
    if np.any(weights < 0) or not weights.sum() > 0:
        raise ValueError("weights must be non-negative with a positive sum")
    return total * weights / weights.sum()


def open_group_weights(table: "LifeTable", start: int, growth: float = 0.0) -> np.ndarray:
    """Age distribution inside an open age group of a stable population ([PHG01]_, ch. 7).

    A stable population growing at rate ``r`` has ``N(x) ∝ l(x) e^{-r x}``; ``r = 0`` gives the
    stationary population ``L_x``. Weights per single age ``x = start .. n-2`` are
    ``L_x e^{-r (x + 0.5 - start)}``; for the last (open) age ``ω``, with constant hazard
    ``m_ω`` beyond it, ``l_ω e^{-r (ω - start)} / (m_ω + r)``.

    Parameters
    ----------
    table : LifeTable
        Life table by single year of age (last age open).
    start : int
        First age of the open group to split.
    growth : float
        ``r`` [1/year]; 0 for the stationary population. Must exceed ``-m_ω``.

    Returns
    -------
    ndarray, shape (n - start,)
        Non-negative weights [person-year per radix], proportional to the population by age.
    """
    last = table.m.size - 1
    if not 0 <= start <= last:
        raise ValueError(f"start={start} must lie in [0, {last}]")
    if not growth > -table.m[-1]:
        raise ValueError(f"growth={growth} must exceed -m of the open group ({-table.m[-1]:.4f})")
    ages = np.arange(start, last)
    closed = table.L[start:last] * np.exp(-growth * (ages + 0.5 - start))
    open_ = table.l[last] * np.exp(-growth * (last - start)) / (table.m[last] + growth)
    return np.concatenate((closed, [open_]))
