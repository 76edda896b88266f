"""A small on-disk cache of named arrays, keyed by a digest of the files that produce them.

Used for results that take a second to compute in every fresh process (the population
calibration) and change only when their code or data change. Entries are ``.npz`` files written
atomically in ``$SIM_KERNEL_DIR/arrays`` (default ``~/.cache/sim/kernels/arrays``); a stale entry
is never read, because the digest of its sources is part of its name.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from sim.atomic import atomic_path
from sim.core.drivers import kernel_dir


def digest(files: Iterable[Path], salt: str = "") -> str:
    """Hash of the files' paths and bytes, the Python and NumPy versions and ``salt`` (20 hex digits)."""
    hasher = hashlib.sha256(f"{salt} {sys.version} {np.__version__}".encode())
    for path in sorted(Path(p).resolve() for p in files):
        hasher.update(str(path).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:20]


def entry_path(name: str, key: str) -> Path:
    return kernel_dir() / "arrays" / f"{name}_{key}.npz"


def load(path: Path) -> dict[str, np.ndarray] | None:
    """The arrays stored at ``path``, or None if there is no (readable) entry."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError):
        return None


def save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Store ``arrays`` at ``path`` atomically (a concurrent writer of the same entry is harmless)."""
    with atomic_path(path, overwrite=True) as temporary:
        with open(temporary, "wb") as stream:
            np.savez(stream, **arrays)
