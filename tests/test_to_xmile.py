"""sim.core.to_xmile: a sim.core model written as XMILE, read back by PySD, pysimlin and sim.core.load.

The exported equations do the kernels' floating-point operations in the kernels' order, so every
reader's run is compared with the sim.core run at every saved time, for every stock and auxiliary,
to ``RTOL`` relative (the measured errors, 0 so far, are in docs/XMILE_EXPORT.md). Also: the file
is XMILE (namespace, units), deterministic and written atomically; what has no XMILE form is
refused naming the function and line.
"""

import importlib
import itertools
import math
import os
import sys
import threading
import warnings
import xml.etree.ElementTree as ET

import models
import numpy as np
import pytest

from sim.core import (
    Aux,
    Model,
    Param,
    Stock,
    XmileExportError,
    kernel,
    load,
    lookup_backward,
    lookup_extrapolate,
    lookup_forward,
    pulse_train,
    ramp,
    step,
    to_xmile,
)
from sim.core.vensim.translate import import_pysd
from sim.core.xmile import _DEEP_RECURSION, NAMESPACE
from sim.examples import builtins_showcase, chain, predator_prey, teacup, tohoku_toy

#: Agreement of a reader's run with the sim.core run [relative].
RTOL = 1e-9
NS = {"x": NAMESPACE}
PREDATOR_PREY_INITIAL = {"hares": 30.0, "lynx": 4.0}

#: PySD's run() warns about a pandas deprecation inside PySD; not ours to fix.
PANDAS_IN_PYSD = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index")


def export(name: str, path, **arguments) -> tuple[str, "object"]:
    """Write example ``name`` to ``path`` and run it in sim.core on the same grid."""
    module = importlib.import_module(f"sim.examples.{name}")
    grid = dict(start=getattr(module, "START", 0.0), stop=getattr(module, "STOP", 20.0), dt=getattr(module, "DT", 0.125))
    initial = PREDATOR_PREY_INITIAL if module is predator_prey else None
    coords = {"region": module.REGIONS} if hasattr(module, "REGIONS") else None
    text = to_xmile(module.MODEL, path, coords=coords, initial=initial, **grid, **arguments)
    return text, module.MODEL.run(initial=initial, **grid)


def columns(text: str, name: str, style: str) -> list[str]:
    """A variable's output columns, from the file's dimensions: PySD's ``x[Aomori,stage 1]`` or pysimlin's
    ``x[aomori,stage_1]``; both drop dimensions of one element."""
    root = ET.fromstring(text)
    elements = {d.get("name"): [e.get("name") for e in d.findall("x:elem", NS)]
                for d in root.findall("x:dimensions/x:dim", NS)}
    variable = root.find(f"x:model/x:variables/*[@name='{name}']", NS)
    dims = [d.get("name") for d in variable.findall("x:dimensions/x:dim", NS) if len(elements[d.get("name")]) > 1]
    if not dims:
        return [name]
    if style == "simlin":
        elements = {d: [e.lower().replace(" ", "_") for e in names] for d, names in elements.items()}
    return [f"{name}[{','.join(combination)}]" for combination in itertools.product(*(elements[d] for d in dims))]


def max_relative_error(run, text: str, series, style: str) -> float:
    """Largest relative difference between ``series(column)`` and the sim.core run, over all variables."""
    model = run.model
    worst = 0.0
    for entry in model.stock_layout.entries + model.aux_layout.entries:
        theirs = np.column_stack([series(column) for column in columns(text, entry.name, style)])
        ours = run[entry.name][0].reshape(len(run.times), -1)
        np.testing.assert_allclose(theirs, ours, rtol=RTOL, atol=0, err_msg=entry.name)
        scale = np.where(ours == 0, 1.0, np.abs(ours))
        worst = max(worst, float(np.max(np.abs(theirs - ours) / scale)))
    return worst


# --- PySD ---------------------------------------------------------------------------------------


@pytest.fixture
def pysd_ragged_states(monkeypatch):
    """PySD 3.14 gathers the stocks' states with ``np.array([...], dtype=object)``, which fails when
    stocks of different shapes share their first axis (the toy: (6,) and (6, 3)); gathered one by
    one here, as PySD means to. PySD's bug, not the file's (pysimlin and sim.core.load read it)."""
    import_pysd()
    from pysd.py_backend import model as pysd_model

    def objects(items):
        array = np.empty(len(items), dtype=object)
        for k, item in enumerate(items):
            array[k] = item
        return array

    monkeypatch.setattr(pysd_model.Model, "ddt",
                        lambda self: objects([c.ddt() for c in self._dynamicstateful_elements]))
    monkeypatch.setattr(pysd_model.Model, "state",
                        property(lambda self: objects([c.state for c in self._dynamicstateful_elements]),
                                 pysd_model.Model.state.fset))


@pytest.mark.slow
@PANDAS_IN_PYSD
@pytest.mark.parametrize("name", ["teacup", "tohoku_toy", "builtins_showcase", "predator_prey"])
def test_pysd_reads_the_export_and_runs_as_sim_core(name, tmp_path, pysd_ragged_states):
    import pysd

    path = tmp_path / f"{name}.xmile"
    text, run = export(name, path, dt_name="TIME_STEP")  # PySD 3.14 does not know DT
    with warnings.catch_warnings():
        # PySD warns about a lookup read beyond its last point; the showcase does it on purpose
        warnings.filterwarnings("ignore", category=UserWarning, module="pysd")
        frame = pysd.read_xmile(str(path)).run()
    np.testing.assert_allclose(frame.index.values, run.times, rtol=0, atol=1e-12)
    error = max_relative_error(run, text, lambda column: frame[column].values.astype(float), "pysd")
    print(f"{name}: PySD max relative error {error:.1e}")


# --- pysimlin -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["teacup", "tohoku_toy", "builtins_showcase", "predator_prey", "chain"])
def test_pysimlin_reads_the_export_and_runs_as_sim_core(name, tmp_path):
    simlin = pytest.importorskip("simlin")
    path = tmp_path / f"{name}.xmile"
    text, run = export(name, path)
    simulation = simlin.load(path).simulate()
    simulation.run_to_end()
    error = max_relative_error(run, text, lambda column: np.asarray(simulation.get_series(column)), "simlin")
    print(f"{name}: pysimlin max relative error {error:.1e}")


# --- sim.core.load --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["teacup", "tohoku_toy", "builtins_showcase", "predator_prey"])
def test_sim_core_load_reads_the_export_back(name, tmp_path):
    """(The chain, too, agrees bit for bit, but its translation takes minutes: left out.)"""
    path = tmp_path / f"{name}.xmile"
    text, run = export(name, path, dt_name="TIME_STEP")  # read through PySD's translator
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="pysd")
        back = load(path).run()
    worst = 0.0
    for entry in run.model.stock_layout.entries + run.model.aux_layout.entries:
        theirs, ours = back[entry.name].reshape(run[entry.name].shape), run[entry.name]
        np.testing.assert_allclose(theirs, ours, rtol=RTOL, atol=0, err_msg=entry.name)
        worst = max(worst, float(np.max(np.abs(theirs - ours) / np.where(ours == 0, 1.0, np.abs(ours)))))
    print(f"{name}: sim.core.load max relative error {worst:.1e}")


# --- the file ---------------------------------------------------------------------------------------


def test_the_file_is_xmile_with_units_and_the_toys_names(tmp_path):
    path = tmp_path / "toy.xmile"
    text, _ = export("tohoku_toy", path, time_units="Year")
    assert path.read_text(encoding="utf-8") == text
    root = ET.fromstring(text)
    assert root.tag == f"{{{NAMESPACE}}}xmile" and root.get("version") == "1.0"
    specs = root.find("x:sim_specs", NS)
    assert specs.get("method") == "Euler" and specs.get("time_units") == "Year"
    assert [specs.find(f"x:{tag}", NS).text for tag in ("start", "stop", "dt")] == ["0.0", "50.0", "0.25"]
    regions = root.find("x:dimensions/x:dim[@name='region']", NS)
    assert [e.get("name") for e in regions] == list(tohoku_toy.REGIONS)
    variables = root.find("x:model/x:variables", NS)
    capital = variables.find("x:stock[@name='capital']", NS)
    assert capital.find("x:units", NS).text == "Yen"
    assert capital.find("x:eqn", NS).text == "initial_capital"
    assert capital.find("x:inflow", NS).text == "change_in_capital"
    flow = variables.find("x:flow[@name='change_in_capital']", NS)
    assert flow.find("x:eqn", NS).text == "investment[region] - depreciation[region]"  # one equation over region
    stages = variables.find("x:flow[@name='change_in_investment_in_transit']", NS)  # one per element: they differ
    # Vensim's DELAY3 (PySD's scaling): slot 1 holds the initial delay time (rate 0), slots 2-4 the
    # levels L_k, each draining at L_k / delay time, dL_k/dt = 3 (inflow into k - outflow of k)
    assert stages.find("x:element[@subscript='Aomori,stage 1']/x:eqn", NS).text == "0.0"
    assert stages.find("x:element[@subscript='Aomori,stage 4']/x:eqn", NS).text == (
        "3.0 * ((investment_in_transit[Aomori, stage_3] / construction_delay) - investment[Aomori])")
    assert flow.find("x:units", NS).text == "Yen/Year"
    lifetime = variables.find("x:aux[@name='capital_lifetime']", NS)
    assert lifetime.find("x:eqn", NS).text == "20.0" and lifetime.find("x:units", NS).text == "Year"
    assert lifetime.find("x:doc", NS).text.startswith("source: vensim/tohoku_toy.mdl")
    attractiveness = variables.find("x:aux[@name='migration_attractiveness']", NS)
    assert attractiveness.find("x:gf", NS).get("type") == "continuous"
    assert attractiveness.find("x:gf/x:xpts", NS).text == "0.0,0.5,1.0,1.5,2.0"
    assert variables.find("x:aux[@name='attractiveness_x']", NS) is None  # the table is the gf
    every = [v.get("name") for v in variables]
    assert all(v.find("x:units", NS) is not None for v in variables if v.get("name") in
               tohoku_toy.MODEL.stock_layout.names + tohoku_toy.MODEL.aux_layout.names)
    assert len(every) == len(set(every))


def test_a_second_export_gives_the_same_text(tmp_path):
    first, _ = export("builtins_showcase", None)
    second, _ = export("builtins_showcase", tmp_path / "showcase.xmile")
    assert first == second


def test_the_write_is_atomic(tmp_path, monkeypatch):
    """A failed write leaves the old file and no temporary file; a good one replaces it."""
    path = tmp_path / "teacup.xmile"
    path.write_text("old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        export("teacup", path)
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["teacup.xmile"]
    monkeypatch.undo()
    text, _ = export("teacup", path)
    assert path.read_text(encoding="utf-8") == text and os.listdir(tmp_path) == ["teacup.xmile"]


def test_dt_is_written_as_dt_or_as_asked():
    standard = to_xmile(builtins_showcase.MODEL, start=0, stop=10, dt=0.125)
    assert "DT" in standard and "TIME_STEP" not in standard
    assert "time_step" not in standard  # the TIME STEP parameter is DT, not a constant
    pysd = to_xmile(builtins_showcase.MODEL, start=0, stop=10, dt=0.125, dt_name="TIME_STEP")
    assert pysd == standard.replace("DT", "TIME_STEP")


# --- refusals -----------------------------------------------------------------------------------


def scalar_model(rhs, name="bad", **arguments) -> Model:
    return Model(name, stocks=[Stock("x", units="u")], params=[Param("k", 1.0)], aux=[Aux("a")], rhs=rhs,
                 **arguments)


@kernel
def branching_rhs(t, y, p, data, dydt, aux):
    if y[0] > p[0]:
        dydt[0] = -y[0]
    else:
        dydt[0] = y[0]
    aux[0] = y[0]


@kernel
def data_rhs(t, y, p, data, dydt, aux):
    dydt[0] = data[0] * y[0]
    aux[0] = y[0]


@kernel
def forward_rhs(t, y, p, data, dydt, aux):
    dydt[0] = lookup_forward(y[0], p[1:4], p[4:7])
    aux[0] = y[0]


@kernel
def ok_rhs(t, y, p, data, dydt, aux):
    dydt[0] = -p[0] * y[0]
    aux[0] = y[0] * 2.0


def test_a_branch_on_a_value_is_refused_naming_the_function_and_line():
    model = scalar_model(branching_rhs, "branchy")
    line = branching_rhs.py_func.__code__.co_firstlineno + 2  # the decorator is the first line
    with pytest.raises(XmileExportError, match=rf"model 'branchy': a branch .* in branching_rhs \(.*test_to_xmile.py:{line}\)"):
        to_xmile(model, start=0, stop=1, dt=0.5, initial={"x": 1.0})
    assert issubclass(XmileExportError, ValueError)


#: Thread name -> (reached, resume): :func:`pause_in_trace` stops that thread's trace until resumed.
PAUSES: dict[str, tuple[threading.Event, threading.Event]] = {}


def pause_in_trace():
    """A plain Python function (the trace calls it as it is): in a thread named in ``PAUSES``, say
    that the trace got here and wait to be resumed."""
    events = PAUSES.get(threading.current_thread().name)
    if events:
        events[0].set()
        events[1].wait(30)


@kernel
def pausing_branching_rhs(t, y, p, data, dydt, aux):
    pause_in_trace()
    if y[0] > p[0]:
        dydt[0] = -y[0]
    else:
        dydt[0] = y[0]
    aux[0] = y[0]


def test_exports_in_two_threads_at_once_each_name_their_own_model():
    """One export stops mid-trace while another, of another model, runs to its end: the first one's
    refusal still names its own model (the trace's state is per thread)."""
    reached, resume = threading.Event(), threading.Event()
    PAUSES["first"] = (reached, resume)
    errors = {}

    def first():
        try:
            to_xmile(scalar_model(pausing_branching_rhs, "first_model"), start=0, stop=1, dt=0.5, initial={"x": 1.0})
        except XmileExportError as error:
            errors["first"] = str(error)

    thread = threading.Thread(target=first, name="first")
    thread.start()
    try:
        assert reached.wait(30)
        with pytest.raises(XmileExportError, match=r"model 'second_model': a branch"):
            to_xmile(scalar_model(branching_rhs, "second_model"), start=0, stop=1, dt=0.5, initial={"x": 1.0})
    finally:
        resume.set()
        thread.join(30)
        del PAUSES["first"]
    assert errors["first"].startswith("model 'first_model': a branch"), errors


def test_the_raised_recursion_limit_holds_until_the_last_overlapping_export_is_done():
    """Two exports overlapping (the first leaves while the second still writes): the limit stays
    raised for the second and is the caller's again after both."""
    before = sys.getrecursionlimit()
    entered, first_left = threading.Event(), threading.Event()
    seen = {}

    def second():
        with _DEEP_RECURSION:
            entered.set()
            first_left.wait(30)
            seen["while the second writes"] = sys.getrecursionlimit()

    with _DEEP_RECURSION:
        assert sys.getrecursionlimit() >= 10_000
        thread = threading.Thread(target=second)
        thread.start()
        assert entered.wait(30)
    first_left.set()
    thread.join(30)
    assert seen["while the second writes"] >= 10_000
    assert sys.getrecursionlimit() == before


def test_a_read_of_data_is_refused():
    model = scalar_model(data_rhs, data=np.ones(2))
    line = data_rhs.py_func.__code__.co_firstlineno + 2  # the decorator is the first line
    with pytest.raises(XmileExportError, match=rf"data vector .* in data_rhs \(.*:{line}\)"):
        to_xmile(model, start=0, stop=1, dt=0.5, initial={"x": 1.0})


def test_lookup_forward_is_refused():
    model = Model("fwd", stocks=[Stock("x")], params=[Param("k", 1.0), Param("tx", (0, 1, 2), (3,)),
                                                       Param("ty", (0, 1, 2), (3,))], aux=[Aux("a")], rhs=forward_rhs)
    with pytest.raises(XmileExportError, match=r"LOOKUP FORWARD .* in forward_rhs"):
        to_xmile(model, start=0, stop=1, dt=0.5, initial={"x": 1.0})


def test_a_parameter_without_a_value_is_refused_and_given_values_are_written():
    model = Model("nodefault", stocks=[Stock("x")], params=[Param("k")], aux=[Aux("a")], rhs=ok_rhs)
    with pytest.raises(XmileExportError, match=r"parameter\(s\) \['k'\] have no default"):
        to_xmile(model, start=0, stop=1, dt=0.5, initial={"x": 1.0})
    text = to_xmile(model, start=0, stop=1, dt=0.5, initial={"x": 1.0}, params={"k": 0.5})
    assert "<eqn>0.5</eqn>" in text


def test_a_model_without_init_needs_initial_values():
    with pytest.raises(XmileExportError, match=r"has no init function; initial is missing \['hares', 'lynx'\]"):
        to_xmile(predator_prey.MODEL, start=0, stop=1, dt=0.5)


def test_bad_arguments_are_refused():
    with pytest.raises(XmileExportError, match="method='rk45'"):
        to_xmile(teacup.MODEL, start=0, stop=1, dt=0.5, method="rk45")
    with pytest.raises(XmileExportError, match=r"coords\['region'\] has 2 names"):
        to_xmile(tohoku_toy.MODEL, start=0, stop=1, dt=0.5, coords={"region": ("a", "b")})
    with pytest.raises(XmileExportError, match=r"params\['time_step'\] is given"):
        to_xmile(builtins_showcase.MODEL, start=0, stop=1, dt=0.5, params={"time_step": 0.5})
    with pytest.raises(XmileExportError, match="initial has unknown name"):
        to_xmile(teacup.MODEL, start=0, stop=1, dt=0.5, initial={"tea": 1.0})


def test_chain_exports_its_lookups_as_helpers():
    text = to_xmile(chain.MODEL, start=0, stop=1, dt=0.25)
    root = ET.fromstring(text)
    helpers = root.findall("x:model/x:variables/x:aux[x:gf]", NS)
    assert len(helpers) == chain.N + 1  # one effect lookup per stage, the inflow multiplier carries its own


@kernel
def functions_rhs(t, y, p, data, dydt, aux):
    aux[0] = pulse_train(t, p[7], 1.0, 0.5, 2.0, 7.0)
    aux[1] = math.exp(-0.1 * t) + np.sqrt(t + 1.0) + math.log(t + 2.0) + math.sin(t) + abs(t - 3.0)
    aux[2] = ramp(t, 2.0, 1.0, p[6]) + step(t, p[7], 3.0, 2.1) + min(t, 4.0) - max(t, 6.0)
    aux[3] = lookup_backward(t, p[0:3], p[3:6])
    aux[4] = lookup_extrapolate(t, p[0:3], p[3:6])
    dydt[0] = aux[0] + aux[1] + aux[2] - y[0] * 0.1


FUNCTIONS = Model(
    "functions", stocks=[Stock("x")], aux=[Aux(name) for name in ("a", "b", "c", "d", "e")], rhs=functions_rhs,
    params=[Param("tx", (0.0, 2.0, 5.0), (3,)), Param("ty", (1.0, 3.0, 2.0), (3,)), Param("ramp_end", 4.0),
            Param("time_step", 0.25)], time_step="time_step",
)


def test_pysimlin_runs_the_mapped_functions_as_sim_core(tmp_path):
    """PULSE TRAIN (mod), EXP, SQRT, LN, SIN, ABS, RAMP, STEP, MIN, MAX, LOOKUP BACKWARD and EXTRAPOLATE:
    bit for bit in pysimlin."""
    simlin = pytest.importorskip("simlin")
    path = tmp_path / "functions.xmile"
    to_xmile(FUNCTIONS, path, start=0, stop=10, dt=0.25, initial={"x": 1.0})
    run = FUNCTIONS.run(start=0, stop=10, dt=0.25, initial={"x": 1.0})
    simulation = simlin.load(path).simulate()
    simulation.run_to_end()
    for name in ("x", "a", "b", "c", "d", "e"):
        np.testing.assert_allclose(np.asarray(simulation.get_series(name)), run[name][0], rtol=RTOL, atol=0,
                                   err_msg=name)


def test_lookup_backward_and_extrapolate_are_written_as_ifs():
    """PySD 3.14 and pysimlin 0.8.5 ignore the type of a gf inside an aux, so LOOKUP BACKWARD is written
    as IFs on the table's numbers, and LOOKUP EXTRAPOLATE as the end lines around a continuous gf."""
    root = ET.fromstring(to_xmile(FUNCTIONS, start=0, stop=10, dt=0.25, initial={"x": 1.0}))
    variables = root.find("x:model/x:variables", NS)
    assert variables.find("x:aux[@name='d']/x:eqn", NS).text == (
        "IF (TIME >= 5.0) THEN 2.0 ELSE (IF (TIME >= 2.0) THEN 3.0 ELSE 1.0)")
    assert variables.find("x:aux[@name='e']/x:eqn", NS).text == (
        "IF (TIME < 0.0) THEN (1.0 + (TIME * 2.0 / 2.0)) "
        "ELSE (IF (TIME > 5.0) THEN (2.0 + ((TIME - 5.0) * (-1.0) / 3.0)) ELSE ty_lookup)")
    assert variables.find("x:aux[@name='ty_lookup']/x:gf", NS).get("type") == "continuous"


@kernel
def no_event(t, y, p, data):
    y[0] = 0.0


def test_an_event_function_is_refused():
    model = scalar_model(ok_rhs, "evented", event=no_event, event_period=1.0)
    with pytest.raises(XmileExportError, match="model 'evented' has an event function"):
        to_xmile(model, start=0, stop=1, dt=0.5, initial={"x": 1.0})


# --- the test models of tests/models.py ---------------------------------------------------------


@pytest.mark.parametrize("name", ["CAPABILITIES", "CHAIN", "DECAY", "DELAYS", "LOGISTIC", "TREND"])
def test_pysimlin_runs_the_test_models_as_sim_core(name, tmp_path):
    simlin = pytest.importorskip("simlin")
    model = getattr(models, name)
    initial = {stock: 1.0 for stock in model.stock_layout.names} if model.init is None else None
    path = tmp_path / "model.xmile"
    text = to_xmile(model, path, start=0, stop=5, dt=0.25, initial=initial)
    run = model.run(start=0, stop=5, dt=0.25, initial=initial)
    simulation = simlin.load(path).simulate()
    simulation.run_to_end()
    max_relative_error(run, text, lambda column: np.asarray(simulation.get_series(column)), "simlin")


@pytest.mark.parametrize("name, message", [
    ("EVENTS", "has an event function"),
    ("SCALED_START", r"a branch .* in scaled_start_init \(.*models.py:\d+\)"),
    ("VENSIM_BUILTINS", r"material_delay_init of a DELAY N \(stage-wise delay times: discrete .*\) in vensim_init"),
])
def test_the_test_models_that_do_not_map_are_refused(name, message):
    with pytest.raises(XmileExportError, match=message):
        to_xmile(getattr(models, name), start=0, stop=5, dt=0.25)


@pytest.mark.parametrize("name", ["teacup", "tohoku_toy"])
def test_pysimlin_runs_an_rk4_export_as_sim_core(name, tmp_path):
    """method="rk4" → sim_specs method="RK4"; pysimlin's RK4 sums its stages in another order (~1e-15)."""
    simlin = pytest.importorskip("simlin")
    module = importlib.import_module(f"sim.examples.{name}")
    coords = {"region": module.REGIONS} if hasattr(module, "REGIONS") else None
    path = tmp_path / f"{name}.xmile"
    text = to_xmile(module.MODEL, path, start=module.START, stop=module.STOP, dt=module.DT, method="rk4",
                    coords=coords)
    assert 'method="RK4"' in text
    run = module.MODEL.run(start=module.START, stop=module.STOP, dt=module.DT, method="rk4")
    simulation = simlin.load(path).simulate()
    simulation.run_to_end()
    error = max_relative_error(run, text, lambda column: np.asarray(simulation.get_series(column)), "simlin")
    print(f"{name} (RK4): pysimlin max relative error {error:.1e}")


def test_names_xmile_cannot_write_or_tell_apart_are_refused():
    with pytest.raises(XmileExportError, match=r"element of dimension 'region' 'Aomori-ken' is not allowed"):
        to_xmile(tohoku_toy.MODEL, start=0, stop=1, dt=0.5,
                 coords={"region": ("Aomori-ken",) + tohoku_toy.REGIONS[1:]})
    with pytest.raises(XmileExportError, match="element name 'Iwate' of dimension 'region' is empty or also in dimension 'region'"):
        to_xmile(tohoku_toy.MODEL, start=0, stop=1, dt=0.5, coords={"region": ("iwate",) + tohoku_toy.REGIONS[1:]})
    clash = Model("clash", stocks=[Stock("x")], params=[Param("k", 1.0), Param("K", 2.0)], aux=[Aux("a")], rhs=ok_rhs)
    with pytest.raises(XmileExportError, match="differ only in case"):
        to_xmile(clash, start=0, stop=1, dt=0.5, initial={"x": 1.0})
    taken = Model("taken", stocks=[Stock("x")], params=[Param("k", 1.0)], aux=[Aux("change_in_x")], rhs=ok_rhs)
    with pytest.raises(XmileExportError, match="variable 'change_in_x' clashes with 'change_in_x'"):
        to_xmile(taken, start=0, stop=1, dt=0.5, initial={"x": 1.0})


def test_pysimlin_saves_at_saveper(tmp_path):
    simlin = pytest.importorskip("simlin")
    path = tmp_path / "teacup.xmile"
    text = to_xmile(teacup.MODEL, path, start=0, stop=30, dt=0.125, saveper=1.0)
    assert 'save_interval="1.0"' in text
    run = teacup.MODEL.run(start=0, stop=30, dt=0.125, saveper=1.0)
    simulation = simlin.load(path).simulate()
    simulation.run_to_end()
    np.testing.assert_allclose(np.asarray(simulation.get_series("teacup_temperature")), run["teacup_temperature"][0],
                               rtol=RTOL, atol=0)


def test_a_lowered_delay_order_is_fixed_in_the_file_with_a_warning(tmp_path):
    """DELAY3 of 2 years at DT 1: Vensim's rule runs it at order 2 (2 x DT <= 2 < 3 x DT). The export
    warns and writes order 2 (the drains multiplied by 2.0, the third level's rate 0); pysimlin runs the
    file as sim.core runs the model, which lowers the order itself."""
    simlin = pytest.importorskip("simlin")
    from sim.core import DelayOrderWarning

    grid = dict(start=tohoku_toy.START, stop=tohoku_toy.STOP, dt=1.0)
    params = {"construction_delay": 2.0}
    path = tmp_path / "lowered.xmile"
    lowered = r"in rhs .* order 3 with initial delay time 2\.0 and DT 1\.0 is written at order 2"
    with pytest.warns(DelayOrderWarning, match=lowered):
        text = to_xmile(tohoku_toy.MODEL, path, params=params, coords={"region": tohoku_toy.REGIONS}, **grid)
    stages = ET.fromstring(text).find("x:model/x:variables/x:flow[@name='change_in_investment_in_transit']", NS)
    assert stages.find("x:element[@subscript='Aomori,stage 3']/x:eqn", NS).text == (
        "2.0 * ((investment_in_transit[Aomori, stage_2] / construction_delay) - investment[Aomori])")
    assert stages.find("x:element[@subscript='Aomori,stage 4']/x:eqn", NS).text == "0.0"
    with pytest.warns(DelayOrderWarning):
        run = tohoku_toy.MODEL.run(params=params, **grid)
    simulation = simlin.load(path).simulate()
    simulation.run_to_end()
    max_relative_error(run, text, lambda column: np.asarray(simulation.get_series(column)), "simlin")
