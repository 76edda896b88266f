"""``python -m sim``: the main job (``sim.cli``)."""

from sim.cli import main

main()
