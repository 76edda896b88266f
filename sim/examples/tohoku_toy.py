"""The six-prefecture toy model of ``vensim/tohoku_toy.mdl``, written on ``sim.core``.

A benchmark and cross-check model shared with PySD and pysimlin, not the Tohoku
model: its numbers are the .mdl file's illustrative constants (assumption: a toy).
Per prefecture r:

    Capital'  = Investment - Capital / capital_lifetime
    Population' = Births + Net migration - Deaths
    Output = productivity * Capital^alpha * (participation * Population)^(1 - alpha)
    Perceived income = SMOOTH(Output / Population, perception_time)
    Net migration = Population * sensitivity * (lookup(Perceived / mean over r of Perceived) - 1)
    Investment = DELAY3(savings_rate * Output, construction_delay)
    Output trend = TREND(Output, trend_average_time, initial_trend)

DELAY3 is Vensim's (``material_delay_*``, not stage-wise): per prefecture a block of the
initial construction delay and three levels (3 x each stage's content), the order lowered when
3 x TIME STEP exceeds the construction delay, with a ``DelayOrderWarning`` naming
``investment``. TIME STEP reaches the equations through the parameter ``time_step``, which every
run sets to its dt.
"""

import numpy as np

from sim.core import (
    Aux,
    Layout,
    Model,
    Param,
    Stock,
    kernel,
    lookup,
    material_delay_init,
    material_delay_rates,
    material_delay_slots,
    smooth_rate,
    trend_init,
    trend_value,
)

REGIONS = ("Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima")
N = len(REGIONS)
ORDER = 3  # DELAY3
SLOTS = material_delay_slots(ORDER, False)  # the initial delay time, then the levels
R = ("region",)
#: Source of every parameter value: the constants of the .mdl file.
TOY = "vensim/tohoku_toy.mdl constant (assumption: an illustrative toy, not data)"
#: The .mdl file's control section: INITIAL TIME 0, FINAL TIME 50, TIME STEP 0.25 [Year].
START, STOP, DT = 0.0, 50.0, 0.25

STOCKS = Layout([
    Stock("capital", (N,), "Yen", nonnegative=True, dims=R),
    Stock("population", (N,), "Person", nonnegative=True, dims=R),
    Stock("perceived_income", (N,), "Yen/Year/Person", description="SMOOTH state", dims=R),
    Stock("investment_in_transit", (N, SLOTS), "Yen", nonnegative=True,
          description="DELAY3 block: initial delay time [Year], levels (3 x each stage's content)",
          dims=("region", "stage")),
    Stock("output_trend_state", (N,), "Yen/Year", description="TREND state", dims=R),
])
PARAMS = Layout([
    Param("initial_capital", (100, 120, 250, 90, 95, 180), (N,), "Yen", (0, np.inf), dims=R, source=TOY),
    Param("initial_population", (1.2, 1.2, 2.3, 0.95, 1.05, 1.8), (N,), "Person", (0, np.inf), dims=R, source=TOY),
    Param("capital_lifetime", 20.0, (), "Year", (1e-9, np.inf), source=TOY),
    Param("productivity", 1.0, (), "Dmnl", (0, np.inf), source=TOY),
    Param("capital_elasticity", 0.3, (), "Dmnl", (0, 1), source=TOY),
    Param("participation_rate", 0.6, (), "Dmnl", (0, 1), source=TOY),
    Param("birth_rate", 0.007, (), "1/Year", (0, 1), source=TOY),
    Param("death_rate", 0.013, (), "1/Year", (0, 1), source=TOY),
    Param("perception_time", 3.0, (), "Year", (1e-9, np.inf), source=TOY),
    Param("migration_sensitivity", 0.02, (), "1/Year", (0, 1), source=TOY),
    Param("savings_rate", 0.2, (), "Dmnl", (0, 1), source=TOY),
    Param("construction_delay", 2.0, (), "Year", (1e-9, np.inf), source=TOY),
    Param("trend_average_time", 5.0, (), "Year", (1e-9, np.inf), source=TOY),
    Param("initial_trend", 0.01, (), "1/Year", source=TOY),
    Param("attractiveness_x", (0, 0.5, 1, 1.5, 2), (5,), "Dmnl", source=TOY),
    Param("attractiveness_y", (0.5, 0.7, 1, 1.2, 1.3), (5,), "Dmnl", source=TOY),
    Param("time_step", DT, (), "Year", (1e-9, np.inf), source="TIME STEP: set by every run to its dt"),
])
AUX = Layout([
    Aux("output", (N,), "Yen/Year", dims=R),
    Aux("income_per_capita", (N,), "Yen/Year/Person", dims=R),
    Aux("net_migration", (N,), "Person/Year", dims=R),
    Aux("investment", (N,), "Yen/Year", dims=R),
    Aux("depreciation", (N,), "Yen/Year", dims=R),
    Aux("births", (N,), "Person/Year", dims=R),
    Aux("deaths", (N,), "Person/Year", dims=R),
    Aux("migration_attractiveness", (N,), "Dmnl", dims=R),
    Aux("output_trend", (N,), "1/Year", dims=R),
    Aux("average_perceived_income", (), "Yen/Year/Person"),
])

K, POP, PERCEIVED, TRANSIT, TREND = (STOCKS.offset(n) for n in STOCKS.names)
(K0, POP0, LIFETIME, PRODUCTIVITY, ALPHA, PARTICIPATION, BIRTH, DEATH, PERCEPTION, SENSITIVITY,
 SAVINGS, CONSTRUCTION, TREND_TIME, TREND0, LOOKUP_X, LOOKUP_Y, TIME_STEP) = (PARAMS.offset(n) for n in PARAMS.names)
(OUTPUT, INCOME, NET_MIGRATION, INVESTMENT, DEPRECIATION, BIRTHS, DEATHS, ATTRACTIVENESS, OUTPUT_TREND,
 AVERAGE_PERCEIVED) = (AUX.offset(n) for n in AUX.names)


@kernel
def output_of(capital, population, p):
    """Cobb-Douglas output [Yen/Year] of one prefecture."""
    labour = population * p[PARTICIPATION]
    # = A K^alpha L^(1-alpha), written with one power instead of two (powers dominate this model)
    return p[PRODUCTIVITY] * labour * (capital / labour) ** p[ALPHA]


@kernel
def init(t, p, data, y):
    for r in range(N):
        capital, population = p[K0 + r], p[POP0 + r]
        output = output_of(capital, population, p)
        y[K + r] = capital
        y[POP + r] = population
        y[PERCEIVED + r] = output / population
        block = slice(TRANSIT + SLOTS * r, TRANSIT + SLOTS * (r + 1))
        material_delay_init(p[SAVINGS] * output, p[CONSTRUCTION], False, y[block])
        y[TREND + r] = trend_init(output, p[TREND_TIME], p[TREND0])


@kernel
def rhs(t, y, p, data, dydt, aux):
    xs = p[LOOKUP_X:LOOKUP_X + 5]
    ys = p[LOOKUP_Y:LOOKUP_Y + 5]
    average_perceived = 0.0
    for r in range(N):
        average_perceived += y[PERCEIVED + r]
    average_perceived /= N
    aux[AVERAGE_PERCEIVED] = average_perceived
    for r in range(N):
        capital, population = y[K + r], y[POP + r]
        output = output_of(capital, population, p)
        income = output / population
        attractiveness = lookup(y[PERCEIVED + r] / average_perceived, xs, ys)
        net_migration = population * p[SENSITIVITY] * (attractiveness - 1.0)
        births = population * p[BIRTH]
        deaths = population * p[DEATH]
        block = slice(TRANSIT + SLOTS * r, TRANSIT + SLOTS * (r + 1))
        investment = material_delay_rates(p[SAVINGS] * output, p[CONSTRUCTION], ORDER, p[TIME_STEP], False, y[block],
                                          dydt[block])
        depreciation = capital / p[LIFETIME]
        dydt[K + r] = investment - depreciation
        dydt[POP + r] = births + net_migration - deaths
        dydt[PERCEIVED + r] = smooth_rate(income, y[PERCEIVED + r], p[PERCEPTION])
        dydt[TREND + r] = smooth_rate(output, y[TREND + r], p[TREND_TIME])
        aux[OUTPUT + r] = output
        aux[INCOME + r] = income
        aux[NET_MIGRATION + r] = net_migration
        aux[INVESTMENT + r] = investment
        aux[DEPRECIATION + r] = depreciation
        aux[BIRTHS + r] = births
        aux[DEATHS + r] = deaths
        aux[ATTRACTIVENESS + r] = attractiveness
        aux[OUTPUT_TREND + r] = trend_value(output, y[TREND + r], p[TREND_TIME])


MODEL = Model(
    "tohoku_toy", stocks=STOCKS.entries, params=PARAMS.entries, aux=AUX.entries, rhs=rhs, init=init,
    lookups=[("attractiveness_x", "attractiveness_y")], time_step="time_step",
    delay_orders=[("investment", ORDER, "construction_delay")],
)
