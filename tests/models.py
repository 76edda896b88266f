"""Small test models, at module level so that their drivers are disk-cacheable.

Each model is chosen because its solution is known independently of ``sim``:
in closed form (decay, logistic, step and impulse responses of SMOOTH/DELAY,
TREND of an exponential), from scipy (a linear chain with feedback), or exactly
by counting (events on a piecewise-constant flow).
"""

import math

from sim.core import (
    Aux,
    Layout,
    Model,
    Param,
    Stock,
    delay_fixed_init,
    delay_fixed_rates,
    delay_fixed_slots,
    delay_n_content,
    delay_n_init,
    delay_n_rates,
    kernel,
    material_delay_content,
    material_delay_init,
    material_delay_rates,
    material_delay_slots,
    pulse_train,
    ramp,
    smooth_n_init,
    smooth_n_order_rates,
    smooth_n_rates,
    smooth_rate,
    step,
    trend_init,
    trend_value,
)

# --- exponential decay: dS/dt = -S / tau; S(t) = S0 exp(-t / tau) -----------------------


@kernel
def decay_rhs(t, y, p, data, dydt, aux):
    dydt[0] = -y[0] / p[0]
    aux[0] = -y[0] / p[0]


DECAY = Model(
    "test_decay",
    stocks=[Stock("S", nonnegative=True)],
    params=[Param("tau", 5.0, bounds=(1e-9, math.inf))],
    aux=[Aux("outflow")],
    rhs=decay_rhs,
)


# --- logistic growth: dS/dt = r S (1 - S/K); S(t) = K / (1 + (K/S0 - 1) exp(-r t)) -------


@kernel
def logistic_rhs(t, y, p, data, dydt, aux):
    r, capacity = p[0], p[1]
    dydt[0] = r * y[0] * (1.0 - y[0] / capacity)


LOGISTIC = Model(
    "test_logistic",
    stocks=[Stock("S", nonnegative=True)],
    params=[Param("r", 0.5), Param("K", 100.0, bounds=(1e-9, math.inf))],
    rhs=logistic_rhs,
)


# --- a linear 3-stock chain with feedback from the last stock to the first, forced ------
#     x1' = a (1 + b sin(w t)) - k1 x1 + f x3
#     x2' = k1 x1 - k2 x2
#     x3' = k2 x2 - k3 x3 - f x3


@kernel
def chain_rhs(t, y, p, data, dydt, aux):
    a, b, w, k1, k2, k3, f = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    dydt[0] = a * (1.0 + b * math.sin(w * t)) - k1 * y[0] + f * y[2]
    dydt[1] = k1 * y[0] - k2 * y[1]
    dydt[2] = k2 * y[1] - k3 * y[2] - f * y[2]


CHAIN = Model(
    "test_chain",
    stocks=[Stock("x", (3,))],
    params=[
        Param("a", 2.0),
        Param("b", 0.5),
        Param("w", 1.3),
        Param("k1", 0.8),
        Param("k2", 0.5),
        Param("k3", 0.3),
        Param("f", 0.4),
    ],
    rhs=chain_rhs,
)


# --- events: a deposit added to a bank, and an aging chain shifted one slot ------------
#     bank' = rate;       event: bank += deposit
#     cohorts[0]' = births; event: cohorts[3] += cohorts[2]; cohorts[2] = cohorts[1];
#                                   cohorts[1] = cohorts[0]; cohorts[0] = 0


@kernel
def events_rhs(t, y, p, data, dydt, aux):
    dydt[0] = p[0]
    dydt[1] = p[2]
    dydt[2] = 0.0
    dydt[3] = 0.0
    dydt[4] = 0.0


@kernel
def events_event(t, y, p, data):
    y[0] += p[1]
    y[4] += y[3]
    y[3] = y[2]
    y[2] = y[1]
    y[1] = 0.0


EVENTS = Model(
    "test_events",
    stocks=[Stock("bank"), Stock("cohorts", (4,))],
    params=[Param("rate", 0.5), Param("deposit", 10.0), Param("births", 3.0)],
    rhs=events_rhs,
    event=events_event,
    event_period=1.0,
)


# --- SMOOTH, SMOOTH3, DELAY1 and DELAY3 of one input -----------------------------------
#     input(t) = STEP(height, step_time) + RAMP(slope, ramp_start, ramp_end) + amp sin(omega t)
# Cumulative inflow and outflows are stocks, so the integrator advances them with the same
# rule as the delays' stages.

DELAYS_PARAMS = [
    Param("height", 1.0),
    Param("step_time", 0.0),
    Param("slope", 0.0),
    Param("ramp_start", 0.0),
    Param("ramp_end", 1e12),  # params must be finite; 1e12 = never ends
    Param("amp", 0.0),
    Param("omega", 1.0),
    Param("smooth_time", 2.0, bounds=(1e-9, math.inf)),
    Param("delay_time", 2.0, bounds=(1e-9, math.inf)),
    Param("time_step", 1.0, bounds=(1e-9, math.inf)),  # TIME STEP, set by each run to its dt
]
DELAYS_STOCKS = [
    Stock("smooth1"),
    Stock("smooth3", (3,)),
    Stock("delay1", (1,)),
    Stock("delay3", (3,)),
    Stock("cum_in"),
    Stock("cum_out1"),
    Stock("cum_out3"),
]
DELAYS_AUX = [
    Aux("input"),
    Aux("smooth1_out"),
    Aux("smooth3_out"),
    Aux("delay1_out"),
    Aux("delay3_out"),
    Aux("delay1_content"),
    Aux("delay3_content"),
]


@kernel
def delays_input(t, p):
    return step(t, p[9], p[0], p[1]) + ramp(t, p[2], p[3], p[4]) + p[5] * math.sin(p[6] * t)


@kernel
def delays_init(t, p, data, y):
    value = delays_input(t, p)
    y[0] = value
    smooth_n_init(value, y[1:4])
    delay_n_init(value, p[8], y[4:5])
    delay_n_init(value, p[8], y[5:8])
    y[8] = 0.0
    y[9] = 0.0
    y[10] = 0.0


@kernel
def delays_rhs(t, y, p, data, dydt, aux):
    value = delays_input(t, p)
    dydt[0] = smooth_rate(value, y[0], p[7])
    smooth3 = smooth_n_rates(value, y[1:4], p[7], dydt[1:4])
    out1 = delay_n_rates(value, y[4:5], p[8], dydt[4:5])
    out3 = delay_n_rates(value, y[5:8], p[8], dydt[5:8])
    dydt[8] = value
    dydt[9] = out1
    dydt[10] = out3
    aux[0] = value
    aux[1] = y[0]
    aux[2] = smooth3
    aux[3] = out1
    aux[4] = out3
    aux[5] = delay_n_content(y[4:5])
    aux[6] = delay_n_content(y[5:8])


DELAYS = Model(
    "test_delays",
    stocks=DELAYS_STOCKS,
    params=DELAYS_PARAMS,
    aux=DELAYS_AUX,
    rhs=delays_rhs,
    init=delays_init,
    time_step="time_step",
)


# --- TREND of an exponential input x(t) = x0 exp(g t) -----------------------------------


@kernel
def trend_input(t, p):
    return p[0] * math.exp(p[1] * t)


@kernel
def trend_model_init(t, p, data, y):
    y[0] = trend_init(trend_input(t, p), p[2], p[3])


@kernel
def trend_model_rhs(t, y, p, data, dydt, aux):
    value = trend_input(t, p)
    dydt[0] = smooth_rate(value, y[0], p[2])
    aux[0] = value
    aux[1] = trend_value(value, y[0], p[2])


TREND = Model(
    "test_trend",
    stocks=[Stock("average")],
    params=[
        Param("x0", 3.0, bounds=(0.0, math.inf)),
        Param("g", 0.05),
        Param("average_time", 4.0, bounds=(1e-9, math.inf)),
        Param("initial_trend", 0.0),
    ],
    aux=[Aux("input"), Aux("trend")],
    rhs=trend_model_rhs,
    init=trend_model_init,
)


# --- a start computed by init from a given stock: S(0) = scale * G, init also tries to set G ------

@kernel
def scaled_start_init(t, p, data, y):
    if p[0] != 0.0:  # scale 0: S left unset (NaN), which the start check must catch
        y[0] = p[0] * y[1]
    y[1] = 999.0  # overwritten by the given G: given stocks win over init's values


@kernel
def scaled_start_rhs(t, y, p, data, dydt, aux):
    dydt[0] = -y[0]
    dydt[1] = 0.0


SCALED_START = Model(
    "test_scaled_start",
    stocks=[Stock("S", nonnegative=True), Stock("G")],
    params=[Param("scale", 1.0, bounds=(-math.inf, math.inf))],
    rhs=scaled_start_rhs,
    init=scaled_start_init,
)


# --- capabilities bought with a budget: dK_i/dt = a_i sqrt(u_i) - K_i / tau, K(0) = 0 -------------
# Euler with step dt gives K_i(N dt) = a_i sqrt(u_i) tau (1 - (1 - dt/tau)^N): linear in sqrt(u_i),
# so max sum_i c_i K_i(T) under sum_i u_i = B is at u_i = B (c_i a_i)^2 / sum_j (c_j a_j)^2.

@kernel
def capabilities_rhs(t, y, p, data, dydt, aux):
    for i in range(3):
        dydt[i] = p[i] * p[3 + i] ** 0.5 - y[i] / p[6]


CAPABILITIES = Model(
    "test_capabilities",
    stocks=[Stock("K", (3,), nonnegative=True)],
    params=[Param("a", [1.0, 1.0, 1.0], (3,)), Param("u", [0.0, 0.0, 0.0], (3,), bounds=(0.0, math.inf)),
            Param("tau", 4.0, bounds=(1e-9, math.inf))],
    rhs=capabilities_rhs,
)

# --- Vensim's discrete builtins: the twin of tests/vensim/builtins_semantics.mdl ---------------
#     Input      = 10 + STEP(5, 2.1) + RAMP(1, 3, 6)           (the step between grid points)
#     Delay Time = 2 + STEP(1, 4) - STEP(1.5, 7)
#     DELAY N(Input, Delay Time, Input, Order), DELAY3 and DELAY1 of the same, DELAY N and DELAY3
#     over Short Delay Time (order lowered), SMOOTH N(Input, Delay Time, Input, Order),
#     DELAY FIXED(Input, Fixed Delay Time, 7), DELAY FIXED(Delay1 Out, 1, Delay1 Out) of a state,
#     PULSE TRAIN(1, 0.5, 2, 9).

VENSIM_MAX_ORDER = 4  # room above the .mdl's order 3, so that the order really comes from the parameter
VENSIM_FIXED_STEPS = 12
VENSIM_STOCKS = Layout([
    Stock("delay_n", (material_delay_slots(VENSIM_MAX_ORDER, True),)),
    Stock("delay3", (material_delay_slots(3, False),)),
    Stock("delay1", (material_delay_slots(1, False),)),
    Stock("lowered_n", (material_delay_slots(VENSIM_MAX_ORDER, True),)),
    Stock("lowered3", (material_delay_slots(3, False),)),
    Stock("smooth_n", (VENSIM_MAX_ORDER,)),
    Stock("fixed", (delay_fixed_slots(VENSIM_FIXED_STEPS),)),
    Stock("fixed_of_delay1_buffer", (delay_fixed_slots(VENSIM_FIXED_STEPS),)),
])
VENSIM_PARAMS = Layout([
    Param("order", 3.0, bounds=(1, VENSIM_MAX_ORDER)),
    Param("short_delay_time", 0.5, bounds=(1e-9, math.inf)),
    Param("fixed_delay_time", 1.3, bounds=(1e-9, math.inf)),
    Param("fixed_initial", 7.0),
    Param("time_step", 1.0, bounds=(1e-9, math.inf)),
])
VENSIM_AUX = Layout([Aux(name) for name in (
    "input", "delay_time", "delay_n_out", "delay3_out", "delay1_out", "lowered_n_out", "lowered3_out",
    "smooth_n_out", "fixed_out", "train", "delay_n_content", "fixed_of_delay1")])
_VS = {name: VENSIM_STOCKS.slice(name) for name in VENSIM_STOCKS.names}
_VP = {name: VENSIM_PARAMS.offset(name) for name in VENSIM_PARAMS.names}
(V_DELAY_N, V_DELAY3, V_DELAY1, V_LOWERED_N, V_LOWERED3, V_SMOOTH_N, V_FIXED, V_FIXED_OF_DELAY1) = (
    _VS[name] for name in VENSIM_STOCKS.names)
(V_ORDER, V_SHORT, V_FIXED_TIME, V_FIXED_INITIAL, V_TIME_STEP) = (_VP[name] for name in VENSIM_PARAMS.names)


@kernel
def vensim_input(t, dt):
    return 10.0 + step(t, dt, 5.0, 2.1) + ramp(t, 1.0, 3.0, 6.0)


@kernel
def vensim_delay_time(t, dt):
    return 2.0 + step(t, dt, 1.0, 4.0) - step(t, dt, 1.5, 7.0)


@kernel
def vensim_init(t, p, data, y):
    dt = p[V_TIME_STEP]
    value = vensim_input(t, dt)
    delay_time = vensim_delay_time(t, dt)
    material_delay_init(value, delay_time, True, y[V_DELAY_N])
    material_delay_init(value, delay_time, False, y[V_DELAY3])
    material_delay_init(value, delay_time, False, y[V_DELAY1])
    material_delay_init(value, p[V_SHORT], True, y[V_LOWERED_N])
    material_delay_init(value, p[V_SHORT], False, y[V_LOWERED3])
    smooth_n_init(value, y[V_SMOOTH_N])
    delay_fixed_init(p[V_FIXED_INITIAL], p[V_FIXED_TIME], y[V_FIXED])
    delay_fixed_init(value, 1.0, y[V_FIXED_OF_DELAY1])  # DELAY1 starts at its input


@kernel
def vensim_rhs(t, y, p, data, dydt, aux):
    dt = p[V_TIME_STEP]
    value = vensim_input(t, dt)
    delay_time = vensim_delay_time(t, dt)
    aux[0] = value
    aux[1] = delay_time
    aux[2] = material_delay_rates(value, delay_time, p[V_ORDER], dt, True, y[V_DELAY_N], dydt[V_DELAY_N])
    aux[3] = material_delay_rates(value, delay_time, 3.0, dt, False, y[V_DELAY3], dydt[V_DELAY3])
    aux[4] = material_delay_rates(value, delay_time, 1.0, dt, False, y[V_DELAY1], dydt[V_DELAY1])
    aux[5] = material_delay_rates(value, p[V_SHORT], p[V_ORDER], dt, True, y[V_LOWERED_N], dydt[V_LOWERED_N])
    aux[6] = material_delay_rates(value, p[V_SHORT], 3.0, dt, False, y[V_LOWERED3], dydt[V_LOWERED3])
    aux[7] = smooth_n_order_rates(value, y[V_SMOOTH_N], delay_time, p[V_ORDER], dydt[V_SMOOTH_N])
    aux[8] = delay_fixed_rates(value, dt, y[V_FIXED], dydt[V_FIXED])
    aux[9] = pulse_train(t, dt, 1.0, 0.5, 2.0, 9.0)
    aux[10] = material_delay_content(p[V_ORDER], dt, True, y[V_DELAY_N])
    aux[11] = delay_fixed_rates(aux[4], dt, y[V_FIXED_OF_DELAY1], dydt[V_FIXED_OF_DELAY1])


VENSIM_BUILTINS = Model(
    "test_vensim_builtins",
    stocks=VENSIM_STOCKS.entries,
    params=VENSIM_PARAMS.entries,
    aux=VENSIM_AUX.entries,
    rhs=vensim_rhs,
    init=vensim_init,
    time_step="time_step",
    delay_orders=[("Lowered N Out", "order", "short_delay_time"),
                  ("Lowered3 Out", 3, "short_delay_time")],
)

__all__ = ["CAPABILITIES", "CHAIN", "DECAY", "DELAYS", "EVENTS", "LOGISTIC", "SCALED_START", "TREND",
           "VENSIM_BUILTINS"]
