"""``python -m sim``: the command line (Hydra) around the main job (``sim.job``).

Usage as Hydra users expect: ``python -m sim`` (every shipped scenario), ``python -m sim
scenario=dx model.verdoorn_coefficient=0.3``, ``python -m sim -m scenario=baseline,dx,talent``;
``python -m sim followup observed=<csv>`` (``sim.followup``) and ``python -m sim optimise
budget=<¥bn/yr> out=<folder>`` (``sim.optimise.cli``), both without Hydra.

Before Hydra starts (and creates a run folder), every override, and every value of a multirun
sweep, is composed and checked: a bad input ends with a one-line error naming the key, the
value and what is allowed, exit status 2, and no output files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim import config
from sim.job import check_folder, run_job
from sim.model.levers import LEVERS

#: Command-line flags of Hydra that take no override (passed through unchecked).
FLAGS = ("-m", "--multirun", "--cfg", "-c", "--help", "-h", "--hydra-help", "--info", "-i", "--resolve",
         "--package", "-p", "--version", "--shell-completion", "-sc", "--config-path", "-cp", "--config-name",
         "-cn", "--config-dir", "-cd", "--experimental-rerun")


def _overrides(argv: list[str]) -> list[str]:
    overrides, skip = [], False
    for argument in argv:
        if skip:
            skip = False
            continue
        if argument in ("--cfg", "-c", "--package", "-p", "--config-path", "-cp", "--config-name", "-cn",
                        "--config-dir", "-cd", "--info", "-i", "--shell-completion", "-sc"):
            skip = argument not in ("--info", "-i", "--shell-completion", "-sc")
            continue
        if argument.startswith("-"):
            continue
        overrides.append(argument)
    return overrides


def _flag_values(argv: list[str], names: tuple[str, ...]) -> list[str]:
    """The values given to the flags ``names`` (``--flag value`` or ``--flag=value``)."""
    values = []
    for position, argument in enumerate(argv):
        flag, equals, value = argument.partition("=")
        if flag in names:
            values += [value] if equals else argv[position + 1:position + 2]
    return values


def config_dirs(argv: list[str]) -> list[Path]:
    """The user config folders of ``--config-dir`` (those of a ``hydra.searchpath`` override are
    ``config.compose``'s). Refuses (``ConfigError``) another primary config (``--config-path``,
    ``--config-name``: its Hydra settings could run code, and the checks compose the shipped one)."""
    for value in _flag_values(argv, ("--config-path", "-cp")):
        if Path(value).absolute() != config.CONF_DIR:
            raise config.ConfigError(f"--config-path={value} is not allowed: the primary config is conf/config.yaml; "
                                     f"allowed: option files in a folder added with --config-dir "
                                     f"(<folder>/<group>/<option>.yaml)")
    for value in _flag_values(argv, ("--config-name", "-cn")):
        if value not in ("config", "config.yaml"):
            raise config.ConfigError(f"--config-name={value} is not allowed: the primary config is conf/config.yaml; "
                                     f"allowed: config")
    return [Path(value) for value in _flag_values(argv, ("--config-dir", "-cd"))]


def _single_runs(overrides: list[str]) -> list[list[str]]:
    """One list of plain overrides per value of each sweep (the others at their first value)."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    plain = []
    sweeps = []
    for text, override in zip(overrides, parsed):
        if override.is_sweep_override():
            key = text.split("=", 1)[0]
            values = [f"{key}={value}" for value in override.sweep_string_iterator()]
            sweeps.append((len(plain), values))
            plain.append(values[0])
        else:
            plain.append(text)
    runs = [plain]
    for position, values in sweeps:
        for value in values[1:]:
            runs.append(plain[:position] + [value] + plain[position + 1:])
    return runs


def _misspelt(key: str, value: str, others: list[str]) -> str:
    """The message for a key the config does not have: the first part of its path that is missing
    from the composition of the other overrides, and the keys allowed there."""
    parts = key.split(".")
    try:
        node = config.compose(others)
    except (HydraException, OmegaConfBaseException, ValueError):
        node = None
    depth = 0
    while depth < len(parts) - 1 and isinstance(node, DictConfig) and parts[depth] in node:
        node, depth = node[parts[depth]], depth + 1
    group, name = ".".join(parts[:depth]), parts[depth]
    if group == "model":
        allowed = "start, stop, dt, method and the model parameters by name (docs/MODEL.md)"
    elif group == "scenario.levers":
        allowed = str(list(LEVERS))
    else:
        allowed = str(list(node.keys())) if isinstance(node, DictConfig) else "the keys in conf/"
    return f"{key}={value} is not allowed: {name!r} is not a key of {group or 'the config'} (misspelt?); " \
           f"allowed: {allowed}"


def _composition_error(error: Exception, overrides: list[str]) -> str:
    """A one-line message for a failed composition, naming the override."""
    causes = [error]
    while causes[-1].__cause__ is not None:
        causes.append(causes[-1].__cause__)
    text = " ".join(str(cause).splitlines()[0] for cause in causes if str(cause))
    # the most specific key first: scenario.levers.dx.budgt, not scenario=dx, is the misspelt one
    for override in sorted(overrides, key=lambda text: -len(text.partition("=")[0])):
        key, _, value = override.partition("=")
        if key.lstrip("+~") in text or f"'{override}'" in text:
            reason = str(causes[-1]).splitlines()[0]
            if "not in struct" in reason or "not in '" in reason:
                return _misspelt(key.lstrip("+~"), value, [other for other in overrides if other != override])
            return f"{key}={value!r} is not allowed: {reason}"
    return text


def check(overrides: list[str], directories: list[Path] = ()) -> None:
    """Compose and check every run the overrides ask for, with the user config folders
    ``directories`` (``config_dirs``); raise ``config.ConfigError`` (one line)."""
    scenarios = config.available_scenarios()
    try:
        runs = _single_runs(overrides)
    except HydraException as error:  # the override grammar (e.g. a character it does not take)
        raise config.ConfigError(f"{getattr(error, 'override', '')} is not allowed: {str(error).splitlines()[0]}; "
                                 f"allowed: key=value in Hydra's override grammar (quote other characters: "
                                 f"key='value')") from None
    for run in runs:
        run_dir = None  # Hydra's default: a new folder under outputs/
        for override in run:
            key, _, value = override.partition("=")
            if key == "scenario" and value not in scenarios:
                raise config.ConfigError(f"scenario={value!r} is not allowed; available scenarios: {scenarios}")
            if key == "hydra.run.dir":
                run_dir = Path(value)
                if run_dir.exists():
                    check_folder(run_dir)
        _check_writable(run_dir or Path("outputs"))
        try:
            cfg = config.compose(run, directories)
        except (HydraException, OmegaConfBaseException, ValueError) as error:
            if isinstance(error, config.ConfigError):
                raise
            raise config.ConfigError(_composition_error(error, run)) from None
        config.run_spec(cfg)
        config.check_output(cfg)
        if cfg.sweep.name != "none":
            from sim.sweep import check_resumable, plan

            try:
                plan(cfg)  # distributions, design, parameters, outputs, years and samples within bounds
                check_resumable(cfg, run_dir)
            except ValueError as error:
                raise config.ConfigError(str(error)) from None
        if run_dir is not None:
            _check_unused(run_dir, cfg)


def _check_unused(folder: Path, cfg: DictConfig) -> None:
    """Refuse a run folder an earlier run used (its ``.hydra`` settings would be overwritten), unless
    it is the folder of an interrupted sweep rerun by the same command: its own store (a relative
    ``sweep.store``, already checked to hold the same digests by ``check_resumable``) is resumed."""
    if not (folder / ".hydra").exists():
        return
    if cfg.sweep.name != "none" and not Path(cfg.sweep.store).is_absolute():
        from sim.sweep import store_path

        if store_path(cfg, folder).exists():
            return
    raise FileExistsError(f"run folder {folder} was used by an earlier run (it has .hydra); choose a new one "
                          f"(hydra.run.dir=...), an earlier run is never overwritten (an interrupted sweep's folder "
                          f"is resumed by the same command)")


def _check_writable(folder: Path) -> None:
    """Refuse a run folder that cannot be made or written (its nearest existing folder is read-only,
    or a file)."""
    existing = next(path for path in (folder, *folder.absolute().parents) if path.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise config.ConfigError(f"hydra.run.dir={str(folder)!r} is not allowed: {existing} is not a folder this "
                                 f"user can write; allowed: a folder that can be created and written")


@hydra.main(config_path=str(config.CONF_DIR), config_name="config", version_base=None)
def _hydra_main(cfg: DictConfig) -> None:
    folder = Path(HydraConfig.get().runtime.output_dir)
    try:
        written = run_job(cfg, folder)
    except OSError as error:  # disk full, a folder made read-only while running: one line, not a traceback
        _remove_unfinished(folder, f"{HydraConfig.get().job.name}.log")
        print(f"error: writing into {folder} failed: {error}; {_what_is_left(cfg, folder)}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"{'sweep store' if cfg.sweep.name != 'none' else 'report'}: {written.resolve()}")


def _remove_unfinished(folder: Path, log: str) -> None:
    """After a failed write: remove what Hydra put into the run folder (``.hydra``, the log), and the
    folder if that empties it (the job's staging folder is already gone: ``sim.job``)."""
    shutil.rmtree(folder / ".hydra", ignore_errors=True)
    (folder / log).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty: a sweep's store, or files that were there before
        folder.rmdir()


def _what_is_left(cfg: DictConfig, folder: Path) -> str:
    if cfg.sweep.name != "none":
        from sim.sweep import store_path

        if store_path(cfg, folder).exists():
            return "the sweep store is kept: free space and rerun the same command to resume"
    removed = "the run folder was removed" if not folder.exists() else "no output was written into the run folder"
    return f"{removed} and nothing was overwritten; free space or choose another hydra.run.dir"


def _terminated(signum, frame) -> None:
    """SIGTERM: leave by an exception, so that ``finally`` blocks (the job's staging folder) run."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m sim``."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["followup"]:  # yearly monitoring: observations against the baseline (sim.followup)
        from sim.followup import main as followup

        raise SystemExit(followup(argv[1:]))
    if argv[:1] == ["optimise"]:  # the best split of a budget over the levers (sim.optimise)
        from sim.optimise.cli import main as optimise

        raise SystemExit(optimise(argv[1:]))
    argv = config.lever_overrides(argv)
    try:
        check(_overrides(argv), config_dirs(argv))  # composes each run, registering the scenario files it uses
    except (config.ConfigError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    sys.argv = [sys.argv[0], *argv]
    signal.signal(signal.SIGTERM, _terminated)  # unwind, so that a killed job removes its staging folder
    _hydra_main()
