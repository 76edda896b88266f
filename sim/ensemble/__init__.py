"""The calibrated probabilistic ensemble (docs/ENSEMBLE.md).

A prior over every uncertain parameter (``conf/ensemble/prior.yaml``, ``prior``), hindcasts of each
member at the observations in ``conf/ensemble/constraints.yaml`` (``constraints``, ``hindcast``),
history matching (``matching``) and the build that turns a million prior draws into the shipped
posterior (``build``, ``posterior``: ``sim/ensemble/posterior.csv``). ``members`` runs posterior
members for scenarios: the main report's uncertainty, ``sim.run(..., ensemble=N)`` and the sweeps.
"""

from sim.ensemble.members import run_ensemble
from sim.ensemble.posterior import POSTERIOR_FILE, Posterior, read_posterior

__all__ = ["run_ensemble", "read_posterior", "Posterior", "POSTERIOR_FILE"]
