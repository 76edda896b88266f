"""System-dynamics builtins with Vensim's documented semantics, as compiled pure functions.

Stateful builtins keep their state in slots of the model's state vector, so that every
integrator advances them like ordinary stocks. For each one there is

* an ``*_init`` function giving the initial slot values (Vensim initialises a smooth or delay
  at its input's initial value, a delay in equilibrium), and
* a ``*_rates`` / ``*_rate`` function that writes the slots' time derivatives and returns the
  builtin's output.

Two families of material delays:

* ``delay_n_*``: the continuous-time cascade (fixed order, current delay time in every stage,
  stage *contents* so that ``d(sum of stages)/dt = input - output`` holds exactly). It is
  Vensim's DELAY1/DELAY3 whenever ``order * TIME STEP <= delay time``, and the right choice
  for RK4.
* ``material_delay_*``: Vensim's discrete rules on top of it: the order lowered when
  ``order * TIME STEP`` exceeds the delay time, the order from a parameter, and DELAY N's
  stage-wise delay times.

DELAY FIXED (``delay_fixed_*``) is a ring buffer in the state. STEP, PULSE and PULSE TRAIN
switch on Vensim's ``Time + TIME STEP/2`` rule, so they take TIME STEP as an argument (a model
gets it from a parameter that every run sets, see ``Model(time_step=...)``). The semantics,
with the manual's rule for each builtin, are in ``docs/CORE_BUILTINS.md``.

All times are in the model's time unit (years in ``sim``).

References
----------
Sterman, J. D. (2000). *Business Dynamics*, ch. 11 (material and information delays).
Vensim reference manual (vensim.com/documentation): fn_step, fn_pulse, fn_pulse_train,
fn_ramp, fn_delay_n, fn_delay_fixed, lookups. PySD 3.14 ``py_backend.statefuls`` (``DelayN``,
``Delay``, ``DelayFixed``, ``SmoothN``) and ``py_backend.functions``, the second opinion.
"""

from __future__ import annotations

import math

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


# --- Vensim's discrete material delays: order lowering and stage-wise delay times -----
# A state block holds ``[initial delay time, levels (max_order), stage delay times]``, the last
# part only for DELAY N (``stage_wise``). The level of stage k is ``order x its content`` (PySD's
# scaling: at equilibrium every level is ``inflow x delay time``), so the block can be
# initialised without knowing TIME STEP, which only the rates see. The order in use is fixed by
# :func:`delay_order` from the requested order, the initial delay time and TIME STEP, as Vensim
# fixes it at initialisation; stages beyond it stay at their level with rate 0.


def material_delay_slots(max_order: int, stage_wise: bool) -> int:
    """State slots of a delay block for orders up to ``max_order``: 1 + max_order levels, plus
    max_order stored delay times if ``stage_wise`` (DELAY N)."""
    return 1 + max_order * (2 if stage_wise else 1)


@kernel
def delay_order(order, delay_time, time_step):
    """Vensim's order lowering: the largest ``k <= order`` with ``k * time_step <= delay_time``,
    and at least 1 (the manual: 'delay time must be bigger than order*TIME STEP; if not, Vensim
    issues a warning and reduces the order'). A non-integer ``order`` is truncated, as PySD does."""
    k = max(int(order), 1)
    while k > 1 and k * time_step > delay_time:
        k -= 1
    return k


@kernel
def _n_levels(size, stage_wise):
    """Number of levels (the largest order) of a delay block of ``size`` slots."""
    return (size - 1) // 2 if stage_wise else size - 1


@kernel
def material_delay_init(initial_inflow, delay_time, stage_wise, state):
    """Initialise a delay block in equilibrium with ``initial_inflow``: outflow = inflow (Vensim).

    Writes the initial delay time, every level as ``initial_inflow * delay_time`` and, for a
    stage-wise block (DELAY N), every stored delay time as ``delay_time``.
    """
    n_levels = _n_levels(state.size, stage_wise)
    state[0] = delay_time
    for k in range(n_levels):
        state[1 + k] = initial_inflow * delay_time
    for k in range(1 + n_levels, state.size):
        state[k] = delay_time


@kernel
def material_delay_rates(inflow, delay_time, order, time_step, stage_wise, state, rates):
    """Rates of Vensim's DELAY1, DELAY3 (``stage_wise=False``) or DELAY N (``stage_wise=True``);
    returns the delay's output [quantity/time].

    The order in use is ``delay_order(order, initial delay time, time_step)`` (at most the
    block's levels). With ``n`` that order and levels ``L``, stage k drains at ``L[k] / T_k`` and
    ``dL[k]/dt = n * (inflow into k - outflow of k)``:

    * DELAY1/DELAY3 (Vensim's DELAY1I/DELAY3I): every ``T_k`` is the current ``delay_time``, and
      the output is ``L[n-1] / delay_time``.
    * DELAY N: stage k uses the delay time of k steps ago, ``T_k = D(t - k dt)``, and the output
      is ``L[n-1] / D(t - dt)``: 'the output of DELAY N depends only on the values delay time had
      in previous Time Steps' (Vensim's manual), so it reacts one step late to a change. The
      stored delay times shift by one slot per step: their rate ``(newer - older) / time_step``
      moves each value into the next slot in one Euler step (exact to rounding). Under RK4 the
      shift is a lag of ``time_step`` instead; Vensim treats DELAY N as discrete, so use Euler.

    Before the first step every stored time is the initial delay time. This is PySD's
    ``DelayN``/``Delay``, which reproduce Vensim.
    """
    n_levels = _n_levels(state.size, stage_wise)
    n = min(delay_order(order, state[0], time_step), n_levels)
    rates[0] = 0.0
    upstream = inflow
    stage_time = delay_time
    for k in range(n):
        if stage_wise and k > 0:
            stage_time = state[1 + n_levels + k - 1]
        outflow = state[1 + k] / stage_time
        rates[1 + k] = n * (upstream - outflow)
        upstream = outflow
    for k in range(n, n_levels):
        rates[1 + k] = 0.0
    if not stage_wise:
        return upstream  # the last stage's drain, state[n] / delay_time: material_delay_output's value
    times = 1 + n_levels
    rates[times] = (delay_time - state[times]) / time_step
    for k in range(1, n_levels):
        rates[times + k] = (state[times + k - 1] - state[times + k]) / time_step
    return material_delay_output(delay_time, order, time_step, stage_wise, state)


@kernel
def material_delay_output(delay_time, order, time_step, stage_wise, state):
    """The output of a delay block [quantity/time] from its state alone (``material_delay_rates``
    returns the same): the last level in use over the current ``delay_time`` (DELAY1/DELAY3), or
    over the delay time of one step ago (DELAY N). For code that needs the output before the rates
    (an imported model's auxiliaries)."""
    n_levels = _n_levels(state.size, stage_wise)
    n = min(delay_order(order, state[0], time_step), n_levels)
    if not stage_wise:
        return state[n] / delay_time
    return state[n] / state[1 + n_levels]


@kernel
def material_delay_content(order, time_step, stage_wise, state):
    """Material in transit in a delay block [quantity]: the sum of its levels over the order in use."""
    n_levels = _n_levels(state.size, stage_wise)
    n = min(delay_order(order, state[0], time_step), n_levels)
    total = 0.0
    for k in range(n):
        total += state[1 + k]
    return total / n


@kernel
def smooth_n_order_rates(value, stages, smooth_time, order, rates):
    """Rates of Vensim's SMOOTH N with its order from a parameter: the first ``order`` of the
    ``stages`` form :func:`smooth_n_rates`' cascade; the others keep rate 0. Returns the output.

    ``order`` is truncated to an integer and held in ``[1, stages.size]``; declare the order
    parameter with bounds ``(1, stages.size)`` so that a run refuses what does not fit.
    """
    n = min(max(int(order), 1), stages.size)
    output = smooth_n_rates(value, stages[:n], smooth_time, rates[:n])
    for k in range(n, stages.size):
        rates[k] = 0.0
    return output


# --- DELAY FIXED: a ring buffer in the state ----------------------------------------------
# A block holds ``[initial delay time, step counter, buffer (max_steps)]``. Its rates move one
# value per step, so that one Euler step writes the current input into the buffer slot it has
# just read: Vensim's pipeline, exact for any input expression (to rounding, ~1 ulp per move).


def delay_fixed_slots(max_steps: int) -> int:
    """State slots of a DELAY FIXED block whose delay is at most ``max_steps`` time steps."""
    return 2 + max_steps


@kernel
def delay_fixed_init(initial_value, delay_time, state):
    """Initialise a DELAY FIXED block: the buffer full of ``initial_value``, the counter at 0, and
    the delay time stored (only this initial value of it is ever used, as in Vensim)."""
    state[0] = delay_time
    state[1] = 0.0
    for k in range(2, state.size):
        state[k] = initial_value


@kernel
def delay_fixed_rates(value, time_step, state, rates):
    """Rates of Vensim's DELAY FIXED(input, delay time, initial value); returns its output.

    The delay lasts ``K = round(delay time / time_step)`` steps, at least 1 ('the minimum delay
    time is TIME STEP'; halves round up, as PySD's ``DelayFixed``), with the delay time of the
    start. The output at step n is the input of step ``n - K``, and the initial value for the
    first K steps: exact on the grid when the delay time is a multiple of ``time_step``, and
    the delay of the nearest whole number of steps otherwise. NaN when the buffer is shorter
    than K steps, so a block declared too short cannot go unnoticed. Discrete, as in Vensim:
    use Euler (under RK4 the buffer values are blended between steps).
    """
    n_steps = max(int(math.floor(state[0] / time_step + 0.5)), 1)
    for k in range(rates.size):
        rates[k] = 0.0
    if n_steps > state.size - 2:
        return math.nan
    counter = math.floor(state[1] + 0.5)  # an integer up to rounding
    rates[1] = (counter + 1.0 - state[1]) / time_step
    slot = 2 + int(counter) % n_steps
    rates[slot] = (value - state[slot]) / time_step
    return state[slot]


@kernel
def delay_fixed_output(time_step, state):
    """The output of a DELAY FIXED block from its state alone (``delay_fixed_rates`` returns the
    same, NaN included): for code that needs the output before the rates (an imported model's
    auxiliaries)."""
    n_steps = max(int(math.floor(state[0] / time_step + 0.5)), 1)
    if n_steps > state.size - 2:
        return math.nan
    counter = math.floor(state[1] + 0.5)
    return state[2 + int(counter) % n_steps]


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
    "delay_fixed_init",
    "delay_fixed_rates",
    "delay_fixed_slots",
    "delay_n_content",
    "delay_n_init",
    "delay_n_rates",
    "delay_order",
    "lookup",
    "lookup_backward",
    "lookup_extrapolate",
    "lookup_forward",
    "material_delay_content",
    "material_delay_init",
    "material_delay_output",
    "material_delay_rates",
    "material_delay_slots",
    "pulse",
    "pulse_train",
    "ramp",
    "smooth_n_init",
    "smooth_n_order_rates",
    "smooth_n_rates",
    "smooth_rate",
    "step",
    "trend_init",
    "trend_value",
]
