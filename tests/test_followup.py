"""``python -m sim followup``: observations against the baseline's projection and ensemble band."""

import pandas as pd
import pytest

from sim import followup

ROWS = "region,variable,year,value,source\n"


def _observed(tmp_path, text: str):
    path = tmp_path / "observed.csv"
    path.write_text(ROWS + text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_values_outside_the_band_are_flagged_and_inside_not(tmp_path, capsys):
    # a share is within [0, 1]: 0.99 is far above any projection of Fukushima's ~60 %, 0.01 far below
    path = _observed(tmp_path, "Fukushima,renewable_share,2025,0.99,test\nFukushima,renewable_share,2025,0.01,test\n"
                               "Tohoku,population_total,2024.5,1000,test\nMiyagi,net_migration_15_29,2023,0,test\n"
                               "Tohoku,startup_rate,2035,0.05,test\n")
    table = followup.compare(followup.read_observed(path), n=24)
    # an annual flow has a band (Miyagi's young people leave: no balance in 2023), but none in 2035, the
    # projection's last year, where the total over the year ahead needs the year after
    assert table.flag.tolist() == ["above", "below", "below", "above", "no band"]
    assert (table.band_low <= table.band_high).iloc[:4].all() and (table.band_high.iloc[3] < 0)
    assert table.iloc[4][["projected", "band_low", "band_high"]].isna().all()
    # the middle of the band is inside it
    middle = float(table.band_low.iloc[0] + table.band_high.iloc[0]) / 2
    path = _observed(tmp_path, f"Fukushima,renewable_share,2025,{middle!r},test\n")
    assert followup.main([f"observed={path}", f"out={tmp_path / 'out'}", "n=24"]) == 0
    written = pd.read_csv(tmp_path / "out" / "followup.csv")
    assert written.flag.tolist() == ["inside"]
    page = (tmp_path / "out" / "followup.html").read_text(encoding="utf-8")
    assert "0 of 1 observations lie outside" in page
    assert "followup.html" in capsys.readouterr().out


@pytest.mark.parametrize("text, message", [
    ("Fukushima,happiness,2025,1,x\n", r"observed.csv, line 2: variable='happiness' is not allowed"),
    ("Tokyo,renewable_share,2025,1,x\n", r"line 2: region='Tokyo' is not allowed; allowed: \['Tohoku', 'Aomori'"),
    ("Miyagi,renewable_share,2050,1,x\n", r"line 2: year=2050 is not allowed; allowed: a year from 2020 to 2035"),
])
def test_bad_observations_are_refused_with_a_one_line_error(tmp_path, capsys, text, message):
    import re

    assert followup.main([f"observed={_observed(tmp_path, text)}"]) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and re.search(message, error), error


def test_the_shipped_example_reads():
    from pathlib import Path

    table = followup.read_observed(Path(__file__).resolve().parents[1] / "followup" / "observed_example.csv")
    assert set(table.variable) == {"jobs_to_applicants_ratio", "renewable_share_electricity"}
    assert (table.year > 2020).all() and table.source.str.contains("not used by the calibration").all()
