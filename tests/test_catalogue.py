"""docs/MODEL.md carries the declarations as the code has them."""

from sim import catalogue
from sim.model.state import PARAMS
from sim.model.variables import VARIABLES


def test_docs_tables_are_up_to_date_with_the_declarations():
    text = catalogue.DOC.read_text(encoding="utf-8")
    assert catalogue.updated_document(text) == text, "run: python -m sim.catalogue"


def test_rendered_tables_name_every_variable_and_parameter_with_its_units():
    tables = catalogue.render_tables()
    for variable in VARIABLES:
        assert f"| `{variable.name}` |" in tables and variable.long_name_ja in tables
    for entry in PARAMS.entries:
        row = next(line for line in tables.splitlines() if line.startswith(f"| `{entry.name}` |"))
        assert entry.units in row and entry.source.split(":")[0] in row
