"""The reports' words and numbers in English and Japanese.

Japanese as officials write it: money in 億円 (¥0.1bn) and, from ¥1,000bn, 兆円; people in 万人
(10,000 persons) from 10,000; shares in % and their gaps in ポイント (percentage points). Scenario
names come from the scenario files (``name_ja``, else the file's name).
"""

from __future__ import annotations

import math

from sim.kpis import PERCENT

LANGUAGES = ("en", "ja")

#: The reports' fixed words: key -> (English, Japanese).
WORDS = {
    "title": ("Tohoku strategy scenarios against the 10-year vision", "東北の戦略シナリオと10年後のありたい姿"),
    "summary": ("Summary", "要約"),
    "ranking": ("Ranking: distance to the vision and cost", "順位：ありたい姿までの距離と費用"),
    "gaps": ("Gap to each target, in the target year", "目標年における各目標までのギャップ"),
    "prefectures": ("Gap to each target by prefecture", "県別の各目標までのギャップ"),
    "cost": ("Cost: lever spending above business as usual", "費用：施策の追加予算（現状維持比）"),
    "cost_levers": ("By lever", "施策別"),
    "cost_regions": ("By prefecture", "県別"),
    "per_yen": ("Gap closed per ¥100bn, against the baseline", "100億円当たりのギャップ縮小幅（ベースライン比）"),
    "chances": ("Uncertainty: probability of meeting each target and of ranking first",
                "不確実性：各目標を達成する確率と1位になる確率"),
    "scenarios": ("The scenarios", "シナリオの内容"),
    "unmet": ("Targets no scenario meets", "どのシナリオも達成しない目標"),
    "figures": ("Figures", "図"),
    "kpis": ("KPIs, Tohoku", "主要指標（東北）"),
    "downloads": ("Data", "データ"),
    "assumptions": ("Assumptions: parameters and their sources", "前提：パラメータと出典"),
    "targets": ("The vision's targets", "ありたい姿の目標"),
    "config": ("Configuration", "設定"),
    "sweep_title": ("sim sweep", "sim スイープ"),
    "uncertainty": ("Uncertainty and sensitivity", "不確実性と感度"),
    "probabilities": ("Probability of meeting each vision target", "ありたい姿の各目標を達成する確率"),
    "sensitivity": ("Sensitivity indices", "感度指数"),
}

#: Table columns: key -> (English, Japanese).
COLUMNS = {
    "scenario": ("scenario", "シナリオ"),
    "target": ("target", "目標"),
    "rank": ("rank", "順位"),
    "distance": ("distance to the vision [% of the way]", "ありたい姿までの距離［道のりの%］"),
    "met": ("targets met", "達成目標数"),
    "cost": ("cost to {year}", "{year}年までの費用"),
    "cost_discounted": ("discounted cost ({rate} %/yr)", "割引後の費用（割引率{rate}%）"),
    "closed": ("closed vs baseline [points]", "ベースライン比の縮小幅［ポイント］"),
    "closed_per_100bn": ("points per ¥100bn", "100億円当たりのポイント"),
    "rank_per_yen": ("rank per yen", "費用対効果の順位"),
    "start": ("start", "基準値"),
    "target_value": ("target value", "目標値"),
    "region": ("area", "地域"),
    "total": ("total", "合計"),
    "kpi": ("KPI", "指標"),
    "year": ("year", "年"),
    "direction": ("direction", "方向"),
    "weight": ("weight", "重み"),
    "kind": ("kind", "種別"),
    "source": ("source", "出典"),
    "parameter": ("parameter", "パラメータ"),
    "units": ("units", "単位"),
    "allowed": ("allowed", "許容範囲"),
    "file": ("file", "ファイル"),
    "contents": ("contents", "内容"),
    "probability": ("probability", "確率"),
    "description": ("what it does", "内容"),
    "first": ("ranks first", "1位になる確率"),
}
DIRECTIONS = {"at_least": ("at least", "以上"), "at_most": ("at most", "以下")}
KINDS = {"official": ("official", "公式目標"), "planners": ("planners' choice", "計画者の設定")}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang == "ja"]


def column(key: str, lang: str, **values) -> str:
    return COLUMNS[key][lang == "ja"].format(**values)


def money(bn: float, lang: str) -> str:
    """An amount of ¥bn: "¥1,234bn", or in Japanese "500億円" / "1.23兆円" (1 兆円 = ¥1,000bn)."""
    if bn is None or (isinstance(bn, float) and math.isnan(bn)):
        return "—"
    if lang != "ja":
        return f"¥{bn:,.0f}bn"
    if abs(bn) >= 1000.0:
        return f"{bn / 1000.0:,.2f}兆円"
    return f"{10.0 * bn:,.0f}億円"


def people(count: float, lang: str) -> str:
    """A number of persons: "7,612,345", or in Japanese "761.2万人" (from 10,000) / "5,000人"."""
    if lang == "ja" and abs(count) >= 10_000:
        return f"{count / 10_000:,.1f}万人"
    return f"{count:,.0f}" + ("人" if lang == "ja" else "")


def value(amount: float, kpi: str, units: str, lang: str, *, signed: bool = False) -> str:
    """A KPI's value in its own units: shares in %, persons, money, or the registry's units."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    sign = "+" if signed and amount > 0 else ""
    if kpi in PERCENT:
        return f"{sign}{100.0 * amount:.1f} %"
    if units.startswith("person"):
        per_year = units == "person/year"
        return sign + people(amount, lang) + (("/年" if lang == "ja" else "/yr") if per_year else "")
    if units.startswith("¥bn"):
        per_year = ("/年" if lang == "ja" else "/yr") if "year" in units else ""
        return sign + money(amount, lang) + per_year
    return f"{sign}{amount:,.4g} {units}"


def gap(amount: float, kpi: str, units: str, lang: str, *, digits: int = 1) -> str:
    """A gap (or a gap closed) in the KPI's own units: shares in percentage points (``digits``
    decimals), never in % of a %."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    if kpi in PERCENT:
        return f"{100.0 * amount:+.{digits}f} " + ("ポイント" if lang == "ja" else "pt")
    return value(amount, kpi, units, lang, signed=True)


def scenario_descriptions(names, lang: str) -> dict[str, str]:
    """Scenario id -> its file's description in ``lang`` (``description_ja`` in Japanese, else
    ``description``); empty for a name without a file."""
    from sim.config import read_scenario_file, scenario_files

    files = {name: read_scenario_file(path) for name, path in scenario_files().items() if name in set(map(str, names))}
    return {str(name): (files[str(name)].get("description_ja") if lang == "ja" else None)
            or files[str(name)].description if str(name) in files else "" for name in names}


def scenario_names(names, lang: str) -> dict[str, str]:
    """Scenario id -> its name in ``lang``: the file's ``name_ja`` in Japanese, else the id."""
    if lang != "ja":
        return {str(name): str(name) for name in names}
    from sim.config import read_scenario_file, scenario_files

    files = scenario_files()
    japanese = {name: read_scenario_file(path).name_ja for name, path in files.items() if name in set(map(str, names))}
    return {str(name): japanese.get(str(name)) or str(name) for name in names}
