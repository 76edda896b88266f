"""Experiment designs: samples of named parameters from their distributions (SALib samplers).

A design draws points in the unit hypercube (Monte Carlo with NumPy's generator, Latin
hypercube, Sobol/Saltelli or Morris from SALib, all seeded) and maps each coordinate through
its parameter's distribution: uniform(low, high), normal(mean, sd), triangular(low, mode, high)
or discrete(values, equally likely). Draws happen here, never inside kernels, so a design is the
same wherever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from SALib.sample import latin, morris, sobol
from scipy import stats

METHODS = ("monte_carlo", "latin_hypercube", "sobol", "morris")
DISTRIBUTIONS = ("uniform", "normal", "triangular", "discrete")
#: Unit-interval points are kept this far from 0 and 1 so unbounded distributions stay finite.
EDGE = 1e-9


@dataclass(frozen=True)
class Distribution:
    """One uncertain parameter: its name and distribution (fields used by that distribution)."""

    name: str
    dist: str = "uniform"
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    mode: float | None = None
    values: tuple[float, ...] | None = None

    def check(self) -> None:
        where = f"sweep parameter {self.name!r}"
        if self.dist not in DISTRIBUTIONS:
            raise ValueError(f"{where}: dist={self.dist!r} is not allowed; allowed: {list(DISTRIBUTIONS)}")
        needed = {"uniform": ("low", "high"), "normal": ("mean", "sd"), "triangular": ("low", "mode", "high"),
                  "discrete": ("values",)}[self.dist]
        missing = [field for field in needed if getattr(self, field) is None]
        if missing:
            raise ValueError(f"{where}: dist={self.dist!r} needs {list(needed)}; missing {missing}")
        if self.dist in ("uniform", "triangular") and not self.low < self.high:
            raise ValueError(f"{where}: low={self.low!r} high={self.high!r} is not allowed; allowed: low < high")
        if self.dist == "triangular" and not self.low <= self.mode <= self.high:
            raise ValueError(f"{where}: mode={self.mode!r} is not allowed; allowed: low <= mode <= high")
        if self.dist == "normal" and not self.sd > 0:
            raise ValueError(f"{where}: sd={self.sd!r} is not allowed; allowed: sd > 0")
        if self.dist == "discrete" and len(self.values) == 0:
            raise ValueError(f"{where}: values=[] is not allowed; allowed: one or more numbers")

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map points of the unit interval to this distribution (inverse CDF)."""
        u = np.clip(u, EDGE, 1.0 - EDGE)
        if self.dist == "uniform":
            return self.low + (self.high - self.low) * u
        if self.dist == "normal":
            return stats.norm.ppf(u, loc=self.mean, scale=self.sd)
        if self.dist == "triangular":
            width = self.high - self.low
            return stats.triang.ppf(u, c=(self.mode - self.low) / width, loc=self.low, scale=width)
        values = np.asarray(self.values, dtype=float)
        return values[np.minimum((u * values.size).astype(int), values.size - 1)]


def problem(parameters: list[Distribution]) -> dict:
    """The SALib problem on the unit hypercube (each parameter mapped afterwards)."""
    return {"num_vars": len(parameters), "names": [p.name for p in parameters], "bounds": [[0.0, 1.0]] * len(parameters)}


#: The most values (rows × parameters) a design may hold: its inputs stay in memory, 8 bytes each (1 GiB).
MAX_DESIGN_VALUES = 2 ** 27


def design_rows(method: str, n: int, d: int) -> int:
    """Rows of a design of ``n`` base samples over ``d`` parameters: ``n`` (Monte Carlo, Latin
    hypercube), ``n (d + 2)`` (Sobol/Saltelli, first and total order), ``n (d + 1)`` (Morris)."""
    return n * {"sobol": d + 2, "morris": d + 1}.get(method, 1)


def unit_sample(method: str, parameters: list[Distribution], n: int, seed: int) -> np.ndarray:
    """Points in the unit hypercube: (rows, parameter), ``design_rows`` of them. The size is checked
    first, so a huge ``n`` is a one-line error rather than a MemoryError."""
    if method not in METHODS:
        raise ValueError(f"sweep.method={method!r} is not allowed; allowed: {list(METHODS)}")
    if not (isinstance(n, int) and n >= 1):
        raise ValueError(f"sweep.n={n!r} is not allowed; allowed: a positive integer")
    d = len(parameters)
    if design_rows(method, n, d) * d > MAX_DESIGN_VALUES:
        largest = MAX_DESIGN_VALUES // (design_rows(method, 1, d) * d)
        raise ValueError(f"sweep.n={n!r} is not allowed: {design_rows(method, n, d)} rows × {d} parameters exceed "
                         f"{MAX_DESIGN_VALUES} values in memory; allowed: n from 1 to {largest} for this design")
    spec = problem(parameters)
    if method == "monte_carlo":
        return np.random.default_rng(seed).random((n, len(parameters)))
    if method == "latin_hypercube":
        return latin.sample(spec, n, seed=seed)
    if method == "sobol":
        return sobol.sample(spec, n, calc_second_order=False, scramble=True, seed=seed)
    return morris.sample(spec, n, num_levels=4, seed=seed)


def sample(method: str, parameters: list[Distribution], n: int, seed: int) -> np.ndarray:
    """Parameter values (rows, parameter) of a design."""
    for parameter in parameters:
        parameter.check()
    values = unit_sample(method, parameters, n, seed)
    for i, parameter in enumerate(parameters):  # in place: a large design is held once, not twice
        values[:, i] = parameter.from_unit(values[:, i])
    return values
