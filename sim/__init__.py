"""sim — a system-dynamics simulator of the Tohoku regional economy.

Kept light on import: heavy modules load when first used.
"""

__version__ = "0.1.0"


def run(scenario="baseline", **kwargs):
    """Run scenarios of the Tohoku model; see :func:`sim.runner.run` (imported on first use)."""
    from sim.runner import run as _run

    return _run(scenario, **kwargs)


def __getattr__(name):
    """Subpackages on first use: ``sim.spirals`` (attribution, causal-loop diagram)."""
    if name == "spirals":
        import importlib

        return importlib.import_module("sim.spirals")
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
