"""The Tohoku model assembled on ``sim.core``: the sectors called in a fixed order.

Population (MODEL.md §2.1) and the economy (§2.2-§2.8): each sector is one file in
``sim/model/sectors`` whose docstring gives its equations. Order within a rate evaluation (each
reads only stocks and what an earlier sector wrote):

0. the outside world's time paths (paths.py);  1. levers: spending and intensities (levers.py; their effects in the sectors they act on, with leading_industry.py and sme_continuity.py);  2. evacuees;  3. migration multipliers from perceived
attractiveness;  4. population flows (and the population aggregates the economy reads);  4b. service access
(services.py) and labour supply (labour force and employment);  5. talent;  6. energy;  7. DX;  8. production (output,
demand, investment);  9. innovation;  10. labour market;  11. firms;  12. coastal gap;
13. attractiveness.
"""

from sim.core import Model, kernel
from sim.core.jit import plain_kernel
from sim.model.economy_init import initialise_economy
from sim.model.sectors.attractiveness import attractiveness_rates
from sim.model.sectors.dx import dx_rates
from sim.model.sectors.energy import energy_rates
from sim.model.sectors.firms import firm_rates
from sim.model.sectors.innovation import innovation_rates
from sim.model.sectors.labour import labour_rates, labour_supply
from sim.model.sectors.levers import lever_rates
from sim.model.sectors.paths import write_paths
from sim.model.sectors.population import age_population, population_rates
from sim.model.sectors.production import production_rates
from sim.model.sectors.reconstruction import coastal_rates, evacuee_rates
from sim.model.sectors.services import service_rates
from sim.model.sectors.talent import migration_factors, talent_rates
from sim.model.state import AUX, FIRST_REF, N_REF_SLOTS, PARAMS, STOCKS


@plain_kernel
def rhs(t, y, p, data, dydt, aux):
    """Rates of change of every stock (see each sector's docstring for its equations)."""
    write_paths(t, y, p, aux)
    lever_rates(t, y, p, aux)
    evacuee_returns = evacuee_rates(y, p, dydt, aux)
    migration_factors(y, p, aux, evacuee_returns)
    population_rates(t, y, p, data, dydt, aux)
    service_rates(y, p, aux)
    labour_supply(t, y, p, aux)
    talent_rates(y, p, dydt, aux)
    energy_rates(t, y, p, dydt, aux)
    dx_rates(y, p, dydt, aux)
    production_rates(t, y, p, dydt, aux)
    innovation_rates(y, p, dydt, aux)
    labour_rates(t, y, p, dydt, aux)
    firm_rates(y, p, dydt, aux)
    coastal_rates(t, y, p, dydt, aux)
    attractiveness_rates(t, y, p, dydt, aux)
    for k in range(FIRST_REF, FIRST_REF + N_REF_SLOTS):  # reference values are constant
        dydt[k] = 0.0


@plain_kernel
def on_census_date(t, y, p, data):
    """Yearly event on 1 October: ageing (population sector)."""
    age_population(y)


@kernel
def init(t, p, data, y):
    """Start state of the economy, from the population stocks the caller gives (economy_init.py)."""
    initialise_economy(t, p, data, y)


#: Built without data: ``sim.run`` supplies the prepared schedules (``DATA`` layout) per run.
MODEL = Model("tohoku", stocks=STOCKS.entries, params=PARAMS.entries, aux=AUX.entries, rhs=rhs,
              event=on_census_date, init=init, event_period=1.0)
