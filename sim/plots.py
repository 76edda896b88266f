"""The planner's figures, in English or Japanese: trajectories, target gaps, prefectures, pyramids, loops.

Every function takes results (a Dataset from ``sim.run``, or a table made from one) and returns a
``matplotlib.figure.Figure``; none runs the model or touches pyplot's global state. Sizes suit a
report page (7–10 inches wide). Every axis carries its units; ``lang="ja"`` draws all text (titles,
axis labels, legends, prefecture names) in Japanese, taken from the variables' ``long_name_ja``.

Japanese text needs a font with the glyphs: the IPAexGothic font shipped by the
``matplotlib-fontja`` package is registered with matplotlib's font manager when this module is
imported, without importing that package (its import would switch every figure's default font).
Japanese figures ask for it explicitly, through an ``rc_context`` around the drawing, with
DejaVu Sans as the fallback for glyphs it lacks; English figures keep matplotlib's defaults.
"""

from __future__ import annotations

import importlib.util
import textwrap
from contextlib import AbstractContextManager
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import xarray as xr
from matplotlib import font_manager
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.kpis import PERCENT, tohoku
from sim.labels import UNITS_JA, time_axis
from sim.model.dimensions import REGIONS, REGIONS_JA
from sim.model.variables import VARIABLES
from sim.spirals.diagram import causal_loop_figure

LANGUAGES = ("en", "ja")
JAPANESE_FONT = "IPAexGothic"
_FONT_SPEC = importlib.util.find_spec("matplotlib_fontja")  # finds the package without running it
if _FONT_SPEC is None:
    raise ModuleNotFoundError("sim.plots needs the Japanese font of matplotlib-fontja: pip install matplotlib-fontja")
JAPANESE_FONT_PATH = Path(_FONT_SPEC.origin).parent / "fonts" / "ipaexg.ttf"
font_manager.fontManager.addfont(str(JAPANESE_FONT_PATH))

#: rcParams of each language, applied while a figure is drawn.
RC = {"en": {}, "ja": {"font.family": [JAPANESE_FONT, "DejaVu Sans"]}}  # both fonts have the minus sign U+2212

#: Fixed words of the figures: key -> (English, Japanese).
WORDS = {
    "scenario": ("scenario", "シナリオ"),
    "target": ("target", "目標"),
    "shortfall": ("way to the target not travelled [%]", "目標までの残りの道のり［%］"),
    "met": ("✓ target met", "✓ 目標達成"),
    "observed": ("observed", "実績"),
    "age": ("age [years]", "年齢［歳］"),
    "thousand persons": ("[thousand persons]", "［千人］"),
    "male": ("male", "男性"),
    "female": ("female", "女性"),
}
#: Japanese names of the areas a figure can show (the prefectures' as in the Dataset's ``region_ja``).
AREAS_JA = {"Tohoku": "東北", **dict(zip(REGIONS, REGIONS_JA))}
LABEL_WRAP = (45, 22)  # characters per line of an axis label (English, Japanese) along a 4.5-inch axis
TITLE_WRAP = (70, 34)  # characters per line of a title (English, Japanese) of a 7.5-inch figure
BASELINE_COLOUR = "black"
#: A qualitative palette for the other scenarios (matplotlib's tab10 without its grey, then tab20's
#: darker halves): ten colours apart from the baseline's black, each scenario's by its place among
#: the shipped scenarios, so that one scenario has one colour in every figure and report.
PALETTE = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:olive",
           "tab:cyan", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173")
TARGET_HALF_WIDTH = 0.8  # half length of a target's dashed line [year]
SCENARIO_WIDTH = 1.6  # line width of the scenario lines [pt]


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not allowed; allowed: {LANGUAGES}")


def _style(lang: str) -> AbstractContextManager:
    """The rcParams context in which a figure in ``lang`` is drawn; refuses a language not in ``LANGUAGES``."""
    _check_lang(lang)
    return matplotlib.rc_context(RC[lang])


def _word(key: str, lang: str) -> str:
    return WORDS[key][LANGUAGES.index(lang)]


#: Variable -> its kind (stock, rate, annual_flow), which says how its time axis reads (``sim.labels.TIME_BASES``).
VARIABLE_KINDS = {variable.name: variable.kind for variable in VARIABLES}


def _time_label(kpi: str, lang: str) -> str:
    """The time axis of ``kpi``: "year (1 October)" / "年（各年10月1日現在）" for a stock, "fiscal year" /
    "年度" for a rate (GRP, CO2, shares), the year from 1 October for an annual flow."""
    return time_axis(VARIABLE_KINDS.get(kpi, "stock"), lang)


def _units(values: xr.DataArray, lang: str) -> str:
    """A variable's units in brackets, e.g. "[person/year]" or "［人/年］"."""
    units = values.attrs["units"]
    return f"［{UNITS_JA.get(units, units)}］" if lang == "ja" else f"[{units}]"


def _name(values: xr.DataArray, lang: str) -> str:
    """A variable's long name in ``lang``, without the registry's remarks on missing values."""
    return (values.attrs["long_name_ja"] if lang == "ja" else values.attrs["long_name"]).replace("; NaN elsewhere", "")


def _title(text: str, lang: str) -> str:
    """A title wrapped to the figure's width, so that no long name is clipped."""
    return textwrap.fill(text, TITLE_WRAP[lang == "ja"], break_long_words=lang == "ja")


def as_shown(values: xr.DataArray, kpi: str, lang: str = "en") -> tuple[xr.DataArray, float]:
    """A KPI as the figures show it, and the factor applied: shares, rates and ratios to Japan
    (``sim.kpis.PERCENT``) in %; in Japanese, persons from 100,000 in 万人 (10,000 persons) and ¥bn
    in 億円 (¥0.1bn), from ¥1,000bn in 兆円."""
    units = values.attrs.get("units", "")
    largest = float(np.nanmax(np.abs(values))) if values.size and np.isfinite(values).any() else 0.0
    if kpi in PERCENT:
        factor, units = 100.0, "%"
    elif lang == "ja" and units in ("person", "person/year") and largest >= 1e5:
        factor, units = 1e-4, units.replace("person", "万人")
    elif lang == "ja" and units in ("¥bn", "¥bn/year"):
        factor, units = (1e-3, units.replace("¥bn", "兆円")) if largest >= 1000.0 else (10.0, units.replace("¥bn", "億円"))
    else:
        return values, 1.0
    return (factor * values).assign_attrs(values.attrs | {"units": units}), factor


def scenario_colours(names) -> dict[str, str]:
    """Scenario -> colour: the baseline black, the others from ``PALETTE`` by their place among the
    shipped scenarios (then the unshipped ones in the order given)."""
    from sim.config import scenario_files

    shipped = [name for name in scenario_files() if name != "baseline"]
    others = shipped + [str(name) for name in names if str(name) not in shipped and str(name) != "baseline"]
    return {str(name): BASELINE_COLOUR if str(name) == "baseline" else PALETTE[others.index(str(name)) % len(PALETTE)]
            for name in names}


def _label(values: xr.DataArray, lang: str) -> str:
    """Axis label of a variable: its long name and units, e.g. "Births [person/year]" or "出生数［人/年］"."""
    if lang == "ja":  # no spaces to break at: wrapped by characters, each about twice as wide
        return textwrap.fill(_name(values, lang) + _units(values, lang), LABEL_WRAP[1], break_long_words=True)
    return textwrap.fill(f"{_name(values, lang)} {_units(values, lang)}", LABEL_WRAP[0])


def _region_name(region: str, lang: str) -> str:
    """A prefecture's name (or "Tohoku") in ``lang``; refuses an unknown region."""
    if region not in AREAS_JA:
        raise ValueError(f"region={region!r} is not allowed; allowed: {tuple(AREAS_JA)}")
    return AREAS_JA[region] if lang == "ja" else region


def _plot_scenarios(axes, values: xr.DataArray, names: dict[str, str] | None = None) -> None:
    """One line per scenario of ``values`` (dims scenario, time) in its colour (``scenario_colours``),
    labelled by its name in ``names`` (default: the scenario's id)."""
    colours = scenario_colours(values.scenario.values)
    for scenario in values.scenario.values:
        axes.plot(values.time, values.sel(scenario=scenario), label=(names or {}).get(str(scenario), str(scenario)),
                  color=colours[str(scenario)], linewidth=SCENARIO_WIDTH)
    axes.grid(alpha=0.3)


def _draw_target(axes, target: dict, lang: str) -> None:
    """A target at (year, value): a dot, a short dashed line and a triangle pointing where it is met."""
    markers = {"at_least": "^", "at_most": "v"}
    if target["direction"] not in markers:
        raise ValueError(f"target direction={target['direction']!r} is not allowed; allowed: {tuple(markers)}")
    year, value = target["year"], target["value"]
    axes.plot([year - TARGET_HALF_WIDTH, year + TARGET_HALF_WIDTH], [value, value], linestyle="--", color="black",
              linewidth=1.0, label="_target")
    axes.plot([year], [value], marker=markers[target["direction"]], markersize=9, color="black", linestyle="none",
              label="_target")
    label = target.get("label_ja", target["label"]) if lang == "ja" else target["label"]
    axes.annotate(label, (year, value), xytext=(6, 6), textcoords="offset points", fontsize=8)


def trajectories(dataset: xr.Dataset, kpi: str, *, lang: str = "en", region: str = "Tohoku",
                 targets: list[dict] | None = None, names: dict[str, str] | None = None,
                 history: pd.Series | None = None, bands: xr.DataArray | None = None) -> Figure:
    """One KPI over time, one line per scenario, for Tohoku or one prefecture, with optional targets.

    Parameters
    ----------
    dataset : Dataset  Results with ``kpi`` on dims (scenario, region, time).
    kpi : str  The variable to draw, in its registry units.
    lang : {"en", "ja"}  Language of all text.
    region : str  "Tohoku" (the aggregate of ``sim.kpis.tohoku``) or a prefecture of ``REGIONS``.
    targets : list of dict, optional  Each ``{"value": float [the KPI's units], "year": int,
        "direction": "at_least" | "at_most", "label": str}`` (and optionally ``"label_ja"``), drawn as
        a triangle at (year, value) pointing the way the target is met, on a short dashed line.
    names : dict, optional  Scenario -> the name its line is labelled with (default: its id).
    history : Series, optional  Observed values by year [the KPI's units], drawn in black with dots.
    bands : DataArray, optional  Two quantiles of an ensemble (quantile, scenario, year) [the KPI's
        units], shaded in each scenario's colour (the 5-95 % band).

    Shares, rates and ratios to Japan (``sim.kpis.PERCENT``) are drawn in %, their targets too.
    """
    with _style(lang):
        name = _region_name(region, lang)
        values, factor = as_shown(tohoku(dataset, kpi) if region == "Tohoku" else dataset[kpi].sel(region=region),
                                  kpi, lang)
        figure = Figure(figsize=(7.5, 4.5), layout="constrained")
        axes = figure.subplots()
        if history is not None and len(history):
            axes.plot(history.index, factor * history.to_numpy(), color="black", marker="o", markersize=4,
                      linewidth=2.4, label=_word("observed", lang))
        if bands is not None:
            colours = scenario_colours(bands.scenario.values)
            for scenario in bands.scenario.values:
                band = factor * bands.sel(scenario=scenario)
                axes.fill_between(band.year, band.isel(quantile=0), band.isel(quantile=-1), linewidth=0,
                                  color=colours[str(scenario)], alpha=0.12)
        _plot_scenarios(axes, values, names)
        for target in targets or ():
            _draw_target(axes, target | {"value": factor * target["value"]}, lang)
        axes.set_title(_title(f"{_name(values, lang)} — {name}", lang))
        axes.set_xlabel(_time_label(kpi, lang))
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, never 2022.5
        axes.set_ylabel(_label(values, lang))
        axes.legend(title=_word("scenario", lang), fontsize=8, ncols=2)
        return figure


def gap_heatmap(table: pd.DataFrame, *, lang: str = "en", names: dict[str, str] | None = None) -> Figure:
    """Scenario × target map of the share of the way to each target each scenario has not travelled.

    Parameters
    ----------
    table : DataFrame  Columns ``scenario``, ``target`` (id), ``shortfall`` [0-1: 0 met, 1 no progress;
        ``sim.vision.compare``] and optionally ``label`` / ``label_ja`` (the target's name, else its id).
    lang : {"en", "ja"}  Language of all text.
    names : dict, optional  Scenario -> its name on the rows (default: its id).

    Cells are coloured from white (met) to dark red (not moved towards the target), annotated with
    the share in %; met cells carry a ✓ (a glyph of both fonts).
    """
    with _style(lang):
        shares = 100.0 * table.pivot(index="scenario", columns="target", values="shortfall")
        shares = shares.loc[table.scenario.unique(), table.target.unique()]
        label_column = "label_ja" if lang == "ja" and "label_ja" in table else "label"
        labels = table.drop_duplicates("target").set_index("target")
        labels = labels[label_column] if label_column in labels else pd.Series(shares.columns, index=shares.columns)
        figure = Figure(figsize=(min(10.0, 3.0 + 1.1 * shares.shape[1]), 2.2 + 0.45 * shares.shape[0]),
                        layout="constrained")
        axes = figure.subplots()
        image = axes.imshow(shares.to_numpy(), cmap="Reds", norm=Normalize(0.0, 100.0), aspect="auto")
        for (row, column), share in np.ndenumerate(shares.to_numpy()):
            text = "–" if np.isnan(share) else "✓" if share <= 0 else f"{share:.0f}%"
            axes.text(column, row, text, ha="center", va="center", fontsize=8, color="white" if share > 60 else "black")
        ticks = [textwrap.fill(str(labels[target]), 12 if lang == "ja" else 18, break_long_words=lang == "ja")
                 for target in shares.columns]  # Japanese has no spaces to break at
        axes.set_xticks(range(shares.shape[1]), ticks, fontsize=8, rotation=30, ha="right", rotation_mode="anchor")
        axes.set_yticks(range(shares.shape[0]), [(names or {}).get(str(s), str(s)) for s in shares.index])
        axes.set_xlabel(_word("target", lang))
        axes.set_ylabel(_word("scenario", lang))
        axes.set_title(_word("met", lang), loc="right", fontsize=8)
        figure.colorbar(image, ax=axes, label=_word("shortfall", lang))
        return figure


def prefecture_panels(dataset: xr.Dataset, kpi: str, *, lang: str = "en", names: dict[str, str] | None = None,
                      history: dict[str, pd.Series] | None = None) -> Figure:
    """One KPI over time in each prefecture (2 × 3 panels in model order), one line per scenario,
    after the observed values (``history``: prefecture -> Series by year [the KPI's units]) in black.

    The panels share the time axis; each has its own scale, with the KPI's units on it (shares in %).
    """
    with _style(lang):
        values, factor = as_shown(dataset[kpi], kpi, lang)
        figure = Figure(figsize=(10.0, 6.0), layout="constrained")
        grid = figure.subplots(2, 3, sharex=True)
        for axes, region in zip(grid.flat, REGIONS):
            observed = (history or {}).get(region)
            if observed is not None and len(observed):
                axes.plot(observed.index, factor * observed.to_numpy(), color="black", marker="o", markersize=3,
                          linewidth=2.0, label=_word("observed", lang))
            _plot_scenarios(axes, values.sel(region=region), names)
            axes.set_title(_region_name(region, lang))
            axes.set_ylabel(_units(values, lang))
        for axes in grid[-1]:
            axes.set_xlabel(_time_label(kpi, lang))
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        figure.suptitle(_title(_label(values, lang).replace("\n", " "), lang))
        figure.legend(*grid.flat[0].get_legend_handles_labels(), title=_word("scenario", lang),
                      loc="outside lower center", ncols=min(len(values.scenario), 5), fontsize=8)
        return figure


def population_pyramids(dataset: xr.Dataset, *, scenario: str = "baseline", years: tuple[int, int] = (2020, 2032),
                        lang: str = "en") -> Figure:
    """Population pyramid of each prefecture (2 × 3 panels), two years overlaid.

    Males to the left, females to the right, by single year of age (0 to the open group 100+), in
    thousand persons; the first year is drawn as filled bars, the second as an outline. All panels
    share their scales, so that the prefectures' sizes compare; the outer ones carry the axis labels.
    """
    with _style(lang):
        if scenario not in dataset.scenario:
            allowed = tuple(map(str, dataset.scenario.values))
            raise ValueError(f"scenario={scenario!r} is not allowed; allowed: {allowed}")
        if any(year not in dataset.time for year in years):
            raise ValueError(f"years={years!r} is not allowed; allowed: years of the run "
                             f"({int(dataset.time.min())}-{int(dataset.time.max())})")
        population = dataset["population_by_age"].sel(scenario=scenario) / 1000.0
        edges = np.append(dataset.age.values, dataset.age.values[-1] + 1)
        colours = {"male": "tab:blue", "female": "tab:red"}
        figure = Figure(figsize=(10.0, 7.5), layout="constrained")
        grid = figure.subplots(2, 3, sharex=True, sharey=True)
        for axes, region in zip(grid.flat, REGIONS):
            for sex, side in (("male", -1.0), ("female", 1.0)):
                first, second = (side * population.sel(region=region, sex=sex, time=year) for year in years)
                axes.stairs(first, edges, orientation="horizontal", fill=True, color=colours[sex], alpha=0.35,
                            label=f"{_word(sex, lang)} {years[0]}")
                axes.stairs(second, edges, orientation="horizontal", color=colours[sex], linewidth=1.0,
                            label=f"{_word(sex, lang)} {years[1]}")
            axes.axvline(0.0, color="black", linewidth=0.6)
            axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):g}"))
            axes.set_title(_region_name(region, lang))
            axes.set_xlabel(_word("thousand persons", lang))
            axes.set_ylabel(_word("age", lang))
            axes.label_outer()
        figure.suptitle(f"{_name(dataset['population_by_age'], lang)} — {scenario}")
        figure.legend(*grid.flat[0].get_legend_handles_labels(), loc="outside lower center", ncols=4, fontsize=8)
        return figure


#: The six prefectures' outlines (longitude, latitude [degree]): the main area of each, from the
#: ``japanmap`` package 0.6.0 (SaitoTsutomu/japanmap, Apache License 2.0), extracted once into
#: ``sim/data/tohoku_boundaries.json`` (its ``source`` field says how).
BOUNDARIES = Path(__file__).resolve().parent / "data" / "tohoku_boundaries.json"


def choropleth(dataset: xr.Dataset, kpi: str, *, scenario: str, year: int, lang: str = "en",
               names: dict[str, str] | None = None) -> Figure:
    """A map of the six prefectures coloured by one KPI of one scenario in one year, each labelled
    with its value (shares in %, persons in Japanese 万人), with a colour bar in the KPI's units;
    ``names``: scenario -> its name in the title (default: its id)."""
    import json

    from matplotlib.patches import Polygon

    with _style(lang):
        if scenario not in dataset.scenario:
            raise ValueError(f"scenario={scenario!r} is not allowed; allowed: {tuple(map(str, dataset.scenario.values))}")
        if year not in dataset.time:
            raise ValueError(f"year={year!r} is not allowed; allowed: years of the run "
                             f"({int(dataset.time.min())}-{int(dataset.time.max())})")
        values, _ = as_shown(dataset[kpi].sel(scenario=scenario), kpi, lang)
        values = values.sel(time=year)
        outlines = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["prefectures"]
        norm = Normalize(float(values.min()), float(values.max()))
        colours = matplotlib.colormaps["viridis"]
        figure = Figure(figsize=(5.5, 7.0), layout="constrained")
        axes = figure.subplots()
        for region in REGIONS:
            points = np.asarray(outlines[region])
            value = float(values.sel(region=region))
            axes.add_patch(Polygon(points, closed=True, facecolor=colours(norm(value)), edgecolor="white", linewidth=1))
            x, y = points.mean(axis=0)
            axes.text(x, y, f"{_region_name(region, lang)}\n{value:,.3g}", ha="center", va="center", fontsize=8,
                      color="white" if norm(value) < 0.5 else "black")
        axes.set_xlim(139.0, 142.4)
        axes.set_ylim(36.7, 41.7)
        axes.set_aspect(1.0 / np.cos(np.radians(39.2)))  # degrees of longitude are shorter at Tohoku's latitude
        axes.set_axis_off()
        axes.set_title(_title(f"{_name(values, lang)} — {(names or {}).get(scenario, scenario)}, {year}", lang))
        figure.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=colours), ax=axes, shrink=0.6,
                        label=_units(values, lang))
        return figure


def causal_loops(*, lang: str = "en") -> Figure:
    """The causal-loop diagram of the model's named loops (``sim.spirals.diagram``; 14 × 10 inches),
    its variables and legend in ``lang``."""
    _check_lang(lang)
    return causal_loop_figure(lang=lang)


def fan_chart(bands: xr.DataArray, *, lang: str = "en", targets: list[dict] | None = None,
              kpi: str = "", names: dict[str, str] | None = None, region: str = "Tohoku") -> Figure:
    """Percentile bands of one output over years, one colour per scenario (``scenario_colours``, as in
    the main report): 5-95 % and 25-75 % shaded, the median drawn (``bands``: dims percentile [0-1],
    scenario, year; attrs units, long_name[_ja] and the variable's kind, default "stock"); ``targets``
    as in ``trajectories``, in the bands' units; ``kpi`` the variable's name, which says how it is
    shown (``as_shown``: shares in %, money in Japanese in 億円/兆円); ``names`` scenario -> its name in
    the legend (default: its id); ``region`` the area the bands are of ("Tohoku" or a prefecture), named in
    the title."""
    with _style(lang):
        bands, factor = as_shown(bands, kpi, lang)
        figure = Figure(figsize=(8, 4.5), layout="constrained")
        axes = figure.subplots()
        colours = scenario_colours(bands.scenario.values)
        for scenario in bands.scenario.values:
            colour = colours[str(scenario)]
            series = bands.sel(scenario=scenario)
            for low, high, alpha in ((0.05, 0.95, 0.15), (0.25, 0.75, 0.3)):
                axes.fill_between(series.year, series.sel(percentile=low), series.sel(percentile=high), color=colour,
                                  alpha=alpha, linewidth=0)
            axes.plot(series.year, series.sel(percentile=0.5), color=colour, marker="o",
                      label=(names or {}).get(str(scenario), str(scenario)),
                      linewidth=SCENARIO_WIDTH)
        for target in targets or ():
            _draw_target(axes, target | {"value": factor * target["value"]}, lang)
        axes.set_title(_title(f"{_name(bands, lang)} — {_region_name(region, lang)} "
                              f"({'5–95 %, 25–75 %, median' if lang == 'en' else '5–95 %・25–75 %・中央値'})", lang))
        axes.set_xlabel(time_axis(bands.attrs.get("kind", "stock"), lang))
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(_label(bands, lang))
        axes.grid(alpha=0.3)
        axes.legend(title=_word("scenario", lang), fontsize=8)
    return figure


def tornado(indices: pd.DataFrame, *, title: str, lang: str = "en") -> Figure:
    """Sensitivity indices as horizontal bars, largest on top: Sobol total (ST) and first-order (S1),
    or Morris μ* (``indices``: index = parameter; columns ST and S1, or mu_star)."""
    columns = [c for c in ("ST", "S1") if c in indices] or ["mu_star"]
    ordered = indices.sort_values(columns[0])
    with _style(lang):
        figure = Figure(figsize=(8, 0.45 * len(ordered) + 1.5), layout="constrained")
        axes = figure.subplots()
        positions = np.arange(len(ordered))
        height = 0.8 / len(columns)
        for k, column in enumerate(columns):
            axes.barh(positions + (k - (len(columns) - 1) / 2) * height, ordered[column], height=height, label=column)
        axes.set_yticks(positions, ordered.index)
        axes.set_xlabel("Sobol index [1]" if columns[0] != "mu_star" else "Morris μ* [output units]")
        axes.set_title(title)
        axes.grid(alpha=0.3, axis="x")
        axes.legend(fontsize=8)
    return figure
