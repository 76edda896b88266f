"""Run results as labelled ``xarray.Dataset``s, and their atomic netCDF output.

Each stock and auxiliary of a :class:`sim.core.RunResult` becomes a variable with
dims ``("scenario", *its dims, "time")`` and attrs ``units`` and ``long_name``
from its declaration, so names, units and dims are declared once, in the model.
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import xarray as xr

import sim
from sim.atomic import atomic_path
from sim.core import RunResult


def git_sha() -> str | None:
    """The commit of the source tree ``sim`` runs from, if it is a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(sim.__file__).parent, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() or None


def to_dataset(
    result: RunResult,
    *,
    scenarios: Sequence[str] | None = None,
    coords: Mapping[str, Sequence] | None = None,
    variable_attrs: Mapping[str, Mapping[str, str]] | None = None,
    attrs: Mapping[str, object] | None = None,
) -> xr.Dataset:
    """Turn a run into a Dataset.

    Parameters
    ----------
    result : RunResult
    scenarios : sequence of str, optional
        Scenario labels (default 0..n-1).
    coords : mapping, optional
        Labels of the model's dims, e.g. ``{"region": ("Aomori", ...)}``.
    variable_attrs : mapping, optional
        Extra attrs per variable (e.g. ``long_name_ja``).
    attrs : mapping, optional
        Extra global attrs (e.g. the composed config as YAML).
    """
    model = result.model
    n = result.n_scenarios
    labels = list(scenarios) if scenarios is not None else list(range(n))
    if len(labels) != n:
        raise ValueError(f"scenarios has {len(labels)} labels; allowed: one per scenario ({n})")
    variables = {}
    for layout in (result.stock_layout, result.aux_layout):
        for entry in layout.entries:
            values = np.moveaxis(result[entry.name], 1, -1)  # (scenario, *shape, time)
            variable_attr = {"units": entry.units, "long_name": entry.description or entry.name.replace("_", " ")}
            variable_attr.update((variable_attrs or {}).get(entry.name, {}))
            variables[entry.name] = xr.Variable(("scenario", *entry.dims, "time"), values, variable_attr)
    dataset = xr.Dataset(variables, coords={"scenario": labels, "time": result.times, **(coords or {})})
    dataset.attrs.update(
        {
            "model": model.name,
            "sim_version": sim.__version__,
            "git_sha": git_sha() or "unknown",
            "method": result.method,
            "dt": result.grid.dt,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
    )
    dataset.attrs.update(attrs or {})
    return dataset


def write_netcdf(dataset: xr.Dataset, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Write ``dataset`` to netCDF atomically (temporary file, then rename)."""
    with atomic_path(path, overwrite=overwrite) as temporary:
        dataset.to_netcdf(temporary, engine="netcdf4")
    return Path(path)
