"""The benchmark's NumPy implementations agree with sim, and the chain model conserves material."""

import sys
from pathlib import Path

import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import numpy_models  # noqa: E402
from sim.examples import chain, tohoku_toy  # noqa: E402

TOLERANCE = 1e-9


def relative_error(a, b) -> float:
    """max |a - b| / max |b|, per variable."""
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def toy_params(n: int) -> dict:
    rng = np.random.default_rng(1)
    return {
        "birth_rate": rng.uniform(0.005, 0.009, n),
        "capital_elasticity": rng.uniform(0.25, 0.35, n),
        "construction_delay": rng.uniform(1.0, 3.0, n),
        "perception_time": rng.uniform(2.0, 4.0, n),
        "trend_average_time": rng.uniform(3.0, 7.0, n),
        "initial_trend": rng.uniform(-0.02, 0.03, n),
        "initial_population": rng.uniform(0.8, 2.5, (n, 6)),
    }


def chain_params(n: int) -> dict:
    rng = np.random.default_rng(2)
    return {
        "tau": rng.uniform(0.4, 0.8, n),
        "smooth_time": rng.uniform(1.0, 4.0, n),
        "base_inflow": rng.uniform(5.0, 15.0, n),
        "target": rng.uniform(400.0, 600.0, n),
        "reference_stock": rng.uniform(4.0, 6.0, n),
        "initial_stock": rng.uniform(1.0, 4.0, n),
    }


@pytest.mark.parametrize("n", [1, 4])
def test_numpy_toy_equals_sim_euler(n):
    params = toy_params(n) if n > 1 else {}
    expected = tohoku_toy.MODEL.run(start=0.0, stop=50.0, dt=0.25, params=params, n_scenarios=n, parallel=False)
    actual = numpy_models.run_toy(params, n)
    assert set(actual) <= set(tohoku_toy.MODEL.stock_layout.names + tohoku_toy.MODEL.aux_layout.names)
    for name, values in actual.items():
        assert values.shape == expected[name].shape, name
        assert relative_error(values, expected[name]) <= TOLERANCE, name


@pytest.mark.parametrize("n", [1, 4])
def test_numpy_chain_equals_sim_euler(n):
    params = chain_params(n) if n > 1 else {}
    expected = chain.MODEL.run(start=0.0, stop=40.0, dt=0.25, params=params, n_scenarios=n, parallel=False)
    actual = numpy_models.run_chain(params, n)
    assert set(actual) == set(chain.MODEL.stock_layout.names + chain.MODEL.aux_layout.names)
    for name, values in actual.items():
        assert values.shape == expected[name].shape, name
        assert relative_error(values, expected[name]) <= TOLERANCE, name


def test_numpy_saves_the_same_points_as_sim():
    params = chain_params(3)
    expected = chain.MODEL.run(start=0.0, stop=40.0, dt=0.25, saveper=40.0, params=params, parallel=False)
    actual = numpy_models.run_chain(params, 3, save_every=160)
    assert actual["material"].shape == expected["material"].shape == (3, 2, chain.N)
    assert relative_error(actual["material"], expected["material"]) <= TOLERANCE


def test_chain_euler_run_conserves_material():
    """total(T) - total(0) = dt * sum over steps of (inflow - outflow), the rates used for each step."""
    params = chain_params(5)
    result = chain.MODEL.run(start=0.0, stop=40.0, dt=0.25, params=params, parallel=False)
    total = result["material"].sum(axis=-1)
    np.testing.assert_allclose(total, result["total_material"], rtol=1e-12)
    net = result["inflow"][:, :-1] - result["outflow"][:, :-1]
    accumulated = total[:, :1] + 0.25 * np.cumsum(net, axis=1)
    np.testing.assert_allclose(total[:, 1:], accumulated, rtol=1e-10)
    assert np.all(result["inflow"] > 0) and np.all(result["outflow"] > 0)


def test_chain_derivatives_sum_to_inflow_minus_outflow():
    rng = np.random.default_rng(3)
    p = chain.MODEL.run(start=0.0, stop=0.25, dt=0.25, params=chain_params(1), parallel=False).params[0]
    for _ in range(5):
        y = rng.uniform(0.0, 12.0, 2 * chain.N)
        dydt = np.empty_like(y)
        aux = np.empty(chain.MODEL.aux_layout.size)
        chain.rhs(0.0, y, p, np.zeros(0), dydt, aux)
        material_rate = dydt[chain.X:chain.X + chain.N].sum()
        assert material_rate == pytest.approx(aux[chain.INFLOW] - aux[chain.OUTFLOW], rel=1e-12, abs=1e-12)
        # the solve_ivp right-hand side of the benchmark is the same function
        one = {name: float(values[0]) for name, values in chain_params(1).items()}
        np.testing.assert_allclose(numpy_models.chain_ivp_rhs(one)(0.0, y), dydt, rtol=1e-12, atol=1e-12)
