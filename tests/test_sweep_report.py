"""The sweep's HTML report in English and Japanese: headings and title from the report's vocabulary
(``sim.report.word``), the probabilities and sensitivity tables, embedded figures, escaped config."""

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.report import png_bytes, sweep_report_html

HEADINGS = {
    "en": ["Uncertainty and sensitivity", "Probability of meeting each vision target", "Figures",
           "Sensitivity indices", "Configuration"],
    "ja": ["不確実性と感度", "ありたい姿の各目標を達成する確率", "図", "感度指数", "設定"],
}
TITLES = {"en": "sim sweep", "ja": "sim スイープ"}
CONFIG = "sweep:\n  name: <b>bold</b> & more\n"


def _analysis() -> dict[str, pd.DataFrame]:
    probabilities = pd.DataFrame({
        "target": ["population", "population", "telework", "telework", "young", "young"],
        "kpi": ["population_total", "population_total", "telework_share", "telework_share", "net_migration_15_29",
                "net_migration_15_29"],
        "region": ["Tohoku"] * 6, "year": [2032] * 6, "basis": ["level"] * 6,
        "scenario": ["baseline", "talent"] * 3,
        "probability": [0.125, 0.875, 0.0625, 0.5, float("nan"), float("nan")],
        "not_kept": ["", "", "", "", "year_after", "year_after"]})
    # as sim.sweep.run_configured builds it from sim.sweep.analysis.sobol_indices
    indices = pd.DataFrame({"S1": [0.61234567, 0.2], "S1_conf": [0.05, 0.04], "ST": [0.7, 0.3125],
                            "ST_conf": [0.06, 0.03]}, index=["verdoorn_coefficient", "capital_share"])
    sensitivity = indices.reset_index(names="parameter").assign(output="grp_real", scenario="baseline", year=2032)
    return {"probabilities": probabilities, "sensitivity": sensitivity}


def _headings(page: str) -> list[str]:
    return re.findall(r"<h[12]>(.*?)</h[12]>", page)


@pytest.fixture(scope="module")
def figures() -> dict[str, bytes]:
    figure = Figure(figsize=(1, 1))
    figure.subplots().plot([0, 1], [0, 1])
    return {"fan_grp_real": png_bytes(figure, dpi=20)}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sweep_report_headings_title_and_lang_follow_the_language(lang, figures):
    page = sweep_report_html(_analysis(), figures, CONFIG, lang)
    assert page.startswith(f"<!doctype html><html lang='{lang}'>")
    assert re.search(r"<title>(.*?)</title>", page).group(1) == TITLES[lang]
    assert _headings(page) == HEADINGS[lang]
    if lang == "ja":
        for english in [*HEADINGS["en"], TITLES["en"]]:
            assert english not in page, english


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sweep_report_tables_figures_and_escaped_config(lang, figures):
    page = sweep_report_html(_analysis(), figures, CONFIG, lang)
    chances = page.split(f"<h2>{HEADINGS[lang][1]}</h2>")[1].split("</table>")[0]
    names = {"en": ("target", "baseline", "talent", "note"),
             "ja": ("目標", "ベースライン（新たな施策なし）", "多様な人材", "備考")}[lang]
    assert "<th>{}</th><th>{}</th><th>{}</th><th>{}</th>".format(*names) in chances
    labels = {"en": ("Total population, Tohoku 2032", "Share of workers teleworking, Tohoku 2032"),
              "ja": ("総人口、東北、2032年", "テレワーク実施率、東北、2032年度")}[lang]
    assert f"<tr><td>{labels[0]}</td><td>12.5 %</td><td>87.5 %</td><td></td></tr>" in chances  # in %
    assert f"<tr><td>{labels[1]}</td><td>6.2 %</td><td>50.0 %</td><td></td></tr>" in chances
    not_kept = re.search(r"<tr><td>[^<]*</td><td>—</td><td>—</td><td>([^<]*)</td></tr>", chances).group(1)
    assert not_kept == ("not in the sweep: an annual flow in 2032 is the total over the year from 1 October 2032, "
                        "which needs the run to go past 2032 (model.stop)" if lang == "en" else
                        "スイープ対象外：2032年の年間の流量は10月1日から1年間の合計で、2032年より後まで計算する必要がある"
                        "（model.stop）")
    indices = page.split(f"<h2>{HEADINGS[lang][3]}</h2>")[1].split("</table>")[0]
    assert "<td>verdoorn_coefficient</td><td>0.6123</td>" in indices  # rounded to 4 decimals
    assert "<td>0.3125</td>" in indices
    assert "<img alt='fan_grp_real' src='data:image/png;base64," in page
    assert "name: &lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "<b>bold</b>" not in page


def test_sweep_report_without_figures_sensitivity_or_probabilities():
    analysis = {"probabilities": pd.DataFrame(columns=["target", "kpi", "region", "year", "basis", "scenario",
                                                       "probability", "not_kept"])}
    for lang in ("en", "ja"):
        page = sweep_report_html(analysis, {}, "", lang)
        assert _headings(page) == HEADINGS[lang]
        assert "<img" not in page
        assert "<tr><td>—</td></tr>" in page and "<p>—" in page  # no target kept, no indices (Monte Carlo)
        assert "sweep.method=sobol" in page  # and it says why


@pytest.mark.slow
def test_a_monte_carlo_sweep_reports_every_vision_target_in_percent_with_targets_on_its_fans(tmp_path):
    import sim
    from sim import vision
    from sim.sweep import open_results, run_configured
    from sim.report import sweep_figures

    cfg = sim.compose(["sweep=monte_carlo", "sweep.n=8", "sweep.scenarios=[baseline,talent]", "model.stop=2032"])
    store = run_configured(cfg, tmp_path, progress=False)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    chances = page.split(f"<h2>{HEADINGS['en'][1]}</h2>")[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", chances)
    goals = vision.targets(cfg.vision)
    assert len(rows) == len(goals) >= 12
    kept = [row for row in rows if not row[3]]
    assert all(re.fullmatch(r"\d+\.\d %", cell) for row in kept for cell in row[1:3])
    flows = {"startup_rate", "net_migration_tokyo_area", "net_migration_15_29"}
    # an annual flow in the stop year (2032: the startup rate, young migration) needs the year after; 2027's is kept
    at_stop = [goal for goal in goals if goal.kpi in flows and goal.year == 2032]
    assert {goal.id for goal in at_stop} == {"startup_rate", "young_migration"}
    assert len(kept) == len(goals) - len(at_stop)
    why = ("not in the sweep: an annual flow in 2032 is the total over the year from 1 October 2032, which needs "
           "the run to go past 2032 (model.stop)")
    assert [row[3] for row in rows if row[3]] == [why] * len(at_stop)
    results = open_results(store)
    fans = sweep_figures(results, {}, list(cfg.sweep.outputs), "en", goals)
    prefectural = [goal for goal in goals if goal.region != "Tohoku" and goal.basis == "level"]
    assert {goal.region for goal in prefectural} == {"Fukushima"}  # renewables and evacuees: their own fans
    for goal in goals:
        if goal.basis == "level":
            (axes,) = fans[f"fan_{goal.kpi}" if goal.region == "Tohoku" else f"fan_{goal.kpi}_{goal.region}"].axes
            assert any(line.get_label() == "_target" for line in axes.get_lines()), goal.id
            assert f"— {goal.region} (5–95 %" in axes.get_title().replace("\n", " "), goal.id
    # a prefecture's fan is that prefecture's spread: its median is the median over the samples
    (axes,) = fans["fan_renewable_share_Fukushima"].axes
    median = results.renewable_share.sel(region="Fukushima", scenario="baseline").median("sample")
    line = next(line for line in axes.get_lines() if line.get_label() == "baseline")
    np.testing.assert_allclose(line.get_ydata(), 100 * median.values)  # shares shown in %
