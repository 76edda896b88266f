"""The sweep's Zarr store: inputs, outputs by chunk of samples, which chunks are done, and their checksums.

Layout: array ``inputs`` (sample, parameter); one array per output (sample, *output dims); arrays
``done`` (chunk,) of booleans and ``checksum`` (chunk,) of uint64, the BLAKE2b digest of the chunk's
decoded outputs. Attributes: the sweep's config hash, the digest of every input that determines
its numbers (``digests``: config, scenario files, data, code; ``sim.sweep.provenance``), the config
YAML, the parameter names, the output dims and coordinates.

A chunk's outputs are written first, then its checksum, and its ``done`` flag last, so a sweep
killed at any moment resumes from the chunks that are complete: an interrupted chunk is computed
again into the same slots (the design is fixed and runs are deterministic), never twice into
different ones, and none is lost. Resuming first verifies every chunk marked done against its
checksum: a chunk that is missing, cannot be decoded or has changed is unmarked and computed again
(a warning names it), and unreadable ``done`` or ``checksum`` arrays are rebuilt from what can be
verified. A store made with other inputs is refused, naming what changed (``StoreMismatch``); one
whose metadata cannot be read is refused in one line (``StoreDamaged``). Zarr writes each file
through a temporary file and a rename, so a kill never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from pathlib import Path

import numpy as np
import xarray as xr
import zarr

from sim.sweep.provenance import changed_inputs

log = logging.getLogger(__name__)


class StoreMismatch(ValueError):
    """The store on disk was made with other inputs (sweep config, scenario files, data or code)."""


class StoreDamaged(ValueError):
    """The store on disk cannot be read as a sweep store (damaged or foreign metadata)."""


def digests_hash(digests: dict[str, str]) -> str:
    """One hash of every input digest (16 hex digits): the store's ``config_hash``."""
    return hashlib.sha256(json.dumps(digests, sort_keys=True).encode()).hexdigest()[:16]


def chunk_checksum(outputs: dict[str, np.ndarray]) -> int:
    """BLAKE2b (8 bytes, as an integer) of a chunk's outputs as float64, in the order of their names."""
    hasher = hashlib.blake2b(digest_size=8)
    for name in sorted(outputs):
        hasher.update(name.encode())
        hasher.update(np.ascontiguousarray(outputs[name], dtype="<f8").tobytes())
    return int.from_bytes(hasher.digest(), "little")


def _open_group(path: Path, mode: str, *, arrays: bool = True) -> zarr.Group:
    """The store's group with its attributes (and, with ``arrays``, every array's metadata) read;
    ``StoreDamaged`` in one line if they cannot be."""
    try:
        group = zarr.open_group(str(path), mode=mode)
        outputs = dict(group.attrs)["outputs"]
        for name in (("inputs", "checksum", "done", *outputs) if arrays else ()):
            group[name]
        return group
    except Exception as error:  # any failure to read metadata is a damaged store (JSON, zarr, OS, key)
        raise StoreDamaged(_damaged(path, error)) from None


def _damaged(path: Path, error: Exception) -> str:
    reason = (str(error).splitlines() or [""])[0][:120]
    return (f"sweep store {path} cannot be read ({type(error).__name__}: {reason}); allowed: a store written by "
            f"a sweep (delete this one to start again), or a new sweep.store path")


def open_store(path: Path, *, digests: dict[str, str], config_yaml: str, inputs: np.ndarray, parameters: list[str],
               outputs: dict[str, tuple[tuple[str, ...], tuple[int, ...]]], coords: dict[str, list],
               chunk_size: int) -> zarr.Group:
    """Open the store at ``path`` for this sweep, creating it if new; refuse one made with other inputs."""
    path = Path(path)
    if path.exists():
        check_store(path, digests)
        group = _open_group(path, "r+")
        _heal_inputs(group, inputs)
        return group
    group = zarr.open_group(str(path), mode="w")
    rows = inputs.shape[0]
    n_chunks = math.ceil(rows / chunk_size)
    group.create_array("inputs", shape=inputs.shape, chunks=(chunk_size, inputs.shape[1]), dtype="f8",
                       dimension_names=("sample", "parameter"))[...] = inputs
    for name, (dims, shape) in outputs.items():
        group.create_array(name, shape=(rows, *shape), chunks=(chunk_size, *shape), dtype="f8", fill_value=np.nan,
                           dimension_names=("sample", *dims))
    group.create_array("checksum", shape=(n_chunks,), chunks=(n_chunks,), dtype="u8", fill_value=0,
                       dimension_names=("chunk",))
    group.create_array("done", shape=(n_chunks,), chunks=(n_chunks,), dtype="bool", fill_value=False,
                       dimension_names=("chunk",))
    group.attrs.update(config_hash=digests_hash(digests), digests=digests, config=config_yaml, parameters=parameters,
                       chunk_size=chunk_size, outputs={name: list(dims) for name, (dims, _) in outputs.items()},
                       coords=coords)
    return group


def check_store(path: Path, digests: dict[str, str]) -> None:
    """Raise ``StoreMismatch`` unless the store at ``path`` was made with these input digests (naming
    the inputs that changed), ``StoreDamaged`` if its metadata cannot be read."""
    attrs = dict(_open_group(Path(path), "r", arrays=False).attrs)
    found = attrs.get("config_hash")
    expected = digests_hash(digests)
    if found != expected:
        changed = changed_inputs(attrs.get("digests") or {}, digests)
        what = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        raise StoreMismatch(f"sweep store {path} was made by another sweep config or other inputs: {what} changed "
                            f"(hash {found} ≠ {expected}); allowed: the same config, scenario files, data and code "
                            f"to resume, or a new sweep.store path")
    _open_group(Path(path), "r")


def _heal_inputs(group: zarr.Group, inputs: np.ndarray) -> None:
    """Rewrite the stored design if it cannot be read or differs (the config, hence the design, is the same)."""
    try:
        intact = np.array_equal(group["inputs"][...], inputs)
    except Exception:  # a damaged chunk of the design: any decoding error
        intact = False
    if not intact:
        log.warning("sweep store: the stored inputs were damaged; rewritten from the design")
        group["inputs"][...] = inputs


def _read_or_reset(array: zarr.Array, default: np.ndarray, consequence: str) -> np.ndarray:
    """The array's values, or ``default`` written over it if they cannot be decoded."""
    try:
        return array[...]
    except Exception:  # garbage or truncated chunk: any decoding error
        log.warning("sweep store: the %s array cannot be read; %s", array.basename, consequence)
        array[...] = default
        return default.copy()


def pending_chunks(group: zarr.Group) -> list[int]:
    """Indices of the chunks to compute: not done, or done but missing, undecodable or changed
    (those are unmarked first, with a warning naming them)."""
    n_chunks = group["done"].shape[0]
    sums = _read_or_reset(group["checksum"], np.zeros(n_chunks, "u8"), "every chunk is computed again")
    done = _read_or_reset(group["done"], np.ones(n_chunks, bool), "every chunk is verified by its checksum")
    names = list(group.attrs["outputs"])
    damaged = []
    for chunk in np.flatnonzero(done):
        rows = chunk_rows(group, int(chunk))
        try:
            intact = chunk_checksum({name: group[name][rows] for name in names}) == int(sums[chunk])
        except Exception:  # a garbage or truncated chunk: any decoding error
            intact = False
        if not intact:
            damaged.append(int(chunk))
    if damaged:
        log.warning("sweep store: chunks %s are missing or damaged; computing them again", damaged)
        done[damaged] = False
        group["done"][...] = done
    return [int(k) for k in np.flatnonzero(~done)]


def chunk_rows(group: zarr.Group, chunk: int) -> slice:
    size = int(group.attrs["chunk_size"])
    return slice(chunk * size, min((chunk + 1) * size, group["inputs"].shape[0]))


class ChunkWriter:
    """Writes finished chunks into an open store, its arrays opened once (not per chunk)."""

    def __init__(self, group: zarr.Group):
        self.size = int(group.attrs["chunk_size"])
        self.samples = group["inputs"].shape[0]
        self.outputs = {name: group[name] for name in group.attrs["outputs"]}
        self.checksum = group["checksum"]
        self.done = group["done"]

    def write_chunk(self, chunk: int, results: dict[str, np.ndarray]) -> None:
        """Write a chunk's outputs, its checksum, then mark it done (in that order: see the module docstring)."""
        rows = slice(chunk * self.size, min((chunk + 1) * self.size, self.samples))
        for name, values in results.items():
            self.outputs[name][rows] = values
        self.checksum[chunk] = chunk_checksum({name: results[name] for name in self.outputs})
        self.done[chunk] = True


def open_results(path: str | Path) -> xr.Dataset:
    """A finished (or partial) sweep store as an xarray Dataset: inputs and outputs by sample."""
    group = _open_group(Path(path), "r")
    coords = dict(group.attrs["coords"])
    variables = {"inputs": (("sample", "parameter"), group["inputs"][...])}
    for name, dims in group.attrs["outputs"].items():
        variables[name] = (("sample", *dims), group[name][...])
    dataset = xr.Dataset(variables, coords={"parameter": list(group.attrs["parameters"]), **coords})
    dataset.attrs.update(config=group.attrs["config"], config_hash=group.attrs["config_hash"],
                         complete=bool(group["done"][...].all()))
    return dataset
