"""``python -m sim``: the command line (Hydra) around the main job (``sim.job``).

Usage as Hydra users expect: ``python -m sim`` (every shipped scenario), ``python -m sim
scenario=dx model.verdoorn_coefficient=0.3``, ``python -m sim -m scenario=baseline,dx,talent``;
and ``python -m sim followup observed=<csv>`` (``sim.followup``, without Hydra).

Before Hydra starts (and creates a run folder), every override, and every value of a multirun
sweep, is composed and checked: a bad input ends with a one-line error naming the key, the
value and what is allowed, exit status 2, and no output files.
"""

from __future__ import annotations

import re
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


def _allowed_keys(group: str) -> str:
    if group == "model":
        return "start, stop, dt, method and the model parameters by name (docs/MODEL.md)"
    node = config.compose([])
    for part in filter(None, group.split(".")):
        node = node.get(part) if isinstance(node, DictConfig) else None
    return str(list(node.keys())) if isinstance(node, DictConfig) else "the keys in conf/"


def _composition_error(error: Exception, overrides: list[str]) -> str:
    """A one-line message for a failed composition, naming the override."""
    causes = [error]
    while causes[-1].__cause__ is not None:
        causes.append(causes[-1].__cause__)
    text = " ".join(str(cause).splitlines()[0] for cause in causes if str(cause))
    for override in sorted(overrides, key=lambda text: -len(text.partition("=")[0])):  # the most specific key
        key, _, value = override.partition("=")
        if key.lstrip("+~") in text or f"'{override}'" in text:
            reason = str(causes[-1]).splitlines()[0]
            if "not in struct" in reason or "not in '" in reason:
                missing = re.search(r"full_key: (\S+)", str(causes[-1]))  # the first key that does not exist
                group, _, name = (missing.group(1) if missing else key.lstrip("+~")).rpartition(".")
                return f"{key}={value} is not allowed: {name!r} is not a key of {group or 'the config'} " \
                       f"(misspelt?); allowed: {_allowed_keys(group)}"
            return f"{key}={value!r} is not allowed: {reason}"
    return text


def check(overrides: list[str]) -> None:
    """Compose and check every run the overrides ask for; raise ``config.ConfigError`` (one line)."""
    scenarios = config.available_scenarios()
    for run in _single_runs(overrides):
        for override in run:
            key, _, value = override.partition("=")
            if key == "scenario" and value not in scenarios:
                raise config.ConfigError(f"scenario={value!r} is not allowed; available scenarios: {scenarios}")
            if key == "hydra.run.dir" and Path(value).exists():
                check_folder(Path(value))
        try:
            cfg = config.compose(run)
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
                check_resumable(cfg)
            except ValueError as error:
                raise config.ConfigError(str(error)) from None


@hydra.main(config_path=str(config.CONF_DIR), config_name="config", version_base=None)
def _hydra_main(cfg: DictConfig) -> None:
    folder = Path(HydraConfig.get().runtime.output_dir)
    written = run_job(cfg, folder)
    print(f"{'sweep store' if cfg.sweep.name != 'none' else 'report'}: {written.resolve()}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m sim``."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["followup"]:  # yearly monitoring: observations against the baseline (sim.followup)
        from sim.followup import main as followup

        raise SystemExit(followup(argv[1:]))
    argv = config.lever_overrides(argv)
    try:
        config.register()
        check(_overrides(argv))
    except (config.ConfigError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    sys.argv = [sys.argv[0], *argv]
    _hydra_main()
