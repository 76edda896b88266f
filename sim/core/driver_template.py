"""Template of a model's compiled drivers: the time loop and the loops over scenarios.

This file is never imported. ``sim.core.drivers`` reads it as text, puts before it
the imports that bind ``RHS``, ``INIT`` and ``EVENT`` to one model's functions,
and compiles the result as a module of its own. The model's functions are then
plain global calls (numba links them in), which numba can cache on disk;
passing them as arguments instead would make the drivers uncacheable.

The loop at grid step ``i`` (time ``t = start + i*dt``):

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
def integrate_scenario(y0, p, data, t0, dt, n_steps, save_every, event_steps, save_y_index, save_aux_index, aux_size,
                       method, saved_y, saved_aux):
    """Integrate one scenario from ``y0`` over ``n_steps`` steps of ``dt``.

    Parameters
    ----------
    y0 : ndarray (state,)
        Initial state; not modified.
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
    saved_y : ndarray (save, saved state slot)
    saved_aux : ndarray (save, saved aux slot)
        Outputs, written in place.
    """
    n_state = y0.size
    # Scratch buffers: allocated once per scenario, never per step.
    y = y0.copy()
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


@driver(parallel=True)
def initial_states(t0, p, data, y0):
    """Initial state of every scenario, from the model's INIT; scenarios spread over threads, each
    writes only its own row."""
    for s in prange(p.shape[0]):
        INIT(t0, p[s], data, y0[s])


@driver(parallel=False)
def integrate_serial(y0, p, data, t0, dt, n_steps, save_every, event_steps, save_y_index, save_aux_index, aux_size,
                     method, saved_y, saved_aux):
    """Integrate every scenario, one after the other (``y0`` has one row per scenario, or one
    row shared by all)."""
    for s in range(p.shape[0]):
        integrate_scenario(y0[s % y0.shape[0]], p[s], data, t0, dt, n_steps, save_every, event_steps, save_y_index,
                           save_aux_index, aux_size, method, saved_y[s], saved_aux[s])


@driver(parallel=True)
def integrate_parallel(y0, p, data, t0, dt, n_steps, save_every, event_steps, save_y_index, save_aux_index, aux_size,
                       method, saved_y, saved_aux):
    """Integrate every scenario, scenarios spread over threads; each writes only its own rows."""
    for s in prange(p.shape[0]):
        integrate_scenario(y0[s % y0.shape[0]], p[s], data, t0, dt, n_steps, save_every, event_steps, save_y_index,
                           save_aux_index, aux_size, method, saved_y[s], saved_aux[s])
