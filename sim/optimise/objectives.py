"""Robustness measures over ensemble members: from per-member distances to the vision (member,
candidate) [0-1, lower is better] to one number per candidate, lower is better.

- ``expected``: the mean distance over the members.
- ``cvar``: the conditional value at risk at level ``alpha`` (default 0.9), the mean distance of
  the worst ``1 - alpha`` share of the members. For a finite sample of ``n`` equally likely
  members it is exact for the empirical distribution (Rockafellar and Uryasev 2000): with the
  distances sorted from the worst, ``d_(1) >= d_(2) >= ...``, and ``t = (1 - alpha) n``, the worst
  ``floor(t)`` members count fully and the next one with weight ``t - floor(t)``, all divided by
  ``t``. When ``t`` is a whole number it is the plain mean of the ``t`` worst members (n = 20,
  alpha = 0.9: the worst 2); with n = 16 it is ``(d_(1) + 0.6 d_(2)) / 1.6``. ``alpha = 0`` gives
  the mean, ``t < 1`` the worst member.
- ``shortfall_probability``: 1 - the probability that a member meets every one of a chosen set of
  targets (the share of members meeting them all), so that lower is better like the others.
"""

from __future__ import annotations

import math

import numpy as np

#: Tolerance on ``t = (1 - alpha) n`` being a whole number (``(1 - 0.9) * 20`` is 1.9999999999999996).
WHOLE = 1e-9


def expected(distance: np.ndarray) -> np.ndarray:
    """Mean over the members of ``distance`` (member, candidate) -> (candidate,) [0-1]."""
    return np.asarray(distance, dtype=float).mean(axis=0)


def cvar(distance: np.ndarray, alpha: float = 0.9) -> np.ndarray:
    """CVaR at ``alpha`` of ``distance`` (member, candidate) -> (candidate,) [0-1]: the mean of the
    worst ``1 - alpha`` share of the members (module docstring for the finite-sample definition)."""
    if isinstance(alpha, (bool, str)) or not 0.0 <= float(alpha) < 1.0:
        raise ValueError(f"optimise.alpha={alpha!r} is not allowed; allowed: a number in [0, 1)")
    worst_first = -np.sort(-np.asarray(distance, dtype=float), axis=0)
    n = worst_first.shape[0]
    t = (1.0 - float(alpha)) * n
    whole = math.floor(t + WHOLE)
    fraction = 0.0 if abs(t - round(t)) < WHOLE else t - whole
    weights = np.zeros(n)
    weights[:whole] = 1.0
    if fraction > 0.0:
        weights[whole] = fraction
    return weights @ worst_first / weights.sum()


def shortfall_probability(met: dict[str, np.ndarray], targets: list[str]) -> np.ndarray:
    """1 - the share of members meeting every target in ``targets``: ``met`` maps a target id to
    (member, candidate) bools -> (candidate,) [0-1]."""
    missing = [name for name in targets if name not in met]
    if missing or not targets:
        raise ValueError(f"optimise.targets={list(targets)!r} is not allowed; allowed: a non-empty list of the targets "
                         f"the ensemble keeps {sorted(met)}")
    every = np.logical_and.reduce([np.asarray(met[name], dtype=bool) for name in targets])
    return 1.0 - every.mean(axis=0)
