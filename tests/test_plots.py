"""The figures of ``sim.plots``: what they draw, units on the axes, Japanese text without missing glyphs."""

import io
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import sim
from sim import plots
from sim.model.dimensions import REGIONS, REGIONS_JA
from sim.model.variables import VARIABLES

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
GAPS = pd.DataFrame({
    "scenario": ["baseline", "baseline", "dx", "dx"],
    "target": ["T1", "T2", "T1", "T2"],
    "shortfall": [0.124, 0.0, 0.04, 1.0],
    "label": ["Population 2030", "GRP 2030", "Population 2030", "GRP 2030"],
    "label_ja": ["2030年の人口", "2030年の県内総生産", "2030年の人口", "2030年の県内総生産"],
})
TARGET = {"value": 36000.0, "year": 2030, "direction": "at_least", "label": "GRP goal"}


@pytest.fixture(scope="module")
def ds():
    return sim.run(["baseline", "dx"], stop=2032)


def scenario_lines(axes):
    return [line for line in axes.get_lines() if not line.get_label().startswith("_")]


def all_text(figure: Figure) -> str:
    return " ".join(text.get_text() for text in figure.findobj(matplotlib.text.Text))


def render(figure: Figure) -> None:
    """Draw ``figure`` to PNG, failing on any warning (e.g. a glyph missing from the font)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png")


def test_trajectories_one_line_per_scenario_with_units(ds):
    figure = plots.trajectories(ds, "grp_real")
    assert isinstance(figure, Figure)
    (axes,) = figure.axes
    assert [line.get_label() for line in scenario_lines(axes)] == ["baseline", "dx"]
    assert "[¥bn/year]" in axes.get_ylabel() and "year" in axes.get_xlabel()
    assert "Tohoku" in axes.get_title()


def test_trajectories_of_a_prefecture_show_its_values(ds):
    (axes,) = plots.trajectories(ds, "population_total", region="Miyagi").axes
    np.testing.assert_allclose(scenario_lines(axes)[0].get_ydata(),
                               ds.population_total.sel(scenario="baseline", region="Miyagi"))
    assert "Miyagi" in axes.get_title()


def test_target_marker_at_year_and_value(ds):
    (axes,) = plots.trajectories(ds, "grp_real", targets=[TARGET]).axes
    markers = [line for line in axes.get_lines() if line.get_marker() == "^"]
    assert len(markers) == 1
    assert (markers[0].get_xdata()[0], markers[0].get_ydata()[0]) == (2030, 36000.0)
    assert len(scenario_lines(axes)) == 2
    assert "GRP goal" in all_text(axes.figure)
    (axes,) = plots.trajectories(ds, "grp_real", targets=[TARGET | {"direction": "at_most"}]).axes
    assert any(line.get_marker() == "v" for line in axes.get_lines())


def test_bad_target_direction_and_region_are_refused(ds):
    with pytest.raises(ValueError, match="'above'.*at_least"):
        plots.trajectories(ds, "grp_real", targets=[TARGET | {"direction": "above"}])
    with pytest.raises(ValueError, match="'Sendai'.*Miyagi"):
        plots.trajectories(ds, "grp_real", region="Sendai")


def test_gap_heatmap_annotates_each_cell_and_marks_met_ones():
    figure = plots.gap_heatmap(GAPS)
    axes = figure.axes[0]
    cells = [text.get_text() for text in axes.texts]
    assert cells == ["12%", "✓", "4%", "100%"]
    assert [label.get_text() for label in axes.get_xticklabels()] == ["Population 2030", "GRP 2030"]
    assert [label.get_text() for label in axes.get_yticklabels()] == ["baseline", "dx"]
    assert figure.axes[1].get_ylabel() == "way to the target not travelled [%]"
    norm = axes.images[0].norm
    assert (norm.vmin, norm.vmax) == (0.0, 100.0)  # bounded: met to not moved
    render(figure)


def test_eight_scenarios_have_eight_colours_the_baseline_black():
    names = ["baseline", "innovation", "dx", "sustainability", "talent", "reconstruction", "integrated_rx",
             "integrated_rx_plus", "my_mix"]
    colours = plots.scenario_colours(names)
    assert colours["baseline"] == "black" and len(set(colours.values())) == 9
    assert plots.scenario_colours(["talent", "dx"]) == {"talent": colours["talent"], "dx": colours["dx"]}  # stable


def test_shares_are_drawn_in_percent_without_registry_remarks(ds):
    (axes,) = plots.trajectories(ds, "coastal_recovery", region="Miyagi",
                                 targets=[TARGET | {"value": 0.99, "year": 2032}]).axes
    np.testing.assert_allclose(scenario_lines(axes)[0].get_ydata(),
                               100 * ds.coastal_recovery.sel(scenario="baseline", region="Miyagi"))
    assert "[%]" in axes.get_ylabel() and "NaN" not in axes.get_title() + axes.get_ylabel()
    markers = [line for line in axes.get_lines() if line.get_marker() == "^"]
    assert markers[0].get_ydata()[0] == pytest.approx(99.0)


def test_prefecture_panels_six_axes_each_one_line_per_scenario(ds):
    figure = plots.prefecture_panels(ds, "employment")
    assert len(figure.axes) == 6
    assert [axes.get_title() for axes in figure.axes] == list(REGIONS)
    for axes in figure.axes:
        assert len(scenario_lines(axes)) == 2
        assert "person" in axes.get_ylabel()


def test_population_pyramids_six_panels_two_years_in_thousands(ds):
    figure = plots.population_pyramids(ds, years=(2020, 2032))
    assert len(figure.axes) == 6
    for axes in figure.axes:
        assert len(axes.patches) == 4  # male and female, each year
    assert all("thousand persons" in axes.get_xlabel() for axes in figure.axes[3:])  # bottom row
    assert all("years" in axes.get_ylabel() for axes in figure.axes[::3])  # left column
    male_2020 = figure.axes[0].patches[0].get_data().values
    expected = ds.population_by_age.sel(scenario="baseline", region="Aomori", sex="male", time=2020) / 1000
    np.testing.assert_allclose(-male_2020, expected)
    with pytest.raises(ValueError, match="2040"):
        plots.population_pyramids(ds, years=(2020, 2040))


def test_causal_loops_is_a_figure():
    assert isinstance(plots.causal_loops(), Figure)


def japanese_figures(ds):
    return {
        "trajectories": plots.trajectories(ds, "grp_real", lang="ja", targets=[TARGET | {"label_ja": "目標"}]),
        "negative values": plots.trajectories(ds, "net_migration", lang="ja", region="Fukushima"),
        "gap_heatmap": plots.gap_heatmap(GAPS, lang="ja"),
        "prefecture_panels": plots.prefecture_panels(ds, "co2_emissions", lang="ja"),
        "population_pyramids": plots.population_pyramids(ds, lang="ja"),
        "causal_loops": plots.causal_loops(lang="ja"),
    }


def test_japanese_figures_render_without_any_warning(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figures = japanese_figures(ds)
    for figure in figures.values():
        render(figure)
    text = {name: all_text(figure) for name, figure in figures.items()}
    assert "実質県内総生産（2020年度価格）" in text["trajectories"] and "東北" in text["trajectories"]
    assert "目標" in text["trajectories"]
    assert "福島県" in text["negative values"]
    assert "2030年の人口" in text["gap_heatmap"] and "目標までの残りの道のり［%］" in text["gap_heatmap"]
    assert all(name in text["prefecture_panels"] for name in REGIONS_JA)
    assert "エネルギー起源CO2排出量" in text["prefecture_panels"]
    assert "男女・各歳別人口" in text["population_pyramids"] and "千人" in text["population_pyramids"]
    assert "有効求人倍率" in text["causal_loops"] and "若者の転出" in text["causal_loops"]
    (axes,) = figures["trajectories"].axes
    assert axes.get_xlabel() == "年度" and "兆円/年" in axes.get_ylabel()  # GRP: a fiscal-year series
    (axes,) = figures["negative values"].axes
    assert "各年10月1日現在" not in axes.get_xlabel() and "10月1日から" in axes.get_xlabel()  # an annual flow


def test_japanese_labels_use_the_japanese_font_and_english_ones_do_not(ds):
    (axes,) = plots.trajectories(ds, "grp_real", lang="ja").axes
    assert JAPANESE.search(axes.get_ylabel())
    assert axes.yaxis.label.get_fontfamily()[0] == plots.JAPANESE_FONT
    (axes,) = plots.trajectories(ds, "grp_real").axes
    assert plots.JAPANESE_FONT not in axes.yaxis.label.get_fontfamily()
    assert matplotlib.rcParams["font.family"] != plots.RC["ja"]["font.family"]


@pytest.mark.parametrize("draw", [
    lambda ds: plots.trajectories(ds, "grp_real", lang="fr"),
    lambda ds: plots.gap_heatmap(GAPS, lang="fr"),
    lambda ds: plots.prefecture_panels(ds, "grp_real", lang="fr"),
    lambda ds: plots.population_pyramids(ds, lang="fr"),
    lambda ds: plots.causal_loops(lang="fr"),
])
def test_unknown_language_is_refused(ds, draw):
    with pytest.raises(ValueError, match=r"lang='fr' is not allowed; allowed: \('en', 'ja'\)"):
        draw(ds)


def test_fan_chart_shades_the_bands_and_draws_the_median():
    import xarray as xr

    values = xr.DataArray(np.random.default_rng(0).normal(size=(200, 2, 3)).cumsum(axis=2),
                          dims=("sample", "scenario", "year"),
                          coords={"scenario": ["baseline", "dx"], "year": [2025, 2030, 2032]},
                          attrs={"units": "¥bn/year", "long_name": "Real GRP", "long_name_ja": "実質県内総生産"})
    from sim.sweep.analysis import percentile_bands

    bands = percentile_bands(values)
    bands.attrs = values.attrs
    for lang in ("en", "ja"):
        figure = plots.fan_chart(bands, lang=lang)
        render(figure)
        (axes,) = figure.axes
        medians = scenario_lines(axes)
        assert [line.get_label() for line in medians] == ["baseline", "dx"]
        shown = 10.0 if lang == "ja" else 1.0  # ¥bn in 億円 (¥0.1bn) in Japanese
        np.testing.assert_allclose(medians[0].get_ydata(), shown * values.sel(scenario="baseline").median("sample"))
        assert len(axes.collections) == 4  # two bands per scenario
        assert ("億円/年" if lang == "ja" else "¥bn/year") in axes.get_ylabel()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_long_axis_label_stays_inside_the_figure(lang):
    import xarray as xr

    from sim.sweep.analysis import percentile_bands

    long_name = next(v for v in VARIABLES if v.name == "renewable_share")  # the longest names of the reports
    values = xr.DataArray(np.random.default_rng(0).uniform(0.4, 0.9, (50, 1, 3)), dims=("sample", "scenario", "year"),
                          coords={"scenario": ["baseline"], "year": [2020, 2030, 2032]})
    bands = percentile_bands(values)
    bands.attrs = {"units": "1", "long_name": long_name.long_name, "long_name_ja": long_name.long_name_ja}
    figure = plots.fan_chart(bands, lang=lang, kpi="renewable_share", region="Fukushima")
    render(figure)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    (axes,) = figure.axes
    label = axes.yaxis.label.get_window_extent(renderer)
    assert 0 <= label.y0 and label.y1 <= figure.bbox.height, (label, figure.bbox)
    assert ("福島県" if lang == "ja" else "Fukushima") in axes.get_title()


def test_tornado_orders_the_parameters_by_their_total_index():
    indices = pd.DataFrame({"S1": [0.1, 0.5, 0.0], "ST": [0.2, 0.6, 0.05]}, index=["a", "b", "c"])
    figure = plots.tornado(indices, title="GRP 2032")
    render(figure)
    (axes,) = figure.axes
    assert [label.get_text() for label in axes.get_yticklabels()] == ["c", "a", "b"]  # largest on top
    assert len(axes.patches) == 6


def test_choropleth_colours_each_prefecture_by_its_value(ds):
    figure = plots.choropleth(ds, "renewable_share", scenario="dx", year=2030)
    render(figure)
    axes = figure.axes[0]
    assert len(axes.patches) == 6
    values = 100 * ds.renewable_share.sel(scenario="dx", time=2030)  # in %
    texts = {text.get_text().split("\n")[0]: text.get_text().split("\n")[1] for text in axes.texts}
    assert texts["Fukushima"] == f"{float(values.sel(region='Fukushima')):,.3g}"
    # the highest value gets the top of the colour map
    top = int(np.argmax(values.values))
    assert axes.patches[top].get_facecolor() == pytest.approx(matplotlib.colormaps["viridis"](1.0))
    with pytest.raises(ValueError, match="year=2050 is not allowed"):
        plots.choropleth(ds, "renewable_share", scenario="dx", year=2050)
