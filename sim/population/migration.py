"""Migration schedules: gross out- and in-migration by age slot, the Miyagi pole and the diaspora.

The statistics hold net migration only; the split into gross flows, the destinations and the
U-turn pool rest on the assumptions documented in docs/MODEL.md ("Destinations and U-turns",
"Gross flows from the net").
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from sim.model.dimensions import MIYAGI, N_AGES, N_REGIONS, N_SEXES

#: Rogers-Castro model migration schedule (simplified basic standard: pre-labour-force and
#: labour-force components plus a constant), the "fundamental parameters" of Rogers & Castro
#: (1981), as shipped with migest's ``rc9.fund``: a1, alpha1, a2, mu2, alpha2, lambda2, c.
#: Used only for the *shape* of gross out-migration by age (its level is set below).
ROGERS_CASTRO_STANDARD = {"a1": 0.02, "alpha1": 0.1, "a2": 0.06, "mu2": 20.0, "alpha2": 0.1, "lambda2": 0.4,
                          "c": 0.003}


#: Gross inter-prefectural out-migration per resident and year [1/year]. ASSUMPTION: Japan's
#: inter-prefectural movers are about 2 % of the population a year (Basic Resident Register
#: migration report, ~2.5 million movers); the shared data hold only net flows, so the gross level
#: is not calibrated. It sets how strongly attractiveness moves migration, not the baseline path.
GROSS_OUT_MIGRATION_RATE = 0.02


def rogers_castro(ages, a1, alpha1, a2, mu2, alpha2, lambda2, c) -> np.ndarray:
    """Rogers-Castro migration rate by age: ``a1 e^(-α1 x) + a2 e^(-α2 (x-μ2) - e^(-λ2 (x-μ2))) + c``."""
    x = np.asarray(ages, dtype=float)
    return a1 * np.exp(-alpha1 * x) + a2 * np.exp(-alpha2 * (x - mu2) - np.exp(-lambda2 * (x - mu2))) + c


#: Names and bounds of the fitted Rogers-Castro parameters (ages in slot years).
ROGERS_CASTRO_NAMES = ("a1", "alpha1", "a2", "mu2", "alpha2", "lambda2", "c")


ROGERS_CASTRO_BOUNDS = ((0, 0, 0, 14, 0, 0, 0), (1, 2, 2, 30, 2, 5, 0.1))


def fit_rogers_castro(rate: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Rogers-Castro parameters (``ROGERS_CASTRO_NAMES``) fitted to a migration rate by slot.

    Least squares weighted by exposure (scipy ``least_squares``, bounds ``ROGERS_CASTRO_BOUNDS``),
    from the standard schedule's parameters; slot −1 is the newborns.
    """
    slots = np.arange(-1, N_AGES, dtype=float)
    weight = np.sqrt(exposure / exposure.mean())
    start = np.array([ROGERS_CASTRO_STANDARD[name] for name in ROGERS_CASTRO_NAMES])

    def residual(theta):
        return weight * (rogers_castro(slots, *theta) - rate)

    return least_squares(residual, start, bounds=ROGERS_CASTRO_BOUNDS).x


def net_rate_schedules(net_rate: np.ndarray) -> dict[str, np.ndarray]:
    """Migration as one net rate per resident (``out = max(−ν, 0)``, ``in = max(ν, 0)``): calibration runs."""
    return pack_rates(np.maximum(-net_rate, 0.0), np.maximum(net_rate, 0.0))


def pack_rates(out_rate: np.ndarray, in_rate: np.ndarray, u_turn_profile=None) -> dict[str, np.ndarray]:
    profile = np.zeros_like(out_rate) if u_turn_profile is None else u_turn_profile
    return {
        "out_migration_rate": out_rate[..., 1:], "newborn_out_migration_rate": out_rate[..., 0],
        "in_migration_rate": in_rate[..., 1:], "newborn_in_migration_rate": in_rate[..., 0],
        "u_turn_profile": profile[..., 1:], "newborn_u_turn_profile": profile[..., 0],
    }


def gross_rates(net_rate: np.ndarray, exposure: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gross out- and in-migration rates (region, sex, slot) whose difference is ``net_rate``, and
    the Rogers-Castro parameters of the out-migration (region, sex, parameter).

    First ``g = max(−ν, 0) + κ · RC_standard``: the net loss at each age plus a Rogers-Castro-shaped
    churn that moves both ways, ``κ`` giving a crude gross out-migration rate of
    ``GROSS_OUT_MIGRATION_RATE`` (or none if the net losses alone exceed it). Then a Rogers-Castro
    schedule is fitted to ``g`` per prefecture and sex, and the out-migration rate is that schedule,
    raised to the net loss where it falls short (a few hundred people a year per prefecture):
    ``o = max(RC_fit, −ν)``, ``i = o + ν ≥ 0``.
    """
    shape = rogers_castro(np.arange(-1, N_AGES), **ROGERS_CASTRO_STANDARD)  # slot −1 = newborns
    loss = np.maximum(-net_rate, 0.0)
    people = exposure.sum(axis=-1)
    missing = np.maximum(GROSS_OUT_MIGRATION_RATE * people - (loss * exposure).sum(axis=-1), 0.0)
    churn = missing / (shape * exposure).sum(axis=-1)
    target = loss + churn[..., None] * shape
    fitted = np.empty(net_rate.shape[:-1] + (len(ROGERS_CASTRO_NAMES),))
    out_rate = np.empty_like(target)
    slots = np.arange(-1, N_AGES, dtype=float)
    for r in range(N_REGIONS):
        for s in range(N_SEXES):
            fitted[r, s] = fit_rogers_castro(target[r, s], exposure[r, s])
            out_rate[r, s] = np.maximum(rogers_castro(slots, *fitted[r, s]), loss[r, s])
    return out_rate, out_rate + net_rate, fitted


def migration_schedules(net_rate: np.ndarray, exposure: np.ndarray, params: dict) -> tuple[dict, np.ndarray]:
    """Gross schedules with the Miyagi pole and the diaspora, reproducing ``net_rate`` at ``exposure``.

    From :func:`gross_rates` (out ``o``, in ``i``), at the calibration exposures ``E``:

    * the other five's movers to Miyagi, ``Σ_r σ_M[r] · o_r · E_r`` by sex and slot, replace the
      same number of Miyagi's own-rate in-migrants; where they are more than those (ages 18-19 and
      the very old), Miyagi's gross out-migration grows by the difference;
    * the diaspora starts in equilibrium with the moves out of Tohoku,
      ``D0 = Σ (1 − σ_M) · o · E / (ρ + λ)`` (ASSUMPTION: the pool is at the level today's outflow
      sustains), and its U-turns ``ρ · D0`` replace the same number of in-migrants, spread by the
      prefecture's in-migration age profile ``π``.

    So the baseline reproduces the calibrated net migration at the calibration exposures, while
    attractiveness, destinations and U-turns can now move each part.

    Returns
    -------
    schedules : dict  The migration entries of the ``DATA`` layout.
    diaspora : ndarray (region,)  ``D0`` [person].
    rogers_castro_fit : ndarray (region, sex, parameter)  The out-migration schedules' parameters.
    """
    out_rate, in_rate, rogers_castro_fit = gross_rates(net_rate, exposure)
    share_miyagi = np.asarray(params["destination_share_miyagi"], dtype=float)
    in_flow = in_rate * exposure
    out_flow = out_rate * exposure
    from_five = np.einsum("r,rsa->sa", share_miyagi, out_flow)
    # Where the movers from the five exceed Miyagi's calibrated in-migration (ages 18-19, the very
    # old), Miyagi's own gross out-migration grows by the difference: the net stays as calibrated.
    deficit = np.maximum(from_five - in_flow[MIYAGI], 0.0)
    in_flow[MIYAGI] = np.maximum(in_flow[MIYAGI] - from_five, 0.0)
    out_rate = out_rate.copy()
    out_rate[MIYAGI] += deficit / exposure[MIYAGI]
    leaving_tohoku = (1.0 - share_miyagi) * out_flow.sum(axis=(1, 2))
    diaspora = leaving_tohoku / (params["u_turn_rate"] + params["diaspora_attrition"])
    u_turns = params["u_turn_rate"] * diaspora
    total_in = in_flow.sum(axis=(1, 2))
    if (u_turns > total_in).any():
        raise ValueError("the diaspora's U-turns exceed the calibrated in-migration; lower u_turn_rate")
    profile = in_flow / total_in[:, None, None]
    other_in_rate = in_flow * (1.0 - u_turns / total_in)[:, None, None] / exposure
    return pack_rates(out_rate, other_in_rate, profile), diaspora, rogers_castro_fit
