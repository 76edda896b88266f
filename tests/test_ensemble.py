"""The calibrated ensemble: constraints read from the data, hindcasts equal to sim.run's, history
matching on hand-made and synthetic cases, recovery of a known truth, leave-one-out coverage,
determinism, and the shipped posterior against a reduced rebuild."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import sim
from sim.ensemble.build import build
from sim.ensemble.constraints import model_time, read_constraints
from sim.ensemble.hindcast import HindcastEvaluator
from sim.ensemble.matching import kept, mixture_quantile, predictive_band, rank_statistic, standardised
from sim.ensemble.posterior import Posterior, read_posterior, write_posterior
from sim.ensemble.prior import PRIOR_FILE, read_prior
from sim.model.dimensions import REGIONS
from sim.model.state import PARAMS
from sim.runner import baseline_parameters
from sim.sweep.design import sample

SOURCES = sim.__path__[0] + "/data/sources/"


@pytest.fixture(scope="module")
def constraints():
    return read_constraints()


# --- the configs -----------------------------------------------------------------------------

def test_every_prior_parameter_is_a_model_parameter_with_a_source_and_draws_within_its_bounds():
    prior = read_prior()
    assert len(prior.names) == len(set(prior.names)) >= 40
    text = PRIOR_FILE.read_text()
    for name in prior.names:
        assert name in PARAMS.names
        assert f"{name}: {{" in text and "source: \"" in text.split(f"\n  {name}: ")[1].split("\n")[0]
    values = sample("monte_carlo", list(prior.parameters), 2000, 1)
    from sim.ensemble.prior import check_bounds

    check_bounds(prior, values, baseline_parameters())  # raises if a draw leaves the bounds


def test_a_prior_naming_an_unknown_parameter_is_refused_naming_it(tmp_path):
    path = tmp_path / "prior.yaml"
    path.write_text("build: {draws: 10, seed: 1, members: 5, chunk_size: 5}\n"
                    "parameters:\n  happiness: {dist: uniform, low: 0, high: 1, source: x}\n")
    with pytest.raises(ValueError, match=r"prior.yaml: parameters.happiness is not a model parameter"):
        read_prior(path)


@pytest.mark.parametrize("label, timing, expected", [
    ("2020", "october", 2020.0), ("2014_fy", "calendar", 2014.0), ("2017", "calendar", 2016.75),
    ("2021-04", "calendar", 2021 + 3.5 / 12 - 0.75), ("2020-01/02", "october", 2020 + 1 / 12 - 0.75)])
def test_date_labels_map_to_model_time_of_1_october(label, timing, expected):
    assert model_time(label, timing) == pytest.approx(expected, abs=1e-12)


def test_constraint_values_are_the_published_rows(constraints):
    points, settings = constraints
    census = pd.read_csv(SOURCES + "population_census.csv", dtype={"year": str})
    aomori = census[(census.region == "Aomori") & (census.year == "2020") & (census.indicator == "population_total")]
    row = points.set_index("id").loc["census_population_2020:Aomori:2020"]
    assert row.observed == float(aomori.value.iloc[0]) and row.source == aomori.source.iloc[0]
    labour = pd.read_csv(SOURCES + "labour_market.csv", dtype={"year": str})
    miyagi = labour[(labour.region == "Miyagi") & (labour.year == "2021-04")]
    assert points.set_index("id").loc["jobs_ratio_2021_2022:Miyagi:2021-04"].observed == float(miyagi.value.iloc[0])
    # every point has a positive sd and a source, and lies inside its window
    assert (points.sd > 0).all() and points.source.str.len().gt(0).all()
    for window, (start, stop) in settings.windows.items():
        times = points[points.window == window].time
        assert times.between(start, stop).all()
    assert settings.cutoff == 3.0 and set(points.series) >= {"census_population_2020", "jobs_ratio_2021_2022",
                                                               "evacuees_2021_2024", "fukushima_renewable_share"}


# --- hindcasts against sim.run ------------------------------------------------------------------

def test_hindcast_at_the_calibrated_values_equals_sim_run_at_every_point(constraints):
    points, settings = constraints
    names = ["u_turn_rate", "tfr"]  # the calibrated value of one, the relative factor 1 of the other
    evaluator = HindcastEvaluator(names, points, settings.windows, relative={"tfr"})
    hindcast = evaluator(np.array([[float(baseline_parameters()["u_turn_rate"]), 1.0]]))["hindcast"][0]
    runs = {"backrun": sim.run("baseline", start=2015, stop=2020).isel(scenario=0),
            "recent": sim.run("baseline", start=2020, stop=2024).isel(scenario=0)}
    for k, point in points.iterrows():
        run = runs[point.window]
        if point.variable == "share_65plus":
            series = (run.population_65plus / run.population_total).sel(region=point.region)
        elif point.region == "Tohoku":
            series = run[point.variable].sum("region")
        else:
            series = run[point.variable].sel(region=point.region)
        times = series.time.to_numpy().astype(float)

        def at(t):
            return np.interp(t, times, series.to_numpy())

        expected = {"change": at(point.time) / at(point.model_base) - 1.0,
                    "growth": at(point.time) / at(point.time - 1.0) - 1.0}.get(point.basis, at(point.time))
        assert hindcast[k] == pytest.approx(expected, rel=1e-9, abs=1e-12), point.id


# --- history matching on hand-made numbers ---------------------------------------------------------

def test_rank_statistic_is_the_kth_largest_implausibility():
    implausibility = np.array([[0.5, 4.0, 1.0, 3.5], [2.0, 0.1, 0.2, 0.3]])
    assert rank_statistic(implausibility, 1).tolist() == [4.0, 2.0]
    assert rank_statistic(implausibility, 2).tolist() == [3.5, 0.3]
    assert rank_statistic(implausibility[:, :1], 3).tolist() == [0.5, 2.0]  # fewer points than the rank


def test_standardised_distance_uses_logs_for_log_points_and_rules_out_non_finite_members():
    points = pd.DataFrame({"basis": ["level", "log"], "observed": [1.0, 100.0], "sd": [0.5, 0.1]})
    hindcast = np.array([[2.0, 100.0 * np.e ** 0.2], [np.nan, 100.0]])
    z = standardised(hindcast, points)
    np.testing.assert_allclose(z[0], [2.0, 2.0])
    assert z[1, 0] == np.inf and z[1, 1] == 0.0
    assert kept(hindcast, points, cutoff=3.0, rank=1).tolist() == [True, False]
    assert kept(hindcast, points, cutoff=3.0, rank=2).tolist() == [True, True]  # one outlying point allowed


def test_mixture_quantile_of_one_centre_is_the_normal_quantile_and_of_two_is_symmetric():
    assert mixture_quantile(np.array([3.0]), 2.0, 0.95) == pytest.approx(3.0 + 2.0 * stats.norm.ppf(0.95), abs=1e-9)
    low, high = (mixture_quantile(np.array([-1.0, 1.0]), 0.5, q) for q in (0.05, 0.95))
    assert low == pytest.approx(-high, abs=1e-9) and high > 1.0


# --- the method on synthetic truth and on held-out data -------------------------------------------

SMALL_PRIOR = """build: {draws: 3000, seed: 7, members: 3000, chunk_size: 1500}
parameters:
  out_migration_multiplier: {dist: uniform, low: 0.8, high: 1.2, source: test}
  market_additions: {dist: uniform, low: 0.7, high: 1.3, relative: true, source: test}
  tfr: {dist: uniform, low: 0.9, high: 1.1, relative: true, source: test}
  chi_dx_talent: {dist: uniform, low: 0.0, high: 0.5, source: test}
  wage_tightness_elasticity: {dist: uniform, low: 0.0, high: 0.5, source: test}
"""
TRUTH = {"out_migration_multiplier": 1.1, "market_additions": 0.85, "tfr": 1.05, "chi_dx_talent": 0.25,
         "wage_tightness_elasticity": 0.2}


@pytest.mark.slow
def test_history_matching_recovers_a_known_truth_and_narrows_only_what_the_constraints_inform(tmp_path, constraints):
    points, settings = constraints
    (tmp_path / "prior.yaml").write_text(SMALL_PRIOR)
    prior = read_prior(tmp_path / "prior.yaml")
    evaluator = HindcastEvaluator(prior.names, points, settings.windows, relative=prior.relative)
    draws = sample("monte_carlo", list(prior.parameters), 3000, 7)
    hindcasts = evaluator(draws)["hindcast"]
    truth = np.array([[TRUTH[name] for name in prior.names]])
    true_hindcast = evaluator(truth)["hindcast"][0]
    noise = np.random.default_rng(3).standard_normal(len(points)) * points.sd.to_numpy()
    synthetic = points.assign(observed=np.where(points.basis == "log", true_hindcast * np.exp(noise),
                                                true_hindcast + noise))
    posterior = draws[kept(hindcasts, synthetic, settings.cutoff, settings.rank)]
    assert 100 < len(posterior) < len(draws)
    width = {}
    for j, name in enumerate(prior.names):
        low, high = np.quantile(posterior[:, j], [0.05, 0.95])
        assert low <= TRUTH[name] <= high, name  # the 90 % interval covers the truth
        width[name] = (high - low) / np.subtract(*np.quantile(draws[:, j], [0.95, 0.05]))
    assert width["out_migration_multiplier"] < 0.85  # the census totals inform out-migration
    assert width["chi_dx_talent"] > 0.9  # no constraint touches a cross effect of levers (none before 2022)


@pytest.mark.slow
def test_left_out_series_fall_in_the_posterior_predictive_band(constraints):
    points, settings = constraints
    prior = read_prior()
    draws = sample("monte_carlo", list(prior.parameters), 1500, 11)
    hindcasts = HindcastEvaluator(prior.names, points, settings.windows, relative=prior.relative)(draws)["hindcast"]
    inside = total = 0
    for series, columns in points.groupby("series", sort=False).indices.items():
        others = np.setdiff1d(np.arange(len(points)), columns)
        members = kept(hindcasts[:, others], points.iloc[others], settings.cutoff, settings.rank)
        band = predictive_band(hindcasts[members][:, columns], points.iloc[columns])
        observed = points.iloc[columns].observed.to_numpy()
        inside += int(((band.low.to_numpy() <= observed) & (observed <= band.high.to_numpy())).sum())
        total += len(columns)
    assert inside / total >= 0.7


# --- builds: determinism, the file, the shipped posterior ----------------------------------------

@pytest.mark.slow
def test_the_same_seed_gives_the_same_ensemble_in_process_and_on_a_dask_local_cluster(tmp_path):
    posteriors = [build(draws=48, members=30, chunk_size=16, store=tmp_path / f"{backend}.zarr", backend=backend,
                        workers=2, progress=False)[0] for backend in ("in_process", "dask")]
    a, b = posteriors
    np.testing.assert_array_equal(a.values.to_numpy(), b.values.to_numpy())
    np.testing.assert_array_equal(a.prior_index, b.prior_index)
    assert a.version == b.version


def test_the_posterior_file_round_trips_every_digit_and_a_damaged_one_is_one_line(tmp_path):
    values = pd.DataFrame({"u_turn_rate": [0.1 + 0.2, 1 / 3], "tfr": [np.pi, np.e]})
    posterior = Posterior(values, np.array([3, 17]), np.array([1.5, 2.25]), {"version": "v1", "members": 2})
    path = write_posterior(posterior, tmp_path / "posterior.csv")
    again = read_posterior(path)
    np.testing.assert_array_equal(again.values.to_numpy(), values.to_numpy())
    assert again.prior_index.tolist() == [3, 17] and again.version == "v1"
    path.write_text(path.read_text()[:-30])  # truncated inside the last row
    with pytest.raises(ValueError, match=r"^ensemble posterior .*posterior.csv cannot be read .*allowed"):
        read_posterior(path)


@pytest.mark.slow
def test_the_shipped_posterior_is_a_reduced_rebuild_at_its_seed_bit_for_bit(tmp_path):
    shipped = read_posterior()
    draws = 600
    rebuilt, _ = build(draws=draws, seed=shipped.metadata["seed"], store=tmp_path / "prior.zarr", progress=False)
    prefix = shipped.prior_index < draws
    assert prefix.sum() > 100
    np.testing.assert_array_equal(rebuilt.prior_index, shipped.prior_index[prefix])
    np.testing.assert_array_equal(rebuilt.values.to_numpy(), shipped.values.to_numpy()[prefix])
    np.testing.assert_array_equal(rebuilt.implausibility, shipped.implausibility[prefix])
    assert shipped.metadata["draws"] >= 1_000_000 and len(shipped.values) == shipped.metadata["members"] == 1000


# --- using the posterior ---------------------------------------------------------------------------

def test_sim_run_with_the_ensemble_runs_each_member_as_a_single_run_would():
    posterior = read_posterior()
    members = sim.run(["baseline", "dx"], stop=2030, ensemble=3)
    assert dict(members.sizes) == {"member": 3, "scenario": 2, "region": 6, "time": 11}
    assert members.attrs["ensemble_version"] == posterior.version
    relative = set(posterior.metadata["relative"])
    baseline = baseline_parameters()
    member = posterior.values.iloc[2]
    overrides = {name: (np.asarray(baseline[name]) * value if name in relative else value)
                 for name, value in member.items()}
    single = sim.run("dx", stop=2030, **overrides)
    np.testing.assert_allclose(members.grp_real.sel(member=2, scenario="dx").to_numpy(),
                               single.grp_real.isel(scenario=0).transpose("region", "time").to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(members.population_total.sel(member=2, scenario="dx").to_numpy(),
                               single.population_total.isel(scenario=0).transpose("region", "time").to_numpy(),
                               rtol=1e-12)
    with pytest.raises(ValueError, match=r"ensemble=2000 members is not allowed; allowed: 1 to 1000"):
        sim.run("baseline", ensemble=2000)


def test_the_monte_carlo_sweep_runs_the_posterior_members():
    from sim.sweep import plan

    evaluator, values, parameters = plan(sim.compose(["sweep=monte_carlo", "sweep.n=5"]))
    posterior = read_posterior()
    np.testing.assert_array_equal(values, posterior.values.to_numpy()[:5])
    assert [p.name for p in parameters] == posterior.names and evaluator.relative == set(posterior.metadata["relative"])
    with pytest.raises(ValueError, match=r"sweep.n=5000 is not allowed with sweep.method=posterior; allowed: 1 to 1000"):
        plan(sim.compose(["sweep=monte_carlo", "sweep.n=5000"]))
    assert list(REGIONS) == list(evaluator.coords["region"])


@pytest.mark.slow
def test_docs_ensemble_md_is_the_diagnostics_output_for_the_shipped_posterior(tmp_path):
    from sim.ensemble.diagnostics import DEFAULT_OUTPUT, generate

    page = generate(tmp_path / "ENSEMBLE.md")
    assert page.read_text(encoding="utf-8") == DEFAULT_OUTPUT.read_text(encoding="utf-8"), \
        "docs/ENSEMBLE.md is stale: run python -m sim.ensemble.diagnostics"
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["ensemble_hindcasts.png",
                                                                        "ensemble_marginals.png", "ensemble_pairs.png"]


@pytest.mark.parametrize("arguments, message", [
    (["--draws", "0"], "error: ensemble draws=0 is not allowed; allowed: an integer >= 1"),
    (["--members", "-3"], "error: ensemble members=-3 is not allowed; allowed: an integer >= 1")])
def test_bad_rebuild_settings_are_one_line_and_exit_2(arguments, message, capsys, tmp_path):
    from sim.calibrate import main

    with pytest.raises(SystemExit) as stop:
        main(["ensemble", *arguments, "--store", str(tmp_path / "s.zarr"), "--output", str(tmp_path / "p.csv")])
    assert stop.value.code == 2
    assert capsys.readouterr().err.strip() == message and not list(tmp_path.iterdir())
