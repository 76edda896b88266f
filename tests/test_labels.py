"""sim.labels: the Japanese words of the reports that are tables (rationales, loop variables) and
the time basis of each kind of series (年度 for fiscal-year series)."""

import re
from collections import Counter

import pytest

import sim
from sim import labels, vision
from sim.labels import column
from sim.model.loops import LOOPS
from sim.model.state import PARAMS
from sim.report import _parameters, target_label

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_target_of_the_shipped_vision_has_a_japanese_rationale():
    targets = vision.targets(sim.compose([]).vision)
    assert len(targets) >= 12
    for target in targets:
        text = labels.rationale(target.id, target.source, "ja")
        assert text != target.source and JAPANESE.search(text), target.id
        assert labels.rationale(target.id, target.source, "en") == target.source


def test_a_users_target_without_a_japanese_rationale_keeps_its_own():
    assert labels.rationale("my_target", "my reason", "ja") == "my reason"


#: What a translated source must keep as written: numbers, and references to files and documents.
REFERENCE = re.compile(r"[\w/]+\.(?:csv|py|md|yaml)|§\s?[\d.]+|\b[A-M]\d{1,2}\b", re.ASCII)


def test_every_parameter_has_its_source_in_japanese_with_every_number_and_reference_kept():
    translated = labels.parameter_sources_ja()
    assert set(translated) == set(PARAMS.names)  # a renamed or new parameter needs its translation
    for entry in PARAMS.entries:
        text = translated[entry.name]
        if re.search(r"[A-Za-z]{3,}", REFERENCE.sub("", entry.source)):  # words to translate, not only references
            assert JAPANESE.search(text), entry.name
        numbers = Counter(re.findall(r"\d+", text))
        assert not Counter(re.findall(r"\d+", entry.source)) - numbers, entry.name
        references = Counter(REFERENCE.findall(text))
        assert not Counter(REFERENCE.findall(entry.source)) - references, entry.name


def test_the_japanese_report_lists_the_parameters_with_their_japanese_sources():
    table = _parameters("ja")
    assert table[column("parameter", "ja")].tolist() == list(PARAMS.names)
    assert table[column("source", "ja")].tolist() == [labels.parameter_sources_ja()[n] for n in PARAMS.names]
    assert _parameters("en")[column("source", "en")].tolist() == [e.source for e in PARAMS.entries]


def test_every_loop_variable_has_a_japanese_label():
    names = {name for loop in LOOPS for name, _ in loop.chain}
    assert names <= set(labels.LOOP_VARIABLES_JA)
    assert all(JAPANESE.search(labels.LOOP_VARIABLES_JA[name]) for name in names)


@pytest.mark.parametrize("kpi, kind, year, expected", [
    ("co2_change_since_fy2013", "rate", 2030, "2030年度"),
    ("grp_real", "rate", 2032, "2032年度"),
    ("population_total", "stock", 2032, "2032年"),
    ("startup_rate", "annual_flow", 2032, "2032年"),
])
def test_fiscal_year_series_read_nendo_in_japanese(kpi, kind, year, expected):
    row = {"kpi": kpi, "region": "Tohoku", "year": year, "basis": "level"}
    label = target_label(row, "ja")
    assert label.endswith(expected) and not label.endswith("年" + expected)
    assert labels.year_of(year, kind, "en") == str(year)
    assert target_label(row, "en").endswith(str(year))


def test_time_axes_say_when_a_value_is():
    assert labels.time_axis("rate", "ja") == "年度"
    assert "各年10月1日現在" in labels.time_axis("stock", "ja")
    assert "fiscal" in labels.time_axis("rate", "en") and "1 October" in labels.time_axis("stock", "en")
