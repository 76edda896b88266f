"""Our ports agree with PySD on the same Vensim models.

For each model in ``sim/examples/vensim/`` PySD translates and runs the .mdl file
and we run the port in ``sim/examples`` with Euler on the same time grid (every
step saved). Every stock and auxiliary of ours that PySD also reports must agree
at every saved time. The reference is always PySD's output of that run, never
numbers of ours.

The cases are one table (as PySD's own test-models suite), each with its
tolerance and an explicit map from our snake_case names to the Vensim names.
"""

from __future__ import annotations

import re
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import sim.examples
from sim.examples import builtins_showcase, teacup, tohoku_toy

VENSIM_DIR = Path(sim.examples.__file__).parent / "vensim"

#: Largest allowed relative difference from PySD, |ours - pysd| / max(|pysd|, floor).
RTOL = 1e-6
#: Absolute floor of that denominator [the variable's units], for values at or near 0.
ABS_FLOOR = 1e-9


@dataclass(frozen=True)
class Case:
    """One model run by both engines.

    names : our stock/aux name -> Vensim name (PySD's column, without subscripts).
    internal : our stocks that PySD does not report (stages of smooths and delays,
        TREND states), so that every name of ours is accounted for.
    subscripts : element names of arrayed variables (PySD columns ``Name[element]``).
    """

    id: str
    module: ModuleType
    mdl: str
    names: dict[str, str]
    internal: frozenset[str] = frozenset()
    subscripts: tuple[str, ...] = ()
    rtol: float = RTOL
    abs_floor: float = ABS_FLOOR
    builtins: dict[str, str] = field(default_factory=dict)  # Vensim function -> Vensim name of its output


TEACUP = Case(
    id="teacup",
    module=teacup,
    mdl="teacup.mdl",
    names={
        "teacup_temperature": "Teacup Temperature",
        "heat_loss_to_room": "Heat Loss to Room",
    },
)

BUILTINS_SHOWCASE = Case(
    id="builtins_showcase",
    module=builtins_showcase,
    mdl="builtins_showcase.mdl",
    names={
        "inventory": "Inventory",
        "expected_demand": "Expected Demand",
        "customer_demand": "Customer Demand",
        "inventory_ratio": "Inventory Ratio",
        "fulfillment_ratio": "Fulfillment Ratio",
        "shipments": "Shipments",
        "demand_trend": "Demand Trend",
        "demand_forecast": "Demand Forecast",
        "desired_inventory": "Desired Inventory",
        "perceived_inventory": "Perceived Inventory",
        "production_orders": "Production Orders",
        "production_starts": "Production Starts",
        "production": "Production",
    },
    internal=frozenset({"perceived_inventory_stages", "demand_trend_state", "orders_in_processing",
                        "work_in_process"}),
    builtins={
        "SMOOTH": "Expected Demand",
        "SMOOTH3": "Perceived Inventory",
        "DELAY1": "Production Starts",
        "DELAY3": "Production",
        "TREND": "Demand Trend",
        "Fulfillment Lookup": "Fulfillment Ratio",
        "STEP": "Customer Demand",
        "RAMP": "Customer Demand",
        "PULSE": "Customer Demand",
        "MIN": "Shipments",
        "MAX": "Production Orders",
    },
)

TOHOKU_TOY = Case(
    id="tohoku_toy",
    module=tohoku_toy,
    mdl="tohoku_toy.mdl",
    names={
        "capital": "Capital",
        "population": "Population",
        "perceived_income": "Perceived Income",
        "output": "Output",
        "income_per_capita": "Income per Capita",
        "net_migration": "Net Migration",
        "investment": "Investment",
        "depreciation": "Depreciation",
        "births": "Births",
        "deaths": "Deaths",
        "migration_attractiveness": "Migration Attractiveness",
        "output_trend": "Output Trend",
        "average_perceived_income": "Average Perceived Income",
    },
    internal=frozenset({"investment_in_transit", "output_trend_state"}),
    subscripts=tohoku_toy.REGIONS,
    builtins={
        "SMOOTH": "Perceived Income",
        "DELAY3": "Investment",
        "TREND": "Output Trend",
        "Attractiveness Lookup": "Migration Attractiveness",
    },
)

CASES = [
    pytest.param(TEACUP, id=TEACUP.id),
    pytest.param(BUILTINS_SHOWCASE, id=BUILTINS_SHOWCASE.id),
    pytest.param(TOHOKU_TOY, id=TOHOKU_TOY.id, marks=pytest.mark.slow),  # PySD takes ~6 s
]


# --- PySD, its warnings silenced (pytest turns warnings into errors) -----------------------


def _pysd():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pysd
    return pysd


def _read_vensim(case: Case, directory: Path):
    """Translate a copy of the case's .mdl (PySD writes its .py next to the .mdl)."""
    mdl = directory / case.mdl
    shutil.copy(VENSIM_DIR / case.mdl, mdl)
    pysd = _pysd()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.read_vensim(str(mdl))


def _run_pysd(model, params=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. lookups clamped outside their x range
        return model.run(params=params or {})


@pytest.fixture(scope="module")
def pysd_results(tmp_path_factory):
    """PySD's default run of each case, computed once per module: case id -> DataFrame."""
    cache = {}

    def get(case: Case):
        if case.id not in cache:
            model = _read_vensim(case, tmp_path_factory.mktemp(case.id))
            cache[case.id] = _run_pysd(model)
        return cache[case.id]

    return get


# --- comparison ----------------------------------------------------------------------------


def _columns(case: Case, vensim_name: str, shape: tuple[int, ...]) -> list[str]:
    if shape == ():
        return [vensim_name]
    assert shape == (len(case.subscripts),), f"{vensim_name}: shape {shape} has no subscript table"
    return [f"{vensim_name}[{element}]" for element in case.subscripts]


def _relative_errors(case: Case, ours, reference) -> dict[str, float]:
    """Largest relative error of each mapped variable: ours vs PySD's DataFrame."""
    errors = {}
    for name, vensim_name in case.names.items():
        values = ours[name][0]  # (time, *shape)
        columns = _columns(case, vensim_name, values.shape[1:])
        expected = reference[columns].to_numpy(dtype=np.float64)
        actual = values.reshape(values.shape[0], -1)
        assert actual.shape == expected.shape, f"{name}: shape {actual.shape} vs PySD {expected.shape}"
        error = np.abs(actual - expected) / np.maximum(np.abs(expected), case.abs_floor)
        errors[name] = float(np.max(error))
    return errors


def _run_ours(case: Case, **kwargs):
    module = case.module
    return module.MODEL.run(start=module.START, stop=module.STOP, dt=module.DT, saveper=module.DT,
                            method="euler", **kwargs)


@pytest.mark.parametrize("case", CASES)
def test_every_variable_of_ours_is_accounted_for(case):
    model = case.module.MODEL
    ours = set(model.stock_layout.names) | set(model.aux_layout.names)
    assert set(case.names) | case.internal == ours
    assert not set(case.names) & case.internal


@pytest.mark.parametrize("case", CASES)
def test_time_grid_matches_mdl_control(case, pysd_results):
    reference = pysd_results(case)
    module = case.module
    assert reference["INITIAL TIME"].iloc[0] == module.START
    assert reference["FINAL TIME"].iloc[0] == module.STOP
    assert reference["TIME STEP"].iloc[0] == module.DT
    ours = _run_ours(case)
    np.testing.assert_allclose(ours.times, reference.index.to_numpy(dtype=np.float64), rtol=0, atol=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_agrees_with_pysd(case, pysd_results):
    reference = pysd_results(case)
    errors = _relative_errors(case, _run_ours(case), reference)
    worst = max(errors, key=errors.get)
    print(f"{case.id}: largest relative error {errors[worst]:.3e} ({worst})")
    failing = {name: error for name, error in errors.items() if not error <= case.rtol}
    assert not failing, f"{case.id}: relative error above {case.rtol} for {failing}"


@pytest.mark.parametrize("case", CASES)
def test_compared_variables_include_the_builtins(case):
    """Each builtin's output is compared, and the .mdl really defines it with that builtin."""
    text = (VENSIM_DIR / case.mdl).read_text()
    compared = set(case.names.values())
    for function, output in case.builtins.items():
        assert output in compared, f"{function} output {output!r} is not compared"
        definition = re.search(rf"^{re.escape(output)}(\[[^\]]*\])?\s*=(.*?)~", text, re.M | re.S)
        assert definition, f"{output!r} is not defined in {case.mdl}"
        assert re.search(rf"\b{re.escape(function)}\s*\(", definition.group(2)), (
            f"{output!r} is not defined with {function} in {case.mdl}"
        )


def test_showcase_exercises_clamping_and_min_max(pysd_results):
    """In PySD's run the lookup input leaves the table's x range, and MIN and MAX both bind."""
    reference = pysd_results(BUILTINS_SHOWCASE)
    xs = builtins_showcase.FULFILLMENT_X
    ratio = reference["Inventory Ratio"].to_numpy()
    assert ratio.max() > xs[-1] or ratio.min() < xs[0]
    unconstrained = reference["Customer Demand"] * reference["Fulfillment Ratio"]
    assert (reference["Shipments"] < unconstrained).any()  # MIN took the inventory limit
    assert (reference["Production Orders"] == 0).any()  # MAX took the floor 0


def test_changed_parameters_agree_and_only_pysd_keeps_them(tmp_path):
    """A run with other parameters agrees with PySD given the same override.

    PySD keeps a ``run(params=...)`` override in the model object: the next plain run
    repeats the changed numbers until ``reload()``. Ours keeps no state: a plain run
    after the changed one gives the original numbers bit for bit.
    """
    case = TEACUP
    override = {"room_temperature": ("Room Temperature", 20.0), "characteristic_time": ("Characteristic Time", 5.0)}
    changed_ours = {name: value for name, (_, value) in override.items()}
    changed_vensim = {vensim_name: value for vensim_name, value in override.values()}

    model = _read_vensim(case, tmp_path)
    pysd_base = _run_pysd(model)
    pysd_changed = _run_pysd(model, params=changed_vensim)
    pysd_after = _run_pysd(model)
    model.reload()
    pysd_reloaded = _run_pysd(model)

    ours_base = _run_ours(case)
    ours_changed = _run_ours(case, params=changed_ours)
    ours_after = _run_ours(case)

    # both engines agree with each other, on the default and on the changed parameters
    for ours, reference in ((ours_base, pysd_base), (ours_changed, pysd_changed)):
        errors = _relative_errors(case, ours, reference)
        assert max(errors.values()) <= case.rtol, errors
    temperature = case.names["teacup_temperature"]
    assert not np.allclose(pysd_changed[temperature], pysd_base[temperature])  # the change matters

    # PySD: the override persists until reload
    assert pysd_after[temperature].equals(pysd_changed[temperature])
    assert pysd_reloaded[temperature].equals(pysd_base[temperature])
    # ours: no state carried between runs
    np.testing.assert_array_equal(ours_after.stocks, ours_base.stocks)
    np.testing.assert_array_equal(ours_after.aux, ours_base.aux)
