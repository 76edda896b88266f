"""History matching: which members the constraints rule out, and what the kept ones predict.

A member's implausibility at a constraint point is ``I = |m - y| / sd`` (on the log scale for
``log`` points), the standardised distance of its hindcast ``m`` from the observation ``y``, with
``sd`` the observation error and the model discrepancy combined (``sim.ensemble.constraints``).
A member is kept ("not ruled out yet") when its ``rank``-th largest implausibility is at most the
cutoff: rank 1 is the maximum, rank 2 lets one point of many be an outlier (Vernon, Goldstein &
Bower 2010, §3.3: I_M, I_2M). Pure NumPy; the build (``sim.ensemble.build``) streams chunks through it.

References
----------
Vernon, I., Goldstein, M. & Bower, R. G. (2010). Galaxy formation: a Bayesian uncertainty analysis.
Bayesian Analysis 5(4), 619-669.
Pukelsheim, F. (1994). The three sigma rule. The American Statistician 48(2), 88-91.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats


def _on_scale(values: np.ndarray, log: np.ndarray) -> np.ndarray:
    """Values on each point's comparison scale: the logarithm for ``log`` points."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(log, np.log(np.where(log, values, 1.0)), values)


def standardised(hindcast: np.ndarray, points: pd.DataFrame) -> np.ndarray:
    """(member, point) signed distances ``(m - y) / sd`` on each point's scale; a member whose
    hindcast is not finite is infinitely far."""
    log = (points.basis == "log").to_numpy()
    distance = (_on_scale(hindcast, log) - _on_scale(points.observed.to_numpy(), log)) / points.sd.to_numpy()
    return np.where(np.isfinite(distance), distance, np.inf)


def rank_statistic(implausibility: np.ndarray, rank: int) -> np.ndarray:
    """The ``rank``-th largest implausibility of each member (row); with fewer points than
    ``rank``, the smallest."""
    k = min(rank, implausibility.shape[1])
    return -np.partition(-implausibility, k - 1, axis=1)[:, k - 1]


def kept(hindcast: np.ndarray, points: pd.DataFrame, cutoff: float, rank: int) -> np.ndarray:
    """Boolean (member,): not ruled out by the points."""
    return rank_statistic(np.abs(standardised(hindcast, points)), rank) <= cutoff


def series_work(hindcast: np.ndarray, points: pd.DataFrame, cutoff: float, rank: int) -> pd.DataFrame:
    """What each series of points does: per series, the members it rules out on its own (its
    largest implausibility above the cutoff) and the members kept without it (the cut applied to the
    other series) — the members only it rules out is the difference from those kept with all."""
    implausibility = np.abs(standardised(hindcast, points))
    rows = []
    for series, columns in points.groupby("series", sort=False).indices.items():
        others = np.setdiff1d(np.arange(points.shape[0]), columns)
        rows.append({"series": series, "points": len(columns),
                     "ruled_out_alone": int((implausibility[:, columns].max(axis=1) > cutoff).sum()),
                     "kept_without": int((rank_statistic(implausibility[:, others], rank) <= cutoff).sum())})
    return pd.DataFrame(rows).set_index("series")


def mixture_quantile(centres: np.ndarray, sd: float, q: float) -> float:
    """The ``q`` quantile of an equal mixture of normals N(centre, sd²): the predictive
    distribution of an observation given the kept members' hindcasts."""
    centres = np.asarray(centres, float)
    low, high = centres.min() - 10.0 * sd, centres.max() + 10.0 * sd
    return float(optimize.brentq(lambda x: stats.norm.cdf((x - centres) / sd).mean() - q, low, high, xtol=1e-12))


def predictive_band(hindcast: np.ndarray, points: pd.DataFrame, low: float = 0.05,
                    high: float = 0.95) -> pd.DataFrame:
    """Per point, the ``low``-``high`` band of the observation the kept members predict (their
    hindcasts plus the point's observation error and discrepancy), in the data's units."""
    log = (points.basis == "log").to_numpy()
    scaled = _on_scale(hindcast, log)
    rows = []
    for j, point in enumerate(points.itertuples()):
        band = [mixture_quantile(scaled[:, j], point.sd, q) for q in (low, high)]
        rows.append(np.exp(band) if log[j] else band)
    return pd.DataFrame(rows, columns=["low", "high"], index=points.id)
