"""The ensemble's prior: ``conf/ensemble/prior.yaml`` read and checked.

Every uncertain parameter has a distribution (``sim.sweep.design.Distribution``) and a source; a
``relative`` one multiplies the calibrated or data value instead of replacing it. The ``build``
block sets the size of the prior draw, its seed, the posterior's size and the chunk size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config_files import read_data
from sim.sweep.design import Distribution
from sim.sweep.provenance import file_digest

PRIOR_FILE = Path(__file__).resolve().parents[2] / "conf" / "ensemble" / "prior.yaml"
BUILD_KEYS = ("draws", "seed", "members", "chunk_size")
ENTRY_KEYS = ("dist", "low", "high", "mean", "sd", "mode", "values", "relative", "source")


@dataclass(frozen=True)
class Prior:
    """The prior's parameters (in file order), those that are relative, and the build settings."""

    parameters: tuple[Distribution, ...]
    relative: frozenset[str]
    build: dict[str, int]
    digest: str

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]


def read_prior(path: Path = PRIOR_FILE) -> Prior:
    """The prior, checked: known parameters, valid distributions, a source for each, integer build
    settings; a clear error names the file, key and value otherwise."""
    from sim.model.state import PARAMS

    path = Path(path)
    document = read_data(path) or {}
    build = document.get("build") or {}
    for key in BUILD_KEYS:
        if not (isinstance(build.get(key), int) and build[key] >= 1):
            raise ValueError(f"{path.name}: build.{key}={build.get(key)!r} is not allowed; allowed: an integer >= 1")
    parameters, relative = [], set()
    for name, entry in (document.get("parameters") or {}).items():
        where = f"{path.name}: parameters.{name}"
        if name not in PARAMS.names:
            raise ValueError(f"{where} is not a model parameter; allowed: the names in docs/MODEL.md")
        unknown = sorted(set(entry) - set(ENTRY_KEYS))
        if unknown or not str(entry.get("source", "")).strip():
            raise ValueError(f"{where}: keys {sorted(entry)} are not allowed; allowed: {list(ENTRY_KEYS)}, with a "
                             f"non-empty source")
        fields = {k: (tuple(v) if k == "values" else v) for k, v in entry.items() if k not in ("relative", "source")}
        parameters.append(Distribution(name, **fields))
        parameters[-1].check()
        if entry.get("relative", False):
            relative.add(name)
    if not parameters:
        raise ValueError(f"{path.name}: parameters is empty; allowed: one or more model parameters")
    return Prior(tuple(parameters), frozenset(relative), {k: int(build[k]) for k in BUILD_KEYS}, file_digest(path))


def check_bounds(prior: Prior, values: np.ndarray, baseline: dict) -> None:
    """Refuse a draw that leaves a parameter's declared bounds (a relative draw times every
    element of the calibrated value)."""
    from sim.model.state import PARAMS

    for j, parameter in enumerate(prior.parameters):
        low, high = PARAMS[parameter.name].bounds
        column = values[:, j]
        if parameter.name in prior.relative:
            base = np.asarray(baseline[parameter.name], float).ravel()
            extremes = np.concatenate([column.min() * base, column.max() * base])
        else:
            extremes = np.array([column.min(), column.max()])
        if extremes.min() < low or extremes.max() > high:
            raise ValueError(f"prior parameter {parameter.name}: draws reach [{extremes.min()!r}, {extremes.max()!r}]; "
                             f"allowed: a distribution within the parameter's bounds [{low}, {high}] "
                             f"{PARAMS[parameter.name].units}")
