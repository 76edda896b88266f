"""Translate PySD's abstract model of a Vensim or XMILE file into the Python source of a ``sim.core`` model.

PySD's translators parse the file (no parser of our own) into an abstract model: sections, elements,
components, each component an abstract syntax tree (``pysd.translators.structures``). This module
walks that tree and writes two compiled functions with ``sim.core``'s signatures:

``init(t, p, data, y)``
    Every stock, auxiliary and builtin state in the order of their *initial* dependencies (a stock's
    initial expression, a SMOOTH's initial value, ...), so a stock may start from an auxiliary.
``rhs(t, y, p, data, dydt, aux)``
    Auxiliaries in dependency order (stocks and builtin states are known), then the stocks' flows,
    then the builtin states' rates, which may read any auxiliary.

Declarations follow the file: a literal constant (a number or a list of numbers) is a
:class:`~sim.core.layout.Param` with the file's value as default; ``INTEG`` a
:class:`~sim.core.layout.Stock`; everything else an :class:`~sim.core.layout.Aux`, stored in the
``aux`` vector (the output) and read from a local variable where :func:`_emit` can (the equations of
one range fused into one loop; every operation as written, so the results are those of one loop per
equation, bit for bit). A subscript range is an array dimension; an equation over
ranges is a loop over their elements. Builtin states (SMOOTH, DELAY, TREND, INITIAL) are hidden
stocks named ``<variable>__<builtin>``, advanced by the integrator like any stock.

Every Vensim function and builtin maps to a ``sim.core`` call through the one table
:data:`BUILTINS`. What has no entry there, or no branch below, raises :class:`TranslationError`
naming the construct, the variable, the line and the equation: nothing is skipped.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from unicodedata import normalize

import numpy as np

from sim.core.builtins import delay_fixed_slots, material_delay_slots

#: Vensim builtin -> the ``sim.core`` call generated for it. ``{0}``, ``{1}``, ... are the Vensim
#: arguments in order; ``t`` is the time; named fields are filled by the translator: ``{state}`` a
#: state slot, ``{stages}``/``{rates}`` the stage slots and their derivatives, ``{last}`` the last
#: stage, ``{order}`` the order, ``{xs}``/``{ys}`` a lookup's points, ``{dt}`` the run's TIME STEP
#: (the parameter ``TIME_STEP``, set to each run's dt by ``Model(time_step=...)``). The functions come from
#: ``sim.core.builtins`` and ``sim.core.vensim.functions``. The one place to change a mapping.
BUILTINS = {
    # test inputs (sim.core.builtins: Vensim's time + TIME STEP/2 rule, PULSE of width 0 one step)
    "STEP": "step(t, {dt}, {0}, {1})",
    "RAMP": "ramp(t, {0}, {1}, {2})",
    "PULSE": "pulse(t, {dt}, {0}, {1})",
    "PULSE TRAIN": "pulse_train(t, {dt}, {0}, {2}, {1}, {3})",  # PySD's order: start, interval, width, end
    # arithmetic
    "MIN": "min({0}, {1})",
    "MAX": "max({0}, {1})",
    "ABS": "abs({0})",
    "EXP": "math.exp({0})",
    "LN": "math.log({0})",
    "LOG": "(math.log({0}) / math.log({1}))",
    "SQRT": "math.sqrt({0})",
    "POWER": "({0} ** {1})",
    "SIN": "math.sin({0})",
    "COS": "math.cos({0})",
    "TAN": "math.tan({0})",
    "ARCSIN": "math.asin({0})",
    "ARCCOS": "math.acos({0})",
    "ARCTAN": "math.atan({0})",
    "SINH": "math.sinh({0})",
    "COSH": "math.cosh({0})",
    "TANH": "math.tanh({0})",
    "INTEGER": "integer({0})",
    "MODULO": "modulo({0}, {1})",
    "XIDZ": "xidz({0}, {1}, {2})",
    "ZIDZ": "zidz({0}, {1})",
    "IF THEN ELSE": "({1} if {0} else {2})",
    # one argument while running, another at initialisation (its dependencies count there only)
    "ACTIVE INITIAL": {"rhs": "{0}", "init": "{1}"},
    # lookups: a named lookup called with one argument, or WITH LOOKUP
    "LOOKUP": "lookup({0}, {xs}, {ys})",
    # LOOKUP EXTRAPOLATE/FORWARD/BACKWARD(table, x): {0} is the named lookup, {xs}/{ys} its points
    "LOOKUP EXTRAPOLATE": "lookup_extrapolate({1}, {xs}, {ys})",
    "LOOKUP FORWARD": "lookup_forward({1}, {xs}, {ys})",
    "LOOKUP BACKWARD": "lookup_backward({1}, {xs}, {ys})",
    # reductions over a subscript marked '!': an accumulator and its update in a loop
    "SUM": ("0.0", "{acc} + {0}"),
    "PROD": ("1.0", "{acc} * {0}"),
    "VMIN": ("math.inf", "min({acc}, {0})"),
    "VMAX": ("-math.inf", "max({acc}, {0})"),
    # stateful builtins, as hidden stocks: (init statement, output, rate statement)
    "SMOOTH": ("{state} = {initial}", "{state}", "{rate} = smooth_rate({input}, {state}, {time})"),
    "SMOOTH N": ("smooth_n_init({initial}, {stages})", "{last}",
                 "smooth_n_rates({input}, {stages}, {time}, {rates})"),
    # DELAY1, DELAY3 (and their I forms): a block of levels at the current delay time, the order
    # lowered as Vensim does when order × TIME STEP exceeds the initial delay time
    "DELAY": ("material_delay_init({initial}, {time}, False, {stages})",
              "material_delay_output({time}, {order}, {dt}, False, {stages})",
              "material_delay_rates({input}, {time}, {order}, {dt}, False, {stages}, {rates})"),
    # DELAY N: a stage-wise block (levels and the delay times of the last steps), Vensim's rule and
    # its order lowering (sim.core.builtins.material_delay_rates)
    "DELAY N": ("material_delay_init({initial}, {time}, True, {stages})",
                "material_delay_output({time}, {order}, {dt}, True, {stages})",
                "material_delay_rates({input}, {time}, {order}, {dt}, True, {stages}, {rates})"),
    # DELAY FIXED: a ring buffer of {order} steps (sized at load, checked before each run)
    "DELAY FIXED": ("delay_fixed_init({initial}, {time}, {stages})", "delay_fixed_output({dt}, {stages})",
                    "delay_fixed_rates({input}, {dt}, {stages}, {rates})"),
    "TREND": ("{state} = trend_init({input}, {time}, {initial_trend})", "trend_value({input}, {state}, {time})",
              "{rate} = smooth_rate({input}, {state}, {time})"),
    "INITIAL": ("{state} = {initial}", "{state}", "{rate} = 0.0"),
}

#: The parameter that holds the run's TIME STEP for STEP, PULSE and PULSE TRAIN (``{dt}``).
TIME_STEP = "vensim_time_step"

#: The control variables: PySD's key -> Vensim's name.
_CONTROL = {"initial_time": "INITIAL TIME", "final_time": "FINAL TIME", "time_step": "TIME STEP",
            "saveper": "SAVEPER"}

GENERATED_IMPORTS = (
    "import math\n\n"
    "import numpy as np\n\n"
    "from sim.core.builtins import (delay_fixed_init, delay_fixed_output, delay_fixed_rates, lookup,\n"
    "                               lookup_backward, lookup_extrapolate, lookup_forward, material_delay_init,\n"
    "                                material_delay_output, material_delay_rates, pulse,\n"
    "                               pulse_train, ramp, smooth_n_init, smooth_n_rates, smooth_rate, step, trend_init,\n"
    "                               trend_value)\n"
    "from sim.core.jit import kernel\n"
    "from sim.core.vensim.functions import integer, modulo, xidz, zidz\n"
)


class TranslationError(ValueError):
    """A construct of the file that the importer cannot translate; the message names the construct,
    the variable, the line (where known) and the equation."""


@dataclass
class Where:
    """Where an equation is in the file, for error messages."""

    variable: str
    line: int | None
    equation: str

    def describe(self) -> str:
        line = f"line {self.line}" if self.line else "line unknown"
        return f"variable {self.variable!r} ({line}: {self.equation.strip()!r})"


#: Builtins whose state is a block of slots per element (the others: one slot).
_BLOCKS = ("SMOOTH N", "DELAY", "DELAY N", "DELAY FIXED")


def _slots(builtin: str, order: int) -> int:
    """State slots of a SMOOTH N / DELAY / DELAY N of ``order``, or a DELAY FIXED of ``order`` steps
    (per element)."""
    if builtin == "DELAY FIXED":
        return delay_fixed_slots(order)
    if builtin in ("DELAY", "DELAY N"):
        return material_delay_slots(order, builtin == "DELAY N")
    return order


def refuse(construct: str, where: Where, why: str = "not supported by the importer") -> TranslationError:
    """The error for ``construct`` at ``where`` (to be raised by the caller)."""
    return TranslationError(f"{construct} in {where.describe()}: {why}")


@dataclass
class Component:
    subscripts: list[str]
    ast: object
    where: Where


@dataclass
class Variable:
    """One element of the file: its name, kind and array shape."""

    name: str
    key: str  # PySD's reference key: lower case, spaces as underscores
    ident: str  # the sim.core name
    kind: str  # stock, param, aux, lookup, control, structural
    units: str
    components: list[Component]
    dims: tuple[str, ...] = ()
    shape: tuple[int, ...] = ()
    offset: int = 0


@dataclass
class Translation:
    """Everything :func:`sim.core.vensim.load` needs to build the model: JSON-serialisable, so that
    a second load of an unchanged file skips PySD."""

    name: str
    source: str  # Python source of init and rhs
    stocks: list[dict]
    params: list[dict]
    aux: list[dict]
    lookups: list[list[str]]
    control: dict[str, float]
    grid_references: list[str]  # control variables the equations read (the grid is then fixed)
    method: str  # integration method: "euler", or what an XMILE file's sim_specs names
    columns: list[dict]  # output columns in PySD's order: name, kind, ident, labels (and value of a constant)
    # DELAY1/DELAY3/DELAY N/DELAY FIXED blocks, checked before each run: variable, builtin, order
    # (steps of a DELAY FIXED), stock (the hidden one), size (slots per element)
    delays: list[dict] = field(default_factory=list)


def key_of(name: str) -> str:
    """PySD's reference key of a name."""
    return name.lower().replace(" ", "_")


def identifier(name: str) -> str:
    """A Python identifier for a Vensim name, as PySD makes them (without its reserved-word suffixes)."""
    s = re.sub(r"[\s_]+", "_", name.lower())
    s = normalize("NFD", s).encode("ascii", "ignore").decode("utf-8")
    s = re.sub(r"[^0-9a-zA-Z_]", "", s)
    if not s or s[0].isdigit():
        s = "nvs_" + s
    elif s.startswith("_"):
        s = "nvs" + s
    return re.sub(r"_+", "_", s)


def _is_number(ast) -> bool:
    return isinstance(ast, (int, float, np.number)) and not isinstance(ast, bool)


def _is_literal(ast) -> bool:
    if _is_number(ast):
        return True
    return isinstance(ast, np.ndarray) and ast.dtype.kind in "if"


def _number(value: float) -> str:
    value = float(value)
    if math.isnan(value):
        return "math.nan"
    if math.isinf(value):
        return "math.inf" if value > 0 else "-math.inf"
    return repr(value)


def _children(ast) -> tuple:
    """Sub-expressions of a node (not the function of a call, nor a reference's subscripts)."""
    from pysd.translators.structures import abstract_expressions as ae

    if isinstance(ast, (ae.ArithmeticStructure, ae.LogicStructure)):
        return tuple(ast.arguments)
    if isinstance(ast, ae.CallStructure):
        return tuple(ast.arguments)
    if isinstance(ast, ae.InlineLookupsStructure):
        return (ast.argument,)
    if isinstance(ast, (ae.SmoothStructure, ae.SmoothNStructure)):
        return (ast.input, ast.smooth_time, ast.initial)
    if isinstance(ast, (ae.DelayStructure, ae.DelayNStructure, ae.DelayFixedStructure)):
        return (ast.input, ast.delay_time, ast.initial)
    if isinstance(ast, ae.TrendStructure):
        return (ast.input, ast.average_time, ast.initial_trend)
    if isinstance(ast, ae.InitialStructure):
        return (ast.initial,)
    return ()


class Translator:
    """Builds a :class:`Translation` from PySD's abstract model and the equations' text and lines."""

    def __init__(self, abstract_model, sources: dict[str, list[Where]], name: str, method: str = "euler",
                 delay_fixed_steps: int = 0):
        from pysd.translators.structures import abstract_expressions as ae
        from pysd.translators.structures import abstract_model as am

        self.ae, self.am = ae, am
        self.name, self.method = name, method
        self.delay_fixed_steps = delay_fixed_steps
        if len(abstract_model.sections) != 1:
            macros = [s.name for s in abstract_model.sections if s.type != "main"]
            raise TranslationError(f"MACRO {macros} in the file: not supported by the importer")
        section = abstract_model.sections[0]
        checks = [c.name for c in list(section.constraints) + list(section.test_inputs)]
        if checks:
            raise TranslationError(f"Reality Check constraints or test inputs {checks} in the file: "
                                   "not supported by the importer")
        self._read_ranges(section.subscripts)
        self.variables: dict[str, Variable] = {}
        idents: dict[str, str] = {}
        for element in section.elements:
            wheres = sources.get(element.name) or []
            components = []
            for index, component in enumerate(element.components):
                where = wheres[index] if index < len(wheres) else Where(element.name, None, "")
                if component.subscripts[1]:
                    raise refuse(f"EXCEPT {component.subscripts[1]}", where)
                components.append(Component(list(component.subscripts[0]), component.ast, where))
            ident = identifier(element.name)
            if ident in idents:
                raise TranslationError(
                    f"variables {idents[ident]!r} and {element.name!r} have the same sim.core name {ident!r}; "
                    "rename one"
                )
            idents[ident] = element.name
            variable = Variable(element.name, key_of(element.name), ident, self._kind(element, components),
                                element.units or "", components)
            self.variables[variable.key] = variable
        self._find_structural()
        for variable in self.variables.values():
            self._shape(variable)
        self.control = self._control()
        self.grid_references: set[str] = set()
        self.states: dict[int, dict] = {}  # id of a stateful node -> its hidden stock
        self.delays: list[dict] = []  # the delay blocks, for the checks before each run
        self.stock_entries: list[dict] = []
        self.inline_lookups: dict[int, tuple[int, int, int]] = {}  # id of node -> (x offset, y offset, n)
        self._layout()
        self._temp = 0
        self._reads: list[tuple[str, str, str]] = []  # slots the equation being generated reads

    # --- subscripts -----------------------------------------------------------------------

    def _read_ranges(self, ranges) -> None:
        self.ranges: dict[str, tuple[str, ...]] = {}
        self.mappings: dict[str, list] = {}
        for subscript_range in ranges:
            elements = subscript_range.subscripts
            if isinstance(elements, str):  # a copy of another range
                elements = self.ranges.get(elements)
            if not isinstance(elements, (list, tuple)):
                raise TranslationError(
                    f"subscript range {subscript_range.name!r} defined as {subscript_range.subscripts!r}: "
                    "only lists of elements (and copies) are supported by the importer"
                )
            self.ranges[subscript_range.name] = tuple(elements)
            if subscript_range.mapping:
                self.mappings[subscript_range.name] = list(subscript_range.mapping)
        for name, mapped in self.mappings.items():  # PySD reads `b1, b2 -> (A: a2, a1)` as elements b1, b2, a2, a1
            borrowed = [e for m in mapped if m in self.ranges for e in self.ranges[name] if e in self.ranges[m]]
            if borrowed:
                raise TranslationError(
                    f"subscript mapping of {name!r} onto elements of {mapped}: only a mapping onto a whole range "
                    "(`b1, b2 -> A`) is supported by the importer"
                )
        self.range_keys = {key_of(name): name for name in self.ranges}

    def elements(self, subscript: str) -> tuple[str, ...]:
        """Elements a left-hand side subscript covers: all of a range's, or the one named."""
        return self.ranges.get(subscript, (subscript,))

    def _shape(self, variable: Variable) -> None:
        """The variable's axes: at each position, the range whose elements the equations cover."""
        components = variable.components
        n_axes = {len(c.subscripts) for c in components}
        if len(n_axes) != 1:
            raise refuse(f"subscripts {components[-1].subscripts}", components[-1].where,
                         "the variable's equations have different numbers of subscripts")
        dims = []
        for k in range(n_axes.pop()):
            covered = {e for c in components for e in self.elements(c.subscripts[k])}
            used = [c.subscripts[k] for c in components if c.subscripts[k] in self.ranges]
            candidates = [r for r in used + list(self.ranges) if set(self.ranges[r]) == covered]
            if not candidates:
                raise refuse(f"subscripts {[c.subscripts[k] for c in components]}", components[0].where,
                             "their elements do not form one subscript range")
            dims.append(candidates[0])
        variable.dims = tuple(dims)
        variable.shape = tuple(len(self.ranges[d]) for d in dims)

    # --- kinds and layout -------------------------------------------------------------------

    def _kind(self, element, components: list[Component]) -> str:
        where = components[0].where
        if key_of(element.name) in _CONTROL:
            return "control"
        if any(isinstance(c, self.am.AbstractData) for c in element.components):
            raise refuse("data variable", where)
        if any(isinstance(c, self.am.AbstractLookup) for c in element.components):
            if len(components) != 1 or components[0].subscripts:
                raise refuse("subscripted lookup", where)
            lookup = components[0].ast
            if not isinstance(lookup, self.ae.LookupsStructure):
                raise refuse(type(lookup).__name__, where)
            if lookup.type != "interpolate":
                raise refuse(f"lookup of type {lookup.type!r}", where, "only interpolated lookups are supported")
            return "lookup"
        asts = [c.ast for c in components]
        if any(isinstance(a, self.ae.IntegStructure) for a in asts):
            if not all(isinstance(a, self.ae.IntegStructure) for a in asts):
                raise refuse("INTEG for some subscripts only", where)
            for component in components:
                if component.ast.non_negative:
                    raise refuse("non-negative stock", component.where)
            return "stock"
        if all(_is_literal(a) for a in asts):
            return "param"
        return "aux"

    def _find_structural(self) -> None:
        """Constants that give the order of a SMOOTH N or DELAY N: fixed at load, not parameters."""
        def visit(ast, where):
            if isinstance(ast, (self.ae.SmoothNStructure, self.ae.DelayNStructure)):
                order = ast.order
                if isinstance(order, self.ae.ReferenceStructure):
                    target = self.variables.get(order.reference)
                    if target is None or target.kind not in ("param", "structural") or target.components[0].subscripts:
                        raise refuse("order of SMOOTH N/DELAY N", where, "allowed: a number or a scalar constant")
                    target.kind = "structural"
            for child in _children(ast):
                visit(child, where)
            if isinstance(ast, self.ae.IntegStructure):
                visit(ast.flow, where)
                visit(ast.initial, where)

        for variable in list(self.variables.values()):
            for component in variable.components:
                visit(component.ast, component.where)

    def _control(self) -> dict[str, float]:
        values = {}

        def evaluate(ast, where):
            if _is_number(ast):
                return float(ast)
            if isinstance(ast, self.ae.ReferenceStructure) and ast.reference in _CONTROL:
                return evaluate(self.variables[ast.reference].components[0].ast, where)
            if isinstance(ast, self.ae.ArithmeticStructure) and len(ast.arguments) == 2:
                a, b = (evaluate(x, where) for x in ast.arguments)
                operations = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else math.nan}
                if ast.operators[0] in operations:
                    return operations[ast.operators[0]]
            raise refuse("control expression", where, "allowed: numbers and the other control variables")

        for key, name in _CONTROL.items():
            variable = self.variables.get(key)
            if variable is None:
                if key == "saveper":
                    continue
                raise TranslationError(f"the file has no {name}; a Vensim control section needs it")
            values[key] = evaluate(variable.components[0].ast, variable.components[0].where)
        values.setdefault("saveper", values["time_step"])
        return values

    def _layout(self) -> None:
        self.params: list[dict] = []
        self.lookup_pairs: list[list[str]] = []
        self.stock_size = self.param_size = self.aux_size = 0
        for variable in self.variables.values():
            size = math.prod(variable.shape)
            if variable.kind == "stock":
                variable.offset = self.stock_size
                self.stock_size += size
                self.stock_entries.append(dict(name=variable.ident, shape=variable.shape, units=variable.units,
                                               dims=variable.dims, description=variable.name))
            elif variable.kind == "aux":
                variable.offset = self.aux_size
                self.aux_size += size
            elif variable.kind == "param":
                variable.offset = self.param_size
                self.param_size += size
                self.params.append(dict(name=variable.ident, default=self._constant_value(variable).tolist(),
                                        shape=variable.shape, units=variable.units, dims=variable.dims,
                                        source=f"constant of the file: {variable.name}"))
        taken = {v.ident for v in self.variables.values()}
        if TIME_STEP in taken:
            raise TranslationError(f"a variable of the file is named {TIME_STEP!r}, the importer's name for the run's "
                                   f"TIME STEP; allowed: any other name")
        self.time_step_offset = self.param_size
        self.params.append(dict(name=TIME_STEP, default=float(self.control["time_step"]), shape=(), units="",
                                dims=(), source="the run's TIME STEP (set to each run's dt)"))
        self.param_size += 1
        for variable in self.variables.values():
            if variable.kind == "lookup":
                table = variable.components[0].ast
                variable.offset = self._add_lookup(variable.ident, table, variable.components[0].where, taken)
        for variable in self.variables.values():
            for component in variable.components:
                self._allocate(component.ast, variable, component)

    def _add_lookup(self, ident: str, table, where: Where, taken: set[str]) -> int:
        """Declare a lookup's points as two parameters ``<ident>_x``, ``<ident>_y``; return the x offset."""
        names = [f"{ident}_x", f"{ident}_y"]
        clash = [n for n in names if n in taken]
        if clash:
            raise refuse("lookup", where, f"its parameter names {clash} are taken by variables")
        taken.update(names)
        offset = self.param_size
        for name, values in zip(names, (table.x, table.y)):
            self.params.append(dict(name=name, default=[float(v) for v in values], shape=(len(values),),
                                    units="", dims=(f"{ident}_point",), source=f"lookup of the file: {where.variable}"))
            self.param_size += len(values)
        self.lookup_pairs.append(names)
        return offset

    def _constant_value(self, variable: Variable) -> np.ndarray:
        value = np.full(variable.shape, np.nan)
        for component in variable.components:
            index = [tuple(self.ranges[d].index(e) for e in self.elements(s))
                     for s, d in zip(component.subscripts, variable.dims)]
            block = np.asarray(component.ast, dtype=np.float64)
            shape = tuple(len(i) for i in index)
            if block.size not in (1, math.prod(shape)):
                raise refuse(f"constant of {block.size} values", component.where, f"the subscripts give {shape}")
            block = block.reshape(shape) if block.size > 1 else block.reshape(())  # in C order, as PySD does
            value[np.ix_(*index) if index else ()] = block
        if np.isnan(value).any():
            raise refuse("constant", variable.components[0].where, "some of its elements are not defined")
        return value

    def _order(self, order, where: Where) -> int:
        if isinstance(order, self.ae.ReferenceStructure):
            order = float(self._constant_value(self.variables[order.reference]))
        if not _is_number(order) or order != int(order) or order < 1:
            raise refuse(f"order {order!r}", where, "allowed: a positive whole number")
        return int(order)

    def _fixed_steps(self, delay_time, where: Where) -> int:
        """Buffer length of a DELAY FIXED: the steps its delay time needs at the file's TIME STEP
        (the largest element of a subscripted constant), ``round(T / TIME STEP)``, at least 1, or
        the ``delay_fixed_steps`` asked at load if that is more (room for longer delays, smaller dt)."""
        value = None
        if _is_number(delay_time):
            value = float(delay_time)
        elif isinstance(delay_time, self.ae.ReferenceStructure):
            target = self.variables.get(delay_time.reference)
            if target is not None and target.kind == "param":
                value = float(np.max(self._constant_value(target)))
        if value is None or not math.isfinite(value) or value <= 0:
            raise refuse("delay time of DELAY FIXED", where,
                         "allowed: a positive number or constant (it sizes the buffer at load)")
        return max(int(math.floor(value / self.control["time_step"] + 0.5)), 1, self.delay_fixed_steps)

    def _builtin_of(self, ast, where: Where) -> tuple[str, int]:
        """(BUILTINS row, order) of a stateful node."""
        ae = self.ae
        if isinstance(ast, ae.SmoothStructure):
            return ("SMOOTH", 1) if ast.order == 1 else ("SMOOTH N", self._order(ast.order, where))
        if isinstance(ast, ae.SmoothNStructure):
            return "SMOOTH N", self._order(ast.order, where)
        if isinstance(ast, ae.DelayNStructure):
            return "DELAY N", self._order(ast.order, where)
        if isinstance(ast, ae.DelayStructure):
            return "DELAY", self._order(ast.order, where)
        if isinstance(ast, ae.DelayFixedStructure):
            return "DELAY FIXED", self._fixed_steps(ast.delay_time, where)
        if isinstance(ast, ae.TrendStructure):
            return "TREND", 1
        return "INITIAL", 1

    def _stateful(self, ast) -> bool:
        ae = self.ae
        return isinstance(ast, (ae.SmoothStructure, ae.SmoothNStructure, ae.DelayStructure, ae.DelayNStructure,
                                ae.DelayFixedStructure, ae.TrendStructure, ae.InitialStructure))

    def _allocate(self, ast, variable: Variable, component: Component) -> None:
        """Give every stateful node its hidden stock and every WITH LOOKUP its parameters."""
        if isinstance(ast, self.ae.IntegStructure):
            self._allocate(ast.flow, variable, component)
            self._allocate(ast.initial, variable, component)
            return
        if self._stateful(ast) and id(ast) not in self.states:
            builtin, order = self._builtin_of(ast, component.where)
            shape = tuple(len(self.ranges[s]) for s in component.subscripts if s in self.ranges)
            full = shape == variable.shape and all(s in self.ranges for s in component.subscripts)
            dims = variable.dims if full else tuple(f"{variable.ident}_dim{i}" for i in range(len(shape)))
            if builtin in _BLOCKS:
                shape, dims = shape + (_slots(builtin, order),), dims + ("stage",)
            suffix = builtin.split()[0].lower()
            name = f"{variable.ident}__{suffix}"
            taken = {e["name"] for e in self.stock_entries}
            count = 2
            while name in taken:
                name, count = f"{variable.ident}__{suffix}_{count}", count + 1
            self.states[id(ast)] = dict(builtin=builtin, order=order, offset=self.stock_size)
            if builtin.startswith("DELAY"):
                self.delays.append(dict(variable=variable.name, builtin=builtin, order=order, stock=name,
                                        size=_slots(builtin, order)))
            self.stock_entries.append(dict(name=name, shape=shape, units="", dims=dims,
                                           description=f"{builtin} state of {variable.name}"))
            self.stock_size += math.prod(shape)
        if isinstance(ast, self.ae.InlineLookupsStructure) and id(ast) not in self.inline_lookups:
            table = ast.lookups
            if table.type != "interpolate":
                raise refuse(f"lookup of type {table.type!r}", component.where, "only interpolated lookups")
            taken = {v.ident for v in self.variables.values()} | {p["name"] for p in self.params}
            base, count = f"{variable.ident}_lookup", 2
            name = base
            while f"{name}_x" in taken:
                name, count = f"{base}{count}", count + 1
            offset = self._add_lookup(name, table, component.where, taken)
            self.inline_lookups[id(ast)] = (offset, offset + len(table.x), len(table.x))
        for child in _children(ast):
            self._allocate(child, variable, component)

    # --- dependencies --------------------------------------------------------------------

    def _init_args(self, ast) -> tuple:
        """Arguments of a stateful node needed to initialise it and to read its first output."""
        ae = self.ae
        if isinstance(ast, (ae.SmoothStructure, ae.SmoothNStructure, ae.InitialStructure)):
            return (ast.initial,)
        if isinstance(ast, (ae.DelayStructure, ae.DelayNStructure, ae.DelayFixedStructure)):
            return (ast.initial, ast.delay_time)
        return (ast.input, ast.average_time, ast.initial_trend)

    def _output_args(self, ast) -> tuple:
        """Arguments a stateful node's output reads besides its state."""
        ae = self.ae
        if isinstance(ast, (ae.DelayStructure, ae.DelayNStructure)):
            return (ast.delay_time,)
        if isinstance(ast, ae.TrendStructure):
            return (ast.input, ast.average_time)
        return ()

    def deps(self, ast, mode: str) -> set[tuple[str, int]]:
        """Equations (variable key, component index) of the auxiliaries (and, in ``init`` mode,
        stocks) an expression needs first: a reference to given elements needs only the equations
        that define them, so one element may be computed from another of the same variable."""
        if isinstance(ast, self.ae.ReferenceStructure):
            variable = self.variables.get(ast.reference)
            if variable is None or not (variable.kind == "aux" or (mode == "init" and variable.kind == "stock")):
                return set()
            given = list(ast.subscripts.subscripts) if ast.subscripts is not None else []
            return {(variable.key, index) for index, component in enumerate(variable.components)
                    if self._covers(component.subscripts, given)}
        if self._stateful(ast):
            if mode == "rhs":
                return set().union(*(self.deps(a, mode) for a in self._output_args(ast)))
            needed = set().union(*(self.deps(a, mode) for a in self._init_args(ast)))
            return needed.union(*(self._nested_init_deps(c) for c in _children(ast)))
        if isinstance(ast, self.ae.CallStructure) and ast.function.reference == "active_initial":
            return self.deps(ast.arguments[0 if mode == "rhs" else 1], mode)
        return set().union(*(self.deps(c, mode) for c in _children(ast)))

    def _covers(self, defined: list[str], given: list[str]) -> bool:
        """Whether an equation over ``defined`` subscripts defines elements a reference with ``given``
        subscripts may read (a named element must be among the equation's; a range may be any)."""
        return all(s in self.ranges or s.endswith("!") or s in self.elements(d) for s, d in zip(given, defined))

    def _nested_init_deps(self, ast) -> set[tuple[str, int]]:
        if self._stateful(ast):
            return self.deps(ast, "init")
        return set().union(*(self._nested_init_deps(c) for c in _children(ast)))

    def order(self, mode: str) -> list[tuple[Variable, Component]]:
        """Equations of auxiliaries (``rhs``), or of auxiliaries and stocks (``init``), in dependency order."""
        kinds = ("aux",) if mode == "rhs" else ("aux", "stock")
        nodes = [(v.key, index) for v in self.variables.values() if v.kind in kinds
                 for index in range(len(v.components))]
        needs = {}
        for key, index in nodes:
            variable = self.variables[key]
            ast = variable.components[index].ast
            if variable.kind == "stock":
                needed = self.deps(ast.initial, mode) | self._nested_init_deps(ast.flow)
            else:
                needed = self.deps(ast, mode)
            needs[key, index] = [node for node in nodes if node in needed]
        done, ordered, stack = set(), [], []

        def visit(node):
            if node in done:
                return
            if node in stack:
                cycle = list(dict.fromkeys(self.variables[k].name for k, _ in stack[stack.index(node):]))
                stage = "initial values" if mode == "init" else "equations"
                raise TranslationError(
                    f"the {stage} of {cycle} depend on each other without a stock between them "
                    "(a simultaneous equation); Vensim refuses it too"
                )
            stack.append(node)
            for needed in needs[node]:
                visit(needed)
            stack.pop()
            done.add(node)
            ordered.append((self.variables[node[0]], self.variables[node[0]].components[node[1]]))

        for node in nodes:
            visit(node)
        return ordered

    # --- expressions ----------------------------------------------------------------------

    def temp(self, stem: str) -> str:
        self._temp += 1
        return f"_{stem}{self._temp}"

    def index(self, variable: Variable, subscripts, context: "Context") -> str:
        """Flat slot expression of a reference to ``variable`` with ``subscripts``."""
        where = context.where
        given = list(subscripts.subscripts) if subscripts is not None else []
        if not given and variable.dims and all(dim in context.loops for dim in variable.dims):
            given = list(variable.dims)  # XMILE: an array named without subscripts in an equation over its dims
        if len(given) != len(variable.dims):
            raise refuse(f"reference {variable.name}{given or ''}", where,
                         f"{variable.name!r} runs over {list(variable.dims) or 'no subscripts'}")
        constant, terms = variable.offset, []
        strides = [math.prod(variable.shape[k + 1:]) for k in range(len(variable.shape))]
        for subscript, dim, stride in zip(given, variable.dims, strides):
            position = self.position(subscript, dim, context)
            if isinstance(position, int):
                constant += position * stride
            else:
                terms.append(position if stride == 1 else f"{stride}*{position}")
        if constant or not terms:
            terms.insert(0, str(constant))
        return " + ".join(terms)

    def position(self, subscript: str, dim: str, context: "Context") -> int | str:
        """Index (a number or a loop variable) along ``dim`` named by ``subscript`` in a reference."""
        where = context.where
        name = subscript[:-1] if subscript.endswith("!") else subscript
        if name in self.ranges:
            loops = context.reductions if subscript.endswith("!") else context.loops
            if name not in loops and not subscript.endswith("!"):
                loop = self.mapped_loop(name, loops, where)
                if loop is not None:  # a mapping: the element of `name` at the loop's position
                    outside = [e for e in self.ranges[name] if e not in self.ranges[dim]]
                    if outside:
                        raise refuse(f"subscript {subscript!r}", where,
                                     f"elements {outside} are not in the variable's {dim!r}")
                    indices = tuple(self.ranges[dim].index(e) for e in self.ranges[name])
                    return loop if indices == tuple(range(len(indices))) else f"{indices!r}[{loop}]"
            if name not in loops:
                what = "a SUM/PROD/VMIN/VMAX over it" if subscript.endswith("!") else "the equation's subscripts"
                raise refuse(f"subscript {subscript!r}", where, f"it is not in {what}")
            outside = [e for e in self.ranges[name] if e not in self.ranges[dim]]
            if outside:
                raise refuse(f"subscript {subscript!r}", where, f"elements {outside} are not in the variable's {dim!r}")
            indices = tuple(self.ranges[dim].index(e) for e in self.ranges[name])
            loop = loops[name]
            if indices == tuple(range(indices[0], indices[0] + len(indices))):
                return loop if indices[0] == 0 else f"({loop} + {indices[0]})"
            return f"{indices!r}[{loop}]"
        if name in self.ranges[dim]:
            return self.ranges[dim].index(name)
        raise refuse(f"subscript {subscript!r}", where, f"not an element of {dim!r}")

    def mapped_loop(self, name: str, loops: dict[str, str], where: Where) -> str | None:
        """Loop variable of the equation's range that range ``name`` maps to (``name: ... -> Range``),
        element by element in order, as PySD reads a mapping; None if ``name`` maps to none of them."""
        for mapped in self.mappings.get(name, []):
            if not isinstance(mapped, str) or mapped not in self.ranges:
                raise refuse(f"subscript mapping {name!r} -> {mapped!r}", where,
                             "only a mapping onto a whole range is supported")
            if mapped in loops:
                if len(self.ranges[mapped]) != len(self.ranges[name]):
                    raise refuse(f"subscript mapping {name!r} -> {mapped!r}", where, "the ranges differ in length")
                return loops[mapped]
        return None

    def expr(self, ast, context: "Context", pre: list[str]) -> str:
        """Python expression of an abstract syntax tree; statements it needs first go to ``pre``."""
        ae = self.ae
        where = context.where
        if _is_number(ast):
            return _number(ast)
        if isinstance(ast, (ae.ArithmeticStructure, ae.LogicStructure)):
            return self.operation(ast, context, pre)
        if isinstance(ast, ae.ReferenceStructure):
            return self.reference(ast, context)
        if isinstance(ast, ae.CallStructure):
            return self.call(ast, context, pre)
        if isinstance(ast, ae.InlineLookupsStructure):
            x_offset, y_offset, n = self.inline_lookups[id(ast)]
            return BUILTINS["LOOKUP"].format(self.expr(ast.argument, context, pre),
                                             xs=f"p[{x_offset}:{x_offset + n}]", ys=f"p[{y_offset}:{y_offset + n}]")
        if self._stateful(ast):
            return self.stateful(ast, context, pre)
        construct = {
            "ForecastStructure": "FORECAST",
            "SampleIfTrueStructure": "SAMPLE IF TRUE", "GameStructure": "GAME", "DataStructure": "data",
            "AllocateAvailableStructure": "ALLOCATE AVAILABLE", "AllocateByPriorityStructure": "ALLOCATE BY PRIORITY",
            "GetLookupsStructure": "GET LOOKUPS", "GetDataStructure": "GET DATA",
            "GetConstantsStructure": "GET CONSTANTS",
            "IntegStructure": "INTEG inside an expression", "LookupsStructure": "lookup table",
        }.get(type(ast).__name__, type(ast).__name__)
        raise refuse(construct, where)

    def operation(self, ast, context: "Context", pre: list[str]) -> str:
        operands = [self.expr(a, context, pre) for a in ast.arguments]
        python = {"^": "**", "=": "==", "<>": "!=", ":AND:": "and", ":OR:": "or"}
        if len(operands) == 1:
            operator = ast.operators[0]
            if operator == "negative":
                return f"(-{operands[0]})"
            if operator == ":NOT:":
                return f"(not {operands[0]})"
            raise refuse(f"operator {operator!r}", context.where)
        text = operands[0]
        for operator, operand in zip(ast.operators, operands[1:]):
            if operator not in python and operator not in ("+", "-", "*", "/", ">", ">=", "<", "<="):
                raise refuse(f"operator {operator!r}", context.where)
            text += f" {python.get(operator, operator)} {operand}"
        return f"({text})"

    def reference(self, ast, context: "Context") -> str:
        key = ast.reference
        if key == "time":
            return "t"
        variable = self.variables.get(key)
        if variable is None:
            if key in self.range_keys:
                raise refuse(f"subscript range {self.range_keys[key]!r} used as a value", context.where)
            raise refuse(f"reference to {key!r}", context.where, "no such variable in the file")
        if variable.kind == "control":
            self.grid_references.add(key)
            return _number(self.control[key])
        if variable.kind == "structural":
            return _number(float(self._constant_value(variable)))
        if variable.kind == "lookup":
            raise refuse(f"lookup {variable.name!r} used without an argument", context.where)
        array = {"stock": "y", "param": "p", "aux": "aux"}[variable.kind]
        slot = self.index(variable, ast.subscripts, context)
        self._reads.append((array, variable.key, slot))
        return f"{array}[{slot}]"

    def call(self, ast, context: "Context", pre: list[str]) -> str:
        where = context.where
        function = ast.function.reference
        target = self.variables.get(function)
        if target is not None and target.kind == "lookup":
            if len(ast.arguments) != 1:
                raise refuse(f"lookup {target.name!r} called with {len(ast.arguments)} arguments", where)
            n = len(target.components[0].ast.x)
            return BUILTINS["LOOKUP"].format(self.expr(ast.arguments[0], context, pre),
                                             xs=f"p[{target.offset}:{target.offset + n}]",
                                             ys=f"p[{target.offset + n}:{target.offset + 2 * n}]")
        vensim = function.upper().replace("_", " ")  # PySD's key of a Vensim function: if_then_else
        if vensim in ("LOOKUP EXTRAPOLATE", "LOOKUP FORWARD", "LOOKUP BACKWARD"):
            table = self.variables.get(getattr(ast.arguments[0], "reference", None)) if ast.arguments else None
            if len(ast.arguments) != 2 or table is None or table.kind != "lookup":
                raise refuse(vensim, where, "allowed: the name of a lookup and one argument")
            n = len(table.components[0].ast.x)
            return BUILTINS[vensim].format("", self.expr(ast.arguments[1], context, pre),
                                           xs=f"p[{table.offset}:{table.offset + n}]",
                                           ys=f"p[{table.offset + n}:{table.offset + 2 * n}]")
        if vensim == "ELMCOUNT":
            argument = ast.arguments[0] if len(ast.arguments) == 1 else None
            name = self.range_keys.get(getattr(argument, "reference", None))
            if name is None:
                raise refuse("ELMCOUNT", where, "allowed: the name of a subscript range")
            return str(len(self.ranges[name]))
        template = BUILTINS.get(vensim)
        if template is None or vensim in ("LOOKUP", "SMOOTH", "SMOOTH N", "DELAY", "DELAY N", "DELAY FIXED", "TREND",
                                          "INITIAL"):
            raise refuse(f"function {vensim}", where)
        if isinstance(template, tuple):
            return self.reduction(vensim, template, ast.arguments, context, pre)
        by_mode = template if isinstance(template, dict) else {"rhs": template, "init": template}
        arity = len(set(re.findall(r"\{(\d+)\}", "".join(by_mode.values()))))
        if len(ast.arguments) != arity:
            raise refuse(f"{vensim} with {len(ast.arguments)} arguments", where, f"the importer takes {arity}")
        template = by_mode[context.mode]
        used = {int(k) for k in re.findall(r"\{(\d+)\}", template)}
        return template.format(*(self.expr(a, context, pre) if k in used else "" for k, a in enumerate(ast.arguments)),
                               dt=f"p[{self.time_step_offset}]")

    def reduction(self, vensim: str, template: tuple[str, str], arguments, context: "Context", pre: list[str]) -> str:
        """SUM/PROD/VMIN/VMAX over the subscripts marked '!' in its argument: a loop into a temporary."""
        if len(arguments) != 1:
            raise refuse(f"{vensim} with {len(arguments)} arguments", context.where)
        marked = []

        def find(ast):
            if isinstance(ast, self.ae.ReferenceStructure) and ast.subscripts is not None:
                marked.extend(s[:-1] for s in ast.subscripts.subscripts if s.endswith("!") and s[:-1] not in marked)
            for child in _children(ast):
                find(child)

        find(arguments[0])
        if not marked:
            raise refuse(vensim, context.where, "its argument has no subscript marked '!'")
        start, update = template
        accumulator = self.temp("acc")
        inner = context.inner()
        loops = []
        for name in marked:
            if name not in self.ranges:
                raise refuse(f"subscript {name + '!'!r}", context.where, "not a subscript range")
            if name in inner.reductions:
                raise refuse(f"{vensim} over {name!r} inside another over the same range", context.where)
            variable = self.temp("k")
            inner.reductions[name] = variable
            loops.append((variable, len(self.ranges[name])))
        body: list[str] = []
        value = self.expr(arguments[0], inner, body)
        headers = [f"for {variable} in range({size}):" for variable, size in loops]
        pre.append(f"{accumulator} = {start}")
        pre.extend(_nest(headers, body + [f"{accumulator} = " + update.format(value, acc=accumulator)]))
        return accumulator

    def stateful(self, ast, context: "Context", pre: list[str]) -> str:
        """Output of a SMOOTH/DELAY/TREND/INITIAL; in ``rhs`` its rate statement goes to ``context.rates``,
        in ``init`` its initialisation goes to ``pre`` (once)."""
        state = self.states[id(ast)]
        builtin, order = state["builtin"], state["order"]
        if builtin in _BLOCKS:
            size = _slots(builtin, order)
            first = f"{state['offset']} + {size}*({context.position})" if context.position != "0" else str(
                state["offset"])
            slots = dict(stages=f"y[{first}:{first} + {size}]", rates=f"dydt[{first}:{first} + {size}]",
                         last=f"y[{first} + {order - 1}]", order=order, dt=f"p[{self.time_step_offset}]")
        else:
            slot = f"{state['offset']} + {context.position}" if context.position != "0" else str(state["offset"])
            slots = dict(state=f"y[{slot}]", rate=f"dydt[{slot}]")
        init, output, rate = BUILTINS[builtin]
        if context.reductions:
            raise refuse(f"{builtin} inside SUM/PROD/VMIN/VMAX", context.where)

        def fields(mode_context, lines, names):
            values = {}
            for name in names:
                if name == "time":
                    node = ast.smooth_time if hasattr(ast, "smooth_time") else (
                        ast.delay_time if hasattr(ast, "delay_time") else ast.average_time)
                else:
                    node = getattr(ast, name)
                values[name] = self.expr(node, mode_context, lines)
            return values

        def names_in(template):
            return [n for n in re.findall(r"\{(\w+)\}", template) if n in ("input", "initial", "time", "initial_trend")]

        if context.mode == "init" and id(ast) not in context.initialised:
            context.initialised.add(id(ast))
            pre.append(init.format(**slots, **fields(context, pre, names_in(init))))
        if context.mode == "rhs" and id(ast) not in context.rated:
            context.rated.add(id(ast))
            lines = context.rates
            lines.append(rate.format(**slots, **fields(context.inner(), lines, names_in(rate))))
        return output.format(**slots, **fields(context, pre, names_in(output)))

    # --- functions ---------------------------------------------------------------------------

    def component_block(self, variable: Variable, component: Component, mode: str, target: str,
                        index: int) -> tuple["_Block", "_Block | None"]:
        """One equation (``target[slot] = value`` inside loops over its subscripts) and, in ``rhs``, the
        rate statements of its builtin states, for :func:`_emit`."""
        loops, headers, positions, sizes = {}, [], [], []
        for k, subscript in enumerate(component.subscripts):
            if subscript in self.ranges:  # a loop over the range's elements; an element is a fixed index
                loops[subscript] = f"i{k}"
                headers.append(f"for i{k} in range({len(self.ranges[subscript])}):")
                positions.append(f"i{k}")
                sizes.append(len(self.ranges[subscript]))
        position = " + ".join(
            p if math.prod(sizes[k + 1:]) == 1 else f"{math.prod(sizes[k + 1:])}*{p}" for k, p in enumerate(positions)
        ) or "0"
        context = Context(component.where, mode, loops, position)
        body: list[str] = []
        ast = component.ast
        self._reads = []
        slot = self.index(variable, _Subscripts(component.subscripts) if component.subscripts else None, context)
        if variable.kind == "stock":
            if mode == "init":
                self.initialise_nested(ast.flow, context, body)
                value = self.expr(ast.initial, context, body)
            else:
                value = self.expr(ast.flow, context, body)
        else:
            if mode == "init":
                self.initialise_nested(ast, context, body)
            value = self.expr(ast, context, body)
        reads = self._reads  # of the equation and of its rates together: a superset for either
        local = f"_{'a' if target == 'aux' else 'y'}_{variable.ident}_{index}" if target in ("aux", "y") else None
        block = _Block(headers, body, reads, (target, variable.key, slot), value, local)
        rates = _Block(headers, list(context.rates), reads) if context.rates else None
        return block, rates

    def initialise_nested(self, ast, context: "Context", pre: list[str]) -> None:
        """In ``init``: initialise every stateful node in ``ast``, inner ones first."""
        for child in _children(ast):
            self.initialise_nested(child, context, pre)
        if self._stateful(ast):
            self.stateful(ast, context, pre)

    def translate(self) -> Translation:
        blocks, rate_blocks = [], []
        for variable, component in self.order("rhs"):
            block, rates = self.component_block(variable, component, "rhs", "aux",
                                                variable.components.index(component))
            blocks.append(block)
            rate_blocks += [rates] if rates else []
        for variable in self.variables.values():
            if variable.kind == "stock":
                for index, component in enumerate(variable.components):
                    block, rates = self.component_block(variable, component, "rhs", "dydt", index)
                    blocks.append(block)
                    rate_blocks += [rates] if rates else []
        rhs = _emit(blocks + rate_blocks)
        init_blocks = []
        for variable, component in self.order("init"):
            target = "y" if variable.kind == "stock" else "aux"
            block, _ = self.component_block(variable, component, "init", target, variable.components.index(component))
            init_blocks.append(block)
        init = [f"aux = np.empty({self.aux_size})  # the auxiliaries' initial values"] + _emit(init_blocks)
        source = (
            f"# Model {self.name!r}, generated by sim.core.vensim from the file's abstract model; do not edit.\n"
            + GENERATED_IMPORTS + "\n\n@kernel\ndef init(t, p, data, y):\n"
            + "".join(f"    {line}\n" for line in init)
            + "\n\n@kernel\ndef rhs(t, y, p, data, dydt, aux):\n"
            + "".join(f"    {line}\n" for line in rhs or ["pass"])
        )
        aux_entries = [dict(name=v.ident, shape=v.shape, units=v.units, dims=v.dims, description=v.name)
                       for v in self.variables.values() if v.kind == "aux"]
        return Translation(
            name=self.name, source=source, stocks=self.stock_entries, params=self.params, aux=aux_entries,
            lookups=self.lookup_pairs, control=self.control, grid_references=sorted(self.grid_references),
            method=self.method, columns=self.columns(), delays=self.delays,
        )

    def columns(self) -> list[dict]:
        """Output columns as PySD's ``run()`` gives them: control variables, then the others in file order."""
        ordered = sorted(self.variables.values(), key=lambda v: v.kind != "control")
        columns = []
        for variable in ordered:
            if variable.kind == "lookup":
                continue
            labels = [""]
            for dim in variable.dims:
                labels = [f"{a},{e}" if a else e for a in labels for e in self.ranges[dim]]
            names = [f"{variable.name}[{label}]" if label else variable.name for label in labels]
            column = dict(name=variable.name, kind=variable.kind, ident=variable.ident, labels=names)
            if variable.kind == "control":
                column["value"] = self.control[variable.key]
            elif variable.kind == "structural":
                column["value"] = float(self._constant_value(variable))
            columns.append(column)
        return columns


class _Subscripts:
    """The left-hand side's subscripts, shaped as PySD's SubscriptsReferenceStructure."""

    def __init__(self, subscripts):
        self.subscripts = subscripts


@dataclass
class Context:
    """Where an expression is generated: its equation, mode, loop variables and builtin bookkeeping."""

    where: Where
    mode: str  # "init" or "rhs"
    loops: dict[str, str]  # range -> loop variable of the equation's subscripts
    position: str  # flat position of the current element among the equation's elements
    reductions: dict[str, str] = field(default_factory=dict)
    rates: list[str] = field(default_factory=list)
    initialised: set[int] = field(default_factory=set)
    rated: set[int] = field(default_factory=set)

    def inner(self) -> "Context":
        """The context inside a reduction's loop (shares the builtin bookkeeping)."""
        return Context(self.where, self.mode, self.loops, self.position, dict(self.reductions), self.rates,
                       self.initialised, self.rated)


@dataclass
class _Block:
    """Generated statements of one equation (or of its builtin states' rates) before :func:`_emit`
    groups them: the loops over its subscripts (``headers``), the statements inside (``body``), the
    slots it reads (array, variable key, slot expression) and, for an equation, the slot it writes
    (array, variable key, slot expression), the value written and the local variable to hold it."""

    headers: list[str]
    body: list[str]
    reads: list[tuple[str, str, str]]
    writes: tuple[str, str, str] | None = None
    value: str = ""
    local: str | None = None


def _emit(blocks: list[_Block]) -> list[str]:
    """The lines of a function from its blocks in dependency order, generated as fast code without
    changing a single operation, so results are bit for bit those of one loop per equation:

    - consecutive blocks with the same loops are fused into one loop when every slot of the group's
      variables that a later block reads is the very slot written at the same loop position (so each
      element is computed before it is read, as when the loops ran one after the other);
    - a value written to ``aux`` or ``y`` is kept in a local variable, and a later read of that slot
      in the same loop (or, for a value outside loops, anywhere after it) reads the local;
    - parameters at fixed slots are read into locals once, at the top (the functions never write ``p``).

    The arrays are still written: they are the outputs (``aux``, ``dydt``) and the state (``y``).
    """
    lines: list[str] = []
    everywhere: dict[str, str] = {}  # `array[slot]` -> local, for values written outside loops
    group: list[_Block] = []

    def read_local(text: str, names: dict[str, str]) -> str:
        for written, local in names.items():
            text = re.sub(r"(?<![\w.])" + re.escape(written), local, text)
        return text

    def close() -> None:
        if not group:
            return
        body: list[str] = []
        names = dict(everywhere)
        for block in group:
            body += [read_local(line, names) for line in block.body]
            if block.writes is not None:
                array, _, slot = block.writes
                value = read_local(block.value, names)
                if block.local is None:
                    body.append(f"{array}[{slot}] = {value}")
                else:
                    body += [f"{block.local} = float({value})", f"{array}[{slot}] = {block.local}"]
                    names[f"{array}[{slot}]"] = block.local
                    if not block.headers:
                        everywhere[f"{array}[{slot}]"] = block.local
        lines.extend(_nest(group[0].headers, body))
        group.clear()

    def fits(block: _Block) -> bool:
        if not group or block.headers != group[0].headers or not block.headers:
            return False
        written = {(b.writes[0], b.writes[1]): set() for b in group if b.writes is not None}
        for b in group:
            if b.writes is not None:
                written[b.writes[0], b.writes[1]].add(b.writes[2])
        return all(slot in written[array, key] for array, key, slot in block.reads if (array, key) in written)

    for block in blocks:
        if not fits(block):
            close()
        group.append(block)
    close()
    return _hoist_parameters(lines)


def _hoist_parameters(lines: list[str]) -> list[str]:
    """``p[k]`` at fixed slots ``k`` read once into locals ``_pk`` at the top."""
    pattern = re.compile(r"(?<![\w.\]])p\[(\d+)\]")
    slots = sorted({int(k) for line in lines for k in pattern.findall(line)})
    return [f"_p{k} = p[{k}]" for k in slots] + [pattern.sub(r"_p\1", line) for line in lines]


def _nest(headers: list[str], body: list[str]) -> list[str]:
    """``for`` lines nested in order, then the body inside the innermost."""
    lines = ["    " * depth + header for depth, header in enumerate(headers)]
    return lines + ["    " * len(headers) + line for line in body]


def import_pysd() -> None:
    """Import PySD, silencing only the deprecation warning of the chardet module PySD imports
    (PySD's dependency, not ours to fix; the warning would otherwise reach every first load)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "chardet.universaldetector is deprecated", DeprecationWarning)
        import pysd  # noqa: F401


def read_model(path: Path):
    """PySD's abstract model of a ``.mdl``/``.xmile``/``.stmx`` file, each element's equations' text and
    line, and the integration method (Euler for .mdl, whose method is not in the file)."""
    suffix = path.suffix.lower()
    import_pysd()
    if suffix == ".mdl":
        from pysd.translators.vensim.vensim_file import VensimFile

        parsed = VensimFile(path)
        parsed.parse()
        method = "euler"
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        sources: dict[str, list[Where]] = {}
        for section in parsed.sections:
            for element in section.elements:
                if not hasattr(element, "expression"):
                    continue
                found = sources.setdefault(element.name, [])
                found.append(Where(element.name, _line_of(lines, element.name, len(found)), element.expression))
    elif suffix in (".xmile", ".stmx", ".xml"):
        from pysd.translators.xmile.xmile_file import XmileFile

        parsed = XmileFile(path)
        parsed.parse()
        specs = parsed.xmile_root.find(f"{{{parsed.ns}}}sim_specs")
        named = "Euler" if specs is None else specs.attrib.get("method", "Euler")
        method = {"euler": "euler", "rk4": "rk4"}.get(named.lower())
        if method is None:
            raise TranslationError(f"integration method {named!r} in the file's sim_specs: allowed: Euler, RK4")
        sources = {}
        for section in parsed.sections:
            for element in section.elements or []:
                node = getattr(element, "node", None)
                equation = ""
                if node is not None:
                    equation = " ".join(t.strip() for t in node.itertext() if t.strip())
                sources.setdefault(element.name, []).append(
                    Where(element.name, getattr(node, "sourceline", None), equation))
    else:
        raise ValueError(f"model file {str(path)!r} has suffix {suffix!r}; allowed: .mdl, .xmile, .stmx")
    return parsed.get_abstract_model(), sources, method


def _line_of(lines: list[str], name: str, occurrence: int) -> int | None:
    """1-based line where the ``occurrence``-th equation of ``name`` starts in a .mdl file.

    Vensim writes a definition from the first column and its right-hand side indented, so
    unindented lines that start with the name come first; indented ones only if there are none.
    """
    words = [re.escape(w) for w in re.split(r"[\s_]+", name.strip()) if w]
    pattern = re.compile(r'(\s*)"?' + r"[\s_]+".join(words) + r'"?\s*(\[|=|\(|:|$)', re.IGNORECASE)
    matches = [(number, match.group(1) == "") for number, line in enumerate(lines, 1)
               if (match := pattern.match(line))]
    hits = [number for number, unindented in matches if unindented] or [number for number, _ in matches]
    if not hits:
        return None
    return hits[min(occurrence, len(hits) - 1)]


def translate(path: Path, name: str, delay_fixed_steps: int = 0) -> Translation:
    """Read ``path`` with PySD and translate it (raises :class:`TranslationError` for what it cannot);
    every DELAY FIXED buffer holds at least ``delay_fixed_steps`` steps."""
    abstract_model, sources, method = read_model(path)
    return Translator(abstract_model, sources, name, method, delay_fixed_steps).translate()


__all__ = ["BUILTINS", "Translation", "TranslationError", "translate"]
