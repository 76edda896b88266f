"""The public API: input validation, statelessness, parallel = serial, disk cache, result indexing."""

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numba
import numpy as np
import pytest

import models
from sim.core import Aux, Model, Stock, kernel
from sim.examples import tohoku_toy
from sim.examples.tohoku_toy import MODEL as TOHOKU

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
GRID = {"start": 0.0, "stop": 50.0, "dt": 0.25}
N = tohoku_toy.N


def _raises(pieces, **kwargs):
    """Run TOHOKU with ``kwargs`` (over GRID) and check the ValueError's message has every piece (regexes)."""
    arguments = GRID | kwargs
    with pytest.raises(ValueError) as excinfo:
        TOHOKU.run(**arguments)
    for piece in pieces:
        excinfo.match(piece)
    return str(excinfo.value)


# --- input validation -------------------------------------------------------------------

E = re.escape


@pytest.mark.parametrize(
    "kwargs, pieces",
    [
        ({"dt": 0.0}, [E("dt=0.0"), "not allowed", E("dt must be > 0")]),
        ({"dt": -0.25}, [E("dt=-0.25"), "not allowed", E("dt must be > 0")]),
        ({"dt": float("nan")}, [E("dt=nan"), "not allowed", "finite number is required"]),
        ({"dt": 0.3}, [E("dt=0.3"), "not allowed", E("stop - start = 50.0 must be a whole number of steps dt")]),
        ({"stop": -1.0}, [E("stop=-1.0"), "not allowed", E("stop must be greater than start=0.0")]),
        ({"stop": 0.0}, [E("stop=0.0"), "not allowed", E("stop must be greater than start=0.0")]),
        ({"saveper": 0.3}, [E("saveper=0.3"), "not allowed", E("saveper must be a whole multiple of dt=0.25")]),
        ({"saveper": 0.75}, [E("saveper=0.75"), "not allowed", E("stop - start = 50.0 must be a whole number of sav")]),
        ({"saveper": 0.0}, [E("saveper=0.0"), "not allowed", E("saveper must be > 0")]),
        ({"method": "rk45"}, [E("method='rk45'"), "not allowed", E("allowed: ['euler', 'rk4']")]),
        ({"method": "RK4"}, [E("method='RK4'"), "not allowed", E("allowed: ['euler', 'rk4']")]),
    ],
)
def test_bad_grid_and_method(kwargs, pieces):
    _raises(pieces, **kwargs)


def test_nan_initial_stock():
    capital = [100.0, 120.0, np.nan, 90.0, 95.0, 180.0]
    _raises([E("initial['capital'] = nan"), E("(scenario 0, element 2)"), "not allowed", "allowed: finite values"],
            initial={"capital": capital})


def test_negative_initial_of_nonnegative_stock():
    population = np.ones((3, N))
    population[1, 4] = -0.5
    _raises([E("initial['population'] = -0.5"), E("(scenario 1, element 4)"), "not allowed",
             E("allowed: finite values >= 0 (declared non-negative)")], initial={"population": population})


def test_negative_initial_allowed_where_not_declared_nonnegative():
    """perceived_income is not declared non-negative: a negative start is accepted."""
    result = TOHOKU.run(start=0.0, stop=1.0, dt=0.25, initial={"perceived_income": -np.ones(N)})
    np.testing.assert_array_equal(result["perceived_income"][0, 0], -np.ones(N))


def test_missing_initial_without_init():
    with pytest.raises(ValueError) as excinfo:
        models.DECAY.run(start=0.0, stop=1.0, dt=0.25)
    excinfo.match(E("initial is missing ['S']"))
    excinfo.match("has no init function")


@pytest.mark.parametrize(
    "kwargs, pieces",
    [
        ({"params": {"initial_capital": [1.0, 2.0, 3.0]}},
         [E("params['initial_capital'] has shape (3,)"), E("allowed: (6,) (shared by all scenarios) or "),
          E("('n_scenarios', 6) (one per scenario)")]),
        ({"params": {"birth_rate": np.zeros((2, 2))}},
         [E("params['birth_rate'] has shape (2, 2)"), E("allowed: () (shared by all scenarios) or "),
          E("('n_scenarios',) (one per scenario)")]),
        ({"initial": {"capital": np.ones((2, 7))}},
         [E("initial['capital'] has shape (2, 7)"), E("allowed: (6,)"), E("('n_scenarios', 6)")]),
        ({"initial": {"investment_in_transit": np.ones(18)}},
         [E("initial['investment_in_transit'] has shape (18,)"), E("allowed: (6, 4)"),
          E("('n_scenarios', 6, 4)")]),
        ({"params": np.zeros((2, 3))}, [E("params has shape (2, 3)"), E("allowed: (n_scenarios, 35)")]),
        ({"params": np.zeros(35)}, [E("params has shape (35,)"), E("allowed: (n_scenarios, 35)")]),
        ({"params": {"birth_rate": "abc"}}, [E("params['birth_rate'] = 'abc' is not numeric"), "allowed: numbers"]),
    ],
)
def test_wrong_shapes(kwargs, pieces):
    _raises(pieces, **kwargs)


def test_unknown_names():
    _raises([E("params has unknown name(s) ['birth_rat']"), "allowed: ", E("'birth_rate'"), E("'savings_rate'")],
            params={"birth_rat": 0.01})
    _raises([E("initial has unknown name(s) ['capitol']"), "allowed: ", E("'capital'"), E("'population'")],
            initial={"capitol": np.ones(N)})


@pytest.mark.parametrize(
    "params, pieces",
    [
        ({"birth_rate": 1.5}, [E("params['birth_rate'] = 1.5"), E("(scenario 0, element 0)"), "not allowed",
                               E("allowed: finite values in [0, 1] 1/Year")]),
        ({"birth_rate": [0.01, 0.02, -0.1]}, [E("params['birth_rate'] = -0.1"), E("(scenario 2, element 0)"),
                                              E("allowed: finite values in [0, 1]")]),
        ({"capital_lifetime": 0.0}, [E("params['capital_lifetime'] = 0.0"),
                                     E("allowed: finite values in [1e-09, inf] Year")]),
        ({"initial_trend": np.inf}, [E("params['initial_trend'] = inf"), E("allowed: finite values in [-inf, inf]")]),
        ({"initial_capital": [1.0, 2.0, 3.0, np.nan, 5.0, 6.0]},
         [E("params['initial_capital'] = nan"), E("(scenario 0, element 3)"), "allowed: finite values"]),
    ],
)
def test_parameter_out_of_bounds(params, pieces):
    _raises(pieces, params=params)


def test_parameter_bounds_checked_for_matrix_params():
    matrix = np.tile(TOHOKU.run(start=0.0, stop=1.0, dt=0.25).params, (4, 1))
    column = TOHOKU.param_layout.offset("savings_rate")
    matrix[3, column] = 2.0
    _raises([E("params['savings_rate'] = 2.0"), E("(scenario 3, element 0)"), E("[0, 1]")], params=matrix)


@pytest.mark.parametrize(
    "kwargs, pieces",
    [
        ({"params": {"birth_rate": np.full(3, 0.01), "savings_rate": np.full(4, 0.2)}},
         [E("params['birth_rate'] has 3 scenarios"), E("allowed: 1 or 4")]),
        ({"params": {"birth_rate": np.full(3, 0.01)}, "initial": {"capital": np.ones((2, N))}},
         [E("initial['capital'] has 2 scenarios"), E("allowed: 1 or 3")]),
        ({"params": {"birth_rate": np.full(3, 0.01)}, "n_scenarios": 5},
         [E("params['birth_rate'] has 3 scenarios"), E("allowed: 1 or 5")]),
        ({"params": np.zeros((3, 35)), "n_scenarios": 5}, [E("n_scenarios=5 is not allowed"), E("params has 3 rows")]),
        ({"n_scenarios": 0}, [E("n_scenarios=0 is not allowed"), "allowed: a positive integer"]),
        ({"n_scenarios": 2.0}, [E("n_scenarios=2.0 is not allowed"), "allowed: a positive integer"]),
    ],
)
def test_inconsistent_scenario_counts(kwargs, pieces):
    _raises(pieces, **kwargs)


@pytest.mark.parametrize("threads", [0, -1, numba.config.NUMBA_NUM_THREADS + 1, 1.5, "2"])
def test_bad_threads(threads):
    allowed = f"allowed: an integer in [1, {numba.config.NUMBA_NUM_THREADS}]"
    _raises([E(f"threads={threads!r} is not allowed"), E(allowed)], threads=threads)


@pytest.mark.parametrize("argument", ["threads", "n_scenarios"])
def test_bool_is_not_a_count(argument):
    """threads=True / n_scenarios=True must not be taken for 1 (bool is a subclass of int)."""
    _raises([E(f"{argument}=True is not allowed")], **{argument: True})


@pytest.mark.parametrize("argument", ["threads", "n_scenarios"])
def test_numpy_integer_count_is_accepted(argument):
    """The messages promise 'an integer' / 'a positive integer'; a numpy integer (np.int64(1)) is one."""
    serial = TOHOKU.run(start=0.0, stop=5.0, dt=0.25, parallel=False)
    result = TOHOKU.run(start=0.0, stop=5.0, dt=0.25, **{argument: np.int64(1)})
    np.testing.assert_array_equal(result.stocks, serial.stocks)


def test_bad_data():
    _raises([E("data has shape (2, 2)"), "allowed: a 1-D array"], data=np.zeros((2, 2)))
    _raises(["data has non-finite values", "allowed: finite numbers"], data=np.array([1.0, np.nan]))


# --- statelessness --------------------------------------------------------------------


def test_runs_are_stateless():
    reference = dict(GRID, method="rk4", saveper=1.0)
    first = TOHOKU.run(**reference)
    others = [
        dict(reference, params={"birth_rate": 0.02, "initial_capital": np.full(N, 50.0)}),
        dict(reference, initial={"population": np.full((3, N), 2.0)}),
        dict(reference, stop=30.0),
        dict(reference, dt=0.125),
        dict(reference, dt=0.5),
        dict(reference, method="euler"),
        dict(reference, saveper=0.25),
        dict(reference, n_scenarios=7),
        dict(reference, parallel=False),
        dict(reference, threads=1),
        dict(reference, start=10.0, stop=40.0),
    ]
    for kwargs in others:
        TOHOKU.run(**kwargs)
    again = TOHOKU.run(**reference)
    assert np.array_equal(again.stocks, first.stocks)
    assert np.array_equal(again.aux, first.aux)
    assert np.array_equal(again.params, first.params)
    assert np.array_equal(again.times, first.times)


def test_event_runs_are_stateless():
    kwargs = {"start": 0.0, "stop": 5.0, "dt": 0.25, "initial": {"bank": 0.0, "cohorts": np.ones(4)}}
    first = models.EVENTS.run(**kwargs)
    models.EVENTS.run(**kwargs, event_times=[0.5, 0.75])
    models.EVENTS.run(**kwargs, event_times=[])
    models.EVENTS.run(**(kwargs | {"stop": 3.0}))
    again = models.EVENTS.run(**kwargs)
    assert np.array_equal(again.stocks, first.stocks)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(1)
    birth = rng.uniform(0.0, 0.02, 5)
    capital = rng.uniform(50.0, 300.0, (5, N))
    population = rng.uniform(0.5, 3.0, (5, N))
    data = np.arange(3.0)
    copies = [a.copy() for a in (birth, capital, population, data)]
    TOHOKU.run(**GRID, method="rk4", params={"birth_rate": birth, "initial_capital": capital},
               initial={"population": population}, data=data)
    for original, copy in zip((birth, capital, population, data), copies):
        np.testing.assert_array_equal(original, copy)

    matrix = np.tile(TOHOKU.run(start=0.0, stop=1.0, dt=0.25).params, (5, 1))
    matrix[:, TOHOKU.param_layout.offset("birth_rate")] = birth
    matrix_copy = matrix.copy()
    TOHOKU.run(**GRID, params=matrix)
    np.testing.assert_array_equal(matrix, matrix_copy)


def test_result_does_not_alias_input_params():
    """A result must keep the parameters it used even if the caller reuses its array for the next run."""
    matrix = np.tile(TOHOKU.run(start=0.0, stop=1.0, dt=0.25).params, (2, 1))
    column = TOHOKU.param_layout.offset("birth_rate")
    matrix[:, column] = 0.01
    result = TOHOKU.run(**GRID, params=matrix)
    matrix[:, column] = 0.02  # the caller prepares its next batch
    np.testing.assert_array_equal(result.params[:, column], 0.01)


# --- parallel = serial; batch = single ----------------------------------------------------


def _random_scenarios(n, seed):
    rng = np.random.default_rng(seed)
    return {
        "params": {
            "birth_rate": rng.uniform(0.0, 0.03, n),
            "savings_rate": rng.uniform(0.05, 0.4, n),
            "initial_population": rng.uniform(0.5, 3.0, (n, N)),
        },
    }


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_parallel_equals_serial_bit_for_bit(method):
    scenarios = _random_scenarios(1000, seed=20110311)
    parallel = TOHOKU.run(**GRID, method=method, **scenarios)
    serial = TOHOKU.run(**GRID, method=method, parallel=False, **scenarios)
    one_thread = TOHOKU.run(**GRID, method=method, threads=1, **scenarios)
    assert parallel.stocks.shape == (1000, 201, TOHOKU.stock_layout.size)
    assert np.array_equal(parallel.stocks, serial.stocks)
    assert np.array_equal(parallel.aux, serial.aux)
    assert np.array_equal(one_thread.stocks, serial.stocks)
    assert np.array_equal(one_thread.aux, serial.aux)
    # The scenarios really differ (the comparison is not between 1000 copies of one run).
    final_population = parallel["population"][:, -1].sum(axis=1)
    assert np.unique(final_population).size == 1000
    assert np.all(np.isfinite(parallel.stocks))

    # Scenario i of the batch equals a run of scenario i alone.
    p = scenarios["params"]
    for i in (0, 1, 457, 999):
        alone = TOHOKU.run(**GRID, method=method, params={
            "birth_rate": p["birth_rate"][i],
            "savings_rate": p["savings_rate"][i],
            "initial_population": p["initial_population"][i],
        })
        assert alone.n_scenarios == 1
        assert np.array_equal(alone.stocks[0], parallel.stocks[i])
        assert np.array_equal(alone.aux[0], parallel.aux[i])
        assert np.array_equal(alone.params[0], parallel.params[i])


def test_shared_inputs_broadcast_to_n_scenarios():
    result = TOHOKU.run(**GRID, n_scenarios=4)
    assert result.n_scenarios == 4
    for s in range(1, 4):
        assert np.array_equal(result.stocks[s], result.stocks[0])


# --- disk cache ---------------------------------------------------------------------------

CACHE_SCRIPT = textwrap.dedent("""
    import json
    import models
    # Two scenarios so the parallel driver runs (a single scenario takes the serial one).
    result = models.DECAY.run(start=0.0, stop=4.0, dt=0.25, params={"tau": 2.0}, initial={"S": 3.0}, n_scenarios=2)
    drivers = models.DECAY.drivers
    stats = drivers.integrate_parallel.stats
    print(json.dumps({
        "cached": drivers.cached,
        "hits": sum(stats.cache_hits.values()),
        "misses": sum(stats.cache_misses.values()),
        "final": float(result["S"][0, -1]),
    }))
""")

MAIN_SCRIPT = textwrap.dedent("""
    import json
    from sim.core import Model, Stock, kernel

    @kernel
    def rhs(t, y, p, data, dydt, aux):
        dydt[0] = -0.5 * y[0]

    MODEL = Model("main_model", stocks=[Stock("S")], rhs=rhs)
    result = MODEL.run(start=0.0, stop=2.0, dt=0.5, initial={"S": 1.0})
    print(json.dumps({"cached": MODEL.drivers.cached, "S": result["S"][0].tolist()}))
""")


def _run_python(arguments, kernel_dir):
    env = {key: value for key, value in os.environ.items() if not key.startswith("NUMBA_CACHE_DIR")}
    env["SIM_KERNEL_DIR"] = str(kernel_dir)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), str(REPO_ROOT)] + (
        [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))
    completed = subprocess.run([sys.executable, *arguments], cwd=REPO_ROOT, env=env, capture_output=True,
                               text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_drivers_load_from_disk_cache_in_a_new_process(tmp_path):
    kernel_dir = tmp_path / "kernels"
    first = _run_python(["-c", CACHE_SCRIPT], kernel_dir)
    generated = sorted(kernel_dir.glob("sim_driver_test_decay_*.py"))
    assert len(generated) == 1
    mtime = generated[0].stat().st_mtime_ns
    second = _run_python(["-c", CACHE_SCRIPT], kernel_dir)

    assert first["cached"] and second["cached"]
    assert first["misses"] >= 1 and first["hits"] == 0
    assert second["hits"] >= 1 and second["misses"] == 0
    assert generated[0].stat().st_mtime_ns == mtime  # not rewritten (a new mtime would void numba's cache)
    expected = 3.0 * (1.0 - 0.25 / 2.0) ** 16  # Euler on dS/dt = -S/2
    assert first["final"] == pytest.approx(expected, rel=1e-14)
    assert second["final"] == first["final"]


@pytest.mark.slow
def test_model_defined_in_main_runs_uncached(tmp_path):
    script = tmp_path / "main_model.py"
    script.write_text(MAIN_SCRIPT)
    out = _run_python([str(script)], tmp_path / "kernels")
    assert out["cached"] is False
    np.testing.assert_allclose(out["S"], [0.75**k for k in range(5)], rtol=1e-15)
    assert not list((tmp_path / "kernels").glob("*.py"))


def test_model_defined_in_a_closure_runs_uncached():
    rate = 0.3

    @kernel
    def rhs(t, y, p, data, dydt, aux):
        dydt[0] = -rate * y[0]
        aux[0] = rate * y[0]

    model = Model("closure_model", stocks=[Stock("S")], aux=[Aux("outflow")], rhs=rhs)
    result = model.run(start=0.0, stop=2.0, dt=0.25, initial={"S": 2.0})
    assert model.drivers.cached is False
    np.testing.assert_allclose(result["S"][0], 2.0 * (1.0 - 0.3 * 0.25) ** np.arange(9), rtol=1e-14)
    serial = model.run(start=0.0, stop=2.0, dt=0.25, initial={"S": 2.0}, parallel=False)
    assert np.array_equal(serial.stocks, result.stocks)


def test_importable_model_is_disk_cached():
    assert models.DECAY.drivers.cached is True
    assert TOHOKU.drivers.cached is True


# --- RunResult indexing -------------------------------------------------------------------


def test_result_indexing_shapes_and_values():
    initial_population = np.arange(1.0, 1.0 + 3 * N).reshape(3, N)
    result = TOHOKU.run(**GRID, saveper=2.0, params={"initial_population": initial_population})
    n_times = 26
    assert result.times.shape == (n_times,)
    np.testing.assert_array_equal(result.times, 2.0 * np.arange(n_times))
    assert result["capital"].shape == (3, n_times, N)
    assert result["population"].shape == (3, n_times, N)
    assert result["investment_in_transit"].shape == (3, n_times, N, 4)
    assert result["output"].shape == (3, n_times, N)
    assert result["average_perceived_income"].shape == (3, n_times)
    # Values land in the right slots: the initial population is the parameter given per scenario.
    np.testing.assert_array_equal(result["population"][:, 0], initial_population)
    np.testing.assert_array_equal(result["capital"][:, 0], np.tile(TOHOKU.param_layout["initial_capital"].default,
                                                                   (3, 1)))
    # DELAY3 block of region r: slot (r, 0) the initial delay time, (r, 1..3) the levels (3 x each
    # stage's content), in equilibrium each savings * output * delay.
    output0 = result["output"][:, 0]
    np.testing.assert_array_equal(result["investment_in_transit"][:, :, :, 0], 2.0)
    np.testing.assert_allclose(result["investment_in_transit"][:, 0, :, 1:], (0.2 * output0 * 2.0)[..., None]
                               * np.ones(3), rtol=1e-14)
    # Average perceived income is the mean over regions of the perceived income.
    np.testing.assert_allclose(result["average_perceived_income"], result["perceived_income"].mean(axis=2),
                               rtol=1e-13)


def test_result_unknown_name_raises_key_error_listing_names():
    result = TOHOKU.run(start=0.0, stop=1.0, dt=0.25)
    with pytest.raises(KeyError) as excinfo:
        result["GDP"]
    message = excinfo.value.args[0]
    assert "'GDP'" in message
    assert "tohoku_toy" in message
    for name in TOHOKU.stock_layout.names + TOHOKU.aux_layout.names:
        assert repr(name) in message


def test_save_keeps_only_the_chosen_variables_with_the_same_values():
    full = TOHOKU.run(**GRID, n_scenarios=3, params={"birth_rate": [0.005, 0.007, 0.01]})
    part = TOHOKU.run(**GRID, n_scenarios=3, params={"birth_rate": [0.005, 0.007, 0.01]},
                      save=["population", "output"])
    assert part.stock_layout.names == ("population",) and part.aux_layout.names == ("output",)
    assert part.stocks.shape[-1] == part.aux.shape[-1] == N
    assert np.array_equal(part["population"], full["population"])
    assert np.array_equal(part["output"], full["output"])
    with pytest.raises(KeyError, match="'capital' is not a saved stock or auxiliary"):
        part["capital"]


def test_save_rejects_unknown_names_and_a_bare_string():
    with pytest.raises(ValueError, match=r"save has unknown name\(s\) \['gdp'\]; allowed: \["):
        TOHOKU.run(**GRID, save=["population", "gdp"])
    with pytest.raises(ValueError, match=r"save='population' is not allowed; allowed: a sequence of names"):
        TOHOKU.run(**GRID, save="population")


@pytest.mark.parametrize("parallel", [True, False])
def test_shared_start_row_serves_every_scenario(parallel):
    # One initial state for all (a single start row inside the run), parameters per scenario:
    # every scenario is integrated, and equals its run alone and the analytic Euler solution.
    taus = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    batch = models.DECAY.run(start=0.0, stop=2.0, dt=0.25, params={"tau": taus}, initial={"S": 3.0},
                             parallel=parallel)
    for i, tau in enumerate(taus):
        alone = models.DECAY.run(start=0.0, stop=2.0, dt=0.25, params={"tau": tau}, initial={"S": 3.0})
        assert np.array_equal(batch["S"][i], alone["S"][0])
        assert batch["S"][i, -1] == pytest.approx(3.0 * (1.0 - 0.25 / tau) ** 8, rel=1e-14)


@pytest.mark.parametrize("parallel", [False, True])
def test_init_reads_given_stocks_and_given_stocks_win(parallel):
    """Each scenario's start is computed from the given stocks (S0 = scale * G) in the drivers; G
    keeps its given value although init writes 999; S then decays as exp(-t)."""
    result = models.SCALED_START.run(start=0.0, stop=1.0, dt=0.001, method="rk4", params={"scale": [1.0, 3.0, 0.5]},
                              initial={"G": 2.0}, parallel=parallel)
    np.testing.assert_array_equal(result["S"][:, 0], [2.0, 6.0, 1.0])
    np.testing.assert_array_equal(result["G"], 2.0)
    np.testing.assert_allclose(result["S"][:, -1], np.array([2.0, 6.0, 1.0]) * np.exp(-1.0), rtol=1e-12)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_start_that_init_makes_negative_or_leaves_unset_is_refused(parallel):
    with pytest.raises(ValueError) as excinfo:
        models.SCALED_START.run(start=0.0, stop=1.0, dt=0.5, params={"scale": [1.0, -1.0, 2.0]}, initial={"G": 2.0},
                         parallel=parallel)
    excinfo.match(E("initial['S'] = -2.0 (scenario 1, element 0) is not allowed; "
                    "allowed: finite values >= 0 (declared non-negative)"))
    with pytest.raises(ValueError) as excinfo:
        models.SCALED_START.run(start=0.0, stop=1.0, dt=0.5, params={"scale": [1.0, 2.0, 0.0]}, initial={"G": 2.0},
                         parallel=parallel)
    excinfo.match(E("initial['S'] = nan (scenario 2, element 0) is not allowed"))
