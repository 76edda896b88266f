"""Configuration: the schema of every config group, the scenario files, and their validation.

Groups (``conf/config.yaml`` holds the defaults list): ``model`` (time settings and any model
parameter by name), ``scenario`` (one file per strategy mix in ``scenarios/``), ``vision``,
``output`` and ``sweep``. Each group has a dataclass schema registered in Hydra's ConfigStore;
every YAML option extends it, so a misspelt key fails at composition.

Config files are data, never code: scenario files and the chosen option of every other group
are read by ``sim.config_files.read_data`` (a bounded safe loader that refuses ``_target_``,
interpolations, ``hydra`` keys, ``@package`` directives, tags and duplicate keys) before Hydra
sees them. The scenario files a composition uses, and only those, are registered in the
ConfigStore under the group ``scenario`` (``scenario=dx``); the option ``all`` stands for every
file in the scenario folder.

``run_spec(cfg)`` turns a composed config into plain settings and per-scenario parameter values,
checking every value; its errors are one line: the key, the value and what is allowed.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, make_dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np
import yaml
from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config_files import DataFileError, read_data
from sim.model.dimensions import N_REGIONS, REGIONS
from sim.model.levers import LEVERS
from sim.model.state import PARAMS, TFR_LAST_YEAR

ROOT = Path(__file__).resolve().parents[1]
CONF_DIR = ROOT / "conf"
SCENARIO_DIR = ROOT / "scenarios"
#: Environment variable naming another folder of scenario files (default: ``scenarios/``).
SCENARIO_DIR_VARIABLE = "SIM_SCENARIO_DIR"
#: The scenario option that stands for every file in ``scenarios/``.
ALL = "all"
START_YEARS = (2010, 2015, 2020)
METHODS = ("euler", "rk4")
LANGUAGES = ("en", "ja")
#: The last year a run may reach: the fertility path (TFR by prefecture and year) ends there, and
#: beyond it the model would run on inputs nobody defined.
LAST_YEAR = TFR_LAST_YEAR


class ConfigError(ValueError):
    """A configuration value that is not allowed; the message names the key, value and what is allowed."""


@dataclass
class LeverConfig:
    """One lever of a scenario (MODEL.md §4): a budget path above business as usual."""

    budget: float = 0.0  # ¥bn/year, Tohoku total
    start: float = 2022.0  # year (1 October) the budget starts
    ramp: float = 2.0  # years to reach the full budget
    end: float = 2100.0  # year the budget ends
    allocation: Optional[list[float]] = None  # share per prefecture (model order); None = by 2020 population


@dataclass
class ScenarioConfig:
    """A strategy mix: the levers it funds and any parameter values it changes.

    Every lever is present, at budget 0 unless the file funds it, so that the command line can
    fund one more with ``scenario.levers.<lever>.budget=<¥bn/year>`` (OmegaConf cannot add an
    entry to a dict of dataclasses from an override).
    """

    name: str = MISSING
    name_ja: str = ""  # the scenario's name in Japanese reports (output.lang=ja); empty = ``name``
    description: str = ""
    description_ja: str = ""  # the description in Japanese reports
    levers: dict[str, LeverConfig] = field(default_factory=lambda: {name: LeverConfig() for name in LEVERS})
    params: dict[str, Any] = field(default_factory=dict)


#: Model settings and every model parameter by name (None = the calibrated default).
ModelConfig = make_dataclass(
    "ModelConfig",
    [("start", int, 2020), ("stop", int, 2035), ("dt", float, 0.25), ("method", str, "euler")]
    + [(name, Optional[Any], None) for name in PARAMS.names],
)


@dataclass
class OutputConfig:
    """What the main job writes."""

    lang: str = "en"  # labels of figures and report: en or ja
    discount_rate: float = 0.04  # 1/year, for the discounted cost (Japan's public-works appraisal rate; sim.cost)
    ensemble: int = 256  # members per scenario of the report's uncertainty (sim.ensemble); 0 = none
    map_kpi: str = "productivity_ratio_japan"  # the KPI of the report's prefecture map (the best mix, output.year)
    year: int = 2032  # the KPI table's year (the 10-year vision year)
    figures: bool = True
    kpis: list[str] = field(default_factory=lambda: [
        "population_total", "grp_real", "productivity_ratio_japan", "income_per_capita_ratio_japan",
        "net_migration_15_29", "firms", "startups", "dx_adoption", "renewable_share", "co2_emissions",
        "evacuees", "coastal_recovery"])


@dataclass
class TargetConfig:
    """One target of the vision (MODEL.md §5); checked by ``sim.vision``."""

    kpi: str = MISSING  # a variable of sim.run with dims (scenario, region, time)
    value: float = MISSING  # in the KPI's units, or a relative change for basis change_since_start
    region: str = "Tohoku"  # Tohoku (aggregate) or a prefecture
    year: int = 2032  # the vision year
    direction: str = "at_least"  # at_least or at_most
    basis: str = "level"  # level, or change_since_start (relative to the run's first year)
    weight: float = 1.0  # weight in the distance-to-vision score
    kind: str = "planners"  # official (a published target) or planners (a choice, reason in source)
    source: str = MISSING


@dataclass
class VisionConfig:
    """Targets of the 10-year vision."""

    name: str = "none"
    targets: dict[str, TargetConfig] = field(default_factory=dict)


@dataclass
class SweepParameter:
    """An uncertain parameter of a sweep and its distribution (fields as the distribution needs)."""

    dist: str = "uniform"  # uniform, normal, triangular or discrete
    low: Optional[float] = None
    high: Optional[float] = None
    mean: Optional[float] = None
    sd: Optional[float] = None
    mode: Optional[float] = None
    values: Optional[list[float]] = None
    source: str = ""  # where the range comes from


@dataclass
class SweepConfig:
    """An experiment design over named parameters, crossed with scenarios (``sim.sweep``)."""

    name: str = "none"
    method: str = "sobol"  # monte_carlo, latin_hypercube, sobol, morris, or posterior (docs/ENSEMBLE.md)
    n: int = 256  # base samples (Sobol: n (d + 2) runs per scenario; Morris: n (d + 1) trajectories' points)
    seed: int = 12345
    parameters: dict[str, SweepParameter] = field(default_factory=dict)
    scenarios: list[str] = field(default_factory=lambda: ["baseline"])
    outputs: list[str] = field(default_factory=lambda: ["grp_real", "population_total", "productivity_ratio_japan"])
    years: list[int] = field(default_factory=lambda: [2032])
    chunk_size: int = 2048  # runs per chunk (one compiled call)
    backend: str = "in_process"  # in_process or dask
    address: Optional[str] = None  # an existing Dask scheduler; None = an embedded LocalCluster
    workers: int = 2  # LocalCluster workers
    store: str = "sweep.zarr"  # relative to the run folder, or absolute (to resume a killed sweep)


@dataclass
class Config:
    model: Any = MISSING
    scenario: ScenarioConfig = MISSING
    vision: VisionConfig = MISSING
    output: OutputConfig = MISSING
    sweep: SweepConfig = MISSING


def read_scenario_file(path: Path) -> DictConfig:
    """A scenario file as a validated ``ScenarioConfig`` node; one-line errors with the file and line."""
    try:
        data = read_data(path)
    except DataFileError as error:
        raise ConfigError(str(error)) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a scenario file must be a mapping of keys (name, description, levers, params)")
    data.setdefault("name", path.stem)
    if data["name"] != path.stem:
        raise ConfigError(f"{path}: name={data['name']!r} is not allowed; it must be the file's name {path.stem!r}")
    try:
        return OmegaConf.merge(OmegaConf.structured(ScenarioConfig), data)
    except OmegaConfBaseException as error:
        raise ConfigError(f"{path}: {_one_line(error)}") from None


def _one_line(error: Exception) -> str:
    message = str(error).splitlines()[0]
    key = getattr(error, "full_key", None)
    return f"{message} (key {key})" if key and key not in message else message


def scenario_dir() -> Path:
    """The folder of scenario files: ``$SIM_SCENARIO_DIR`` if set, else ``scenarios/``."""
    return Path(os.environ.get(SCENARIO_DIR_VARIABLE, SCENARIO_DIR))


def scenario_files(directory: Path | None = None) -> dict[str, Path]:
    """Scenario name -> file, for every ``*.yaml`` in the scenario folder: the baseline first, then by name."""
    paths = sorted((directory or scenario_dir()).glob("*.yaml"), key=lambda path: (path.stem != "baseline", path.stem))
    return {path.stem: path for path in paths}


def register(names: list[str] | None = None, directory: Path | None = None) -> None:
    """Register the schemas and the scenario files ``names`` (None: every one) in Hydra's ConfigStore.
    Only the files registered are read, so a broken file elsewhere in the folder does not stop a run."""
    store = ConfigStore.instance()
    store.store(name="config_schema", node=Config)
    store.store(group="model", name="schema", node=ModelConfig)
    store.store(group="vision", name="schema", node=VisionConfig)
    store.store(group="output", name="schema", node=OutputConfig)
    store.store(group="sweep", name="schema", node=SweepConfig)
    store.store(group="scenario", name=ALL, node=ScenarioConfig(name=ALL, description="every shipped scenario"))
    for name, path in scenario_files(directory).items():
        if names is None or name in names:
            store.store(group="scenario", name=name, node=read_scenario_file(path))


#: The config groups whose options are files in ``conf/<group>/``, read as data before Hydra.
FILE_GROUPS = ("model", "vision", "output", "sweep")


def chosen_options(overrides: list[str]) -> dict[str, str]:
    """Group -> the option a composition with ``overrides`` uses (``conf/config.yaml``'s defaults list,
    then the overrides ``group=option``)."""
    defaults = yaml.safe_load((CONF_DIR / "config.yaml").read_text(encoding="utf-8"))["defaults"]
    options = {group: option for entry in defaults if isinstance(entry, dict) for group, option in entry.items()}
    for override in overrides:
        key, _, value = override.partition("=")
        if key.lstrip("+") in options:
            options[key.lstrip("+")] = value
    return options


def check_group_files(options: dict[str, str]) -> None:
    """Read the chosen option file of every group in ``FILE_GROUPS`` in ``conf/``, and the options
    of the same group its defaults list names, as data (``sim.config_files``); raise ``ConfigError``
    (one line, file and line) for one that is not. Options that are not files are left to Hydra's
    own error."""
    for group in FILE_GROUPS:
        pending, seen = [options.get(group)], set()
        while pending:
            option = pending.pop()
            path = CONF_DIR / group / f"{option}.yaml"
            if option in seen or not path.is_file():
                continue
            seen.add(option)
            data = _read_option(path)
            pending += list(data.get("defaults") or []) if isinstance(data, dict) else []


def _read_option(path: Path) -> object:
    try:
        return read_data(path, defaults=True)
    except DataFileError as error:
        raise ConfigError(str(error)) from None


#: Files a user config folder may hold at most (each is read as data before Hydra starts).
MAX_USER_FILES = 1000


def check_config_dirs(directories: list[Path]) -> None:
    """Refuse a user config folder (``--config-dir``, ``hydra.searchpath``) Hydra could read code
    from: every ``*.yaml`` in it is read as data (``sim.config_files``: no ``_target_``,
    ``${...}``, ``# @package`` or ``hydra`` keys), and ``hydra/`` (Hydra's own settings, e.g.
    callbacks) and ``scenario/`` folders (they would shadow the scenario files) are refused."""
    for directory in directories:
        if not directory.is_dir():
            raise ConfigError(f"config folder {directory} is not allowed: it is not a folder; allowed: a folder of "
                              f"option files (<group>/<option>.yaml)")
        for name, why in (("hydra", "Hydra's own settings are not read from config folders"),
                          ("scenario", f"scenario files belong in scenarios/ or ${SCENARIO_DIR_VARIABLE}")):
            if (directory / name).exists():
                raise ConfigError(f"config folder {directory} is not allowed: it has a {name}/ folder ({why}); "
                                  f"allowed: option files of the groups {list(FILE_GROUPS)}")
        paths = sorted(directory.rglob("*.yaml"))
        if len(paths) > MAX_USER_FILES:
            raise ConfigError(f"config folder {directory} is not allowed: {len(paths)} YAML files; allowed: at most "
                              f"{MAX_USER_FILES}")
        for path in paths:
            _read_option(path)


def available_scenarios(directory: Path | None = None) -> list[str]:
    return [ALL, *scenario_files(directory)]


# --- from a composed config to a run ---------------------------------------------------------


@dataclass
class RunSpec:
    """Plain settings of a run: time grid, method and per-scenario parameter values."""

    start: int
    stop: int
    dt: float
    method: str
    scenarios: dict[str, dict[str, np.ndarray]]


def _number_array(key: str, value, entry) -> np.ndarray:
    allowed = f"a number in [{entry.bounds[0]:g}, {entry.bounds[1]:g}] [{entry.units}]"
    if entry.shape:
        allowed = f"{math.prod(entry.shape)} numbers ({' × '.join(entry.dims)}) in [{entry.bounds[0]:g}, " \
                  f"{entry.bounds[1]:g}] [{entry.units}], or one for all"
    if isinstance(value, (bool, str)) or value is None:
        raise ConfigError(f"{key}={value!r} is not allowed; allowed: {allowed}")
    try:
        array = np.asarray(value, dtype=float)
        array = np.broadcast_to(array, entry.shape).copy()
    except (TypeError, ValueError):
        raise ConfigError(f"{key}={value!r} is not allowed; allowed: {allowed}") from None
    low, high = entry.bounds
    if not np.all(np.isfinite(array)) or np.any(array < low) or np.any(array > high):
        raise ConfigError(f"{key}={value!r} is not allowed; allowed: {allowed}")
    return array


def parameter_values(values: dict, prefix: str) -> dict[str, np.ndarray]:
    """Model parameters given by name (None = default), checked against their declarations."""
    result = {}
    for name, value in values.items():
        if name not in PARAMS:
            raise ConfigError(f"{prefix}{name} is not a model parameter; allowed: the names in docs/MODEL.md "
                              f"(e.g. verdoorn_coefficient)")
        if value is not None:
            result[name] = _number_array(f"{prefix}{name}", value, PARAMS[name])
    return result


def _lever_values(levers: dict, where: str) -> dict[str, np.ndarray]:
    """Lever budget paths of a scenario as ``lever_*`` parameter arrays (the others stay default)."""
    unknown = [name for name in levers if name not in LEVERS]
    if unknown:
        raise ConfigError(f"{where}.levers.{unknown[0]} is not a lever; allowed: {list(LEVERS)}")
    arrays = {}
    for name, lever in levers.items():
        key = f"{where}.levers.{name}"
        for part, (low, high) in (("budget", (0.0, 1e5)), ("start", (1900.0, 2100.0)), ("ramp", (0.0, 50.0)),
                                  ("end", (1900.0, 2200.0))):
            value = lever[part]
            if isinstance(value, (bool, str)) or not (low <= float(value) <= high):
                raise ConfigError(f"{key}.{part}={value!r} is not allowed; allowed: a number in [{low:g}, {high:g}]"
                                  + (" [¥bn/year]" if part == "budget" else " [year]"))
        if lever["end"] <= lever["start"]:
            raise ConfigError(f"{key}.end={lever['end']!r} is not allowed; allowed: a year after start={lever['start']!r}")
        index = LEVERS.index(name)
        for part in ("budget", "start", "ramp", "end"):
            arrays.setdefault(f"lever_{part}", {})[index] = float(lever[part])
        if lever["allocation"] is not None:
            shares = list(lever["allocation"])
            valid = (len(shares) == N_REGIONS and all(not isinstance(v, (bool, str)) and 0.0 <= float(v) <= 1.0
                                                      for v in shares) and abs(sum(map(float, shares)) - 1.0) < 1e-6)
            if not valid:
                raise ConfigError(f"{key}.allocation={shares!r} is not allowed; allowed: {N_REGIONS} shares in [0, 1] "
                                  f"summing to 1, in the order {list(REGIONS)}")
            arrays.setdefault("lever_allocation", {})[index] = np.asarray(shares, dtype=float)
    return arrays


def scenario_parameters(scenario: DictConfig, defaults: dict, where: str = "scenario") -> dict[str, np.ndarray]:
    """The parameter values a scenario changes (its levers and params), checked; ``where`` names
    it in error messages (the config key or the file)."""
    levers = OmegaConf.to_container(scenario.levers, resolve=False)
    overrides = parameter_values(OmegaConf.to_container(scenario.params, resolve=False), f"{where}.params.")
    for name, by_lever in _lever_values(levers, where).items():
        array = np.array(defaults[name], dtype=float, copy=True)
        for index, value in by_lever.items():
            array[index] = value
        overrides[name] = array
    return overrides


def model_overrides(cfg: DictConfig) -> dict[str, np.ndarray]:
    """The model parameters set by name in the ``model`` group (checked), for every scenario."""
    settings = {"start", "stop", "dt", "method"}
    return parameter_values({key: value for key, value in OmegaConf.to_container(cfg.model, resolve=False).items()
                             if key not in settings}, "model.")


def run_spec(cfg: DictConfig) -> RunSpec:
    """Check a composed config and return what to run. Raises ``ConfigError`` (one line)."""
    from sim.runner import baseline_parameters  # the defaults the lever arrays start from

    model = cfg.model
    if model.method not in METHODS:
        raise ConfigError(f"model.method={model.method!r} is not allowed; allowed: {list(METHODS)}")
    if model.start not in START_YEARS:
        raise ConfigError(f"model.start={model.start!r} is not allowed; allowed: census years {list(START_YEARS)}")
    if model.stop <= model.start:
        raise ConfigError(f"model.start={model.start!r} is not before model.stop={model.stop!r}; allowed: start < stop")
    if model.stop > LAST_YEAR:
        raise ConfigError(f"model.stop={model.stop!r} is not allowed; allowed: a year up to {LAST_YEAR}, the end of the "
                          f"model's fertility path (its last defined input)")
    steps = 1.0 / model.dt if model.dt > 0 else 0.0
    if not (steps >= 1 and abs(steps - round(steps)) < 1e-9):
        raise ConfigError(f"model.dt={model.dt!r} is not allowed; allowed: a step that divides one year "
                          f"(1, 0.5, 0.25, 0.125, ...)")
    if cfg.output.lang not in LANGUAGES:
        raise ConfigError(f"output.lang={cfg.output.lang!r} is not allowed; allowed: {list(LANGUAGES)}")
    common = model_overrides(cfg)
    defaults = baseline_parameters()
    if cfg.scenario.name == ALL:
        changed = _changed_by_overrides(cfg.scenario)
        if changed:
            raise ConfigError(f"scenario.{changed}=... is not allowed with scenario=all; allowed: with one scenario, "
                              f"scenario=<name> (one of {list(scenario_files())})")
        scenarios = {name: (read_scenario_file(path), str(path)) for name, path in scenario_files().items()}
    else:
        scenarios = {cfg.scenario.name: (cfg.scenario, "scenario")}
    per_scenario = {name: scenario_parameters(node, defaults, where) | common
                    for name, (node, where) in scenarios.items()}
    return RunSpec(int(model.start), int(model.stop), float(model.dt), str(model.method), per_scenario)


def _changed_by_overrides(scenario: DictConfig) -> str | None:
    """The first lever or parameter key that an override set on the ``all`` option, if any."""
    default = OmegaConf.structured(ScenarioConfig(name=ALL))
    for name, lever in scenario.levers.items():
        if name not in default.levers or lever != default.levers[name]:
            return f"levers.{name}"
    return f"params.{next(iter(scenario.params))}" if len(scenario.params) else None


def check_output(cfg: DictConfig) -> None:
    """Check the ``output`` group against the run it reports on (the main job's outputs)."""
    if not (cfg.model.start <= cfg.output.year <= cfg.model.stop):
        raise ConfigError(f"output.year={cfg.output.year!r} is not allowed; allowed: a year from model.start="
                          f"{cfg.model.start} to model.stop={cfg.model.stop}")
    rate = cfg.output.discount_rate
    if isinstance(rate, bool) or not 0.0 <= rate < 1.0:
        raise ConfigError(f"output.discount_rate={rate!r} is not allowed; allowed: a rate per year in [0, 1) "
                          f"(0.04 = 4 %/year)")
    members = cfg.output.ensemble
    from sim.ensemble.posterior import posterior_size

    largest = posterior_size()
    if isinstance(members, bool) or not isinstance(members, int) or not (members == 0 or 20 <= members <= largest):
        raise ConfigError(f"output.ensemble={members!r} is not allowed; allowed: 0 (no ensemble) or members per "
                          f"scenario from 20 to {largest} (the calibrated ensemble's posterior, docs/ENSEMBLE.md)")
    from sim.model.variables import VARIABLES

    names = [variable.name for variable in VARIABLES if variable.dims == ("region",)]
    unknown = [name for name in cfg.output.kpis if name not in names]
    if unknown:
        raise ConfigError(f"output.kpis has {unknown}; allowed: {names}")
    if cfg.output.map_kpi not in names:
        raise ConfigError(f"output.map_kpi={cfg.output.map_kpi!r} is not allowed; allowed: {names}")
    from sim.vision import targets

    try:
        checked = targets(cfg.vision)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    if not checked or sum(target.weight for target in checked) <= 0:
        raise ConfigError(f"vision {cfg.vision.name!r} has {len(checked)} targets, total weight "
                          f"{sum(target.weight for target in checked):g}; allowed: one or more targets, weights "
                          f"summing to more than 0")
    for target in checked:
        if target.region not in ("Tohoku", *REGIONS):
            raise ConfigError(f"vision target {target.id!r}: region={target.region!r} is not allowed; allowed: "
                              f"{['Tohoku', *REGIONS]}")
        if target.kpi not in names:
            raise ConfigError(f"vision target {target.id!r}: kpi {target.kpi!r} is not allowed; allowed: {names}")
        if not (cfg.model.start <= target.year <= cfg.model.stop):
            raise ConfigError(f"vision target {target.id!r}: year={target.year} is outside the run "
                              f"({cfg.model.start}-{cfg.model.stop}); allowed: a year of the run (set model.stop)")


def lever_overrides(overrides: list[str]) -> list[str]:
    """``overrides`` with Hydra's ``+``/``++`` dropped before ``scenario.levers.<lever>.``: every
    lever is already in every scenario (``ScenarioConfig``), so adding one is setting it, and
    ``+scenario.levers.talent.budget=50`` means what ``scenario.levers.talent.budget=50`` means."""
    return [override.lstrip("+") if override.lstrip("+").startswith("scenario.levers.") else override
            for override in overrides]


def searchpath_dirs(overrides: list[str]) -> list[Path]:
    """The folders of a ``hydra.searchpath=[...]`` override; ``ConfigError`` for an entry that is
    not a folder (``pkg://``: a package's files, outside these checks)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    directories = []
    for override in overrides:
        if override.startswith("hydra.searchpath="):
            entries = OverridesParser.create().parse_overrides([override])[0].value()
            for entry in entries if isinstance(entries, list) else [entries]:
                scheme, found, path = str(entry).partition("://")
                if found and scheme != "file":
                    raise ConfigError(f"hydra.searchpath entry {entry!r} is not allowed; allowed: folders "
                                      f"(file://<folder> or <folder>)")
                directories.append(Path(path if found else scheme))
    return directories


def compose(overrides: list[str] | None = None, directories: list[Path] = ()) -> DictConfig:
    """The composed config for ``overrides`` (Hydra's compose API), e.g. ``["scenario=dx"]``, with
    the user config folders ``directories`` (``--config-dir``) and those of a ``hydra.searchpath``
    override searched after ``conf/``, as Hydra's command line does; every file in them is checked
    first (``check_config_dirs``)."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir

    overrides = list(overrides or [])
    options = chosen_options(overrides)
    check_group_files(options)
    directories = [*directories, *searchpath_dirs(overrides)]
    check_config_dirs(directories)
    if directories:
        overrides = [override for override in overrides if not override.startswith("hydra.searchpath=")]
        overrides.append("hydra.searchpath=[" + ",".join(f"'file://{Path(d).absolute()}'" for d in directories) + "]")
    register(None if options["scenario"] == ALL else [options["scenario"]])
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base=None):
        return hydra_compose(config_name="config", overrides=lever_overrides(overrides))
