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
# the flow target is not kept by the ensemble: its single-run shortfall, 0.5 for a and 0 for b
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
