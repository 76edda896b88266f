"""Euler and RK4 against analytic solutions and scipy; events against exact counts."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

import models

DTS = (0.5, 0.25, 0.125)
EXPECTED_ORDER = {"euler": 1.0, "rk4": 4.0}


def _orders(errors):
    """Observed orders log2(e(dt)/e(dt/2)) for successive halvings."""
    return [math.log2(errors[i] / errors[i + 1]) for i in range(len(errors) - 1)]


def _max_error(model, exact, method, params, initial, stop):
    errors = []
    for dt in DTS:
        result = model.run(start=0.0, stop=stop, dt=dt, saveper=0.5, method=method, params=params, initial=initial)
        assert np.array_equal(result.times, 0.5 * np.arange(int(stop / 0.5) + 1))
        errors.append(float(np.max(np.abs(result["S"][0] - exact(result.times)))))
    return errors


# --- convergence order ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_decay_convergence_order(method):
    tau, s0, stop = 5.0, 1.0, 15.0  # three time constants

    def exact(t):
        return s0 * np.exp(-t / tau)

    errors = _max_error(models.DECAY, exact, method, {"tau": tau}, {"S": s0}, stop)
    # RK4's smallest error must stay far above round-off for the order to mean anything.
    assert min(errors) > 1e-11
    for order in _orders(errors):
        assert order == pytest.approx(EXPECTED_ORDER[method], abs=0.3), (errors, _orders(errors))


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_logistic_convergence_order(method):
    r, capacity, s0, stop = 0.5, 100.0, 5.0, 20.0

    def exact(t):
        return capacity / (1.0 + (capacity / s0 - 1.0) * np.exp(-r * t))

    errors = _max_error(models.LOGISTIC, exact, method, {"r": r, "K": capacity}, {"S": s0}, stop)
    assert min(errors) > 1e-9
    for order in _orders(errors):
        assert order == pytest.approx(EXPECTED_ORDER[method], abs=0.3), (errors, _orders(errors))


def test_euler_decay_equals_exact_discrete_solution():
    """Euler on a linear decay is S_n = S0 (1 - dt/tau)^n, exactly up to round-off."""
    tau, dt, s0 = 3.0, 0.125, 7.0
    result = models.DECAY.run(start=0.0, stop=10.0, dt=dt, method="euler", params={"tau": tau}, initial={"S": s0})
    n = np.arange(result.times.size)
    np.testing.assert_allclose(result["S"][0], s0 * (1.0 - dt / tau) ** n, rtol=1e-12, atol=0)
    # The reported flow at t is the rate used for the step from t.
    np.testing.assert_allclose(result["outflow"][0], -result["S"][0] / tau, rtol=1e-15, atol=0)


def test_rk4_decay_equals_exact_discrete_solution():
    """RK4 on y' = -y/tau multiplies by R(z) = 1 + z + z^2/2 + z^3/6 + z^4/24, z = -dt/tau, per step."""
    tau, dt, s0 = 3.0, 0.5, 2.0
    z = -dt / tau
    factor = 1 + z + z**2 / 2 + z**3 / 6 + z**4 / 24
    result = models.DECAY.run(start=0.0, stop=12.0, dt=dt, method="rk4", params={"tau": tau}, initial={"S": s0})
    n = np.arange(result.times.size)
    np.testing.assert_allclose(result["S"][0], s0 * factor**n, rtol=1e-12, atol=0)


# --- a linear chain with feedback vs scipy ---------------------------------------------


def _chain_reference(p, x0, times):
    a, b, w, k1, k2, k3, f = (p[name] for name in ("a", "b", "w", "k1", "k2", "k3", "f"))

    def fun(t, x):
        return [
            a * (1.0 + b * np.sin(w * t)) - k1 * x[0] + f * x[2],
            k1 * x[0] - k2 * x[1],
            k2 * x[1] - k3 * x[2] - f * x[2],
        ]

    solution = solve_ivp(fun, (times[0], times[-1]), x0, method="DOP853", rtol=1e-12, atol=1e-14, t_eval=times)
    assert solution.success
    return solution.y.T


@pytest.mark.parametrize(
    "p",
    [
        {"a": 2.0, "b": 0.5, "w": 1.3, "k1": 0.8, "k2": 0.5, "k3": 0.3, "f": 0.4},
        {"a": 0.5, "b": 0.9, "w": 3.0, "k1": 2.0, "k2": 1.5, "k3": 0.1, "f": 1.2},
    ],
)
def test_rk4_chain_matches_scipy(p):
    x0 = np.array([1.0, 3.0, 0.5])
    result = models.CHAIN.run(start=0.0, stop=20.0, dt=1 / 64, saveper=0.25, method="rk4", params=p,
                              initial={"x": x0})
    reference = _chain_reference(p, x0, result.times)
    np.testing.assert_allclose(result["x"][0], reference, rtol=1e-6, atol=0)


def test_euler_chain_is_first_order_against_scipy():
    p = {"a": 2.0, "b": 0.5, "w": 1.3, "k1": 0.8, "k2": 0.5, "k3": 0.3, "f": 0.4}
    x0 = np.array([1.0, 3.0, 0.5])
    errors = []
    for dt in (1 / 16, 1 / 32, 1 / 64):
        result = models.CHAIN.run(start=0.0, stop=10.0, dt=dt, saveper=0.5, method="euler", params=p,
                                  initial={"x": x0})
        errors.append(np.max(np.abs(result["x"][0] - _chain_reference(p, x0, result.times))))
    for order in _orders(errors):
        assert order == pytest.approx(1.0, abs=0.3), errors


def test_nonzero_start_time_enters_rhs():
    """The forcing depends on absolute time, so a run from t0 must use t = t0 + i*dt."""
    p = {"a": 2.0, "b": 0.8, "w": 2.0, "k1": 0.8, "k2": 0.5, "k3": 0.3, "f": 0.4}
    x0 = np.array([1.0, 0.0, 0.0])
    result = models.CHAIN.run(start=2000.0, stop=2010.0, dt=1 / 64, saveper=0.5, method="rk4", params=p,
                              initial={"x": x0})
    np.testing.assert_array_equal(result.times, 2000.0 + 0.5 * np.arange(21))
    reference = _chain_reference(p, x0, result.times)
    np.testing.assert_allclose(result["x"][0], reference, rtol=1e-6, atol=0)


# --- events ---------------------------------------------------------------------------


def _expected_events(times, event_times, rate, deposit, births, bank0, cohorts0):
    """State after the events scheduled at ``event_times``, at each of ``times``, by replaying them."""
    bank = []
    cohorts = []
    for t in times:
        b = bank0 + rate * t + deposit * sum(1 for e in event_times if e <= t + 1e-12)
        c = np.array(cohorts0, dtype=float)
        last = 0.0
        for e in sorted(event_times):
            if e > t + 1e-12:
                break
            c[0] += births * (e - last)
            c[3] += c[2]
            c[2] = c[1]
            c[1] = c[0]
            c[0] = 0.0
            last = e
        c[0] += births * (t - last)
        bank.append(b)
        cohorts.append(c)
    return np.array(bank), np.array(cohorts)


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_default_event_schedule_from_event_period(method):
    """event_period = 1: events at start + 1, start + 2, ..., stop included; state saved after the event."""
    p = {"rate": 0.5, "deposit": 10.0, "births": 3.0}
    cohorts0 = [1.0, 2.0, 4.0, 8.0]
    result = models.EVENTS.run(start=0.0, stop=5.0, dt=0.25, method=method, params=p,
                               initial={"bank": 100.0, "cohorts": cohorts0})
    bank, cohorts = _expected_events(result.times, [1.0, 2.0, 3.0, 4.0, 5.0], 0.5, 10.0, 3.0, 100.0, cohorts0)
    np.testing.assert_allclose(result["bank"][0], bank, rtol=1e-13, atol=0)
    np.testing.assert_allclose(result["cohorts"][0], cohorts, rtol=1e-13, atol=1e-13)
    # Spelled out at a few times: just before, at and after the event at t = 2.
    times = list(result.times)
    before, at, after = times.index(1.75), times.index(2.0), times.index(2.25)
    assert result["bank"][0, before] == pytest.approx(100.0 + 0.5 * 1.75 + 10.0, rel=1e-14)
    assert result["bank"][0, at] == pytest.approx(100.0 + 0.5 * 2.0 + 20.0, rel=1e-14)
    assert result["bank"][0, after] == pytest.approx(100.0 + 0.5 * 2.25 + 20.0, rel=1e-14)
    # After two agings: the newest cohort is empty, then one year of births, then the initial cohort 0...
    np.testing.assert_allclose(result["cohorts"][0, at], [0.0, 3.0, 1.0 + 3.0, 2.0 + 4.0 + 8.0], rtol=1e-14)
    # Final time: the event at stop is applied before the last save (five agings).
    np.testing.assert_allclose(result["cohorts"][0, -1], [0.0, 3.0, 3.0, 1.0 + 2.0 + 4.0 + 8.0 + 3.0 + 3.0 + 3.0],
                               rtol=1e-14)


def test_default_event_schedule_with_nonzero_start():
    result = models.EVENTS.run(start=2010.0, stop=2013.0, dt=0.5, params={"rate": 0.0, "deposit": 1.0},
                               initial={"bank": 0.0, "cohorts": [0.0] * 4})
    expected = np.floor(result.times - 2010.0 + 1e-12)
    np.testing.assert_array_equal(result["bank"][0], expected)


def test_explicit_event_times_replace_default_schedule():
    """Explicit event_times replace the default schedule (period 1) entirely."""
    model = models.EVENTS
    result = model.run(start=0.0, stop=4.0, dt=0.5, params={"rate": 0.0, "deposit": 1.0},
                       initial={"bank": 0.0, "cohorts": [0.0] * 4}, event_times=None)
    assert result["bank"][0, -1] == 4.0  # period 1: 1, 2, 3, 4
    explicit = model.run(start=0.0, stop=4.0, dt=0.5, params={"rate": 0.0, "deposit": 1.0},
                         initial={"bank": 0.0, "cohorts": [0.0] * 4}, event_times=[1.5, 3.0])
    np.testing.assert_array_equal(explicit["bank"][0], [0, 0, 0, 1, 1, 1, 2, 2, 2])


@settings(deadline=None, max_examples=30)
@given(
    steps=st.lists(st.integers(min_value=1, max_value=24), min_size=0, max_size=6),
    method=st.sampled_from(["euler", "rk4"]),
)
def test_explicit_event_times_on_grid(steps, method):
    """Any set of grid times after start (duplicates apply twice) gives the replayed state."""
    dt = 0.25
    event_times = [dt * k for k in steps]
    p = {"rate": 0.5, "deposit": 2.0, "births": 1.5}
    cohorts0 = [1.0, 2.0, 3.0, 4.0]
    result = models.EVENTS.run(start=0.0, stop=6.0, dt=dt, method=method, params=p,
                               initial={"bank": 1.0, "cohorts": cohorts0}, event_times=event_times)
    bank, cohorts = _expected_events(result.times, event_times, 0.5, 2.0, 1.5, 1.0, cohorts0)
    np.testing.assert_allclose(result["bank"][0], bank, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(result["cohorts"][0], cohorts, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("time", [0.3, 0.1, 5.25, 6.0, -1.0, 1.0 + 1e-6])
def test_event_time_off_grid_or_outside_raises(time):
    with pytest.raises(ValueError, match=r"event_times=.*not allowed.*grid time"):
        models.EVENTS.run(start=0.0, stop=5.0, dt=0.25, initial={"bank": 0.0, "cohorts": [0.0] * 4},
                          event_times=[1.0, time])


def test_event_time_at_start_raises():
    with pytest.raises(ValueError, match=re.escape("event_times contains start=0.0; allowed: times after start")):
        models.EVENTS.run(start=0.0, stop=5.0, dt=0.25, initial={"bank": 0.0, "cohorts": [0.0] * 4},
                          event_times=[0.0, 1.0])


def test_event_times_for_model_without_event_raises():
    with pytest.raises(ValueError, match=r"event_times=.*not allowed.*has no event function"):
        models.DECAY.run(start=0.0, stop=5.0, dt=0.25, initial={"S": 1.0}, event_times=[1.0])


def test_empty_event_times_disable_default_schedule():
    result = models.EVENTS.run(start=0.0, stop=3.0, dt=0.5, params={"rate": 0.0, "deposit": 1.0},
                               initial={"bank": 0.0, "cohorts": [0.0] * 4}, event_times=[])
    np.testing.assert_array_equal(result["bank"][0], np.zeros(7))
