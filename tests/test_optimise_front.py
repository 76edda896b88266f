"""CMA-ES (sim.optimise.search, method="cmaes") and Pareto fronts (sim.optimise.front) against
analytic optima of the plain-Python problems of tests/test_optimise.py; determinism; the front's
CSV and figure."""

import io

import numpy as np
import pandas as pd
import pytest
from test_optimise import A, B, S, TOL, _tail_case, _utility, _water_filling

from sim.model.levers import LEVERS
from sim.optimise import Allocation, search
from sim.optimise.front import front, front_csv, front_figure
from sim.optimise.objectives import cvar, expected

# --- CMA-ES ---------------------------------------------------------------------------------------


def test_cmaes_finds_the_water_filling_optimum():
    optimum = _water_filling()
    result = search(lambda budgets, _: -_utility(budgets), Allocation(B), method="cmaes", seed=3, popsize=10,
                    generations=300)
    assert abs(result.budgets.sum() - B) <= 1e-9 * B
    assert -result.objective >= _utility(optimum) * (1 - TOL)
    assert -result.objective <= _utility(optimum) + 1e-12  # never better than the optimum
    assert result.evaluations == 10 * result.generations == 10 * len(result.history)  # one call a generation
    assert all(a >= b for a, b in zip(result.history, result.history[1:]))
    assert result.history[-1] == result.objective


def test_cmaes_holds_floors_and_caps():
    floors, caps = {"reconstruction": 4.0, "dx": 6.0}, {"innovation": 12.0}
    allocation = Allocation(B, floors=floors, caps=caps)
    result = search(lambda budgets, _: -_utility(budgets), allocation, method="cmaes", seed=0, generations=60)
    budgets = dict(zip(LEVERS, result.budgets))
    assert abs(result.budgets.sum() - B) <= 1e-9 * B and result.budgets.min() >= 0.0
    assert budgets["reconstruction"] >= 4.0 and budgets["dx"] >= 6.0 and budgets["innovation"] <= 12.0
    assert budgets["innovation"] == pytest.approx(12.0, abs=0.05)  # the best lever is held at its cap


def test_cmaes_same_seed_bit_for_bit_and_numpy_state_untouched():
    distances, allocation = _tail_case()
    np.random.seed(123)
    state = np.random.get_state()[1].copy()
    runs = [search(lambda b, _: cvar(distances(b), 0.9), allocation, method="cmaes", seed=7, generations=15)
            for _ in range(2)]
    assert np.array_equal(np.random.get_state()[1], state)  # cma drew from its own generator
    assert runs[0].x.tobytes() == runs[1].x.tobytes() and runs[0].history == runs[1].history
    noisy = search(lambda b, _: cvar(distances(b), 0.9) + 0 * np.random.rand(), allocation, method="cmaes", seed=7,
                   generations=15)  # an objective drawing from numpy's global state changes nothing
    assert noisy.x.tobytes() == runs[0].x.tobytes()
    other = search(lambda b, _: cvar(distances(b), 0.9), allocation, method="cmaes", seed=8, generations=15)
    assert other.x.tobytes() != runs[0].x.tobytes()


def test_cmaes_searches_prefectural_splits():
    # as test_prefectural_splits_are_searched: the best split puts all of dx on the prefecture worth 5
    w = np.array([1.0, 2.0, 5.0, 1.5, 0.5, 3.0])
    dx = LEVERS.index("dx")
    result = search(lambda b, shares: -(b[:, dx, None] * shares[:, dx] * w).sum(1),
                    Allocation(10.0, levers=("dx",), by_prefecture=True), method="cmaes", seed=0, generations=100)
    assert -result.objective >= 50.0 * (1 - TOL)
    assert result.allocation.sum(axis=1) == pytest.approx(np.ones(len(LEVERS))) and result.allocation.min() >= 0.0


def test_a_bad_method_is_refused_in_one_line():
    with pytest.raises(ValueError) as error:
        search(lambda b, _: b.sum(axis=1), Allocation(B), method="nelder-mead")
    text = str(error.value)
    assert "optimise.method='nelder-mead'" in text and "allowed:" in text and "cmaes" in text and "\n" not in text


# --- fronts ---------------------------------------------------------------------------------------

def _water_filling_at(total):
    """The maximum of sum a_i log(1 + x_i/s_i) with sum x = total, x >= 0 (as ``_water_filling``)."""
    order = np.argsort(-A / S)
    for m in range(len(A), 0, -1):
        active = order[:m]
        nu = A[active].sum() / (total + S[active].sum())
        if np.all(A[active] / S[active] > nu):
            return np.maximum(A / nu - S, 0.0)
    raise AssertionError("no active set")


def _toy_distance(budgets, _shares):
    """One member whose distance to the vision is 1 - U/U*: 1 with no budget, 0 at the optimum of B."""
    return (1.0 - _utility(budgets) / _utility(_water_filling()))[None]


def _mutually_non_dominated(values):
    better_or_equal = (values[:, None, :] <= values[None, :, :]).all(axis=2)
    better = (values[:, None, :] < values[None, :, :]).any(axis=2)
    return not (better_or_equal & better).any()


def test_cost_front_is_the_analytic_cost_value_curve():
    assert np.allclose(_water_filling_at(B), _water_filling())
    result = front(_toy_distance, Allocation(B), kind="cost", population=60, generations=150, seed=0)
    table = result.table
    assert list(table.columns) == ["total", *LEVERS, "expected"]
    assert np.allclose(table[list(LEVERS)].sum(axis=1), table.total, rtol=1e-12, atol=1e-9)
    best = np.array([1.0 - _utility(_water_filling_at(total)) / _utility(_water_filling()) if total > 0 else 1.0
                     for total in table.total])
    gap = table.expected.to_numpy() - best
    assert gap.min() >= -1e-12 and gap.max() <= TOL  # within 1 % (of the distance's range [0, 1]) of the optimum
    assert table.total.min() <= 0.05 * B and table.total.max() >= 0.95 * B
    assert table.total.is_monotonic_increasing and table.expected.is_monotonic_decreasing
    assert _mutually_non_dominated(table[["total", "expected"]].to_numpy())
    assert result.evaluations == 60 * 150 and result.runs == result.evaluations  # one member


def test_cost_front_holds_floors_and_refuses_a_total_below_them():
    allocation = Allocation(B, floors={"talent": 5.0}, caps={"innovation": 20.0})
    table = front(_toy_distance, allocation, kind="cost", budget_min=5.0, population=20, generations=10).table
    assert table.talent.min() >= 5.0 and table.innovation.max() <= 20.0 and table.total.min() >= 5.0
    with pytest.raises(ValueError) as error:
        front(_toy_distance, allocation, kind="cost", budget_min=2.0)
    assert "optimise.budget_min=2.0" in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(ValueError, match="optimise.front='price'"):
        front(_toy_distance, allocation, kind="price")


def test_robust_front_runs_from_the_mean_optimum_to_the_cvar_optimum():
    distances, allocation = _tail_case()
    result = front(lambda b, _: distances(b), allocation, kind="robust", population=30, generations=40, seed=0)
    table, a = result.table, "innovation"
    assert list(table.columns) == ["total", *LEVERS, "expected", "cvar"] and np.allclose(table.total, 10.0)
    # the ends are the two single-objective optima of test_robust_optimum_differs_from_the_mean_optimum:
    # 6.65/1.15 = 5.78 on lever A for the mean, nothing on it for CVaR-90
    assert table[a].iloc[0] == pytest.approx(6.65 / 1.15, abs=0.1) and table[a].iloc[-1] <= 0.01
    ends = table[list(LEVERS)].to_numpy()[[0, -1]]
    np.testing.assert_allclose(table.expected.iloc[[0, -1]], expected(distances(ends)), rtol=1e-12)
    np.testing.assert_allclose(table.cvar.iloc[[0, -1]], cvar(distances(ends), 0.9), rtol=1e-12)
    assert table.expected.iloc[0] < table.expected.iloc[-1] and table.cvar.iloc[0] > table.cvar.iloc[-1]
    assert table[a].is_monotonic_decreasing  # along the front, money moves off the fat-tailed lever
    assert _mutually_non_dominated(table[["expected", "cvar"]].to_numpy())
    assert result.runs == 100 * result.evaluations  # 100 members


def test_the_same_seed_gives_the_same_front_bit_for_bit():
    runs = [front(_toy_distance, Allocation(B), population=20, generations=15, seed=4).table for _ in range(2)]
    assert runs[0].equals(runs[1]) and runs[0].to_numpy().tobytes() == runs[1].to_numpy().tobytes()
    other = front(_toy_distance, Allocation(B), population=20, generations=15, seed=5).table
    assert not other.equals(runs[0])


def test_front_csv_reads_back_to_the_same_numbers():
    distances, allocation = _tail_case()
    result = front(lambda b, _: distances(b), allocation, kind="robust", population=20, generations=10)
    text = front_csv(result)
    assert text.startswith("# Pareto front (robust)") and "expected [0-1]" in text and "dx [¥bn/year]" in text
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert list(back.columns) == list(result.table.columns)
    assert np.array_equal(back.to_numpy(), result.table.to_numpy())


@pytest.mark.parametrize("lang, budget_factor, budget_unit", [("en", 1.0, "¥bn/year"), ("ja", 10.0, "億円/年")])
def test_front_figure_draws_the_points(lang, budget_factor, budget_unit):
    cost = front(_toy_distance, Allocation(B), population=20, generations=10)
    axes = front_figure(cost, lang=lang).axes[0]
    np.testing.assert_allclose(axes.lines[0].get_xydata(),
                               np.column_stack([budget_factor * cost.table.total, 100 * cost.table.expected]))
    assert budget_unit in axes.get_xlabel() and "%" in axes.get_ylabel()
    distances, allocation = _tail_case()
    robust = front(lambda b, _: distances(b), allocation, kind="robust", population=20, generations=10)
    axes = front_figure(robust, lang=lang).axes[0]
    np.testing.assert_allclose(axes.lines[0].get_xydata(), 100 * robust.table[["expected", "cvar"]].to_numpy())
    assert "CVaR-0.9" in axes.get_ylabel() and "10" in axes.get_ylabel()
    with pytest.raises(ValueError, match="lang='fr'"):
        front_figure(robust, lang="fr")


# --- the model ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_small_cost_front_on_the_model():
    """dx and talent up to ¥50bn/yr, 4 posterior members to 2032, a few candidates: every point
    meets its total, the runs are members × candidates, and the dearer end is closer to the vision."""
    from sim import compose
    from sim.optimise import ModelEvaluator

    evaluator = ModelEvaluator(compose([]).vision, n=4, stop=2032)
    result = front(lambda b, a: evaluator(b, a).distance, Allocation(50.0, levers=("dx", "talent")),
                   population=6, generations=2)
    table = result.table
    assert evaluator.runs == result.runs == 4 * result.evaluations == 4 * 12
    assert np.allclose(table[["dx", "talent"]].sum(axis=1), table.total, rtol=1e-12)
    assert (table.drop(columns=["dx", "talent", "total", "expected"]) == 0).all().all()
    assert table.expected.iloc[-1] < table.expected.iloc[0]
