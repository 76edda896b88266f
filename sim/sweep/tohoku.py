"""The Tohoku model as a sweep evaluator: sampled parameter values × scenarios, one compiled call
per chunk, keeping only the requested outputs at the requested years.

A sampled parameter replaces the whole parameter (a per-prefecture parameter takes the sampled
value in every prefecture), or, if it is named in ``relative``, multiplies it (the prefectures keep
their pattern). Each sample row runs once per scenario; outputs have dims (scenario, region, year).

Annual flows (``sim.outputs.ANNUAL_FLOWS``: births, deaths, migration, startups, closures, the
startup rate) at year Y are the totals over the year from 1 October Y, by the recipes ``sim.run``
uses, from the cumulative stocks at Y and Y + 1 (the run saves every 1 October). In the run's last
year (``stop``) there is no year ahead: a flow kept there is NaN, as in ``sim.run``, and the
analyses leave it out (no probability, no sensitivity index).
"""

from __future__ import annotations

import numpy as np

from sim.kpis import TOHOKU_WEIGHTS
from sim.model.dimensions import FUKUSHIMA, REGIONS
from sim.model.state import PARAMS
from sim.model.tohoku import MODEL
from sim.outputs import ANNUAL_FLOWS, annual_flow
from sim.population import baseline_inputs, initial_state

#: Outputs a sweep can keep: name -> the model's stock or auxiliary it reads (rates and stocks at
#: 1 October).
SWEEP_OUTPUTS = {
    "population_total": "population_now", "grp_real": "grp_real", "labour_productivity": "labour_productivity",
    "productivity_ratio_japan": "productivity_ratio_japan",
    "income_per_capita_ratio_japan": "income_per_capita_ratio_japan", "employment": "employment",
    "firms": "firms", "dx_adoption": "dx_adoption", "knowledge_stock": "knowledge",
    "renewable_share": "renewable_share", "co2_emissions": "co2_emissions", "energy_demand": "energy_demand",
    "co2_change_since_fy2013": "co2_change_since_fy2013", "co2_fy2013": "co2_reference_fy2013",
    "co2_fuels": "co2_fuels", "renewable_share_electricity": "renewable_share_electricity",
    "electricity_demand": "electricity_demand",
    "telework_share": "telework_share", "unemployment_rate": "unemployment_rate",
    "jobs_to_applicants_ratio": "jobs_to_applicants_ratio", "labour_force": "labour_force", "wage": "wage",
}


def _evacuees(read) -> np.ndarray:
    """Fukushima's evacuees inside and outside the prefecture, zero elsewhere [person]: (runs, time, region)."""
    inside = read("evacuees_inside")
    evacuees = np.zeros((*inside.shape, len(REGIONS)))
    evacuees[..., FUKUSHIMA] = inside + read("evacuees_outside")
    return evacuees


def _coastal_recovery(read) -> np.ndarray:
    """Share of the pre-2011 coastal capacity restored [1], NaN in the prefectures without a coast hit."""
    return np.where(read("ref_coastal_gap") > 0.0, 1.0 - read("coastal_gap"), np.nan)


#: Outputs without one model variable, computed as ``sim.outputs`` does: name -> (the stocks read,
#: the function of a reader of them giving (runs, time, region)).
DERIVED = {"evacuees": (("evacuees_inside", "evacuees_outside"), _evacuees),
           "coastal_recovery": (("coastal_gap", "ref_coastal_gap"), _coastal_recovery)}
#: Every output a sweep can keep: the stocks and rates, the derived outputs and the annual flows.
KEEPABLE = (*SWEEP_OUTPUTS, *DERIVED, *ANNUAL_FLOWS)
#: Ratios are aggregated to Tohoku with a weight (``sim.kpis.TOHOKU_WEIGHTS``: the startup rate by
#: firms, so Σ startups / Σ firms); the sweep keeps the weight alongside.
WEIGHTS = {name: weight for name, weight in TOHOKU_WEIGHTS.items() if weight in KEEPABLE}


class TohokuEvaluator:
    """Evaluate sample rows of ``parameters`` for each scenario (see the module docstring)."""

    def __init__(self, parameters: list[str], scenarios: dict[str, dict], outputs: list[str], years: list[int], *,
                 start: int, stop: int, dt: float, method: str, baseline: dict, relative=()):
        unknown = [name for name in parameters if name not in PARAMS]
        if unknown:
            raise ValueError(f"sweep parameters {unknown} are not model parameters; allowed: the names in "
                             f"docs/MODEL.md")
        bad = [name for name in outputs if name not in KEEPABLE]
        if bad:
            raise ValueError(f"sweep.outputs {bad} are not allowed; allowed: {sorted(KEEPABLE)}")
        wrong = [year for year in years if not start <= year <= stop]
        if wrong:
            raise ValueError(f"sweep.years {wrong} are not allowed; allowed: years from {start} to {stop}")
        self.parameters = list(parameters)
        self.relative = frozenset(relative)
        self.names = list(scenarios)
        kept = list(dict.fromkeys([*outputs, *(WEIGHTS[name] for name in outputs if name in WEIGHTS)]))
        self.kept = kept
        self.years = [int(year) for year in years]
        self.grid = dict(start=start, stop=stop, dt=dt, method=method)
        per_scenario = {key: np.stack([np.broadcast_to(np.asarray((baseline | scenarios[s]).get(key), float),
                                                       PARAMS[key].shape) for s in self.names])
                        for key in baseline}
        # one checked parameter row per scenario; a chunk repeats them and writes the sampled columns
        self.base = MODEL.param_matrix(per_scenario)
        shape = (len(self.names), len(REGIONS), len(self.years))
        self.outputs = {name: (("scenario", "region", "year"), shape) for name in kept}
        self.coords = {"scenario": self.names, "region": list(REGIONS), "year": self.years}

    def __call__(self, values: np.ndarray, threads: int | None = None) -> dict[str, np.ndarray]:
        rows, scenarios = values.shape[0], len(self.names)
        params = set_samples(np.tile(self.base, (rows, 1)), self.parameters, values, scenarios, self.relative)
        inputs = baseline_inputs()
        start = self.grid["start"]
        save = [model_name for name in self.kept for model_name in _reads(name)]
        result = MODEL.run(**self.grid, saveper=1.0, params=params, initial=initial_state(start, inputs.diaspora[start]),
                           data=inputs.data, save=list(dict.fromkeys(save)), threads=threads)
        at = np.searchsorted(result.times, self.years)

        def read(model_name: str) -> np.ndarray:  # (runs, year, ...) at the sweep's years
            return result[model_name][:, at]

        def total(model_name: str) -> np.ndarray:  # (runs, year, ...) over the year from each; NaN in stop
            cumulative = result[model_name]
            change = np.full(cumulative[:, at].shape, np.nan)
            ahead = at + 1 < cumulative.shape[1]
            change[:, ahead] = cumulative[:, at[ahead] + 1] - cumulative[:, at[ahead]]
            return change

        kept = {}
        for name in self.kept:
            if name in DERIVED:
                by_year = DERIVED[name][1](read)  # (runs, year, region)
            elif name in ANNUAL_FLOWS:
                by_year = annual_flow(name, total, read)
            else:
                by_year = read(SWEEP_OUTPUTS[name])
            kept[name] = np.moveaxis(by_year, 1, -1).reshape(rows, scenarios, len(REGIONS), len(self.years))
        return kept


def _reads(name: str) -> tuple[str, ...]:
    """The model's stocks and auxiliaries a kept output is computed from."""
    if name in DERIVED:
        return DERIVED[name][0]
    if name in ANNUAL_FLOWS:
        return ANNUAL_FLOWS[name].totals + ANNUAL_FLOWS[name].levels
    return (SWEEP_OUTPUTS[name],)


def set_samples(params: np.ndarray, names: list[str], values: np.ndarray, repeats: int, relative=frozenset()):
    """Write sample rows ``values`` (sample, parameter) into run-major parameter rows ``params``
    (sample, then ``repeats`` runs each): the whole parameter takes the sampled value, or is
    multiplied by it when its name is in ``relative``. Returns ``params``."""
    for j, name in enumerate(names):
        column = np.repeat(values[:, j], repeats)[:, None]
        if name in relative:
            params[:, PARAMS.slice(name)] *= column
        else:
            params[:, PARAMS.slice(name)] = column
    return params
