"""``python -m sim``: the main job (for now the core demo, see ``sim.demo``)."""

from sim.demo import main

main()
