"""The reports' words and numbers in English and Japanese.

Japanese as officials write it: money in 億円 (¥0.1bn) and, from ¥1,000bn, 兆円; people in 万人
(10,000 persons) from 10,000; shares in % and their gaps in ポイント (percentage points). Scenario
names come from the scenario files (``name_ja``, else the file's name).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

from sim.config_files import read_data
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
    "note": ("note", "備考"),
}
DIRECTIONS = {"at_least": ("at least", "以上"), "at_most": ("at most", "以下")}
KINDS = {"official": ("official", "公式目標"), "planners": ("planners' choice", "計画者の設定")}


#: The registry's units in Japanese (units not listed are shown as they are; money is shown in 億円/兆円
#: by ``money`` and ``sim.plots.as_shown``).
UNITS_JA = {
    "person": "人", "person/year": "人/年", "万人/year": "万人/年", "億円/year": "億円/年", "兆円/year": "兆円/年",
    "¥M/worker": "百万円/人", "¥M/(worker·year)": "百万円/人・年", "enterprise": "社", "enterprise/year": "社/年",
    "Mt-CO2/year": "Mt-CO2/年", "GWh/year": "GWh/年", "1/year": "/年",
}


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
    return f"{sign}{amount:,.4g} {UNITS_JA.get(units, units) if lang == 'ja' else units}"


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


#: The causal-loop diagram's variables in Japanese (``sim.model.loops.LOOPS``' chain names), with
#: their line breaks (Japanese has no spaces to wrap at).
LOOP_VARIABLES_JA = {
    "population": "人口", "consumption": "消費", "demand": "域内需要", "labour demand": "労働需要",
    "jobs ratio": "有効求人倍率", "out-migration": "転出", "investment": "投資", "capital": "資本ストック",
    "unit labour cost": "単位労働コスト", "external demand": "域外需要", "facilities and service firms": "生活サービス\n施設・事業所",
    "service index": "サービス水準", "attractiveness": "地域の魅力", "labour force": "労働力人口", "wage": "賃金",
    "output growth": "生産の伸び", "productivity": "労働生産性", "competitiveness": "競争力",
    "productivity gap": "生産性格差", "wage gap": "賃金格差", "density": "人口密度", "young share": "若年層の割合",
    "successor absence": "後継者不在", "closures": "廃業", "out-migration of the young": "若者の転出",
    "firms per head": "人口当たり企業数", "leakage": "域外への所得流出", "skill index": "スキル指数",
    "knowledge": "知識ストック", "output": "生産", "private R&D": "民間研究開発", "DX adopters": "DX実施企業",
    "imitation": "模倣（DXの波及）", "renewable capacity": "再エネ設備容量", "renewable share": "再エネ比率",
    "energy leakage": "エネルギー代金の\n域外流出", "coastal recovery gap": "沿岸部の復旧の残り",
    "reconstruction spending": "復興事業費",
}
#: The diagram's colour groups (``sim.spirals.diagram.GROUP_LABELS``) and its legend's title in Japanese.
LOOP_GROUPS_JA = {
    "S1": "S1：需要と供給の同時縮小", "S2": "S2：生産性格差による東京一極集中", "S3": "S3：地域経済社会の縮小",
    "S4": "S4：生産性格差による人材の偏在", "counter": "対抗ループ（S1〜S4に抗する施策）", "reconstruction": "復興",
    "title": "矢印の色はスパイラル、ループ記号はR（自己強化）・B（バランス）",
}

#: The default vision's targets' rationales in Japanese (``conf/vision/default.yaml``'s ``source``),
#: by target id; a target not listed (a user's vision) shows its English ``source``.
RATIONALES_JA = {
    "fukushima_renewables": "福島県再生可能エネルギー推進ビジョン：2030年度に一次エネルギー需要の70%"
                            "（PARAMETERS.md F2、energy_reconstruction.csv）",
    "greenhouse_gases": "国の目標：温室効果ガスを2030年度に2013年度比46%削減。温室効果ガスの大部分（約85%）を占める"
                        "エネルギー起源CO2で、各県の2013年度排出量（co2_fy2013、都道府県別排出量に校正、"
                        "co2_energy.csv）と比べて測る（docs/MODEL.md §2.6）",
    "startup_rate": "国のKPI：開業率10%（PARAMETERS.md C2）",
    "telework": "国の目標：雇用型テレワーカーの割合25%（PARAMETERS.md A18）",
    "tokyo_migration_balance": "デジタル田園都市国家構想総合戦略：2027年度に東京圏と地方の転出入を均衡（kpi_policy.csv）",
    "population": "計画者の設定：2032年の東北の人口760万人を維持（ベースラインの739万人より約21万人多く、減少を反転ではなく緩和）",
    "productivity_gap": "計画者の設定：労働生産性を全国の90%に（2020年度は85%、economy.csv）、差の3分の1を縮める",
    "income_gap": "計画者の設定：1人当たり所得を全国の90%に（2019年度は85.1%、economy.csv）",
    "young_migration": "計画者の設定：15〜29歳の転出超過を半減（モデルでは2020年に年約2万人、2015・2020年国勢調査に校正）",
    "dx": "計画者の設定：2032年までにほぼすべての企業がDXに取り組む（2021年は15.7%、PARAMETERS.md D5）",
    "evacuees": "計画者の設定：福島県の避難者を5,000人未満に（2024年2月は26,277人、energy_reconstruction.csv。"
                "県の2012年の計画は2020年までにゼロを目指した）",
    "coastal_recovery": "計画者の設定：津波被災沿岸部の産業能力を99%復旧",
}


#: The parameters' sources in Japanese (``sim.model.state.PARAMS``' ``source``, translated: every number,
#: file and document reference kept as written), by parameter name.
PARAMETER_SOURCES_JA = Path(__file__).parent / "model" / "parameter_sources_ja.yaml"


@functools.cache
def parameter_sources_ja() -> dict[str, str]:
    """``PARAMETER_SOURCES_JA``, read once (as strictly as a config file: plain data only)."""
    return read_data(PARAMETER_SOURCES_JA)


def parameter_source(name: str, source: str, lang: str) -> str:
    """A parameter's source in ``lang``: its ``source`` in English, its translation in Japanese (the
    English ``source`` for a parameter without one)."""
    return parameter_sources_ja().get(name, source) if lang == "ja" else source


def rationale(target: str, source: str, lang: str) -> str:
    """A vision target's rationale in ``lang``: its ``source`` in English, ``RATIONALES_JA`` in Japanese
    (the English ``source`` for a target without one)."""
    return RATIONALES_JA.get(target, source) if lang == "ja" else source


#: How a variable's time reads (``sim.model.variables.Variable.kind``): model time ``t`` is
#: 1 October of year ``t``; stocks are counted on that day, rates (GRP, CO2, shares, the jobs
#: ratio) stand for fiscal year ``t`` (April ``t`` to March ``t + 1``), annual flows are totals
#: over the year from 1 October ``t``. kind -> (English axis, Japanese axis, Japanese year suffix).
TIME_BASES = {
    "stock": ("year (1 October)", "年（各年10月1日現在）", "年"),
    "rate": ("fiscal year", "年度", "年度"),
    "annual_flow": ("year (from 1 October)", "年（10月1日から1年間）", "年"),
}


def time_axis(kind: str, lang: str) -> str:
    """The time axis's label of a variable of ``kind`` ("stock", "rate", "annual_flow")."""
    return TIME_BASES[kind][lang == "ja"]


def year_of(year: int, kind: str, lang: str) -> str:
    """A year of a variable of ``kind``: "2030" in English; in Japanese "2030年度" for a fiscal-year
    series (a rate), else "2030年"."""
    return f"{year}{TIME_BASES[kind][2]}" if lang == "ja" else str(year)
