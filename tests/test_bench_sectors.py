"""The sector profile times what ``rhs`` does: its statements, read from the source, run in the
profile's generated loop, write the same rates and auxiliaries as ``rhs`` itself, bit for bit
(the benchmark itself runs outside the suite)."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_sectors import rhs_statements, timed_loop  # noqa: E402
from sim.model.tohoku import MODEL, rhs  # noqa: E402
from sim.population import baseline_inputs, initial_state  # noqa: E402
from sim.runner import baseline_parameters  # noqa: E402


def test_the_statements_of_rhs_in_the_generated_loop_do_what_rhs_does():
    statements = rhs_statements()
    calls = [s.split("(")[0].split("=")[-1].strip() for s in statements if not s.startswith("for ")]
    assert calls[0] == "write_paths" and "population_rates" in calls and calls[-1] == "attractiveness_rates"
    inputs = baseline_inputs()
    params = {k: np.asarray(v, float) for k, v in baseline_parameters().items()}
    result = MODEL.run(start=2020, stop=2022, dt=0.25, saveper=0.25, params=params,
                       initial=initial_state(2020, inputs.diaspora[2020]), data=inputs.data, parallel=False)
    y, p = np.ascontiguousarray(result.stocks[0, 5]), np.ascontiguousarray(result.params[0])
    expected = np.full_like(y, np.nan), np.full(MODEL.aux_layout.size, np.nan)
    rhs(2021.25, y, p, inputs.data, *expected)
    *setup, last = statements
    got = np.full_like(y, np.nan), np.full(MODEL.aux_layout.size, np.nan)
    timed_loop(setup, last)(2021.25, y, p, inputs.data, *got, 1)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])
    assert np.isfinite(expected[0]).all()
