"""Write a ``sim.core`` model as XMILE (the OASIS standard), for Stella, pysimlin and PySD.

>>> from sim.core import to_xmile
>>> from sim.examples import tohoku_toy
>>> text = to_xmile(tohoku_toy.MODEL, "toy.xmile", start=0, stop=50, dt=0.25,
...                 coords={"region": tohoku_toy.REGIONS})      # doctest: +SKIP

A model's equations live in its compiled kernels, so they are read by running the kernels'
pure-Python functions (``dispatcher.py_func``) on symbolic values: the state and parameter
vectors hold one leaf per element, ``t`` is ``TIME`` and the ``time_step`` parameter is ``DT``.
Arithmetic on them builds expression trees, written fully parenthesised so that a reader of the
file evaluates the same floating-point operations in the same order as the kernel. The kernels a
kernel calls are traced the same way; the builtins whose Python body branches on a value (STEP,
PULSE, RAMP, the lookups, TREND's division, ``min``, ``max``, ``abs``, ``math.exp`` ...) are
replaced by symbolic versions that write the XMILE function or an ``IF THEN ELSE``.

What cannot be written is refused with :class:`XmileExportError`, naming the model, the function
and the source line: a branch (``if``, ``while``, a comparison used as a bool) or a conversion
(``int``, ``float``, an index) on a model value, a read of the model's ``data`` vector, the
builtins with discrete internal state (DELAY FIXED, DELAY N, SMOOTH N of a parameter order) and
LOOKUP FORWARD. A DELAY1/DELAY3 material delay is written with the order Vensim's rule gives at the
export's values (fixed in the file). The mapping is in ``docs/XMILE_EXPORT.md``.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import sys
import tempfile
import threading
import types
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

import numba
import numpy as np

from sim.core import builtins as core_builtins
from sim.core.layout import Layout
from sim.core.model import DelayOrderWarning, Model

#: The XMILE 1.0 namespace.
NAMESPACE = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"
_METHODS = {"euler": "Euler", "rk4": "RK4"}


class XmileExportError(ValueError):
    """A model construct that has no XMILE form (or a missing value), named with where it is."""


# --- symbolic expressions ----------------------------------------------------------------


class _TraceState(threading.local):
    """What an error message (and a lookup) needs to know about the trace in progress: one per
    thread, so that exports running in several threads at once never read each other's."""

    def __init__(self):
        self.model_name = ""
        self.param_sizes: dict[str, int] = {}
        self.values: dict[str, np.ndarray] = {}
        #: For the numbers fixed at export (a material delay's order): the traced initial state, the
        #: first slot of every stock, the start time and DT.
        self.initial: np.ndarray | None = None
        self.stock_offsets: dict[str, int] = {}
        self.start = 0.0
        self.dt = 1.0


_trace = _TraceState()


def _where() -> str:
    """``function (file:line)`` of the model code that is running, skipping this module's and the builtins' frames."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename in (__file__, core_builtins.__file__):
        frame = frame.f_back
    if frame is None:  # pragma: no cover - always called from traced code
        return "an unknown place"
    code = frame.f_code
    return f"{code.co_name} ({code.co_filename}:{frame.f_lineno})"


def _refuse(what: str) -> XmileExportError:
    return XmileExportError(
        f"model {_trace.model_name!r}: {what} in {_where()}; XMILE export maps arithmetic (+ - * / **), "
        "the sim.core builtins STEP, PULSE, PULSE TRAIN, RAMP, lookup, lookup_extrapolate, lookup_backward, "
        "SMOOTH/SMOOTH N/DELAY1/DELAY3/TREND, and min, max, abs, exp, log, sqrt and the trigonometric functions "
        "(see docs/XMILE_EXPORT.md)"
    )


def _wrap(value) -> "Expr":
    if isinstance(value, Expr):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise _refuse(f"a boolean {value!r} used as a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return Const(float(value))
    raise _refuse(f"a value {value!r} of type {type(value).__name__} used in an equation")


class Expr:
    """A symbolic value: arithmetic builds a tree; a branch or a conversion on it is refused."""

    __slots__ = ("__weakref__",)
    __hash__ = object.__hash__

    def __add__(self, other):
        return _binary("+", self, other)

    def __radd__(self, other):
        return _binary("+", other, self)

    def __sub__(self, other):
        return _binary("-", self, other)

    def __rsub__(self, other):
        return _binary("-", other, self)

    def __mul__(self, other):
        return _binary("*", self, other)

    def __rmul__(self, other):
        return _binary("*", other, self)

    def __truediv__(self, other):
        return _binary("/", self, other)

    def __rtruediv__(self, other):
        return _binary("/", other, self)

    def __pow__(self, other):
        return _binary("^", self, other)

    def __rpow__(self, other):
        return _binary("^", other, self)

    def __mod__(self, other):
        return _binary("MOD", self, other)

    def __rmod__(self, other):
        return _binary("MOD", other, self)

    def __neg__(self):
        return Neg(self)

    def __pos__(self):
        return self

    def __lt__(self, other):
        return Compare("<", self, _wrap(other))

    def __le__(self, other):
        return Compare("<=", self, _wrap(other))

    def __gt__(self, other):
        return Compare(">", self, _wrap(other))

    def __ge__(self, other):
        return Compare(">=", self, _wrap(other))

    def __eq__(self, other):
        return Compare("=", self, _wrap(other))

    def __ne__(self, other):
        return Compare("<>", self, _wrap(other))

    def __bool__(self):
        raise _refuse("a branch (if, while, and, or, not, or a comparison used as a bool) on a model value")

    def __float__(self):
        raise _refuse("a conversion of a model value to a number (float, math.floor, ...)")

    def __int__(self):
        raise _refuse("a conversion of a model value to an integer (int, an index, ...)")

    __index__ = __int__

    def __floordiv__(self, other):
        raise _refuse("a floor division (//) of a model value")

    __rfloordiv__ = __floordiv__

    def __abs__(self):
        return Call("ABS", (self,))


class Const(Expr):
    __slots__ = ("value",)

    def __init__(self, value: float):
        self.value = value


class Leaf(Expr):
    """An element of a stock or parameter (``kind`` "stock"/"param"), or TIME/DT (``kind`` "time"/"dt")."""

    __slots__ = ("kind", "name", "index")

    def __init__(self, kind: str, name: str = "", index: int = 0):
        self.kind, self.name, self.index = kind, name, index


class Binary(Expr):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Expr, right: Expr):
        self.op, self.left, self.right = op, left, right


class Neg(Expr):
    __slots__ = ("operand",)

    def __init__(self, operand: Expr):
        self.operand = operand


class Call(Expr):
    __slots__ = ("function", "args")

    def __init__(self, function: str, args: tuple):
        self.function, self.args = function, tuple(_wrap(a) for a in args)


class Compare(Expr):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Expr, right: Expr):
        self.op, self.left, self.right = op, left, right


class Logic(Expr):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Expr, right: Expr):
        self.op, self.left, self.right = op, left, right


class If(Expr):
    __slots__ = ("condition", "then", "otherwise")

    def __init__(self, condition: Expr, then, otherwise):
        self.condition, self.then, self.otherwise = condition, _wrap(then), _wrap(otherwise)


class LookupCall(Expr):
    """A graphical function of ``table`` (a pair of parameter names) at ``x``; ``kind`` is the gf type."""

    __slots__ = ("table", "x", "kind")

    def __init__(self, table: tuple[str, str], x: Expr, kind: str):
        self.table, self.x, self.kind = table, x, kind


def _binary(op: str, left, right) -> Expr:
    left, right = _wrap(left), _wrap(right)
    # exact simplifications only (IEEE: x + 0 = x, x * 1 = x, x / 1 = x, up to the sign of a zero)
    if op == "+" and isinstance(left, Const) and left.value == 0.0:
        return right
    if op in "+-" and isinstance(right, Const) and right.value == 0.0:
        return left
    if op == "*" and isinstance(left, Const) and left.value == 1.0:
        return right
    if op in ("*", "/") and isinstance(right, Const) and right.value == 1.0:
        return left
    return Binary(op, left, right)


class _Unset:
    """A slot of ``dydt``, ``aux`` or the initial state that the kernel has not written yet."""

    def __init__(self, what: str):
        self.what = what

    def _refuse(self, *args):
        raise _refuse(f"a read of {self.what} before it is written")

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _refuse
    __pow__ = __rpow__ = __neg__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __float__ = _refuse


class _Data:
    """The model's ``data`` vector during a trace: any use of it is refused."""

    def __getattr__(self, name):
        raise _refuse(_DATA)

    def __getitem__(self, key):
        raise _refuse(_DATA)

    def __len__(self):
        raise _refuse(_DATA)


_DATA = "a read of the model's data vector (it has no XMILE form: give those numbers as parameters)"


# --- symbolic builtins --------------------------------------------------------------------


def _symbolic(*args) -> bool:
    return any(isinstance(a, Expr) for a in args)


def _logic_and(left: Expr, right: Expr) -> Expr:
    return Logic("AND", left, right)


def _step(time, time_step, height, step_time):
    if not _symbolic(time, time_step, height, step_time):
        return core_builtins.step.py_func(time, time_step, height, step_time)
    return If(_wrap(time + 0.5 * time_step) > step_time, height, 0.0)


def _ramp(time, slope, start_time, end_time):
    if not _symbolic(time, slope, start_time, end_time):
        return core_builtins.ramp.py_func(time, slope, start_time, end_time)
    end = _min(time, end_time)
    return If(_wrap(time) <= start_time, 0.0, slope * (end - start_time))


def _pulse(time, time_step, start_time, width):
    if not _symbolic(time, time_step, start_time, width):
        return core_builtins.pulse.py_func(time, time_step, start_time, width)
    if isinstance(width, Expr):
        width = If(width == 0.0, time_step, width)
    elif width == 0.0:
        width = time_step
    time_plus = _wrap(time + 0.5 * time_step)
    return If(_logic_and(time_plus > start_time, time_plus < start_time + width), 1.0, 0.0)


def _pulse_train(time, time_step, start_time, width, interval, end_time):
    if not _symbolic(time, time_step, start_time, width, interval, end_time):
        return core_builtins.pulse_train.py_func(time, time_step, start_time, width, interval, end_time)
    time_plus = _wrap(time + 0.5 * time_step)
    length = _max(width, time_step)
    inside = _logic_and(time_plus > start_time, time_plus < end_time)
    on = If(_wrap(interval) <= length, 1.0, If(_wrap((time_plus - start_time) % interval) < length, 1.0, 0.0))
    return If(inside, on, 0.0)


def _trend_value(value, state, average_time):
    if not _symbolic(value, state, average_time):
        return core_builtins.trend_value.py_func(value, state, average_time)
    denominator = average_time * _abs(state)
    return If(_wrap(denominator) == 0.0, 0.0, (value - state) / denominator)


def _table(xs, ys) -> tuple[str, str]:
    """The parameter names of a lookup's tables: each must be the whole of a 1-D parameter."""
    names = []
    for array in (xs, ys):
        leaves = list(np.asarray(array, dtype=object).ravel()) if isinstance(array, np.ndarray) else None
        if not leaves or not all(isinstance(v, Leaf) and v.kind == "param" for v in leaves):
            raise _refuse("a lookup whose table is not a parameter")
        name = leaves[0].name
        size = _trace.param_sizes.get(name)
        if any(v.name != name for v in leaves) or [v.index for v in leaves] != list(range(len(leaves))) \
                or size != len(leaves):
            raise _refuse(f"a lookup on part of parameter {name!r} (allowed: the whole of a 1-D parameter)")
        names.append(name)
    return names[0], names[1]


def _lookup_of(kind: str, original):
    def symbolic_lookup(x, xs, ys):
        if not (_symbolic(x) or isinstance(xs, np.ndarray) and xs.dtype == object):
            return original.py_func(x, xs, ys)
        return LookupCall(_table(xs, ys), _wrap(x), kind)

    return symbolic_lookup


def _lookup_backward(x, xs, ys):
    """LOOKUP BACKWARD as nested IFs on the table's numbers (readers ignore a gf's type="discrete")."""
    if not (_symbolic(x) or isinstance(xs, np.ndarray) and xs.dtype == object):
        return core_builtins.lookup_backward.py_func(x, xs, ys)
    x_name, y_name = _table(xs, ys)
    points, values = _trace.values[x_name], _trace.values[y_name]
    result = _wrap(float(values[0]))
    for k in range(1, len(points)):  # the last point at or before x; the first y before the table
        result = If(_wrap(x) >= float(points[k]), float(values[k]), result)
    return result


def _lookup_extrapolate(x, xs, ys):
    """LOOKUP EXTRAPOLATE as the end segments' lines around a continuous gf (readers ignore a gf's
    type="extrapolate"); the slopes' differences are the kernel's, on the table's numbers."""
    if not (_symbolic(x) or isinstance(xs, np.ndarray) and xs.dtype == object):
        return core_builtins.lookup_extrapolate.py_func(x, xs, ys)
    table = _table(xs, ys)
    px, py = (np.asarray(_trace.values[name], dtype=np.float64) for name in table)
    n = px.size
    x = _wrap(x)
    below = float(py[0]) + (x - float(px[0])) * float(py[1] - py[0]) / float(px[1] - px[0])
    above = float(py[n - 1]) + (x - float(px[n - 1])) * float(py[n - 1] - py[n - 2]) / float(px[n - 1] - px[n - 2])
    return If(x < float(px[0]), below, If(x > float(px[n - 1]), above, LookupCall(table, x, "continuous")))


def _lookup_forward(x, xs, ys):
    raise _refuse("LOOKUP FORWARD (lookup_forward): XMILE's graphical functions have no such type")


def _min(a, b, *rest):
    if rest:
        raise _refuse("min of more than two values")
    if not _symbolic(a, b):
        return min(a, b)
    return Call("MIN", (a, b))


def _max(a, b, *rest):
    if rest:
        raise _refuse("max of more than two values")
    if not _symbolic(a, b):
        return max(a, b)
    return Call("MAX", (a, b))


def _abs(a):
    return Call("ABS", (a,)) if isinstance(a, Expr) else abs(a)


def _function(xmile: str, original):
    def symbolic_function(*args):
        if not _symbolic(*args):
            return original(*args)
        return Call(xmile, args)

    symbolic_function.__name__ = xmile
    return symbolic_function


def _refused_builtin(name: str, why: str):
    def refused(*args, **kwargs):
        raise _refuse(f"{name} ({why})")

    return refused


_NUMERIC_CALLS = {"MIN": min, "MAX": max, "ABS": abs, "EXP": math.exp, "LN": math.log, "SQRT": math.sqrt,
                  "SIN": math.sin, "COS": math.cos, "TAN": math.tan, "ARCSIN": math.asin, "ARCCOS": math.acos,
                  "ARCTAN": math.atan}
_NUMERIC_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
                "^": lambda a, b: a ** b, "MOD": lambda a, b: a % b, "<": lambda a, b: a < b,
                "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
                "=": lambda a, b: a == b, "<>": lambda a, b: a != b, "AND": lambda a, b: a and b,
                "OR": lambda a, b: a or b}


def _evaluate(node) -> float:
    """The number a traced expression has at the start, with the export's parameter values and DT: a
    stock is its traced initial value. For what the export must fix as a number (a delay's order)."""
    if not isinstance(node, Expr):
        return node
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Leaf):
        if node.kind == "time":
            return _trace.start
        if node.kind == "dt":
            return _trace.dt
        if node.kind == "param":
            return float(_trace.values[node.name][node.index])
        if _trace.initial is None:
            raise _refuse(f"a number fixed at export that reads stock {node.name!r} in the initial state")
        return _evaluate(_trace.initial[_trace.stock_offsets[node.name] + node.index])
    if isinstance(node, Neg):
        return -_evaluate(node.operand)
    if isinstance(node, (Binary, Compare, Logic)):
        return _NUMERIC_OPS[node.op](_evaluate(node.left), _evaluate(node.right))
    if isinstance(node, Call):
        return _NUMERIC_CALLS[node.function](*(_evaluate(a) for a in node.args))
    if isinstance(node, If):
        return _evaluate(node.then) if _evaluate(node.condition) else _evaluate(node.otherwise)
    if isinstance(node, LookupCall):
        xs, ys = (np.asarray(_trace.values[name], dtype=np.float64) for name in node.table)
        return core_builtins.lookup.py_func(_evaluate(node.x), xs, ys)
    raise AssertionError(type(node))  # pragma: no cover


def _delay_order(order, delay_time, time_step):
    """Vensim's lowered order, fixed at export from the initial delay time and DT (warned if lowered):
    the file's delay keeps that order, as Vensim fixes it at initialisation."""
    requested, initial_time, step = (_evaluate(_wrap(v)) for v in (order, delay_time, time_step))
    used = core_builtins.delay_order.py_func(requested, initial_time, step)
    if used < max(int(requested), 1):
        warnings.warn(DelayOrderWarning(
            f"model {_trace.model_name!r}: a material delay in {_where()} of order {int(requested)} with initial "
            f"delay time {initial_time!r} and DT {step!r} is written at order {used} (Vensim's rule); the file keeps it"
        ), stacklevel=2)
    return used


#: Where each material-delay kernel takes ``stage_wise``.
_STAGE_WISE_ARGUMENT = {"material_delay_init": 2, "material_delay_rates": 4, "material_delay_output": 3,
                        "material_delay_content": 2}


def _material_delay(original, name: str):
    """A DELAY1/DELAY3 block (``stage_wise`` false) traced as arithmetic, its order fixed at export;
    DELAY N (stage-wise: delay times shifted one slot per Euler step) is refused."""
    def traced(*args):
        stage_wise = args[_STAGE_WISE_ARGUMENT[name]]
        if stage_wise:
            raise _refuse(f"{name} of a DELAY N (stage-wise delay times: {_DISCRETE})")
        return _python_function(original.py_func, {})(*args)

    return traced


#: math and numpy functions with an XMILE function of the same value.
_MATH = {"exp": "EXP", "log": "LN", "sqrt": "SQRT", "sin": "SIN", "cos": "COS", "tan": "TAN", "asin": "ARCSIN",
         "acos": "ARCCOS", "atan": "ARCTAN", "fabs": "ABS"}
_NUMPY = {"exp": "EXP", "log": "LN", "sqrt": "SQRT", "sin": "SIN", "cos": "COS", "tan": "TAN", "arcsin": "ARCSIN",
          "arccos": "ARCCOS", "arctan": "ARCTAN", "abs": "ABS", "absolute": "ABS", "fabs": "ABS"}


class _Namespace:
    """``math`` or ``numpy`` during a trace: the mapped functions symbolic, the rest the module's own."""

    def __init__(self, module, mapped: dict[str, object]):
        self._module, self._mapped = module, mapped

    def __getattr__(self, name):
        if name in self._mapped:
            return self._mapped[name]
        return getattr(self._module, name)


_MATH_NAMESPACE = _Namespace(math, {name: _function(x, getattr(math, name)) for name, x in _MATH.items()})
_NUMPY_NAMESPACE = _Namespace(np, {**{name: _function(x, getattr(np, name)) for name, x in _NUMPY.items()},
                                   "minimum": _min, "maximum": _max})

_DISCRETE = "discrete internal state with no XMILE form"
#: Replacements of the builtins (and Python functions) that branch on values, by identity.
_REPLACEMENTS = {
    core_builtins.step: _step,
    core_builtins.ramp: _ramp,
    core_builtins.pulse: _pulse,
    core_builtins.pulse_train: _pulse_train,
    core_builtins.trend_value: _trend_value,
    core_builtins.lookup: _lookup_of("continuous", core_builtins.lookup),
    core_builtins.lookup_extrapolate: _lookup_extrapolate,
    core_builtins.lookup_backward: _lookup_backward,
    core_builtins.lookup_forward: _lookup_forward,
    core_builtins.delay_order: _delay_order,
    **{function: _material_delay(function, function.__name__) for function in (
        core_builtins.material_delay_init, core_builtins.material_delay_rates,
        core_builtins.material_delay_output, core_builtins.material_delay_content)},
    core_builtins.smooth_n_order_rates: _refused_builtin("smooth_n_order_rates (SMOOTH N of a parameter order)",
                                                         _DISCRETE),
    core_builtins.delay_fixed_init: _refused_builtin("delay_fixed_init (DELAY FIXED)", _DISCRETE),
    core_builtins.delay_fixed_rates: _refused_builtin("delay_fixed_rates (DELAY FIXED)", _DISCRETE),
}
_REPLACEMENTS.update({getattr(math, name): _MATH_NAMESPACE._mapped[name] for name in _MATH})
_REPLACEMENTS.update({getattr(np, name): _NUMPY_NAMESPACE._mapped[name] for name in _NUMPY})
_REPLACEMENTS.update({np.minimum: _min, np.maximum: _max})


def _replacement(value, rebuilt: dict):
    """What a global of a traced function becomes: its symbolic version, or the value itself."""
    try:
        if value in _REPLACEMENTS:
            return _REPLACEMENTS[value]
    except TypeError:  # unhashable
        return value
    if value is math:
        return _MATH_NAMESPACE
    if value is np:
        return _NUMPY_NAMESPACE
    if isinstance(value, numba.core.dispatcher.Dispatcher):
        return _python_function(value.py_func, rebuilt)
    return value


def _python_function(function, rebuilt: dict):
    """``function`` with every global it uses replaced (kernels by their own rebuilt Python function)."""
    if id(function) in rebuilt:
        return rebuilt[id(function)]
    namespace = dict(function.__globals__)
    copy = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                              function.__closure__)
    rebuilt[id(function)] = copy
    for name in function.__code__.co_names:
        if name in namespace:
            namespace[name] = _replacement(namespace[name], rebuilt)
    namespace.update(min=_min, max=_max, abs=_abs)
    return copy


# --- tracing ----------------------------------------------------------------------------------


def _leaves(layout: Layout, kind: str) -> np.ndarray:
    array = np.empty(layout.size, dtype=object)
    for entry in layout.entries:
        where = layout.slice(entry.name)
        for k, slot in enumerate(range(where.start, where.stop)):
            array[slot] = Leaf(kind, entry.name, k)
    return array


def _unset(layout: Layout, what: str) -> np.ndarray:
    array = np.empty(layout.size, dtype=object)
    for entry in layout.entries:
        where = layout.slice(entry.name)
        for k, slot in enumerate(range(where.start, where.stop)):
            array[slot] = _Unset(f"{what} of {entry.name!r} (element {k})")
    return array


def _call(kernel, args) -> None:
    """Run ``kernel``'s Python function (rebuilt for the trace) on ``args``."""
    _python_function(getattr(kernel, "py_func", kernel), {})(*args)


# --- names ------------------------------------------------------------------------------------


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise XmileExportError(f"model {_trace.model_name!r}: the number {value!r} has no XMILE form")
    text = repr(float(value))
    return f"({text})" if text.startswith("-") else text


class _Writer:
    """Names and equations of one export."""

    def __init__(self, model: Model, coords: Mapping, dt_name: str):
        self.model = model
        self.dt_name = dt_name
        self.layouts = {"stock": model.stock_layout, "param": model.param_layout, "aux": model.aux_layout}
        self.dimensions = self._dimensions(coords)
        self.names: dict[int, tuple[str, tuple[int, ...]]] = {}  # id(node) -> (variable, element index)
        self.current: dict[str, str] | None = None  # dimension -> element, in an apply-to-all equation
        self.extra: dict[str, object] = {}  # variables the export adds (flows, helpers) -> their declaration
        self.referenced: set[str] = set()

    def _dimensions(self, coords: Mapping) -> dict[tuple[str, int], tuple[str, tuple[str, ...]]]:
        """(dim, size) -> (XMILE dimension name, element names), for every axis of every variable."""
        sizes: dict[str, set[int]] = {}
        for layout in self.layouts.values():
            for entry in layout.entries:
                for dim, size in zip(entry.dims, entry.shape):
                    sizes.setdefault(dim, set()).add(size)
        unknown = sorted(set(coords) - set(sizes))
        if unknown:
            raise XmileExportError(f"coords names unknown dimension(s) {unknown}; allowed: {sorted(sizes)}")
        dimensions = {}
        for dim in sorted(sizes):
            for size in sorted(sizes[dim]):
                name = dim if len(sizes[dim]) == 1 else f"{dim}_{size}"
                if dim in coords:
                    elements = tuple(str(e) for e in coords[dim])
                    if len(elements) != size:
                        raise XmileExportError(
                            f"coords[{dim!r}] has {len(elements)} names; dimension {dim!r} has {size} elements "
                            f"(sizes used: {sorted(sizes[dim])})"
                        )
                else:
                    elements = tuple(f"{name} {k + 1}" for k in range(size))
                # XMILE: names are case-insensitive and an underscore is a space; equations write underscores
                elements = tuple(" ".join(e.replace("_", " ").split()) for e in elements)
                dimensions[(dim, size)] = (name, elements)
        seen: dict[str, str] = {}
        for name, elements in dimensions.values():
            for element in elements:
                _check_name(f"element of dimension {name!r}", element)
                key = element.lower()
                if key in seen or not element:
                    raise XmileExportError(
                        f"element name {element!r} of dimension {name!r} is empty or also in dimension "
                        f"{seen.get(key)!r}; element names must be unique (XMILE names ignore case, _ is a space)"
                    )
                seen[key] = name
        return dimensions

    def elements(self, entry) -> list[tuple[str, ...]]:
        """Element names of every element of ``entry`` in C order (one empty tuple for a scalar)."""
        axes = [self.dimensions[(dim, size)][1] for dim, size in zip(entry.dims, entry.shape)]
        return list(itertools.product(*axes))

    def dims(self, entry) -> list[str]:
        return [self.dimensions[(dim, size)][0] for dim, size in zip(entry.dims, entry.shape)]

    def reference(self, variable: str, entry, index: int) -> str:
        """``variable[element, ...]``; in an apply-to-all equation (``self.current``: dimension ->
        the element being written) an axis at the current element is written as its dimension."""
        self.referenced.add(variable)
        written = variable.replace(" ", "_")
        if not entry.shape:
            return written
        current = self.current or {}
        subscripts = [dim if current.get(dim) == element else element.replace(" ", "_")
                      for dim, element in zip(self.dims(entry), self.elements(entry)[index])]
        return f"{written}[{', '.join(subscripts)}]"

    # --- equations --------------------------------------------------------------------------

    def equation(self, node, owner=None) -> str:
        """XMILE text of ``node``; ``owner`` (variable, index) is the element being defined."""
        node = _wrap(node)
        text = self._emit(node, owner, {})
        return text[1:-1] if text.startswith("(") and _balanced(text[1:-1]) else text

    def _emit(self, node: Expr, owner, memo: dict) -> str:
        key = id(node)
        if key in memo:
            return memo[key]
        named = self.names.get(key)
        if named is not None and named != owner:
            variable, index = named
            text = self.reference(variable, self.entry(variable), index)
        elif isinstance(node, LookupCall) and named is None:  # pragma: no cover - every call is named
            raise AssertionError("unnamed lookup call")
        else:
            text = self._emit_new(node, owner, memo)
        memo[key] = text
        return text

    def _emit_new(self, node: Expr, owner, memo: dict) -> str:
        emit = lambda child: self._emit(child, owner, memo)  # noqa: E731
        if isinstance(node, Const):
            return _number(node.value)
        if isinstance(node, Leaf):
            if node.kind == "time":
                return "TIME"
            if node.kind == "dt":
                return self.dt_name
            layout = self.layouts[node.kind]
            return self.reference(node.name, layout[node.name], node.index)
        if isinstance(node, Binary):
            op = " mod " if node.op == "MOD" else f" {node.op} "  # PySD's grammar reads only "mod"
            left = emit(node.left)
            if _same_level(node.left, node.op) and self.names.get(id(node.left)) in (None, owner):
                left = left[1:-1]  # (a + b) - c is a + b - c: left-associative, the same operations in order
            return f"({left}{op}{emit(node.right)})"
        if isinstance(node, Neg):
            return f"(-{emit(node.operand)})"
        if isinstance(node, Call):
            return f"{node.function}({', '.join(emit(a) for a in node.args)})"
        if isinstance(node, (Compare, Logic)):
            return f"({emit(node.left)} {node.op} {emit(node.right)})"
        if isinstance(node, If):
            return f"(IF {emit(node.condition)} THEN {emit(node.then)} ELSE {emit(node.otherwise)})"
        if isinstance(node, LookupCall):  # the variable that carries the gf: its equation is the input
            return emit(node.x)
        raise AssertionError(type(node))  # pragma: no cover

    def entry(self, variable: str):
        for layout in self.layouts.values():
            if variable in layout:
                return layout[variable]
        return self.extra[variable]


def _same_level(node: Expr, op: str) -> bool:
    """Whether ``node`` is an inline operation of the precedence of ``op`` (+ and -, or * and /)."""
    levels = ({"+", "-"}, {"*", "/"})
    return isinstance(node, Binary) and any(op in level and node.op in level for level in levels)


def _check_name(what: str, name: str) -> None:
    """Refuse a name that an XMILE equation cannot write unquoted: letters, digits, ``_`` and spaces only."""
    if not re.fullmatch(r"\w[\w ]*", name):
        raise XmileExportError(f"{what} {name!r} is not allowed; allowed: letters, digits, _ and spaces, "
                               "starting with a letter, digit or _")


def _balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _lookup_calls(nodes) -> list[LookupCall]:
    """Every LookupCall reachable from ``nodes``, in first-visit order (each once)."""
    found, seen, stack = [], set(), list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        if not isinstance(node, Expr) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, LookupCall):
            found.append(node)
        children = {Binary: ("left", "right"), Compare: ("left", "right"), Logic: ("left", "right"),
                    Neg: ("operand",), If: ("condition", "then", "otherwise"), LookupCall: ("x",)}.get(type(node), ())
        kids = [getattr(node, c) for c in children] + (list(node.args) if isinstance(node, Call) else [])
        stack.extend(reversed(kids))
    return found


# --- the export -------------------------------------------------------------------------------


def to_xmile(model: Model, path: str | os.PathLike | None = None, *, start: float, stop: float, dt: float,
             saveper: float | None = None, method: str = "euler", coords: Mapping | None = None,
             params: Mapping | None = None, initial: Mapping | None = None, time_units: str | None = None,
             dt_name: str = "DT") -> str:
    """Write ``model`` as an XMILE 1.0 file and return its text.

    Parameters
    ----------
    model : Model
        A model declared in ``sim.core`` (its ``init`` and ``rhs`` are traced, see the module docstring).
    path : path, optional
        Where to write the file; written atomically (a temporary file beside it, then renamed).
    start, stop, dt, saveper : float
        ``<sim_specs>``: start, stop, DT and its ``save_interval`` attribute (saveper, written when given).
    method : "euler" or "rk4"
    coords : mapping of dimension name to element names, optional
        Names of a dimension's elements (``{"region": REGIONS}``); other dimensions get
        ``"<dimension> 1"``, ``"<dimension> 2"``, ... (written ``dimension_1`` in equations).
    params : mapping, optional
        Parameter values replacing the defaults (one scenario); a parameter without a default must
        be given. The ``time_step`` parameter is ``DT``.
    initial : mapping, optional
        Initial values of stocks: required for every stock of a model without ``init``; given for a
        model with ``init``, they replace its values (as in :meth:`Model.run`).
    time_units : str, optional
        ``time_units`` of ``<sim_specs>`` (the unit of TIME and DT).
    dt_name : str
        How equations name the run's time step: ``"DT"`` (XMILE, Stella, pysimlin), or
        ``"TIME_STEP"`` for PySD 3.14, whose XMILE translator does not know DT (only the models
        that use TIME STEP, through ``Model(time_step=...)``, are affected).

    Raises
    ------
    XmileExportError (a ValueError)
        For a construct with no XMILE form (naming the function and line), a missing value, or a
        name that XMILE cannot tell from another.
    """
    if method not in _METHODS:
        raise XmileExportError(f"method={method!r} is not allowed; allowed: {sorted(_METHODS)}")
    for name, value in (("start", start), ("stop", stop), ("dt", dt)) + ((("saveper", saveper),) if saveper else ()):
        if not (isinstance(value, (int, float)) and math.isfinite(value)):
            raise XmileExportError(f"{name}={value!r} is not allowed; allowed: a finite number")
    if not (dt > 0 and stop > start):
        raise XmileExportError(f"start={start!r}, stop={stop!r}, dt={dt!r}: allowed: dt > 0 and stop > start")
    if model.event is not None:
        raise XmileExportError(f"model {model.name!r} has an event function (scheduled changes of the state); "
                               "XMILE has no form for it")
    _trace.model_name = model.name
    _trace.param_sizes = {e.name: math.prod(e.shape) for e in model.param_layout.entries if len(e.shape) == 1}
    values = _parameter_values(model, params or {}, dt)
    _trace.values = values
    given = _initial_values(model, initial or {})

    # trace
    p = _leaves(model.param_layout, "param")
    if model.time_step is not None:
        p[model.param_layout.offset(model.time_step)] = Leaf("dt")
    time = Leaf("time")
    y0 = _unset(model.stock_layout, "the initial value")
    for name, array in given.items():
        for slot, value in zip(range(*model.stock_layout.slice(name).indices(model.stock_layout.size)), array):
            y0[slot] = Const(float(value))
    if model.init is not None:
        _call(model.init, (time, p, _Data(), y0))
    for name, array in given.items():  # given values win over init's, as in Model.run
        for slot, value in zip(range(*model.stock_layout.slice(name).indices(model.stock_layout.size)), array):
            y0[slot] = Const(float(value))
    y = _leaves(model.stock_layout, "stock")
    dydt = _unset(model.stock_layout, "the derivative")
    aux = _unset(model.aux_layout, "the auxiliary")
    _trace.initial, _trace.start, _trace.dt = y0, float(start), float(dt)
    _trace.stock_offsets = {name: model.stock_layout.offset(name) for name in model.stock_layout.names}
    _call(model.rhs, (time, y, p, _Data(), dydt, aux))
    for array, what in ((y0, "init does not write (and initial does not give)"), (dydt, "rhs does not write"),
                        (aux, "rhs does not write")):
        for value in array:
            if isinstance(value, _Unset):
                raise XmileExportError(f"model {model.name!r}: {what} {value.what}")

    with _DEEP_RECURSION:  # writing recurses once per operation of the deepest expression (a long sum)
        return _write(model, path, values, y0, dydt, aux, coords or {}, dt_name,
                      dict(start=start, stop=stop, dt=dt, saveper=saveper, method=method, time_units=time_units))


class _RaisedRecursionLimit:
    """Context: the interpreter's recursion limit (one for the whole process) at least ``frames``
    while any thread is inside, restored when the last one leaves, so that one export finishing
    cannot lower the limit under another still writing."""

    def __init__(self, frames: int):
        self.frames = frames
        self._lock = threading.Lock()
        self._inside = 0
        self._saved = 0

    def __enter__(self):
        with self._lock:
            if self._inside == 0:
                self._saved = sys.getrecursionlimit()
                sys.setrecursionlimit(max(self._saved, self.frames))
            self._inside += 1

    def __exit__(self, *exc):
        with self._lock:
            self._inside -= 1
            if self._inside == 0:
                sys.setrecursionlimit(self._saved)


#: Python frames allowed while writing: a sum of about 3000 terms.
_DEEP_RECURSION = _RaisedRecursionLimit(10_000)


def _parameter_values(model: Model, params: Mapping, dt: float) -> dict[str, np.ndarray]:
    if model.time_step is not None and model.time_step in params:
        raise XmileExportError(f"params[{model.time_step!r}] is given; allowed: leave it out, it is DT")
    given = dict(params)
    if model.time_step is not None:
        given[model.time_step] = dt
    missing = [e.name for e in model.param_layout.entries if e.default is None and e.name not in given]
    if missing:
        raise XmileExportError(f"model {model.name!r}: parameter(s) {missing} have no default; give them in params")
    try:
        row = model.param_matrix(given)[0]
    except ValueError as error:
        raise XmileExportError(str(error)) from None
    return {e.name: row[model.param_layout.slice(e.name)] for e in model.param_layout.entries}


def _initial_values(model: Model, initial: Mapping) -> dict[str, np.ndarray]:
    layout = model.stock_layout
    unknown = sorted(set(initial) - set(layout.names))
    if unknown:
        raise XmileExportError(f"initial has unknown name(s) {unknown}; allowed: {sorted(layout.names)}")
    values = {}
    for name, value in initial.items():
        array = np.asarray(value, dtype=np.float64)
        shape = layout[name].shape
        if array.shape != shape:
            if array.ndim != 0:
                raise XmileExportError(f"initial[{name!r}] has shape {array.shape}; allowed: {shape} or a number")
            array = np.full(shape, float(array))
        values[name] = array.ravel()
    if model.init is None:
        missing = [name for name in layout.names if name not in values]
        if missing:
            raise XmileExportError(f"model {model.name!r} has no init function; initial is missing {missing}")
    return values


def _sub(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", {k: v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _write(model, path, values, y0, dydt, aux, coords, dt_name, specs) -> str:
    writer = _Writer(model, coords, dt_name)
    stocks, params, auxes = model.stock_layout, model.param_layout, model.aux_layout
    for layout in (stocks, params, auxes):
        for name in layout.names:
            _check_name("variable", name)
    for dim, _ in writer.dimensions.values():
        _check_name("dimension", dim)
    taken = {name.lower().replace(" ", "_"): name for layout in (stocks, params, auxes) for name in layout.names}
    if len(taken) != len(stocks.names) + len(params.names) + len(auxes.names):
        raise XmileExportError(f"model {model.name!r} has names that differ only in case or in _ against a space; "
                               "XMILE names do not tell them apart")

    def new_name(name: str, shape_of) -> str:
        key = name.lower().replace(" ", "_")
        if key in taken:
            raise XmileExportError(
                f"model {model.name!r}: the XMILE export's variable {name!r} clashes with {taken[key]!r}"
            )
        taken[key] = name
        writer.extra[name] = shape_of
        return name

    # names: auxiliaries first (their declared order), then net flows
    for entry in auxes.entries:
        for k, slot in enumerate(range(*auxes.slice(entry.name).indices(auxes.size))):
            node = aux[slot]
            if isinstance(node, Expr) and not isinstance(node, (Leaf, Const)):
                writer.names.setdefault(id(node), (entry.name, k))
    flows = {}
    for entry in stocks.entries:
        flows[entry.name] = new_name(f"change_in_{entry.name}", entry)
        for k, slot in enumerate(range(*stocks.slice(entry.name).indices(stocks.size))):
            node = dydt[slot]
            if isinstance(node, Expr) and not isinstance(node, (Leaf, Const)):
                writer.names.setdefault(id(node), (flows[entry.name], k))

    # lookups: an auxiliary all of whose elements are calls of one table carries the gf; other calls get helpers
    gf_of: dict[str, tuple[tuple[str, str], str]] = {}
    for entry in auxes.entries:
        nodes = list(aux[auxes.slice(entry.name)])
        if all(isinstance(n, LookupCall) for n in nodes) and len({(n.table, n.kind) for n in nodes}) == 1 \
                and all(writer.names.get(id(n)) == (entry.name, k) for k, n in enumerate(nodes)):
            gf_of[entry.name] = (nodes[0].table, nodes[0].kind)
    calls = _lookup_calls(list(y0) + list(dydt) + list(aux))
    helpers: list[tuple[str, LookupCall]] = []
    unnamed: dict[tuple[str, str], list[LookupCall]] = {}
    for call in calls:
        named = writer.names.get(id(call))
        if named is None or named[0] not in gf_of:
            unnamed.setdefault(call.table, []).append(call)
    for table, group in unnamed.items():
        stem = _stem(table)
        for k, call in enumerate(group, 1):
            name = new_name(f"{stem}_lookup" + (f"_{k}" if len(group) > 1 else ""), _Scalar)
            writer.names[id(call)] = (name, 0)  # a helper is named even where an aux stores the call
            helpers.append((name, call))

    root = ET.Element(f"{{{NAMESPACE}}}xmile", {"version": "1.0"})
    header = _sub(root, "header")
    _sub(header, "vendor", "sim")
    _sub(header, "product", "sim.core", version="1.0")
    _sub(header, "name", model.name)
    sim_specs = {"method": _METHODS[specs["method"]]}
    if specs["time_units"]:
        sim_specs["time_units"] = specs["time_units"]
    if specs["saveper"]:
        sim_specs["save_interval"] = repr(float(specs["saveper"]))  # an attribute, as pysimlin reads it
    spec = _sub(root, "sim_specs", **sim_specs)
    for tag in ("start", "stop", "dt"):
        _sub(spec, tag, repr(float(specs[tag])))
    dimensions = _sub(root, "dimensions")  # filled at the end with the dimensions that variables use
    variables = _sub(_sub(root, "model"), "variables")
    used_dimensions = set()

    def dimensions_of(parent, entry):
        if entry.shape:
            dims = _sub(parent, "dimensions")
            for name in writer.dims(entry):
                _sub(dims, "dim", name=name)
                used_dimensions.add(name)

    def declare(parent, units, doc):
        if units:
            _sub(parent, "units", units)
        if doc:
            _sub(parent, "doc", doc)

    def equations(parent, entry, variable, nodes):
        """One <eqn> for a scalar or for an array whose elements' equations are one equation over its
        dimensions (apply-to-all); otherwise one <element subscript=...> per element."""
        if not entry.shape:
            _sub(parent, "eqn", writer.equation(nodes[0], (variable, 0)))
            return
        dims = writer.dims(entry)
        if len(set(dims)) == len(dims):
            generic = set()
            for k, (elements, node) in enumerate(zip(writer.elements(entry), nodes)):
                writer.current = dict(zip(dims, elements))
                generic.add(writer.equation(node, (variable, k)))
                writer.current = None
                if len(generic) > 1:
                    break
            if len(generic) == 1:
                _sub(parent, "eqn", generic.pop())
                return
        for k, (elements, node) in enumerate(zip(writer.elements(entry), nodes)):
            element = _sub(parent, "element", subscript=",".join(elements))
            _sub(element, "eqn", writer.equation(node, (variable, k)))

    initial_helpers = []
    for entry in stocks.entries:
        stock = _sub(variables, "stock", name=entry.name)
        dimensions_of(stock, entry)
        nodes = list(y0[stocks.slice(entry.name)])
        if not entry.shape:
            _sub(stock, "eqn", writer.equation(nodes[0]))
        else:
            whole = _whole_reference(nodes, writer)
            if whole is None:
                whole = new_name(f"init_{entry.name}", entry)
                initial_helpers.append((whole, entry, nodes))
            _sub(stock, "eqn", whole)
        _sub(stock, "inflow", flows[entry.name])
        declare(stock, entry.units, entry.description)
    for entry in stocks.entries:
        flow = _sub(variables, "flow", name=flows[entry.name])
        dimensions_of(flow, entry)
        equations(flow, entry, flows[entry.name], list(dydt[stocks.slice(entry.name)]))
        units = f"({entry.units})" if any(c in entry.units for c in "/*^") else entry.units
        declare(flow, f"{units}/{specs['time_units']}" if entry.units and specs["time_units"] else "",
                f"net flow of {entry.name} (the model's derivative)")
    for entry in auxes.entries:
        variable = _sub(variables, "aux", name=entry.name)
        dimensions_of(variable, entry)
        equations(variable, entry, entry.name, list(aux[auxes.slice(entry.name)]))
        if entry.name in gf_of:
            _gf(variable, gf_of[entry.name], values)
        declare(variable, entry.units, entry.description)
    for name, call in helpers:
        variable = _sub(variables, "aux", name=name)
        _sub(variable, "eqn", writer.equation(call, (name, 0)))
        _gf(variable, (call.table, call.kind), values)
        _sub(variable, "doc", f"lookup of table {call.table[0]}/{call.table[1]}")
    for name, entry, nodes in initial_helpers:
        variable = _sub(variables, "aux", name=name)
        dimensions_of(variable, entry)
        equations(variable, entry, name, nodes)
        declare(variable, entry.units, f"initial value of {entry.name}")
    # parameters last: only now is it known which ones the equations use
    lookup_params = {name for pair in [c.table for c in calls] for name in pair}
    for entry in params.entries:
        if entry.name == model.time_step or (entry.name in lookup_params and entry.name not in writer.referenced):
            continue
        variable = _sub(variables, "aux", name=entry.name)
        dimensions_of(variable, entry)
        equations(variable, entry, entry.name, [Const(float(v)) for v in values[entry.name]])
        declare(variable, entry.units, f"source: {entry.source}" if entry.source else "")

    for name, elements in sorted(writer.dimensions.values()):
        if name in used_dimensions:
            dim = _sub(dimensions, "dim", name=name)
            for element in elements:
                _sub(dim, "elem", name=element)
    if not used_dimensions:
        root.remove(dimensions)
    ET.register_namespace("", NAMESPACE)
    ET.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    if path is not None:
        _write_atomically(Path(path), text)
    return text


class _Scalar:
    shape = ()
    dims = ()


def _stem(table: tuple[str, str]) -> str:
    x, y = table
    if x.endswith("_x") and y.endswith("_y") and x[:-2] == y[:-2]:
        return x[:-2]
    return y


def _whole_reference(nodes, writer: _Writer) -> str | None:
    """The name of a parameter whose elements are, one to one, ``nodes`` (an apply-to-all equation)."""
    first = nodes[0]
    if not (isinstance(first, Leaf) and first.kind == "param"):
        return None
    entry = writer.model.param_layout[first.name]
    if math.prod(entry.shape) != len(nodes) or not all(
            isinstance(n, Leaf) and n.kind == "param" and n.name == first.name and n.index == k
            for k, n in enumerate(nodes)):
        return None
    writer.referenced.add(first.name)
    return first.name


def _gf(parent, table_kind, values) -> None:
    (x_name, y_name), kind = table_kind
    gf = _sub(parent, "gf", type=kind)
    _sub(gf, "xpts", ",".join(repr(float(v)) for v in values[x_name]))
    _sub(gf, "ypts", ",".join(repr(float(v)) for v in values[y_name]))


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it: ``path`` is complete or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
