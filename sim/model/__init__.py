"""The Tohoku model on ``sim.core``: dimensions, state layout, sectors, right-hand side.

Pure numpy/numba: nothing here reads files or knows of Hydra, pandas or xarray.
"""
