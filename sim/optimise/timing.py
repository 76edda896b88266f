"""Lever timing as decision variables: each searched lever's start year and ramp, under the same
spending envelope as the budget at the default timing.

A lever's budget path in the model (``sim.model.sectors.levers.lever_level``) is 0 before
``start``, rises linearly over ``ramp`` years, then stays at the full budget ``b`` [¥bn/year]. Its
spending from ``start`` to the horizon ``T`` (the optimiser's stop year, the vision's last target
year at the latest) is ``b · S(start, ramp, T)`` [¥bn] with

    S = 0                                 for T <= start
    S = (T - start)^2 / (2 ramp)          for start < T <= start + ramp
    S = T - start - ramp / 2              for T > start + ramp

With an annual budget alone, a later start or a slower ramp only spends less, so timing would
never be chosen; the envelope makes it a real choice: the optimiser splits the budget as usual
(``Allocation``, in ¥bn/year at the default timing, 2022 with a two-year ramp: ``e_i``), and a lever
started at ``s_i`` with ramp ``r_i`` gets the annual budget that spends the same by ``T``:

    b_i = e_i · S(2022, 2, T) / S(s_i, r_i, T)

so the total spent to ``T`` is the budget's at the default timing, however the levers are timed
(front-loaded or back-loaded). Floors and caps bound the ``e_i``. Spending after ``T`` continues
at ``b_i`` (the scenario has no end year), as for every shipped mix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

START, RAMP = 2022, 2  # the default lever timing [year]: every shipped mix's, and the optimum's without timing


def spend(start, ramp, horizon):
    """``S(start, ramp, horizon)``: years of full budget spent from ``start`` to ``horizon`` [year]
    on the model's linear ramp (numpy arrays broadcast)."""
    start, ramp = np.asarray(start, dtype=float), np.asarray(ramp, dtype=float)
    elapsed = np.maximum(horizon - start, 0.0)
    rising = np.where(ramp > 0.0, elapsed ** 2 / (2.0 * np.where(ramp > 0.0, ramp, 1.0)), elapsed)
    return np.where(elapsed <= ramp, rising, elapsed - ramp / 2.0)


@dataclass(frozen=True)
class Timing:
    """The timing box of ``levers`` (searched levers, in order): start years in ``starts`` and ramps
    in ``ramps`` [(low, high), years], for a horizon ``horizon`` [year]; refuses a box that leaves a
    lever nothing to spend by the horizon."""

    levers: tuple
    horizon: float
    starts: tuple = (2022.0, 2027.0)
    ramps: tuple = (0.0, 5.0)

    def __post_init__(self):
        for key, (low, high) in (("timing.start", self.starts), ("timing.ramp", self.ramps)):
            if not (math.isfinite(low) and math.isfinite(high) and low <= high):
                raise ValueError(f"optimise.{key}={[low, high]!r} is not allowed; allowed: [low, high] with low <= "
                                 f"high [year]")
        if self.ramps[0] < 0.0 or self.starts[1] >= self.horizon:
            raise ValueError(f"optimise.timing={{start: {list(self.starts)}, ramp: {list(self.ramps)}}} is not "
                             f"allowed with stop={self.horizon:g}; allowed: ramps >= 0 and starts before the stop year")

    @property
    def dimension(self) -> int:
        return 2 * len(self.levers)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) of the timing variables: the starts, then the ramps [year]."""
        m = len(self.levers)
        return (np.r_[np.full(m, self.starts[0]), np.full(m, self.ramps[0])],
                np.r_[np.full(m, self.starts[1]), np.full(m, self.ramps[1])])

    def decode(self, x: np.ndarray, envelope: np.ndarray, index: np.ndarray) -> dict:
        """Timing variables ``x`` (k, 2m) and envelope budgets ``envelope`` (k, 7) [¥bn/year at the
        default timing] -> ``lever_budget``, ``lever_start``, ``lever_ramp`` (k, 7); ``index``: the
        searched levers' positions in ``LEVERS`` (the others keep the default timing and budget 0)."""
        x = np.clip(np.atleast_2d(x), *self.bounds())
        m = len(self.levers)
        starts = np.full(envelope.shape, float(START))
        ramps = np.full(envelope.shape, float(RAMP))
        starts[:, index], ramps[:, index] = x[:, :m], x[:, m:]
        budgets = envelope * (spend(START, RAMP, self.horizon) / spend(starts, ramps, self.horizon))
        return {"lever_budget": budgets, "lever_start": starts, "lever_ramp": ramps}
