"""The engine benchmark of loaded models compares like with like: pysimlin's names of PySD's columns,
and the relative error it reports (the benchmark itself runs outside the suite: minutes)."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_import_engines import relative_error, simlin_name  # noqa: E402


def test_simlin_names_of_pysd_columns():
    assert simlin_name("Teacup Temperature") == "teacup_temperature"
    assert simlin_name("Population[Aomori]") == "population[aomori]"
    assert simlin_name("Bonus[North,Factory]") == "bonus[north,factory]"
    assert simlin_name("Jobs in Region[Far North]") == "jobs_in_region[far_north]"


def test_relative_error_is_symmetric_and_zero_where_both_are_zero():
    a, b = np.array([0.0, 1.0, -2.0]), np.array([0.0, 1.1, -2.0])
    assert relative_error(a, b) == relative_error(b, a) == pytest.approx(0.1 / 1.1, rel=1e-12)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
