"""Economic statistics the model starts from and is calibrated on, read from the source copies.

Every function returns numbers as published in ``sim/data/sources`` (economy.csv, enterprises.csv,
energy_reconstruction.csv, dx_talent.csv, population_census.csv, business_dynamics.csv,
dx_diffusion.csv, urban_areas.csv), converted to the model's units,
or a value derived from them by the formula in its docstring. Arrays are in the model's region order.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from sim.data.demography import SOURCES
from sim.model.dimensions import FUKUSHIMA, MIYAGI, REGIONS



@lru_cache(maxsize=None)
def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(SOURCES / name, dtype={"year": str})


def value(name: str, region: str, year: str | int, indicator: str) -> float:
    """One published value; a clear error when the row is missing."""
    table = _table(name)
    rows = table[(table.region == region) & (table.year == str(year)) & (table.indicator == indicator)]
    if len(rows) != 1:
        raise LookupError(f"{name}: {len(rows)} rows for region={region!r} year={year!r} indicator={indicator!r}")
    return float(rows.value.iloc[0])


def _by_region(name: str, year, indicator: str, regions=REGIONS) -> np.ndarray:
    return np.array([value(name, region, year, indicator) for region in regions])


def grp_2020() -> np.ndarray:
    """Nominal GRP FY2020, 2015-base accounts [¥bn/year]: the model's FY2020 price basis."""
    return 1000.0 * _by_region("economy.csv", 2020, "gdp_nominal_fy")


def employed_2020() -> np.ndarray:
    """Employed persons, census 2020 (原数値, residence basis) [person]."""
    return _by_region("economy.csv", 2020, "employed_persons_census")


def japan_productivity_2020() -> float:
    """Japan's GDP (all-prefecture sum, FY2020) per employed person (census 2020) [¥M/worker]."""
    gdp = value("economy.csv", "Japan", 2020, "gdp_nominal_fy") * 1e6  # ¥M
    return gdp / value("economy.csv", "Japan", 2020, "employed_persons_census")


def income_per_capita_2019() -> tuple[np.ndarray, float]:
    """Income per head FY2019 of the six and of Japan [¥k/person]."""
    return (_by_region("economy.csv", 2019, "income_per_capita_fy"),
            value("economy.csv", "Japan", 2019, "income_per_capita_fy"))


def income_ratio_2019() -> np.ndarray:
    """Income per head FY2019 relative to Japan, as published (derived rows of economy.csv)."""
    return _by_region("economy.csv", 2019, "income_per_capita_ratio_to_national")


def population_2020(region: str) -> float:
    """Census 2020 population [person] of a prefecture, ``Japan`` or ``TokyoArea``."""
    return value("population_census.csv", region, 2020, "population_total")


def tokyo_area_workers() -> float:
    """Tokyo-area workers [person]: its 2020 population × Japan's employed per person (census 2020)."""
    employment_rate = value("economy.csv", "Japan", 2020, "employed_persons_census") / population_2020("Japan")
    return population_2020("TokyoArea") * employment_rate


def relocation_share() -> np.ndarray:
    """Each prefecture's share of Japan's population outside the Tokyo area (census 2020)."""
    outside = population_2020("Japan") - population_2020("TokyoArea")
    return np.array([population_2020(region) for region in REGIONS]) / outside


def tokyo_area_population_share() -> float:
    """The Tokyo area's share of Japan's population (census 2020)."""
    return population_2020("TokyoArea") / population_2020("Japan")


def side_job_holders() -> float:
    """Workers with a side job, Japan 2022 [person] (dx_talent.csv; PARAMETERS.md A22)."""
    return value("dx_talent.csv", "Japan", 2022, "workers_with_side_job")


def enterprises_per_establishment() -> float:
    """Japan's enterprises per private establishment, Economic Census 2021."""
    return (value("enterprises.csv", "Japan", 2021, "enterprises")
            / value("enterprises.csv", "Japan", 2021, "establishments_private"))


def firms_2021() -> np.ndarray:
    """Enterprises per prefecture [enterprise]: private establishments 2021 × Japan's enterprises
    per establishment (no prefectural enterprise counts in the sources)."""
    return _by_region("enterprises.csv", 2021, "establishments_private") * enterprises_per_establishment()


def firm_net_change() -> np.ndarray:
    """Yearly change of the establishment count (census basis) [1/year]: 2012→2016, annualised;
    Japan's where a prefecture has none (Aomori, Akita, Yamagata). The floor of the start's net change
    (closures at least the startups less this trend: ``economy_init.initialise_firms``)."""
    japan = value("enterprises.csv", "Japan", 2016, "establishments_change_2012_2016_pct")
    rates = []
    for region in REGIONS:
        try:
            change = value("enterprises.csv", region, 2016, "establishments_change_2012_2016_pct")
        except LookupError:
            change = japan
        rates.append((1.0 + change / 100.0) ** (1.0 / 4.0) - 1.0)
    return np.array(rates)


def _business_rate(indicator: str) -> tuple[np.ndarray, list[str]]:
    """A rate of business_dynamics.csv per prefecture [1/year] (the latest fiscal year published
    for it), Japan's latest where a prefecture has none; and the prefectures without data."""
    table = _table("business_dynamics.csv")
    rows = table[table.indicator == indicator]

    def latest(region):
        own = rows[rows.region == region]
        return None if own.empty else float(own.sort_values("year").value.iloc[-1]) / 100.0

    japan = latest("Japan")
    rates, missing = [], []
    for region in REGIONS:
        own = latest(region)
        if own is None:
            missing.append(region)
        rates.append(japan if own is None else own)
    return np.array(rates), missing


def startup_rate() -> np.ndarray:
    """Establishment opening rate per year, employment-insurance basis, FY2013 (business_dynamics.csv;
    PARAMETERS.md C1): Miyagi 6.12 %, Japan's 4.81 % for the five without a published rate."""
    return _business_rate("establishment_opening_rate_pct")[0]


def closure_rate() -> np.ndarray:
    """Establishment closure rate per year, employment-insurance basis, FY2013 (business_dynamics.csv):
    Miyagi 3.97 %, Japan's 4.05 % for the five without a published rate."""
    return _business_rate("establishment_closure_rate_pct")[0]


def prefectures_without_business_rates() -> list[str]:
    """Prefectures whose opening and closure rates are Japan's (no published rate in the sources)."""
    return _business_rate("establishment_opening_rate_pct")[1]


def small_firm_share() -> float:
    """Small enterprises (小規模企業) / all enterprises (SMEs + large), Japan 2014 (enterprises.csv)."""
    small = value("enterprises.csv", "Japan", 2014, "small_enterprises")
    return small / (value("enterprises.csv", "Japan", 2014, "sme_enterprises")
                    + value("enterprises.csv", "Japan", 2014, "large_enterprises"))


def dx_value(region: str, date: str, indicator: str) -> float:
    """One row of dx_diffusion.csv as a share [1] (or its own unit where not a percentage)."""
    number = value("dx_diffusion.csv", region, date, indicator)
    return number / 100.0 if indicator.endswith("_pct") else number


def dx_survey_time(date: str) -> float:
    """Model time of a survey dated ``YYYY-MM`` (mid-month): t = calendar year − 0.75, since the
    model's year t starts on 1 October of t."""
    year, month = (int(part) for part in date.split("-"))
    return year + (month - 0.5) / 12.0 - 0.75


def dx_observations() -> list[tuple[str, float, float]]:
    """Japan's DX survey levels (measure, model time, share): ``reached`` = doing or considering (M1),
    ``doing`` (M2/M3, TDB), ``advanced`` (D5)."""
    rows = [("reached", "2022-05", "dx_doing_or_considering_sme_pct"),
            ("reached", "2023-08", "dx_doing_or_considering_sme_pct"),
            ("doing", "2022-01", "dx_doing_pct"), ("doing", "2023-05", "dx_doing_pct"),
            ("advanced", "2022-01", "dx_transformational_pct")]
    return [(measure, dx_survey_time(date), dx_value("Japan", date, indicator)) for measure, date, indicator in rows]


def dx_small_level_ratio() -> float:
    """Doing share of small firms relative to larger ones (M2): mean of ≤5 and 6-20 employees over 101-300."""
    small = 0.5 * (dx_value("Japan", "2023-05", "dx_doing_employees_le5_pct")
                   + dx_value("Japan", "2023-05", "dx_doing_employees_6_20_pct"))
    return small / dx_value("Japan", "2023-05", "dx_doing_employees_101_300_pct")


def dx_digital_proxy_ratio() -> float:
    """Telework share of employees, regional cities / Japan, 2022 (A18, MLIT)."""
    return (dx_value("RegionalCities", "2022", "telework_share_of_employees_pct")
            / dx_value("Japan", "2022", "telework_share_of_employees_pct"))


#: Centres of TDB's CEO-age classes ≤39 and 70+ (assumption: the classes' likely means).
CEO_AGE_CLASS_CENTRES = (35.0, 73.0)


def dx_ceo_age_slope() -> float:
    """Relative fall of the doing share per year of CEO age (M3) [1/year]:
    (share ≤39 − share 70+) / (class centres apart) / overall share."""
    young = dx_value("Japan", "2022-01", "dx_doing_ceo_le39_pct")
    old = dx_value("Japan", "2022-01", "dx_doing_ceo_ge70_pct")
    return (young - old) / (CEO_AGE_CLASS_CENTRES[1] - CEO_AGE_CLASS_CENTRES[0]) / dx_value(
        "Japan", "2022-01", "dx_doing_pct")


def dx_ceo_age_gap() -> np.ndarray:
    """Average CEO age 2021 minus Japan's [year] (C6); the mean of the published prefectures where a
    prefecture has none (Miyagi, Yamagata, Fukushima)."""
    japan = value("dx_diffusion.csv", "Japan", 2021, "ceo_average_age")
    gaps = np.full(len(REGIONS), np.nan)
    for r, region in enumerate(REGIONS):
        try:
            gaps[r] = value("dx_diffusion.csv", region, 2021, "ceo_average_age") - japan
        except LookupError:
            pass
    gaps[np.isnan(gaps)] = np.nanmean(gaps)
    return gaps


def city_population_shares(n_cities: int) -> np.ndarray:
    """The ``n_cities`` largest municipalities' census 2020 populations / the prefecture's
    (urban_areas.csv: each row's source and confidence) [1], (region, city), largest first."""
    table = _table("urban_areas.csv")
    shares = np.zeros((len(REGIONS), n_cities))
    for r, region in enumerate(REGIONS):
        people = np.sort(table[(table.region == region) & (table.indicator == "city_population")].value.to_numpy())
        people = people[::-1][:n_cities]
        shares[r, :len(people)] = people / population_2020(region)
    return shares


def succession_closures() -> np.ndarray:
    """Closures (休廃業・解散, TSR) per year, mean of 2017 and 2018 [enterprise/year].

    Iwate, Akita and Yamagata have no 2018 row; their 2018 value is their 2017 value scaled so
    that the three together make up the Tohoku 2018 total less the three published prefectures.
    """
    first = _by_region("enterprises.csv", 2017, "closures_kyuhaigyo_kaisan")
    second = np.full(len(REGIONS), np.nan)
    for r, region in enumerate(REGIONS):
        try:
            second[r] = value("enterprises.csv", region, 2018, "closures_kyuhaigyo_kaisan")
        except LookupError:
            pass
    missing = np.isnan(second)
    remainder = value("enterprises.csv", "Tohoku", 2018, "closures_kyuhaigyo_kaisan") - second[~missing].sum()
    second[missing] = first[missing] * remainder / first[missing].sum()
    return 0.5 * (first + second)


def successor_absence() -> np.ndarray:
    """Share of firms without a successor [1]: the latest TDB rate where published up to 2024
    (Akita 2024, Aomori 2024, Fukushima 2022), else the TSR six-prefecture mean 2019 (51.0 %)."""
    table = _table("enterprises.csv")
    shares = np.full(len(REGIONS), value("enterprises.csv", "Tohoku", 2019, "successor_absence_rate_tsr_pct"))
    for r, region in enumerate(REGIONS):
        rows = table[(table.region == region) & (table.indicator == "successor_absence_rate_pct")
                     & (table.year.astype(int) <= 2024)]
        if len(rows):
            shares[r] = float(rows.sort_values("year").value.iloc[-1])
    return shares / 100.0


def reconstruction_allocation() -> np.ndarray:
    """Share of the FY2021-25 reconstruction budget per prefecture: Fukushima ¥1.1 of ¥1.6trn
    (PARAMETERS.md G9), the rest to Iwate and Miyagi in proportion to their 2020 population."""
    shares = np.zeros(len(REGIONS))
    fukushima = 1.1 / 1.6
    shares[FUKUSHIMA] = fukushima
    others = [REGIONS.index("Iwate"), MIYAGI]
    people = np.array([population_2020(REGIONS[r]) for r in others])
    shares[others] = (1.0 - fukushima) * people / people.sum()
    return shares


def fukushima_capacity_2020() -> dict[str, float]:
    """Fukushima renewable capacity FY2020 by technology [MW] (solar = total less the named parts)."""
    total = value("energy_reconstruction.csv", "Fukushima", 2020, "renewable_capacity_mw_excl_large_hydro")
    parts = {"biomass": 258.0, "wind": 183.0, "geothermal": 30.0, "small_hydro": 18.0}  # the row's note
    return {"solar": total - sum(parts.values()), **parts}


def fukushima_capacity_2017() -> dict[str, float]:
    """Fukushima renewable capacity FY2017 by technology [MW] (the row's note: solar, biomass, wind)."""
    note = _table("energy_reconstruction.csv")
    row = note[(note.region == "Fukushima") & (note.year == "2017")
               & (note.indicator == "renewable_capacity_mw_excl_large_hydro")].note.iloc[0]
    numbers = dict(re.findall(r"(solar|biomass|wind) ([\d,]+)", row))
    return {name: float(count.replace(",", "")) for name, count in numbers.items()}


def fukushima_renewable_share() -> pd.Series:
    """Fukushima's renewable share of primary energy demand by fiscal year [1]."""
    table = _table("energy_reconstruction.csv")
    rows = table[(table.region == "Fukushima") & (table.indicator == "renewable_share_of_energy_demand_pct")]
    return pd.Series(rows.value.to_numpy() / 100.0, index=rows.year.astype(int).to_numpy()).sort_index()


def fukushima_renewable_share_electricity() -> pd.Series:
    """Fukushima's renewable generation over its electricity consumption by fiscal year [1] (its own
    statistic: counts large hydro, unlike the capacity series and the share of energy demand)."""
    table = _table("energy_reconstruction.csv")
    rows = table[(table.region == "Fukushima") & (table.indicator == "renewable_share_of_electricity_consumption_pct")]
    return pd.Series(rows.value.to_numpy() / 100.0, index=rows.year.astype(int).to_numpy()).sort_index()


def fukushima_capacity_series() -> pd.Series:
    """Fukushima renewable capacity excluding large hydro by fiscal year [MW]."""
    table = _table("energy_reconstruction.csv")
    rows = table[(table.region == "Fukushima") & (table.indicator == "renewable_capacity_mw_excl_large_hydro")]
    return pd.Series(rows.value.to_numpy(float), index=rows.year.astype(int).to_numpy()).sort_index()


def aomori_real_grp() -> pd.Series:
    """Aomori real GRP by fiscal year, chained 2015 prices [¥trn] (the one real series in the sources)."""
    table = _table("economy.csv")
    rows = table[(table.region == "Aomori") & (table.indicator == "gdp_real_fy_chained2015")]
    return pd.Series(rows.value.to_numpy(float), index=rows.year.astype(int).to_numpy()).sort_index()


def tohoku_capacity_2016() -> dict[str, float]:
    """Tohoku renewable capacity in operation end-2016 [MW]: FIT total (solar 85.2 %) and wind
    (Mar 2017, of which Aomori)."""
    fit = value("energy_reconstruction.csv", "Tohoku", 2016, "fit_operating_capacity_kw") / 1000.0
    return {"fit_total": fit, "fit_solar": 0.852 * fit,
            "wind": value("energy_reconstruction.csv", "Tohoku", 2017, "wind_capacity_kw") / 1000.0,
            "wind_aomori": value("energy_reconstruction.csv", "Aomori", 2017, "wind_capacity_kw") / 1000.0}


def coastal_gap_observations() -> pd.Series:
    """Share of coastal industrial capacity not restored (Iwate, Miyagi, Fukushima) by date [1]:
    1 − fish-processing facilities restored (2012-03, 2013-03, 2016-03) and the tsunami-area
    industrial production shortfall against 2010 (2015-03). Dates at mid-month."""
    table = _table("energy_reconstruction.csv")
    rows = table[table.indicator == "fish_processing_facilities_restored_pct"]
    gaps = {_decimal(date): 1.0 - share / 100.0 for date, share in zip(rows.year, rows.value)}
    shortfall = table[table.indicator == "industrial_production_vs_2010_pct"]
    gaps |= {float(year) + 2.5 / 12.0: -float(v) / 100.0 for year, v in zip(shortfall.year, shortfall.value)}
    return pd.Series(gaps).sort_index()


def _decimal(date: str) -> float:
    year, month = (int(part) for part in date.split("-"))
    return year + (month - 0.5) / 12.0
