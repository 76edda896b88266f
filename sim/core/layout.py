"""Declarations of a model's variables and their layout in flat arrays.

A compiled model sees its state, parameters and auxiliaries as flat float64
vectors. A :class:`Layout` maps each declared name to a contiguous slot range,
in declaration order, so the offsets used inside a kernel, the shapes of the
results and the validation messages all derive from one declaration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np


def _as_shape(name: str, shape) -> tuple[int, ...]:
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if any(not isinstance(n, int) or n < 1 for n in shape):
        raise ValueError(f"shape of {name!r} = {shape!r} is not allowed; dimensions must be positive integers")
    return shape


def _declare(entry) -> None:
    """Normalise ``shape`` and ``dims`` of a declaration (dims default to ``<name>_dim<i>``)."""
    shape = _as_shape(entry.name, entry.shape)
    dims = tuple(f"{entry.name}_dim{i}" for i in range(len(shape))) if entry.dims is None else tuple(entry.dims)
    if len(dims) != len(shape):
        raise ValueError(f"dims of {entry.name!r} = {dims!r} do not match its shape {shape!r}; one name per axis")
    object.__setattr__(entry, "shape", shape)
    object.__setattr__(entry, "dims", dims)


@dataclass(frozen=True)
class Stock:
    """A state variable integrated over time.

    Parameters
    ----------
    name : str
    shape : tuple of int
        ``()`` for a scalar, e.g. ``(6,)`` for one value per prefecture.
    units : str
    nonnegative : bool
        Initial values must be >= 0 (checked before a run).
    description : str
    dims : tuple of str, optional
        Names of the axes (e.g. ``("region",)``), used when results become labelled arrays.
    """

    name: str
    shape: tuple[int, ...] = ()
    units: str = ""
    nonnegative: bool = False
    description: str = ""
    dims: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _declare(self)


@dataclass(frozen=True)
class Param:
    """A constant of the model, which may differ between scenarios.

    Parameters
    ----------
    name : str
    default : float or array-like, optional
        Used when a run does not give the parameter; without one the run must.
    shape : tuple of int
    units : str
    bounds : (float, float)
        Allowed closed interval, checked before a run.
    source : str
        Where the value comes from (a statistic, a paper, or "assumption: why").
    dims : tuple of str, optional
        Names of the axes.
    """

    name: str
    default: float | Sequence[float] | None = None
    shape: tuple[int, ...] = ()
    units: str = ""
    bounds: tuple[float, float] = (-math.inf, math.inf)
    source: str = ""
    dims: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _declare(self)


@dataclass(frozen=True)
class Aux:
    """A reported variable computed by the model's ``rhs`` (a flow or an output)."""

    name: str
    shape: tuple[int, ...] = ()
    units: str = ""
    description: str = ""
    dims: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _declare(self)


class Layout:
    """Slot offsets of declared variables in a flat vector, in declaration order."""

    def __init__(self, entries: Iterable[Stock | Param | Aux]):
        self.entries = tuple(entries)
        self._offsets: dict[str, int] = {}
        offset = 0
        for entry in self.entries:
            if entry.name in self._offsets:
                raise ValueError(f"name {entry.name!r} is declared twice; names must be unique")
            self._offsets[entry.name] = offset
            offset += math.prod(entry.shape)
        self.size = offset
        self._by_name = {entry.name: entry for entry in self.entries}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._offsets)

    def __contains__(self, name: str) -> bool:
        return name in self._offsets

    def __getitem__(self, name: str) -> Stock | Param | Aux:
        return self._by_name[name]

    def offset(self, name: str) -> int:
        """First slot of ``name``."""
        return self._offsets[name]

    def slice(self, name: str) -> slice:
        """Slots of ``name`` (flattened in C order)."""
        start = self._offsets[name]
        return slice(start, start + math.prod(self._by_name[name].shape))

    def unflatten(self, name: str, array: np.ndarray) -> np.ndarray:
        """View of ``name`` in an array whose last axis is this layout: ``(..., *shape)``."""
        return array[..., self.slice(name)].reshape(array.shape[:-1] + self._by_name[name].shape)
