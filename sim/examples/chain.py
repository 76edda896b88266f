"""A chain of 100 stocks with smoothed, table-driven flows: the larger benchmark model.

An illustrative aging chain, not part of the Tohoku model (assumption: illustrative
benchmark model). Material enters the first stage, passes stage by stage and leaves
from the last. Each stage's outflow is sped up or slowed down by a table function of a
SMOOTH of the stage's content, and the inflow is throttled by a table function of the
total material in the chain (a balancing loop). Per stage i = 0..N-1 (N = 100):

    x[i]'   = inflow_to(i) - flow[i]                              [Widget/Year]
    inflow_to(0) = inflow,  inflow_to(i) = flow[i-1] for i >= 1
    flow[i] = x[i] / tau * effect[i]                                [Widget/Year]
    effect[i] = LOOKUP(s[i] / reference_stock, effect table)        [Dmnl]
    s[i]    = SMOOTH(x[i], smooth_time)      i.e.  s[i]' = (x[i] - s[i]) / smooth_time
    total   = SUM(x[i!])                                            [Widget]
    inflow  = base_inflow * LOOKUP(total / target, inflow table)    [Widget/Year]
    outflow = flow[N-1]                                             [Widget/Year]

Initial values: x[i] = initial_stock, s[i] = x[i] (Vensim initialises a SMOOTH at its
input). Lookups are piecewise linear, clamped to the end values outside the table.

Material is conserved: ``d/dt SUM(x) = inflow - outflow`` exactly (the SMOOTH
states are information, not material). 200 state slots (100 x, 100 s).

The benchmark setting is 40 years with dt = 1/4 (160 steps): ``START, STOP, DT``.
"""

import numpy as np

from sim.core import Aux, Layout, Model, Param, Stock, check_lookup, kernel, lookup

N = 100  # stages in the chain
TABLE_POINTS = 5
SOURCE = "assumption: illustrative benchmark model"

EFFECT_X, EFFECT_Y = check_lookup("effect", (0.0, 0.5, 1.0, 1.5, 2.0), (0.5, 0.8, 1.0, 1.15, 1.25))
INFLOW_X, INFLOW_Y = check_lookup("inflow", (0.0, 0.5, 1.0, 1.5, 2.0), (2.0, 1.6, 1.0, 0.6, 0.4))

STOCKS = Layout([
    Stock("material", (N,), "Widget", nonnegative=True, description="x[i], content of stage i"),
    Stock("smoothed_material", (N,), "Widget", description="s[i], SMOOTH state of x[i]"),
])
PARAMS = Layout([
    Param("tau", 0.5, (), "Year", (1e-9, np.inf), SOURCE + " (residence time of one stage at effect 1)"),
    Param("smooth_time", 2.0, (), "Year", (1e-9, np.inf), SOURCE),
    Param("base_inflow", 10.0, (), "Widget/Year", (0, np.inf), SOURCE),
    Param("target", 500.0, (), "Widget", (1e-9, np.inf), SOURCE + " (about the equilibrium total at effect 1)"),
    Param("reference_stock", 5.0, (), "Widget", (1e-9, np.inf), SOURCE),
    Param("initial_stock", 2.0, (), "Widget", (0, np.inf), SOURCE),
    Param("effect_x", tuple(EFFECT_X), (TABLE_POINTS,), "Dmnl", source=SOURCE),
    Param("effect_y", tuple(EFFECT_Y), (TABLE_POINTS,), "Dmnl", source=SOURCE),
    Param("inflow_x", tuple(INFLOW_X), (TABLE_POINTS,), "Dmnl", source=SOURCE),
    Param("inflow_y", tuple(INFLOW_Y), (TABLE_POINTS,), "Dmnl", source=SOURCE),
])
AUX = Layout([
    Aux("inflow", (), "Widget/Year", "into stage 0"),
    Aux("outflow", (), "Widget/Year", "out of stage N-1"),
    Aux("total_material", (), "Widget"),
    Aux("inflow_multiplier", (), "Dmnl", "LOOKUP(total / target, inflow table)"),
])

X, S = (STOCKS.offset(n) for n in STOCKS.names)
(TAU, SMOOTH_TIME, BASE_INFLOW, TARGET, REFERENCE, X0,
 EFFECT_XS, EFFECT_YS, INFLOW_XS, INFLOW_YS) = (PARAMS.offset(n) for n in PARAMS.names)
INFLOW, OUTFLOW, TOTAL, MULTIPLIER = (AUX.offset(n) for n in AUX.names)


@kernel
def init(t, p, data, y):
    for i in range(N):
        y[X + i] = p[X0]
        y[S + i] = y[X + i]


@kernel
def rhs(t, y, p, data, dydt, aux):
    effect_xs = p[EFFECT_XS:EFFECT_XS + TABLE_POINTS]
    effect_ys = p[EFFECT_YS:EFFECT_YS + TABLE_POINTS]
    # Reciprocals once per call: a multiply is several times cheaper than a divide in the loop.
    inverse_tau, inverse_smooth_time, inverse_reference = 1.0 / p[TAU], 1.0 / p[SMOOTH_TIME], 1.0 / p[REFERENCE]
    total = 0.0
    for i in range(N):
        total += y[X + i]
    multiplier = lookup(total / p[TARGET], p[INFLOW_XS:INFLOW_XS + TABLE_POINTS], p[INFLOW_YS:INFLOW_YS + TABLE_POINTS])
    inflow = p[BASE_INFLOW] * multiplier
    upstream = inflow
    for i in range(N):
        effect = lookup(y[S + i] * inverse_reference, effect_xs, effect_ys)
        flow = y[X + i] * inverse_tau * effect
        dydt[X + i] = upstream - flow
        dydt[S + i] = (y[X + i] - y[S + i]) * inverse_smooth_time  # SMOOTH (smooth_rate, reciprocal form)
        upstream = flow
    aux[INFLOW] = inflow
    aux[OUTFLOW] = upstream
    aux[TOTAL] = total
    aux[MULTIPLIER] = multiplier


MODEL = Model(
    "chain", stocks=STOCKS.entries, params=PARAMS.entries, aux=AUX.entries, rhs=rhs, init=init,
    lookups=[("effect_x", "effect_y"), ("inflow_x", "inflow_y")],
)

#: Benchmark setting: 40 years, quarterly steps [Year].
START, STOP, DT = 0.0, 40.0, 0.25
