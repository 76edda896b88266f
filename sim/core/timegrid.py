"""The time grid of a run: start, stop, step and save interval, validated once.

Time is never accumulated step by step (``t += dt`` drifts); the time of step
``i`` is always ``start + i * dt``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: Relative tolerance when checking that one interval is a whole multiple of another.
MULTIPLE_RTOL = 1e-9


def _whole_multiple(numerator: float, denominator: float) -> int | None:
    """Return ``numerator / denominator`` as an int if it is one (within tolerance)."""
    ratio = numerator / denominator
    nearest = round(ratio)
    if nearest >= 1 and abs(ratio - nearest) <= MULTIPLE_RTOL * max(1.0, abs(ratio)):
        return int(nearest)
    return None


def _require_finite(name: str, value: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number; a finite number is required") from None
    if not math.isfinite(value):
        raise ValueError(f"{name}={value!r} is not allowed; a finite number is required")
    return value


@dataclass(frozen=True)
class TimeGrid:
    """A uniform time grid with a coarser save schedule.

    Parameters
    ----------
    start, stop : float
        First and last time of the run [year]; ``stop > start``.
    dt : float
        Integration step [year]; ``stop - start`` must be a whole number of steps.
    saveper : float, optional
        Save interval [year], a whole multiple of ``dt`` that divides ``stop - start``;
        defaults to ``dt`` (every step saved, as Vensim's ``SAVEPER = TIME STEP``).

    Raises
    ------
    ValueError
        Naming the argument, its value and what is allowed.
    """

    start: float
    stop: float
    dt: float
    saveper: float | None = None
    n_steps: int = field(init=False)
    save_every: int = field(init=False)

    def __post_init__(self) -> None:
        start = _require_finite("start", self.start)
        stop = _require_finite("stop", self.stop)
        dt = _require_finite("dt", self.dt)
        saveper = dt if self.saveper is None else _require_finite("saveper", self.saveper)
        if dt <= 0:
            raise ValueError(f"dt={self.dt!r} is not allowed; dt must be > 0")
        if stop <= start:
            raise ValueError(f"stop={self.stop!r} is not allowed; stop must be greater than start={self.start!r}")
        n_steps = _whole_multiple(stop - start, dt)
        if n_steps is None:
            raise ValueError(
                f"dt={self.dt!r} is not allowed; stop - start = {stop - start!r} must be a whole number of steps dt"
            )
        if saveper <= 0:
            raise ValueError(f"saveper={self.saveper!r} is not allowed; saveper must be > 0")
        save_every = _whole_multiple(saveper, dt)
        if save_every is None:
            raise ValueError(f"saveper={self.saveper!r} is not allowed; saveper must be a whole multiple of dt={dt!r}")
        if n_steps % save_every:
            raise ValueError(
                f"saveper={self.saveper!r} is not allowed; stop - start = {stop - start!r} "
                f"must be a whole number of save intervals"
            )
        for name, value in (("start", start), ("stop", stop), ("dt", dt), ("saveper", saveper)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "n_steps", n_steps)
        object.__setattr__(self, "save_every", save_every)

    @property
    def n_saves(self) -> int:
        """Number of saved time points, both ends included."""
        return self.n_steps // self.save_every + 1

    @property
    def save_times(self) -> np.ndarray:
        """Saved times [year], ``start + j * saveper`` computed without accumulation."""
        steps = np.arange(self.n_saves) * self.save_every
        return self.start + steps * self.dt

    def step_of(self, name: str, time: float) -> int:
        """Index of the grid step at ``time``; raises if ``time`` is not on the grid."""
        time = _require_finite(name, time)
        if time == self.start:
            return 0
        index = _whole_multiple(time - self.start, self.dt)
        if index is None or index > self.n_steps:
            raise ValueError(
                f"{name}={time!r} is not allowed; it must be a grid time start + k*dt "
                f"in [{self.start!r}, {self.stop!r}] with dt={self.dt!r}"
            )
        return index
