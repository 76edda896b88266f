"""The main job's data files and report: results.xlsx and timeseries.csv hold results.nc's numbers,
the cost is in results.nc, the report links the files and reads in Japanese, files share one mode."""

import os
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xarray as xr

import sim
from sim import cost, vision
from sim.atomic import current_umask
from sim.job import DOWNLOADS, run_job
from sim.kpis import kpi_table
from sim.report import report_html

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    cfg = sim.compose(["scenario=dx", "model.stop=2032", "output.figures=false"])
    report = run_job(cfg, tmp_path_factory.mktemp("job") / "run")
    with xr.open_dataset(report.parent / "results.nc") as stored:
        return cfg, report, stored.load()


def test_the_baseline_is_added_and_the_cost_is_in_results_nc(run):
    _, _, stored = run
    assert list(stored.scenario.values) == ["baseline", "dx"]
    # dx.yaml: ¥50bn/yr from 1 Oct 2022, reached over 2 years (ramp): 2022-23 25/2 = 12.5,
    # 2023-24 (25 + 50)/2 = 37.5, then 50 a year for 2024-2032 (8 years): 450 in all
    assert stored.cost.sel(scenario="dx").sum().item() == pytest.approx(450.0)
    assert stored.cost.sel(scenario="baseline").sum().item() == 0.0
    assert stored.cost.attrs["units"] == "¥bn" and stored.cost_discounted.attrs["discount_rate"] == 0.04
    assert stored.lever_spending.sel(scenario="dx", lever="dx", time=2030).sum().item() == pytest.approx(50.0)


def test_results_xlsx_holds_the_numbers_of_results_nc(run):
    cfg, report, stored = run
    book = openpyxl.load_workbook(report.parent / "results.xlsx", read_only=True)
    assert set(cfg.output.kpis) <= set(book.sheetnames) and {"ranking", "gaps", "cost_by_lever"} <= set(book.sheetnames)
    for kpi in ("population_total", "renewable_share", "grp_real"):
        rows = list(book[kpi].iter_rows(values_only=True))
        assert rows[0][0] == f"{kpi} [{stored[kpi].attrs['units']}]"
        header, body = rows[2], rows[3:]
        years = [int(year) for year in header[2:]]
        assert years == list(range(2020, 2033))
        cells = {(scenario, region): values for scenario, region, *values in body}
        assert len(cells) == 2 * 7  # two scenarios, Tohoku and the six prefectures
        for region in ("Aomori", "Fukushima"):
            np.testing.assert_allclose(np.array(cells[("dx", region)], float),
                                       stored[kpi].sel(scenario="dx", region=region).values, rtol=1e-12)
    # Tohoku's population is the sum of the prefectures'
    rows = list(book["population_total"].iter_rows(values_only=True))
    tohoku = next(values for scenario, region, *values in rows[3:] if (scenario, region) == ("baseline", "Tohoku"))
    np.testing.assert_allclose(tohoku, stored.population_total.sel(scenario="baseline").sum("region").values,
                               rtol=1e-12)
    ranking = pd.read_excel(report.parent / "results.xlsx", sheet_name="cost_by_lever", engine="openpyxl")
    ranking = ranking.set_index("scenario")
    assert ranking.loc["dx", "dx"] == pytest.approx(stored.cost.sel(scenario="dx", lever="dx").sum().item())


def test_timeseries_csv_is_long_with_units(run):
    _, report, stored = run
    table = pd.read_csv(report.parent / "timeseries.csv")
    assert list(table.columns) == ["scenario", "region", "variable", "year", "value", "units"]
    row = table[(table.scenario == "dx") & (table.region == "Miyagi") & (table.variable == "grp_real")
                & (table.year == 2030)]
    assert row.value.item() == pytest.approx(stored.grp_real.sel(scenario="dx", region="Miyagi", time=2030).item())
    assert row.units.item() == "¥bn/year"
    assert set(table.region) == {"Tohoku", "Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima"}


def test_every_output_has_the_users_file_mode(run):
    _, report, _ = run
    mode = 0o666 & ~current_umask()
    files = [path for path in report.parent.iterdir() if path.is_file()]
    assert {path.name for path in files} >= set(DOWNLOADS) | {"report.html"}
    assert {path.name: os.stat(path).st_mode & 0o777 for path in files} == {path.name: mode for path in files}


def test_the_report_links_the_data_and_names_the_best_mixes(run):
    _, report, _ = run
    page = report.read_text(encoding="utf-8")
    for name in DOWNLOADS:
        assert f"<a href='{name}'>" in page
    summary = re.search(r"<div class='summary'>(.*?)</div>", page, flags=re.S).group(1)
    assert "Closest to the vision: <b>dx</b>" in summary and "Most per yen: <b>dx</b>" in summary
    assert "% of a" not in page
    # the ensemble: 256 members per scenario, its probabilities in the report and in results.xlsx
    assert "Uncertainty: probability of meeting each target and of ranking first" in page
    chances = pd.read_excel(report.parent / "results.xlsx", sheet_name="probability_met", engine="openpyxl")
    assert list(chances.scenario) == ["baseline", "dx"]
    assert ((chances.drop(columns="scenario") >= 0) & (chances.drop(columns="scenario") <= 1)).all().all()
    # the share of the first 256 posterior members whose Fukushima renewable share reaches 70 % in 2030
    members = sim.run("baseline", stop=2032, ensemble=256)
    expected = float((members.renewable_share.sel(region="Fukushima", time=2030) >= 0.70).mean())
    assert chances.set_index("scenario").loc["baseline", "fukushima_renewables"] == pytest.approx(expected, abs=1e-12)
    assert 0.5 < expected < 1.0  # the single run's 83 % against 70 %, with market additions uncertain by ±30 %
    # an annual flow before the stop year has a probability (the Tokyo-area balance, Tohoku, 2027: at least 0)
    tokyo = members.net_migration_tokyo_area.sel(time=2027).sum("region")
    expected = float((tokyo >= 0.0).mean())
    assert chances.set_index("scenario").loc["baseline", "tokyo_migration_balance"] == pytest.approx(expected, abs=1e-12)
    # flows in 2032, the run's last year, have none, and the report names them
    assert {"startup_rate", "young_migration"}.isdisjoint(chances.columns)
    assert re.search(r"Without a probability \(no value in the ensemble in the target year.*\): [^<]*startup rate[^<]*"
                     r"Tohoku 2032; [^<]*15-29, Tohoku 2032\.</p>", page)


def test_the_japanese_report_has_japanese_headings_columns_and_units(run):
    cfg, _, stored = run
    gaps = vision.compare(stored, cfg.vision)
    costs = stored[["cost", "cost_discounted"]]
    page = report_html(stored, kpi_table(stored, list(cfg.output.kpis), 2032), gaps, vision.score(gaps), {},
                       "", "ja", costs=costs, downloads=DOWNLOADS)
    headings = re.findall(r"<(h[1-3]|th)>(.*?)</\1>", page)
    assert len(headings) > 40
    english = [text for _, text in headings if not JAPANESE.search(text)]
    assert not english, english
    assert "DX推進" in page and "ベースライン（新たな施策なし）" in page
    assert "4,500億円" in page  # dx's ¥450bn to 2032
    assert "十億円" not in page and "ポイント" in page
