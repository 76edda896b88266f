"""Annual flows in sweeps: each flow the sweep keeps is sim.run's (the main report's) for the same
parameters, per prefecture and for Tohoku, at every kept year, and NaN in the run's last year; the
sweep's probabilities of the flow targets are the shares of single runs meeting them; a flow target
in the last year has none, and says why."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import sim
from sim import vision
from sim.kpis import tohoku
from sim.outputs import ANNUAL_FLOWS

YEARS, STOP = [2020, 2027, 2031, 2032], 2032  # 2032 = the run's last year: no year ahead
SCENARIOS = ["baseline", "dx", "talent"]
#: Sample rows: startup_demand_elasticity (replaced), out_migration_multiplier (relative: times the calibrated pattern).
ROWS = np.array([[0.5, 0.8], [1.0, 1.0], [2.0, 1.25]])
FLOW_TARGETS = {"startup_rate", "tokyo_migration_balance", "young_migration"}


def test_every_annual_flow_of_the_registry_has_one_recipe_and_a_sweep_can_keep_it():
    from sim.model.variables import VARIABLES
    from sim.sweep.tohoku import KEEPABLE, WEIGHTS

    assert set(ANNUAL_FLOWS) == {variable.name for variable in VARIABLES if variable.kind == "annual_flow"}
    assert set(ANNUAL_FLOWS) <= set(KEEPABLE)
    assert WEIGHTS["startup_rate"] == "firms"  # Tohoku: sum of startups over sum of firms


@pytest.fixture(scope="module")
def flows():
    """Every annual flow kept by a sweep of ``ROWS`` × ``SCENARIOS`` at ``YEARS`` (as a Dataset like
    a sweep store's: sample, scenario, region, year), and ``sim.run`` of each row."""
    from sim.runner import baseline_parameters, scenario_overrides
    from sim.sweep.tohoku import TohokuEvaluator

    names = ["startup_demand_elasticity", "out_migration_multiplier"]
    baseline = baseline_parameters()
    evaluator = TohokuEvaluator(names, scenario_overrides(SCENARIOS), list(ANNUAL_FLOWS), YEARS, start=2020,
                                stop=STOP, dt=0.25, method="euler", baseline=baseline,
                                relative=("out_migration_multiplier",))
    kept = evaluator(ROWS)
    dataset = xr.Dataset({name: (("sample", *dims), kept[name]) for name, (dims, _) in evaluator.outputs.items()},
                         coords=evaluator.coords)
    singles = [sim.run(SCENARIOS, stop=STOP, startup_demand_elasticity=elasticity,
                       out_migration_multiplier=np.asarray(baseline["out_migration_multiplier"]) * factor)
               for elasticity, factor in ROWS]
    return dataset, singles


def test_each_kept_flow_is_sim_runs_per_prefecture_at_every_kept_year(flows):
    dataset, singles = flows
    for row, single in enumerate(singles):
        for name in ANNUAL_FLOWS:
            swept = dataset[name].isel(sample=row).transpose("scenario", "region", "year").to_numpy()
            expected = single[name].sel(time=YEARS).transpose("scenario", "region", "time").to_numpy()
            np.testing.assert_allclose(swept, expected, rtol=1e-12, atol=0, err_msg=name)
            assert np.isfinite(swept[..., :-1]).all() and np.isnan(swept[..., -1]).all(), name  # none in STOP


def test_the_tohoku_flows_are_the_sums_and_the_startup_rate_is_startups_over_firms(flows):
    """Tohoku as the sweep's analysis aggregates it (``sim.kpis.tohoku`` of the kept flows and
    weights) against sums of the single runs' prefectures, and against the main report's projected
    values of the three flow targets (``sim.vision.compare``)."""
    dataset, singles = flows
    targets = vision.compare(singles[0], sim.compose([f"model.stop={STOP}"]).vision)
    for row, single in enumerate(singles):
        at = single.sel(time=YEARS[:-1])
        sums = {name: at[name].sum("region") for name in ANNUAL_FLOWS}
        sums["startup_rate"] = at.startups.sum("region") / at.firms.sum("region")
        for name, expected in sums.items():
            swept = tohoku(dataset, name).isel(sample=row).sel(year=YEARS[:-1])
            np.testing.assert_allclose(swept.transpose("scenario", "year").to_numpy(),
                                       expected.transpose("scenario", "time").to_numpy(), rtol=1e-12, err_msg=name)
        if row == 0:
            for target in targets[targets.target.isin(FLOW_TARGETS)].itertuples():
                swept = float(tohoku(dataset, target.kpi).sel(sample=0, scenario=target.scenario, year=target.year))
                if target.year < STOP:
                    assert swept == pytest.approx(target.projected, rel=1e-12, abs=0), target.target
                else:  # no value in the last year, in the sweep and in the main report alike
                    assert np.isnan(swept) and np.isnan(target.projected), target.target


@pytest.mark.slow
def test_the_sweeps_flow_probabilities_are_the_shares_of_single_runs_meeting_the_targets(tmp_path):
    """A posterior sweep (6 members × baseline and talent, to 2033) with each flow target set to the
    median of the single runs' values: its probabilities are the shares of the members' single runs
    (``sim.run`` with the member's parameters, ``sim.vision.compare``) that meet the targets."""
    from sim.ensemble.posterior import read_posterior
    from sim.runner import baseline_parameters
    from sim.sweep import run_configured

    members, scenarios, stop = 6, ["baseline", "talent"], 2033
    posterior = read_posterior()
    relative = set(posterior.metadata["relative"])
    baseline = baseline_parameters()
    singles = []
    for member in range(members):
        overrides = {name: (np.asarray(baseline[name]) * value if name in relative else value)
                     for name, value in posterior.values.iloc[member].items()}
        singles.append(sim.run(scenarios, stop=stop, **overrides))
    projected = pd.concat([vision.compare(single, sim.compose([]).vision).assign(member=member)
                           for member, single in enumerate(singles)])
    projected = projected[projected.target.isin(FLOW_TARGETS)]
    medians = projected.groupby("target").projected.median()
    overrides = [f"vision.targets.{target}.value={value!r}" for target, value in medians.items()]
    cfg = sim.compose(["sweep=monte_carlo", f"sweep.n={members}", f"sweep.scenarios=[{','.join(scenarios)}]",
                       f"model.stop={stop}", "sweep.years=[2020,2027,2032]", "output.figures=false", *overrides])
    run_configured(cfg, tmp_path, progress=False)
    found = pd.read_csv(tmp_path / "probabilities.csv").fillna({"not_kept": ""})
    found = found[found.target.isin(FLOW_TARGETS)].set_index(["target", "scenario"])
    goals = {goal.id: goal for goal in vision.targets(cfg.vision)}
    for (target, scenario), row in found.iterrows():
        values = projected[(projected.target == target) & (projected.scenario == scenario)].projected
        goal = goals[target]
        met = values >= goal.value if goal.direction == "at_least" else values <= goal.value
        assert row.not_kept == "" and row.probability == pytest.approx(met.mean(), abs=1e-12), (target, scenario)
    assert len(found) == len(FLOW_TARGETS) * len(scenarios)
    assert 0.0 < found.probability.mean() < 1.0  # targets at the medians: neither all met nor all missed


@pytest.mark.slow
def test_a_flow_kept_in_the_last_year_has_no_probability_and_no_index_there(tmp_path):
    """A Sobol sweep keeping the startup rate in 2031 and 2032, the run's last year: NaN percentiles
    and no sensitivity index in 2032, indices in 2031; its target (2032) not kept, saying why."""
    from sim.sweep import run_configured
    from sim.sweep.analysis import NOT_KEPT

    cfg = sim.compose(["sweep=growth_sensitivity", "sweep.n=4", "sweep.scenarios=[baseline]", "model.stop=2032",
                       "sweep.outputs=[startup_rate]", "sweep.years=[2031,2032]"])
    run_configured(cfg, tmp_path, progress=False)
    percentiles = pd.read_csv(tmp_path / "percentiles.csv")
    assert percentiles[percentiles.year == 2032].value.isna().all()
    assert percentiles[percentiles.year == 2031].value.notna().all()
    sensitivity = pd.read_csv(tmp_path / "sensitivity.csv")
    assert set(sensitivity.year) == {2031} and sensitivity.S1.notna().all()
    probabilities = pd.read_csv(tmp_path / "probabilities.csv")
    row = probabilities.set_index("target").loc["startup_rate"]
    assert row.not_kept == "year_after" and np.isnan(row.probability)
    assert NOT_KEPT["year_after"][0].format(year=2032, kpi="startup_rate").startswith(
        "not in the sweep: an annual flow in 2032 is the total over the year from 1 October 2032")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "which needs the run to go past 2032" in page
    assert (tmp_path / "figures" / "tornado_startup_rate.png").exists()  # from 2031's indices
