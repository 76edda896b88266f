"""Calibration of the jobs-to-applicants ratio map (labour.py) to the labour-market statistics.

The labour sector's equations at a fixed labour force ``LF = 1`` trace a Beveridge curve: a
labour demand ``x`` gives employment ``e = smooth_min(x, 1 − u_f)``, unemployment ``u = 1 − e``
and vacancies per unemployed person ``v = (x − e) / u``; the published ratio is mapped as
``JAR = c · v^b``. Along the curve, for an observed ``u`` (above ``u_f``) the demand is
``x = smooth_min_partner(1 − u, 1 − u_f)``.

Fitted here, without running the model:

* the frictional share ``φ`` (``u_f = φ · u₂₀₁₇``) and the elasticity ``b``, by least squares on
  the changes between the earlier (unemployment, jobs ratio) pairs and the 2017 pair of the same
  prefecture (``sim.data.labour.unemployment_jobs_pairs``: 2015 unemployment with the FY2014
  ratio in Aomori, Miyagi and Akita, Aomori's 2016 with June 2016): the model must move the
  jobs ratio as much as the data did for the observed change in unemployment;
* the scale ``c`` of each prefecture, exactly, so that the ratio in normal times (unemployment at
  its 2017 rate, the model's equilibrium once the pandemic cycle closes) equals the 2019 mean.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from sim.data import labour
from sim.model.dimensions import REGIONS
from sim.model.sectors.common import smooth_min_partner
from sim.model.state import PARAMS

#: Bounds of the fitted values (the parameters' declared bounds).
FRICTIONAL_BOUNDS = PARAMS["frictional_share"].bounds
ELASTICITY_BOUNDS = PARAMS["jobs_ratio_elasticity"].bounds


def vacancies_per_unemployed(unemployment, frictional, sharpness: float) -> np.ndarray:
    """Vacancies per unemployed person on the model's Beveridge curve at unemployment ``u`` [1].

    ``frictional`` is the frictional rate ``u_f`` (below ``u``); both may be arrays.
    """
    unemployment = np.asarray(unemployment, float)
    employed = 1.0 - unemployment
    available = 1.0 - np.asarray(frictional, float)
    demand = np.array([smooth_min_partner(e, a, sharpness) for e, a in np.broadcast(employed, available)])
    return ((demand.reshape(employed.shape) - employed) / unemployment)


def fit_jobs_ratio_map(sharpness: float):
    """Frictional share, elasticity and per-prefecture scale of the jobs-ratio map.

    Returns ``(values, statistics)``: the three parameters and the fit's residuals, the pairs it
    used and the fitted normal-times ratios (equal to the 2019 means by construction).
    """
    pairs = labour.unemployment_jobs_pairs()
    observed = np.log(pairs.jobs_ratio.to_numpy() / pairs.jobs_ratio_2017.to_numpy())

    def predicted(theta):
        share, elasticity = theta
        frictional = share * pairs.unemployment_2017.to_numpy()
        early = vacancies_per_unemployed(pairs.unemployment.to_numpy(), frictional, sharpness)
        late = vacancies_per_unemployed(pairs.unemployment_2017.to_numpy(), frictional, sharpness)
        return elasticity * np.log(early / late)

    solution = least_squares(lambda theta: predicted(theta) - observed, x0=[0.5, 1.0],
                             bounds=([FRICTIONAL_BOUNDS[0], ELASTICITY_BOUNDS[0]],
                                     [0.98 * FRICTIONAL_BOUNDS[1], ELASTICITY_BOUNDS[1]]))
    share, elasticity = (float(v) for v in solution.x)
    unemployment = labour.unemployment_2017()
    normal = vacancies_per_unemployed(unemployment, share * unemployment, sharpness)
    target = labour.jobs_ratio_2019()
    scale = target / normal ** elasticity
    fitted = predicted(solution.x)
    labels = [f"{row.region} {row.year}" for row in pairs.itertuples()]
    statistics = {
        "log_ratio_change": {"observed": dict(zip(labels, observed.tolist())),
                             "fitted": dict(zip(labels, fitted.tolist())),
                             "rmse": float(np.sqrt(np.mean((fitted - observed) ** 2)))},
        "normal_times_jobs_ratio": {"target_2019_mean": dict(zip(REGIONS, target.tolist())),
                                    "fitted": dict(zip(REGIONS, (scale * normal ** elasticity).tolist()))},
        "vacancies_per_unemployed_2017": dict(zip(REGIONS, normal.tolist())),
    }
    return {"frictional_share": share, "jobs_ratio_elasticity": elasticity, "jobs_ratio_scale": scale}, statistics
