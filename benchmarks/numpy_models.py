"""The two benchmark models as plain NumPy time loops, vectorised over scenarios.

An independent implementation of ``sim/examples/tohoku_toy.py`` (from the equations of
``sim/examples/vensim/tohoku_toy.mdl``) and ``sim/examples/chain.py`` (from its
docstring): no ``sim`` code is used here. It serves two purposes:

* a correctness cross-check of ``sim``'s Euler runs (``bench_core.py`` and
  ``tests/test_benchmark_models.py`` require agreement within 1e-9 relative), and
* the "vectorised NumPy" baseline a user would write without a compiler.

Conventions shared with ``sim`` (and Vensim): Euler steps ``y += dt * rate(t, y)``;
the time of step ``i`` is ``start + i * dt``; the rates and auxiliaries reported at a
saved time are those used for the step from that time; step 0 and the last step are
always saved. State arrays are ``(n_scenarios, ...)``.

Parameters are a mapping ``name -> value``; a scalar parameter is a number (shared) or
an array ``(n_scenarios,)``; a per-region parameter is ``(6,)`` or ``(n_scenarios, 6)``.
Lookup tables are shared by all scenarios (1-D ``x`` and ``y``) and evaluated with
``np.interp``, which clamps to the end values outside the table as Vensim does.

Builtins, written out in the loops:

SMOOTH(input, T)
    state' = (input - state) / T, state(0) = input(0); output = state.
DELAY3(input, D)
    three stages holding the material in transit, each drains at content / (D/3); the
    first fills at ``input``, stage k+1 at stage k's outflow; output = last stage's
    outflow. Initialised in equilibrium: each stage holds input(0) * D / 3. Reported as
    sim's block (Vensim's DELAY3, ``material_delay_*``): the initial D, then each stage's
    level, 3 x its content. Vensim lowers the order when 3 * dt > D; this loop does not, so
    it is valid for D >= 3 * dt (the benchmarks draw D in [1, 3] with dt = 0.25).
TREND(input, T, trend0)
    average = SMOOTH(input, T) initialised at input(0) / (1 + trend0 * T);
    output = ZIDZ(input - average, T * |average|).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

# --- tohoku_toy ---------------------------------------------------------------------------

N_REGIONS = 6
DELAY_ORDER = 3

#: Constants of tohoku_toy.mdl (the .mdl writes TREND's 5 and 0.01 and the exponent 0.3 inline).
TOY_DEFAULTS: dict[str, object] = {
    "initial_capital": np.array([100.0, 120.0, 250.0, 90.0, 95.0, 180.0]),  # Yen
    "initial_population": np.array([1.2, 1.2, 2.3, 0.95, 1.05, 1.8]),  # Person
    "capital_lifetime": 20.0,  # Year
    "productivity": 1.0,  # Dmnl
    "capital_elasticity": 0.3,  # Dmnl
    "participation_rate": 0.6,  # Dmnl
    "birth_rate": 0.007,  # 1/Year
    "death_rate": 0.013,  # 1/Year
    "perception_time": 3.0,  # Year
    "migration_sensitivity": 0.02,  # 1/Year
    "savings_rate": 0.2,  # Dmnl
    "construction_delay": 2.0,  # Year
    "trend_average_time": 5.0,  # Year
    "initial_trend": 0.01,  # 1/Year
}
TOY_TABLE_X = np.array([0.0, 0.5, 1.0, 1.5, 2.0])  # Attractiveness Lookup
TOY_TABLE_Y = np.array([0.5, 0.7, 1.0, 1.2, 1.3])
TOY_START, TOY_STOP, TOY_DT = 0.0, 50.0, 0.25

# --- chain --------------------------------------------------------------------------------

N_STAGES = 100
CHAIN_DEFAULTS: dict[str, float] = {
    "tau": 0.5,  # Year
    "smooth_time": 2.0,  # Year
    "base_inflow": 10.0,  # Widget/Year
    "target": 500.0,  # Widget
    "reference_stock": 5.0,  # Widget
    "initial_stock": 2.0,  # Widget
}
CHAIN_EFFECT_X = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
CHAIN_EFFECT_Y = np.array([0.5, 0.8, 1.0, 1.15, 1.25])
CHAIN_INFLOW_X = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
CHAIN_INFLOW_Y = np.array([2.0, 1.6, 1.0, 0.6, 0.4])
CHAIN_START, CHAIN_STOP, CHAIN_DT = 0.0, 40.0, 0.25


def _steps(start: float, stop: float, dt: float, save_every: int) -> tuple[int, int]:
    n_steps = round((stop - start) / dt)
    if n_steps < 1 or abs(n_steps * dt - (stop - start)) > 1e-9 * max(1.0, stop - start):
        raise ValueError(f"stop - start = {stop - start!r} is not a whole number of steps dt={dt!r}")
    if save_every < 1 or n_steps % save_every:
        raise ValueError(f"save_every={save_every!r} must be >= 1 and divide the {n_steps} steps")
    return n_steps, n_steps // save_every + 1


def _merged(defaults: Mapping, params: Mapping | None) -> dict:
    params = dict(params or {})
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; allowed: {sorted(defaults)}")
    return {**defaults, **params}


def _column(value, n: int) -> np.ndarray:
    """A scalar parameter as an ``(n, 1)`` column (shared or one value per scenario)."""
    return np.broadcast_to(np.asarray(value, dtype=np.float64).reshape(-1, 1), (n, 1))


def _regional(value, n: int) -> np.ndarray:
    """A per-region parameter as ``(n, 6)``."""
    return np.broadcast_to(np.asarray(value, dtype=np.float64), (n, N_REGIONS))


def run_toy(
    params: Mapping | None = None,
    n_scenarios: int = 1,
    *,
    start: float = TOY_START,
    stop: float = TOY_STOP,
    dt: float = TOY_DT,
    save_every: int = 1,
) -> dict[str, np.ndarray]:
    """Euler run of tohoku_toy for ``n_scenarios`` scenarios at once.

    Returns arrays ``(n_scenarios, n_saves, 6)`` for ``capital``, ``population``,
    ``perceived_income``, ``output_trend_state``, ``output``, ``net_migration``,
    ``investment``, ``output_trend``; ``(n_scenarios, n_saves, 6, 4)`` for
    ``investment_in_transit`` (sim's DELAY3 block: the initial delay time, 3 x each stage's
    content); ``(n_scenarios, n_saves)`` for ``average_perceived_income``.
    """
    n = n_scenarios
    p = _merged(TOY_DEFAULTS, params)
    n_steps, n_saves = _steps(start, stop, dt, save_every)
    lifetime = _column(p["capital_lifetime"], n)
    productivity = _column(p["productivity"], n)
    alpha = _column(p["capital_elasticity"], n)
    participation = _column(p["participation_rate"], n)
    birth_rate = _column(p["birth_rate"], n)
    death_rate = _column(p["death_rate"], n)
    perception_time = _column(p["perception_time"], n)
    sensitivity = _column(p["migration_sensitivity"], n)
    savings = _column(p["savings_rate"], n)
    delay = _column(p["construction_delay"], n)
    trend_time = _column(p["trend_average_time"], n)
    trend0 = _column(p["initial_trend"], n)
    stage_time = (delay / DELAY_ORDER)[:, :, None]  # (n, 1, 1)

    def output_of(capital, population):
        return productivity * capital**alpha * (population * participation) ** (1.0 - alpha)

    capital = np.array(_regional(p["initial_capital"], n))
    population = np.array(_regional(p["initial_population"], n))
    output = output_of(capital, population)
    perceived = output / population
    transit = np.repeat((savings * output * delay / DELAY_ORDER)[:, :, None], DELAY_ORDER, axis=2)
    trend_state = output / (1.0 + trend0 * trend_time)

    shape = (n, n_saves, N_REGIONS)
    out = {name: np.empty(shape) for name in (
        "capital", "population", "perceived_income", "output_trend_state",
        "output", "net_migration", "investment", "output_trend")}
    out["investment_in_transit"] = np.empty(shape + (1 + DELAY_ORDER,))
    out["investment_in_transit"][:, :, :, 0] = delay[:, :, None]
    out["average_perceived_income"] = np.empty((n, n_saves))
    d_transit = np.empty_like(transit)

    for i in range(n_steps + 1):
        output = output_of(capital, population)
        income = output / population
        average = perceived.mean(axis=1, keepdims=True)
        attractiveness = np.interp(perceived / average, TOY_TABLE_X, TOY_TABLE_Y)
        net_migration = population * sensitivity * (attractiveness - 1.0)
        stage_out = transit / stage_time
        investment = stage_out[:, :, DELAY_ORDER - 1]
        denominator = trend_time * np.abs(trend_state)
        with np.errstate(divide="ignore", invalid="ignore"):
            trend = np.where(denominator == 0.0, 0.0, (output - trend_state) / denominator)
        if i % save_every == 0:
            row = i // save_every
            out["capital"][:, row] = capital
            out["population"][:, row] = population
            out["perceived_income"][:, row] = perceived
            out["output_trend_state"][:, row] = trend_state
            out["investment_in_transit"][:, row, :, 1:] = DELAY_ORDER * transit
            out["output"][:, row] = output
            out["net_migration"][:, row] = net_migration
            out["investment"][:, row] = investment
            out["output_trend"][:, row] = trend
            out["average_perceived_income"][:, row] = average[:, 0]
        if i == n_steps:
            break
        d_capital = investment - capital / lifetime
        d_population = population * birth_rate + net_migration - population * death_rate
        d_perceived = (income - perceived) / perception_time
        d_trend = (output - trend_state) / trend_time
        d_transit[:, :, 0] = savings * output - stage_out[:, :, 0]
        d_transit[:, :, 1:] = stage_out[:, :, :-1] - stage_out[:, :, 1:]
        capital += dt * d_capital
        population += dt * d_population
        perceived += dt * d_perceived
        trend_state += dt * d_trend
        transit += dt * d_transit
    return out


# --- chain ----------------------------------------------------------------------------------


def chain_rates(x, s, tau, smooth_time, base_inflow, target, reference):
    """Rates of the chain for states ``x, s`` of shape ``(..., 100)`` and parameters ``(..., 1)``.

    Returns ``(dx, ds, inflow, outflow, total, multiplier)``; the last four have the
    leading shape of ``x`` without the stage axis.
    """
    total = x.sum(axis=-1)
    multiplier = np.interp(total / target[..., 0], CHAIN_INFLOW_X, CHAIN_INFLOW_Y)
    inflow = base_inflow[..., 0] * multiplier
    flow = x / tau * np.interp(s / reference, CHAIN_EFFECT_X, CHAIN_EFFECT_Y)
    dx = np.empty_like(x)
    dx[..., 0] = inflow - flow[..., 0]
    dx[..., 1:] = flow[..., :-1] - flow[..., 1:]
    ds = (x - s) / smooth_time
    return dx, ds, inflow, flow[..., -1], total, multiplier


def run_chain(
    params: Mapping | None = None,
    n_scenarios: int = 1,
    *,
    start: float = CHAIN_START,
    stop: float = CHAIN_STOP,
    dt: float = CHAIN_DT,
    save_every: int = 1,
) -> dict[str, np.ndarray]:
    """Euler run of the chain for ``n_scenarios`` scenarios at once.

    Returns ``material`` and ``smoothed_material`` ``(n_scenarios, n_saves, 100)`` and
    ``inflow``, ``outflow``, ``total_material``, ``inflow_multiplier`` ``(n_scenarios, n_saves)``.
    """
    n = n_scenarios
    p = _merged(CHAIN_DEFAULTS, params)
    n_steps, n_saves = _steps(start, stop, dt, save_every)
    tau, smooth_time, base_inflow, target, reference, x0 = (
        _column(p[k], n) for k in ("tau", "smooth_time", "base_inflow", "target", "reference_stock", "initial_stock"))
    x = np.array(np.broadcast_to(x0, (n, N_STAGES)))
    s = x.copy()
    out = {"material": np.empty((n, n_saves, N_STAGES)), "smoothed_material": np.empty((n, n_saves, N_STAGES))}
    for name in ("inflow", "outflow", "total_material", "inflow_multiplier"):
        out[name] = np.empty((n, n_saves))
    for i in range(n_steps + 1):
        dx, ds, inflow, outflow, total, multiplier = chain_rates(x, s, tau, smooth_time, base_inflow, target, reference)
        if i % save_every == 0:
            row = i // save_every
            out["material"][:, row] = x
            out["smoothed_material"][:, row] = s
            out["inflow"][:, row] = inflow
            out["outflow"][:, row] = outflow
            out["total_material"][:, row] = total
            out["inflow_multiplier"][:, row] = multiplier
        if i == n_steps:
            break
        x += dt * dx
        s += dt * ds
    return out


def chain_initial_state(params: Mapping | None = None) -> np.ndarray:
    """Initial state ``[x (100), s (100)]`` of one scenario (scalar parameters)."""
    p = _merged(CHAIN_DEFAULTS, params)
    x = np.full(N_STAGES, float(p["initial_stock"]))
    return np.concatenate([x, x])


def chain_ivp_rhs(params: Mapping | None = None):
    """Right-hand side ``f(t, y)`` of one chain scenario for ``scipy.integrate.solve_ivp``.

    ``y`` is ``[x (100), s (100)]``. Note that ``solve_ivp`` (RK45 by default) is adaptive:
    it chooses its own steps, so its cost per scenario is not comparable step by step.
    """
    p = _merged(CHAIN_DEFAULTS, params)
    tau, smooth_time, base_inflow, target, reference = (
        np.full(1, float(p[k])) for k in ("tau", "smooth_time", "base_inflow", "target", "reference_stock"))

    def rhs(t, y):
        x, s = y[:N_STAGES], y[N_STAGES:]
        dx, ds, *_ = chain_rates(x, s, tau, smooth_time, base_inflow, target, reference)
        return np.concatenate([dx, ds])

    return rhs
