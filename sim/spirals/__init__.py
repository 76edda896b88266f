"""The four shrinking spirals: the causal-loop diagram and the attribution of KPI changes to them."""

from sim.spirals.attribution import attribution

__all__ = ["attribution"]
