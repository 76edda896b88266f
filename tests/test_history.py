"""The observed history drawn before the projections (``sim.history``), against the census counts."""

import pytest

from sim import plots
from sim.history import observed


def test_tohoku_history_is_the_six_prefectures_census_counts():
    tohoku = observed()[("population_total", "Tohoku")]
    # census 2010 (population_census.csv): Aomori 1,373,339, Iwate 1,330,147, Miyagi 2,348,165,
    # Akita 1,085,997, Yamagata 1,168,924, Fukushima 2,029,064
    assert tohoku.loc[2010.0] == 1_373_339 + 1_330_147 + 2_348_165 + 1_085_997 + 1_168_924 + 2_029_064
    assert list(tohoku.index) == [2010.0, 2015.0, 2020.0]


def test_history_is_in_the_kpis_units_and_on_the_models_time_axis():
    renewables = observed()[("renewable_share", "Fukushima")]
    assert renewables.loc[2015.0] == pytest.approx(0.266)  # 26.6 % in FY2015
    assert renewables.index.max() <= 2020
    evacuees = observed()[("evacuees", "Fukushima")]
    assert evacuees.index[0] == pytest.approx(2012 + (5 - 10) / 12)  # May 2012, before 1 October 2012
    assert evacuees.iloc[0] == 164_865


def test_trajectories_draw_the_history_in_black_first():
    import sim

    ds = sim.run("baseline", stop=2022)
    (axes,) = plots.trajectories(ds, "renewable_share", region="Fukushima",
                                 history=observed()[("renewable_share", "Fukushima")]).axes
    line = axes.get_lines()[0]
    assert line.get_color() == "black" and line.get_label() == "observed"
    assert list(line.get_ydata()) == pytest.approx([26.6, 30.3, 34.7, 43.4])  # in %
