"""The shareable report: one self-contained HTML file (figures embedded as PNG) with the ranking of
the scenarios against the vision, the gap table, the figures, the KPI table and the assumptions
behind them (every parameter with its units and source). The main job writes it.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
import pandas as pd
import xarray as xr
from matplotlib.figure import Figure

from sim import plots
from sim.model.state import PARAMS
from sim.model.variables import VARIABLES

LABELS = {variable.name: (variable.long_name, variable.long_name_ja) for variable in VARIABLES}

#: The report's words in English and Japanese.
WORDS = {
    "title": ("Tohoku strategy scenarios against the 10-year vision", "東北の戦略シナリオと10年後のありたい姿"),
    "ranking": ("Ranking: distance to the vision", "順位：ありたい姿までの距離"),
    "distance": ("distance [mean shortfall, % of target]", "距離［平均不足率、目標比 %］"),
    "met": ("targets met", "達成目標数"),
    "gaps": ("Gap table", "ギャップ表"),
    "unmet": ("Targets no scenario meets", "どのシナリオも達成しない目標"),
    "figures": ("Figures", "図"),
    "kpis": ("KPIs, Tohoku", "主要指標（東北）"),
    "assumptions": ("Assumptions: parameters and their sources", "前提：パラメータと出典"),
    "targets": ("The vision's targets", "ありたい姿の目標"),
    "config": ("Configuration", "設定"),
    "scenario": ("scenario", "シナリオ"),
    "sweep_title": ("sim sweep", "sim スイープ"),
    "uncertainty": ("Uncertainty and sensitivity", "不確実性と感度"),
    "probabilities": ("Probability of meeting each vision target", "ありたい姿の各目標を達成する確率"),
    "sensitivity": ("Sensitivity indices", "感度指数"),
}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang == "ja"]


def target_label(row, lang: str) -> str:
    """A target's name for tables and figures: the KPI's label, region and year."""
    english, japanese = LABELS.get(row["kpi"], (row["kpi"], row["kpi"]))
    name = japanese if lang == "ja" else english
    change = " (change)" if row["basis"] == "change_since_start" and lang != "ja" else (
        "（変化率）" if row["basis"] == "change_since_start" else "")
    return f"{name}{change}, {row['region']} {row['year']}"


def report_figures(dataset: xr.Dataset, table: pd.DataFrame, lang: str) -> dict[str, Figure]:
    """The report's figures: each target's KPI with the target marked, the gap heat map, prefecture
    panels of GRP and population, population pyramids, and the causal-loop diagram."""
    figures = {}
    for _, row in table.drop_duplicates("target").iterrows():
        marker = {"value": row["target_value"], "year": int(row["year"]), "direction": row["direction"],
                  "label": f"{'目標' if lang == 'ja' else 'target'} {int(row['year'])}"}
        if row["basis"] == "level":
            figures[f"target_{row['target']}"] = plots.trajectories(dataset, row["kpi"], lang=lang,
                                                                   region=row["region"], targets=[marker])
        else:
            figures[f"target_{row['target']}"] = plots.trajectories(dataset, row["kpi"], lang=lang,
                                                                   region=row["region"])
    labelled = table.assign(label=[f"{row['target'].replace('_', ' ')} {row['year']}" for _, row in table.iterrows()],
                            label_ja=[f"{LABELS.get(row['kpi'], (row['kpi'],) * 2)[1]} {row['year']}"
                                      for _, row in table.iterrows()])
    figures["gap_heatmap"] = plots.gap_heatmap(labelled, lang=lang)
    for kpi in ("grp_real", "population_total"):
        figures[f"prefectures_{kpi}"] = plots.prefecture_panels(dataset, kpi, lang=lang)
    figures["population_pyramids"] = plots.population_pyramids(dataset, lang=lang)
    figures["causal_loops"] = plots.causal_loops(lang=lang)
    return figures


def png_bytes(figure: Figure, dpi: int = 100) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _cell(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "✓" if value else "✗"
    if isinstance(value, (float, np.floating)):
        return "—" if np.isnan(value) else f"{value:,.4g}"
    if value is pd.NA:
        return "—"
    return html.escape(str(value))


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(value)}</td>" for value in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><tr>{head}</tr>{body}</table>"


def _gap_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = table.assign(target_name=[target_label(row, lang) for _, row in table.iterrows()])
    wide = rows.pivot(index="target_name", columns="scenario", values="gap_pct")
    met = rows.pivot(index="target_name", columns="scenario", values="met")
    order_targets = list(dict.fromkeys(rows.target_name))
    order_scenarios = list(dict.fromkeys(rows.scenario))
    cells = {scenario: [f"{'✓' if met.loc[t, scenario] else '✗'} {wide.loc[t, scenario]:+.1f} %"
                        for t in order_targets] for scenario in order_scenarios}
    return pd.DataFrame({"target": order_targets} | cells)


def _parameters() -> pd.DataFrame:
    rows = []
    for entry in PARAMS.entries:
        rows.append({"parameter": entry.name, "units": entry.units or "1",
                     "allowed": f"[{entry.bounds[0]:g}, {entry.bounds[1]:g}]", "source": entry.source})
    return pd.DataFrame(rows)


def report_html(dataset: xr.Dataset, kpis: pd.DataFrame, table: pd.DataFrame, scores: pd.DataFrame,
                figures: dict[str, bytes], config_yaml: str, lang: str = "en") -> str:
    """The report as one HTML document (see the module docstring)."""
    ranking = scores.reset_index().rename(columns={"distance": word("distance", lang), "met": word("met", lang)})
    unmet = table.groupby("target").met.any()
    unmet_rows = table[table.target.isin(unmet[~unmet].index)].drop_duplicates("target")
    unmet_list = "".join(f"<li>{html.escape(target_label(row, lang))}: {html.escape(row['source'])}</li>"
                         for _, row in unmet_rows.iterrows()) or "<li>—</li>"
    tohoku = kpis[kpis.region == "Tohoku"].pivot(index="scenario", columns="kpi", values="value")
    tohoku = tohoku.loc[list(dict.fromkeys(kpis.scenario)), list(dict.fromkeys(kpis.kpi))].reset_index()
    targets = table.drop_duplicates("target")[["target", "kpi", "region", "year", "direction", "basis",
                                               "target_value", "weight", "kind", "source"]]
    images = "".join(
        f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
        f"</figure>" for name, png in figures.items())
    style = ("body{font-family:sans-serif;max-width:1150px;margin:2em auto;padding:0 1em}table{border-collapse:"
             "collapse;font-size:12px;margin:0.5em 0}td,th{border:1px solid #bbb;padding:3px 6px;text-align:left}"
             "img{max-width:100%}figure{margin:1em 0}pre{font-size:11px;background:#f6f6f6;padding:1em}")
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{word('title', lang)}</title>"
        f"<style>{style}</style></head><body><h1>{word('title', lang)}</h1>"
        f"<p>{len(dataset.scenario)} scenarios, {int(dataset.time.min())}–{int(dataset.time.max())}, dt "
        f"{dataset.attrs['dt']} year, {html.escape(dataset.attrs['method'])}; sim {dataset.attrs['sim_version']} "
        f"({html.escape(dataset.attrs['git_sha'][:10])}). Equations, data and sources: docs/MODEL.md.</p>"
        f"<h2>{word('ranking', lang)}</h2>{_table(ranking)}"
        f"<h2>{word('gaps', lang)}</h2><p>✓ met / ✗ missed in the target year; gap in % of the target "
        f"(positive = short of it).</p>{_table(_gap_table(table, lang))}"
        f"<h2>{word('unmet', lang)}</h2><ul>{unmet_list}</ul>"
        f"<h2>{word('figures', lang)}</h2>{images}"
        f"<h2>{word('kpis', lang)} {int(kpis.year.iloc[0])}</h2>{_table(tohoku)}"
        f"<h2>{word('targets', lang)}</h2>{_table(targets)}"
        f"<h2>{word('assumptions', lang)}</h2>{_table(_parameters())}"
        f"<h2>{word('config', lang)}</h2><pre>{html.escape(config_yaml)}</pre></body></html>")


def sweep_figures(results: xr.Dataset, analysis: dict[str, pd.DataFrame], outputs, lang: str) -> dict[str, Figure]:
    """Fan charts of each output (Tohoku) and tornado charts of its sensitivity indices."""
    from sim.kpis import tohoku
    from sim.model.variables import VARIABLES
    from sim.sweep.analysis import percentile_bands

    attrs = {variable.name: variable for variable in VARIABLES}
    figures = {}
    for name in outputs:
        bands = percentile_bands(tohoku(results, name))
        variable = attrs[name]
        bands.attrs = {"units": variable.units, "long_name": variable.long_name, "long_name_ja": variable.long_name_ja}
        figures[f"fan_{name}"] = plots.fan_chart(bands, lang=lang)
        sensitivity = analysis.get("sensitivity")
        if sensitivity is not None:
            last = sensitivity[sensitivity.output == name]
            last = last[(last.year == last.year.max()) & (last.scenario == last.scenario.iloc[0])]
            title = f"{variable.long_name_ja if lang == 'ja' else variable.long_name}, {last.scenario.iloc[0]} " \
                    f"{int(last.year.iloc[0])}"
            figures[f"tornado_{name}"] = plots.tornado(last.set_index("parameter"), title=title, lang=lang)
    return figures


def sweep_report_html(analysis: dict[str, pd.DataFrame], figures: dict[str, bytes], config_yaml: str,
                      lang: str = "en") -> str:
    """The sweep's report: probability of meeting each target, sensitivity tables and charts."""
    probabilities = analysis["probabilities"]
    chances = (probabilities.pivot(index="target", columns="scenario", values="probability").reset_index()
               if len(probabilities) else pd.DataFrame({"target": ["—"]}))
    images = "".join(
        f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
        f"</figure>" for name, png in figures.items())
    sensitivity = analysis.get("sensitivity")
    table = _table(sensitivity.round(4)) if sensitivity is not None else "<p>—</p>"
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{word('sweep_title', lang)}"
            f"</title></head><body><h1>{word('uncertainty', lang)}</h1>"
            f"<h2>{word('probabilities', lang)}</h2>{_table(chances)}"
            f"<h2>{word('figures', lang)}</h2>{images}<h2>{word('sensitivity', lang)}</h2>{table}"
            f"<h2>{word('config', lang)}</h2><pre>{html.escape(config_yaml)}</pre></body></html>")
