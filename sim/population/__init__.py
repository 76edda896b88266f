"""The population engine's numeric inputs: schedules by age slot, migration, calibration.

* ``schedules``: mortality and fertility by age slot, the TFR path, the start state, packing of
  the shared data vector;
* ``migration``: gross migration schedules (Rogers-Castro per prefecture), the Miyagi pole, the
  diaspora;
* ``calibration``: fitting vital levels and net migration to the 2015 and 2020 censuses;
* ``inputs``: the calibrated baseline inputs, computed once and cached on disk.
"""

from sim.population.inputs import PopulationInputs, baseline_inputs, compute_baseline_inputs
from sim.population.schedules import START_YEARS, initial_state, tfr_path

__all__ = ["START_YEARS", "PopulationInputs", "baseline_inputs", "compute_baseline_inputs", "initial_state", "tfr_path"]
