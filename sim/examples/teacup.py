"""The classic teacup of ``vensim/teacup.mdl``, written on ``sim.core``.

A cup of tea cools toward the temperature of the room; one stock, one flow,
one balancing loop. A cross-check model shared with PySD, not part of the
Tohoku model; the numbers are illustrative (assumption: illustrative):

    Teacup Temperature' = -Heat Loss to Room                       [Degrees Fahrenheit/Minute]
    Heat Loss to Room   = (Teacup Temperature - Room Temperature) / Characteristic Time
    Teacup Temperature(0) = Initial Teacup Temperature

Exact solution: ``T(t) = room + (T0 - room) * exp(-t / characteristic_time)``.
"""

import numpy as np

from sim.core import Aux, Layout, Model, Param, Stock, kernel

STOCKS = Layout([
    Stock("teacup_temperature", (), "Degrees Fahrenheit", description="temperature of the tea"),
])
PARAMS = Layout([
    Param("initial_teacup_temperature", 180.0, (), "Degrees Fahrenheit", (-459.67, np.inf),
          source="assumption: illustrative"),
    Param("room_temperature", 70.0, (), "Degrees Fahrenheit", (-459.67, np.inf), source="assumption: illustrative"),
    Param("characteristic_time", 10.0, (), "Minute", (1e-9, np.inf), source="assumption: illustrative"),
])
AUX = Layout([
    Aux("heat_loss_to_room", (), "Degrees Fahrenheit/Minute", description="cooling rate of the tea"),
])

TEMPERATURE = STOCKS.offset("teacup_temperature")
T0, ROOM, CHARACTERISTIC_TIME = (PARAMS.offset(n) for n in PARAMS.names)
HEAT_LOSS = AUX.offset("heat_loss_to_room")


@kernel
def init(t, p, data, y):
    y[TEMPERATURE] = p[T0]


@kernel
def rhs(t, y, p, data, dydt, aux):
    heat_loss = (y[TEMPERATURE] - p[ROOM]) / p[CHARACTERISTIC_TIME]
    dydt[TEMPERATURE] = -heat_loss
    aux[HEAT_LOSS] = heat_loss


MODEL = Model("teacup", stocks=STOCKS.entries, params=PARAMS.entries, aux=AUX.entries, rhs=rhs, init=init)

#: The .mdl file's control section: INITIAL TIME 0, FINAL TIME 30, TIME STEP 0.125 [Minute].
START, STOP, DT = 0.0, 30.0, 0.125
