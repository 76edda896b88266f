"""The shrinking spirals' signs on the baseline (ECONOMY_V2.md §3; docs/MODEL.md §5): what each
spiral (its reinforcing loops cut together) and each balancing loop does to its KPIs by 2035, with
the exceptions docs/MODEL.md §5 explains from data asserted as documented."""

import pytest

import sim
from sim.model.loops import LOOP_IDS
from sim.spirals import attribution

#: The KPIs each spiral shrinks in the paper (ECONOMY_V2.md §3), with GRP and population for all.
KPIS = ("grp_real", "population_total", "productivity_ratio_japan", "net_migration_15_29", "service_access", "firms",
        "skill_index")


def _tohoku(values, name, units):
    """Tohoku in 2035 (an annual flow in 2034, the last full year): mean of shares, else the sum."""
    year = 2034 if name.startswith("net_migration") else 2035
    at = values.sel(time=year)
    return float(at.mean("region") if units == "1" else at.sum("region"))


@pytest.fixture(scope="module")
def effects():
    """Each spiral's and balancing loop's contribution to each KPI, relative to the full run's level [1]."""
    parts = attribution(kpis=KPIS)
    full = sim.run().isel(scenario=0)
    table = {}
    for name in KPIS:
        units = full[name].attrs["units"]
        level = abs(_tohoku(full[name], name, units))
        for spiral in parts.spiral.values:
            table[str(spiral), name] = _tohoku(parts[name].sel(spiral=spiral), name, units) / level
    return table


def test_s1_demand_and_supply_contract_together(effects):
    assert effects["S1", "grp_real"] < 0
    assert effects["S1", "population_total"] < 0


def test_s2_the_productivity_gap_feeds_tokyo_concentration(effects):
    assert effects["S2", "grp_real"] < 0
    assert effects["S2", "productivity_ratio_japan"] < 0
    assert effects["S2", "net_migration_15_29"] < 0  # more young people leave (net migration more negative)
    # documented (MODEL.md §5): its effect on population is nil, under 0.1 %
    assert abs(effects["S2", "population_total"]) < 1e-3


def test_s3_the_economy_society_shrinks_where_the_data_let_it(effects):
    assert effects["S3", "firms"] < 0
    assert effects["S3", "service_access"] < 0
    # documented (MODEL.md §5): firms per head rise (the census's firms fall more slowly than people),
    # which lowers leakage (R10) and props up the service index (R3): small gains in GRP and people
    for name in ("grp_real", "population_total"):
        assert 0 < effects["S3", name] < 5e-3, name


def test_s4_the_productivity_gap_feeds_talent_maldistribution(effects):
    # brain drain: the young leave at a rising rate, skills and the productivity ratio fall
    for name in ("skill_index", "productivity_ratio_japan", "grp_real", "population_total", "net_migration_15_29"):
        assert effects["S4", name] < 0, name


def test_the_balancing_labour_market_loop_holds_people(effects):
    # B1: leavers tighten the labour market, pay rises, fewer leave
    assert effects["B1", "population_total"] > 0
    assert effects["B1", "net_migration_15_29"] > 0


#: KPIs a loop's knock-out is measured on (its chain's KPIs among them; MODEL.md §3.14).
LOOP_KPIS = KPIS + ("labour_productivity", "dx_adoption", "knowledge_stock", "coastal_recovery", "renewable_share")


@pytest.mark.parametrize("loop", LOOP_IDS)
def test_every_named_loop_moves_one_of_its_kpis_by_a_tenth_of_a_percent_by_2035(loop):
    full = sim.run().isel(scenario=0)
    cut = sim.run(knockout=[loop]).isel(scenario=0)
    moved = max(abs(_tohoku(full[name] - cut[name], name, full[name].attrs["units"])
                    / _tohoku(full[name], name, full[name].attrs["units"])) for name in LOOP_KPIS)
    assert moved >= 1e-3, loop
