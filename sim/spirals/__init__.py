"""The four shrinking spirals: the causal-loop diagram and the attribution of KPI changes to them."""

from sim.spirals.attribution import attribution
from sim.spirals.dominance import dominance

__all__ = ["attribution", "dominance"]
