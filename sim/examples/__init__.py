"""Small models built on ``sim.core``: the README example and the engines' cross-check models.

Each has a Vensim twin in ``sim/examples/vensim/`` that PySD and pysimlin run.
"""
