"""The ensemble's constraints: the observations history matching compares members with.

``conf/ensemble/constraints.yaml`` declares series (data file, indicator, dates, model variable,
hindcast window, basis, observation and discrepancy standard deviations with their sources);
:func:`read_constraints` expands them into one table of points with the observed values read from
``sim/data/sources`` and each row's original source. Nothing observed is typed in the config.

A point's implausibility for a member is ``|model - observed| / sd`` with
``sd = sqrt(observation_sd² + discrepancy_sd²)`` (``sim.ensemble.matching``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config_files import read_data
from sim.data.demography import SOURCES, census_five_year_groups
from sim.model.dimensions import REGIONS
from sim.sweep.provenance import file_digest

CONSTRAINTS_FILE = Path(__file__).resolve().parents[2] / "conf" / "ensemble" / "constraints.yaml"
WINDOWS = ("backrun", "recent")
TIMINGS = ("october", "calendar")
BASES = ("level", "log", "change", "growth")
#: Model variables a constraint can name (``sim.ensemble.hindcast`` computes them).
VARIABLES = ("population_total", "share_65plus", "unemployment_rate", "jobs_to_applicants_ratio", "grp_real",
             "evacuees", "renewable_share", "co2_change_since_fy2013")
REQUIRED = ("file", "indicator", "dates", "timing", "variable", "window", "basis", "observation_sd", "discrepancy_sd")
OPTIONAL = ("scale", "data_base", "model_base", "region")


@dataclass(frozen=True)
class Settings:
    """How the constraints are applied: the implausibility cut, which largest implausibility is
    cut (1 = the largest, 2 = the second largest), and the hindcast windows (start, stop)."""

    cutoff: float
    rank: int
    windows: dict[str, tuple[int, int]]


def model_time(label: str, timing: str) -> float:
    """Model time (1 October = the whole year) of a date label [year].

    ``october``: "2020" and "2014_fy" -> 2020.0, 2014.0 (a census date or a fiscal-year value);
    ``calendar``: "2017" -> 2016.75 (the middle of the calendar year). Months are their middle
    whatever the timing: "2021-04" -> 2021 + 3.5/12 - 0.75; "2020-01/02" -> 2020 + 1/12 - 0.75.
    """
    if "/" in label:
        first, last = label.split("-")[1].split("/")
        return int(label[:4]) + (int(first) + int(last) - 1) / 24 - 0.75
    if "-" in label:
        return int(label[:4]) + (int(label[5:7]) - 0.5) / 12 - 0.75
    if label.endswith("_fy") or timing == "october":
        return float(label[:4])
    return int(label) + 0.5 - 0.75


def census_share_65plus(year: str) -> pd.DataFrame:
    """Share of the census population aged 65+ per prefecture (unknown ages spread in proportion):
    rows region, year, value, source, as the source tables."""
    labels, counts = census_five_year_groups(int(year))
    old = [i for i, label in enumerate(labels) if int(label.split("-")[0].rstrip("+")) >= 65]
    by_region = counts.sum(axis=1)  # (region, group)
    shares = by_region[:, old].sum(axis=1) / by_region.sum(axis=1)
    source = str(pd.read_csv(SOURCES / "population_age_sex.csv", usecols=["source"]).source.iloc[-1])
    return pd.DataFrame({"region": list(REGIONS), "year": year, "value": shares, "source": source})


#: Values derived from a source table rather than read as one row: (file, indicator) -> reader(date).
DERIVED = {("population_age_sex.csv", "share_65plus"): census_share_65plus}


def _rows(file: str, indicators: list[str], date: str) -> pd.DataFrame:
    if (file, indicators[0]) in DERIVED:
        return DERIVED[(file, indicators[0])](date)
    table = pd.read_csv(SOURCES / file, dtype={"year": str})
    return table[(table.year == date) & table.indicator.isin(indicators)]


def _fail(name: str, key: str, value, allowed: str) -> ValueError:
    return ValueError(f"{CONSTRAINTS_FILE.name}: series.{name}.{key}={value!r} is not allowed; allowed: {allowed}")


def _check_series(name: str, spec: dict) -> None:
    missing = [key for key in REQUIRED if key not in spec]
    if missing:
        raise _fail(name, missing[0], None, f"every series has {list(REQUIRED)}")
    unknown = sorted(set(spec) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _fail(name, unknown[0], spec[unknown[0]], f"the keys {list(REQUIRED + OPTIONAL)}")
    for key, allowed in (("window", WINDOWS), ("timing", TIMINGS), ("basis", BASES), ("variable", VARIABLES)):
        if spec[key] not in allowed:
            raise _fail(name, key, spec[key], str(list(allowed)))
    for key in ("observation_sd", "discrepancy_sd"):
        entry = spec[key]
        if not (isinstance(entry, dict) and set(entry) == {"value", "source"} and float(entry["value"]) > 0):
            raise _fail(name, key, entry, "{value: <number > 0>, source: <text>}")
    if spec["basis"] == "change" and "model_base" not in spec:
        raise _fail(name, "model_base", None, "a model time for basis change")


def _points(name: str, spec: dict, windows: dict[str, tuple[int, int]]) -> list[dict]:
    indicators = spec["indicator"] if isinstance(spec["indicator"], list) else [spec["indicator"]]
    scale = float(spec.get("scale", 1.0))
    sd = float(np.hypot(spec["observation_sd"]["value"], spec["discrepancy_sd"]["value"]))
    start, stop = windows[spec["window"]]
    points = []
    for date in spec["dates"]:
        rows = _rows(spec["file"], indicators, str(date))
        if "data_base" in spec:
            base = _rows(spec["file"], indicators, str(spec["data_base"])).set_index("region").value
            rows = rows[rows.region.isin(base.index)].assign(value=lambda t: t.value.to_numpy()
                                                             / base.reindex(t.region).to_numpy() - 1.0)
        for row in rows.itertuples():
            region = spec.get("region", row.region)  # the data's Tohoku rows repeat the prefectures: left out
            if (region not in REGIONS and "region" not in spec) or not np.isfinite(row.value):
                continue
            time = model_time(str(date), spec["timing"])
            if not start <= time <= stop or (spec["basis"] == "growth" and time - 1 < start):
                raise _fail(name, "dates", date, f"dates within the {spec['window']} window {start}-{stop}")
            points.append({"series": name, "id": f"{name}:{region}:{date}", "variable": spec["variable"],
                           "region": region, "window": spec["window"], "time": time, "basis": spec["basis"],
                           "model_base": float(spec.get("model_base", np.nan)), "observed": float(row.value) * scale,
                           "sd": sd, "observation_sd": float(spec["observation_sd"]["value"]),
                           "discrepancy_sd": float(spec["discrepancy_sd"]["value"]), "file": spec["file"],
                           "indicator": getattr(row, "indicator", indicators[0]), "date": str(date),
                           "source": str(row.source)})
    if not points:
        raise _fail(name, "dates", spec["dates"], f"dates with values of {indicators} in {spec['file']}")
    return points


def read_constraints(path: Path = CONSTRAINTS_FILE) -> tuple[pd.DataFrame, Settings]:
    """The constraint points (one row each, in the file's order) and the settings, checked."""
    document = read_data(Path(path))
    cutoff, rank = float(document.get("cutoff", 0)), document.get("rank")
    if not cutoff > 0:
        raise ValueError(f"{Path(path).name}: cutoff={document.get('cutoff')!r} is not allowed; allowed: a number > 0")
    if not (isinstance(rank, int) and rank >= 1):
        raise ValueError(f"{Path(path).name}: rank={rank!r} is not allowed; allowed: an integer >= 1")
    windows = {name: (int(spec["start"]), int(spec["stop"])) for name, spec in document["windows"].items()}
    if sorted(windows) != sorted(WINDOWS):
        raise ValueError(f"{Path(path).name}: windows={sorted(windows)} is not allowed; allowed: {list(WINDOWS)}")
    points = []
    for name, spec in document["series"].items():
        _check_series(name, spec)
        points.extend(_points(name, spec, windows))
    table = pd.DataFrame(points)
    return table, Settings(cutoff, rank, windows)


def constraints_digest(path: Path = CONSTRAINTS_FILE) -> str:
    """Digest of the constraints file (16 hex digits); the data files' digests are the sweep's own."""
    return file_digest(Path(path))
