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
# Tables reach these kernels as two 1-D arrays; x must be strictly increasing, which
# :func:`sim.core.model.check_lookup` (tables in code) and ``Model(lookups=...)`` (tables in
# parameters, every scenario before a run) check. A kernel does not check it again: that would
# cost a pass over the table at every call.


@kernel
def _segment(x, xs):
    """Index ``lo`` of the segment ``[xs[lo], xs[lo + 1]]`` holding ``x`` (``xs[0] < x < xs[-1]``), by bisection."""
    lo = 0
    hi = xs.size - 1
    while hi - lo > 1:  # O(log n) for long tables
        mid = (lo + hi) // 2
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    return lo


@kernel
def lookup(x, xs, ys):
    """Piecewise-linear table function, clamped to the end values outside ``[xs[0], xs[-1]]``.

    Vensim's ``table(x)`` and ``LOOKUP(...)``: linear interpolation, the first or last y held
    outside the table. Equals ``numpy.interp`` for a strictly increasing ``xs``.
    """
    n = xs.size
    if x <= xs[0]:
        return ys[0]
    if x >= xs[n - 1]:
        return ys[n - 1]
    lo = _segment(x, xs)
    weight = (x - xs[lo]) / (xs[lo + 1] - xs[lo])
    return ys[lo] + weight * (ys[lo + 1] - ys[lo])


@kernel
def lookup_extrapolate(x, xs, ys):
    """Vensim LOOKUP EXTRAPOLATE: as :func:`lookup` inside the table; outside, the first or last
    segment's line continued (``ys[-1] + (x - xs[-1]) * slope of the last segment``)."""
    n = xs.size
    if x < xs[0]:
        return ys[0] + (x - xs[0]) * (ys[1] - ys[0]) / (xs[1] - xs[0])
    if x > xs[n - 1]:
        return ys[n - 1] + (x - xs[n - 1]) * (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2])
    return lookup(x, xs, ys)


@kernel
def lookup_forward(x, xs, ys):
    """Vensim LOOKUP FORWARD: no interpolation, the y of the first point at or after ``x``
    (``ys[i]`` for the smallest ``xs[i] >= x``); the last y beyond the table."""
    n = xs.size
    if x <= xs[0]:
        return ys[0]
    if x >= xs[n - 1]:
        return ys[n - 1]
    lo = _segment(x, xs)
    if xs[lo] == x:
        return ys[lo]
    return ys[lo + 1]


@kernel
def lookup_backward(x, xs, ys):
    """Vensim LOOKUP BACKWARD: no interpolation, the y of the last point at or before ``x``
    (``ys[i]`` for the largest ``xs[i] <= x``); the first y before the table."""
    n = xs.size
    if x <= xs[0]:
        return ys[0]
    if x >= xs[n - 1]:
        return ys[n - 1]
    return ys[_segment(x, xs)]


# --- test inputs ------------------------------------------------------------------------
# Vensim compares "time plus" = Time + TIME STEP/2 with the switching times of STEP, PULSE and
# PULSE TRAIN, so a switch between two grid points happens at the nearer one, and a grid time
# that rounds a hair below a switching time on the grid still counts as reached.


@kernel
def step(time, time_step, height, step_time):
    """Vensim STEP(height, step time): ``height`` where ``time + time_step/2 > step_time``, else 0.

    ``time`` and ``time_step`` are the model's Time and TIME STEP [time unit].
    """
    if time + 0.5 * time_step > step_time:
        return height
    return 0.0


@kernel
def ramp(time, slope, start_time, end_time):
    """Vensim RAMP(slope, start time, end time): 0 until ``start_time``, then
    ``slope * (min(time, end_time) - start_time)``.

    The manual's rule compares Time itself (no TIME STEP/2): the ramp is continuous at its
    start, so the rule only matters for the sign just before it. For a ramp that never ends
    pass ``numpy.inf`` from code, or an end time beyond the run (parameters must be finite).
    """
    if time <= start_time:
        return 0.0
    return slope * (min(time, end_time) - start_time)


@kernel
def pulse(time, time_step, start_time, width):
    """Vensim PULSE(start, width): 1 where ``start < time + time_step/2 < start + width``, else 0.

    A ``width`` of 0 is taken as ``time_step`` (the manual's rule), so it lasts one step. With
    ``start`` and ``width`` on the grid the pulse is 1 for ``width / time_step`` steps from
    ``start`` on.
    """
    if width == 0.0:
        width = time_step
    time_plus = time + 0.5 * time_step
    if time_plus > start_time and time_plus < start_time + width:
        return 1.0
    return 0.0


@kernel
def pulse_train(time, time_step, start_time, width, interval, end_time):
    """Vensim PULSE TRAIN(start, width, tbetween, end): a PULSE of ``width`` at ``start_time``
    and every ``interval`` after it while ``time + time_step/2 < end_time``.

    With ``t+ = time + time_step/2``: 1 where ``start_time < t+ < end_time`` and
    ``(t+ - start_time) mod interval < max(width, time_step)``, else 0. So a width up to one
    ``time_step`` lasts one step, and an ``interval`` not longer than the width gives 1 from
    start to end (the manual's rules).
    """
    time_plus = time + 0.5 * time_step
    if not (time_plus > start_time and time_plus < end_time):
        return 0.0
    length = max(width, time_step)
    if interval <= length:
        return 1.0
    if (time_plus - start_time) % interval < length:
        return 1.0
    return 0.0


__all__ = [
    "delay_n_content",
    "delay_n_init",
    "delay_n_rates",
    "lookup",
    "lookup_backward",
    "lookup_extrapolate",
    "lookup_forward",
    "pulse",
    "pulse_train",
    "ramp",
    "smooth_n_init",
    "smooth_n_rates",
    "smooth_rate",
    "step",
    "trend_init",
    "trend_value",
]
