"""System-dynamics builtins with Vensim/XMILE semantics, as compiled pure functions.

Stateful builtins (SMOOTH, SMOOTH3, DELAY1, DELAY3, TREND) keep their state in
slots of the model's state vector, so that every integrator (Euler, RK4)
advances them exactly like ordinary stocks. For each one there is

* an ``*_init`` function giving the initial slot values (Vensim initialises a
  smooth or delay at its input's initial value), and
* a ``*_rates`` / ``*_rate`` function that writes the slots' time derivatives
  and returns the builtin's output.

The material delays are written in terms of stage *contents* (the material in
transit), so that ``d(sum of stages)/dt = input - output`` holds exactly and
the content of a delay can be read off directly.

All times are in the model's time unit (years in ``sim``).

References
----------
Sterman, J. D. (2000). *Business Dynamics*, ch. 11 (material and information delays).
Vensim reference manual: SMOOTH, SMOOTH3, DELAY1, DELAY3, TREND, STEP, RAMP, PULSE,
lookups. PySD's ``py_backend.statefuls`` implements the same semantics.
"""

from __future__ import annotations

from sim.core.jit import kernel

#: Absolute tolerance [time unit] when comparing the current time with an event
#: time in STEP, RAMP and PULSE, so that grid times ``start + i*dt`` that round
#: a hair below an event time still count as reached.
TIME_EPS = 1e-9


# --- information delays -------------------------------------------------------------


@kernel
def smooth_rate(value, state, smooth_time):
    """Rate of change of a first-order exponential smooth (Vensim SMOOTH).

    ``d state/dt = (value - state) / smooth_time``; the smooth's output is ``state``,
    initialised at the input's initial value. Step response: ``1 - exp(-t/smooth_time)``.
    """
    return (value - state) / smooth_time


@kernel
def smooth_n_rates(value, stages, smooth_time, rates):
    """Rates of an n-th order smooth: n first-order smooths in cascade, each ``smooth_time/n``.

    ``stages`` and ``rates`` are views of n state slots. The output is ``stages[-1]``;
    Vensim's SMOOTH3 is n = 3, whose impulse response is the Erlang-3 density.
    """
    order = stages.size
    stage_rate = order / smooth_time  # one division, then multiplies
    upstream = value
    for k in range(order):
        rates[k] = (upstream - stages[k]) * stage_rate
        upstream = stages[k]
    return stages[order - 1]


@kernel
def smooth_n_init(initial_value, stages):
    """Initialise an n-th order smooth at ``initial_value`` in every stage (Vensim)."""
    for k in range(stages.size):
        stages[k] = initial_value


# --- material delays ----------------------------------------------------------------


@kernel
def delay_n_rates(inflow, stages, delay_time, rates):
    """Rates of an n-th order material delay (DELAY1: n = 1, DELAY3: n = 3).

    ``stages`` hold the material in transit in each of n stages [quantity]; each stage
    drains at ``content / (delay_time / n)``. Returns the delay's outflow [quantity/time].
    What enters is conserved: ``sum(rates) = inflow - outflow`` exactly.
    """
    order = stages.size
    stage_rate = order / delay_time  # one division, then multiplies
    upstream = inflow
    for k in range(order):
        outflow = stages[k] * stage_rate
        rates[k] = upstream - outflow
        upstream = outflow
    return upstream


@kernel
def delay_n_init(initial_inflow, delay_time, stages):
    """Initialise a material delay in equilibrium with ``initial_inflow`` (Vensim).

    Each of the n stages holds ``initial_inflow * delay_time / n``, so the outflow
    starts equal to the inflow.
    """
    order = stages.size
    for k in range(order):
        stages[k] = initial_inflow * delay_time / order


@kernel
def delay_n_content(stages):
    """Material in transit in a delay [quantity]: the sum of its stages."""
    total = 0.0
    for k in range(stages.size):
        total += stages[k]
    return total


# --- trend ----------------------------------------------------------------------------


@kernel
def trend_init(initial_value, average_time, initial_trend):
    """Initial state of TREND so that its first output equals ``initial_trend`` [1/time]."""
    return initial_value / (1.0 + initial_trend * average_time)


@kernel
def trend_value(value, state, average_time):
    """Fractional trend of ``value`` [1/time] (Vensim TREND).

    ``(value - state) / (average_time * |state|)`` with ``state`` a first-order smooth of
    ``value`` over ``average_time`` (advance it with :func:`smooth_rate`); 0 when the
    denominator is 0, as Vensim's ZIDZ.
    """
    denominator = average_time * abs(state)
    if denominator == 0.0:
        return 0.0
    return (value - state) / denominator


# --- lookups ----------------------------------------------------------------------------


@kernel
def lookup(x, xs, ys):
    """Piecewise-linear table function, clamped to the end values outside ``[xs[0], xs[-1]]``.

    ``xs`` must be strictly increasing (checked where tables are declared, see
    :func:`sim.core.model.check_lookup`). Equals ``numpy.interp`` for such tables.
    """
    n = xs.size
    if x <= xs[0]:
        return ys[0]
    if x >= xs[n - 1]:
        return ys[n - 1]
    lo = 0
    hi = n - 1
    while hi - lo > 1:  # bisection: O(log n) for long tables
        mid = (lo + hi) // 2
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    weight = (x - xs[lo]) / (xs[hi] - xs[lo])
    return ys[lo] + weight * (ys[hi] - ys[lo])


# --- test inputs ------------------------------------------------------------------------


@kernel
def step(time, height, step_time):
    """Vensim STEP: 0 before ``step_time``, ``height`` from ``step_time`` on."""
    if time + TIME_EPS >= step_time:
        return height
    return 0.0


@kernel
def ramp(time, slope, start_time, end_time):
    """Vensim RAMP: 0 before ``start_time``, rising at ``slope`` until ``end_time``, then flat.

    For a ramp that never ends pass ``numpy.inf`` from code, or an end time beyond the run
    (parameters must be finite).
    """
    if time + TIME_EPS < start_time:
        return 0.0
    return slope * (min(time, end_time) - start_time)


@kernel
def pulse(time, start_time, width):
    """Vensim PULSE: 1 on ``[start_time, start_time + width)``, 0 elsewhere (``width > 0``)."""
    if start_time - TIME_EPS <= time < start_time + width - TIME_EPS:
        return 1.0
    return 0.0


__all__ = [
    "TIME_EPS",
    "delay_n_content",
    "delay_n_init",
    "delay_n_rates",
    "lookup",
    "pulse",
    "ramp",
    "smooth_n_init",
    "smooth_n_rates",
    "smooth_rate",
    "step",
    "trend_init",
    "trend_value",
]
