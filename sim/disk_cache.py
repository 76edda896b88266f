"""A small on-disk cache of named arrays, keyed by a digest of the files that produce them.

Used for results that take a second to compute in every fresh process (the population
calibration) and change only when their code or data change. Entries are ``.npz`` files written
atomically in ``$SIM_KERNEL_DIR/arrays`` (default ``~/.cache/sim/kernels/arrays``); a stale entry
is never read, because the digest of its sources is part of its name.

Each entry also holds the SHA-256 of its own arrays (names, dtypes, shapes and bytes), checked on
load: an entry that cannot be read (truncated, garbage), lacks an array or was changed (one value
rewritten) is deleted with one warning and the caller computes it again. A cache folder that
cannot be written leaves the result in memory, with one warning.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from sim.atomic import atomic_path
from sim.core.drivers import kernel_dir

log = logging.getLogger(__name__)
#: The name of the entry's own digest among its arrays.
DIGEST = "__digest__"


def digest(files: Iterable[Path], salt: str = "") -> str:
    """Hash of the files' paths and bytes, the Python and NumPy versions and ``salt`` (20 hex digits)."""
    hasher = hashlib.sha256(f"{salt} {sys.version} {np.__version__}".encode())
    for path in sorted(Path(p).resolve() for p in files):
        hasher.update(str(path).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:20]


def values_digest(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 of the arrays' names, dtypes, shapes and bytes, in the order of their names."""
    hasher = hashlib.sha256()
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        hasher.update(f"{name} {array.dtype.str} {array.shape};".encode())
        hasher.update(array.tobytes())
    return hasher.hexdigest()


def entry_path(name: str, key: str) -> Path:
    return kernel_dir() / "arrays" / f"{name}_{key}.npz"


def load(path: Path) -> dict[str, np.ndarray] | None:
    """The arrays stored at ``path``, or None if there is no entry or it is damaged (then deleted)."""
    if not path.exists():
        return None
    try:
        with open(path, "rb") as stream:  # ours to close: np.load leaks a file it opened when the zip is bad
            with np.load(stream, allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
        if str(arrays.pop(DIGEST, "")) != values_digest(arrays):
            raise ValueError("its arrays do not match their digest")
        return arrays
    except Exception as error:  # any failure to read an entry (zip, npy, OS, digest) means a damaged entry
        log.warning("cache entry %s cannot be used (%s: %s); deleted, computing again", path, type(error).__name__,
                    (str(error).splitlines() or [""])[0][:120])
        path.unlink(missing_ok=True)
        return None


def save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Store ``arrays`` with their digest at ``path`` atomically (a concurrent writer of the same
    entry is harmless); a folder that cannot be written leaves them in memory, with a warning."""
    try:
        with atomic_path(path, overwrite=True) as temporary:
            with open(temporary, "wb") as stream:
                np.savez(stream, **arrays, **{DIGEST: np.array(values_digest(arrays))})
    except OSError as error:
        log.warning("cache folder %s cannot be written (%s); the result stays in memory", path.parent, error)
