"""sim — a system-dynamics simulator of the Tohoku regional economy.

Kept light on import: heavy modules load when first used.
"""

__version__ = "0.1.0"
