"""sim — a system-dynamics simulator of the Tohoku regional economy.

Kept light on import: heavy modules load when first used.
"""

__version__ = "0.1.0"


def run(scenario="baseline", **kwargs):
    """Run scenarios of the Tohoku model; see :func:`sim.runner.run` (imported on first use)."""
    from sim.runner import run as _run

    return _run(scenario, **kwargs)


def compose(overrides=None):
    """The composed configuration for Hydra-style ``overrides`` (see :func:`sim.config.compose`);
    ``sim.run(sim.compose([...]))`` gives what ``python -m sim ...`` computes."""
    from sim.config import compose as _compose

    return _compose(overrides)


def __getattr__(name):
    """Subpackages on first use: ``sim.spirals`` (attribution, causal-loop diagram), ``sim.levers``
    (returns per yen), ``sim.config``."""
    if name in ("spirals", "levers", "config"):
        import importlib

        return importlib.import_module(f"sim.{name}")
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
