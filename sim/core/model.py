"""Define a stock-flow model from compiled functions and run it over many scenarios.

The public wrapper validates every input, makes contiguous float64 arrays,
allocates the outputs and hands them to the compiled drivers; the compiled code
does arithmetic only. A run keeps no state: everything it uses is an argument,
so a run with other parameters, final time or step leaves no trace on the next.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import numba
import numpy as np

from sim.core.builtins import delay_order
from sim.core.drivers import Drivers, build_drivers
from sim.core.integrate import METHODS, no_event, no_init
from sim.core.layout import Aux, Layout, Param, Stock
from sim.core.timegrid import TimeGrid


class DelayOrderWarning(UserWarning):
    """A material delay runs at a lower order than requested: Vensim's rule lowers the order
    until ``order * TIME STEP <= delay time`` (see :func:`sim.core.builtins.delay_order`)."""


def warn_lowered_order(variable: str, order: int, dt: float, delay_time: float, used: int, scenarios, *,
                       stacklevel: int) -> None:
    """Warn with :class:`DelayOrderWarning` that ``variable``'s delay of ``order`` runs at order ``used``
    in ``scenarios`` (indices; the first five listed), Vensim's rule at this ``dt`` and ``delay_time``."""
    listed = ", ".join(map(str, scenarios[:5])) + (", ..." if len(scenarios) > 5 else "")
    warnings.warn(
        f"{variable!r}: order {order} x TIME STEP {dt!r} exceeds the delay time {delay_time!r}; "
        f"Vensim's rule lowers the order to {used} (scenario {listed})",
        DelayOrderWarning,
        stacklevel=stacklevel + 1,  # this function is one frame more
    )


def check_lookup(name: str, xs, ys, *, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Validate a lookup table: equal lengths >= 2, finite, strictly increasing ``xs``.

    The lookup kernels (:func:`~sim.core.builtins.lookup` and its variants) need increasing x
    and do not check it themselves. A table written with x in another order is refused, naming
    it, unless ``sort=True``: the points are then sorted by x (the same function of x, as
    written point by point). Repeated x values are refused either way (two y for one x).

    Returns
    -------
    xs, ys : ndarray (point,)
        Contiguous float64 copies, sorted by x if ``sort``.
    """
    xs = np.array(xs, dtype=np.float64)
    ys = np.array(ys, dtype=np.float64)
    if xs.ndim != 1 or xs.shape != ys.shape or xs.size < 2:
        raise ValueError(
            f"lookup {name!r} has x of shape {xs.shape} and y of shape {ys.shape}; "
            "allowed: two 1-D arrays of the same length >= 2"
        )
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise ValueError(f"lookup {name!r} has non-finite points; allowed: finite numbers")
    if sort:
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
    if np.any(np.diff(xs) == 0):
        raise ValueError(f"lookup {name!r} has x = {xs.tolist()}, with a repeated x; allowed: distinct x values")
    if np.any(np.diff(xs) < 0):
        raise ValueError(
            f"lookup {name!r} has x = {xs.tolist()}; allowed: strictly increasing x "
            "(check_lookup(..., sort=True) sorts the points by x)"
        )
    return xs, ys


def _broadcast(argument: str, entry: Stock | Param, value) -> np.ndarray:
    """Value of one entry as ``(n, size)`` with n = 1 (shared) or the number of scenarios.

    A single number given for an array entry is every element's value (Vensim's scalar for a
    subscripted constant); only a 0-d value broadcasts, so a length that matches neither the
    entry's shape nor a scenario axis is still refused.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{argument}[{entry.name!r}] = {value!r} is not numeric; allowed: numbers") from None
    size = math.prod(entry.shape)
    if array.shape == entry.shape:
        return array.reshape(1, size)
    if array.ndim == 0:
        return np.full((1, size), float(array))
    if array.ndim == len(entry.shape) + 1 and array.shape[1:] == entry.shape:
        return array.reshape(array.shape[0], size)
    allowed = f"{entry.shape} (shared by all scenarios) or {('n_scenarios',) + entry.shape} (one per scenario)"
    if entry.shape:
        allowed += ", or a number (every element)"
    raise ValueError(f"{argument}[{entry.name!r}] has shape {array.shape}; allowed: {allowed}")


def _assemble(argument: str, layout: Layout, given: Mapping, defaults: Mapping) -> dict[str, np.ndarray]:
    unknown = sorted(set(given) - set(layout.names))
    if unknown:
        raise ValueError(f"{argument} has unknown name(s) {unknown}; allowed: {sorted(layout.names)}")
    values = dict(defaults)
    values.update(given)
    return {name: _broadcast(argument, layout[name], value) for name, value in values.items()}


def _count_scenarios(arrays: dict[tuple[str, str], np.ndarray], n_scenarios: int | None) -> int:
    """Number of scenarios implied by inputs keyed ``(argument, name)``; 1 if all are shared."""
    counts = {key: a.shape[0] for key, a in arrays.items() if a.shape[0] != 1}
    if n_scenarios is None and not counts:
        return 1
    expected = n_scenarios if n_scenarios is not None else max(counts.values())
    for (argument, name), count in counts.items():
        if count != expected:
            raise ValueError(
                f"{argument}[{name!r}] has {count} scenarios; allowed: 1 or {expected}, as the other inputs"
            )
    return expected


def _check_in_bounds(argument: str, entry: Param, block: np.ndarray) -> None:
    """Raise if any value of ``block`` (scenario, element) is non-finite or outside ``entry.bounds``."""
    bad = ~np.isfinite(block) | (block < entry.bounds[0]) | (block > entry.bounds[1])
    if bad.any():
        scenario, index = map(int, np.argwhere(bad)[0])
        value = float(block[scenario, index])
        raise ValueError(
            f"{argument}[{entry.name!r}] = {value!r} (scenario {scenario}, element {index}) is not allowed; "
            f"allowed: finite values in [{entry.bounds[0]}, {entry.bounds[1]}] {entry.units}".rstrip()
        )


def _is_count(value) -> bool:
    """True for Python or NumPy integers, not for bools."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


#: Scenarios a thread takes at a time in a parallel run: handed out as threads come free (dynamic
#: scheduling), so a thread slowed by another process on a shared machine does not leave the
#: others waiting at the end; a few ms of work each. The numbers do not depend on it.
SCENARIOS_PER_TASK = 16


@contextmanager
def _numba_threads(threads: int):
    """Run the block's compiled parallel loops on ``threads`` threads, scenarios handed out
    ``SCENARIOS_PER_TASK`` at a time (numba's settings are per thread and restored after)."""
    previous, chunk = numba.get_num_threads(), numba.get_parallel_chunksize()
    numba.set_num_threads(threads)
    numba.set_parallel_chunksize(SCENARIOS_PER_TASK)
    try:
        yield
    finally:
        numba.set_num_threads(previous)
        numba.set_parallel_chunksize(chunk)


#: Rows checked at a time by :func:`_all_rows`: a few MB, so the passes run in cache.
CHECK_ROWS = 256


def _all_rows(matrix: np.ndarray, lower, upper) -> bool:
    """Whether every value of ``matrix`` (row, slot) is finite and within ``[lower, upper]`` (per slot).

    Block by block of rows: the inputs of a sweep's chunk are tens of MB, and three passes over a
    block in cache are about twice as fast as three over the whole matrix.
    """
    for start in range(0, matrix.shape[0], CHECK_ROWS):
        block = matrix[start:start + CHECK_ROWS]
        within = np.isfinite(block)
        within &= block >= lower
        within &= block <= upper
        if not within.all():
            return False
    return True


def _fill(layout: Layout, arrays: dict[str, np.ndarray], out: np.ndarray) -> None:
    for name, array in arrays.items():
        out[:, layout.slice(name)] = array


@dataclass(frozen=True)
class RunResult:
    """Saved trajectories of a run.

    Attributes
    ----------
    model : Model
    grid : TimeGrid
    method : str
    stocks : ndarray (scenario, time, saved state slot)
    aux : ndarray (scenario, time, saved aux slot)
    params : ndarray (scenario, param)
        The parameters actually used, one row per scenario.
    stock_layout, aux_layout : Layout
        The saved stocks and auxiliaries (all of them unless the run chose with ``save``).
    """

    model: "Model"
    grid: TimeGrid
    method: str
    stocks: np.ndarray
    aux: np.ndarray
    params: np.ndarray
    stock_layout: Layout
    aux_layout: Layout

    @property
    def times(self) -> np.ndarray:
        """Saved times [model time unit]."""
        return self.grid.save_times

    @property
    def n_scenarios(self) -> int:
        return self.stocks.shape[0]

    def __getitem__(self, name: str) -> np.ndarray:
        """Trajectory of a saved stock or auxiliary: ``(scenario, time, *shape)``."""
        if name in self.stock_layout:
            return self.stock_layout.unflatten(name, self.stocks)
        if name in self.aux_layout:
            return self.aux_layout.unflatten(name, self.aux)
        allowed = sorted(self.stock_layout.names + self.aux_layout.names)
        raise KeyError(f"{name!r} is not a saved stock or auxiliary of model {self.model.name!r}; allowed: {allowed}")


class Model:
    """A stock-flow model: declarations plus compiled functions.

    Parameters
    ----------
    name : str
    stocks : sequence of Stock
        State variables, in slot order (see :class:`~sim.core.layout.Layout`); the
        state slots of SMOOTH/DELAY/TREND builtins are declared here too.
    rhs : compiled function ``rhs(t, y, p, data, dydt, aux)``
        Writes derivatives and auxiliaries (see ``sim.core.integrate``).
    params : sequence of Param
    aux : sequence of Aux
    init : compiled function ``init(t, p, data, y)``, optional
        Computes the initial state from the parameters. Without it, every run gives
        ``initial`` for every stock.
    event : compiled function ``event(t, y, p, data)``, optional
        Changes the state in place between steps at scheduled times.
    event_period : float, optional
        Default schedule: the event runs at ``start + k * event_period``, k >= 1.
    data : 1-D array, optional
        Read-only numbers shared by all scenarios (tables too large to copy per scenario).
    lookups : sequence of (str, str), optional
        Pairs of parameter names ``(x, y)`` that form lookup tables; every scenario's
        tables are checked with :func:`check_lookup` before a run.
    time_step : str, optional
        Name of a scalar parameter that every run sets to its ``dt``: Vensim's TIME STEP, for
        the builtins that need it (STEP, PULSE, PULSE TRAIN, DELAY N, DELAY FIXED, see
        ``sim.core.builtins``). A run's ``params`` must not set it.
    delay_orders : sequence of (str, str or int, str), optional
        Material delays whose order Vensim's rule may lower (``material_delay_rates``):
        ``(variable, order, delay time)``, the order a scalar parameter's name or a number, the
        initial delay time a scalar parameter's name. A run in which ``order * dt`` exceeds the
        delay time warns with :class:`DelayOrderWarning`, naming the variable and the order used.
    """

    def __init__(
        self,
        name: str,
        *,
        stocks: list[Stock],
        rhs: Callable,
        params: list[Param] = (),
        aux: list[Aux] = (),
        init: Callable | None = None,
        event: Callable | None = None,
        event_period: float | None = None,
        data=None,
        lookups: list[tuple[str, str]] = (),
        time_step: str | None = None,
        delay_orders: list[tuple[str, str | int, str]] = (),
    ):
        self.name = name
        self.stock_layout = Layout(stocks)
        self.param_layout = Layout(params)
        self.aux_layout = Layout(aux)
        clash = set(self.stock_layout.names) & set(self.aux_layout.names)
        if clash:
            raise ValueError(f"names {sorted(clash)} are both stocks and auxiliaries; names must be unique")
        self.rhs = rhs
        self.init = init
        self.event = event
        self.event_period = event_period
        self.data = self._check_data(np.zeros(0) if data is None else data)
        for pair in lookups:
            unknown = [name for name in pair if name not in self.param_layout]
            if unknown:
                raise ValueError(
                    f"lookups names {unknown} that are not parameters; allowed: {list(self.param_layout.names)}"
                )
            shapes = [self.param_layout[name].shape for name in pair]
            if len(shapes[0]) != 1 or shapes[0] != shapes[1] or shapes[0][0] < 2:
                raise ValueError(f"lookup {pair} has shapes {shapes}; allowed: two 1-D parameters of one length >= 2")
        self.lookups = tuple(tuple(pair) for pair in lookups)
        if time_step is not None and (time_step not in self.param_layout or self.param_layout[time_step].shape != ()):
            scalars = [e.name for e in self.param_layout.entries if e.shape == ()]
            raise ValueError(f"time_step={time_step!r} is not a scalar parameter; allowed: {scalars}")
        self.time_step = time_step
        scalars = [e.name for e in self.param_layout.entries if e.shape == ()]
        for variable, order, delay_time in delay_orders:
            names = [delay_time] + ([order] if isinstance(order, str) else [])
            if any(name not in scalars for name in names) or not (isinstance(order, str) or _is_count(order)):
                raise ValueError(
                    f"delay_orders entry {(variable, order, delay_time)!r} is not allowed; allowed: "
                    f"(variable, order: an integer or one of {scalars}, delay time: one of {scalars})"
                )
        self.delay_orders = tuple(tuple(entry) for entry in delay_orders)
        # Rows used by every run: defaults (NaN where none), bounds, non-negative stock slots.
        self._default_row = np.full(self.param_layout.size, np.nan)
        self._lower = np.empty(self.param_layout.size)
        self._upper = np.empty(self.param_layout.size)
        for entry in self.param_layout.entries:
            where = self.param_layout.slice(entry.name)
            self._lower[where], self._upper[where] = entry.bounds
            if entry.default is not None:  # a bad default fails here, not at the first run
                default = _broadcast("default", entry, entry.default)
                _check_in_bounds("default", entry, default)
                self._default_row[where] = default[0]
        self._no_default = [e.name for e in self.param_layout.entries if e.default is None]
        self._floor = np.full(self.stock_layout.size, -np.inf)  # lowest allowed start value per slot
        for entry in self.stock_layout.entries:
            if entry.nonnegative:
                self._floor[self.stock_layout.slice(entry.name)] = 0.0
        self._drivers: Drivers | None = None

    @property
    def drivers(self) -> Drivers:
        """Compiled drivers, built on first use (compiled lazily by numba on first call)."""
        if self._drivers is None:
            self._drivers = build_drivers(
                self.name, self.rhs, self.init or no_init, self.event or no_event
            )
        return self._drivers

    @staticmethod
    def _check_data(data) -> np.ndarray:
        array = np.ascontiguousarray(data, dtype=np.float64)
        if array.ndim != 1:
            raise ValueError(f"data has shape {array.shape}; allowed: a 1-D array")
        if not np.all(np.isfinite(array)):
            raise ValueError("data has non-finite values; allowed: finite numbers")
        return array

    # --- inputs -------------------------------------------------------------------------

    def _param_arrays(self, params: Mapping) -> dict[str, np.ndarray]:
        arrays = _assemble("params", self.param_layout, params, {})
        missing = [name for name in self._no_default if name not in arrays]
        if missing:
            raise ValueError(f"params is missing {missing}; these parameters have no default")
        return arrays

    def param_matrix(self, params: Mapping, n_scenarios: int | None = None) -> np.ndarray:
        """The (scenario, param) matrix that :meth:`run` would assemble from ``params`` (checked):
        for callers that run many batches around the same parameters, such as a sweep's chunks,
        and pass ``run`` a matrix."""
        arrays = self._param_arrays(params)
        matrix = self._matrix(arrays, _count_scenarios({("params", k): v for k, v in arrays.items()}, n_scenarios))
        self._check_params(matrix)
        return matrix

    def _matrix(self, param_arrays: dict[str, np.ndarray], n: int) -> np.ndarray:
        matrix = np.empty((n, self.param_layout.size))
        matrix[:] = self._default_row
        _fill(self.param_layout, param_arrays, matrix)
        return matrix

    def _check_params(self, matrix: np.ndarray) -> None:
        """All rows at once; the per-entry pass that names the culprit runs only on failure."""
        if not _all_rows(matrix, self._lower, self._upper):
            for entry in self.param_layout.entries:
                _check_in_bounds("params", entry, matrix[:, self.param_layout.slice(entry.name)])
        for x_name, y_name in self.lookups:
            xs = matrix[:, self.param_layout.slice(x_name)]
            ys = matrix[:, self.param_layout.slice(y_name)]
            for scenario in np.flatnonzero(np.any(np.diff(xs, axis=1) <= 0, axis=1)):
                check_lookup(f"{x_name}/{y_name} (scenario {scenario})", xs[scenario], ys[scenario])

    def _warn_lowered_orders(self, p: np.ndarray, dt: float) -> None:
        """One :class:`DelayOrderWarning` per declared delay whose order Vensim's rule lowers in
        some scenario, naming the variable, the orders and the scenarios."""
        for variable, order, delay_time in self.delay_orders:
            if isinstance(order, str):
                orders = p[:, self.param_layout.offset(order)]
            else:
                orders = np.full(p.shape[0], float(order))
            times = p[:, self.param_layout.offset(delay_time)]
            whole = np.maximum(np.trunc(orders), 1.0)
            lowered = (whole > 1.0) & (whole * dt > times)  # what delay_order lowers, in one vectorised pass
            if not lowered.any():
                continue
            for requested, time in np.unique(np.stack([orders[lowered], times[lowered]], axis=1), axis=0):
                used = delay_order(requested, time, dt)
                if used < int(requested):
                    scenarios = np.flatnonzero((orders == requested) & (times == time))
                    warn_lowered_order(variable, int(requested), dt, float(time), used, scenarios, stacklevel=3)
                    break

    def _check_start(self, y0, p, data, grid: TimeGrid, given_index, method: str) -> None:
        """Checks before integrating that need the run's inputs as the drivers will get them (the
        start rows, the parameter matrix, the grid); none here, a subclass may add some (raise
        ValueError or warn). ``drivers.initial_states`` gives each scenario's start state."""

    def _start_rows(self, initial_arrays: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The start rows the drivers begin each scenario from, and the slots they give.

        NaN where nothing is given, so that a stock the model's init leaves unset is caught. One row
        shared by every scenario unless a given stock differs between them: init then runs on each
        scenario's own copy inside the compiled drivers, and no (scenario, state) matrix is built.
        """
        start_row = np.full((1, self.stock_layout.size), np.nan)
        _fill(self.stock_layout, {k: a for k, a in initial_arrays.items() if a.shape[0] == 1}, start_row)
        varying = {k: a for k, a in initial_arrays.items() if a.shape[0] > 1}
        if varying:
            start_row = np.repeat(start_row, next(iter(varying.values())).shape[0], axis=0)
            _fill(self.stock_layout, varying, start_row)
        slots = [np.arange(self.stock_layout.size)[self.stock_layout.slice(name)] for name in initial_arrays]
        given = np.concatenate(slots + [np.zeros(0, dtype=np.int64)]).astype(np.int64)
        return start_row, given if self.init is not None else given[:0]

    def _refuse_start(self, y0, p, data, t0, given_index, scenario: int) -> None:
        """Raise for a scenario whose start state is not allowed, naming the stock, scenario and value."""
        states = np.empty((1, self.stock_layout.size))
        bad = np.empty(1, dtype=np.int64)
        self.drivers.initial_states(y0[scenario % y0.shape[0]][None, :], p[scenario][None, :], data, t0, given_index,
                                    self._floor, states, bad)
        slot = int(bad[0])
        for entry in self.stock_layout.entries:
            where = self.stock_layout.slice(entry.name)
            if where.start <= slot < where.stop:
                value = float(states[0, slot])
                allowed = "finite values >= 0 (declared non-negative)" if entry.nonnegative else "finite values"
                raise ValueError(
                    f"initial[{entry.name!r}] = {value!r} (scenario {scenario}, element {slot - where.start}) "
                    f"is not allowed; allowed: {allowed}"
                )

    def _event_steps(self, grid: TimeGrid, event_times) -> np.ndarray:
        if event_times is None:
            if self.event is None or self.event_period is None:
                return np.zeros(0, dtype=np.int64)
            n_events = int(math.floor((grid.stop - grid.start) / self.event_period + 1e-9))
            event_times = grid.start + self.event_period * np.arange(1, n_events + 1)
        elif self.event is None:
            raise ValueError(f"event_times={event_times!r} is not allowed; model {self.name!r} has no event function")
        steps = sorted(grid.step_of("event_times", t) for t in np.atleast_1d(event_times))
        if steps and steps[0] == 0:
            raise ValueError(f"event_times contains start={grid.start!r}; allowed: times after start")
        return np.asarray(steps, dtype=np.int64)

    # --- running ------------------------------------------------------------------------

    def run(
        self,
        *,
        start: float,
        stop: float,
        dt: float,
        saveper: float | None = None,
        method: str = "euler",
        params: Mapping | np.ndarray | None = None,
        initial: Mapping | None = None,
        n_scenarios: int | None = None,
        data=None,
        event_times=None,
        parallel: bool = True,
        threads: int | None = None,
        save=None,
    ) -> RunResult:
        """Integrate every scenario over the time grid.

        Parameters
        ----------
        start, stop, dt, saveper : float
            The time grid (see :class:`~sim.core.timegrid.TimeGrid`).
        method : {"euler", "rk4"}
        params : mapping name -> value, or ndarray (scenario, param)
            A value of the parameter's shape is shared by all scenarios; one with a
            leading axis gives one value per scenario. Missing names take defaults.
        initial : mapping name -> value, optional
            Initial stocks, overriding the model's ``init``; shapes as for ``params``. They are
            written before ``init`` runs, so ``init`` may compute the other stocks from them.
        n_scenarios : int, optional
            Number of scenarios when every input is shared.
        data : 1-D array, optional
            Replaces the model's shared data for this run.
        event_times : array of float, optional
            Replaces the model's event schedule; each on the grid and after ``start``.
        parallel : bool
            Scenarios in parallel threads (``prange``); results are bit-identical to serial.
        threads : int, optional
            Number of threads for a parallel run (default: numba's, all cores).
        save : sequence of str, optional
            Names of the stocks and auxiliaries to keep (default: all). Saving less keeps
            memory and time down in large batches.

        Raises
        ------
        ValueError
            For any invalid input, naming the argument, the value and what is allowed.
        """
        grid = TimeGrid(start, stop, dt, saveper)
        if method not in METHODS:
            raise ValueError(f"method={method!r} is not allowed; allowed: {sorted(METHODS)}")
        if threads is not None and not (_is_count(threads) and 1 <= threads <= numba.config.NUMBA_NUM_THREADS):
            raise ValueError(
                f"threads={threads!r} is not allowed; allowed: an integer in [1, {numba.config.NUMBA_NUM_THREADS}]"
            )
        shared = self.data if data is None else self._check_data(data)

        if n_scenarios is not None and not (_is_count(n_scenarios) and n_scenarios >= 1):
            raise ValueError(f"n_scenarios={n_scenarios!r} is not allowed; allowed: a positive integer")
        n_scenarios = None if n_scenarios is None else int(n_scenarios)
        if isinstance(params, np.ndarray):  # one full parameter row per scenario
            if params.ndim != 2 or params.shape[1] != self.param_layout.size:
                raise ValueError(f"params has shape {params.shape}; allowed: (n_scenarios, {self.param_layout.size})")
            if n_scenarios is not None and n_scenarios != params.shape[0]:
                raise ValueError(f"n_scenarios={n_scenarios!r} is not allowed; params has {params.shape[0]} rows")
            n_scenarios = params.shape[0]
            param_arrays = {}
        else:
            if self.time_step is not None and self.time_step in (params or {}):
                raise ValueError(
                    f"params[{self.time_step!r}] is given; allowed: leave it out, every run sets it to dt ({dt!r})"
                )
            param_arrays = self._param_arrays(params or {})
        initial_arrays = _assemble("initial", self.stock_layout, initial or {}, {})
        inputs = {("params", k): v for k, v in param_arrays.items()}
        inputs |= {("initial", k): v for k, v in initial_arrays.items()}
        n = _count_scenarios(inputs, n_scenarios)
        if isinstance(params, np.ndarray):
            # a copy: the result keeps its parameters even if the caller reuses the array
            p = np.array(params, dtype=np.float64, order="C")
        else:
            p = self._matrix(param_arrays, n)
        if self.time_step is not None:
            p[:, self.param_layout.offset(self.time_step)] = grid.dt
        self._check_params(p)
        self._warn_lowered_orders(p, grid.dt)

        missing = [name for name in self.stock_layout.names if name not in initial_arrays]
        if self.init is None and missing:
            raise ValueError(
                f"initial is missing {missing}; model {self.name!r} has no init function, give every stock"
            )
        y0, given_index = self._start_rows(initial_arrays)
        self._check_start(y0, p, shared, grid, given_index, method)

        event_steps = self._event_steps(grid, event_times)
        stock_layout, stock_index = self._selection(self.stock_layout, save)
        aux_layout, aux_index = self._selection(self.aux_layout, save)
        if save is not None:
            unknown = sorted(set(save) - set(stock_layout.names) - set(aux_layout.names))
            if unknown:
                allowed = sorted(self.stock_layout.names + self.aux_layout.names)
                raise ValueError(f"save has unknown name(s) {unknown}; allowed: {allowed}")
        saved_y = np.empty((n, grid.n_saves, stock_layout.size))
        saved_aux = np.empty((n, grid.n_saves, aux_layout.size))
        bad = np.empty(n, dtype=np.int64)
        arguments = (y0, p, shared, grid.start, grid.dt, grid.n_steps, grid.save_every, event_steps, stock_index,
                     aux_index, self.aux_layout.size, METHODS[method], given_index, self._floor, saved_y, saved_aux,
                     bad)
        threads = min(int(threads or numba.get_num_threads()), n) if parallel else 1  # no idle threads to wake
        if threads == 1:
            self.drivers.integrate_serial(*arguments)  # same numbers: each scenario is independent
        else:
            with _numba_threads(threads):
                self.drivers.integrate_parallel(*arguments)
        if (bad >= 0).any():
            self._refuse_start(y0, p, shared, grid.start, given_index, int(np.flatnonzero(bad >= 0)[0]))
        return RunResult(self, grid, method, saved_y, saved_aux, p, stock_layout, aux_layout)

    @staticmethod
    def _selection(layout: Layout, save) -> tuple[Layout, np.ndarray]:
        """The saved part of ``layout`` (all of it when ``save`` is None) and its slot indices."""
        if save is None:
            return layout, np.arange(layout.size, dtype=np.int64)
        if isinstance(save, str):
            raise ValueError(f"save={save!r} is not allowed; allowed: a sequence of names, e.g. [{save!r}]")
        entries = [entry for entry in layout.entries if entry.name in set(save)]
        index = [np.arange(layout.size)[layout.slice(entry.name)] for entry in entries]
        return Layout(entries), np.concatenate(index + [np.zeros(0, dtype=np.int64)]).astype(np.int64)
