"""The causal-loop diagram (sim.spirals.diagram) against the loop definitions of MODEL.md §3."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import networkx as nx
import pytest
from matplotlib.figure import Figure

from sim.model.loops import LOOPS, SPIRAL_NAMES, Loop
from sim.spirals import diagram

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: MODEL.md §3: B1 and B10 balance, every other named loop reinforces.
EXPECTED_POLARITY = {
    "R1": "R", "R2": "R", "R3": "R", "B1": "B", "R6": "R", "R7": "R", "R9": "R", "R10": "R", "R13": "R",
    "R4+": "R", "R8+": "R", "R11+": "R", "B10": "B",
}


def chain_links(loop: Loop) -> list[tuple[str, str, int]]:
    """Consecutive (from, to, sign) pairs of a chain, the last closing back to the first.

    A variable repeated at the chain's end (R10) closes the loop there; its +1 link to itself is no link.
    """
    variables = [name for name, _ in loop.chain]
    closed = variables[1:] + variables[:1]
    return [(source, target, sign) for (source, sign), target in zip(loop.chain, closed) if source != target]


@pytest.fixture(scope="module")
def figure() -> Figure:
    return diagram.causal_loop_figure()


def test_every_link_is_an_edge_with_its_sign():
    graph = diagram.loop_graph()
    for loop in LOOPS:
        for source, target, sign in chain_links(loop):
            assert graph.has_edge(source, target), (loop.id, source, target)
            assert graph.edges[source, target]["sign"] == sign, (loop.id, source, target)
            assert loop.id in graph.edges[source, target]["loops"]
    assert graph.number_of_nodes() == len({name for loop in LOOPS for name, _ in loop.chain})
    assert graph.number_of_edges() == len({(s, t) for loop in LOOPS for s, t, _ in chain_links(loop)})
    assert nx.number_of_selfloops(graph) == 0


def test_polarity_counts_negative_links():
    for loop in LOOPS:
        negatives = sum(1 for _, sign in loop.chain if sign < 0)
        assert loop.polarity == ("B" if negatives % 2 else "R"), loop.id
    assert {loop.id: loop.polarity for loop in LOOPS} == EXPECTED_POLARITY
    assert [loop.id for loop in LOOPS if loop.polarity == "B"] == ["B1", "B10"]


def test_conflicting_signs_name_both_loops():
    fake = (
        Loop("X1", (("a", +1), ("b", +1)), "S1", ("a", "b"), "a raises b"),
        Loop("X2", (("a", -1), ("b", -1)), "S2", ("a", "b"), "a lowers b"),
    )
    with pytest.raises(ValueError, match=r"X1.*X2"):
        diagram.loop_graph(fake)


def test_negative_self_link_is_refused():
    fake = (Loop("X3", (("a", +1), ("b", +1), ("a", -1)), "S1", ("a", "b"), "a lowers itself"),)
    with pytest.raises(ValueError, match="X3"):
        diagram.loop_graph(fake)


def test_figure_labels_every_variable_once(figure):
    (ax,) = figure.axes
    texts = [text.get_text().replace("\n", " ") for text in ax.texts]
    for name in diagram.loop_graph().nodes:
        assert texts.count(name) == 1, name
    for loop in LOOPS:
        assert texts.count(loop.id) == 1, loop.id


def test_legend_names_each_spiral_present(figure):
    (ax,) = figure.axes
    entries = [text.get_text() for text in ax.get_legend().get_texts()]
    present = {diagram.spiral_group(loop) for loop in LOOPS}
    assert present == set(diagram.GROUP_LABELS)
    assert len(entries) == len(present)
    for spiral, name in SPIRAL_NAMES.items():
        assert f"{spiral}: {name}" in entries


def test_legend_lists_only_groups_drawn():
    ax = diagram.causal_loop_figure(LOOPS[:2]).axes[0]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [diagram.GROUP_LABELS["S1"]]


def test_japanese_figure_labels_every_variable_and_legend_entry_in_japanese():
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    (ax,) = diagram.causal_loop_figure(lang="ja").axes
    loop_ids = {loop.id for loop in LOOPS}
    labels = [text.get_text() for text in ax.texts if text.get_text() not in loop_ids | {"+", "−"}]
    assert len(labels) == diagram.loop_graph().number_of_nodes()
    assert all(japanese.search(label) for label in labels), [label for label in labels if not japanese.search(label)]
    assert all(text.get_fontfamily()[0] == "IPAexGothic" for text in ax.texts if text.get_text() in labels)
    legend = ax.get_legend()
    entries = [text.get_text() for text in legend.get_texts()] + [legend.get_title().get_text()]
    assert all(japanese.search(entry) for entry in entries), entries


def test_language_is_checked():
    with pytest.raises(ValueError, match="lang"):
        diagram.causal_loop_figure(lang="fr")


def test_main_writes_png_replacing_old_file(tmp_path):
    output = tmp_path / "figures" / "causal_loops.png"
    output.parent.mkdir()
    output.write_bytes(b"old")
    assert diagram.main(["--output", str(output)]) == output
    assert output.read_bytes().startswith(PNG_SIGNATURE)
    assert [path.name for path in output.parent.iterdir()] == ["causal_loops.png"]


@pytest.mark.slow
def test_figure_does_not_depend_on_string_hashing(tmp_path):
    images = []
    for seed in ("1", "2"):
        output = tmp_path / f"hash_seed_{seed}.png"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "sim.spirals.diagram", "--output", str(output)], env=env, check=True,
                       capture_output=True)
        images.append(output.read_bytes())
    assert images[0] == images[1]
