"""Calibration of the economy's free parameters to history (MODEL.md §6), by least squares.

Each fit names its targets (the statistics in ``sim/data/sources``) and reports its fit
statistics; ``python -m sim.calibrate`` runs them in order and writes ``calibrated.yaml``.

1. ``coastal``: the hyperbolic closure of the coastal gap ``G = G₀ / (1 + k (t − t₀))`` (the
   solution of B10's goal seeking with spending proportional to the gap) fitted to the
   restoration data; gives the gap on the start date and the model's closure rate.
2. ``income``: the income share of GRP per prefecture, so that income per head relative to Japan
   equals the FY2019 ratios (exactly identified: one value per prefecture and target).
3. ``attractiveness``: the wage weight of attractiveness, so that a 10 % higher income raises net
   migration by 0.4 points of the population (PARAMETERS.md A14), given the model's gross
   migration in the first year.
4. ``productivity``: the TFP growth gap, so that the model run from the 2010 census reproduces
   the trend of Aomori's real GRP FY2011-2019 (the only prefecture with a real series; its
   level is free, only the growth is fitted).
5. ``energy``: energy demand by carrier in FY2020 per prefecture, fitted to the prefectural
   inventories (``co2_energy.csv``, EVIDENCE.md N5) as energy CO2 (like with like:
   ``sim.data.energy``). The carrier structure comes from the FY2020 sector split (Akita, Iwate)
   and electricity's share of each sector (assumption); one level per prefecture by least
   squares on log CO2, the block's own equations carrying FY2020 back to each inventory year;
   Yamagata (no inventory) by transfer. Gives the FY2013 reference of the −46 % target.
6. ``renewables``: Fukushima's other renewable generation closes its FY2020 share of energy
   demand, and the generation its share of electricity consumption counts beyond that (large hydro,
   which the capacity series leave out) closes that share's FY2020 value (83.6 %; reported only),
   its market additions fit the share FY2022-2024 by running the model; the five take
   the growth rate of Fukushima's capacity FY2012-2020 (assumption: no share data for them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from sim.data import economy as stats
from sim.data import energy as inventories
from sim.model.dimensions import FUKUSHIMA, N_REGIONS, REGIONS
from sim.model.levers import CARRIERS, ELECTRICITY, FUELS, N_CARRIERS
from sim.model.sectors.common import GWH_PER_MW_YEAR
from sim.model.state import PARAMS

#: Prefectures of the coastal recovery data (被災3県).
COASTAL = ("Iwate", "Miyagi", "Fukushima")
#: PARAMETERS.md A14: +0.4 points of net migration per +10 % income per head.
NET_MIGRATION_PER_TEN_PERCENT = 0.004
START = 2020.0
#: 1 October as a fraction of the calendar year (model time t is 1 October of year t).
CENSUS_DATE = 0.75
#: Start values of the parameters fitted later, for the runs made before their own fit.
PROVISIONAL = {"wage_attractiveness": 1.0, "tfp_growth_gap": 0.0, "market_additions": np.zeros(N_REGIONS),
               "other_renewable_generation": np.zeros(N_REGIONS), "other_electricity_generation": np.zeros(N_REGIONS),
               "energy_demand_start": np.full((N_REGIONS, N_CARRIERS), 1000.0),
               "energy_output_weight": np.full(N_CARRIERS, 0.5), "energy_co2_fy2013": np.ones(N_REGIONS)}

#: Assumption: grid electricity's share of each inventory sector's energy CO2 in FY2020 (the rest is
#: the sector's fuel). Japan's FY2020 inventory with electricity allocated to users has about 1/3 of
#: industry's CO2 from power (less steel and more electronics in Tohoku: 0.40), about 0.7 of the
#: commercial sector's, 2/3 of households' (Tohoku's kerosene heating: 0.55, the 家庭部門のCO2排出実態
#: 統計調査 order for Tohoku without cars' gasoline); rail's power is left out of transport.
ELECTRICITY_SHARE_OF_SECTOR = {"industry": 0.40, "commercial": 0.70, "household": 0.55, "transport": 0.0}
#: Assumption: freight's share of transport CO2 (output-driven; passenger transport follows the
#: population): Japan's freight ≈ 38 % of transport CO2 in FY2020 (MLIT's 運輸部門における二酸化炭素排出量).
FREIGHT_SHARE_OF_TRANSPORT = 0.38
#: Output-driven share of each sector's activity (the rest follows the population).
SECTOR_OUTPUT_DRIVEN = {"industry": 1.0, "commercial": 1.0, "household": 0.0, "transport": FREIGHT_SHARE_OF_TRANSPORT}
#: The fuel carrier each sector burns.
SECTOR_FUEL = {"industry": "industry_fuels", "commercial": "building_fuels", "household": "building_fuels",
               "transport": "transport_fuels"}
#: Years the energy fit reports the block at (FY2013: the base of Japan's −46 % target).
FY2013 = 2013


@dataclass
class Fit:
    """One fit: its name, the values it sets, its method and targets, and its statistics."""

    name: str
    values: dict[str, np.ndarray | float]
    method: str
    targets: str
    statistics: dict[str, float | dict] = field(default_factory=dict)


def _statistics(observed: np.ndarray, fitted: np.ndarray, labels) -> dict:
    residual = fitted - observed
    total = ((observed - observed.mean()) ** 2).sum()
    return {"rmse": float(np.sqrt(np.mean(residual ** 2))),
            "r_squared": float(1.0 - (residual ** 2).sum() / total) if total > 0 else float("nan"),
            "observed": {str(k): float(v) for k, v in zip(labels, observed)},
            "fitted": {str(k): float(v) for k, v in zip(labels, fitted)}}


def fit_evacuees() -> Fit:
    """Fukushima's evacuee registers: the population engine's exponential decline fits, reported.

    The rates themselves are the population defaults (``sim.data.reconstruction.decline_rate``,
    log-linear least squares); this records how well they fit.
    """
    from sim.data import reconstruction
    from sim.population.schedules import EVACUEE_FIT_SINCE

    statistics = {}
    for kind, since in EVACUEE_FIT_SINCE.items():
        series = reconstruction.evacuee_series()[kind].dropna()
        series = series[series.index >= since]
        times = series.index.to_numpy()
        rate = reconstruction.decline_rate(kind, since)
        level = np.exp(np.mean(np.log(series.to_numpy()) + rate * times))
        fitted = level * np.exp(-rate * times)
        statistics[kind] = _statistics(series.to_numpy(), fitted, np.round(times, 3)) | {"decline_per_year": rate}
    return Fit("evacuees", {}, "log-linear least squares per register (population defaults)",
               "Fukushima evacuees inside and outside the prefecture (energy_reconstruction.csv)", statistics)


def fit_coastal() -> Fit:
    """Coastal gap: hyperbolic closure fitted to the restoration data (least squares)."""
    gaps = stats.coastal_gap_observations()
    t0 = float(gaps.index[0])
    times, observed = gaps.index.to_numpy(float), gaps.to_numpy()

    def model(theta, t):
        return theta[0] / (1.0 + theta[1] * (t - t0))

    solution = least_squares(lambda theta: model(theta, times) - observed, x0=[observed[0], 0.5],
                             bounds=([0.0, 0.0], [1.0, 50.0]))
    gap0, k = solution.x
    at_start = float(model(solution.x, START + CENSUS_DATE))  # model time 2020 is 1 October 2020
    start = np.array([at_start if region in COASTAL else 0.0 for region in REGIONS])
    return Fit("coastal", {"coastal_gap_start": start, "coastal_closure_rate": float(k * at_start / gap0)},
               "hyperbolic closure G0 / (1 + k (t - t0)) by least squares; the model's rate is k G(2020) / G0",
               "1 - fish-processing facilities restored (2012-03, 2013-03, 2016-03) and the tsunami-area production "
               "shortfall (2015-03), energy_reconstruction.csv",
               _statistics(observed, model(solution.x, times), np.round(times, 3))
               | {"G0": float(gap0), "k_per_year": float(k), "t0": t0})


def fit_income(national_growth: float) -> Fit:
    """Income share of GRP per prefecture from the FY2019 income ratios (exactly identified)."""
    ratio = stats.income_ratio_2019()
    _, japan = stats.income_per_capita_2019()
    people = np.array([stats.population_2020(region) for region in REGIONS])
    japan_at_start = japan * math.exp(national_growth * (START - 2019.0))
    share = ratio * japan_at_start * people / (stats.grp_2020() * 1e6)
    return Fit("income", {"income_share_of_grp": share}, "exactly identified: ψ = ratio × Japan income × population / GRP",
               "income per head relative to Japan FY2019 (economy.csv), at the FY2020 GRP and 2020 population",
               {"income_share_of_grp": {region: float(v) for region, v in zip(REGIONS, share)}})


def fit_attractiveness(gross_migration_rate: float) -> Fit:
    """Wage weight of attractiveness from PARAMETERS.md A14, solved by least squares.

    Net migration rate responds to a 10 % wage gap as ``gross · (2^(ε ln 1.1) − 1)`` to first
    order in both directions (out-migration × 2^(−ΔA), in-migration × 2^(ΔA)); ε solves it.
    """
    def residual(epsilon):
        change = epsilon[0] * math.log(1.1)
        return [0.5 * gross_migration_rate * (2.0 ** change - 2.0 ** -change) - NET_MIGRATION_PER_TEN_PERCENT]

    solution = least_squares(residual, x0=[1.0], bounds=([0.0], [10.0]))
    return Fit("attractiveness", {"wage_attractiveness": float(solution.x[0])},
               "least squares on the first-order response of net migration to a 10 % wage gap",
               "PARAMETERS.md A14: +0.4 pp net migration per +10 % income per head (cross-section, R58)",
               {"gross_migration_rate": gross_migration_rate, "residual": float(solution.fun[0])})


def fit_tfp_growth(simulate_grp) -> Fit:
    """TFP growth gap from Aomori's real GRP FY2011-2019 (least squares on log GRP, level free).

    ``simulate_grp(gap, years)`` runs the model from 2010 with that gap and returns Aomori's
    GRP in those years.
    """
    series = stats.aomori_real_grp()
    series = series[series.index <= 2019]  # FY2020 is the pandemic year
    years = series.index.to_numpy()
    observed = np.log(series.to_numpy())

    def residual(theta):
        simulated = np.log(simulate_grp(theta[0], years))
        difference = observed - simulated
        return difference - difference.mean()  # the level is free

    solution = least_squares(residual, x0=[0.0], bounds=([-0.03], [0.03]), diff_step=1e-2)
    simulated = np.log(simulate_grp(solution.x[0], years))
    shift = (observed - simulated).mean()
    return Fit("productivity", {"tfp_growth_gap": float(solution.x[0])},
               "least squares on log real GRP with a free level, running the model from the 2010 census",
               "Aomori real GRP FY2011-2019, chained 2015 prices (economy.csv)",
               _statistics(np.exp(observed), np.exp(simulated + shift), years))


def carrier_structure(phi: float = inventories.ENERGY_SHARE_OF_CO2) -> tuple[np.ndarray, np.ndarray]:
    """Each carrier's share of energy CO2 in FY2020 (σ_c) and the output-driven part of its
    demand (ω_c), from the sector split (``sim.data.energy.sector_shares_2020``) and the
    assumptions above."""
    sectors = inventories.sector_shares_2020(phi)
    sigma, driven = np.zeros(N_CARRIERS), np.zeros(N_CARRIERS)
    for sector, share in sectors.items():
        power = ELECTRICITY_SHARE_OF_SECTOR[sector]
        for carrier, part in (("electricity", power), (SECTOR_FUEL[sector], 1.0 - power)):
            c = CARRIERS.index(carrier)
            sigma[c] += share * part
            driven[c] += share * part * SECTOR_OUTPUT_DRIVEN[sector]
    return sigma, driven / sigma


def _parameter_vector(values: dict) -> np.ndarray:
    """A parameter vector with the defaults and ``values`` (for calling the model's kernels)."""
    vector = np.zeros(PARAMS.size)
    for entry in PARAMS.entries:
        value = values.get(entry.name, entry.default)
        if value is not None:
            vector[PARAMS.slice(entry.name)] = np.ravel(np.broadcast_to(np.asarray(value, float), entry.shape))
    return vector


def grid_factor(years, values: dict | None = None) -> np.ndarray:
    """The grid factor path of the model's kernel at ``years`` [kg-CO2/kWh]."""
    from sim.model.sectors.energy import grid_emission_factor

    vector = _parameter_vector(values or {})
    return np.array([grid_emission_factor(float(t), vector) for t in np.atleast_1d(years)])


def backcast_factors(years, sigma: np.ndarray, weight: np.ndarray, values: dict | None = None) -> np.ndarray:
    """Energy CO2 in ``years`` relative to FY2020 per prefecture, by the block's equations without
    renewables above the start level: ``Σ_c σ_c · EF_c(t)/EF_c(2020) · activity_c(t) · e^{−g_c (t − 2020)}``.

    Activity: output at its FY2020 level (assumption: Tohoku's GRP changed little FY2013-2020, e.g.
    Aomori's real GRP −0.2 % FY2013-2019, economy.csv; no prefectural real series for the others)
    and the census population (log-linear 2015-2020). Returns ``(year, region)``.
    """
    values = values or {}
    years = np.atleast_1d(np.asarray(years, float))
    grid = grid_factor(years, values) / grid_factor([START], values)[0]
    gains = np.array([float(values.get(f"efficiency_gain_{c}", PARAMS[f"efficiency_gain_{c}"].default))
                      for c in CARRIERS])
    people = np.array([inventories.population_at(t) / inventories.population_at(START) for t in years])
    out = np.zeros((years.size, N_REGIONS))
    for c in range(N_CARRIERS):
        factor = grid if CARRIERS[c] == "electricity" else np.ones(years.size)
        activity = weight[c] + (1.0 - weight[c]) * people
        out += sigma[c] * (factor * np.exp(-gains[c] * (years - START)))[:, None] * activity
    return out


def fit_energy(grp: np.ndarray, phi: float = inventories.ENERGY_SHARE_OF_CO2) -> Fit:
    """FY2020 energy demand by carrier per prefecture from the inventories (least squares on log CO2).

    ``L_r`` (energy CO2 in FY2020) is the one free value per prefecture with an inventory:
    ``ln L_r = mean_i (ln CO2_i − ln x_r(t_i))`` with ``x`` the block's backcast factors. Yamagata,
    without an inventory, takes the pooled intensities of the five: per ¥ of GRP for the
    output-driven part (ω̄ = Σ σ_c ω_c) and per person for the rest. Demands
    ``D⁰_r,c = 1000 · L_r · σ_c / EF_c(2020)`` [GWh/year]; the FY2013 reference ``L_r · x_r(2013)``.
    """
    sigma, weight = carrier_structure(phi)
    targets = inventories.energy_co2_targets(phi)
    levels = np.full(N_REGIONS, np.nan)
    for r, region in enumerate(REGIONS):
        own = [t for t in targets if t.region == region]
        if own:
            x = backcast_factors([t.year for t in own], sigma, weight)[:, r]
            levels[r] = math.exp(np.mean(np.log([t.energy_co2 for t in own]) - np.log(x)))
    people = inventories.population_at(START)
    known = ~np.isnan(levels)
    blended = float((sigma * weight).sum())
    transferred = np.where(known, levels, blended * levels[known].sum() / grp[known].sum() * grp
                           + (1.0 - blended) * levels[known].sum() / people[known].sum() * people)
    factors_2020 = np.array([grid_factor([START])[0]]
                            + [float(PARAMS["fuel_emission_factor"].default[FUELS.index(c)]) for c in FUELS])
    demand = 1000.0 * transferred[:, None] * sigma[None, :] / factors_2020[None, :]
    reference = transferred * backcast_factors([FY2013], sigma, weight)[0]
    observed = np.array([t.energy_co2 for t in targets])
    fitted = np.array([transferred[REGIONS.index(t.region)]
                       * backcast_factors([t.year], sigma, weight)[0, REGIONS.index(t.region)] for t in targets])
    labels = [f"{t.region} FY{t.year} ({t.basis})" for t in targets]
    psi = inventories.co2_share_of_ghg()
    fukushima_2013 = phi * psi[FUKUSHIMA] * (inventories.FUKUSHIMA_NET_FY2021
                                             / (1.0 + inventories.FUKUSHIMA_NET_CHANGE_SINCE_FY2013)
                                             + inventories.FUKUSHIMA_SINKS_FY2021)
    statistics = _statistics(observed, fitted, labels) | {
        "relative_error": {label: float(f / o - 1.0) for label, f, o in zip(labels, fitted, observed)},
        "max_abs_relative_error": float(np.max(np.abs(fitted / observed - 1.0))),
        "energy_co2_fy2020_mt": {region: float(v) for region, v in zip(REGIONS, transferred)},
        "energy_co2_fy2013_mt": {region: float(v) for region, v in zip(REGIONS, reference)},
        "yamagata": "transfer: pooled intensities of the five (per ¥ GRP for the output-driven part, per person "
                    "for the rest); no inventory in the data",
        "carrier_share_of_co2_fy2020": {c: float(v) for c, v in zip(CARRIERS, sigma)},
        "carrier_output_weight": {c: float(v) for c, v in zip(CARRIERS, weight)},
        "energy_share_of_co2_phi": phi,
        "co2_share_of_ghg_psi": {region: float(v) for region, v in zip(REGIONS, psi)},
        "check_fukushima_fy2013_from_n5_mt": {"derived": float(fukushima_2013), "model": float(reference[FUKUSHIMA]),
                                              "note": "gross FY2013 = net FY2021 / (1 − 0.184) + FY2021 sinks "
                                                      "(assumption: sinks as in FY2021), × φ ψ"},
        "check_tohoku_ghg_mt": {"model_fy2013_as_ghg": float((reference / (phi * psi)).sum()),
                                "inventory_fy2007": inventories.value(inventories.INVENTORY, "Tohoku", "2007_fy",
                                                                      "ghg_emissions_total_fy"),
                                "note": "different years (FY2007 before the 2011 disaster and its higher grid "
                                        "factor): an order-of-magnitude check"},
    }
    return Fit("energy", {"energy_demand_start": demand, "energy_output_weight": weight, "energy_co2_fy2013": reference},
               "carrier structure from the FY2020 sector split (Akita, Iwate) and electricity's share of each sector "
               "(assumption); one level per prefecture by least squares on log energy CO2 (= φ × CO2, or φ × ψ × gross "
               "GHG), the block's equations carrying FY2020 back to each inventory year (output at its FY2020 level, "
               "census population, the grid factor path); Yamagata by transfer",
               "prefectural inventories: Aomori FY2013, Iwate FY2013-2020, Miyagi FY2013/15/17, Akita FY2013/2020 "
               "(co2_energy.csv), Fukushima FY2021 gross (EVIDENCE.md N5)", statistics)


def generation_from_capacity(capacity: np.ndarray) -> np.ndarray:
    """Renewable generation of capacities ``(..., technology)`` [GWh/year] at the default capacity factors."""
    factors = np.asarray(PARAMS["capacity_factor"].default)
    return (capacity * factors).sum(axis=-1) * GWH_PER_MW_YEAR


def fit_market_additions(lifetime: float) -> tuple[float, dict]:
    """Fukushima's yearly additions [MW/year] from its capacity FY2012-2020 (least squares).

    Constant additions ``a`` and retirement after ``lifetime`` give
    ``C(t) = a L + (C₀ − a L) exp(−(t − t₀)/L)`` from the first observation ``C₀``.
    """
    series = stats.fukushima_capacity_series()
    years, observed = series.index.to_numpy(float), series.to_numpy()

    def model(additions):
        steady = additions * lifetime
        return steady + (observed[0] - steady) * np.exp(-(years - years[0]) / lifetime)

    solution = least_squares(lambda a: model(a[0]) - observed, x0=[300.0], bounds=([0.0], [1e5]))
    return float(solution.x[0]), _statistics(observed, model(solution.x[0]), years.astype(int))


def fit_renewables(simulate_share, capacity_start: np.ndarray, energy_demand_start: np.ndarray, lifetime: float,
                   primary_factor: float) -> Fit:
    """Fukushima's other renewable generation (closing its FY2020 share of energy demand), the
    generation its share of electricity consumption counts beyond that (large hydro above all, closing
    that share's FY2020 value; reported only) and its
    market additions (its share FY2022-2024, by running the model); the five's additions at the
    growth rate of Fukushima's capacity FY2012-2020 (least squares on the capacity series).

    ``simulate_share(values, years)`` runs the model with the given parameter values and returns
    Fukushima's renewable share in those years.
    """
    growth_additions, capacity_fit = fit_market_additions(lifetime)
    observed = stats.fukushima_renewable_share()
    start_share = float(observed.loc[int(START)])
    observed = observed[observed.index > int(START)]
    years = observed.index.to_numpy()
    capacity_generation = generation_from_capacity(capacity_start)
    capacity_total = capacity_start.sum(axis=-1)
    growth = growth_additions / capacity_total[FUKUSHIMA]
    demand = energy_demand_start[FUKUSHIMA].sum()
    other = max(start_share * demand / primary_factor - capacity_generation[FUKUSHIMA], 0.0)
    other_generation = np.zeros(N_REGIONS)
    other_generation[FUKUSHIMA] = other
    electricity = energy_demand_start[FUKUSHIMA, ELECTRICITY]
    electricity_share = float(stats.fukushima_renewable_share_electricity().loc[int(START)])
    beyond = max(electricity_share * electricity - capacity_generation[FUKUSHIMA] - other, 0.0)
    electricity_generation = np.zeros(N_REGIONS)
    electricity_generation[FUKUSHIMA] = beyond

    def values(theta):
        additions = growth * capacity_total
        additions[FUKUSHIMA] = theta[0]
        return {"market_additions": additions, "other_renewable_generation": other_generation,
                "other_electricity_generation": electricity_generation}

    solution = least_squares(lambda theta: simulate_share(values(theta), years) - observed.to_numpy(),
                             x0=[growth_additions], bounds=([0.0], [1e5]), diff_step=1e-2)
    fitted = simulate_share(values(solution.x), years)
    return Fit("renewables", values(solution.x),
               "Fukushima's other generation closes its FY2020 share (given the energy fit's demand), and the "
               "generation its electricity share counts beyond that closes the FY2020 share of electricity "
               "consumption; its market "
               "additions by least squares on its share FY2022-2024, running the model; the five's additions at the "
               "growth rate of Fukushima's capacity FY2012-2020 (constant additions, retirement after the lifetime, "
               "least squares), in proportion to their capacity",
               "Fukushima renewable share of primary energy demand FY2020-2024, of electricity consumption FY2020 "
               "and capacity FY2012-2020 "
               "(energy_reconstruction.csv)",
               {"share": _statistics(observed.to_numpy(), fitted, years), "capacity": capacity_fit,
                "fukushima_market_additions_mw_per_year": float(solution.x[0]),
                "capacity_series_additions_mw_per_year": growth_additions,
                "fukushima_other_generation_gwh_per_year": float(other),
                "fukushima_other_electricity_generation_gwh_per_year": float(beyond),
                "fukushima_electricity_share_fy2020": electricity_share,
                "fukushima_electricity_demand_fy2020_gwh": float(electricity),
                "fukushima_energy_demand_fy2020_gwh": float(demand)})
