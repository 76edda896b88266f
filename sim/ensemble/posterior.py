"""The calibrated ensemble's posterior as a versioned file (``sim/ensemble/posterior.csv``).

One row per member: its index, the index of the prior draw it comes from, its rank implausibility
and its parameter values (every digit: values round-trip exactly). A header of ``# key: value``
lines (values in JSON) records the version (the build date and a hash of the values), the command,
the seed and sizes, the cut, what each constraint series did, and the digests of the prior, the
constraints and every input that determines the numbers (calibrated.yaml, the data, the code).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.atomic import write_text

POSTERIOR_FILE = Path(__file__).resolve().parent / "posterior.csv"
INDEX_COLUMNS = ("member", "prior_index", "implausibility")


@dataclass
class Posterior:
    """Members (rows) × parameters, with each member's prior index and rank implausibility, and the
    build's metadata (``version`` among them)."""

    values: pd.DataFrame  # index member; columns: the prior's parameters
    prior_index: np.ndarray
    implausibility: np.ndarray
    metadata: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.values.columns)

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unversioned"))

    def head(self, n: int) -> np.ndarray:
        """The first ``n`` members' values (member, parameter): a random sample of the posterior,
        as the members are kept prior draws in the order drawn."""
        if not (isinstance(n, int) and 1 <= n <= len(self.values)):
            raise ValueError(f"ensemble={n!r} members is not allowed; allowed: 1 to {len(self.values)} (the "
                             f"posterior's members, {self.version})")
        return self.values.to_numpy()[:n]


def values_hash(values: pd.DataFrame, prior_index: np.ndarray) -> str:
    """12 hex digits of SHA-256 over the members' prior indices and parameter values."""
    hasher = hashlib.sha256(np.ascontiguousarray(prior_index, dtype="<i8").tobytes())
    hasher.update(",".join(values.columns).encode())
    hasher.update(np.ascontiguousarray(values.to_numpy(), dtype="<f8").tobytes())
    return hasher.hexdigest()[:12]


def stamp(metadata: dict, values: pd.DataFrame, prior_index: np.ndarray) -> dict:
    """The metadata with its version: the build date and the values' hash."""
    return {"version": f"{datetime.date.today().isoformat()}-{values_hash(values, prior_index)}", **metadata}


def write_posterior(posterior: Posterior, path: Path = POSTERIOR_FILE) -> Path:
    """Write the file (through a temporary file and a rename)."""
    header = "".join(f"# {key}: {json.dumps(value, sort_keys=True)}\n" for key, value in posterior.metadata.items())
    table = posterior.values.copy()
    table.insert(0, "implausibility", posterior.implausibility)
    table.insert(0, "prior_index", posterior.prior_index)
    table.index.name = "member"
    write_text(Path(path), header + table.to_csv(float_format="%.17g"), overwrite=True)
    return Path(path)


def posterior_size(path: Path = POSTERIOR_FILE) -> int:
    """The number of members the posterior holds, from its header alone."""
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("# members: "):
                return int(json.loads(line.split(": ", 1)[1]))
            if not line.startswith("# "):
                break
    raise ValueError(f"ensemble posterior {path} has no '# members:' line; allowed: the file written by "
                     f"`python -m sim.calibrate ensemble`")


def read_posterior(path: Path = POSTERIOR_FILE) -> Posterior:
    """The posterior at ``path``; one line naming the file and what is wrong if it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        header = [line for line in lines if line.startswith("# ")]
        metadata = {}
        for line in header:
            key, value = line[2:].split(": ", 1)
            metadata[key] = json.loads(value)
        # read as text and convert with NumPy's correctly rounded parser: every digit round-trips
        table = pd.read_csv(io.StringIO("".join(lines[len(header):])), index_col="member", dtype=str)
        table.index = table.index.astype(int)
        if list(table.columns[:2]) != list(INDEX_COLUMNS[1:]) or table.shape[1] < 3 or not len(table):
            raise ValueError(f"columns {list(table.columns[:3])}")
        values = table.drop(columns=list(INDEX_COLUMNS[1:])).astype(np.float64)
        if not np.isfinite(values.to_numpy()).all():
            raise ValueError("values that are not finite numbers")
    except (OSError, ValueError, UnicodeDecodeError, json.JSONDecodeError) as error:
        reason = (str(error).splitlines() or [type(error).__name__])[0][:120]
        raise ValueError(f"ensemble posterior {path} cannot be read ({reason}); allowed: the file written by "
                         f"`python -m sim.calibrate ensemble`") from None
    return Posterior(values, table.prior_index.astype(np.int64).to_numpy(), table.implausibility.astype(np.float64)
                     .to_numpy(), metadata)
