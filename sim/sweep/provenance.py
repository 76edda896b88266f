"""What determines a sweep's numbers, as digests, so that a resumed sweep never mixes two versions.

A sweep store records one digest per input: the composed ``model``, ``scenario`` and ``sweep``
groups (``run_sweep``) and, from ``inputs_digests``, every scenario file the sweep runs (its bytes, wherever
``$SIM_SCENARIO_DIR`` points); ``sim/economy/calibrated.yaml``; the shipped data (``sim/data``:
``sources/*.csv`` and the demography code that reads them); the model's source (the packages and
modules that compute a run, ``NUMBERS_SOURCES``); and the Python, NumPy and Numba versions.
Resuming compares them one by one, so a refusal names what changed. The analysis and reporting
layer (``sim/sweep/analysis.py``, ``sim/report.py``, ...) is not part of the digest: it runs again
on the whole store after every resume.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numba
import numpy as np

PACKAGE = Path(__file__).resolve().parents[1]  # sim/
#: The files under ``sim/`` that determine a run's numbers: packages (every .py, .csv and .yaml in
#: them) and single modules.
NUMBERS_SOURCES = ("core", "model", "population", "economy", "data", "ensemble", "runner.py", "config.py",
                   "outputs.py", "kpis.py", "sweep/design.py", "sweep/tohoku.py")
SUFFIXES = (".py", ".csv", ".yaml")


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (16 hex digits)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def text_digest(text: str) -> str:
    """SHA-256 of a text (16 hex digits)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def source_files() -> list[Path]:
    """Every file of ``NUMBERS_SOURCES``, sorted."""
    found = []
    for name in NUMBERS_SOURCES:
        path = PACKAGE / name
        if path.is_dir():
            found += [p for p in path.rglob("*") if p.suffix in SUFFIXES and "__pycache__" not in p.parts]
        else:
            found.append(path)
    return sorted(found)


def inputs_digests(scenario_files: dict[str, Path]) -> dict[str, str]:
    """Input -> digest for a sweep over ``scenario_files`` (name -> file), besides its config (which
    ``run_sweep`` adds)."""
    digests = {f"scenario file {name}.yaml": file_digest(path) for name, path in scenario_files.items()}
    digests |= {str(path.relative_to(PACKAGE.parent)): file_digest(path) for path in source_files()}
    digests["versions"] = text_digest(f"python {sys.version} numpy {np.__version__} numba {numba.__version__}")
    return digests


def changed_inputs(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """The inputs whose digests differ (added, removed or changed), sorted."""
    return sorted(name for name in recorded.keys() | current.keys() if recorded.get(name) != current.get(name))
