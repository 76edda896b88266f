"""``python -m sim optimise budget=<¥bn/yr> out=<folder> [...]``: ``sim.optimise.optimise`` from the
command line (without Hydra, like ``python -m sim followup``).

Arguments (key=value): ``budget`` (required, ¥bn/year > 0), ``out`` (required: a new or empty
folder), ``measure`` (expected, cvar, probability), ``alpha`` (CVaR level, default 0.9), ``levers``
(comma-separated, default all seven), ``members`` (default 64), ``generations`` (default 20),
``population`` (scipy's popsize, default 8), ``by_prefecture`` (true, false or groups: one split
per lever group of ``conf/optimise/default.yaml``), ``seed`` (default 0), ``stop`` (default: the first year
at which every vision target has a value, 2033 for the default vision: ``first_complete_year``),
``floors`` and ``caps`` (``dx:5,talent:10`` [¥bn/yr]), ``keep`` (a scenario whose lever budgets
become floors), ``timing`` (true/false: also search each lever's start year and ramp, under the spending
envelope of the default timing: ``sim.optimise.timing``), ``constraints`` (a YAML file with floors, caps and keep in the schema of
``conf/optimise/default.yaml``; the key=value arguments replace its entries), ``stress``
(true/false: rerun the search at the stress cases of ``conf/optimise/default.yaml``). Bad input:
one line naming the key, the value and what is allowed, exit status 2, nothing written. The
outputs, each written through a temporary file and renamed: ``optimal.yaml`` (a scenario file;
copy it into a scenario folder and run ``python -m sim scenario=optimal``), ``history.csv``,
``optimise.txt`` (the summary, also printed), with ``compare=true`` (the default) the optimum
against every shipped mix on the same members (``comparison.html``, ``comparison_ja.html``,
``comparison.csv``, ``targets.csv``) and, with ``stress=true``, ``stress.csv``.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from sim.atomic import write_text
from sim.model.levers import LEVERS
from sim.optimise.allocation import Allocation
from sim.optimise.compare import compare
from sim.optimise.design import MEASURES, history_csv, optimise, scenario_data, scenario_text, summary
from sim.optimise.evaluate import ModelEvaluator
from sim.optimise.front import front, front_csv
from sim.optimise.report import report_html, summary_csv, targets_csv
from sim.optimise.search import METHODS
from sim.optimise.settings import read_settings
from sim.optimise.stress import stress

ARGUMENTS = ("budget", "out", "measure", "alpha", "levers", "members", "generations", "population",
             "by_prefecture", "seed", "stop", "floors", "caps", "keep", "constraints", "stress", "timing",
             "compare", "method", "front", "front_population", "front_generations")
WHOLE = {"members": 1, "generations": 1, "population": 1, "seed": 0, "stop": 2021, "front_population": 2,
         "front_generations": 1}
FRONTS = ("none", "cost", "robust")
#: A front's NSGA-II population (candidates a generation) and generations, unless given.
FRONT_SIZES = {"population": 32, "generations": 10}
BOOLEANS = {"true": True, "false": False}
SPLITS = BOOLEANS | {"groups": "groups"}


def _amounts(key: str, text: str) -> dict:
    """``dx:5,talent:10`` -> {"dx": 5.0, "talent": 10.0} [¥bn/year]; ``ValueError`` (one line)."""
    amounts = {}
    for part in text.split(","):
        name, colon, number = part.partition(":")
        try:
            amount = float(number)
        except ValueError:
            amount = float("nan")
        if not colon or name not in LEVERS or name in amounts or not 0 <= amount < float("inf"):
            raise ValueError(f"{key}={text!r} is not allowed; allowed: comma-separated lever:¥bn/yr pairs, each lever "
                             f"once, from {list(LEVERS)}, amounts >= 0 (e.g. {key}=dx:5,talent:10)")
        amounts[name] = amount
    return amounts


def _constraints(found: dict) -> dict:
    """Floors, caps and the plan kept: ``conf/optimise/default.yaml``, then the ``constraints``
    file, then ``floors=``, ``caps=``, ``keep=`` (each replacing what came before)."""
    chosen = read_settings(Path(found["constraints"]) if "constraints" in found else None)
    settings = {"floors": chosen.floors, "caps": chosen.caps, "keep": chosen.keep}
    for key in ("floors", "caps"):
        if key in found:
            settings[key] = _amounts(key, found[key])
    if "keep" in found:
        settings["keep"] = found["keep"]
    return settings


def _arguments(argv: list[str]) -> dict:
    """The checked arguments as ``optimise``'s keywords (plus ``out``); ``ValueError`` (one line)."""
    found = {}
    for argument in argv:
        key, equals, text = argument.partition("=")
        if not equals or key not in ARGUMENTS:
            raise ValueError(f"{argument!r} is not allowed; allowed: {', '.join(f'{k}=...' for k in ARGUMENTS)}")
        if key in found:
            raise ValueError(f"{key}={text!r} is given twice; allowed: each key once")
        found[key] = text
    for key in ("budget", "out"):
        if key not in found:
            raise ValueError(f"{key}=... is missing; allowed: python -m sim optimise budget=<¥bn/yr> out=<folder> "
                             f"[{'] ['.join(f'{k}=...' for k in ARGUMENTS[2:])}]")
    settings = {}
    for key in ("budget", "alpha"):
        if key in found:
            try:
                settings[key] = float(found[key])
            except ValueError:
                settings[key] = None
            low_ok = settings[key] is not None and (settings[key] > 0 if key == "budget" else 0 <= settings[key] < 1)
            if not low_ok or settings[key] != settings[key] or settings[key] == float("inf"):
                allowed = "a number > 0 [¥bn/year]" if key == "budget" else "a number in [0, 1)"
                raise ValueError(f"{key}={found[key]!r} is not allowed; allowed: {allowed}")
    if found.get("method", "de") not in METHODS:
        raise ValueError(f"method={found['method']!r} is not allowed; allowed: {list(METHODS)}")
    settings["method"] = found.get("method", "de")
    if found.get("front", "none") not in FRONTS:
        raise ValueError(f"front={found['front']!r} is not allowed; allowed: {list(FRONTS)}")
    settings["front"] = found.get("front", "none")
    if settings["front"] != "none" and found.get("timing", "false").lower() == "true":
        raise ValueError(f"front={settings['front']!r} is not allowed with timing=true; allowed: front=none with "
                         f"timing, or a front at the default timing")
    if "measure" in found:
        if found["measure"] not in MEASURES:
            raise ValueError(f"measure={found['measure']!r} is not allowed; allowed: {list(MEASURES)}")
        settings["measure"] = found["measure"]
    if "levers" in found:
        names = found["levers"].split(",")
        if not all(name in LEVERS for name in names) or len(set(names)) < len(names):
            raise ValueError(f"levers={found['levers']!r} is not allowed; allowed: distinct comma-separated names "
                             f"from {list(LEVERS)}")
        settings["levers"] = tuple(names)
    for key, low in WHOLE.items():
        if key in found:
            if not found[key].isdigit() or int(found[key]) < low:
                raise ValueError(f"{key}={found[key]!r} is not allowed; allowed: a whole number >= {low}")
            settings[key] = int(found[key])
    if "by_prefecture" in found:
        if found["by_prefecture"].lower() not in SPLITS:
            raise ValueError(f"by_prefecture={found['by_prefecture']!r} is not allowed; allowed: true, false or "
                             f"groups")
        settings["by_prefecture"] = SPLITS[found["by_prefecture"].lower()]
    for key in ("stress", "timing", "compare"):
        if key in found and found[key].lower() not in BOOLEANS:
            raise ValueError(f"{key}={found[key]!r} is not allowed; allowed: true or false")
        settings[key] = BOOLEANS[found.get(key, "true" if key == "compare" else "false").lower()]
    settings |= _constraints(found)
    out = Path(found["out"])
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"out={found['out']!r} is not allowed: it exists and is not an empty folder; allowed: a new "
                         f"or empty folder (an earlier result is never overwritten)")
    settings["out"] = out
    return settings


def command_line(argv: list[str]) -> str:
    """The command as recorded in ``optimal.yaml``: ``out=`` left out, so that the file does not
    depend on where it was written (the same seed gives the same bytes)."""
    kept = [argument for argument in argv if not argument.startswith("out=")]
    return " ".join(["python -m sim optimise", *map(shlex.quote, kept)])


def stress_csv(table) -> str:
    """``stress.csv``: the stress test's table (``sim.optimise.stress``) with its units."""
    head = ("# sim.optimise stress test: the search rerun with posterior parameters pinned at an end of their prior "
            "range (conf/optimise/default.yaml)\n# lever columns: re-optimised budget [¥bn/yr]; objective, "
            "kept_objective, regret: the measure [0-1]; moved: share of the budget moved [0-1]\n")
    return head + table.to_csv(float_format="%.17g", lineterminator="\n")


def pareto_front(result, kind: str, population: int, generations: int):
    """The ``kind`` front (``sim.optimise.front``: ``cost``, total against expected distance from 0
    to the budget; ``robust``, expected distance against CVaR at the budget) over the optimum's
    levers, floors, caps and prefectural splits, on the search's members, seeded by its seed."""
    from sim import compose

    settings = result.settings
    groups = tuple(read_settings().groups.values()) if settings["by_prefecture"] == "groups" else None
    allocation = Allocation(result.budget, result.levers, floors=settings["floors"], caps=settings["caps"],
                            by_prefecture=bool(settings["by_prefecture"]), groups=groups)
    evaluator = ModelEvaluator(compose([]).vision, n=result.members, stop=result.stop)
    return front(lambda budgets, shares: evaluator(budgets, shares).distance, allocation, kind=kind,
                 alpha=result.alpha, budget_min=sum(settings["floors"].values()), population=population,
                 generations=generations, seed=result.seed)


def comparison_files(result, stressed=None, found=None) -> dict[str, str]:
    """The optimum against every shipped mix on the search's members (``sim.optimise.compare``):
    ``comparison.html`` (English), ``comparison_ja.html`` (Japanese), ``comparison.csv`` and
    ``targets.csv``."""
    from sim import compose

    vision = compose([]).vision
    evaluator = ModelEvaluator(vision, n=result.members, stop=result.stop)
    optimum = scenario_data(result)
    comparison = compare(optimum, evaluator, alpha=result.alpha, vision=vision)
    pages = {lang: report_html(comparison, optimum, result.history, lang, stressed=stressed, front=found)
             for lang in ("en", "ja")}
    return {"comparison.html": pages["en"], "comparison_ja.html": pages["ja"],
            "comparison.csv": summary_csv(comparison), "targets.csv": targets_csv(comparison)}


def write(result, folder: Path, command: str, stressed=None, compared: bool = True, found=None) -> None:
    """``optimal.yaml``, ``history.csv``, ``optimise.txt``, the comparison with the shipped mixes
    (``comparison_files``, if ``compared``) and ``stress.csv`` (with the stress table ``stressed``)
    into ``folder`` (new or empty); on a failure, the files written and a folder this call made are
    removed."""
    files = {"optimal.yaml": scenario_text(result, command), "history.csv": history_csv(result),
             "optimise.txt": summary(result)}
    if stressed is not None:
        files["stress.csv"] = stress_csv(stressed)
    if found is not None:
        files["front.csv"] = front_csv(found)
    if compared:
        files |= comparison_files(result, stressed, found)
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for name, text in files.items():
            write_text(folder / name, text)
    except BaseException:
        for name in files:
            (folder / name).unlink(missing_ok=True)
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def main(argv: list[str]) -> int:
    """``python -m sim optimise ...``; returns the exit status."""
    try:
        settings = _arguments(argv)
        folder = settings.pop("out")
        stressing, compared = settings.pop("stress"), settings.pop("compare")
        kind = settings.pop("front")
        sizes = {key: settings.pop(f"front_{key}", default) for key, default in FRONT_SIZES.items()}
        result = optimise(**settings)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stressed = stress(result) if stressing else None
    found = None if kind == "none" else pareto_front(result, kind, **sizes)
    try:
        write(result, folder, command_line(argv), stressed, compared, found)
    except OSError as error:
        print(f"error: writing into {folder} failed: {error}; nothing was left there", file=sys.stderr)
        return 2
    print(summary(result), end="")
    if stressed is not None:
        print("stress test (re-optimised budgets [¥bn/yr], objectives, share of the budget moved):")
        print(stressed.to_string(float_format=lambda value: f"{value:.4f}"))
    print(f"optimise: {(folder / 'optimal.yaml').resolve()}")
    return 0
