"""The registry of reported variables: name, dims, units, English and Japanese labels, sector.

One declaration per variable; the Dataset's names, dims and attrs, the docs' tables and the
tests' lists all derive from it. Variables are computed from the saved stocks by
``sim.outputs`` (annual flows are differences of cumulative stocks).

Annual flows (``kind="annual_flow"``) at time ``t`` are the totals over the year from
1 October ``t`` to 1 October ``t + 1``; the last saved year has none (NaN).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    """A reported variable."""

    name: str
    dims: tuple[str, ...]
    units: str
    long_name: str
    long_name_ja: str
    sector: str
    kind: str  # "stock" (value at 1 October), "rate" (per year, at 1 October) or "annual_flow" (total over the year ahead)


R = ("region",)

VARIABLES = (
    Variable("population_total", R, "person", "Total population", "総人口", "population", "stock"),
    Variable("population_0_14", R, "person", "Population aged 0-14", "年少人口（0〜14歳）", "population",
             "stock"),
    Variable("population_15_64", R, "person", "Working-age population (15-64)", "生産年齢人口（15〜64歳）",
             "population", "stock"),
    Variable("population_65plus", R, "person", "Population aged 65 and over", "老年人口（65歳以上）",
             "population", "stock"),
    Variable("population_by_age", ("region", "sex", "age"), "person", "Population by sex and single year of age",
             "男女・各歳別人口", "population", "stock"),
    Variable("births", R, "person/year", "Births", "出生数", "population", "annual_flow"),
    Variable("deaths", R, "person/year", "Deaths", "死亡数", "population", "annual_flow"),
    Variable("in_migration", R, "person/year", "In-migrants", "転入者数", "population", "annual_flow"),
    Variable("out_migration", R, "person/year", "Out-migrants", "転出者数", "population", "annual_flow"),
    Variable("net_migration", R, "person/year", "Net migration (in minus out)", "転入超過数", "population",
             "annual_flow"),
    Variable("net_migration_domestic", R, "person/year",
             "Net migration between prefectures, Japanese and foreign residents (comparable to the "
             "resident-register migration report)", "国内移動による転入超過数（日本人・外国人、住民基本台帳人口移動報告相当）",
             "population", "annual_flow"),
    Variable("net_migration_international", R, "person/year", "Net migration from abroad",
             "国外との転入超過数", "population", "annual_flow"),
    Variable("net_migration_15_29", R, "person/year", "Net migration of people aged 15-29",
             "15〜29歳の転入超過数", "population", "annual_flow"),
    Variable("net_migration_tokyo_area", R, "person/year", "Net migration with the Tokyo area",
             "東京圏との転入超過数", "population", "annual_flow"),
    Variable("diaspora", R, "person", "People who left for outside Tohoku and may return (U-turn pool)",
             "県外転出者（Uターン候補）", "population", "stock"),
    Variable("evacuees", R, "person", "Evacuees of the 2011 disaster (Fukushima; inside and outside the prefecture)",
             "避難者数（福島県、県内外）", "reconstruction", "stock"),
    Variable("coastal_recovery", R, "1",
             "Share of pre-2011 coastal industrial capacity restored (Iwate, Miyagi, Fukushima; NaN elsewhere)",
             "沿岸部の産業復旧率（岩手・宮城・福島）", "reconstruction", "stock"),
    Variable("grp_real", R, "¥bn/year", "Real gross regional product (FY2020 prices)", "実質県内総生産（2020年度価格）",
             "production", "rate"),
    Variable("labour_productivity", R, "¥M/worker", "Labour productivity (real GRP per employed person)",
             "労働生産性（就業者1人当たり実質県内総生産）", "labour", "rate"),
    Variable("productivity_ratio_japan", R, "1", "Labour productivity relative to Japan", "労働生産性の全国比",
             "labour", "rate"),
    Variable("income_per_capita_ratio_japan", R, "1", "Income per head relative to Japan", "1人当たり県民所得の全国比",
             "labour", "rate"),
    Variable("employment", R, "person", "Employed persons", "就業者数", "labour", "stock"),
    Variable("labour_force", R, "person", "Labour force (census basis: employed and unemployed)", "労働力人口",
             "labour", "rate"),
    Variable("unemployment_rate", R, "1", "Unemployment rate", "完全失業率", "labour", "rate"),
    Variable("jobs_to_applicants_ratio", R, "1", "Jobs-to-applicants ratio (comparable to the published ratio)",
             "有効求人倍率", "labour", "rate"),
    Variable("wage", R, "¥M/(worker·year)", "Real pay per worker (FY2020 prices)", "1人当たり実質賃金（2020年度価格）",
             "labour", "stock"),
    Variable("foreign_workers", R, "person", "Foreign workers", "外国人労働者数", "labour", "stock"),
    Variable("government_consumption", R, "¥bn/year", "Government consumption (FY2020 prices)",
             "政府最終消費支出（2020年度価格）", "production", "rate"),
    Variable("firms", R, "enterprise", "Enterprises", "企業数", "firms", "stock"),
    Variable("startups", R, "enterprise/year", "Startups", "開業数", "firms", "annual_flow"),
    Variable("startup_rate", R, "1/year", "Startups per enterprise (startup rate)", "開業率", "firms", "annual_flow"),
    Variable("closures", R, "enterprise/year", "Closures (market exits and succession closures)", "廃業数",
             "firms", "annual_flow"),
    Variable("dx_adoption", R, "1", "Share of firms doing DX", "DXに取り組む企業の割合", "dx", "rate"),
    Variable("dx_depth", R, "1", "DX depth index (0 = no firm doing DX, 1 = every firm advanced)",
             "DXの深度指数（0＝取組なし、1＝全企業が先進段階）", "dx", "rate"),
    Variable("dx_lag", R, "1", "Lag of DX depth behind Japan (Japan's depth index minus the prefecture's)",
             "DX深度の全国との差（全国の深度指数－県の深度指数）", "dx", "rate"),
    Variable("service_access", R, "1", "Service access (population-weighted presence of higher-order facilities)",
             "生活サービスへのアクセス指数（高次都市機能の立地確率の人口加重平均）", "services", "rate"),
    Variable("knowledge_stock", R, "¥bn", "Knowledge stock (accumulated R&D)", "知識ストック", "innovation", "stock"),
    Variable("renewable_share", R, "1",
             "Renewable generation (primary-energy equivalent) / final energy demand, at most 1",
             "再生可能エネルギー比率（エネルギー需要比、一次エネルギー換算）", "energy", "rate"),
    Variable("renewable_share_electricity", R, "1", "Renewable generation / electricity demand, at most 1",
             "再生可能エネルギー比率（電力需要比）", "energy", "rate"),
    Variable("co2_emissions", R, "Mt-CO2/year", "CO2 emissions from energy (grid electricity and fuels)",
             "エネルギー起源CO2排出量", "energy", "rate"),
    Variable("co2_electricity", R, "Mt-CO2/year", "CO2 of the grid electricity consumed", "電力由来のCO2排出量",
             "energy", "rate"),
    Variable("co2_fuels", R, "Mt-CO2/year", "CO2 of the fuels burnt (industry, transport, buildings)",
             "燃料由来のCO2排出量（産業・運輸・家庭業務）", "energy", "rate"),
    Variable("co2_fy2013", R, "Mt-CO2/year", "Energy CO2 in FY2013 (the base year of Japan's -46 % target)",
             "2013年度のエネルギー起源CO2排出量（削減目標の基準）", "energy", "rate"),
    Variable("co2_change_since_fy2013", R, "1", "Change of energy CO2 since FY2013 (-0.46 = Japan's FY2030 target)",
             "エネルギー起源CO2の2013年度比増減率", "energy", "rate"),
    Variable("energy_demand", R, "GWh/year", "Final energy demand, all carriers", "最終エネルギー需要", "energy",
             "rate"),
    Variable("electricity_demand", R, "GWh/year", "Electricity demand", "電力需要", "energy", "rate"),
    Variable("telework_share", R, "1", "Share of workers teleworking", "テレワーク実施率", "talent", "rate"),
    Variable("skill_index", R, "1", "Skill index of the workforce (2020 = 1)", "就業者のスキル指数（2020年=1）", "talent",
             "stock"),
)
