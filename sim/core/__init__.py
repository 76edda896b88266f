"""Generic stock-flow machinery: declarations, time grid, integrators, SD builtins.

Pure compiled functions over arrays; nothing here knows of files, Hydra or xarray.

>>> from sim.core import Model, Stock, Param, Aux, kernel
"""

from sim.core.builtins import (
    delay_n_content,
    delay_n_init,
    delay_n_rates,
    lookup,
    lookup_backward,
    lookup_extrapolate,
    lookup_forward,
    pulse,
    pulse_train,
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

__all__ = [
    "Aux",
    "Layout",
    "Model",
    "Param",
    "RunResult",
    "Stock",
    "TimeGrid",
    "check_lookup",
    "delay_n_content",
    "delay_n_init",
    "delay_n_rates",
    "kernel",
    "lookup",
    "lookup_backward",
    "lookup_extrapolate",
    "lookup_forward",
    "pulse",
    "pulse_train",
    "ramp",
    "smooth_n_init",
    "smooth_n_rates",
    "smooth_rate",
    "step",
    "trend_init",
    "trend_value",
]
