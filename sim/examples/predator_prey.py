"""Two stocks with a feedback loop: hares and lynx (Lotka-Volterra), the README example.

    d hares/dt = birth_rate * hares - predation * hares * lynx          [hare/year]
    d lynx/dt  = efficiency * predation * hares * lynx - death_rate * lynx   [lynx/year]

Parameter values are illustrative (assumption: a textbook cycle, not calibrated).
"""

from sim.core import Aux, Model, Param, Stock, kernel


@kernel
def rhs(t, y, p, data, dydt, aux):
    hares, lynx = y[0], y[1]
    birth_rate, predation, efficiency, death_rate = p[0], p[1], p[2], p[3]
    eaten = predation * hares * lynx
    dydt[0] = birth_rate * hares - eaten
    dydt[1] = efficiency * eaten - death_rate * lynx
    aux[0] = eaten


MODEL = Model(
    "predator_prey",
    stocks=[Stock("hares", units="hare", nonnegative=True), Stock("lynx", units="lynx", nonnegative=True)],
    params=[
        Param("birth_rate", 0.5, units="1/year", bounds=(0, 10), source="assumption: illustrative"),
        Param("predation", 0.02, units="1/(lynx*year)", bounds=(0, 10), source="assumption: illustrative"),
        Param("efficiency", 0.3, units="lynx/hare", bounds=(0, 1), source="assumption: illustrative"),
        Param("death_rate", 0.4, units="1/year", bounds=(0, 10), source="assumption: illustrative"),
    ],
    aux=[Aux("hares_eaten", units="hare/year")],
    rhs=rhs,
)
