"""Load a Vensim (``.mdl``) or XMILE (``.xmile``, ``.stmx``) model as a ``sim.core`` model.

>>> from sim.core import load
>>> model = load("sim/examples/vensim/teacup.mdl")          # doctest: +SKIP
>>> result = model.run(params={"room_temperature": [60, 70, 80]})  # doctest: +SKIP

PySD's translators read the file; :mod:`sim.core.vensim.translate` turns their abstract model into
the Python source of ``init`` and ``rhs``. That source is written to the kernel directory
(``sim.core.drivers.kernel_dir()``) under a name that hashes it, and imported from there, so the
drivers built on it by :mod:`sim.core.drivers` are cached on disk by numba like any model's. The
translation itself is kept beside it as JSON, keyed by a hash of the file, of this package's code and
of PySD's version: a second load of an unchanged file needs neither PySD nor a compile.

PySD (which brings pandas and xarray) is imported only by a load that translates, never by
``import sim.core``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import logging
import sys
import types
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from sim.core.drivers import _write_atomically, kernel_dir
from sim.core.layout import Aux, Param, Stock
from sim.core.builtins import delay_order
from sim.core.model import Model, RunResult, warn_lowered_order
from sim.core.vensim.translate import BUILTINS, TIME_STEP, Translation, TranslationError, identifier, translate

log = logging.getLogger(__name__)
_PACKAGE_DIR = Path(__file__).resolve().parent
_GRID_ARGUMENTS = {"initial_time": "start", "final_time": "stop", "time_step": "dt", "saveper": "saveper"}


class VensimModel(Model):
    """A :class:`~sim.core.model.Model` loaded from a Vensim or XMILE file.

    Runs on the file's time grid unless told otherwise; names are the file's, made Python
    identifiers as PySD makes them (``Room Temperature`` -> ``room_temperature``).

    Attributes
    ----------
    path : Path
        The file.
    translation : Translation
        Declarations, generated source and output columns.
    control : dict
        ``initial_time``, ``final_time``, ``time_step``, ``saveper`` of the file [model time unit].
    cached : bool
        True when the translation came from the kernel directory (PySD was not run).
    """

    def __init__(self, path: Path, translation: Translation, module, cached: bool):
        self.path = path
        self.translation = translation
        self.control = dict(translation.control)
        self.cached = cached
        super().__init__(
            translation.name,
            stocks=[Stock(e["name"], tuple(e["shape"]), e["units"], description=e["description"],
                          dims=tuple(e["dims"])) for e in translation.stocks],
            params=[Param(e["name"], e["default"], tuple(e["shape"]), e["units"], source=e["source"],
                          dims=tuple(e["dims"])) for e in translation.params],
            aux=[Aux(e["name"], tuple(e["shape"]), e["units"], description=e["description"], dims=tuple(e["dims"]))
                 for e in translation.aux],
            rhs=module.rhs, init=module.init, lookups=[tuple(pair) for pair in translation.lookups],
            time_step=TIME_STEP,
        )

    def run(self, *, start: float | None = None, stop: float | None = None, dt: float | None = None,
            saveper: float | None = None, **arguments) -> RunResult:
        """:meth:`Model.run` on the file's grid and integration method; ``start``, ``stop``, ``dt``,
        ``saveper`` and ``method`` replace them. ``params`` may name parameters as the file does
        (``"Room Temperature"``) or as ``sim.core`` does (``"room_temperature"``).

        Before integrating, every delay's initial delay time is read from the scenarios' start
        states: a DELAY1/DELAY3/DELAY N whose order × dt exceeds it warns with
        :class:`~sim.core.model.DelayOrderWarning` (Vensim lowers the order, and so does the run),
        and a DELAY FIXED that needs more steps than its buffer holds is refused.

        Raises
        ------
        ValueError
            If a replaced grid value is one the equations read (e.g. ``TIME STEP`` in an equation):
            the generated code holds the file's value. If a DELAY FIXED's delay time over ``dt``
            needs more steps than the buffer sized at load (the file's delay time over its TIME
            STEP), or if ``method="rk4"`` is asked of a model with a DELAY FIXED (discrete).
        """
        given = dict(start=start, stop=stop, dt=dt, saveper=saveper)
        grid = {}
        for key, argument in _GRID_ARGUMENTS.items():
            value = given[argument]
            if value is not None and value != self.control[key] and key in self.translation.grid_references:
                raise ValueError(
                    f"{argument}={value!r} is not allowed: the model's equations read {key.upper()} "
                    f"= {self.control[key]!r} of the file; allowed: that value"
                )
            grid[argument] = self.control[key] if value is None else value
        arguments.setdefault("method", self.translation.method)
        fixed = [d["variable"] for d in self.translation.delays if d["builtin"] == "DELAY FIXED"]
        if fixed and arguments["method"] != "euler":
            raise ValueError(
                f"method={arguments['method']!r} is not allowed: DELAY FIXED in {fixed} is discrete (its buffer "
                "moves one value per Euler step; RK4 would blend them); allowed: 'euler'"
            )
        if isinstance(arguments.get("params"), Mapping):
            arguments["params"] = {key if key in self.param_layout else identifier(key): value
                                   for key, value in arguments["params"].items()}
        return super().run(**grid, **arguments)

    def _check_start(self, y0, p, data, grid, given_index, method: str) -> None:
        """Each delay's initial delay time, from the scenarios' start states (slot 0 of its block):
        a lowered order warns, a DELAY FIXED buffer too short for the run is refused."""
        if not self.translation.delays:
            return
        n = p.shape[0]
        states = np.empty((n, self.stock_layout.size))
        bad = np.empty(n, dtype=np.int64)
        self.drivers.initial_states(y0, p, data, grid.start, given_index, self._floor, states, bad)
        ok = bad < 0  # a scenario with a disallowed start is refused by the run itself, naming it
        dt = grid.dt
        for delay in self.translation.delays:
            block = states[:, self.stock_layout.slice(delay["stock"])].reshape(n, -1, delay["size"])
            times = block[:, :, 0]  # (scenario, element): the initial delay time
            variable, order = delay["variable"], delay["order"]
            if delay["builtin"] == "DELAY FIXED":
                with np.errstate(invalid="ignore"):
                    steps = np.maximum(np.floor(times / dt + 0.5), 1.0)
                    too_long = ok[:, None] & ~(steps <= order)  # NaN delay times too
                if too_long.any():
                    scenario, element = (int(i[0]) for i in np.nonzero(too_long))
                    time = float(times[scenario, element])
                    where = f"scenario {scenario}" + (f", element {element}" if times.shape[1] > 1 else "")
                    needed = steps[scenario, element]
                    longer = f", or a longer buffer: load(..., delay_fixed_steps={needed:.0f})" \
                        if np.isfinite(needed) else ""
                    raise ValueError(
                        f"DELAY FIXED in {variable!r}: delay time {time!r} ({where}) "
                        f"with dt={dt!r} needs {needed:.0f} steps; its buffer, sized at load (the file's delay time "
                        f"and TIME STEP, or delay_fixed_steps), holds {order}; allowed: a delay time below "
                        f"{(order + 0.5) * dt!r} at this dt, or dt above {time / (order + 0.5)!r}{longer}"
                    )
                continue
            lowered = ok[:, None] & (order > 1) & (order * dt > times)  # what delay_order lowers, vectorised
            for time in np.unique(times[lowered]):
                used = delay_order(order, time, dt)
                if used < order:
                    scenarios = np.flatnonzero(ok & (times == time).any(axis=1))
                    warn_lowered_order(variable, order, dt, float(time), used, scenarios, stacklevel=4)
                    break


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def _translation_key(path: Path, delay_fixed_steps: int) -> str:
    """Hash of what decides a translation: the file, the load's options, this package's code, PySD's version."""
    from importlib.metadata import version

    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"delay_fixed_steps={delay_fixed_steps};".encode())
    for source in sorted(_PACKAGE_DIR.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(version("pysd").encode())
    return digest.hexdigest()[:20]


def _import_source(name: str, source: str):
    """Write the generated source to the kernel directory (if not there already) and import it."""
    module_name = f"sim_vensim_{_safe(name)}_{hashlib.sha256(source.encode()).hexdigest()[:20]}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = kernel_dir() / f"{module_name}.py"
    try:
        if not path.exists() or path.read_bytes() != source.encode():  # rewrite only then: keeps numba's cache
            _write_atomically(path, source)
    except OSError as error:  # no writable kernel directory: a module without a file, compiled in memory
        log.warning("kernel directory %s cannot be used (%s); compiling %s in memory", kernel_dir(), error, name)
        module = types.ModuleType(module_name)
        exec(compile(source, f"<sim.core.vensim {name}>", "exec"), vars(module))  # noqa: S102 - our own text
        return module
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def load(path, *, name: str | None = None, delay_fixed_steps: int = 0) -> VensimModel:
    """Load a ``.mdl``, ``.xmile`` or ``.stmx`` model as a :class:`VensimModel`.

    Parameters
    ----------
    path : str or Path
    name : str, optional
        Model name (default: the file's stem).
    delay_fixed_steps : int, optional
        Least length [time steps] of every DELAY FIXED buffer. A buffer is sized at load for the
        file's delay time and TIME STEP; a run that needs more steps (a longer delay time, a smaller
        dt) is refused, so give here the most steps the runs will need.

    Raises
    ------
    TranslationError
        For a construct the importer cannot translate, naming it, the variable, the line and the
        equation.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"model file {str(path)!r} does not exist")
    if isinstance(delay_fixed_steps, bool) or not isinstance(delay_fixed_steps, (int, np.integer)) \
            or delay_fixed_steps < 0:
        raise ValueError(f"delay_fixed_steps={delay_fixed_steps!r} is not allowed; allowed: a whole number >= 0")
    name = name or path.stem
    record = kernel_dir() / "vensim" / f"{_safe(name)}_{_translation_key(path, int(delay_fixed_steps))}.json"
    translation, cached = None, False
    if record.exists():
        try:
            translation, cached = Translation(**json.loads(record.read_text(encoding="utf-8"))), True
        except (ValueError, TypeError) as error:  # a damaged record: translate again
            log.warning("translation record %s is damaged (%s); translating again", record, error)
    if translation is None:
        translation = translate(path, name, int(delay_fixed_steps))
        try:
            _write_atomically(record, json.dumps(dataclasses.asdict(translation)))
        except OSError as error:
            log.warning("translation record %s cannot be written (%s)", record, error)
    return VensimModel(path, translation, _import_source(name, translation.source), cached)


__all__ = ["BUILTINS", "TranslationError", "VensimModel", "load"]
