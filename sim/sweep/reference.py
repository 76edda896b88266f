"""Reference functions with known sensitivity indices, to validate the sweep machinery.

The Ishigami function (Ishigami & Homma 1990), X_i ~ U(−π, π):

    y = sin X1 + a sin² X2 + b X3⁴ sin X1,   a = 7, b = 0.1

with first-order Sobol indices S1 = 0.3139, S2 = 0.4424, S3 = 0 and total indices
ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437 (analytic, from the variance decomposition).
"""

from __future__ import annotations

import math

import numpy as np


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, np.ndarray]:
    """Analytic first-order and total Sobol indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * math.pi ** 8 * (1 / 18 - 1 / 50)
    total = v1 + v2 + v13
    return {"S1": np.array([v1, v2, 0.0]) / total, "ST": np.array([v1 + v13, v2, v13]) / total}


class Ishigami:
    """The Ishigami function as a sweep evaluator: (rows, 3) -> {"y": (rows,)}."""

    outputs = {"y": ((), ())}
    coords: dict = {}

    def __init__(self, a: float = 7.0, b: float = 0.1):
        self.a, self.b = a, b

    def __call__(self, values: np.ndarray, threads: int | None = None) -> dict[str, np.ndarray]:
        x1, x2, x3 = values[:, 0], values[:, 1], values[:, 2]
        return {"y": np.sin(x1) + self.a * np.sin(x2) ** 2 + self.b * x3 ** 4 * np.sin(x1)}
