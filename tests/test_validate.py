"""The validation page (``python -m sim.validate``): its sections, sources, figures and checklist.

The page is generated once into a temporary folder from one set of runs. The tests check the
page's structure and bookkeeping — every section present, every check row naming its data source,
the figures written, the header's provenance, the stylised-fact checklist reporting pass for the
facts the baseline meets — never the model's numbers themselves (those are the tests of
``test_population.py``, ``test_economy.py`` and ``test_stylised_facts.py``).
"""

import re

import pytest

from sim import validate
from sim.economy.inputs import read_calibrated

SECTIONS = ("1. Back-test from the 2015 census", "2. The FY2021–22 rebound against the national path",
            "3. The 2017 labour market", "4. Jobs-to-applicants ratios 2014–2022", "5. Greenhouse-gas inventories",
            "6. Population against IPSS 2018", "7. Stylised facts of ECONOMY_V2.md §4")
#: Sections without a figure (the labour market is two small tables).
WITHOUT_FIGURE = ("3. The 2017 labour market",)
#: Where a row's data come from: a source table, the design note, the calibration or the evidence.
SOURCE = re.compile(r"\.csv|ECONOMY_V2\.md|calibrated\.yaml|EVIDENCE\.md")
#: The facts of ECONOMY_V2.md §4 the shipped baseline meets (start of each checklist row's text).
MET_FACTS = ("Unemployment in every prefecture", "Jobs ratio reproduces the 2019 means", "Jobs ratio at or above",
             "Tohoku real GRP growth FY2021", "Real wages do not fall", "No prefecture's balance with the Tokyo area",
             "Energy CO2, Tohoku 2020", "Every prefecture's CO2 above 0", "Every share within [0, 1]",
             "Pure spending: ¥ of GRP per ¥ in the impact year", "Pure spending: no more than")


@pytest.fixture(scope="module")
def runs():
    return validate.run_models()


@pytest.fixture(scope="module")
def generated(runs, tmp_path_factory):
    output = tmp_path_factory.mktemp("docs") / "VALIDATION.md"
    sections = validate.generate(output, runs=runs)
    return output, output.read_text(encoding="utf-8"), sections


def _markdown_tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of ``text`` as rows of cells (header first, separator dropped)."""
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            if not re.fullmatch(r"\|(---\|)+", line):
                current.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif current:
            tables.append(current)
            current = []
    return tables


def test_the_page_has_every_section_in_order(generated):
    _, text, sections = generated
    assert [section.title for section in sections] == list(SECTIONS)
    positions = [text.index(f"\n## {title}\n") for title in SECTIONS]
    assert positions == sorted(positions)
    assert "\n## Summary\n" in text


def test_the_header_names_the_command_date_git_sha_and_calibration_version(generated):
    _, text, _ = generated
    header = text.split("\n## ")[0]
    version = read_calibrated()["version"]
    assert "`python -m sim.validate`" in header
    assert re.search(r"on \d{4}-\d{2}-\d{2} \(UTC\)", header)
    assert re.search(r"from git `([0-9a-f]{40}|unknown)`", header)
    assert f"version `{version}`" in header


def test_every_check_row_names_its_data_source(generated):
    _, text, sections = generated
    checks = [table for table in _markdown_tables(text) if "status" in table[0]]
    assert len(checks) == sum(len(section.tables) for section in sections) >= len(SECTIONS)
    for table in checks:
        header, rows = table[0], table[1:]
        assert rows, header
        source, status = header.index("source"), header.index("status")
        for row in rows:
            assert len(row) == len(header), row
            assert SOURCE.search(row[source]), row
            assert row[status].strip("*") in (validate.PASS, validate.FAIL, validate.INFO), row


def test_the_summary_counts_every_status_of_every_section(generated):
    _, text, sections = generated
    summary = _markdown_tables(text.split("\n## Summary\n")[1].split("\n## ")[0])[0]
    assert summary[0] == ["section", "pass", "FAIL", "info"]
    for row, section in zip(summary[1:], sections):
        assert row == [section.title, *(str(section.count(s)) for s in (validate.PASS, validate.FAIL, validate.INFO))]


def test_the_figures_exist_beside_the_page(generated):
    output, text, sections = generated
    linked = re.findall(r"!\[[^\]]*\]\((figures/validation_[a-z0-9_]+\.png)\)", text)
    assert linked and len(linked) == len(set(linked)) == sum(len(section.figures) for section in sections)
    for link in linked:
        path = output.parent / link
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
    for section in sections:
        assert bool(section.figures) == (section.title not in WITHOUT_FIGURE), section.title
    assert not list(output.parent.rglob("*.tmp"))  # atomic writes leave nothing behind


def test_the_stylised_fact_checklist_reports_pass_for_the_facts_the_baseline_meets(generated):
    _, text, sections = generated
    checklist = sections[-1].tables[0].rows
    for fact in MET_FACTS:
        rows = checklist[checklist.fact.str.startswith(fact)]
        assert len(rows) == 1, fact
        assert rows.status.iloc[0] == validate.PASS, rows.to_dict("records")
    # and the page shows what the table holds
    page = _markdown_tables(text.split("\n## 7. ")[1])[0]
    assert [row[page[0].index("status")] for row in page[1:]] == list(checklist.status)


def test_pure_spending_switches_off_every_lever_effect_the_stylised_facts_test_does():
    from test_stylised_facts import EFFECT_SIZES, PURE_SPENDING_BAND

    assert validate.EFFECT_SIZES == EFFECT_SIZES
    assert validate.PURE_SPENDING_BAND == PURE_SPENDING_BAND


def test_the_command_line_writes_the_page_where_asked(runs, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(validate, "run_models", lambda: runs)
    output = tmp_path / "page.md"
    output.write_text("an older page", encoding="utf-8")  # regenerating overwrites
    assert validate.main(["--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Validation") and f"`python -m sim.validate --output {output}`" in text
    assert (tmp_path / "figures" / "validation_jobs_ratio.png").exists()
    assert "pass" in capsys.readouterr().out


@pytest.mark.parametrize(("year", "indicator", "time"), [
    ("2014_fy", "job_openings_ratio_fy_avg", 2014.0),  # a fiscal year's centre is 1 October
    ("2019", "job_openings_ratio_sa_mean12", 2018.75),  # a calendar year's centre is 1 July
    ("2019-12", "job_openings_ratio_sa", 2019 + 11.5 / 12 - 0.75),
    ("2020-01/02", "job_openings_ratio_sa_mean2", 2020 + 1 / 12 - 0.75),
])
def test_snapshots_are_placed_at_their_centre_in_model_time(year, indicator, time):
    assert validate.snapshot_time(year, indicator) == pytest.approx(time)


def test_helpers_cite_shortly_and_escape_table_cells():
    cited = validate.cite("x.csv", "ind", "総務省 労働力調査 " + "長" * 100 + "; https://example.org/page")
    assert cited.startswith("`x.csv` `ind` (総務省") and "https" not in cited and cited.endswith("…)")
    table = validate.markdown_table(validate.pd.DataFrame({"a": ["x|y"], "status": [validate.FAIL]}))
    assert table.splitlines()[2] == "| x\\|y | **FAIL** |"
    assert validate.pct(-0.0123) == "−1.2 %" and validate.signed(0.5, 1) == "+0.5"
