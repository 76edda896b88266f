"""The sweep's HTML report in English and Japanese: headings and title from the report's vocabulary
(``sim.report.word``), the probabilities and sensitivity tables, embedded figures, escaped config."""

import re

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
        "target": ["population", "population", "telework", "telework"],
        "kpi": ["population_total", "population_total", "telework_share", "telework_share"],
        "region": ["Tohoku"] * 4, "year": [2032] * 4,
        "scenario": ["baseline", "talent", "baseline", "talent"],
        "probability": [0.125, 0.875, 0.0625, 0.5]})
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
    names = {"en": ("target", "baseline", "talent"), "ja": ("目標", "ベースライン（新たな施策なし）", "多様な人材")}[lang]
    assert "<th>{}</th><th>{}</th><th>{}</th>".format(*names) in chances
    assert "<tr><td>population</td><td>12.5 %</td><td>87.5 %</td></tr>" in chances  # probabilities in %
    assert "<tr><td>telework</td><td>6.2 %</td><td>50.0 %</td></tr>" in chances
    indices = page.split(f"<h2>{HEADINGS[lang][3]}</h2>")[1].split("</table>")[0]
    assert "<td>verdoorn_coefficient</td><td>0.6123</td>" in indices  # rounded to 4 decimals
    assert "<td>0.3125</td>" in indices
    assert "<img alt='fan_grp_real' src='data:image/png;base64," in page
    assert "name: &lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "<b>bold</b>" not in page


def test_sweep_report_without_figures_sensitivity_or_probabilities():
    analysis = {"probabilities": pd.DataFrame(columns=["target", "kpi", "region", "year", "scenario",
                                                       "probability"])}
    for lang in ("en", "ja"):
        page = sweep_report_html(analysis, {}, "", lang)
        assert _headings(page) == HEADINGS[lang]
        assert "<img" not in page
        assert "<tr><td>—</td></tr>" in page and "<p>—" in page  # no target kept, no indices (Monte Carlo)
        assert "sweep.method=sobol" in page  # and it says why
