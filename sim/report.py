"""The main job's figures and its self-contained HTML report (figures embedded as PNG).

Plots take a Dataset and return a matplotlib Figure; the report is one HTML file a planner can
forward. The vision comparison, Japanese labels and the planner's figures arrive with the vision
issue; this is the KPI table and the KPI trajectories.
"""

from __future__ import annotations

import base64
import html
import io

import pandas as pd
import xarray as xr
from matplotlib.figure import Figure

from sim.kpis import tohoku


def kpi_figure(dataset: xr.Dataset, name: str) -> Figure:
    """Tohoku trajectory of one KPI, one line per scenario, units on the axis."""
    values = tohoku(dataset, name)
    figure = Figure(figsize=(7.5, 4.2), layout="constrained")
    axes = figure.subplots()
    for scenario in dataset.scenario.values:
        axes.plot(values.time, values.sel(scenario=scenario), label=str(scenario), linewidth=1.6)
    axes.set_title(f"{values.attrs['long_name']} — Tohoku")
    axes.set_xlabel("year (1 October)")
    axes.set_ylabel(f"{name.replace('_', ' ')} [{values.attrs['units']}]")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, ncols=2)
    return figure


def png_bytes(figure: Figure, dpi: int = 100) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _table_html(table: pd.DataFrame) -> str:
    tohoku_rows = table[table.region == "Tohoku"]
    wide = tohoku_rows.pivot(index="scenario", columns="kpi", values="value")
    wide = wide.loc[list(dict.fromkeys(tohoku_rows.scenario)), list(dict.fromkeys(tohoku_rows.kpi))]
    units = tohoku_rows.drop_duplicates("kpi").set_index("kpi").units
    head = "".join(f"<th>{html.escape(k)}<br><small>[{html.escape(units[k])}]</small></th>" for k in wide.columns)
    body = "".join(
        f"<tr><th>{html.escape(s)}</th>" + "".join(f"<td>{v:,.4g}</td>" for v in wide.loc[s]) + "</tr>"
        for s in wide.index)
    return f"<table><tr><th>scenario</th>{head}</tr>{body}</table>"


def report_html(dataset: xr.Dataset, table: pd.DataFrame, figures: dict[str, bytes], config_yaml: str) -> str:
    """The report: KPI table (Tohoku, the table's year), figures, and the configuration that made it."""
    year = int(table.year.iloc[0])
    images = "".join(
        f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
        f"</figure>" for name, png in figures.items())
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;"
             "font-size:12px}td,th{border:1px solid #bbb;padding:3px 6px;text-align:right}img{max-width:100%}")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>sim: Tohoku scenarios</title>"
        f"<style>{style}</style></head><body>"
        "<h1>Tohoku strategy scenarios</h1>"
        f"<p>{len(dataset.scenario)} scenarios, {int(dataset.time.min())}–{int(dataset.time.max())}, "
        f"dt {dataset.attrs['dt']} year, {html.escape(dataset.attrs['method'])}; sim {dataset.attrs['sim_version']}"
        f" ({html.escape(dataset.attrs['git_sha'][:10])}). Equations, data and sources: docs/MODEL.md.</p>"
        f"<h2>KPIs in {year}, Tohoku</h2>{_table_html(table)}"
        f"<p>All prefectures: kpis.csv. Data in results.nc.</p><h2>Trajectories</h2>{images}"
        f"<h2>Configuration</h2><pre>{html.escape(config_yaml)}</pre></body></html>")
