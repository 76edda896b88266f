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
5. ``renewables``: Fukushima's market additions and other renewable generation, fitted to its
   renewable share FY2020-2024 by running the model; its energy intensity closes the FY2020 share.
   The five prefectures take Fukushima's intensity, and market additions in proportion to their
   capacity (assumption: no share data for them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from sim.data import economy as stats
from sim.model.dimensions import FUKUSHIMA, N_REGIONS, REGIONS
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
               "other_renewable_generation": np.zeros(N_REGIONS), "energy_intensity": np.ones(N_REGIONS)}


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


def fit_renewables(simulate_share, capacity_start: np.ndarray, grp: np.ndarray, lifetime: float) -> Fit:
    """Fukushima's market additions (from its capacity series) and other renewable generation
    (from its renewable share FY2020-24, by running the model).

    ``simulate_share(values, years)`` runs the model with the given parameter values and returns
    Fukushima's renewable share in those years.
    """
    additions, capacity_fit = fit_market_additions(lifetime)
    observed = stats.fukushima_renewable_share()
    observed = observed[observed.index >= int(START)]
    years = observed.index.to_numpy()
    start_share = float(observed.loc[int(START)])
    capacity_generation = generation_from_capacity(capacity_start)
    capacity_total = capacity_start.sum(axis=-1)
    growth = additions / capacity_total[FUKUSHIMA]

    def values(theta):
        other = theta[0]
        intensity = (other + capacity_generation[FUKUSHIMA]) / (start_share * grp[FUKUSHIMA])
        other_generation = np.zeros(N_REGIONS)
        other_generation[FUKUSHIMA] = other
        return {"market_additions": growth * capacity_total, "other_renewable_generation": other_generation,
                "energy_intensity": np.full(N_REGIONS, intensity)}

    solution = least_squares(lambda theta: simulate_share(values(theta), years) - observed.to_numpy(),
                             x0=[100.0], bounds=([0.0], [1e5]), diff_step=1e-2)
    fitted = simulate_share(values(solution.x), years)
    return Fit("renewables", values(solution.x),
               "least squares: Fukushima's market additions on its capacity FY2012-2020 (constant additions, "
               "retirement after the lifetime); then its other generation on its share FY2020-2024 by running the "
               "model, the energy intensity closing the FY2020 share; the five scale additions by their capacity",
               "Fukushima renewable capacity FY2012-2020 and share of primary energy demand FY2020-2024 "
               "(energy_reconstruction.csv)",
               {"share": _statistics(observed.to_numpy(), fitted, years), "capacity": capacity_fit,
                "fukushima_market_additions_mw_per_year": additions,
                "fukushima_other_generation_gwh_per_year": float(solution.x[0]),
                "other_generation_at_bound": bool(solution.active_mask[0] != 0)})
