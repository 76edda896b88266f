"""Template of a model's compiled drivers: the time loop and the loops over scenarios.

This file is never imported. ``sim.core.drivers`` reads it as text, puts before it
the imports that bind ``RHS``, ``INIT`` and ``EVENT`` to one model's functions,
and compiles the result as a module of its own. The model's functions are then
plain global calls (numba links them in), which numba can cache on disk;
passing them as arguments instead would make the drivers uncacheable.

Each scenario starts from the caller's start row (NaN where nothing is given): ``INIT`` computes
the other stocks, the given ones are written back (they win over ``INIT``'s values), and the start
state is checked, all in the scenario's own buffer. A sweep's chunk of thousands of runs then never
holds a start matrix. The loop at grid step ``i`` (time ``t = start + i*dt``):

1. apply the events scheduled at step ``i`` (never at step 0);
2. evaluate ``RHS`` at ``(t, y)``: these are Euler's rates, RK4's first stage,
   and the auxiliaries reported at ``t``;
3. save ``y`` and ``aux`` if ``i`` is a save step;
4. advance to step ``i + 1``.

So the state saved at an event time is the state *after* the event, and a
reported flow at ``t`` is the rate used for the step from ``t`` (Vensim's convention).
"""
# ruff: noqa: F821  (RHS, INIT, EVENT, kernel, driver, prange, np, EULER and RK4 are bound by the importer)


@kernel
def start_state(y0, p, data, t0, given_index, floor, y):
    """Write one scenario's start state into ``y``; return the first slot that is not finite or
    below its ``floor`` (-inf, or 0 for a non-negative stock), or -1 if every slot is allowed.

    ``y0`` is the start row with the given stocks (NaN elsewhere, so a stock ``INIT`` leaves unset
    is caught); ``given_index`` the slots given, written back after ``INIT``.
    """
    for k in range(y.size):
        y[k] = y0[k]
    INIT(t0, p, data, y)
    for j in range(given_index.size):
        y[given_index[j]] = y0[given_index[j]]
    for k in range(y.size):
        if not (y[k] >= floor[k] and abs(y[k]) < np.inf):  # NaN fails the comparisons
            return k
    return -1


@kernel
def integrate_scenario(y0, p, data, t0, dt, n_steps, save_every, event_steps, save_y_index, save_aux_index, aux_size,
                       method, given_index, floor, saved_y, saved_aux):
    """Integrate one scenario from its start state (:func:`start_state`) over ``n_steps`` steps of
    ``dt``; return -1, or the start state's first disallowed slot (then nothing is integrated).

    Parameters
    ----------
    y0 : ndarray (state,)
        Start row: the given stocks, NaN elsewhere; not modified.
    p : ndarray (param,)
        This scenario's parameters.
    data : ndarray (datum,)
        Read-only data shared by all scenarios.
    t0, dt : float
        Start time and step [time unit].
    n_steps, save_every : int
        Number of steps; save every ``save_every``-th step (step 0 and ``n_steps`` included).
    event_steps : ndarray (event,) of int64
        Sorted grid steps (>= 1) at which ``EVENT`` is applied.
    save_y_index, save_aux_index : ndarray of int64
        The state and auxiliary slots to save, in order.
    aux_size : int
        Number of auxiliary slots the model writes.
    method : int
        ``EULER`` or ``RK4``.
    given_index : ndarray of int64
        The slots given in ``y0``, kept over ``INIT``'s values.
    floor : ndarray (state,)
        Lowest allowed start value per slot.
    saved_y : ndarray (save, saved state slot)
    saved_aux : ndarray (save, saved aux slot)
        Outputs, written in place.
    """
    n_state = y0.size
    # Scratch buffers: allocated once per scenario, never per step.
    y = np.empty(n_state)
    bad = start_state(y0, p, data, t0, given_index, floor, y)
    if bad >= 0:
        return bad
    k1 = np.empty(n_state)
    aux = np.empty(aux_size)
    if method == RK4:
        k2 = np.empty(n_state)
        k3 = np.empty(n_state)
        k4 = np.empty(n_state)
        y_stage = np.empty(n_state)
        aux_stage = np.empty(aux_size)
    else:
        k2 = k3 = k4 = y_stage = aux_stage = np.empty(0)
    next_event = 0
    n_events = event_steps.size
    half_dt = 0.5 * dt
    for i in range(n_steps + 1):
        t = t0 + i * dt
        while next_event < n_events and event_steps[next_event] == i:
            EVENT(t, y, p, data)
            next_event += 1
        RHS(t, y, p, data, k1, aux)
        if i % save_every == 0:
            row = i // save_every
            for j in range(save_y_index.size):
                saved_y[row, j] = y[save_y_index[j]]
            for j in range(save_aux_index.size):
                saved_aux[row, j] = aux[save_aux_index[j]]
        if i == n_steps:
            break
        if method == EULER:
            for k in range(n_state):
                y[k] += dt * k1[k]
        else:
            for k in range(n_state):
                y_stage[k] = y[k] + half_dt * k1[k]
            RHS(t + half_dt, y_stage, p, data, k2, aux_stage)
            for k in range(n_state):
                y_stage[k] = y[k] + half_dt * k2[k]
            RHS(t + half_dt, y_stage, p, data, k3, aux_stage)
            for k in range(n_state):
                y_stage[k] = y[k] + dt * k3[k]
            RHS(t + dt, y_stage, p, data, k4, aux_stage)
            for k in range(n_state):
                y[k] += dt / 6.0 * (k1[k] + 2.0 * k2[k] + 2.0 * k3[k] + k4[k])
    return -1


@driver(parallel=False)
def initial_states(y0, p, data, t0, given_index, floor, states, bad):
    """Start state of every scenario (``states``, one row each) and its first disallowed slot
    (``bad``, -1 if none): what the integration starts from, for inspection and error messages."""
    for s in range(p.shape[0]):
        bad[s] = start_state(y0[s % y0.shape[0]], p[s], data, t0, given_index, floor, states[s])


@driver(parallel=False)
def integrate_serial(y0, p, data, t0, dt, n_steps, save_every, event_steps, save_y_index, save_aux_index, aux_size,
                     method, given_index, floor, saved_y, saved_aux, bad):
    """Integrate every scenario, one after the other (``y0`` has one row per scenario, or one
    row shared by all); ``bad[s]``: -1, or the scenario's first disallowed start slot."""
    for s in range(p.shape[0]):
        bad[s] = integrate_scenario(y0[s % y0.shape[0]], p[s], data, t0, dt, n_steps, save_every, event_steps,
                                    save_y_index, save_aux_index, aux_size, method, given_index, floor, saved_y[s],
                                    saved_aux[s])


@driver(parallel=True)
def integrate_parallel(y0, p, data, t0, dt, n_steps, save_every, event_steps, save_y_index, save_aux_index, aux_size,
                       method, given_index, floor, saved_y, saved_aux, bad):
    """Integrate every scenario, scenarios spread over threads; each writes only its own rows."""
    for s in prange(p.shape[0]):
        bad[s] = integrate_scenario(y0[s % y0.shape[0]], p[s], data, t0, dt, n_steps, save_every, event_steps,
                                    save_y_index, save_aux_index, aux_size, method, given_index, floor, saved_y[s],
                                    saved_aux[s])
