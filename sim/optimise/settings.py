"""The optimiser's settings that are not one number, from ``conf/optimise/default.yaml`` and an
optional constraints file in its schema: per-lever floors and caps [¥bn/year], the shipped plan to
keep (its lever budgets become floors), the lever groups that share a prefectural split, and the
stress cases (posterior parameters pinned at an end of their prior range).

Every bad entry is refused with a one-line ``ValueError`` naming the file, the key, the value and
what is allowed; nothing here runs the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sim.model.levers import LEVERS

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "conf" / "optimise" / "default.yaml"
KEYS = ("floors", "caps", "keep", "timing", "groups", "stress")
#: The keys a user's constraints file may set (the others are the project's).
CONSTRAINT_KEYS = ("floors", "caps", "keep")
ENDS = ("low", "high")


@dataclass(frozen=True)
class Settings:
    """``floors``, ``caps``: lever -> ¥bn/year; ``keep``: a scenario name or None; ``groups``: group
    name -> levers sharing one prefectural split; ``stress``: case -> {parameter: "low"|"high"};
    ``timing``: {"start": (low, high), "ramp": (low, high)} [year], the box of ``timing=true``."""

    floors: dict = field(default_factory=dict)
    caps: dict = field(default_factory=dict)
    keep: str | None = None
    timing: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    stress: dict = field(default_factory=dict)


def _amounts(entries, where: str) -> dict:
    if not isinstance(entries, dict):
        raise ValueError(f"{where}={entries!r} is not allowed; allowed: a mapping lever -> ¥bn/year")
    checked = {}
    for name, amount in entries.items():
        if name not in LEVERS:
            raise ValueError(f"{where}.{name} is not allowed; allowed: levers {list(LEVERS)}")
        if (isinstance(amount, (bool, str)) or not isinstance(amount, (int, float)) or not math.isfinite(amount)
                or amount < 0):
            raise ValueError(f"{where}.{name}={amount!r} is not allowed; allowed: a number >= 0 [¥bn/year]")
        checked[name] = float(amount)
    return checked


def _groups(entries, where: str) -> dict:
    if not isinstance(entries, dict) or not entries:
        raise ValueError(f"{where}={entries!r} is not allowed; allowed: a mapping group -> list of levers")
    seen = [name for members in entries.values() for name in (members or [])]
    if sorted(seen) != sorted(LEVERS):
        raise ValueError(f"{where}={entries!r} is not allowed; allowed: groups holding each of {list(LEVERS)} once")
    return {str(group): tuple(members) for group, members in entries.items()}


def _box(entries, where: str) -> dict:
    allowed = "a mapping with start: [low, high] and ramp: [low, high] [year]"
    if not isinstance(entries, dict) or sorted(entries) != ["ramp", "start"]:
        raise ValueError(f"{where}={entries!r} is not allowed; allowed: {allowed}")
    for key, pair in entries.items():
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair)):
            raise ValueError(f"{where}.{key}={pair!r} is not allowed; allowed: {allowed}")
    return {key: (float(pair[0]), float(pair[1])) for key, pair in entries.items()}


def _stress(entries, where: str) -> dict:
    from sim.ensemble.prior import read_prior

    ranged = {p.name for p in read_prior().parameters if p.low is not None and p.high is not None}
    if not isinstance(entries, dict):
        raise ValueError(f"{where}={entries!r} is not allowed; allowed: a mapping case -> {{parameter: low|high}}")
    checked = {}
    for case, pinned in entries.items():
        if not isinstance(pinned, dict) or not pinned:
            raise ValueError(f"{where}.{case}={pinned!r} is not allowed; allowed: a mapping parameter -> low|high")
        for name, end in pinned.items():
            if name not in ranged:
                raise ValueError(f"{where}.{case}.{name} is not allowed; allowed: a parameter of "
                                 f"conf/ensemble/prior.yaml with a low and a high end")
            if end not in ENDS:
                raise ValueError(f"{where}.{case}.{name}={end!r} is not allowed; allowed: {list(ENDS)}")
        checked[str(case)] = dict(pinned)
    return checked


def _document(path: Path, allowed: tuple[str, ...]) -> dict:
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ValueError(f"constraints={str(path)!r} is not allowed: {error.strerror}; allowed: a readable YAML "
                         f"file") from None
    except yaml.YAMLError as error:
        raise ValueError(f"{Path(path).name} is not allowed: not YAML ({str(error).splitlines()[0]}); allowed: a "
                         f"YAML mapping with keys {list(allowed)}") from None
    unknown = sorted(set(document) - set(allowed)) if isinstance(document, dict) else ["(not a mapping)"]
    if unknown:
        raise ValueError(f"{Path(path).name}: {unknown[0]} is not allowed; allowed: keys {list(allowed)}")
    return document


def read_settings(constraints: Path | None = None, path: Path = SETTINGS_FILE) -> Settings:
    """The project's settings (``path``), with ``floors``, ``caps`` and ``keep`` replaced by those a
    user's ``constraints`` file sets."""
    document = _document(path, KEYS)
    if constraints is not None:
        document |= _document(constraints, CONSTRAINT_KEYS)
    where = Path(constraints or path).name
    keep = document.get("keep")
    if keep is not None and not isinstance(keep, str):
        raise ValueError(f"{where}: keep={keep!r} is not allowed; allowed: a scenario name or null")
    return Settings(_amounts(document.get("floors") or {}, f"{where}: floors"),
                    _amounts(document.get("caps") or {}, f"{where}: caps"), keep,
                    _box(document.get("timing"), f"{path.name}: timing"),
                    _groups(document.get("groups"), f"{path.name}: groups"),
                    _stress(document.get("stress") or {}, f"{path.name}: stress"))


def kept_floors(name: str) -> dict:
    """The lever budgets [¥bn/year] of the scenario file ``name`` (``sim.config.scenario_files``,
    honouring ``SIM_SCENARIO_DIR``) read through the scenario schema: the floors of "keep what the
    shipped plan already funds". Levers it does not fund are left out."""
    from omegaconf import OmegaConf

    from sim.config import ScenarioConfig, scenario_files

    files = scenario_files()
    if name not in files:
        raise ValueError(f"keep={name!r} is not allowed; allowed: a scenario file's name {list(files)}")
    data = yaml.safe_load(files[name].read_text(encoding="utf-8")) or {}
    node = OmegaConf.merge(OmegaConf.structured(ScenarioConfig), data)
    return {lever: float(entry.budget) for lever, entry in node.levers.items() if float(entry.budget) > 0}


def pinned_values(case: dict) -> dict:
    """A stress case (parameter -> "low"|"high") -> parameter -> the number at that end of its
    prior distribution (``conf/ensemble/prior.yaml``), in the parameter's units."""
    from sim.ensemble.prior import read_prior

    ends = {p.name: (p.low, p.high) for p in read_prior().parameters}
    return {name: float(ends[name][ENDS.index(end)]) for name, end in case.items()}
