"""The Tohoku model assembled on ``sim.core``: the sectors called in a fixed order.

So far the population (MODEL.md §2.1) and the evacuees of the reconstruction sector (§2.8);
the economy and the spirals join here.
"""

from sim.core import Model, kernel
from sim.model.sectors.population import age_population, population_rates
from sim.model.sectors.reconstruction import evacuee_rates
from sim.model.state import PARAMS, STOCKS


@kernel
def rhs(t, y, p, data, dydt, aux):
    """Rates of change of every stock (see each sector's docstring for its equations)."""
    evacuee_returns = evacuee_rates(y, p, dydt)
    population_rates(t, y, p, data, dydt, evacuee_returns)


@kernel
def on_census_date(t, y, p, data):
    """Yearly event on 1 October: ageing (population sector)."""
    age_population(y)


#: Built without data: ``sim.run`` supplies the prepared schedules (``DATA`` layout) per run.
MODEL = Model("tohoku", stocks=STOCKS.entries, params=PARAMS.entries, rhs=rhs, event=on_census_date,
              event_period=1.0)
