"""SD builtins against closed forms (exponential, Erlang-3), numpy.interp and conservation."""

import math
import re
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import models
from sim.core import (
    DelayOrderWarning,
    Model,
    Param,
    Stock,
    check_lookup,
    delay_order,
    lookup,
    lookup_backward,
    lookup_extrapolate,
    lookup_forward,
    pulse,
    pulse_train,
    ramp,
    step,
    trend_init,
    trend_value,
)

#: Initial override for the DELAYS model: every SMOOTH/DELAY starts empty (at 0).
EMPTY = {"smooth1": 0.0, "smooth3": [0.0] * 3, "delay1": [0.0], "delay3": [0.0] * 3}


def _erlang3(tau):
    """Erlang-3 distribution of total mean ``tau``: gamma with shape 3, scale tau/3."""
    return stats.gamma(a=3, scale=tau / 3)


# --- SMOOTH / SMOOTH3 / DELAY1 / DELAY3: step and impulse responses --------------------


def test_smooth_euler_step_response_is_exact_discrete_solution():
    """Euler: SMOOTH of a unit STEP at t_s is 1 - (1 - dt/tau)^(n - n_s) from step n_s on, 0 before."""
    tau, dt, step_time = 2.0, 0.125, 2.0
    result = models.DELAYS.run(start=0.0, stop=12.0, dt=dt, method="euler",
                               params={"height": 1.0, "step_time": step_time, "smooth_time": tau})
    n = np.arange(result.times.size)
    n_s = int(step_time / dt)
    expected = np.where(n > n_s, 1.0 - (1.0 - dt / tau) ** np.maximum(n - n_s, 0), 0.0)
    np.testing.assert_allclose(result["smooth1_out"][0], expected, rtol=1e-12, atol=1e-15)
    # The input itself: 0 before step_time, 1 from it on.
    np.testing.assert_array_equal(result["input"][0], np.where(result.times >= step_time, 1.0, 0.0))


@pytest.mark.parametrize("tau", [0.5, 2.0, 7.0])
def test_smooth_and_smooth3_step_response(tau):
    """RK4, dt = tau/512: SMOOTH -> 1 - exp(-t/tau); SMOOTH3 -> Erlang-3 CDF. Integration error < 1e-9."""
    result = models.DELAYS.run(start=0.0, stop=6 * tau, dt=tau / 512, saveper=tau / 8, method="rk4",
                               params={"height": 1.0, "step_time": 0.0, "smooth_time": tau}, initial=EMPTY)
    t = result.times
    np.testing.assert_allclose(result["smooth1_out"][0], -np.expm1(-t / tau), rtol=0, atol=1e-9)
    np.testing.assert_allclose(result["smooth3_out"][0], _erlang3(tau).cdf(t), rtol=0, atol=1e-9)
    # The smooth really moves (guards against a vacuous comparison).
    assert result["smooth3_out"][0, -1] > 0.9


@pytest.mark.parametrize("tau", [0.5, 2.0, 7.0])
def test_delay1_and_delay3_step_response(tau):
    """A unit inflow from t = 0 into empty delays: outflow = exponential / Erlang-3 CDF."""
    result = models.DELAYS.run(start=0.0, stop=6 * tau, dt=tau / 512, saveper=tau / 8, method="rk4",
                               params={"height": 1.0, "step_time": 0.0, "delay_time": tau}, initial=EMPTY)
    t = result.times
    np.testing.assert_allclose(result["delay1_out"][0], -np.expm1(-t / tau), rtol=0, atol=1e-9)
    np.testing.assert_allclose(result["delay3_out"][0], _erlang3(tau).cdf(t), rtol=0, atol=1e-9)
    # Content in transit of DELAY3 under unit inflow: integral of the survival function, tau * E[min(T, t)] form.
    erlang = _erlang3(tau)
    content = t - (t * erlang.cdf(t) - tau * stats.gamma(a=4, scale=tau / 3).cdf(t))
    np.testing.assert_allclose(result["delay3_content"][0], content, rtol=0, atol=1e-8)


@pytest.mark.parametrize("tau", [0.5, 2.0, 7.0])
def test_delay1_and_delay3_impulse_response(tau):
    """Q units placed at t = 0 in the first stage, no inflow: outflow = Q * density (exponential, Erlang-3)."""
    q = 5.0
    result = models.DELAYS.run(start=0.0, stop=6 * tau, dt=tau / 512, saveper=tau / 8, method="rk4",
                               params={"height": 0.0, "delay_time": tau},
                               initial={"delay1": [q], "delay3": [q, 0.0, 0.0]})
    t = result.times
    np.testing.assert_allclose(result["delay1_out"][0], q * stats.expon(scale=tau).pdf(t), rtol=0,
                               atol=1e-9 * q / tau)
    np.testing.assert_allclose(result["delay3_out"][0], q * _erlang3(tau).pdf(t), rtol=0, atol=1e-9 * q / tau)
    # Everything that left is the impulse minus what is still in transit.
    np.testing.assert_allclose(result["cum_out3"][0], q * _erlang3(tau).cdf(t), rtol=0, atol=1e-9 * q)
    np.testing.assert_allclose(result["delay3_content"][0], q * _erlang3(tau).sf(t), rtol=0, atol=1e-9 * q)


def test_delays_start_in_equilibrium_with_initial_inflow():
    """Vensim initialisation: a delay starts with outflow = inflow, a smooth at its input."""
    result = models.DELAYS.run(start=0.0, stop=10.0, dt=0.25, method="rk4",
                               params={"height": 3.5, "step_time": 0.0, "delay_time": 4.0, "smooth_time": 1.5})
    for name in ("smooth1_out", "smooth3_out", "delay1_out", "delay3_out"):
        np.testing.assert_allclose(result[name][0], 3.5, rtol=1e-14)
    np.testing.assert_allclose(result["delay3"][0, 0], [3.5 * 4.0 / 3] * 3, rtol=1e-14)
    np.testing.assert_allclose(result["delay3_content"][0], 3.5 * 4.0, rtol=1e-14)


# --- conservation of material in DELAY1 and DELAY3 --------------------------------------


@settings(deadline=None, max_examples=25)
@given(
    method=st.sampled_from(["euler", "rk4"]),
    delay_time=st.floats(0.3, 8.0),
    amp=st.floats(0.1, 0.9),
    omega=st.floats(0.1, 6.0),
    slope=st.floats(-0.1, 0.5),
    height=st.floats(0.0, 3.0),
)
def test_delays_conserve_material(method, delay_time, amp, omega, slope, height):
    """(cumulative inflow - cumulative outflow) = change in content (sum of stages), to 1e-12 relative."""
    params = {"height": height, "step_time": 3.0, "slope": slope, "ramp_start": 1.0, "ramp_end": 6.0,
              "amp": amp, "omega": omega, "delay_time": delay_time}
    result = models.DELAYS.run(start=0.0, stop=20.0, dt=0.125, method=method, params=params,
                               initial={"delay1": [2.0], "delay3": [1.0, 0.5, 0.25]})
    inflow = result["cum_in"][0]
    assert np.ptp(result["input"][0]) > 0  # the inflow does vary
    for content_name, stages_name, out_name in (("delay1_content", "delay1", "cum_out1"),
                                                ("delay3_content", "delay3", "cum_out3")):
        content = result[stages_name][0].sum(axis=1)
        np.testing.assert_allclose(result[content_name][0], content, rtol=1e-15, atol=0)
        balance = inflow - result[out_name][0]
        change = content - content[0]
        scale = np.max(np.abs(np.concatenate([content, inflow, result[out_name][0]])))
        assert np.max(np.abs(change - balance)) <= 1e-12 * scale, (content_name, np.max(np.abs(change - balance)))


# --- lookups --------------------------------------------------------------------------


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=2, max_value=12))
    start = draw(st.floats(-100.0, 100.0))
    gaps = draw(st.lists(st.floats(0.01, 50.0), min_size=n - 1, max_size=n - 1))
    xs = start + np.concatenate([[0.0], np.cumsum(gaps)])
    assume(np.all(np.diff(xs) > 0))
    ys = np.array(draw(st.lists(st.floats(-1e3, 1e3), min_size=n, max_size=n)))
    return xs, ys


@settings(deadline=None, max_examples=200)
@given(table=tables(), fractions=st.lists(st.floats(-0.5, 1.5), min_size=1, max_size=10))
def test_lookup_equals_numpy_interp(table, fractions):
    xs, ys = table
    span = xs[-1] - xs[0]
    scale = max(1.0, float(np.max(np.abs(ys))))
    for fraction in fractions:
        x = float(xs[0] + fraction * span)
        value = lookup(x, xs, ys)
        assert value == pytest.approx(float(np.interp(x, xs, ys)), rel=0, abs=1e-12 * scale)
        if x <= xs[0]:
            assert value == ys[0]
        if x >= xs[-1]:
            assert value == ys[-1]


@settings(deadline=None, max_examples=100)
@given(table=tables())
def test_lookup_at_nodes_and_far_outside(table):
    xs, ys = table
    for x, y in zip(xs, ys):
        assert lookup(float(x), xs, ys) == y
    assert lookup(float(xs[0] - 1e6), xs, ys) == ys[0]
    assert lookup(float(xs[-1] + 1e6), xs, ys) == ys[-1]
    assert lookup(-math.inf, xs, ys) == ys[0]
    assert lookup(math.inf, xs, ys) == ys[-1]


def test_lookup_hand_example():
    xs = np.array([0.0, 1.0, 3.0])
    ys = np.array([10.0, 20.0, 0.0])
    assert lookup(0.5, xs, ys) == pytest.approx(15.0, rel=1e-15)
    assert lookup(2.0, xs, ys) == pytest.approx(10.0, rel=1e-15)
    assert lookup(-7.0, xs, ys) == 10.0
    assert lookup(9.0, xs, ys) == 0.0


def test_check_lookup_accepts_and_converts():
    xs, ys = check_lookup("demand", [0, 1, 2], (5, 4, 3))
    assert xs.dtype == np.float64 and ys.dtype == np.float64
    np.testing.assert_array_equal(xs, [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(ys, [5.0, 4.0, 3.0])


@pytest.mark.parametrize(
    "xs, ys, pattern",
    [
        ([0.0, 1.0, 1.0], [1.0, 2.0, 3.0], r"lookup 'tbl' has x = \[0\.0, 1\.0, 1\.0\], with a repeated x; allowed: "),
        ([0.0, 2.0, 1.0], [1.0, 2.0, 3.0],
         r"lookup 'tbl' has x = \[0\.0, 2\.0, 1\.0\]; allowed: strictly increasing x \(check_lookup\(\.\.\., "
         r"sort=True\)"),
        ([0.0, math.nan, 2.0], [1.0, 2.0, 3.0], r"lookup 'tbl' has non-finite points; allowed: finite numbers"),
        ([0.0, 1.0, 2.0], [1.0, math.nan, 3.0], r"lookup 'tbl' has non-finite points; allowed: finite numbers"),
        ([0.0, 1.0, math.inf], [1.0, 2.0, 3.0], r"lookup 'tbl' has non-finite points; allowed: finite numbers"),
        ([0.0, 1.0, 2.0], [1.0, 2.0], r"lookup 'tbl' has x of shape \(3,\) and y of shape \(2,\); allowed: two 1-D"),
        ([0.0], [1.0], r"lookup 'tbl' has x of shape \(1,\) .*allowed: .*length >= 2"),
        ([[0.0, 1.0]], [[1.0, 2.0]], r"lookup 'tbl' has x of shape \(1, 2\) .*allowed: two 1-D"),
    ],
)
def test_check_lookup_rejects(xs, ys, pattern):
    with pytest.raises(ValueError, match=pattern):
        check_lookup("tbl", xs, ys)


# --- lookup variants: hand-derived values and a reference by searchsorted ----------------

HAND_XS = np.array([0.0, 1.0, 3.0])
HAND_YS = np.array([10.0, 20.0, 0.0])


@pytest.mark.parametrize(
    "x, extrapolate, forward, backward",
    [
        (-1.0, 0.0, 10.0, 10.0),  # before the table: first segment's line (slope 10); ends held
        (0.0, 10.0, 10.0, 10.0),
        (0.5, 15.0, 20.0, 10.0),  # forward: next point's y; backward: previous point's y
        (1.0, 20.0, 20.0, 20.0),  # on a point both give its y
        (2.0, 10.0, 0.0, 20.0),
        (3.0, 0.0, 0.0, 0.0),
        (4.0, -10.0, 0.0, 0.0),  # after the table: last segment's line (slope -10)
    ],
)
def test_lookup_variants_hand_values(x, extrapolate, forward, backward):
    assert lookup_extrapolate(x, HAND_XS, HAND_YS) == pytest.approx(extrapolate, rel=1e-15, abs=1e-15)
    assert lookup_forward(x, HAND_XS, HAND_YS) == forward
    assert lookup_backward(x, HAND_XS, HAND_YS) == backward


@settings(deadline=None, max_examples=100)
@given(table=tables(), fractions=st.lists(st.floats(-0.5, 1.5), min_size=1, max_size=10))
def test_lookup_variants_match_reference(table, fractions):
    """FORWARD = y of the first x >= input, BACKWARD = y of the last x <= input (ends held);
    EXTRAPOLATE = numpy.interp inside, the end segments' lines outside."""
    xs, ys = table
    span = xs[-1] - xs[0]
    scale = max(1.0, float(np.max(np.abs(ys))))
    for fraction in fractions + [0.0, 1.0]:
        x = float(xs[0] + fraction * span)
        forward = ys[min(int(np.searchsorted(xs, x, side="left")), xs.size - 1)]
        backward = ys[max(int(np.searchsorted(xs, x, side="right")) - 1, 0)]
        assert lookup_forward(x, xs, ys) == forward
        assert lookup_backward(x, xs, ys) == backward
        if x < xs[0]:
            expected = ys[0] + (x - xs[0]) * (ys[1] - ys[0]) / (xs[1] - xs[0])
        elif x > xs[-1]:
            expected = ys[-1] + (x - xs[-1]) * (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        else:
            expected = float(np.interp(x, xs, ys))
        assert lookup_extrapolate(x, xs, ys) == pytest.approx(expected, rel=1e-12, abs=1e-12 * scale)


def test_check_lookup_sorts_on_request():
    """A table written with decreasing x is the same function once its points are sorted."""
    xs, ys = check_lookup("tbl", [3.0, 1.0, 0.0], [0.0, 20.0, 10.0], sort=True)
    np.testing.assert_array_equal(xs, HAND_XS)
    np.testing.assert_array_equal(ys, HAND_YS)
    with pytest.raises(ValueError, match=r"repeated x"):
        check_lookup("tbl", [1.0, 0.0, 1.0], [1.0, 2.0, 3.0], sort=True)


def test_model_refuses_a_table_parameter_with_decreasing_x():
    """Tables in parameters are checked for every scenario before a run; the error names the table."""
    from sim.examples import builtins_showcase

    reversed_x = np.array(builtins_showcase.FULFILLMENT_X)[::-1]
    with pytest.raises(ValueError, match=r"lookup 'fulfillment_x/fulfillment_y \(scenario 1\)' has x = \[1\.0, "):
        builtins_showcase.MODEL.param_matrix({"fulfillment_x": np.stack([builtins_showcase.FULFILLMENT_X, reversed_x])})


# --- STEP, RAMP, PULSE, PULSE TRAIN on Vensim's "time plus" = Time + TIME STEP/2 ----------

DT = 0.25
GRID = np.arange(0.0, 8.0 + DT / 2, DT)


def _on_grid(function, *args):
    """The times of ``GRID`` where ``function(t, DT, *args)`` is not 0, and its values there."""
    values = np.array([function(float(t), DT, *args) for t in GRID])
    return GRID[values != 0.0].tolist(), values[values != 0.0]


@pytest.mark.parametrize(
    "step_time, first",
    [
        (2.0, 2.0),  # on the grid: from the step time on (time plus 2.125 > 2)
        (2.1, 2.0),  # between 2.0 and 2.25, nearer 2.0: 2.0 + 0.125 > 2.1
        (2.125, 2.25),  # half way: 2.0 + 0.125 > 2.125 is false, the later point
        (2.2, 2.25),  # nearer 2.25
        (-1.0, 0.0),
    ],
)
def test_step_switches_at_the_grid_point_nearest_the_step_time(step_time, first):
    times, values = _on_grid(step, 5.0, step_time)
    assert times == GRID[GRID >= first].tolist()
    assert np.all(values == 5.0)


def test_step_counts_a_grid_time_that_rounds_below_the_step_time():
    assert 3 * 0.3 < 0.9  # 0.8999999999999999
    assert step(3 * 0.3, 0.3, 1.0, 0.9) == 1.0
    assert step(2 * 0.3, 0.3, 1.0, 0.9) == 0.0


@pytest.mark.parametrize(
    "start, width, expected",
    [
        (2.0, 0.5, [2.0, 2.25]),  # on the grid: width / dt steps from start
        (2.1, 0.5, [2.0, 2.25]),  # start + dt/2 rule: 2.125 > 2.1, 2.625 > 2.6
        (2.2, 0.5, [2.25, 2.5]),
        (2.0, 0.0, [2.0]),  # width 0 = one TIME STEP
        (2.1, 0.0, [2.0]),
        (0.0, 1.0, [0.0, 0.25, 0.5, 0.75]),
    ],
)
def test_pulse_hand_values(start, width, expected):
    times, values = _on_grid(pulse, start, width)
    assert times == expected
    assert np.all(values == 1.0)


@pytest.mark.parametrize(
    "start, width, interval, end, expected",
    [
        (1.0, 0.5, 2.0, 6.0, [1.0, 1.25, 3.0, 3.25, 5.0, 5.25]),
        (1.0, 0.5, 2.0, 5.3, [1.0, 1.25, 3.0, 3.25, 5.0]),  # 5.25 + 0.125 > 5.3: ended
        (1.0, 0.0, 2.0, 6.0, [1.0, 3.0, 5.0]),  # width <= TIME STEP: one step each
        (1.0, 0.1, 2.0, 6.0, [1.0, 3.0, 5.0]),
        (1.1, 0.5, 2.5, 7.0, [1.0, 1.25, 3.5, 3.75, 6.0, 6.25]),  # off the grid: nearest points
        (6.0, 1.0, 0.5, 7.0, [6.0, 6.25, 6.5, 6.75]),  # interval <= width: 1 from start to end
    ],
)
def test_pulse_train_hand_values(start, width, interval, end, expected):
    times, values = _on_grid(pulse_train, start, width, interval, end)
    assert times == expected
    assert np.all(values == 1.0)


def test_pulse_train_of_one_pulse_is_pulse():
    for start, width in ((2.0, 0.5), (2.1, 0.5), (2.0, 0.0), (0.3, 1.7)):
        train = [pulse_train(float(t), DT, start, width, 100.0, 50.0) for t in GRID]
        single = [pulse(float(t), DT, start, width) for t in GRID]
        assert train == single


def test_ramp_values_with_end():
    slope, start, end = 2.0, 1.0, 4.0
    assert ramp(0.0, slope, start, end) == 0.0
    assert ramp(0.999, slope, start, end) == 0.0
    assert ramp(1.0, slope, start, end) == 0.0
    assert ramp(1.1, slope, start, end) == pytest.approx(0.2, rel=1e-14)  # off the grid: slope * (t - start)
    assert ramp(2.5, slope, start, end) == pytest.approx(3.0, rel=1e-15)
    assert ramp(4.0, slope, start, end) == pytest.approx(6.0, rel=1e-15)
    assert ramp(10.0, slope, start, end) == pytest.approx(6.0, rel=1e-15)


def test_ramp_values_without_end():
    slope, start = -0.5, 3.0
    assert ramp(2.0, slope, start, math.inf) == 0.0
    assert ramp(3.0, slope, start, math.inf) == 0.0
    assert ramp(5.0, slope, start, math.inf) == pytest.approx(-1.0, rel=1e-15)
    assert ramp(1003.0, slope, start, math.inf) == pytest.approx(-500.0, rel=1e-15)


@settings(deadline=None, max_examples=200)
@given(
    t=st.floats(-100.0, 100.0),
    t0=st.floats(-50.0, 50.0),
    length=st.floats(0.01, 50.0),
    value=st.floats(-10.0, 10.0),
    dt=st.sampled_from([1.0, 0.25, 1 / 64]),
)
def test_step_ramp_pulse_match_reference(t, t0, length, value, dt):
    """Away from the switching times (> 1e-6), the manual's definitions with time plus = t + dt/2."""
    t1 = t0 + length
    plus = t + dt / 2
    assume(min(abs(plus - t0), abs(plus - t1), abs(t - t0)) > 1e-6)
    assert step(t, dt, value, t0) == (value if plus > t0 else 0.0)
    assert ramp(t, value, t0, t1) == pytest.approx(value * (min(t, t1) - t0) if t > t0 else 0.0, abs=1e-12)
    assert ramp(t, value, t0, math.inf) == pytest.approx(value * (t - t0) if t > t0 else 0.0, abs=1e-12)
    assert pulse(t, dt, t0, length) == (1.0 if t0 < plus < t1 else 0.0)


def test_a_run_passes_its_time_step_to_step():
    """The model's TIME STEP parameter is each run's dt: a step at 2.1 switches at 2.0 with dt 0.25
    and at 2.0 with dt 0.5 too (2.0 + 0.25 > 2.1), but at 2.5 with dt 0.5 for a step at 2.3."""
    for dt, step_time, first in ((0.25, 2.1, 2.0), (0.5, 2.1, 2.0), (0.5, 2.3, 2.5), (0.25, 2.3, 2.25)):
        result = models.DELAYS.run(start=0.0, stop=4.0, dt=dt, params={"height": 1.0, "step_time": step_time})
        np.testing.assert_array_equal(result["input"][0], np.where(result.times >= first, 1.0, 0.0))
        assert result.params[0, models.DELAYS.param_layout.offset("time_step")] == dt
    with pytest.raises(ValueError, match=r"params\['time_step'\] is given; allowed: leave it out"):
        models.DELAYS.run(start=0.0, stop=4.0, dt=0.25, params={"time_step": 0.5})


# --- scalar values for array parameters -------------------------------------------------


def test_a_number_is_every_element_of_an_array_parameter():
    """``Param("a", 1.0, (3,))`` declares 1.0 for every element, and a run may give one number too."""
    model = Model("test_scalar_default", stocks=[Stock("K", (3,))], rhs=models.capabilities_rhs,
                  params=[Param("a", 1.0, (3,)), Param("u", 4.0, (3,)), Param("tau", 2.0)])
    np.testing.assert_array_equal(model.param_matrix({}), [[1.0, 1.0, 1.0, 4.0, 4.0, 4.0, 2.0]])
    np.testing.assert_array_equal(model.param_matrix({"a": 3.0}), [[3.0, 3.0, 3.0, 4.0, 4.0, 4.0, 2.0]])
    with pytest.raises(ValueError, match=re.escape("params['a'] has shape (2,); allowed: (3,) (shared by all "
                                                   "scenarios) or ('n_scenarios', 3) (one per scenario), or a number")):
        model.param_matrix({"a": [1.0, 2.0]})


# --- TREND ------------------------------------------------------------------------------


@settings(deadline=None, max_examples=200)
@given(
    x0=st.floats(1e-6, 1e6),
    average_time=st.floats(0.1, 5.0),
    initial_trend=st.floats(-0.15, 0.5),
)
def test_trend_initial_output_equals_initial_trend(x0, average_time, initial_trend):
    state = trend_init(x0, average_time, initial_trend)
    value = trend_value(x0, state, average_time)
    assert value == pytest.approx(initial_trend, rel=1e-12, abs=1e-14 / average_time)


def test_trend_value_zero_denominator():
    assert trend_value(5.0, 0.0, 3.0) == 0.0  # ZIDZ


def _exact_trend(t, x0, g, average_time, initial_trend):
    """TREND of x0 exp(g t): the smooth s' = (x - s)/T solves to A e^{gt} + (s0 - A) e^{-t/T}."""
    a = x0 / (1.0 + g * average_time)
    s0 = x0 / (1.0 + initial_trend * average_time)
    s = a * np.exp(g * t) + (s0 - a) * np.exp(-t / average_time)
    x = x0 * np.exp(g * t)
    return (x - s) / (average_time * np.abs(s))


@pytest.mark.parametrize("g", [0.05, -0.03, 0.2])
@pytest.mark.parametrize("initial_trend", [0.0, 0.1])
def test_trend_of_exponential_growth(g, initial_trend):
    """The steady state of TREND for x = x0 exp(g t) is exactly g (the smooth lags by the factor 1/(1+gT))."""
    x0, average_time = 3.0, 4.0
    result = models.TREND.run(start=0.0, stop=100.0, dt=1 / 16, saveper=0.5, method="rk4",
                              params={"x0": x0, "g": g, "average_time": average_time,
                                      "initial_trend": initial_trend})
    trend = result["trend"][0]
    assert trend[0] == pytest.approx(initial_trend, rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(trend, _exact_trend(result.times, x0, g, average_time, initial_trend),
                               rtol=0, atol=1e-9)
    assert trend[-1] == pytest.approx(g, rel=1e-8)
    np.testing.assert_allclose(result["input"][0], x0 * np.exp(g * result.times), rtol=1e-14)


def test_trend_starting_at_its_steady_state_stays_there():
    g = 0.07
    result = models.TREND.run(start=0.0, stop=30.0, dt=1 / 16, saveper=1.0, method="rk4",
                              params={"x0": 2.0, "g": g, "average_time": 3.0, "initial_trend": g})
    np.testing.assert_allclose(result["trend"][0], g, rtol=1e-9)


def test_check_lookup_error_names_the_table():
    with pytest.raises(ValueError, match=re.escape("lookup 'attractiveness'")):
        check_lookup("attractiveness", [1.0, 0.0], [0.0, 1.0])


# --- Vensim's discrete delays: DELAY N, DELAY1/DELAY3 with order lowering, SMOOTH N, DELAY FIXED ----
# models.VENSIM_BUILTINS is the twin of tests/vensim/builtins_semantics.mdl (TIME STEP 0.25, Euler).

VENSIM_MDL = Path(__file__).parent / "vensim" / "builtins_semantics.mdl"
VENSIM_DT = 0.25


def _run_vensim_twin(**params):
    """The twin over the .mdl's grid; the order lowering of its two short delays is expected."""
    with pytest.warns(DelayOrderWarning) as caught:
        result = models.VENSIM_BUILTINS.run(start=0.0, stop=12.0, dt=VENSIM_DT, method="euler", params=params)
    return result, [str(warning.message) for warning in caught]


def test_order_lowering_warns_naming_the_variable():
    _, messages = _run_vensim_twin()
    assert messages == [
        "'Lowered N Out': order 3 x TIME STEP 0.25 exceeds the delay time 0.5; Vensim's rule lowers the order to 2 "
        "(scenario 0)",
        "'Lowered3 Out': order 3 x TIME STEP 0.25 exceeds the delay time 0.5; Vensim's rule lowers the order to 2 "
        "(scenario 0)",
    ]


def test_the_order_lowering_warning_points_at_the_callers_run():
    """The warning names the line that called ``run`` (where a user can act on it), not sim's code."""
    with pytest.warns(DelayOrderWarning) as caught:
        models.VENSIM_BUILTINS.run(start=0.0, stop=1.0, dt=VENSIM_DT, method="euler")
    assert {warning.filename for warning in caught} == {__file__}


@pytest.mark.parametrize(
    "order, delay_time, time_step, expected",
    [(3, 2.0, 0.25, 3), (3, 0.75, 0.25, 3), (3, 0.5, 0.25, 2), (3, 0.3, 0.25, 1), (3, 0.1, 0.25, 1),
     (12, 1.0, 0.125, 8), (2.9, 5.0, 1.0, 2), (1, 0.01, 1.0, 1)],
)
def test_delay_order_is_vensims_lowering(order, delay_time, time_step, expected):
    """The largest k <= order with k * TIME STEP <= delay time, at least 1; a fractional order truncated."""
    assert delay_order(order, delay_time, time_step) == expected


def _cascade(inflow, stage_times, levels):
    """One Euler step of Vensim's cascade by hand: level k gains n * (inflow into k - L_k / T_k)."""
    n = len(levels)
    outflows = [levels[k] / stage_times[k] for k in range(n)]
    inflows = [inflow] + outflows[:-1]
    return [levels[k] + VENSIM_DT * n * (inflows[k] - outflows[k]) for k in range(n)]


def test_delay_n_uses_each_stages_delay_time_of_k_steps_ago():
    """DELAY N, order 3, delay time 2 -> 3 at t = 4 and 3 -> 1.5 at t = 7 (steps 16 and 28).

    By hand: stage k drains at L_k / D(t - k dt), the output is L_3 / D(t - dt). So at the change
    the output still divides by the old delay time (it reacts one step late), where DELAY3
    divides the same level by the new one: 3/2 times DELAY3's output, a relative difference of
    1/3. The recursion is then followed by hand for the next three steps.
    """
    result, _ = _run_vensim_twin()
    times, inputs, delay_time = result.times, result["input"][0], result["delay_time"][0]
    out_n, out_3 = result["delay_n_out"][0], result["delay3_out"][0]
    levels = result["delay_n"][0][:, 1:4]  # stages of order 3 (slot 0: initial delay time; slot 4: unused)
    change = int(np.flatnonzero(times == 4.0)[0])
    assert delay_time[change - 1] == 2.0 and delay_time[change] == 3.0
    # Until the change both delays have seen only D = 2: the same levels, and DELAY3 = L_3 / 3 * 3 / D.
    np.testing.assert_allclose(out_n[:change], out_3[:change], rtol=1e-14)
    assert out_n[change] == pytest.approx(levels[change, 2] / 2.0, rel=1e-15)  # D(t - dt) = 2
    assert out_3[change] == pytest.approx(levels[change, 2] / 3.0, rel=1e-15)  # the current D = 3
    assert (out_n[change] - out_3[change]) / out_n[change] == pytest.approx(1 / 3, rel=1e-12)
    # Three more steps by hand: the stage delay times at step i are (D_i, D_{i-1}, D_{i-2}).
    history = {i: float(delay_time[i]) for i in range(change - 3, change + 4)}
    state = list(levels[change])
    for i in range(change, change + 3):
        state = _cascade(inputs[i], [history[i], history[i - 1], history[i - 2]], state)
        np.testing.assert_allclose(levels[i + 1], state, rtol=1e-14)
        assert out_n[i + 1] == pytest.approx(state[2] / history[i], rel=1e-14)
    # Content: sum of the levels over the order.
    np.testing.assert_allclose(result["delay_n_content"][0], levels.sum(axis=1) / 3, rtol=1e-15)


def test_delay3_and_delay1_use_the_current_delay_time():
    """DELAY3/DELAY1 (Vensim's DELAY3I/DELAY1I): every stage drains at L_k / D(t); followed by hand over the run."""
    result, _ = _run_vensim_twin()
    inputs, delay_time = result["input"][0], result["delay_time"][0]
    for name, out, order in (("delay3", "delay3_out", 3), ("delay1", "delay1_out", 1)):
        levels = result[name][0][:, 1:]
        state = [inputs[0] * 2.0] * order  # equilibrium: every level = inflow x delay time
        for i in range(result.times.size):
            np.testing.assert_allclose(levels[i], state, rtol=1e-13)
            assert result[out][0][i] == pytest.approx(state[-1] / delay_time[i], rel=1e-13)
            state = _cascade(inputs[i], [delay_time[i]] * order, state)


def test_lowered_delays_run_at_order_two():
    """Delay time 0.5 < 3 x 0.25: DELAY N and DELAY3 both run at order 2 (the third level keeps rate 0)."""
    result, _ = _run_vensim_twin()
    inputs = result["input"][0]
    state = [10.0 * 0.5] * 2
    for i in range(result.times.size):
        for name, out in (("lowered_n", "lowered_n_out"), ("lowered3", "lowered3_out")):
            np.testing.assert_allclose(result[name][0][i, 1:3], state, rtol=1e-13)
            assert result[out][0][i] == pytest.approx(state[-1] / 0.5, rel=1e-13)
        np.testing.assert_array_equal(result["lowered3"][0][i, 3], 10.0 * 0.5)  # the unused third level
        if i + 1 < result.times.size:
            state = _cascade(inputs[i], [0.5, 0.5], state)


@pytest.mark.parametrize("order", [1, 2, 4])
def test_smooth_n_order_comes_from_the_parameter(order):
    """SMOOTH N at the parameter's order: n first-order smooths, each over D(t)/n, by hand (Euler)."""
    result, _ = _run_vensim_twin(order=float(order))
    inputs, delay_time = result["input"][0], result["delay_time"][0]
    stages = [10.0] * order
    for i in range(result.times.size):
        assert result["smooth_n_out"][0][i] == pytest.approx(stages[-1], rel=1e-13)
        upstream = [inputs[i]] + stages[:-1]
        stages = [s + VENSIM_DT * (u - s) * order / delay_time[i] for s, u in zip(stages, upstream)]


def test_delay_fixed_is_the_input_of_k_steps_ago():
    """Fixed Out = DELAY FIXED(Input, 1.3, 7): K = round(1.3 / 0.25) = 5 steps; the initial value before.
    Fixed Of Delay1 = DELAY FIXED(Delay1 Out, 1, Delay1 Out): a state-dependent input, K = 4."""
    result, _ = _run_vensim_twin()
    fixed, inputs = result["fixed_out"][0], result["input"][0]
    np.testing.assert_array_equal(fixed[:5], 7.0)
    np.testing.assert_allclose(fixed[5:], inputs[:-5], rtol=1e-15)
    of_state, delay1 = result["fixed_of_delay1"][0], result["delay1_out"][0]
    np.testing.assert_array_equal(of_state[:4], delay1[0])
    np.testing.assert_allclose(of_state[4:], delay1[:-4], rtol=1e-15)
    assert np.ptp(delay1) > 1.0  # the delayed state does move


@pytest.mark.parametrize("delay_time, steps", [(1.125, 5), (1.1, 4), (0.1, 1), (0.01, 1)])
def test_delay_fixed_rounds_to_whole_steps(delay_time, steps):
    """A delay time between grid steps is rounded to the nearest whole number of steps (halves up), at least one."""
    result, _ = _run_vensim_twin(fixed_delay_time=delay_time)
    fixed, inputs = result["fixed_out"][0], result["input"][0]
    np.testing.assert_array_equal(fixed[:steps], 7.0)
    np.testing.assert_allclose(fixed[steps:], inputs[:-steps], rtol=1e-15)


def test_delay_fixed_longer_than_its_buffer_gives_nan():
    result, _ = _run_vensim_twin(fixed_delay_time=4.0)  # 16 steps, buffer of 12
    assert np.isnan(result["fixed_out"][0]).all()


@pytest.mark.slow
def test_discrete_builtins_agree_with_pysd(tmp_path):
    """PySD 3.14 on the same .mdl: every compared output to 1e-12 relative (in practice bit for bit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pysd

        mdl = tmp_path / VENSIM_MDL.name
        shutil.copy(VENSIM_MDL, mdl)
        reference = pysd.read_vensim(str(mdl)).run()
    result, _ = _run_vensim_twin()
    names = {"input": "Input", "delay_time": "Delay Time", "delay_n_out": "Delay N Out", "delay3_out": "Delay3 Out",
             "delay1_out": "Delay1 Out", "lowered_n_out": "Lowered N Out", "lowered3_out": "Lowered3 Out",
             "smooth_n_out": "Smooth N Out", "fixed_out": "Fixed Out", "fixed_of_delay1": "Fixed Of Delay1",
             "train": "Train"}
    np.testing.assert_allclose(result.times, reference.index.to_numpy(dtype=float), rtol=0, atol=1e-12)
    for ours, theirs in names.items():
        np.testing.assert_allclose(result[ours][0], reference[theirs].to_numpy(dtype=float), rtol=1e-12, atol=0,
                                   err_msg=ours)


def test_model_refuses_a_delay_order_entry_that_names_no_scalar_parameter():
    with pytest.raises(ValueError, match=r"delay_orders entry \('Out', 'order', 'tau'\) is not allowed; allowed: "):
        Model("test_bad_delay_orders", stocks=[Stock("K", (3,))], rhs=models.capabilities_rhs,
              params=[Param("a", 1.0, (3,)), Param("u", 4.0, (3,)), Param("order", 3.0)],
              delay_orders=[("Out", "order", "tau")])


def test_model_refuses_a_time_step_that_is_no_scalar_parameter():
    with pytest.raises(ValueError, match=r"time_step='dt' is not a scalar parameter; allowed: \['tau'\]"):
        Model("test_bad_time_step", stocks=[Stock("K", (3,))], rhs=models.capabilities_rhs,
              params=[Param("a", 1.0, (3,)), Param("tau", 2.0)], time_step="dt")
