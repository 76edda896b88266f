"""Decision variables -> a feasible budget allocation.

The feasible set. A total budget ``B`` [¥bn/year above business as usual, Tohoku total] is split
over the levers searched (``levers``; the other levers get 0): budgets ``b_i`` with
``sum(b) = B`` exactly and ``floor_i <= b_i <= cap_i`` [¥bn/year]. Optionally (``by_prefecture``)
each searched lever's budget is also split over the six prefectures: shares ``p_ij >= 0`` with
``sum_j p_ij = 1`` (``lever_allocation``, dimension order ``sim.model.dimensions.REGIONS``). With
``groups`` (lever groups, such as the strategies of ``conf/optimise/default.yaml``), the searched
levers of one group share one split, which keeps the dimension sensible: 5 splits for 7 levers.

The map. The optimiser searches a box; ``Allocation.decode`` maps each point to the Euclidean
projection onto the feasible set, ``project``: ``b = clip(x - lam, floor, cap)`` with the scalar
shift ``lam`` chosen so that the budgets sum to ``B``. ``g(lam) = sum clip(x_i - lam, floor_i,
cap_i)`` is continuous and non-increasing, ``sum(cap)`` for ``lam <= min(x - cap)`` and
``sum(floor)`` for ``lam >= max(x - floor)``, so ``g(lam) = B`` has a solution in that interval
whenever ``sum(floor) <= B <= sum(cap)``; bisection finds it to the last bits of ``lam`` (the
total is then met to about 1e-15 relative; where ``g`` is flat at ``B`` the solutions form an
interval, all giving the same allocation, and the middle one is taken). The map is
deterministic, continuous, and the identity on the feasible set, so every feasible allocation is
reached. The box runs from ``floor - (B - sum(floor))`` to ``cap`` per lever: extending below the
floor by the free budget gives each face of the feasible set (a lever at its floor, or at its cap
while others sit below their floors) a preimage of positive volume, so the search reaches
allocations that leave a lever at its floor, not only near it. Prefectural shares use the same
projection with total 1, floors 0, caps 1, over the box ``[-1, 1]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.model.dimensions import REGIONS
from sim.model.levers import LEVERS

#: Bisection steps for the shift: the interval (at most a few budgets wide) shrinks below the
#: spacing of float64 numbers near the solution long before this.
STEPS = 200


def project(x: np.ndarray, total: float, floors: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """The Euclidean projection of each row of ``x`` (k, m) onto ``{y: sum(y) = total, floors <= y
    <= caps}`` (see the module docstring); ``floors``, ``caps`` (m,), in the units of ``x``.
    Assumes ``sum(floors) <= total <= sum(caps)`` and ``floors <= caps`` (``Allocation`` checks)."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    first = np.min(x - caps, axis=1)  # g(first) = sum(caps) >= total
    last = np.max(x - floors, axis=1)  # g(last) = sum(floors) <= total

    def bisect(keep_low):  # the boundary of {lam: keep_low(g(lam))} within [first, last]
        low, high = first.copy(), last.copy()
        for _ in range(STEPS):
            middle = 0.5 * (low + high)
            moved = keep_low(np.clip(x - middle[:, None], floors, caps).sum(axis=1))
            low, high = np.where(moved, middle, low), np.where(moved, high, middle)
        return 0.5 * (low + high)

    # g can be flat at the total (a lever at its cap while another reaches its floor): the
    # solutions form an interval, whose middle keeps every clipped lever exactly on its bound
    shift = 0.5 * (bisect(lambda g: g > total) + bisect(lambda g: g >= total))
    return np.clip(x - shift[:, None], floors, caps)


def _number(value, key: str, allowed: str) -> float:
    if isinstance(value, (bool, str)) or value is None or not math.isfinite(float(value)) or float(value) < 0:
        raise ValueError(f"{key}={value!r} is not allowed; allowed: {allowed}")
    return float(value)


@dataclass(frozen=True)
class Allocation:
    """The feasible allocations of ``budget`` [¥bn/year] over ``levers`` (names of
    ``sim.model.levers.LEVERS``; the others get 0) with ``floors`` and ``caps`` by lever name
    [¥bn/year; default 0 and the budget], and, if ``by_prefecture``, the prefectural shares of each
    searched lever (one split per group of ``groups``, a sequence of lever-name sequences, when
    given). Refuses infeasible settings with a one-line ``ValueError`` naming the key."""

    budget: float
    levers: tuple[str, ...] = LEVERS
    floors: dict = field(default_factory=dict)
    caps: dict = field(default_factory=dict)
    by_prefecture: bool = False
    groups: tuple | None = None
    timing: object = None  # a sim.optimise.timing.Timing of the same levers, or None (the default timing)

    def __post_init__(self):
        budget = _number(self.budget, "optimise.budget", "a number > 0 [¥bn/year]")
        if budget <= 0:
            raise ValueError(f"optimise.budget={self.budget!r} is not allowed; allowed: a number > 0 [¥bn/year]")
        levers = tuple(self.levers)
        unknown = [name for name in levers if name not in LEVERS]
        if unknown or not levers or len(set(levers)) < len(levers):
            raise ValueError(f"optimise.levers={list(levers)!r} is not allowed; allowed: distinct names from "
                             f"{list(LEVERS)}")
        for part in ("floors", "caps"):
            extra = [name for name in getattr(self, part) if name not in levers]
            if extra:
                raise ValueError(f"optimise.{part}.{extra[0]} is not allowed; allowed: a searched lever {list(levers)}")
        floors = np.array([_number(self.floors.get(name, 0.0), f"optimise.floors.{name}", "a number >= 0 [¥bn/year]")
                           for name in levers])
        caps = np.array([min(_number(self.caps.get(name, budget), f"optimise.caps.{name}", "a number >= 0 [¥bn/year]"),
                             budget) for name in levers])
        for name, low, high in zip(levers, floors, caps):
            if low > high:
                raise ValueError(f"optimise.floors.{name}={low:g} is not allowed; allowed: at most the cap, {high:g} "
                                 f"[¥bn/year]")
        if floors.sum() > budget * (1 + 1e-12):
            raise ValueError(f"optimise.floors={dict(zip(levers, floors.tolist()))!r} is not allowed; allowed: floors "
                             f"summing to at most budget={budget:g} [¥bn/year] (they sum to {floors.sum():g})")
        if caps.sum() < budget * (1 - 1e-12):
            raise ValueError(f"optimise.caps={dict(zip(levers, caps.tolist()))!r} is not allowed; allowed: caps "
                             f"summing to at least budget={budget:g} [¥bn/year] (they sum to {caps.sum():g})")
        object.__setattr__(self, "budget", budget)
        object.__setattr__(self, "levers", levers)
        object.__setattr__(self, "_floors", floors)
        object.__setattr__(self, "_caps", caps)
        object.__setattr__(self, "_index", np.array([LEVERS.index(name) for name in levers]))
        groups = [(name,) for name in levers] if self.groups is None else [tuple(group) for group in self.groups]
        if sorted(name for group in groups for name in group if name in levers) != sorted(levers):
            raise ValueError(f"optimise.groups={groups!r} is not allowed; allowed: groups holding each searched lever "
                             f"{list(levers)} once")
        shared = [[levers.index(name) for name in group if name in levers] for group in groups]
        object.__setattr__(self, "_shared", [members for members in shared if members])
        if self.timing is not None and tuple(self.timing.levers) != levers:
            raise ValueError(f"optimise.timing.levers={list(self.timing.levers)!r} is not allowed; allowed: the "
                             f"searched levers {list(levers)}")

    @property
    def dimension(self) -> int:
        """Length of a decision vector: one per searched lever, plus six per prefectural split (one a
        lever, or one a group) if by prefecture, plus a start and a ramp per lever with timing."""
        return (len(self.levers) + (len(REGIONS) * len(self._shared) if self.by_prefecture else 0)
                + (0 if self.timing is None else self.timing.dimension))

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The search box (lower, upper), each (dimension,): budgets from ``floor - (budget -
        sum(floors))`` to ``cap`` [¥bn/year], then prefectural shares from -1 to 1, then the timing's
        starts and ramps [year]."""
        slack = self.budget - self._floors.sum()
        lower, upper = [self._floors - slack], [self._caps]
        if self.by_prefecture:
            lower.append(-np.ones(len(self._shared) * len(REGIONS)))
            upper.append(np.ones(len(self._shared) * len(REGIONS)))
        if self.timing is not None:
            low, high = self.timing.bounds()
            lower.append(low)
            upper.append(high)
        return np.concatenate(lower), np.concatenate(upper)

    def blocks(self) -> list[slice]:
        """The blocks of a decision vector, each projected on its own: the budgets, each prefectural
        split (by prefecture), then the timing (clipped to its box, one block per variable)."""
        m, n = len(self.levers), len(REGIONS)
        blocks = [slice(0, m)]
        if self.by_prefecture:
            blocks += [slice(m + n * j, m + n * (j + 1)) for j in range(len(self._shared))]
        if self.timing is not None:
            blocks += [slice(i, i + 1) for i in range(self.dimension - self.timing.dimension, self.dimension)]
        return blocks

    def feasible(self, x: np.ndarray) -> np.ndarray:
        """Decision vectors ``x`` (k, dimension) -> the feasible decision vectors that ``decode``
        maps to the same allocations: each block projected (budgets onto the budget, floors and
        caps; shares onto the simplex; timing clipped to its box)."""
        x = np.atleast_2d(np.asarray(x, dtype=float))
        m, n = len(self.levers), len(REGIONS)
        y = x.copy()
        y[:, :m] = project(x[:, :m], self.budget, self._floors, self._caps)
        if self.by_prefecture:
            shares = x[:, m:m + n * len(self._shared)]
            y[:, m:m + n * len(self._shared)] = project(shares.reshape(-1, n), 1.0, np.zeros(n),
                                                        np.ones(n)).reshape(len(x), -1)
        if self.timing is not None:
            tail = slice(self.dimension - self.timing.dimension, self.dimension)
            y[:, tail] = np.clip(x[:, tail], *self.timing.bounds())
        return y

    def decode(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Decision vectors ``x`` (k, dimension) -> (``lever_budget`` rows (k, 7) [¥bn/year] in the
        order of ``LEVERS``, ``lever_allocation`` (k, 7, 6) [share] or None when not by prefecture).
        Levers not searched get budget 0 and the shares 1/6. With timing, the budgets are the annual
        budgets of the decoded timing (``timing_of``) that spend the envelope (``sim.optimise.timing``)."""
        x = np.atleast_2d(np.asarray(x, dtype=float))
        m = len(self.levers)
        if x.shape[1] != self.dimension:
            raise ValueError(f"decision vectors of length {x.shape[1]} are not allowed; allowed: {self.dimension}")
        budgets = np.zeros((len(x), len(LEVERS)))
        budgets[:, self._index] = project(x[:, :m], self.budget, self._floors, self._caps)
        if self.timing is not None:
            budgets = self.timing.decode(x[:, -self.timing.dimension:], budgets, self._index)["lever_budget"]
        if not self.by_prefecture:
            return budgets, None
        n = len(REGIONS)
        shares = x[:, m:m + n * len(self._shared)]
        splits = project(shares.reshape(-1, n), 1.0, np.zeros(n), np.ones(n)).reshape(len(x), -1, n)
        allocations = np.full((len(x), len(LEVERS), n), 1.0 / n)
        for split, members in enumerate(self._shared):
            allocations[:, self._index[members]] = splits[:, split, None, :]
        return budgets, allocations

    def timing_of(self, x: np.ndarray) -> dict | None:
        """Decision vectors ``x`` (k, dimension) -> ``lever_start`` and ``lever_ramp`` (k, 7) [year]
        (levers not searched at the default timing), or None without timing."""
        if self.timing is None:
            return None
        x = np.atleast_2d(np.asarray(x, dtype=float))
        envelope = np.zeros((len(x), len(LEVERS)))
        decoded = self.timing.decode(x[:, -self.timing.dimension:], envelope, self._index)
        return {"lever_start": decoded["lever_start"], "lever_ramp": decoded["lever_ramp"]}

    def call(self, objective, x: np.ndarray) -> np.ndarray:
        """``objective(budgets, allocations)`` at the decoded ``x`` (k, dimension), with the decoded
        timing as a third argument when timing is searched: one call for all k candidates."""
        budgets, allocations = self.decode(x)
        timing = self.timing_of(x)
        return np.asarray(objective(budgets, allocations) if timing is None else objective(budgets, allocations, timing),
                          dtype=float)
