"""sim.core.load: Vensim files through PySD's translators into compiled sim.core models.

Checked against the hand-written twins (bit for bit where the operations are the same), against
PySD running the same file (1e-9 relative), for clear refusals of what the importer cannot
translate, for batches and threads, and for the disk cache across processes.
"""

import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

from sim.core import TranslationError, load
from sim.core.model import DelayOrderWarning
from sim.core.__main__ import main, table
from sim.core.vensim.translate import import_pysd
from sim.examples import builtins_showcase, teacup, tohoku_toy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "sim" / "examples" / "vensim"
MODELS = Path(__file__).resolve().parent / "vensim"
#: Agreement with PySD on the same file [relative].
PYSD_RTOL = 1e-9

CONTROL = """
********************************************************
	.Control
********************************************************~
		Simulation Control Parameters
	|

FINAL TIME  = {final}
	~	Month
	~		|

INITIAL TIME  = 0
	~	Month
	~		|

SAVEPER  = TIME STEP
	~	Month
	~		|

TIME STEP  = {dt}
	~	Month
	~		|

\\\\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be removed with the sketch
"""


def write_model(directory: Path, equations: str, final: float = 10, dt: float = 0.25) -> Path:
    """A .mdl file of ``equations`` (Vensim text) and a control section."""
    path = directory / "model.mdl"
    path.write_text("{UTF-8}\n" + textwrap.dedent(equations).strip() + "\n\n" + CONTROL.format(final=final, dt=dt))
    return path


def assert_same(imported, twin, names, **tolerance):
    for name in names:
        if tolerance:
            scale = np.max(np.abs(twin[name]))
            np.testing.assert_allclose(imported[name], twin[name], atol=tolerance["rtol"] * scale, err_msg=name,
                                       **tolerance)
        else:
            np.testing.assert_array_equal(imported[name], twin[name], err_msg=name)


# --- the hand-written twins -------------------------------------------------------------------


def test_teacup_equals_its_twin_bit_for_bit():
    model = load(EXAMPLES / "teacup.mdl")
    assert (model.control["initial_time"], model.control["final_time"], model.control["time_step"]) == (
        teacup.START, teacup.STOP, teacup.DT)
    imported = model.run()
    twin = teacup.MODEL.run(start=teacup.START, stop=teacup.STOP, dt=teacup.DT)
    assert_same(imported, twin, ["teacup_temperature", "heat_loss_to_room"])


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_builtins_showcase_equals_its_twin_bit_for_bit(method):
    """STEP, RAMP, PULSE, SMOOTH, SMOOTH3, TREND, DELAY1, DELAY3, a lookup, MIN and MAX; RK4 too, whose
    stages evaluate the generated rhs between grid points."""
    imported = load(EXAMPLES / "builtins_showcase.mdl").run(method=method)
    twin = builtins_showcase.MODEL.run(start=builtins_showcase.START, stop=builtins_showcase.STOP,
                                       dt=builtins_showcase.DT, method=method)
    assert_same(imported, twin, ("inventory",) + twin.aux_layout.names)
    np.testing.assert_array_equal(imported["production__delay"], twin["work_in_process"])


def test_tohoku_toy_equals_its_twin():
    """Same equations, but the file writes output as ``A K^0.3 L^0.7`` and the twin as
    ``A L (K/L)^alpha`` (one power instead of two): the last bits differ, so 1e-12."""
    model = load(EXAMPLES / "tohoku_toy.mdl")
    imported = model.run()
    twin = tohoku_toy.MODEL.run(start=tohoku_toy.START, stop=tohoku_toy.STOP, dt=tohoku_toy.DT)
    names = ["capital", "population", "output", "income_per_capita", "net_migration", "investment", "depreciation",
             "births", "deaths", "migration_attractiveness", "output_trend", "average_perceived_income"]
    assert_same(imported, twin, names, rtol=1e-12)
    np.testing.assert_allclose(imported["perceived_income__smooth"], twin["perceived_income"], rtol=1e-12)
    np.testing.assert_allclose(imported["investment__delay"], twin["investment_in_transit"], rtol=1e-12)


# --- PySD on the same file ----------------------------------------------------------------------


def run_pysd(path: Path, directory: Path):
    """PySD's run of a copy of ``path`` (PySD writes its translation beside the file)."""
    import_pysd()
    import pysd

    (directory / "pysd").mkdir()
    copy = directory / "pysd" / path.name
    shutil.copy(path, copy)
    read = pysd.read_vensim if path.suffix == ".mdl" else pysd.read_xmile
    return read(str(copy)).run()


def assert_agrees_with_pysd(path: Path, directory: Path):
    model = load(path)
    header, rows = table(model, model.run())
    frame = run_pysd(path, directory)
    assert set(header[1:]) == set(frame.columns), "the CSV has PySD's columns"
    np.testing.assert_allclose(rows[:, 0], frame.index.values, rtol=0, atol=1e-12)
    for column, name in enumerate(header[1:], 1):
        np.testing.assert_allclose(rows[:, column], frame[name].values.astype(float), rtol=PYSD_RTOL, atol=0,
                                   err_msg=name)


#: PySD's run() warns about a pandas deprecation inside PySD; not ours to fix.
PANDAS_IN_PYSD = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index")
#: PySD warns on any subscript mapping that it "works only for simple cases"; the importer decides.
PYSD_MAPPING_WARNING = pytest.mark.filterwarnings(r"ignore:\s*Subscript mapping detected:UserWarning")
#: PySD's warning when it lowers a delay's order, and ours (tested on their own below).
LOWERED_IN_PYSD = pytest.mark.filterwarnings(r"ignore:.*\s*Delay time very small, casting delay order:UserWarning")
LOWERED_HERE = pytest.mark.filterwarnings("ignore::sim.core.model.DelayOrderWarning")


@pytest.mark.slow
@PANDAS_IN_PYSD
@pytest.mark.parametrize("path", [
    EXAMPLES / "teacup.mdl",
    EXAMPLES / "tohoku_toy.mdl",
    # PySD warns when a lookup is read beyond its last point; the showcase does it on purpose
    pytest.param(EXAMPLES / "builtins_showcase.mdl",
                 marks=pytest.mark.filterwarnings("ignore:_hardcodedlookup_fulfillment_lookup:UserWarning")),
    MODELS / "smooths.mdl",
    MODELS / "delays.mdl",
    # TIME STEP 1: DELAY3 of 2, DELAY3I of 1.5 and DELAY N (order 5) of 2 are lowered, in both engines
    pytest.param(MODELS / "delays_lowered.mdl", marks=[LOWERED_IN_PYSD, LOWERED_HERE]),
    # DELAY FIXED of 2 (8 steps), of 1.3 (5.2 steps: 5) and of 0.1 (one step), input fed back from a stock
    pytest.param(MODELS / "delay_fixed.mdl", marks=pytest.mark.filterwarnings(
        r"ignore:_delayfixed_odd_out\s*Casting delay order:UserWarning")),
    # per element: a DELAY FIXED of 3 steps and a DELAY3 lowered to order 2, fed back from a stock
    pytest.param(MODELS / "delays_subscripted.mdl", marks=[LOWERED_IN_PYSD, LOWERED_HERE]),
    MODELS / "functions.mdl",
    MODELS / "subscripts.mdl",
    MODELS / "subscripts_2d.mdl",
    pytest.param(MODELS / "mapping.mdl", marks=PYSD_MAPPING_WARNING),
    MODELS / "teacup_smooth.xmile",
], ids=["teacup", "tohoku_toy", "builtins_showcase", "smooths", "delays", "delays_lowered", "delay_fixed",
        "delays_subscripted", "functions", "subscripts", "subscripts_2d", "mapping", "teacup_xmile"])
def test_agrees_with_pysd(path, tmp_path):
    assert_agrees_with_pysd(path, tmp_path)


@pytest.mark.slow
@PANDAS_IN_PYSD
def test_step_between_grid_points_agrees_with_pysd(tmp_path):
    path = write_model(tmp_path, """
        Input=
        	STEP(1, 2.1)
        	~	Dmnl
        	~		|
    """)
    assert_agrees_with_pysd(path, tmp_path)


@pytest.mark.parametrize("dt", [0.25, 0.1])
def test_pulses_between_grid_points_follow_the_manuals_rule(tmp_path, dt):
    """PULSE, PULSE of width 0 and PULSE TRAIN at times between grid points: the imported model
    gives, at every saved time, the core's builtins on the same grid with the run's TIME STEP
    (docs/CORE_BUILTINS.md: Vensim's time + TIME STEP/2 rule, a width of 0 one step; PySD
    compares Time itself and treats width 0 as no pulse, so it is not the reference here)."""
    from sim.core.builtins import pulse, pulse_train

    path = write_model(tmp_path, """
        Input=
        	PULSE(3.1, 1) + 10 * PULSE(5.03, 0) + 100 * PULSE TRAIN(1.1, 0.3, 2, 9)
        	~	Dmnl
        	~		|
    """, dt=dt)
    model = load(path)
    run = model.run()
    expected = [pulse(t, dt, 3.1, 1.0) + 10 * pulse(t, dt, 5.03, 0.0) + 100 * pulse_train(t, dt, 1.1, 0.3, 2.0, 9.0)
                for t in run.times]
    np.testing.assert_array_equal(run["input"][0], expected)
    assert sum(pulse(t, dt, 5.03, 0.0) for t in run.times) == 1.0  # the width-0 pulse: on for one step


@pytest.mark.slow
@PANDAS_IN_PYSD
def test_delay_n_with_a_changing_delay_time_agrees_with_pysd(tmp_path):
    path = write_model(tmp_path, """
        Delay Time=
        	2 + STEP(2, 3)
        	~	Month
        	~		|

        Out=
        	DELAY N(10 + Time, Delay Time, 10, 3)
        	~	Dmnl
        	~		|
    """)
    assert_agrees_with_pysd(path, tmp_path)


def test_a_lowered_delay_order_warns_naming_the_variable():
    """Vensim lowers DELAY1/DELAY3/DELAY N's order while order x TIME STEP exceeds the initial
    delay time (PySD too, with its own warning): each lowered delay warns once, by the file's name."""
    model = load(MODELS / "delays_lowered.mdl")
    with pytest.warns(DelayOrderWarning) as caught:
        model.run()
    messages = sorted(str(w.message) for w in caught)
    assert messages == [
        "'Out 3': order 3 x TIME STEP 1.0 exceeds the delay time 2.0; Vensim's rule lowers the order to 2 (scenario 0)",
        "'Out 3I': order 3 x TIME STEP 1.0 exceeds the delay time 1.5; Vensim's rule lowers the order to 1 "
        "(scenario 0)",
        "'Out N': order 5 x TIME STEP 1.0 exceeds the delay time 2.0; Vensim's rule lowers the order to 2 (scenario 0)",
    ]
    assert {w.filename for w in caught} == {__file__}  # the line that called run, where a user can act
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.run(dt=0.5, saveper=1.0, params={"delay_time": [2.0, 1.0]})
    assert sorted(str(w.message) for w in caught) == [
        "'Out 3': order 3 x TIME STEP 0.5 exceeds the delay time 1.0; Vensim's rule lowers the order to 2 (scenario 1)",
        "'Out N': order 5 x TIME STEP 0.5 exceeds the delay time 1.0; Vensim's rule lowers the order to 2 (scenario 1)",
    ]
    model.run(dt=0.25, saveper=1.0)  # nothing lowered: no warning (warnings are errors here)


def test_the_twins_lower_the_order_as_their_files_do():
    """tohoku_toy with a construction delay below 3 x TIME STEP: the imported file and its twin
    both lower DELAY3 to order 2 and warn, naming the variable, and still agree."""
    imported_model = load(EXAMPLES / "tohoku_toy.mdl")
    with pytest.warns(DelayOrderWarning, match="'Investment': order 3 x TIME STEP 0.25 exceeds the delay time 0.6"):
        imported = imported_model.run(params={"construction_delay": 0.6})
    with pytest.warns(DelayOrderWarning, match="'investment': order 3 x TIME STEP 0.25 exceeds the delay time 0.6"):
        twin = tohoku_toy.MODEL.run(start=tohoku_toy.START, stop=tohoku_toy.STOP, dt=tohoku_toy.DT,
                                    params={"construction_delay": 0.6})
    assert_same(imported, twin, ["capital", "investment", "output"], rtol=1e-12)
    np.testing.assert_allclose(imported["investment__delay"], twin["investment_in_transit"], rtol=1e-12)
    third_level = twin["investment_in_transit"][0, :, :, 3]  # not used at order 2: it keeps its start value
    np.testing.assert_array_equal(third_level, np.broadcast_to(third_level[0], third_level.shape))


def test_delay_fixed_refuses_a_run_its_buffer_cannot_hold():
    """The buffer is sized at load (the file's delay time over its TIME STEP: 2 / 0.25 = 8 steps);
    a run that would need more steps fails before running, naming the variable, the value and what
    is allowed; fewer steps run."""
    model = load(MODELS / "delay_fixed.mdl")
    assert model.stock_layout["fixed_out__delay"].shape == (2 + 8,)
    with pytest.raises(ValueError, match=r"DELAY FIXED in 'Fixed Out': delay time 2.0 \(scenario 0\) with dt=0.125 "
                                         r"needs 16 steps; its buffer, sized at load \(the file's delay time and "
                                         r"TIME STEP, or delay_fixed_steps\), holds 8; allowed: a delay time below "
                                         r"1.0625 at this dt, or dt above 0.235.*, or a longer buffer: "
                                         r"load\(..., delay_fixed_steps=16\)"):
        model.run(dt=0.125)
    with pytest.raises(ValueError, match=r"'Fixed Out': delay time 2.2 \(scenario 1\) with dt=0.25 needs 9 steps"):
        model.run(params={"delay_time": [2.0, 2.2]})
    with pytest.raises(ValueError, match=r"method='rk4' is not allowed: DELAY FIXED in \['Fixed Out', 'Odd Out', "
                                         r"'Short Out'\] is discrete"):
        model.run(method="rk4")
    shorter = model.run(params={"delay_time": 1.0})  # 4 steps: the input of 4 steps before
    np.testing.assert_array_equal(shorter["fixed_out"][0, 4:], shorter["inflow"][0, :-4])
    np.testing.assert_array_equal(shorter["fixed_out"][0, :4], 3.0)
    coarser = model.run(dt=0.5, saveper=0.5)  # 4 steps of 0.5
    np.testing.assert_array_equal(coarser["fixed_out"][0, 4:], coarser["inflow"][0, :-4])


def test_delay_fixed_steps_at_load_make_room_for_longer_delays_and_smaller_steps():
    """``load(..., delay_fixed_steps=16)``: every buffer holds 16 steps, so the delay time 2 at dt 0.125
    and 3.5 at dt 0.25 run; the output is the input of 16 and 14 steps before (the initial value until
    then); ``Short Out`` (under a step) is unchanged by the longer buffer; 17 steps are refused."""
    model = load(MODELS / "delay_fixed.mdl", delay_fixed_steps=16)
    assert model.stock_layout["fixed_out__delay"].shape == (2 + 16,)
    finer = model.run(dt=0.125, saveper=0.125)
    np.testing.assert_array_equal(finer["fixed_out"][0, 16:], finer["inflow"][0, :-16])
    np.testing.assert_array_equal(finer["fixed_out"][0, :16], 3.0)
    longer = model.run(params={"delay_time": 3.5})
    np.testing.assert_array_equal(longer["fixed_out"][0, 14:], longer["inflow"][0, :-14])
    default = load(MODELS / "delay_fixed.mdl").run()
    np.testing.assert_array_equal(model.run()["short_out"], default["short_out"])
    with pytest.raises(ValueError, match=r"delay time 4.25 .* needs 17 steps; .* holds 16"):
        model.run(params={"delay_time": 4.25})
    with pytest.raises(ValueError, match=r"delay_fixed_steps=-1 is not allowed; allowed: a whole number >= 0"):
        load(MODELS / "delay_fixed.mdl", delay_fixed_steps=-1)


def test_lookup_extrapolate_forward_backward_are_the_cores(tmp_path):
    """PySD 3.14 parses LOOKUP EXTRAPOLATE/FORWARD/BACKWARD but cannot run them ('not implemented
    on PySD. The translated model will crash'), so the reference is the core's kernels on the
    file's table (tested against hand values in tests/test_builtins.py), and a few hand values."""
    from sim.core.builtins import lookup_backward, lookup_extrapolate, lookup_forward

    path = write_model(tmp_path, """
        T(
        	[(0,0)-(2,2)],(0,0),(1,2),(2,1))
        	~	~	|

        X=
        	LOOKUP EXTRAPOLATE(T, Time - 1)
        	~	~	|

        Y=
        	LOOKUP FORWARD(T, Time / 2)
        	~	~	|

        Z=
        	LOOKUP BACKWARD(T, Time / 2)
        	~	~	|
    """, final=4)
    run = load(path).run()
    xs, ys = np.array([0.0, 1.0, 2.0]), np.array([0.0, 2.0, 1.0])
    for name, kernel, x in (("x", lookup_extrapolate, run.times - 1), ("y", lookup_forward, run.times / 2),
                            ("z", lookup_backward, run.times / 2)):
        np.testing.assert_array_equal(run[name][0], [kernel(v, xs, ys) for v in x], err_msg=name)
    at = {float(t): k for k, t in enumerate(run.times)}
    assert run["x"][0, at[0.0]] == -2.0 and run["x"][0, at[4.0]] == 0.0  # the end segments continued
    assert run["y"][0, at[0.25]] == 2.0 and run["z"][0, at[0.25]] == 0.0  # x = 0.125: next point, previous point
    assert run["y"][0, at[4.0]] == 1.0 and run["z"][0, at[2.0]] == 2.0


# --- refusals -------------------------------------------------------------------------------


REFUSED = {
    "delay time of DELAY FIXED": ("X=\n\tDELAY FIXED(Time, 1 + Time, 0)\n\t~\t~\t|", "X"),
    "FORECAST": ("X=\n\tFORECAST(Time, 2, 1)\n\t~\t~\t|", "X"),
    "function RANDOM UNIFORM": ("X=\n\tRANDOM UNIFORM(0, 1, 3)\n\t~\t~\t|", "X"),
    "LOOKUP FORWARD": ("X=\n\tLOOKUP FORWARD(Time, Time)\n\t~\t~\t|", "X"),
    "EXCEPT": ("R:\n\ta, b, c\n\t~\t~\t|\n\nX[R] :EXCEPT: [b]=\n\t1\n\t~\t~\t|\n\nX[b]=\n\t2\n\t~\t~\t|", "X"),
    "order": ("X=\n\tDELAY N(Time, 2, 0, Time)\n\t~\t~\t|", "X"),
    "subscript range 'R' used as a value": ("R:\n\ta, b\n\t~\t~\t|\n\nX=\n\tR + 1\n\t~\t~\t|", "X"),
    "subscript mapping 'B' -> 'A'": ("A:\n\ta1, a2, a3\n\t~\t~\t|\n\nB:\n\tb1, b2 -> A\n\t~\t~\t|\n\n"
                                     "Y[B]=\n\t1, 2\n\t~\t~\t|\n\nX[A]=\n\tY[B]\n\t~\t~\t|", "X"),
    # X[R] starts an indented line of Y's equation first: the line found is X's definition
    "SAMPLE IF TRUE": ("R:\n\ta, b\n\t~\t~\t|\n\nY[R]=\n\tX[R] * 2\n\t~\t~\t|\n\n"
                       "X[R]=\n\tSAMPLE IF TRUE(Time > 2, Time, 0)\n\t~\t~\t|", "X"),
}


@PYSD_MAPPING_WARNING
@pytest.mark.parametrize("construct", sorted(REFUSED))
def test_an_unsupported_construct_is_refused_by_name(construct, tmp_path):
    equations, variable = REFUSED[construct]
    path = write_model(tmp_path, equations)
    with pytest.raises(TranslationError) as refused:
        load(path)
    message = str(refused.value)
    assert construct in message and f"variable {variable!r}" in message and "line " in message
    line = int(message.split("line ")[1].split(":")[0])
    assert path.read_text().splitlines()[line - 1].startswith(variable)  # its definition, not an indented use


def test_an_element_may_be_computed_from_another_of_its_variable(tmp_path):
    """Dependencies are per equation: X[a2] after X[a1], Y between them and X[a3] (PySD cannot run this)."""
    path = write_model(tmp_path, """
        R:
        	a1, a2, a3
        	~	~	|

        X[a1]=
        	1 + Time ~~|
        X[a2]=
        	X[a1] * 2 ~~|
        X[a3]=
        	X[a2] + Y
        	~	~	|

        Y=
        	X[a1] / 2
        	~	~	|
    """)
    result = load(path).run()
    one_plus_t = 1 + result.times
    expected = np.stack([one_plus_t, 2 * one_plus_t, 2 * one_plus_t + one_plus_t / 2], axis=-1)
    np.testing.assert_array_equal(result["x"][0], expected)
    cyclic = write_model(tmp_path, """
        R:
        	a1, a2
        	~	~	|

        X[a1]=
        	X[a2] ~~|
        X[a2]=
        	X[a1]
        	~	~	|
    """)
    with pytest.raises(TranslationError, match=r"\['X'\] depend on each other"):
        load(cyclic)


@PYSD_MAPPING_WARNING
def test_a_mapping_onto_listed_elements_is_refused(tmp_path):
    path = write_model(tmp_path, """
        A:
        	a1, a2, a3
        	~	~	|

        B:
        	b1, b2 -> (A: a2, a1)
        	~	~	|
    """)
    with pytest.raises(TranslationError, match=r"subscript mapping of 'B' onto elements of \['A'\]"):
        load(path)


def test_a_cycle_without_a_stock_is_refused_naming_its_variables(tmp_path):
    path = write_model(tmp_path, """
        A=
        	B + 1
        	~	~	|

        B=
        	A * 2
        	~	~	|
    """)
    with pytest.raises(TranslationError, match=r"\['A', 'B'\] depend on each other"):
        load(path)


def test_a_macro_is_refused(tmp_path):
    path = write_model(tmp_path, """
        :MACRO: DOUBLE(input)
        DOUBLE = 2 * input
        	~	~	|
        :END OF MACRO:

        X=
        	DOUBLE(Time)
        	~	~	|
    """)
    with pytest.raises(TranslationError, match="MACRO"):
        load(path)


def test_the_grid_the_equations_read_is_fixed(tmp_path):
    path = write_model(tmp_path, """
        X=
        	TIME STEP * 2
        	~	~	|
    """)
    model = load(path)
    assert model.run()["x"][0, 0] == 0.5
    with pytest.raises(ValueError, match="dt=0.5 is not allowed: the model's equations read TIME_STEP"):
        model.run(dt=0.5)


# --- runs: batches, threads, CLI --------------------------------------------------------------


def test_a_batch_equals_its_scenarios_run_one_by_one_and_threads_equal_serial():
    model = load(EXAMPLES / "tohoku_toy.mdl")
    savings = np.linspace(0.1, 0.3, 7)
    lifetimes = np.linspace(15, 25, 7)
    params = {"savings_rate": savings, "capital_lifetime": lifetimes}
    parallel = model.run(params=params, parallel=True, threads=2)
    serial = model.run(params=params, parallel=False)
    np.testing.assert_array_equal(parallel.stocks, serial.stocks)
    np.testing.assert_array_equal(parallel.aux, serial.aux)
    for k in range(savings.size):
        single = model.run(params={"savings_rate": savings[k], "capital_lifetime": lifetimes[k]})
        np.testing.assert_array_equal(parallel.stocks[k], single.stocks[0])
        np.testing.assert_array_equal(parallel.aux[k], single.aux[0])
    shared = model.run(n_scenarios=3)
    np.testing.assert_array_equal(shared.stocks[2], model.run().stocks[0])
    by_file_name = model.run(params={"Savings Rate": savings, "Capital Lifetime": lifetimes}, parallel=False)
    np.testing.assert_array_equal(by_file_name.stocks, serial.stocks)


def test_the_command_line_writes_pysd_columns(tmp_path):
    out = tmp_path / "out.csv"
    main([str(EXAMPLES / "teacup.mdl"), "--params", "Room Temperature=60", "--out", str(out)])
    header, *rows = [line.split(",") for line in out.read_text().splitlines()]
    assert header[:6] == ["time", "FINAL TIME", "INITIAL TIME", "SAVEPER", "TIME STEP", "Teacup Temperature"]
    assert len(rows) == 241 and rows[1][0] == "0.125"
    assert float(rows[0][header.index("Room Temperature")]) == 60.0
    assert float(rows[0][header.index("Heat Loss to Room")]) == (180.0 - 60.0) / 10.0
    with pytest.raises(SystemExit, match="allowed: NAME=VALUE") as refused:
        main([str(EXAMPLES / "teacup.mdl"), "--params", "Room Temp=60"])
    assert "room_temperature" in str(refused.value) and "vensim_time_step" not in str(refused.value)
    with pytest.raises(SystemExit, match="allowed: NAME=VALUE"):  # TIME STEP is the run's dt, not a constant
        main([str(EXAMPLES / "teacup.mdl"), "--params", "vensim_time_step=1"])
    with pytest.raises(SystemExit, match="'Room Temperature=60,61' gives 2 numbers; allowed: one number$"):
        main([str(EXAMPLES / "teacup.mdl"), "--params", "Room Temperature=60,61"])
    with pytest.raises(SystemExit, match="FORECAST in variable 'X'"):
        main([str(write_model(tmp_path, "X=\n\tFORECAST(Time, 2, 1)\n\t~\t~\t|"))])


def test_the_command_line_writes_arrays_to_standard_output(capsys):
    main([str(EXAMPLES / "tohoku_toy.mdl"), "--params", "Initial Capital=1,2,3,4,5,6"])
    header, first, *_ = capsys.readouterr().out.splitlines()
    columns = header.split(",")
    assert "Capital[Aomori]" in columns and "Output Trend[Fukushima]" in columns
    assert float(first.split(",")[columns.index("Capital[Miyagi]")]) == 3.0
    main([str(EXAMPLES / "tohoku_toy.mdl"), "--params", "Initial Capital=7"])  # one number: every element
    header, first, *_ = capsys.readouterr().out.splitlines()
    columns = header.split(",")
    assert {float(first.split(",")[columns.index(f"Capital[{r}]")]) for r in tohoku_toy.REGIONS} == {7.0}
    with pytest.raises(SystemExit, match="gives 2 numbers; allowed: one number \\(every element\\) or 6 comma"):
        main([str(EXAMPLES / "tohoku_toy.mdl"), "--params", "Initial Capital=1,2"])


# --- the disk cache -----------------------------------------------------------------------


LOAD_AND_REPORT = """
import sys
from sim.core import load
model = load(sys.argv[1])
model.run()
stats = model.drivers.integrate_serial.stats  # one scenario: the serial driver
print(model.cached, model.drivers.cached, sum(stats.cache_hits.values()), sum(stats.cache_misses.values()))
"""


@pytest.mark.slow
def test_a_second_load_in_a_fresh_process_comes_from_the_disk_cache(tmp_path):
    environment = dict(os.environ, SIM_KERNEL_DIR=str(tmp_path / "kernels"), PYTHONPATH=str(ROOT))

    def load_in_a_process():
        done = subprocess.run([sys.executable, "-c", LOAD_AND_REPORT, str(EXAMPLES / "teacup.mdl")], env=environment,
                              capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert load_in_a_process() == ["False", "True", "0", "1"]  # translated by PySD, compiled
    assert load_in_a_process() == ["True", "True", "1", "0"]  # neither


@pytest.mark.slow
def test_without_a_writable_kernel_directory_the_model_compiles_in_memory(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SIM_KERNEL_DIR", str(blocker))
    model = load(EXAMPLES / "teacup.mdl", name="teacup_in_memory")  # a name no other test imported
    twin = teacup.MODEL.run(start=teacup.START, stop=teacup.STOP, dt=teacup.DT)
    np.testing.assert_array_equal(model.run()["teacup_temperature"], twin["teacup_temperature"])
    assert not model.drivers.cached
    assert "compiling teacup_in_memory in memory" in caplog.text


def test_an_unsupported_construct_in_xmile_is_refused_with_its_xml_line(tmp_path):
    text = (MODELS / "teacup_smooth.xmile").read_text()
    path = tmp_path / "model.xmile"
    # XMILE's DELAY is PySD's DELAY FIXED, whose delay time must be a constant (it sizes the buffer)
    path.write_text(text.replace("SMTH1(Teacup_Temperature, 2)", "DELAY(Teacup_Temperature, Teacup_Temperature, 0)"))
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if "DELAY(" in row)
    with pytest.raises(TranslationError, match=rf"delay time of DELAY FIXED in variable 'Smoothed' \(line {line}: "):
        load(path)


def test_an_xmile_file_runs_with_its_integration_method(tmp_path):
    text = (MODELS / "teacup_smooth.xmile").read_text()
    path = tmp_path / "model.xmile"
    path.write_text(text.replace('method="Euler"', 'method="RK4"'))
    model = load(path)
    assert model.run().method == "rk4" and model.run(method="euler").method == "euler"
    path.write_text(text.replace('method="Euler"', 'method="Gear"'))
    with pytest.raises(TranslationError, match="integration method 'Gear'"):
        load(path)


def test_reality_checks_are_refused_not_skipped(tmp_path):
    path = write_model(tmp_path, """
        X=
        	Time
        	~	~	|

        Growth Check :TEST INPUT: X = 1
        	~	~	|

        Stays Small :THE CONDITION: :IMPLIES: X < 100
        	~	~	|
    """)
    with pytest.raises(TranslationError, match="Reality Check"), warnings.catch_warnings():
        # PySD warns that it parses neither; the importer then refuses them
        warnings.filterwarnings("ignore", r"':(CONSTRAINT|TEST INPUT):' detected", UserWarning)
        load(path)

