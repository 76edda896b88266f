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
    kind: str  # "stock" (value at 1 October) or "annual_flow" (total over the year ahead)


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
    Variable("net_migration_15_29", R, "person/year", "Net migration of people aged 15-29",
             "15〜29歳の転入超過数", "population", "annual_flow"),
    Variable("net_migration_tokyo_area", R, "person/year", "Net migration with the Tokyo area",
             "東京圏との転入超過数", "population", "annual_flow"),
    Variable("diaspora", R, "person", "People who left for outside Tohoku and may return (U-turn pool)",
             "県外転出者（Uターン候補）", "population", "stock"),
    Variable("evacuees", R, "person", "Evacuees of the 2011 disaster (Fukushima; inside and outside the prefecture)",
             "避難者数（福島県、県内外）", "reconstruction", "stock"),
)
