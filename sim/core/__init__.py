"""Generic stock-flow machinery: declarations, time grid, integrators, SD builtins.

Pure compiled functions over arrays; nothing here knows of files, Hydra or xarray.

>>> from sim.core import Model, Stock, Param, Aux, kernel

``load`` reads a Vensim or XMILE file into a model (``sim.core.vensim``; PySD is imported only then);
``to_xmile`` writes a model as XMILE (``sim.core.xmile``).
"""

from sim.core.builtins import (
    delay_fixed_init,
    delay_fixed_output,
    delay_fixed_rates,
    delay_fixed_slots,
    delay_n_content,
    delay_n_init,
    delay_n_rates,
    delay_order,
    lookup,
    lookup_backward,
    lookup_extrapolate,
    lookup_forward,
    material_delay_content,
    material_delay_init,
    material_delay_output,
    material_delay_rates,
    material_delay_slots,
    pulse,
    pulse_train,
    ramp,
    smooth_n_init,
    smooth_n_order_rates,
    smooth_n_rates,
    smooth_rate,
    step,
    trend_init,
    trend_value,
)
from sim.core.jit import kernel
from sim.core.layout import Aux, Layout, Param, Stock
from sim.core.model import DelayOrderWarning, Model, RunResult, check_lookup
from sim.core.timegrid import TimeGrid
from sim.core.vensim import TranslationError, VensimModel, load
from sim.core.xmile import XmileExportError, to_xmile

__all__ = [
    "Aux",
    "Layout",
    "Model",
    "Param",
    "RunResult",
    "Stock",
    "TimeGrid",
    "DelayOrderWarning",
    "TranslationError",
    "VensimModel",
    "XmileExportError",
    "check_lookup",
    "delay_fixed_init",
    "delay_fixed_output",
    "delay_fixed_rates",
    "delay_fixed_slots",
    "delay_n_content",
    "delay_n_init",
    "delay_n_rates",
    "delay_order",
    "kernel",
    "load",
    "lookup",
    "lookup_backward",
    "lookup_extrapolate",
    "lookup_forward",
    "material_delay_content",
    "material_delay_init",
    "material_delay_output",
    "material_delay_rates",
    "material_delay_slots",
    "pulse",
    "pulse_train",
    "ramp",
    "smooth_n_init",
    "smooth_n_order_rates",
    "smooth_n_rates",
    "smooth_rate",
    "step",
    "to_xmile",
    "trend_init",
    "trend_value",
]
