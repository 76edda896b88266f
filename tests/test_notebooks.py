"""The notebooks run top to bottom (committed without outputs), draw their figures, and the
planner's notebook runs with and without ipywidgets."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
#: What each notebook prints when its cells really ran.
PRINTED = {"compare_policy_mixes": ["talent with talent at 100 ¥bn/yr", "my_mix ranks "],
           "sweep_and_sensitivity": ["384 samples x 2 scenarios"],
           "design_a_policy": ["cvar of the distance to the vision over 16 members", "points not dominated among",
                               "picked: ¥", "best shipped mix: ", "picked point: ¥",
                               "split by population"]}
#: A first cell that makes ``import ipywidgets`` fail, as where it is not installed.
NO_WIDGETS = "import sys\nsys.modules['ipywidgets'] = None"


def _run(path: Path, tmp_path: Path, *, widgets: bool) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), "commit without outputs"
    if not widgets:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(NO_WIDGETS))
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [output for cell in notebook.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert not errors
    return notebook


def _printed(notebook) -> str:
    return "".join(output.get("text", "") for cell in notebook.cells for output in cell.get("outputs", []))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_and_draws(path, tmp_path):
    notebook = _run(path, tmp_path, widgets=True)
    printed = _printed(notebook)
    assert all(text in printed for text in PRINTED[path.stem]), printed
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert any("image/png" in output.get("data", {}) for output in outputs)  # figures drawn, not "<Figure ...>"
    assert not any("<Figure size" in output.get("data", {}).get("text/plain", "") and
                   "image/png" not in output.get("data", {}) for output in outputs)


@pytest.mark.slow
def test_the_planners_notebook_runs_without_ipywidgets(tmp_path):
    (path,) = [path for path in NOTEBOOKS if path.stem == "compare_policy_mixes"]
    printed = _printed(_run(path, tmp_path, widgets=False))
    assert "ipywidgets is not installed: build a mix with rank_mix" in printed
    assert "my_mix ranks " in printed
