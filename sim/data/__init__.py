"""Reproducible data preparation for the model.

``sim.data.demography`` turns the published statistics copied in ``sim/data/sources/`` (census
population by 5-year age group, national death rates, the national fertility age pattern,
prefectural life expectancy and TFR) into the single-year-of-age inputs of the population engine.
Methods, sources and assumptions: ``docs/DATA_PREPARATION.md``.
"""
