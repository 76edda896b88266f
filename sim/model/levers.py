"""The seven policy levers of MODEL.md §4, declared once (dimension ``lever``).

A lever is a budget path: ``lever_budget`` [¥bn/yr above business as usual, Tohoku total] from
``lever_start`` rising linearly over ``lever_ramp`` years, until ``lever_end``, shared among the
prefectures by ``lever_allocation``. Its **intensity** in a prefecture is the spending there per
¥1,000 of the prefecture's start GRP [‰ of GRP]; every effect size is per ‰ of GRP.
"""

import numpy as np

LEVERS = ("innovation", "dx", "green_energy", "leading_industry", "sme_continuity", "talent", "reconstruction")
LEVERS_JA = ("イノベーション", "DX", "グリーン・エネルギー", "リーディング産業", "中小企業の事業継続", "多様な人材",
             "復興")
(INNOVATION, DX, GREEN_ENERGY, LEADING_INDUSTRY, SME_CONTINUITY, TALENT, RECONSTRUCTION) = range(len(LEVERS))
N_LEVERS = len(LEVERS)


def budgets(**by_lever: float) -> np.ndarray:
    """A ``lever_budget`` vector [¥bn/year] from budgets by lever name, zero for the others:
    ``budgets(dx=50, talent=50)``."""
    unknown = sorted(set(by_lever) - set(LEVERS))
    if unknown:
        raise ValueError(f"lever(s) {unknown} are not allowed; levers are {list(LEVERS)}")
    return np.array([float(by_lever.get(name, 0.0)) for name in LEVERS])

#: Every lever effect size at the value where it has no effect (sim.model.economy_state, "Levers"):
#: a budget run with these is pure spending, its demand alone (ECONOMY_V2.md §4, EVIDENCE.md P1).
NO_EFFECT = {
    "innovation_additionality": 0.0, "dx_additionality": 0.0, "dx_investment_share": 0.0, "green_additionality": 0.0,
    "leading_industry_deadweight": 1.0, "sme_averted_share": 0.0, "talent_deadweight": 1.0,
    "talent_remote_effect": 0.0, "training_skill_gain": 0.0, "talent_telework_effect": 0.0,
    "reconstruction_works_efficiency": 0.0, "reconstruction_return_deadweight": 1.0,
    "chi_dx_talent": 0.0, "chi_innovation_dx": 0.0, "chi_innovation_talent": 0.0,
}

#: Renewable technologies (dimension ``technology``) with the energy sector's order.
TECHNOLOGIES = ("solar", "onshore_wind", "offshore_wind", "biomass")
N_TECHNOLOGIES = len(TECHNOLOGIES)

#: Energy carriers (dimension ``carrier``) with the energy sector's order: grid electricity, then
#: the fuels (dimension ``fuel``: the carriers after electricity, in the same order).
CARRIERS = ("electricity", "industry_fuels", "transport_fuels", "building_fuels")
N_CARRIERS = len(CARRIERS)
ELECTRICITY = 0
FUELS = CARRIERS[1:]
N_FUELS = len(FUELS)
