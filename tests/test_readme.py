"""The README's example runs as written and behaves as a predator-prey model should."""

import re
from pathlib import Path

import numpy as np
import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_example(marker: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    matching = [block for block in blocks if marker in block]
    assert len(matching) == 1, f"README has {len(matching)} python examples containing {marker!r}"
    return matching[0]


def _run_example(marker: str) -> dict:
    namespace: dict = {}
    exec(compile(_readme_example(marker), str(README), "exec"), namespace)  # noqa: S102 - our own README
    return namespace


def test_population_example_runs_and_gives_the_2020_census_total():
    namespace = _run_example('sim.run("baseline")')
    ds = namespace["ds"]
    tohoku = ds.population_total.sum("region").sel(scenario="baseline")
    assert tohoku.sel(time=2020).item() == pytest.approx(8_611_195, rel=1e-12)  # census 2020 (population_census.csv)
    assert (tohoku.diff("time") < 0).all()  # the baseline shrinks every year
    policy, cut, spirals = namespace["policy"], namespace["cut"], namespace["spirals"]
    assert (policy.dx_adoption.sel(time=2030) > ds.dx_adoption.sel(time=2030)).all()
    assert not np.array_equal(cut.grp_real, ds.grp_real)
    assert set(spirals.spiral.values) >= {"S1", "S2", "S3", "S4"}


def test_readme_example_conserves_the_lotka_volterra_invariant():
    namespace = _run_example("model = Model(")
    result = namespace["result"]
    hares, lynx = result["hares"], result["lynx"]
    assert hares.shape == lynx.shape == (3, 31)
    np.testing.assert_array_equal(result.times, np.arange(31.0))
    # Exact solutions keep V = e*b*x - d*ln x + b*y - a*ln y constant (Lotka-Volterra first integral);
    # RK4 at dt = 0.25 over 30 years keeps it to well under 1e-4 relative.
    a = np.array([0.4, 0.5, 0.6])[:, None]
    b, e, d = 0.02, 0.3, 0.4
    invariant = e * b * hares - d * np.log(hares) + b * lynx - a * np.log(lynx)
    np.testing.assert_allclose(invariant, np.broadcast_to(invariant[:, :1], invariant.shape), rtol=1e-4)
    # and the populations really cycle: hares both rise above and fall below their start
    assert (hares.max(axis=1) > 40).all() and (hares.min(axis=1) < 40).all()


def test_vision_example_ranks_every_shipped_scenario():
    namespace = _run_example("vision.compare(")
    gaps = namespace["gaps"]
    ranking = namespace["vision"].score(gaps)
    assert len(ranking) == 8 and ranking["rank"].iloc[0] == 1
    assert ranking.distance.is_monotonic_increasing and (ranking.distance >= 0).all()
    assert set(gaps.target) >= {"fukushima_renewables", "greenhouse_gases", "startup_rate", "telework"}
