"""What each lever buys per yen: ``sim.levers.returns`` (ECONOMY_V2.md §2, docs/LEVERS.md).

Each lever is run alone on top of a scenario at a budget [¥bn/year], once with its effect sizes
(the units it buys act through the economy) and once as pure spending (every effect size at its
no-effect value, ``sim.model.levers.NO_EFFECT``: its demand alone). Against the scenario without
the lever, the table gives the GRP, jobs, people and main KPI gained per yen spent, and a
discounted benefit-cost ratio.

Yearly values are the model's rates at the saved points (each year's census date, 1 October);
cumulative values are trapezoid sums over those points from the lever's start to the stop year, for the
GRP gained and the spending alike, so their ratio is "¥ of GRP per ¥".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from sim.atomic import write_text
from sim.model.levers import LEVERS, NO_EFFECT
from sim.model.variables import VARIABLES
from sim.runner import DEFAULT_STOP, baseline_parameters, scenario_overrides, simulate

VARIABLES_BY_NAME = {variable.name: variable for variable in VARIABLES}

#: Discount rate of the benefit-cost ratio [1/year]: 4 %, the social discount rate of Japan's
#: public-works appraisal (国土交通省「公共事業評価の費用便益分析に関する技術指針（共通編）」).
DISCOUNT_RATE = 0.04

#: The main KPI each lever moves (variable of ``sim.run``, summed or averaged over Tohoku).
MAIN_KPI = {
    "innovation": "knowledge_stock",
    "dx": "dx_adoption",
    "green_energy": "co2_emissions",
    "leading_industry": "employment",
    "sme_continuity": "firms",
    "talent": "net_migration",
    "reconstruction": "evacuees",
}

#: Pure spending's band [¥ GRP per ¥]: EVIDENCE.md P1 (0.6-1.7 in the impact year), widened as
#: ECONOMY_V2.md §4 states it.
PURE_SPENDING_BAND = (0.5, 1.8)


@dataclass(frozen=True)
class Band:
    """An evidence band for a lever's GRP per ¥ and the rows behind it.

    ``per_year`` bands are ¥ of GRP per ¥ *a year* while the units bought last (the rows give no
    lifetime): the cumulative band is then the pure-spending band plus ``per_year`` × W, W the
    years the average yen spent has been acting by the stop year (an upper bound on the years its
    units last). Other bands are cumulative as they stand.
    """

    low: float
    high: float
    per_year: bool
    rows: str

    def cumulative(self, spent: np.ndarray, times: np.ndarray) -> tuple[float, float]:
        """The band for the cumulative GRP per cumulative ¥ of the spending path ``spent`` [¥bn/year]."""
        if not self.per_year:
            return self.low, self.high
        acting = _trapezoid(spent * (times[-1] - times), times) / _trapezoid(spent, times)
        return PURE_SPENDING_BAND[0] + self.low * acting, PURE_SPENDING_BAND[1] + self.high * acting


#: Evidence bands for the cumulative GRP gained to the stop year per cumulative ¥ spent (demand
#: included), with the evidence rows (EVIDENCE.md) behind them; levers without one have none.
EVIDENCE_BANDS = {
    "innovation": Band(2.0, 3.3, False, "P2/I8: social return 30-50 % a year (I1) on a knowledge stock depreciating "
                                        "15 % a year (D4), fully additional (I3): 2-3.3 ¥ over the stock's life"),
    "dx": Band(*PURE_SPENDING_BAND, False, "P3/I9-I10: SME capex and digital subsidies show no significant value "
                                           "added (RDD): pure spending's band (P1)"),
    "leading_industry": Band(0.0, 0.42, True, "P4/I21-I23, I28: 0.14-0.42 ¥ of GRP per ¥ a year while the jobs "
                                              "last, before deadweight (low end 0: deadweight unmeasured)"),
}
#: The evidence of the levers without a band.
EVIDENCE_NOTES = {
    "green_energy": "F8, F10, P8: jobs per MW and the local share of energy money; CO2 by physics (no ¥ band)",
    "sme_continuity": "P7/I35: ¥4.5M per firm supported; closures averted not measured (C8, I36; no ¥ band)",
    "talent": "P5/I40-I42: ¥0.4-0.7M gross per mover, 91 % of payments to teleworkers, deadweight unmeasured; B5: a mover who "
              "works here adds ¥6.1-11.1M of GRP a year while they stay (no ¥ band)",
    "reconstruction": "G9: coastal works at the scheduled budget's cost per point of gap; return support an "
                      "assumption (no ¥ band)",
}

#: Columns of the table, with their units.
COLUMNS = {
    "spent": "¥bn (cumulative to the stop year)",
    "grp_per_yen_first_year": "¥ GRP per ¥ (first year of spending)",
    "grp_per_yen": "¥ GRP per ¥ (cumulative)",
    "grp_per_yen_pure_spending": "¥ GRP per ¥ (cumulative, every effect size off)",
    "jobs_per_100m_yen": "jobs in the stop year per ¥100M spent",
    "people_per_100m_yen": "people in the stop year per ¥100M spent",
    "main_kpi": "variable",
    "main_kpi_per_100m_yen": "KPI units per ¥100M spent (stop year; an annual flow in the year before)",
    "benefit_cost_ratio": "discounted GRP gained / discounted spending",
    "cross_effect_share": "share of the mix's cumulative GRP gain carried by the χ terms",
    "evidence_low": "¥ GRP per ¥ (cumulative): the evidence band's low end",
    "evidence_high": "¥ GRP per ¥ (cumulative): the evidence band's high end",
    "evidence": "the evidence rows (EVIDENCE.md)",
}
CROSS_EFFECTS = ("chi_dx_talent", "chi_innovation_dx", "chi_innovation_talent")


def _tohoku(ds: xr.Dataset, name: str) -> xr.DataArray:
    """Tohoku total of a variable (mean for shares and ratios: their units are 1)."""
    values = ds[name]
    return values.mean("region") if values.attrs.get("units") == "1" else values.sum("region")


def _trapezoid(values: np.ndarray, times: np.ndarray) -> float:
    return float(np.sum((values[1:] + values[:-1]) * np.diff(times)) / 2.0)


def _discounted(values: np.ndarray, times: np.ndarray, rate: float) -> float:
    return _trapezoid(values / (1.0 + rate) ** (times - times[0]), times)


def _gains(reference: xr.Dataset, policy: xr.Dataset, name: str) -> np.ndarray:
    return (_tohoku(policy, name) - _tohoku(reference, name)).values


def _final_gain(reference: xr.Dataset, policy: xr.Dataset, name: str) -> float:
    """Gain in the stop year; for an annual flow (the total over the year ahead, zero at the stop
    year) in the last full year before it."""
    last = -2 if VARIABLES_BY_NAME[name].kind == "annual_flow" else -1
    return float(_gains(reference, policy, name)[last])


def _row(reference, policy, pure, spent, times, kpi, rate) -> dict:
    """One row of the table: the policy run against the reference, ``spent`` its spending path."""
    grp = _gains(reference, policy, "grp_real")
    cumulative = _trapezoid(spent, times)
    first = int(np.argmax(spent > 0.0))
    per_100m = cumulative / 0.1  # ¥100M = ¥0.1bn
    row = {
        "spent": cumulative,
        "grp_per_yen_first_year": grp[first] / spent[first],
        "grp_per_yen": _trapezoid(grp, times) / cumulative,
        "grp_per_yen_pure_spending": (_trapezoid(_gains(pure[0], pure[1], "grp_real"), times) / cumulative
                                      if pure is not None else np.nan),
        "jobs_per_100m_yen": _final_gain(reference, policy, "employment") / per_100m,
        "people_per_100m_yen": _final_gain(reference, policy, "population_total") / per_100m,
        "main_kpi": kpi,
        "main_kpi_per_100m_yen": _final_gain(reference, policy, kpi) / per_100m if kpi else np.nan,
        "benefit_cost_ratio": _discounted(grp, times, rate) / _discounted(spent, times, rate),
    }
    return row


def returns(scenario: str = "baseline", budget: float = 50.0, *, levers: Sequence[str] = LEVERS,
            mixes: Sequence[str] = (), discount_rate: float = DISCOUNT_RATE, stop: int = DEFAULT_STOP,
            **options) -> pd.DataFrame:
    """GRP, jobs, people and KPI gained per yen, one row per lever (and per mix).

    Parameters
    ----------
    scenario : str
        The scenario each lever is added to (its own budgets stay).
    budget : float
        Budget of each lever run alone [¥bn/year above the scenario's], from its ``lever_start``
        (2022) over its ``lever_ramp`` (2 years), shared by its ``lever_allocation``.
    levers : sequence of str
        Levers to measure (``sim.model.levers.LEVERS``).
    mixes : sequence of str
        Scenario names whose whole mix is measured against ``scenario``; their rows add the share
        of the GRP gain the cross effects χ carry (the mix run with every χ at 0 for comparison).
    discount_rate : float
        Of the benefit-cost ratio [1/year], default 4 % (Japan's public-works appraisal rate).
    stop : int
        Last year [year] of the cumulative sums and of the "stop year" columns.
    **options
        Parameter overrides passed to every ``sim.run`` (effect sizes, ``dt``...).

    Returns
    -------
    pandas.DataFrame
        Indexed by (kind, name): ("lever", lever) rows, then ("mix", scenario) rows; columns ``COLUMNS`` (units in ``DataFrame.attrs["units"]``).
    """
    unknown = sorted(set(levers) - set(LEVERS))
    if unknown:
        raise ValueError(f"levers {unknown} are not allowed; levers are {list(LEVERS)}")
    if not np.isfinite(budget) or budget <= 0.0:
        raise ValueError(f"budget={budget!r} is not allowed; allowed: a positive number of ¥bn/year")
    if not np.isfinite(discount_rate) or discount_rate <= -1.0:
        raise ValueError(f"discount_rate={discount_rate!r} is not allowed; allowed: a number > -1")
    if "lever_budget" in options:
        raise ValueError("lever_budget is not allowed in returns(); the scenario sets the budgets and `budget` the "
                         "measured lever's")
    own = scenario_overrides([scenario, *mixes])
    base = own[scenario] | options  # options before NO_EFFECT: a pure-spending run stays pure
    runs = {"reference": base, "reference pure": base | NO_EFFECT}
    scenario_budget = np.asarray((baseline_parameters() | base)["lever_budget"], float)
    for lever in levers:
        extra = np.where(np.array(LEVERS) == lever, budget, 0.0)
        policy = base | {"lever_budget": scenario_budget + extra}
        runs[f"lever {lever}"], runs[f"lever {lever} pure"] = policy, policy | NO_EFFECT
    for mix in mixes:
        mix_run = own[mix] | options
        runs[f"mix {mix}"], runs[f"mix {mix} without χ"] = mix_run, mix_run | {name: 0.0 for name in CROSS_EFFECTS}
    ds = simulate(runs, stop=stop)
    results = {name: ds.sel(scenario=name) for name in runs}
    reference = results["reference"]
    times = ds.time.values.astype(float)
    spending = ds.lever_spending.sum("region")  # [¥bn/year], (scenario, lever, time)
    spent = {("lever", lever): (spending.sel(scenario=f"lever {lever}", lever=lever)
                                - spending.sel(scenario="reference", lever=lever)).values for lever in levers}
    spent |= {("mix", mix): (spending.sel(scenario=f"mix {mix}") - spending.sel(scenario="reference")).sum(
        "lever").values for mix in mixes}
    rows = {}
    for lever in levers:
        pure = (results["reference pure"], results[f"lever {lever} pure"])
        row = _row(reference, results[f"lever {lever}"], pure, spent["lever", lever], times, MAIN_KPI[lever],
                   discount_rate)
        band = EVIDENCE_BANDS.get(lever)
        if band is not None:
            row["evidence_low"], row["evidence_high"] = band.cumulative(spent["lever", lever], times)
        row["evidence"] = band.rows if band is not None else EVIDENCE_NOTES[lever]
        rows["lever", lever] = row
    for mix in mixes:
        row = _row(reference, results[f"mix {mix}"], None, spent["mix", mix], times, None, discount_rate)
        with_chi = _trapezoid(_gains(reference, results[f"mix {mix}"], "grp_real"), times)
        without = _trapezoid(_gains(reference, results[f"mix {mix} without χ"], "grp_real"), times)
        row["cross_effect_share"] = (with_chi - without) / with_chi
        rows["mix", mix] = row
    table = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=list(COLUMNS))
    table.index.names = ["kind", "name"]
    table.attrs.update(units=COLUMNS, scenario=scenario, budget=budget, discount_rate=discount_rate, stop=stop)
    return table


#: Each lever's unit costs and effect sizes (declared in ``sim.model.economy_state``).
LEVER_PARAMETERS = {
    "innovation": ("innovation_additionality", "knowledge_elasticity", "knowledge_depreciation"),
    "dx": ("dx_cost_per_firm", "dx_additionality", "dx_productivity_gain", "dx_investment_share"),
    "green_energy": ("renewable_unit_cost", "green_technology_mix", "green_additionality", "capacity_factor"),
    "leading_industry": ("leading_industry_cost_per_job", "leading_industry_private_investment",
                         "leading_industry_deadweight"),
    "sme_continuity": ("sme_cost_per_firm", "sme_averted_share"),
    "talent": ("talent_mover_share", "talent_cost_per_mover", "talent_deadweight", "talent_mover_pool",
               "talent_teleworkers_per_mover", "remote_mover_tenure", "talent_training_share", "talent_cost_per_trainee",
               "training_skill_gain", "talent_remote_effect", "talent_telework_effect"),
    "reconstruction": ("reconstruction_works_efficiency", "reconstruction_return_share",
                       "reconstruction_cost_per_return", "reconstruction_return_deadweight"),
    "cross effects": CROSS_EFFECTS,
}
PAGE = Path(__file__).resolve().parents[1] / "docs" / "LEVERS.md"


def _number(value: float) -> str:
    return "—" if not np.isfinite(value) else f"{value:.3g}"


def _kpi(name: str, value: float) -> str:
    """A KPI change with its units; shares in percentage points."""
    units = VARIABLES_BY_NAME[name].units
    if units == "1":
        return f"{_number(100.0 * value)} pp (`{name}`)"
    return f"{_number(value)} {units} (`{name}`)"


def _value(value) -> str:
    return ", ".join(f"{v:.4g}" for v in np.ravel(value))


def render_page(table: pd.DataFrame) -> str:
    """docs/LEVERS.md: the returns table beside each lever's evidence band, and the unit costs."""
    from sim.model.state import PARAMS

    levers = table.loc["lever"]
    lines = [
        "# What each lever buys per yen",
        "",
        "Written by `python -m sim.levers` from `sim.levers.returns(mixes=...)`: each lever alone at "
        f"¥{table.attrs['budget']:g}bn a year above the `{table.attrs['scenario']}` scenario, from FY2022 over a "
        f"two-year ramp, shared by population, to {table.attrs['stop']}; the mixes as their scenario files set them. "
        "GRP is real GRP, Tohoku, FY2020 prices; cumulative values are trapezoid sums of the yearly values "
        "(ECONOMY_V2.md §2, docs/MODEL.md §2.9). \"Pure spending\" is the same budget with every effect size "
        "at its no-effect value (`sim.model.levers.NO_EFFECT`): its demand alone. The benefit-cost ratio "
        f"discounts GRP gained and spending at {table.attrs['discount_rate']:.0%} a year, the social discount "
        "rate of Japan's public-works appraisal (国土交通省「公共事業評価の費用便益分析に関する技術指針」); GRP "
        "is value added, not a welfare measure.",
        "",
        "| lever | spent [¥bn] | GRP/¥, first year | GRP/¥ to 2035 | pure spending | evidence band | "
        "jobs per ¥100M | people per ¥100M | main KPI per ¥100M | B/C | evidence |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lever, row in levers.iterrows():
        band = (f"{row.evidence_low:.2f}–{row.evidence_high:.2f}" if np.isfinite(row.evidence_low) else "none")
        lines.append(
            f"| `{lever}` | {row.spent:.0f} | {row.grp_per_yen_first_year:.2f} | {row.grp_per_yen:.2f} | "
            f"{row.grp_per_yen_pure_spending:.2f} | {band} | {row.jobs_per_100m_yen:.2f} | "
            f"{row.people_per_100m_yen:.2f} | {_kpi(row.main_kpi, row.main_kpi_per_100m_yen)} | "
            f"{row.benefit_cost_ratio:.2f} | {row.evidence} |")
    if "mix" in table.index.get_level_values("kind"):
        lines += ["", "The mixes against the same scenario, and the share of their GRP gain the cross effects χ "
                  "carry (the mix run again with every χ at 0):", "",
                  "| mix | spent [¥bn] | GRP/¥ to 2035 | jobs per ¥100M | people per ¥100M | B/C | χ share |",
                  "|---|---|---|---|---|---|---|"]
        for mix, row in table.loc["mix"].iterrows():
            lines.append(f"| `{mix}` | {row.spent:.0f} | {row.grp_per_yen:.2f} | {row.jobs_per_100m_yen:.2f} | "
                         f"{row.people_per_100m_yen:.2f} | {row.benefit_cost_ratio:.2f} | "
                         f"{row.cross_effect_share:.1%} |")
    lines += ["", "## Unit costs and effect sizes", "",
              "Their ranges for sweeps are in `conf/sweep/levers.yaml` (`python -m sim sweep=levers`).", "",
              "| lever | parameter | value | units | source |", "|---|---|---|---|---|"]
    for lever, names in LEVER_PARAMETERS.items():
        for name in names:
            entry = PARAMS[name]
            lines.append(f"| {lever} | `{name}` | {_value(entry.default)} | {entry.units} | "
                         f"{entry.source.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m sim.levers [PATH]``: rewrite docs/LEVERS.md (or PATH) from the default returns."""
    import sys

    arguments = list(sys.argv[1:] if argv is None else argv)
    path = Path(arguments[0]) if arguments else PAGE
    table = returns(mixes=("integrated_rx", "integrated_rx_plus"))
    write_text(path, render_page(table), overwrite=True)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
