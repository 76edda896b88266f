"""Timing helpers the benchmarks share: medians of repeats, the control kernel that tells how much
of the shared machine a measurement got, and a digest of the sources a result belongs to."""

from __future__ import annotations

import hashlib
import statistics
import time
from pathlib import Path

import numba
import numpy as np

REPO = Path(__file__).resolve().parents[1]
#: A 1->2 thread speed-up is conclusive only if the control kernel got at least this meanwhile.
CONTROL_CONCLUSIVE = 1.8


def median_seconds(function, repeats: int) -> float:
    """Median wall time of ``repeats`` calls of ``function`` [s]."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@numba.njit(parallel=True, nogil=True)
def spin(n, inner):
    """Control workload: n independent chains of dependent arithmetic, no memory traffic."""
    out = np.empty(n)
    for i in numba.prange(n):
        x = float(i)
        for _ in range(inner):
            x = x * 0.9999999 + 1e-3
        out[i] = x
    return out


def control_seconds(threads: int) -> float:
    """The control kernel's time on ``threads`` threads: what the shared machine allows right now."""
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        start = time.perf_counter()
        spin(32, 1_000_000)
        return time.perf_counter() - start
    finally:
        numba.set_num_threads(previous)


def control_speedup() -> float:
    """The control kernel's 1->2 thread speed-up now (about 1 when another process holds a core)."""
    return control_seconds(1) / control_seconds(2)


def sources_digest() -> str:
    """A digest of sim's Python sources: tells which working tree a result belongs to."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "sim").rglob("*.py")):
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def machine() -> dict:
    """What a result was measured on (the machine is shared: the load average says how busy)."""
    import os
    import platform

    return {"cpus": os.cpu_count(), "numba_threads": numba.get_num_threads(), "python": platform.python_version(),
            "numba": numba.__version__, "numpy": np.__version__, "threading_layer": numba.threading_layer(),
            "load_average": list(os.getloadavg()), "processor": platform.processor() or platform.machine()}


def write_report(report: dict, out: Path, digest: str) -> None:
    """Record whether sim's sources changed during the run, then write the JSON atomically."""
    import json
    import os
    import tempfile

    report["sim_sources_changed_during_run"] = sources_digest() != digest
    if report["sim_sources_changed_during_run"]:
        print("WARNING: sim's sources changed during the run; the figures mix two versions of the model")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    with os.fdopen(handle, "w") as stream:
        json.dump(report, stream, indent=2)
    os.replace(temporary, out)
