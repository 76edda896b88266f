"""Generic stock-flow machinery: declarations, time grid, integrators, SD builtins.

Pure compiled functions over arrays; nothing here knows of files, Hydra or xarray.

>>> from sim.core import Model, Stock, Param, Aux, kernel

``load`` reads a Vensim or XMILE file into a model (``sim.core.vensim``; PySD is imported only then).
"""

from sim.core.builtins import (
    delay_n_content,
    delay_n_init,
    delay_n_rates,
    lookup,
    pulse,
    ramp,
    smooth_n_init,
    smooth_n_rates,
    smooth_rate,
    step,
    trend_init,
    trend_value,
)
from sim.core.jit import kernel
from sim.core.layout import Aux, Layout, Param, Stock
from sim.core.model import Model, RunResult, check_lookup
from sim.core.timegrid import TimeGrid
from sim.core.vensim import TranslationError, VensimModel, load

__all__ = [
    "Aux",
    "Layout",
    "Model",
    "Param",
    "RunResult",
    "Stock",
    "TimeGrid",
    "TranslationError",
    "VensimModel",
    "check_lookup",
    "delay_n_content",
    "delay_n_init",
    "delay_n_rates",
    "kernel",
    "load",
    "lookup",
    "pulse",
    "ramp",
    "smooth_n_init",
    "smooth_n_rates",
    "smooth_rate",
    "step",
    "trend_init",
    "trend_value",
]
