"""Japan's staged DX path fitted to the surveys (EVIDENCE.md M1-M3, PARAMETERS.md D5).

The stages of ``sim/model/sectors/dx.py`` for Japan (no policy, no catch-up, talent factor 1),
integrated here in numpy with a fine Euler step, give the shares reached (considering or beyond),
doing (doing or advanced) and advanced at the survey dates. Least squares over five unknowns —
the awareness rate α and implementation rate β of larger firms and Japan's cumulative shares at
the start (considering ≥ doing ≥ advanced, written as non-negative increments) — against five
observations (``sim.data.economy.dx_observations``). The assumptions (small-firm rate ratio,
imitation share, deepening rate) are held at their declared defaults.

The surveys are two series with their own definitions (中小機構's SMEs for "doing or considering",
TDB's firms for "doing"); the fit reconciles them with the considering stage near empty at
October 2020 and filling fast after it, which is what the two series say together.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import least_squares

from sim.data import economy as stats

#: Start of the fitted path: the model's 2020 start (1 October 2020).
FIT_START = 2020.0
#: Euler step of the fit [year] (fine: the model's own step only adds its Euler error).
FIT_STEP = 1.0 / 64.0


def japan_path(awareness, implementation, cumulative, *, small_share, level_ratio, rate_ratio, imitation_share,
               deepening, until, step=FIT_STEP):
    """Japan's aggregate shares (time, reached, doing, advanced) from ``FIT_START`` to ``until``.

    ``cumulative``: shares at or beyond considering, doing, advanced at the start (aggregate).
    """
    weights = np.array([small_share, 1.0 - small_share])
    ratio = np.array([rate_ratio, 1.0])
    larger = np.asarray(cumulative, float) / (small_share * level_ratio + 1.0 - small_share)
    beyond = np.stack([level_ratio * larger, larger])  # (class, stage at or beyond)
    stages = beyond - np.concatenate([beyond[:, 1:], np.zeros((2, 1))], axis=1)
    external = awareness * (1.0 - imitation_share)
    imitation = awareness * imitation_share / cumulative[1]
    rows, t = [], FIT_START
    while t <= until + 1e-12:
        doing = weights @ (stages[:, 1] + stages[:, 2])
        rows.append((t, weights @ stages.sum(axis=1), doing, weights @ stages[:, 2]))
        not_started = 1.0 - stages.sum(axis=1)
        starting = np.minimum(ratio * (external + imitation * doing), 1.0) * not_started
        implementing = np.minimum(ratio * implementation, 1.0) * stages[:, 0]
        deepening_flow = np.minimum(ratio * deepening, 1.0) * stages[:, 1]
        stages = stages + step * np.stack([starting - implementing, implementing - deepening_flow, deepening_flow],
                                          axis=1)
        t += step
    return np.array(rows)


MEASURES = {"reached": 1, "doing": 2, "advanced": 3}


@lru_cache(maxsize=8)
def fit_japan(small_share: float, level_ratio: float, rate_ratio: float = 0.5, imitation_share: float = 0.5,
              deepening: float = 0.1) -> dict[str, float | np.ndarray]:
    """Fitted ``dx_awareness_rate``, ``dx_implementation_rate``, ``dx_start_cumulative`` and the residuals."""
    observations = stats.dx_observations()
    until = max(time for _, time, _ in observations) + 0.1
    settings = dict(small_share=small_share, level_ratio=level_ratio, rate_ratio=rate_ratio,
                    imitation_share=imitation_share, deepening=deepening)

    def unpack(theta):
        awareness, implementation, considering, doing_only, advanced = theta
        return awareness, implementation, np.array([considering + doing_only + advanced, doing_only + advanced,
                                                    advanced])

    def residuals(theta):
        path = japan_path(*unpack(theta), until=until, **settings)
        return np.array([np.interp(time, path[:, 0], path[:, MEASURES[measure]]) - share
                         for measure, time, share in observations])

    solution = least_squares(residuals, [0.1, 0.05, 0.02, 0.11, 0.04], bounds=(0.0, [1.0, 1.0, 0.5, 0.5, 0.5]),
                             xtol=1e-12, ftol=1e-12)
    awareness, implementation, cumulative = unpack(solution.x)
    return {"dx_awareness_rate": float(awareness), "dx_implementation_rate": float(implementation),
            "dx_start_cumulative": cumulative, "residuals": residuals(solution.x)}
