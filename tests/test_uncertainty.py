"""Probabilities of meeting the targets and of ranking first, on a hand-made ensemble."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from sim import uncertainty

REGIONS = ["Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima"]


def _members(a_paths, b_paths):
    """dx_adoption in Aomori (others 0) for 4 members x 2 scenarios over 2020-2022; firms as weights."""
    values = np.zeros((4, 2, 6, 3))
    values[:, 0, 0] = a_paths
    values[:, 1, 0] = b_paths
    coords = {"member": range(4), "scenario": ["a", "b"], "region": REGIONS, "year": [2020, 2021, 2022]}
    dims = ("member", "scenario", "region", "year")
    return xr.Dataset({"dx_adoption": (dims, values), "firms": (dims, np.ones_like(values))}, coords=coords)


VISION = {"targets": {"dx": {"kpi": "dx_adoption", "region": "Aomori", "value": 0.5, "year": 2022,
                             "direction": "at_least", "source": "x"},
                      "flow": {"kpi": "startups", "region": "Aomori", "value": 1.0, "year": 2022,
                               "direction": "at_least", "source": "x"}}}
# the flow target is not in these members: its single-run shortfall, 0.5 for a and 0 for b
GAPS = pd.DataFrame({"scenario": ["a", "b"], "target": "flow", "shortfall": [0.5, 0.0]})


def test_probability_of_meeting_a_target_is_the_share_of_members_meeting_it():
    members = _members([[0, 0.3, 0.6], [0, 0.3, 0.5], [0, 0.2, 0.4], [0, 0.1, 0.1]],
                       [[0, 0.1, 0.2]] * 4)
    met, _ = uncertainty.probabilities(members, GAPS, VISION)
    assert met.loc["a", "dx"] == 0.5 and met.loc["b", "dx"] == 0.0  # 0.6 and 0.5 meet 0.5, on the boundary too
    assert "flow" not in met


def test_probability_of_ranking_first_counts_members_and_shares_ties():
    # a's dx shortfalls per member: 0, 0, 0.2, 0.8 (from 0 to 0.5); b's: 0.6 in each member
    # distances (weights 1, 1): a 0.25, 0.25, 0.35, 0.65; b 0.3 in each -> a first in 2 of 4
    members = _members([[0, 0.3, 0.6], [0, 0.3, 0.5], [0, 0.2, 0.4], [0, 0.1, 0.1]], [[0, 0.1, 0.2]] * 4)
    _, first = uncertainty.probabilities(members, GAPS, VISION)
    assert first.to_dict() == pytest.approx({"a": 0.5, "b": 0.5})
    same = _members([[0, 0.1, 0.2]] * 4, [[0, 0.1, 0.2]] * 4)
    _, first = uncertainty.probabilities(same, GAPS.assign(shortfall=0.0), VISION)
    assert first.to_dict() == pytest.approx({"a": 0.5, "b": 0.5})  # every member a tie


def test_a_flow_without_a_value_in_its_year_has_no_probability_and_one_with_values_has_one():
    """An annual flow in the run's last year (NaN there, as ``run_ensemble`` and ``sim.run`` give it)
    gets no probability and enters the distance with its single-run shortfall, never as missed by
    every member; with values in its year it gets the share of members meeting it."""
    members = _members([[0, 0.3, 0.6], [0, 0.3, 0.5], [0, 0.2, 0.4], [0, 0.1, 0.1]], [[0, 0.1, 0.2]] * 4)
    startups = np.zeros((4, 2, 6, 3))
    startups[:, :, 0] = [0.0, 0.5, np.nan]  # Aomori: no value in 2022, the last year
    met, first = uncertainty.probabilities(members.assign(startups=(members.dx_adoption.dims, startups)), GAPS,
                                           VISION)
    assert "flow" not in met and met.loc["a", "dx"] == 0.5
    assert first.to_dict() == pytest.approx({"a": 0.5, "b": 0.5})  # as with the single-run shortfalls above
    startups[:, 0, 0, 2] = [1.5, 0.5, 1.0, 2.0]  # a: three members reach 1.0; b stays at 0
    startups[:, 1, 0, 2] = 0.0
    met, _ = uncertainty.probabilities(members.assign(startups=(members.dx_adoption.dims, startups)), GAPS, VISION)
    assert met.loc["a", "flow"] == 0.75 and met.loc["b", "flow"] == 0.0
