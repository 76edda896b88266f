"""Integration methods and the default functions of a model without init or events.

The time loop itself is in ``driver_template.py``, compiled per model by ``drivers.py``.

A model is three compiled functions with fixed signatures (see ``sim.core.model``):

``rhs(t, y, p, data, dydt, aux)``
    Writes the time derivatives of the state ``y`` into ``dydt`` and the model's
    reported auxiliaries (flows, outputs) into ``aux``.
``init(t, p, data, y)``
    Writes the initial state.
``event(t, y, p, data)``
    Changes the state in place at a scheduled time, between two steps.

The loop, its order of events, rates and saves, is described in ``driver_template.py``.
"""

from __future__ import annotations

from sim.core.jit import kernel

EULER = 0
RK4 = 1
METHODS = {"euler": EULER, "rk4": RK4}


@kernel
def no_event(t, y, p, data):
    """Event function of a model without events."""


@kernel
def no_init(t, p, data, y):
    """Init function of a model whose initial state is always given by the caller."""
