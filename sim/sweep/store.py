"""The sweep's Zarr store: inputs, outputs by chunk of samples, and which chunks are done.

Layout: array ``inputs`` (sample, parameter); one array per output (sample, *output dims); array
``done`` (chunk,) of booleans. Attributes: the sweep's config hash and YAML, the parameter names,
the output dims and coordinates. A chunk's outputs are written first and its ``done`` flag last,
so a sweep killed at any moment resumes from the chunks that are complete: an interrupted chunk
is computed again into the same slots (the design is fixed and runs are deterministic), never
twice into different ones, and none is lost. A store made by another config is refused.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr
import zarr


class StoreMismatch(ValueError):
    """The store on disk was made by a different sweep configuration."""


def open_store(path: Path, *, config_hash: str, config_yaml: str, inputs: np.ndarray, parameters: list[str],
               outputs: dict[str, tuple[tuple[str, ...], tuple[int, ...]]], coords: dict[str, list],
               chunk_size: int) -> zarr.Group:
    """Open the store at ``path`` for this sweep, creating it if new; refuse one made by another config."""
    path = Path(path)
    if path.exists():
        check_store(path, config_hash)
        return zarr.open_group(str(path), mode="r+")
    group = zarr.open_group(str(path), mode="w")
    rows = inputs.shape[0]
    n_chunks = math.ceil(rows / chunk_size)
    group.create_array("inputs", shape=inputs.shape, chunks=(chunk_size, inputs.shape[1]), dtype="f8",
                       dimension_names=("sample", "parameter"))[...] = inputs
    for name, (dims, shape) in outputs.items():
        group.create_array(name, shape=(rows, *shape), chunks=(chunk_size, *shape), dtype="f8", fill_value=np.nan,
                           dimension_names=("sample", *dims))
    group.create_array("done", shape=(n_chunks,), chunks=(n_chunks,), dtype="bool", fill_value=False,
                       dimension_names=("chunk",))
    group.attrs.update(config_hash=config_hash, config=config_yaml, parameters=parameters, chunk_size=chunk_size,
                       outputs={name: list(dims) for name, (dims, _) in outputs.items()}, coords=coords)
    return group


def check_store(path: Path, config_hash: str) -> None:
    """Raise ``StoreMismatch`` unless the store at ``path`` was made by the config with this hash."""
    found = zarr.open_group(str(path), mode="r").attrs.get("config_hash")
    if found != config_hash:
        raise StoreMismatch(f"sweep store {path} was made by another sweep config (hash {found} ≠ {config_hash}); "
                            f"allowed: the same config to resume, or a new sweep.store path")


def pending_chunks(group: zarr.Group) -> list[int]:
    """Indices of the chunks not yet complete."""
    return [int(k) for k in np.flatnonzero(~group["done"][...])]


def chunk_rows(group: zarr.Group, chunk: int) -> slice:
    size = int(group.attrs["chunk_size"])
    return slice(chunk * size, min((chunk + 1) * size, group["inputs"].shape[0]))


class ChunkWriter:
    """Writes finished chunks into an open store, its arrays opened once (not per chunk)."""

    def __init__(self, group: zarr.Group):
        self.size = int(group.attrs["chunk_size"])
        self.samples = group["inputs"].shape[0]
        self.outputs = {name: group[name] for name in group.attrs["outputs"]}
        self.done = group["done"]

    def write_chunk(self, chunk: int, results: dict[str, np.ndarray]) -> None:
        """Write a chunk's outputs, then mark it done (in that order: see the module docstring)."""
        rows = slice(chunk * self.size, min((chunk + 1) * self.size, self.samples))
        for name, values in results.items():
            self.outputs[name][rows] = values
        self.done[chunk] = True


def open_results(path: str | Path) -> xr.Dataset:
    """A finished (or partial) sweep store as an xarray Dataset: inputs and outputs by sample."""
    group = zarr.open_group(str(path), mode="r")
    coords = dict(group.attrs["coords"])
    variables = {"inputs": (("sample", "parameter"), group["inputs"][...])}
    for name, dims in group.attrs["outputs"].items():
        variables[name] = (("sample", *dims), group[name][...])
    dataset = xr.Dataset(variables, coords={"parameter": list(group.attrs["parameters"]), **coords})
    dataset.attrs.update(config=group.attrs["config"], config_hash=group.attrs["config_hash"],
                         complete=bool(group["done"][...].all()))
    return dataset
