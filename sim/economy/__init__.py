"""The economy's inputs: start levels from the statistics and the calibrated parameters."""

from sim.economy.inputs import economy_defaults

__all__ = ["economy_defaults"]
