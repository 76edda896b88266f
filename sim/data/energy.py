"""Prefectural greenhouse-gas inventories (``co2_energy.csv``) turned into comparable energy-CO2
targets, and the sector split of energy CO2 the energy block's carriers are built from.

Kept apart from ``sim.data.economy`` (which holds the renewable-capacity loaders) so that the
energy block's data live in one file. Values are as published; every conversion is named here:

* **Like with like.** The model's ``co2_emissions`` is energy-origin CO2 (fuels burnt in the
  prefecture plus the CO2 of the grid electricity it consumes, the inventories' allocation).
  An inventory's CO2 total also holds industrial-process and waste CO2; its GHG total also CH4,
  N2O and F-gases; a *net* total is also less forest sinks and credits. Targets are therefore
  energy CO2 = φ × CO2 (CO2 rows) or φ × ψ_r × gross GHG (GHG rows), never net totals.
* ``ψ_r`` (CO2 share of gross GHG) comes from the data: the mean of a prefecture's own published
  CO2/GHG pairs (Miyagi FY2013/15/17, Iwate FY2015 and FY2020, Akita FY2020), else the mean of
  all pairs (Aomori, Fukushima, Yamagata).
* ``φ`` (energy-origin share of CO2) = 0.93 is an **assumption**: Japan's national inventory
  (NIR 2022, GIO/NIES) has energy-origin CO2 at 93.8 % of CO2 in FY2013 (1,235 of 1,317 Mt) and
  92.6 % in FY2020 (967 of 1,044 Mt); the prefectures publish no split. Range 0.88-0.97.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.data.economy import _table, value
from sim.model.dimensions import REGIONS

INVENTORY = "co2_energy.csv"
#: Assumption (see the module docstring): energy-origin CO2 / all CO2, Japan's inventory FY2013-20.
ENERGY_SHARE_OF_CO2 = 0.93
ENERGY_SHARE_OF_CO2_RANGE = (0.88, 0.97)
#: EVIDENCE.md N5 (福島民友 via nordot, 2023): Fukushima FY2021 GHG gross 15.433 Mt, sinks 1.527,
#: net 13.906 = −18.4 % vs FY2013. Not in co2_energy.csv (the source copies are not edited here).
FUKUSHIMA_GHG_GROSS_FY2021 = 15.433
FUKUSHIMA_SINKS_FY2021 = 1.527
FUKUSHIMA_NET_FY2021 = 13.906
FUKUSHIMA_NET_CHANGE_SINCE_FY2013 = -0.184
#: CO2 indicators of a prefecture's total, and gross GHG indicators (net ones are never targets).
CO2_TOTAL = "co2_emissions_fy"
GHG_GROSS = ("ghg_emissions_total_fy", "ghg_emissions_gross_fy")
SECTORS = ("industry", "household", "transport")


def _rows(region: str | None = None) -> pd.DataFrame:
    table = _table(INVENTORY)
    if region is not None:
        table = table[table.region == region]
    return table.assign(fy=table.year.str.replace("_fy", "", regex=False))


def co2_by_sector_2020(region: str) -> dict[str, tuple[float, float]]:
    """FY2020 CO2 by sector [Mt-CO2] and its published share of the CO2 total, where published
    (Akita: industry, household, transport; Iwate: household, industry)."""
    rows = _rows(region)
    out = {}
    for sector in SECTORS:
        row = rows[(rows.fy == "2020") & (rows.indicator == f"co2_{sector}_fy")]
        if len(row) == 1:
            share = float(str(row.note.iloc[0]).split("%")[0].split()[-1]) / 100.0
            out[sector] = (float(row.value.iloc[0]), share)
    return out


def co2_total_2020_from_sectors(region: str) -> float:
    """FY2020 CO2 total [Mt-CO2] implied by the published sector values and their shares."""
    sectors = co2_by_sector_2020(region)
    return sum(v for v, _ in sectors.values()) / sum(s for _, s in sectors.values())


def co2_ghg_pairs() -> dict[str, list[float]]:
    """CO2 / gross GHG for every prefecture and year with both (published or implied by sectors)."""
    pairs: dict[str, list[float]] = {}
    for region in REGIONS:
        rows = _rows(region)
        for fy in sorted(set(rows.fy)):
            ghg = rows[(rows.fy == fy) & rows.indicator.isin(GHG_GROSS)]
            if len(ghg) != 1:
                continue
            co2 = rows[(rows.fy == fy) & (rows.indicator == CO2_TOTAL)]
            if len(co2) == 1:
                pairs.setdefault(region, []).append(float(co2.value.iloc[0]) / float(ghg.value.iloc[0]))
            elif fy == "2020" and co2_by_sector_2020(region):
                pairs.setdefault(region, []).append(co2_total_2020_from_sectors(region) / float(ghg.value.iloc[0]))
            elif "CO2 only" in str(ghg.note.iloc[0]):  # Iwate FY2015: "CO2 only 12.963" in the note
                co2_value = float(str(ghg.note.iloc[0]).split("CO2 only")[1].split()[0])
                pairs.setdefault(region, []).append(co2_value / float(ghg.value.iloc[0]))
    return pairs


def co2_share_of_ghg() -> np.ndarray:
    """ψ_r: CO2 / gross GHG per prefecture (its own pairs, else the mean of all pairs) [1]."""
    pairs = co2_ghg_pairs()
    pooled = float(np.mean([v for values in pairs.values() for v in values]))
    return np.array([float(np.mean(pairs[r])) if r in pairs else pooled for r in REGIONS])


@dataclass(frozen=True)
class Target:
    """One inventory value as an energy-CO2 target."""

    region: str
    year: int
    energy_co2: float  # [Mt-CO2/year], comparable with the model's co2_emissions
    published: float  # as published [Mt-CO2 or Mt-CO2e]
    basis: str  # "co2", "co2 (from sectors)" or "ghg gross"
    source: str


def energy_co2_targets(phi: float = ENERGY_SHARE_OF_CO2) -> list[Target]:
    """Every inventory value usable as a target, one per prefecture and fiscal year: the CO2 total
    where published (or implied by the FY2020 sector split), else the gross GHG total; preliminary
    and net values are left out. Fukushima from EVIDENCE.md N5 (gross FY2021)."""
    psi = dict(zip(REGIONS, co2_share_of_ghg()))
    targets = []
    for region in REGIONS:
        rows = _rows(region)
        for fy in sorted(set(rows.fy)):
            co2 = rows[(rows.fy == fy) & (rows.indicator == CO2_TOTAL)]
            ghg = rows[(rows.fy == fy) & rows.indicator.isin(GHG_GROSS)]
            if len(co2) == 1:
                published = float(co2.value.iloc[0])
                targets.append(Target(region, int(fy), phi * published, published, "co2", INVENTORY))
            elif fy == "2020" and co2_by_sector_2020(region):
                published = co2_total_2020_from_sectors(region)
                targets.append(Target(region, int(fy), phi * published, published, "co2 (from sectors)",
                                      INVENTORY))
            elif len(ghg) == 1 and "CO2 only" in str(ghg.note.iloc[0]):
                published = float(str(ghg.note.iloc[0]).split("CO2 only")[1].split()[0])
                targets.append(Target(region, int(fy), phi * published, published, "co2", INVENTORY))
            elif len(ghg) == 1:
                published = float(ghg.value.iloc[0])
                targets.append(Target(region, int(fy), phi * psi[region] * published, published, "ghg gross",
                                      INVENTORY))
    fukushima = FUKUSHIMA_GHG_GROSS_FY2021
    targets.append(Target("Fukushima", 2021, phi * psi["Fukushima"] * fukushima, fukushima, "ghg gross",
                          "EVIDENCE.md N5"))
    return targets


def sector_shares_2020(phi: float = ENERGY_SHARE_OF_CO2) -> dict[str, float]:
    """Shares of energy CO2 by inventory sector, FY2020 [1]: industry and household the mean of
    Akita's and Iwate's published shares of CO2, transport Akita's; each divided by φ (the shares
    are of all CO2); commercial and other energy uses the remainder."""
    akita, iwate = co2_by_sector_2020("Akita"), co2_by_sector_2020("Iwate")
    shares = {sector: float(np.mean([s[sector][1] for s in (akita, iwate) if sector in s])) / phi
              for sector in SECTORS}
    shares["commercial"] = 1.0 - sum(shares.values())
    return shares


def population_at(year: float) -> np.ndarray:
    """Census population per prefecture at 1 October of ``year`` [person], log-linear between
    (and beyond) the 2015 and 2020 censuses."""
    first = np.array([value("population_census.csv", r, 2015, "population_total") for r in REGIONS])
    last = np.array([value("population_census.csv", r, 2020, "population_total") for r in REGIONS])
    return last * (last / first) ** ((year - 2020.0) / 5.0)
