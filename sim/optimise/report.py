"""The optimum against the shipped mixes, for people (issue 16): a self-contained HTML page in
English or Japanese and CSV tables, from a ``sim.optimise.compare.Comparison``. The functions
return text or bytes; the command writes them (``sim.atomic``).

The page gives the optimum's allocation (lever × budget, and its prefectural shares when it sets
them), a sentence reading the result, the comparison table (cost a year, to the last year run and
discounted, the main report's single-run distance, the expected distance and CVaR over the members,
probability of meeting every kept target, regret, probability of being best), the probability of
meeting each target, the regret of each mix over the members as a box plot and, when given, the
search's progress. Distances and regrets are shown in % / points of the way to the vision (100 ×
the 0-1 distance, as the main report). Japanese pages use the scenarios' ``name_ja``, the levers'
and prefectures' Japanese names, and embed the font as the main report does (``with_japanese_font``).
"""

from __future__ import annotations

import base64
import html

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.labels import column
from sim.model.dimensions import REGIONS
from sim.optimise.compare import BASELINE, Comparison
from sim.plots import AREAS_JA, RC
from sim.report import LEVER_NAMES_JA, _table, png_bytes, target_label
from sim.webfont import with_japanese_font

#: Headings and table headers: key -> (English, Japanese); ``{alpha}`` is the CVaR level in %.
WORDS = {
    "title": ("The optimum against the shipped mixes", "最適配分と既存の施策パッケージの比較"),
    "allocation": ("The optimum's allocation", "最適配分の内訳"),
    "comparison": ("Comparison with every shipped mix", "既存の施策パッケージとの比較"),
    "chances": ("Probability of meeting each target", "目標ごとの達成確率"),
    "regret": ("Regret over the ensemble members", "アンサンブルのメンバーごとのリグレット"),
    "progress": ("Progress of the search", "探索の経過"),
    "lever": ("lever", "施策"),
    "budget": ("budget [¥bn/yr]", "予算（億円／年）"),
    "cost": ("cost [¥bn/yr]", "費用（億円／年）"),
    "cost_total": ("cost to {stop} [¥bn]", "{stop}年までの費用（億円）"),
    "cost_discounted": ("discounted at {rate} %/yr [¥bn]", "割引後（年{rate}%、億円）"),
    "score": ("distance, single run", "距離（単一実行）"),
    "expected": ("expected distance", "距離の期待値"),
    "cvar": ("CVaR-{alpha} of the distance", "距離のCVaR（{alpha}%）"),
    "p_all": ("P(every target met)", "全目標を達成する確率"),
    "regret_mean": ("mean regret [points]", "平均リグレット（ポイント）"),
    "regret_p90": ("90th percentile regret [points]", "リグレットの90パーセンタイル（ポイント）"),
    "regret_max": ("largest regret [points]", "最大リグレット（ポイント）"),
    "p_best": ("P(best)", "最良となる確率"),
    "stress": ("How much the optimum moves when the evidence moves", "根拠が動いたときに最適配分はどれだけ動くか"),
    "stress_note": ("The search rerun with posterior parameters pinned at an end of their prior range "
                    "(conf/optimise/default.yaml): the re-optimised budgets, the objective the re-optimum reaches "
                    "and the one the optimum above keeps in that case, the regret of not re-optimising, and the "
                    "share of the budget that moves.",
                    "事後分布のパラメータを事前分布の範囲の端に固定して探索をやり直した結果：再最適化した予算、"
                    "その場合に再最適化後の配分と上の最適配分が達する目的関数値、再最適化しないことによる"
                    "リグレット、動く予算の割合。"),
    "case": ("case", "ケース"),
    "reoptimised": ("objective, re-optimised", "目的関数値（再最適化）"),
    "kept": ("objective, optimum kept", "目的関数値（最適配分のまま）"),
    "case_regret": ("regret [points]", "リグレット（ポイント）"),
    "moved": ("budget moved", "動く予算の割合"),
    "front": ("The Pareto front", "パレートフロント"),
    "front_cost": ("Each point: the lowest expected distance to the vision found for its total budget, on the same "
                   "members ({points} allocations not dominated among {evaluations} evaluated; NSGA-II, pymoo); "
                   "squares: the optimum and the shipped mixes. The CSV beside this page (front.csv) gives every "
                   "point's split.",
                   "各点：その総予算で見つかった、ビジョンまでの距離の期待値の最小値（同じメンバー上。評価した"
                   "{evaluations}通りのうち優越されない{points}通り。NSGA-II、pymoo）。四角は最適配分と既存の"
                   "施策パッケージ。各点の配分は同じフォルダのfront.csvにある。"),
    "front_robust": ("Each point: an allocation of the whole budget that no other beats on both the expected distance "
                     "and its CVaR ({points} allocations not dominated among {evaluations} evaluated; NSGA-II, "
                     "pymoo): what protecting the bad tail costs in expectation; squares: the optimum and the shipped "
                     "mixes of the same cost. front.csv gives every split.",
                     "各点：距離の期待値とCVaRの両方で他に負けない、総予算全体の配分（評価した{evaluations}通りの"
                     "うち優越されない{points}通り。NSGA-II、pymoo）：悪い場合に備えることが期待値でどれだけの"
                     "代償になるか。四角は最適配分と同じ費用の既存の施策パッケージ。各点の配分はfront.csvにある。"),
    "generation": ("generation", "世代"),
    "objective": ("best objective so far", "それまでの最良の目的関数値"),
}


def _word(key: str, lang: str, **values) -> str:
    return WORDS[key][lang == "ja"].format(**values)


def _names(comparison: Comparison, lang: str) -> dict[str, str]:
    """Mix -> its name in ``lang``: the id in English, ``name_ja`` in Japanese, followed by the id
    in brackets where two mixes share a Japanese name (so that table columns stay apart)."""
    if lang != "ja":
        return {name: name for name in comparison.summary.index}
    shown = list(comparison.names_ja.values())
    return {name: f"{ja}（{name}）" if shown.count(ja) > 1 else ja for name, ja in comparison.names_ja.items()}


def summary_csv(comparison: Comparison) -> str:
    """The comparison table as CSV, units in the header; floats in full (``repr``)."""
    alpha = f"{100 * comparison.alpha:g}"
    headers = {"cost": "cost [¥bn/yr above baseline]", "cost_total": f"cost_to_{comparison.stop} [¥bn]",
               "cost_discounted": f"cost_discounted_{100 * comparison.rate:g}pct [¥bn]",
               "score": "single_run_distance [0-1]", "expected": "expected_distance [0-1]",
               "cvar": f"cvar_{alpha}_distance [0-1]", "p_all": "p_every_target_met [0-1]",
               "regret_mean": "regret_mean [0-1]", "regret_p90": "regret_p90 [0-1]", "regret_max": "regret_max [0-1]",
               "p_best": "p_best [0-1]"}
    lines = [",".join(["mix", *headers.values()])]
    for name, row in comparison.summary.iterrows():
        lines.append(",".join([name, *(repr(float(row[key])) for key in headers)]))
    return "\n".join(lines) + "\n"


def targets_csv(comparison: Comparison) -> str:
    """Mix × kept target id: the probability of meeting it [0-1], as CSV; floats in full (``repr``)."""
    lines = [",".join(["mix", *comparison.targets.columns])]
    for name, row in comparison.targets.iterrows():
        lines.append(",".join([name, *(repr(float(value)) for value in row)]))
    return "\n".join(lines) + "\n"


def _allocation_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    """The optimum's funded levers: budget (and prefectural shares in %, when the optimum sets them)."""
    budgets = comparison.budgets.loc[comparison.optimum]
    funded = [lever for lever in budgets.index if budgets[lever] > 0 or lever in comparison.allocation]
    frame = {_word("lever", lang): [LEVER_NAMES_JA[lever] if lang == "ja" else lever for lever in funded],
             _word("budget", lang): [f"{10 * budgets[lever]:,.0f}" if lang == "ja" else f"{budgets[lever]:.2f}"
                                     for lever in funded]}
    if comparison.allocation:
        for index, region in enumerate(REGIONS):
            frame[AREAS_JA[region] if lang == "ja" else region] = [
                f"{100 * comparison.allocation[lever][index]:.1f} %" if lever in comparison.allocation else "—"
                for lever in funded]
    return pd.DataFrame(frame)


def _percent(values) -> list[str]:
    """Shares [0-1] as "12.3 %"."""
    return [f"{100 * v:.1f} %" for v in values]


def _points(values) -> list[str]:
    """Distances [0-1] as points of the way to the vision (100 ×)."""
    return [f"{100 * v:.2f}" for v in values]


def _money(values, lang: str) -> list[str]:
    """Amounts [¥bn] in the table's unit: ¥bn in English, 億円 (¥0.1bn) in Japanese."""
    return [f"{10 * v:,.0f}" if lang == "ja" else f"{v:,.1f}" for v in values]


def _comparison_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    summary, names = comparison.summary, _names(comparison, lang)
    return pd.DataFrame({
        column("scenario", lang): [names[name] for name in summary.index],
        _word("cost", lang): _money(summary.cost, lang),
        _word("cost_total", lang, stop=comparison.stop): _money(summary.cost_total, lang),
        _word("cost_discounted", lang, rate=f"{100 * comparison.rate:g}"): _money(summary.cost_discounted, lang),
        _word("score", lang): _percent(summary.score),
        _word("expected", lang): _percent(summary.expected),
        _word("cvar", lang, alpha=f"{100 * comparison.alpha:g}"): _percent(summary.cvar),
        _word("p_all", lang): _percent(summary.p_all),
        _word("regret_mean", lang): _points(summary.regret_mean),
        _word("regret_p90", lang): _points(summary.regret_p90),
        _word("regret_max", lang): _points(summary.regret_max),
        _word("p_best", lang): _percent(summary.p_best),
    })


def _chances_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    """Kept target × mix: the probability of meeting it, in %."""
    names = _names(comparison, lang)
    frame = {column("target", lang): [target_label(row, lang) for _, row in
                                      comparison.target_info.loc[comparison.targets.columns].iterrows()]}
    for name in comparison.targets.index:
        frame[names[name]] = [f"{100 * p:.0f} %" for p in comparison.targets.loc[name]]
    return pd.DataFrame(frame)


def regret_figure(comparison: Comparison, lang: str = "en") -> Figure:
    """A box plot of each mix's regret over the members [points of the way to the vision], one row
    per mix (the optimum on top), each member a dot."""
    names = _names(comparison, lang)
    mixes = list(comparison.summary.index)
    with matplotlib.rc_context(RC[lang]):
        figure = Figure(figsize=(7.5, 0.45 * len(mixes) + 1.4), layout="constrained")
        axes = figure.subplots()
        rows = np.arange(len(mixes))[::-1]
        points = 100 * comparison.regret
        axes.boxplot([points[:, i] for i in range(len(mixes))], positions=rows, orientation="horizontal",
                     widths=0.6, showfliers=False)
        spread = np.linspace(-0.15, 0.15, points.shape[0])
        for i, row in enumerate(rows):
            axes.plot(points[:, i], row + spread, "o", markersize=3, alpha=0.5, color="tab:blue")
        axes.set_yticks(rows, [names[name] for name in mixes], fontsize=8)
        axes.set_xlabel("リグレット（ポイント）" if lang == "ja" else "regret [points of the way to the vision]")
        axes.set_title(_word("regret", lang), fontsize=10)
        axes.grid(axis="x", alpha=0.3)
    return figure


def progress_figure(history, lang: str = "en") -> Figure:
    """The best objective after the initial population (generation 0) and after each generation."""
    with matplotlib.rc_context(RC[lang]):
        figure = Figure(figsize=(6.0, 3.2), layout="constrained")
        axes = figure.subplots()
        axes.plot(range(len(history)), history, "o-", markersize=3)
        axes.ticklabel_format(axis="y", useOffset=False)  # the objective's own digits, not an offset
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlabel(_word("generation", lang))
        axes.set_ylabel(_word("objective", lang))
        axes.grid(alpha=0.3)
    return figure


def reading(comparison: Comparison, lang: str) -> str:
    """A few sentences reading the result: the optimum's expected distance and cost against the
    shipped mix with the smallest expected distance, and (when another) against the best shipped mix
    costing no more than the optimum [¥bn/yr]; the optimum's probability of being best and its mean
    regret."""
    summary, names = comparison.summary, _names(comparison, lang)
    optimum = summary.loc[comparison.optimum]
    shipped = summary.drop(index=comparison.optimum)
    best = shipped.expected.idxmin()
    affordable = shipped[shipped.cost <= optimum.cost * (1 + 1e-12)].expected.idxmin()  # the baseline costs 0
    baseline = 100 * summary.loc[BASELINE, "expected"]
    name = {mix: f"<b>{html.escape(names[mix])}</b>" for mix in summary.index}
    if lang == "ja":
        lines = [f"{name[comparison.optimum]}（年{10 * optimum.cost:,.0f}億円）の距離の期待値は"
                 f"{100 * optimum.expected:.1f}%。既存の施策パッケージで最も近い{name[best]}（年"
                 f"{10 * shipped.cost[best]:,.0f}億円）は{100 * shipped.expected[best]:.1f}%、ベースラインは{baseline:.1f}%。"]
        if affordable != best:
            lines.append(f"費用が最適配分以下のパッケージで最も近いのは{name[affordable]}（年"
                         f"{10 * shipped.cost[affordable]:,.0f}億円）で{100 * shipped.expected[affordable]:.1f}%。")
        lines.append(f"最適配分がメンバーの中で最良となる確率は{100 * optimum.p_best:.0f}%、平均リグレットは"
                     f"{100 * optimum.regret_mean:.2f}ポイント。")
        return "".join(lines)
    lines = [f"The optimum, {name[comparison.optimum]} (¥{optimum.cost:,.1f}bn/yr), has an expected distance to "
             f"the vision of {100 * optimum.expected:.1f} % against {100 * shipped.expected[best]:.1f} % for the best "
             f"shipped mix, {name[best]} (¥{shipped.cost[best]:,.1f}bn/yr), and {baseline:.1f} % for the baseline."]
    if affordable != best:
        lines.append(f"The best shipped mix costing no more than the optimum is {name[affordable]} "
                     f"(¥{shipped.cost[affordable]:,.1f}bn/yr, {100 * shipped.expected[affordable]:.1f} %).")
    lines.append(f"The optimum is the best mix in {100 * optimum.p_best:.0f} % of the members, with a mean regret of "
                 f"{100 * optimum.regret_mean:.2f} points.")
    return " ".join(lines)


def _image(figure: Figure, name: str) -> str:
    data = base64.b64encode(png_bytes(figure)).decode()
    return f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{data}'></figure>"


#: The stress cases of conf/optimise/default.yaml in Japanese tables.
CASES_JA = {"cross_effects_none": "相乗効果χなし", "cross_effects_strong": "相乗効果χ強",
            "levers_weak": "施策効果が弱い端", "levers_strong": "施策効果が強い端"}


def _stress_table(stressed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stress test (``sim.optimise.stress``): funded levers' re-optimised budgets, objectives
    (points), regret (points) and the share of the budget moved."""
    funded = [lever for lever in stressed.columns if lever in LEVER_NAMES_JA and (stressed[lever] > 0).any()]
    frame = {_word("case", lang): [CASES_JA.get(case, case) if lang == "ja" else case for case in stressed.index]}
    for lever in funded:
        label = f"{LEVER_NAMES_JA[lever] if lang == 'ja' else lever} {_word('budget', lang)}"
        frame[label] = _money(stressed[lever], lang)
    frame[_word("reoptimised", lang)] = _points(stressed["objective"])
    frame[_word("kept", lang)] = _points(stressed["kept_objective"])
    frame[_word("case_regret", lang)] = _points(stressed["regret"])
    frame[_word("moved", lang)] = _percent(stressed["moved"])
    return pd.DataFrame(frame)


def report_html(comparison: Comparison, optimum: dict, history=None, lang: str = "en",
                stressed: pd.DataFrame | None = None, front=None) -> str:
    """The page: ``optimum`` is the optimum's scenario data (its description says how it was found),
    ``history`` the best objective per generation (``history.csv``) or None, ``stressed`` the stress
    test's table (``sim.optimise.stress.stress``) or None, ``front`` a ``sim.optimise.front.Front``
    or None."""
    from sim.optimise.front import front_figure

    members = comparison.distance.shape[0]
    description = optimum.get("description_ja") if lang == "ja" else None
    note = (f"事後分布の{members}通りのメンバーで比較（{comparison.stop}年まで）。アンサンブルが値を持たない目標"
            f"（{len(comparison.left_out)}件）は含まない。" if lang == "ja" else
            f"Compared on {members} posterior members, to {comparison.stop}; targets without a value in the "
            f"ensemble ({', '.join(comparison.left_out) or 'none'}) are left out.")
    progress = (f"<h2>{_word('progress', lang)}</h2>{_image(progress_figure(list(history), lang), 'progress')}"
                if history is not None else "")
    front_section = ""
    if front is not None:
        note = _word(f"front_{front.kind}", lang, points=len(front.table), evaluations=front.evaluations)
        marks = comparison.summary.rename(columns={"cost": "total"})[["total", "expected", "cvar"]]
        marks = marks.rename(index=_names(comparison, lang))
        if front.kind == "robust":  # the mixes at the optimum's budget only: the front is at that total
            marks = marks[np.isclose(marks.total, comparison.summary.cost.iloc[0])]
        front_section = (f"<h2>{_word('front', lang)}</h2><p>{html.escape(note)}</p>"
                         f"{_image(front_figure(front, lang=lang, marks=marks), 'front')}")
    stress_section = (f"<h2>{_word('stress', lang)}</h2><p>{html.escape(_word('stress_note', lang))}</p>"
                      f"{_table(_stress_table(stressed, lang))}" if stressed is not None else "")
    return with_japanese_font(
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{_word('title', lang)}</title>"
        f"</head><body><h1>{_word('title', lang)}</h1>"
        f"<p>{html.escape(description or optimum.get('description', ''))}</p>"
        f"<p>{reading(comparison, lang)}</p><p>{html.escape(note)}</p>"
        f"<h2>{_word('allocation', lang)}</h2>{_table(_allocation_table(comparison, lang))}"
        f"<h2>{_word('comparison', lang)}</h2>{_table(_comparison_table(comparison, lang))}"
        f"<h2>{_word('chances', lang)}</h2>{_table(_chances_table(comparison, lang))}"
        f"<h2>{_word('regret', lang)}</h2>{_image(regret_figure(comparison, lang), 'regret')}"
        f"{front_section}{stress_section}{progress}</body></html>", lang)
