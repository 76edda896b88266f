"""numba's disk cache of the drivers, verified: an entry that fails to load or to match its digest
is deleted and compiled again, with one warning, instead of crashing every later run.

numba trusts its cache files: a truncated or garbage index (``.nbi``) or data file (``.nbc``)
raises from deep inside the dispatcher on every call, and a data file changed in place is
loaded as machine code. ``VerifiedCache`` is numba's ``FunctionCache`` with, beside each index, a
``.sha256`` file holding the SHA-256 of the index and of every data file, written after each save.
Before loading it checks them; a missing digest, a mismatch or any error while numba loads the
entry deletes the function's cache files, logs one warning, and lets numba compile and save
afresh. A function whose cache cannot be placed anywhere writable is compiled in memory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from numba.core.caching import FunctionCache

log = logging.getLogger(__name__)


class VerifiedCache(FunctionCache):
    """numba's cache of one function, with a digest of its files checked before every load."""

    def _files(self) -> tuple[Path, Path, list[Path]]:
        index = Path(self._cache_file._index_path)
        data = sorted(index.parent.glob(index.name[:-len(".nbi")] + ".*.nbc"))
        return index, index.with_name(index.name + ".sha256"), data

    def _digests(self) -> dict[str, str]:
        index, _, data = self._files()
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in [index, *data] if path.exists()}

    def _load_overload(self, sig, target_context):
        index, record, _ = self._files()
        if not index.exists():
            return None
        try:
            if json.loads(record.read_text(encoding="utf-8")) != self._digests():
                raise ValueError("its files do not match their digests")
            return super()._load_overload(sig, target_context)
        except Exception as error:  # any failure to read or rebuild an entry means a damaged entry
            log.warning("numba cache of %s cannot be used (%s); deleted, compiling again",
                        self._py_func.__qualname__, _first_line(error))
            self._delete()
            return None

    def _save_overload(self, sig, data):
        super()._save_overload(sig, data)
        index, record, _ = self._files()
        if index.exists():
            handle, temporary = tempfile.mkstemp(dir=record.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self._digests(), stream)
            os.replace(temporary, record)

    def _delete(self) -> None:
        index, record, data = self._files()
        for path in (index, record, *data):
            path.unlink(missing_ok=True)


def enable_verified_cache(dispatcher) -> None:
    """Give a numba dispatcher the verified disk cache; without a writable cache location it stays
    compiled in memory, with one warning."""
    try:
        dispatcher._cache = VerifiedCache(dispatcher.py_func)  # what numba's enable_caching() sets
    except RuntimeError as error:  # numba: "cannot cache function ...: no locator available"
        log.warning("numba cache unavailable for %s (%s); compiling in memory", dispatcher.py_func.__qualname__,
                    _first_line(error))


def _first_line(error: Exception) -> str:
    return f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:120]}"
