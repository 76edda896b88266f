"""The shareable report: one self-contained HTML file (figures embedded as PNG), in English or
Japanese (``output.lang``): a one-page summary (the mix closest to the vision and the mix that
closes most of the way per yen, the targets furthest from reach), the ranking with cost and
cost-effectiveness, the gaps in each KPI's own units, the cost by lever and prefecture, the gap
closed per ¥100bn, the figures, the KPI table, links to the data files and the assumptions behind
them (every parameter with its units and source). The main job writes it.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
import pandas as pd
import xarray as xr
from matplotlib.figure import Figure

from sim import cost as costing
from sim import plots, uncertainty
from sim.labels import (DIRECTIONS, KINDS, column, gap, money, parameter_source, rationale, scenario_descriptions,
                        scenario_names, value, word, year_of)
from sim.model.levers import LEVERS, LEVERS_JA
from sim.model.state import PARAMS
from sim.model.variables import VARIABLES
from sim.webfont import with_japanese_font

LABELS = {variable.name: (variable.long_name, variable.long_name_ja) for variable in VARIABLES}
#: The levers' names in Japanese tables ("DX" alone is not Japanese text).
LEVER_NAMES_JA = dict(zip(LEVERS, LEVERS_JA)) | {"dx": "DX推進"}
#: The data files beside the report: file -> (English, Japanese) description.
DOWNLOADS = {
    "results.nc": ("every variable, every scenario, with units and the composed config (netCDF)",
                   "全変数・全シナリオ（単位・設定つき、netCDF）"),
    "timeseries.csv": ("time series, long format: scenario, region, variable, year, value, units",
                       "時系列（縦持ち：シナリオ、地域、変数、年、値、単位）"),
    "results.xlsx": ("one sheet per KPI (areas × years per scenario), the gap and cost tables (Excel)",
                     "指標ごとのシート（シナリオ別の地域×年）、ギャップ表と費用表（Excel）"),
    "kpis.csv": ("the KPI table of the report's year", "報告年の主要指標表"),
    "vision.csv": ("the comparison with every target", "各目標との比較"),
}
FURTHEST = 3  # targets named in the summary as furthest from reach


def target_label(row, lang: str, *, area: bool = True) -> str:
    """A target's name for tables and figures: the KPI's label, area (unless ``area=False``) and year
    (in Japanese 年度 for a fiscal-year series: "2030年度")."""
    english, japanese = LABELS.get(row["kpi"], (row["kpi"], row["kpi"]))
    english = english.replace("; NaN elsewhere", "")
    place = plots.AREAS_JA.get(row["region"], row["region"]) if lang == "ja" else row["region"]
    if lang == "ja":
        change = "（変化率）" if row["basis"] == "change_since_start" else ""
        when = year_of(int(row["year"]), plots.VARIABLE_KINDS.get(row["kpi"], "stock"), lang)
        return f"{japanese}{change}、{place + '、' if area else ''}{when}"
    change = " (change)" if row["basis"] == "change_since_start" else ""
    return f"{english}{change}, {place + ' ' if area else ''}{row['year']}"


def report_figures(dataset: xr.Dataset, table: pd.DataFrame, lang: str, history: dict | None = None,
                   members: xr.Dataset | None = None, map_of: tuple[str, str, int] | None = None) -> dict[str, Figure]:
    """The report's figures: each target's KPI with the target marked (and the observed history,
    ``history``: (kpi, area) -> Series by year; the 5-95 % band of the ensemble ``members``), the
    gap heat map, prefecture panels of GRP and population, the map ``map_of`` (kpi, scenario,
    year), population pyramids, and the causal-loop diagram."""
    names = scenario_names(dataset.scenario.values, lang)
    figures = {}
    for _, row in table.drop_duplicates("target").iterrows():
        marker = {"value": row["target_value"], "year": int(row["year"]), "direction": row["direction"],
                  "label": f"target {int(row['year'])}",
                  "label_ja": f"目標 {year_of(int(row['year']), plots.VARIABLE_KINDS.get(row['kpi'], 'stock'), 'ja')}"}
        observed = (history or {}).get((row["kpi"], row["region"]))
        band = uncertainty.bands(members, row["kpi"], row["region"]) if members is not None else None
        figures[f"target_{row['target']}"] = plots.trajectories(
            dataset, row["kpi"], lang=lang, region=row["region"], names=names, history=observed, bands=band,
            targets=[marker] if row["basis"] == "level" else None)
    labelled = table.assign(label=[target_label(row, "en") for _, row in table.iterrows()],
                            label_ja=[target_label(row, "ja") for _, row in table.iterrows()])
    figures["gap_heatmap"] = plots.gap_heatmap(labelled, lang=lang, names=names)
    for kpi in ("grp_real", "population_total"):
        observed = {region: series for (name, region), series in (history or {}).items() if name == kpi}
        figures[f"prefectures_{kpi}"] = plots.prefecture_panels(dataset, kpi, lang=lang, names=names, history=observed)
    if map_of is not None:
        kpi, scenario, year = map_of
        figures["map"] = plots.choropleth(dataset, kpi, scenario=scenario, year=year, lang=lang, names=names)
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
    if value is pd.NA or value is None:
        return "—"
    return html.escape(str(value))


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(name))}</th>" for name in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(value)}</td>" for value in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><tr>{head}</tr>{body}</table>"


def _links(downloads, lang: str) -> str:
    """A table of the data files beside the report, each a relative link."""
    rows = "".join(f"<tr><td><a href='{html.escape(name)}'>{html.escape(name)}</a></td>"
                   f"<td>{html.escape(DOWNLOADS[name][lang == 'ja'])}</td></tr>" for name in downloads)
    return f"<table><tr><th>{column('file', lang)}</th><th>{column('contents', lang)}</th></tr>{rows}</table>"


def _names(names: dict[str, str], scenarios) -> list[str]:
    return [names[str(scenario)] for scenario in scenarios]


def _ranking(effect: pd.DataFrame, scores: pd.DataFrame, names: dict, lang: str, year: int,
             rate: float) -> pd.DataFrame:
    return pd.DataFrame({
        column("rank", lang): effect["rank"].to_numpy(),
        column("scenario", lang): _names(names, effect.index),
        column("distance", lang): [f"{100 * d:.1f} %" for d in effect.distance],
        column("met", lang): [f"{m} / {n}" for m, n in zip(scores.met, scores.targets)],
        column("cost", lang, year=year): [money(c, lang) for c in effect.cost],
        column("cost_discounted", lang, rate=f"{100 * rate:g}"): [money(c, lang) for c in effect.cost_discounted],
        column("closed", lang): [f"{c:+.1f}" for c in effect.closed],
        column("closed_per_100bn", lang): ["—" if np.isnan(c) else f"{c:.2f}" for c in effect.closed_per_100bn],
        column("rank_per_yen", lang): ["—" if pd.isna(r) else str(int(r)) for r in effect.rank_per_yen],
    })


def _gap_table(table: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    """Target × scenario: ✓ met / ✗ missed, and the gap in the KPI's own units (positive = short)."""
    targets = table.drop_duplicates("target").set_index("target")
    frame = {column("target", lang): [target_label(row, lang) for _, row in targets.iterrows()],
             column("start", lang): [value(row.start, row.kpi, row.units, lang) for _, row in targets.iterrows()],
             column("target_value", lang): [f"{'≥' if row.direction == 'at_least' else '≤'} "
                                            f"{value(row.target_value, row.kpi, row.units, lang)}"
                                            for _, row in targets.iterrows()]}
    for scenario in dict.fromkeys(table.scenario):
        rows = table[table.scenario == scenario].set_index("target").loc[targets.index]
        frame[names[scenario]] = [f"{'✓' if row.met else '✗'} {gap(row.gap, row.kpi, row.units, lang)}"
                                  for _, row in rows.iterrows()]
    return pd.DataFrame(frame)


def _prefecture_table(prefectures: pd.DataFrame, scenario: str, lang: str) -> pd.DataFrame:
    """Target × prefecture for one scenario: ✓/✗ and the gap in the KPI's own units."""
    rows = prefectures[prefectures.scenario == scenario]
    first = rows.drop_duplicates("target")
    frame = {column("target", lang): [target_label(row, lang, area=False) for _, row in first.iterrows()]}
    for region in dict.fromkeys(rows.region):
        cells = rows[rows.region == region].set_index("target")
        frame[plots.AREAS_JA[region] if lang == "ja" else region] = [
            f"{'✓' if cells.loc[t, 'met'] else '✗'} "
            f"{gap(cells.loc[t, 'gap'], cells.loc[t, 'kpi'], cells.loc[t, 'units'], lang)}"
            if t in cells.index else "—" for t in first.target]
    return pd.DataFrame(frame)


def _cost_tables(costs: xr.Dataset, names: dict, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scenario × lever and scenario × prefecture cost to the vision year."""
    by_lever = costs["cost"].sum("region").to_pandas()
    by_region = costs["cost"].sum("lever").to_pandas()
    lever_names = [LEVER_NAMES_JA[l] if lang == "ja" else l for l in by_lever.columns]
    region_names = [plots.AREAS_JA[r] if lang == "ja" else r for r in by_region.columns]
    tables = []
    for frame, headers in ((by_lever, lever_names), (by_region, region_names)):
        shown = {column("scenario", lang): _names(names, frame.index)}
        for key, header in zip(frame.columns, headers):
            shown[header] = [money(v, lang) for v in frame[key]]
        shown[column("total", lang)] = [money(v, lang) for v in frame.sum(axis=1)]
        tables.append(pd.DataFrame(shown))
    return tables[0], tables[1]


def _per_yen_table(closed: pd.DataFrame, gaps: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    """Target × scenario: the gap closed against the baseline per ¥100bn, in the KPI's own units."""
    targets = gaps.drop_duplicates("target").set_index("target")
    frame = {column("target", lang): [target_label(row, lang) for _, row in targets.iterrows()]}
    for scenario in dict.fromkeys(closed.scenario):
        rows = closed[closed.scenario == scenario].set_index("target").loc[targets.index]
        frame[names[scenario]] = [gap(row.closed_per_100bn, row.kpi, row.units, lang, digits=2)
                                  for _, row in rows.iterrows()]
    return pd.DataFrame(frame)


def _chances(met: pd.DataFrame, first: pd.Series, gaps: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    """Target × scenario probability of meeting it, and the probability of ranking first, in %."""
    targets = gaps.drop_duplicates("target").set_index("target").loc[list(met.columns)]
    frame = {column("target", lang): [target_label(row, lang) for _, row in targets.iterrows()]
             + [column("first", lang)]}
    for scenario in met.index:
        frame[names[scenario]] = [f"{100 * met.loc[scenario, t]:.0f} %" for t in met.columns] + \
                                 [f"{100 * first[scenario]:.0f} %"]
    return pd.DataFrame(frame)


def _without_chance(met: pd.DataFrame, gaps: pd.DataFrame, lang: str) -> str:
    """A sentence naming the targets without a probability (their KPI has no value in the ensemble
    in their year: one it does not keep, or an annual flow in the run's last year, which needs the
    year after), escaped; "" when every target has one."""
    rows = gaps.drop_duplicates("target")
    rows = rows[~rows.target.isin(met.columns)]
    if not len(rows):
        return ""
    if lang == "ja":
        named = "、".join(target_label(row, lang) for _, row in rows.iterrows())
        return html.escape(f"目標年にアンサンブルの値がない目標（計算の最終年の年間の流量など）は確率を求めない：{named}。")
    named = "; ".join(target_label(row, lang) for _, row in rows.iterrows())
    return html.escape(f" Without a probability (no value in the ensemble in the target year, e.g. an annual "
                       f"flow in the run's last year, which needs the year after): {named}.")


def summary(effect: pd.DataFrame, scores: pd.DataFrame, gaps: pd.DataFrame, names: dict, lang: str,
            year: int, first_chance: pd.Series | None = None) -> str:
    """The one-page summary as HTML paragraphs, templated from the numbers (``first_chance``: each
    scenario's probability of ranking first over the ensemble, if any)."""
    chosen = costing.best(effect)
    overall, per_yen = chosen["overall"], chosen["per_yen"]
    join = "・".join if lang == "ja" else " and ".join
    first = overall[0]
    rows = gaps[gaps.scenario == first].sort_values("shortfall", ascending=False, kind="stable")
    furthest = rows[rows.shortfall > 0].head(FURTHEST)
    brackets = ("（", "）") if lang == "ja" else (" (", ")")
    far = [f"{html.escape(target_label(row, lang))}{brackets[0]}{gap(row.gap, row.kpi, row.units, lang)}{brackets[1]}"
           for _, row in furthest.iterrows()]
    baseline = 100 * scores.loc[costing.BASELINE, "distance"]
    distance = 100 * effect.loc[first, "distance"]
    met, targets = scores.loc[first, "met"], scores.loc[first, "targets"]
    best_names = html.escape(join(_names(names, overall)))
    if lang == "ja":
        lines = [f"ありたい姿に最も近いのは<b>{best_names}</b>：{year}年の残りの道のりは{distance:.1f}%"
                 f"（ベースライン{baseline:.1f}%）、{targets}目標のうち{met}目標を達成。"]
        if per_yen:
            top = effect.loc[per_yen[0]]
            lines.append(f"費用対効果が最も高いのは<b>{html.escape(join(_names(names, per_yen)))}</b>："
                         f"割引後の費用100億円当たり{top.closed_per_100bn:.2f}ポイント（{year}年までの費用"
                         f"{money(top.cost, 'ja')}、割引後{money(top.cost_discounted, 'ja')}）。")
        if far:
            lines.append(f"{best_names}で最も遠い目標：" + "、".join(far) + "。")
        if first_chance is not None:
            lines.append(f"不確実なパラメータのアンサンブルで{best_names}が1位になる確率は"
                         f"{100 * first_chance[overall].sum():.0f}%。")
    else:
        lines = [f"Closest to the vision: <b>{best_names}</b>, with {distance:.1f} % of the way still to go "
                 f"in {year} (baseline {baseline:.1f} %), meeting {met} of {targets} targets."]
        if per_yen:
            top = effect.loc[per_yen[0]]
            lines.append(f"Most per yen: <b>{html.escape(join(_names(names, per_yen)))}</b>, "
                         f"{top.closed_per_100bn:.2f} points of the way per ¥100bn of discounted cost "
                         f"({money(top.cost, 'en')} to {year}, {money(top.cost_discounted, 'en')} discounted).")
        if far:
            lines.append(f"Furthest from reach under {best_names}: " + "; ".join(far) + ".")
        if first_chance is not None:
            lines.append(f"Over the ensemble of the uncertain parameters, {best_names} ranks first with probability "
                         f"{100 * first_chance[overall].sum():.0f} %.")
    return "".join(f"<p>{line}</p>" for line in lines)


def _scenarios(dataset: xr.Dataset, names: dict, lang: str) -> pd.DataFrame:
    """Each scenario's name and what it does (its file's description, in ``lang``)."""
    descriptions = scenario_descriptions(dataset.scenario.values, lang)
    return pd.DataFrame({column("scenario", lang): _names(names, dataset.scenario.values),
                         column("description", lang): [descriptions[str(s)] for s in dataset.scenario.values]})


def _parameters(lang: str) -> pd.DataFrame:
    rows = []
    for entry in PARAMS.entries:
        rows.append({column("parameter", lang): entry.name, column("units", lang): entry.units or "1",
                     column("allowed", lang): f"[{entry.bounds[0]:g}, {entry.bounds[1]:g}]",
                     column("source", lang): parameter_source(entry.name, entry.source, lang)})
    return pd.DataFrame(rows)


def _targets(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    targets = table.drop_duplicates("target")
    pick = 1 if lang == "ja" else 0
    return pd.DataFrame({
        column("target", lang): [target_label(row, lang) for _, row in targets.iterrows()],
        column("direction", lang): [DIRECTIONS[d][pick] for d in targets.direction],
        column("target_value", lang): [value(row.target_value, row.kpi, row.units, lang)
                                       for _, row in targets.iterrows()],
        column("weight", lang): targets.weight.to_numpy(),
        column("kind", lang): [KINDS[k][pick] for k in targets.kind],
        column("source", lang): [rationale(t, source, lang) for t, source in zip(targets.target, targets.source)]})


#: When a KPI of the report's year is, in Japanese, by its kind: counted on 1 October (stocks), the
#: fiscal year (rates) or the year from 1 October (annual flows).
WHEN_JA = {"stock": "{year}年10月1日現在", "rate": "{year}年度", "annual_flow": "{year}年10月から1年間"}


def _kpi_table(kpis: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    """Scenario × KPI values of the report's year, Tohoku; Japanese headers say when the value is
    (``WHEN_JA``)."""
    tohoku = kpis[kpis.region == "Tohoku"]
    year = int(kpis.year.iloc[0])
    frame = {column("scenario", lang): _names(names, dict.fromkeys(tohoku.scenario))}
    for kpi in dict.fromkeys(tohoku.kpi):
        rows = tohoku[tohoku.kpi == kpi]
        header = LABELS.get(kpi, (kpi, kpi))[lang == "ja"].replace("; NaN elsewhere", "")
        if lang == "ja":
            header += f"（{WHEN_JA[plots.VARIABLE_KINDS.get(kpi, 'stock')].format(year=year)}）"
        frame[header] = [value(v, kpi, u, lang) for v, u in zip(rows.value, rows.units)]
    return pd.DataFrame(frame)


def report_html(dataset: xr.Dataset, kpis: pd.DataFrame, table: pd.DataFrame, scores: pd.DataFrame,
                figures: dict[str, bytes], config_yaml: str, lang: str = "en", *, costs: xr.Dataset,
                downloads: tuple[str, ...] = (), prefectures: pd.DataFrame | None = None,
                chances: tuple[pd.DataFrame, pd.Series, int, str] | None = None) -> str:
    """The report as one HTML document (see the module docstring); ``costs`` from
    ``sim.cost.cost_dataset``, ``downloads`` the data files beside the report to link,
    ``prefectures`` the comparison by prefecture (``sim.vision.by_prefecture``), ``chances`` the
    ensemble's probabilities (``sim.uncertainty.probabilities``) and its members per scenario."""
    names = scenario_names(dataset.scenario.values, lang)
    year, rate = int(kpis.year.iloc[0]), float(costs["cost_discounted"].attrs["discount_rate"])
    effect = costing.effectiveness(scores, costs)
    by_lever, by_region = _cost_tables(costs, names, lang)
    unmet = table.groupby("target").met.any()
    unmet_rows = table[table.target.isin(unmet[~unmet].index)].drop_duplicates("target")
    unmet_list = "".join(f"<li>{html.escape(target_label(row, lang))}{'：' if lang == 'ja' else ': '}"
                         f"{html.escape(rationale(row['target'], row['source'], lang))}</li>"
                         for _, row in unmet_rows.iterrows()) or "<li>—</li>"
    images = "".join(
        f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
        f"</figure>" for name, png in figures.items())
    ja = lang == "ja"
    by_prefecture = ""
    if prefectures is not None and len(prefectures):
        shown = costing.best(effect)["overall"][0]
        intro = (f"{html.escape(names[shown])}：目標年における各県の値と東北全体の目標との差（割合はポイント）。"
                 if ja else f"{html.escape(names[shown])}: each prefecture's value in the target year against the "
                 f"Tohoku target (shares in percentage points); every scenario in results.xlsx.")
        by_prefecture = (f"<h2>{word('prefectures', lang)}</h2><p>{intro}</p>"
                         f"{_table(_prefecture_table(prefectures, shown, lang))}")
    uncertain = ""
    if chances is not None:
        met, first, members, version = chances
        intro = (f"過去の統計で絞り込んだパラメータの組（較正済みアンサンブル {html.escape(version)}、docs/ENSEMBLE.md）"
                 f"から{members}通りを各シナリオで計算。図の帯は5〜95%の幅。" if ja else
                 f"{members} members per scenario of the calibrated ensemble {html.escape(version)} (the uncertain "
                 f"parameters' priors constrained by history, docs/ENSEMBLE.md); the bands on the figures are "
                 f"5-95 %.")
        uncertain = (f"<h2>{word('chances', lang)}</h2><p>{intro}{_without_chance(met, table, lang)}</p>"
                     f"{_table(_chances(met, first, table, names, lang))}")
    notes = {
        "meta": (f"{len(dataset.scenario)} scenarios, {int(dataset.time.min())}–{int(dataset.time.max())}, "
                 f"dt {dataset.attrs['dt']} year, {html.escape(dataset.attrs['method'])}; sim "
                 f"{dataset.attrs['sim_version']} ({html.escape(dataset.attrs['git_sha'][:10])}). Equations, data "
                 f"and sources: docs/MODEL.md; the score: docs/VISION.md.",
                 f"シナリオ数{len(dataset.scenario)}、{int(dataset.time.min())}〜{int(dataset.time.max())}年、"
                 f"時間刻み{dataset.attrs['dt']}年、{html.escape(dataset.attrs['method'])}法；sim "
                 f"{dataset.attrs['sim_version']}（{html.escape(dataset.attrs['git_sha'][:10])}）。"
                 f"式・データ・出典：docs/MODEL.md、評価方法：docs/VISION.md。"),
        "ranking": ("Distance: the weighted mean, over the targets, of the share of the way from the 2020 value to "
                    "the target not yet travelled (0 % = every target met, 100 % = no target moved towards); "
                    "scenarios within 0.2 points share a rank. Cost: lever spending above business as usual to "
                    f"{year}; points closed per ¥100bn of discounted cost.",
                    "距離：各目標について2020年の値から目標までの道のりのうち残っている割合を、重みつきで平均したもの"
                    "（0%＝全目標達成、100%＝どの目標にも近づいていない）。差が0.2ポイント未満のシナリオは同順位。"
                    f"費用：{year}年までの施策の追加予算（現状維持比）。割引後の費用100億円当たりの縮小ポイント。"),
        "gaps": ("✓ met / ✗ missed in the target year; the gap in the KPI's own units (positive = short of the "
                 "target; shares in percentage points).",
                 "✓ 達成／✗ 未達（目標年）。ギャップは指標の単位で表示（正＝目標に届かない量、割合はポイント）。"),
    }
    style = ("body{font-family:sans-serif;max-width:1150px;margin:2em auto;padding:0 1em}table{border-collapse:"
             "collapse;font-size:12px;margin:0.5em 0}td,th{border:1px solid #bbb;padding:3px 6px;text-align:left}"
             "img{max-width:100%}figure{margin:1em 0}pre{font-size:11px;background:#f6f6f6;padding:1em}"
             ".summary{border:2px solid #444;padding:0.5em 1em;font-size:15px}")
    return with_japanese_font((
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{word('title', lang)}</title>"
        f"<style>{style}</style></head><body><h1>{word('title', lang)}</h1><p>{notes['meta'][ja]}</p>"
        f"<div class='summary'><h2>{word('summary', lang)}</h2>"
        f"{summary(effect, scores, table, names, lang, year, chances[1] if chances else None)}</div>"
        f"<h2>{word('scenarios', lang)}</h2>{_table(_scenarios(dataset, names, lang))}"
        f"<h2>{word('ranking', lang)}</h2><p>{notes['ranking'][ja]}</p>"
        f"{_table(_ranking(effect, scores, names, lang, year, rate))}"
        f"<h2>{word('gaps', lang)}</h2><p>{notes['gaps'][ja]}</p>{_table(_gap_table(table, names, lang))}"
        f"{by_prefecture}"
        f"<h2>{word('cost', lang)}</h2><h3>{word('cost_levers', lang)}</h3>{_table(by_lever)}"
        f"<h3>{word('cost_regions', lang)}</h3>{_table(by_region)}"
        f"<h2>{word('per_yen', lang)}</h2>"
        f"{_table(_per_yen_table(costing.gap_closed(table, costs), table, names, lang))}"
        f"{uncertain}"
        f"<h2>{word('unmet', lang)}</h2><ul>{unmet_list}</ul>"
        f"<h2>{word('figures', lang)}</h2>{images}"
        f"<h2>{word('kpis', lang)} {year}</h2>{_table(_kpi_table(kpis, names, lang))}"
        f"<h2>{word('downloads', lang)}</h2>{_links(downloads, lang)}"
        f"<h2>{word('targets', lang)}</h2>{_table(_targets(table, lang))}"
        f"<h2>{word('assumptions', lang)}</h2>{_table(_parameters(lang))}"
        f"<h2>{word('config', lang)}</h2><pre>{html.escape(config_yaml)}</pre></body></html>"), lang)


def sweep_figures(results: xr.Dataset, analysis: dict[str, pd.DataFrame], outputs, lang: str,
                  targets=()) -> dict[str, Figure]:
    """Fan charts of each output with its targets (``sim.vision.Target``s, level basis) marked: Tohoku's
    (``fan_<output>``), and one per prefecture that has a target of its own (``fan_<output>_<region>``,
    e.g. Fukushima's renewable share); and tornado charts of its sensitivity indices, where it has
    any (an annual flow kept only in the run's last year has none)."""
    from sim.kpis import tohoku
    from sim.model.variables import VARIABLES
    from sim.sweep.analysis import percentile_bands

    attrs = {variable.name: variable for variable in VARIABLES}
    names = scenario_names(results.scenario.values, lang)
    figures = {}
    for name in outputs:
        variable = attrs[name]
        levels = [t for t in targets if t.kpi == name and t.basis == "level"]
        areas = ["Tohoku"] + list(dict.fromkeys(t.region for t in levels if t.region != "Tohoku"))
        for area in areas:
            values = tohoku(results, name) if area == "Tohoku" else results[name].sel(region=area)
            bands = percentile_bands(values)
            bands.attrs = {"units": variable.units, "long_name": variable.long_name,
                           "long_name_ja": variable.long_name_ja, "kind": variable.kind}
            markers = [{"value": t.value, "year": t.year, "direction": t.direction, "label": f"target {t.year}",
                        "label_ja": f"目標 {year_of(t.year, variable.kind, 'ja')}"} for t in levels if t.region == area]
            key = f"fan_{name}" if area == "Tohoku" else f"fan_{name}_{area}"
            figures[key] = plots.fan_chart(bands, lang=lang, targets=markers, kpi=name, names=names, region=area)
        sensitivity = analysis.get("sensitivity")
        if sensitivity is not None and (sensitivity.output == name).any():
            last = sensitivity[sensitivity.output == name]
            last = last[(last.year == last.year.max()) & (last.scenario == last.scenario.iloc[0])]
            title = f"{variable.long_name_ja if lang == 'ja' else variable.long_name}, {last.scenario.iloc[0]} " \
                    f"{int(last.year.iloc[0])}"
            figures[f"tornado_{name}"] = plots.tornado(last.set_index("parameter"), title=title, lang=lang)
    return figures


def _sweep_chances(probabilities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Target × scenario probability of meeting it, in %, with a note for each target the sweep did
    not keep ("not in the sweep: <reason>", ``sim.sweep.analysis.NOT_KEPT``)."""
    from sim.sweep.analysis import NOT_KEPT

    if not len(probabilities):
        return pd.DataFrame({column("target", lang): ["—"]})
    targets = probabilities.drop_duplicates("target").set_index("target")
    scenarios = list(dict.fromkeys(probabilities.scenario))
    names = scenario_names(scenarios, lang)
    chances = probabilities.pivot(index="target", columns="scenario", values="probability").loc[targets.index]
    frame = {column("target", lang): [target_label(row, lang) for _, row in targets.reset_index().iterrows()]}
    for scenario in scenarios:
        frame[names[scenario]] = ["—" if np.isnan(p) else f"{100 * p:.1f} %" for p in chances[scenario]]
    notes = [NOT_KEPT[row.not_kept][lang == "ja"].format(kpi=row.kpi, year=row.year)
             if row.not_kept else "" for row in targets.itertuples()]
    if any(notes):
        frame[column("note", lang)] = notes
    return pd.DataFrame(frame)


def sweep_report_html(analysis: dict[str, pd.DataFrame], figures: dict[str, bytes], config_yaml: str,
                      lang: str = "en") -> str:
    """The sweep's report: probability of meeting each target (every target of the vision; those the
    sweep did not keep say why), sensitivity tables and charts."""
    chances = _sweep_chances(analysis["probabilities"], lang)
    images = "".join(
        f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
        f"</figure>" for name, png in figures.items())
    sensitivity = analysis.get("sensitivity")
    table = _table(sensitivity.round(4)) if sensitivity is not None else (
        "<p>— (no indices from this design: choose sweep.method=sobol or morris)</p>" if lang != "ja" else
        "<p>—（この実験計画では感度指数を求めない：sweep.method=sobol または morris を指定）</p>")
    return with_japanese_font(
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{word('sweep_title', lang)}"
        f"</title></head><body><h1>{word('uncertainty', lang)}</h1>"
        f"<h2>{word('probabilities', lang)}</h2>{_table(chances)}"
        f"<h2>{word('figures', lang)}</h2>{images}<h2>{word('sensitivity', lang)}</h2>{table}"
        f"<h2>{word('config', lang)}</h2><pre>{html.escape(config_yaml)}</pre></body></html>", lang)
