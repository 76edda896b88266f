"""The causal-loop diagram (CLD) of the model's named feedback loops (MODEL.md §3).

The diagram is generated from ``sim.model.loops.LOOPS``, so it cannot drift from the loops the
model gates and the spiral attribution knocks out. ``loop_graph`` merges every loop's chain into one
directed graph (one edge per causal link, with its sign and the loops it belongs to) and checks that
no link has two signs; ``causal_loop_figure`` draws that graph: variables as rounded boxes, links as
arrows coloured by spiral with a "+" or "−" near the head, and each loop's id at the centroid of its
variables inside a circular arrow.

In Japanese (``lang="ja"``) the variables and the legend are labelled from ``sim.labels``
(``LOOP_VARIABLES_JA``, ``LOOP_GROUPS``) in IPAexGothic; the signs and loop ids stay in DejaVu
Sans, which has their bold.

``python -m sim.spirals.diagram`` writes ``docs/figures/causal_loops.png``.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path as MarkerPath
from matplotlib.text import Text

from sim.atomic import atomic_path
from sim.labels import LOOP_GROUPS_JA, LOOP_VARIABLES_JA
from sim.model.loops import LOOPS, SPIRAL_NAMES, Loop

#: Where ``python -m sim.spirals.diagram`` writes the figure (relative to the working directory).
DEFAULT_OUTPUT = Path("docs/figures/causal_loops.png")
DPI = 120
FIGSIZE = (14.0, 10.0)
LANGUAGES = ("en", "ja")
#: Fonts of the Japanese labels (IPAexGothic, registered by ``sim.plots``; DejaVu Sans for what it lacks)
#: and of the signs and loop ids (bold Latin glyphs) in both languages.
JAPANESE_FONTS = ["IPAexGothic", "DejaVu Sans"]
SYMBOL_FONT = "DejaVu Sans"

#: Colour groups of the legend: the four shrinking spirals, the loops that counter them, reconstruction.
GROUP_LABELS = {
    **{spiral: f"{spiral}: {name}" for spiral, name in SPIRAL_NAMES.items()},
    "counter": "counter loops (levers against S1–S4)",
    "reconstruction": "reconstruction",
}
LEGEND_TITLE = "Links coloured by spiral; loops marked R (reinforcing) or B (balancing)"
GROUP_COLOURS = {
    "S1": "#1f77b4",
    "S2": "#d62728",
    "S3": "#2ca02c",
    "S4": "#9467bd",
    "counter": "#ff7f0e",
    "reconstruction": "#7f7f7f",
}
SIGN_LABELS = {+1: "+", -1: "−"}

NODE_FONTSIZE = 8.5
NODE_WRAP = 14  # characters per line of an English node label
EDGE_RAD = 0.2  # curvature of the arrows (arc3), so that opposite links do not overlap
PARALLEL_RAD_STEP = 0.35  # extra curvature of each further colour group drawn on a shared link
SIGN_POSITION = 0.6  # where along a link its sign sits (0 = tail, 1 = head)
LAYOUT_MARGIN = 0.06  # fraction of the axes left free around the layout
MARKER_RADIUS = 0.27  # of the circular arrow around a loop id [inch = data unit]
LEGEND_BAND = 0.7  # height kept free at the bottom for the legend [inch = data unit]
NODE_GAP = 0.45  # least room between two labels' edges [inch = data unit]
SEPARATION_PASSES = 50
ISLAND_COLUMN = 0.12  # fraction of the width kept for loops that share no variable with the rest


def loop_links(loop: Loop) -> list[tuple[str, str, int]]:
    """The causal links of ``loop`` as (from variable, to variable, sign), the last closing the loop.

    A chain may repeat its first variable at its end (R10 does) to show the loop closing; the link
    from that variable to itself is then an identity, not a cause, and is left out. Such a
    self-link with sign −1 would flip the loop's polarity, so it is refused.
    """
    links = []
    for (source, sign), (target, _) in zip(loop.chain, loop.chain[1:] + loop.chain[:1]):
        if source == target:
            if sign < 0:
                raise ValueError(f"loop {loop.id} links {source!r} to itself with sign −1")
            continue
        links.append((source, target, sign))
    return links


def loop_graph(loops: tuple[Loop, ...] = LOOPS) -> nx.DiGraph:
    """One directed graph of all loops: nodes are variables, edges are links.

    Each edge has ``sign`` (+1 or −1) and ``loops`` (the ids of the loops that contain it, in the
    order of ``loops``). A link that appears in two loops with different signs raises ``ValueError``
    naming both loops, since a variable cannot both raise and lower the next one.
    """
    graph = nx.DiGraph()
    for loop in loops:
        for source, target, sign in loop_links(loop):
            if graph.has_edge(source, target):
                edge = graph.edges[source, target]
                if edge["sign"] != sign:
                    raise ValueError(
                        f"link {source!r} -> {target!r} has sign {edge['sign']:+d} in loop {edge['loops'][0]} "
                        f"but {sign:+d} in loop {loop.id}"
                    )
                edge["loops"] += (loop.id,)
            else:
                graph.add_edge(source, target, sign=sign, loops=(loop.id,))
    return graph


def spiral_group(loop: Loop) -> str:
    """The colour group of ``loop``: its spiral, "counter" or "reconstruction"."""
    if loop.spiral.startswith("counter"):
        return "counter"
    return loop.spiral


def _layout(graph: nx.DiGraph, extent: tuple[float, float]) -> dict[str, np.ndarray]:
    """Node positions filling the box [0, width] × [0, height] given by ``extent``.

    The largest connected part of the graph fills the box but a column at the right; the loops
    that share no variable with it (R8+, B10) are stacked in that column, since Kamada–Kawai would
    otherwise drop them into the middle. Kamada–Kawai (distances along the undirected graph) starts
    from the circular layout in the order the loops name the variables, so the layout is
    deterministic without a seed.
    """
    width, height = extent
    parts = sorted(_connected_parts(graph), key=len, reverse=True)
    main, islands = parts[0], parts[1:]
    column = ISLAND_COLUMN * width if islands else 0.0
    positions = _fit(nx.kamada_kawai_layout(main), (0.0, 0.0), (width - column, height))
    slot = height / max(len(islands), 1)
    for k, island in enumerate(islands):
        low = (width - 0.5 * column, height - (k + 1) * slot + 0.25 * slot)
        positions.update(_fit(nx.kamada_kawai_layout(island), low, (0.0, 0.5 * slot)))
    return positions


def _connected_parts(graph: nx.DiGraph) -> list[nx.Graph]:
    """The connected parts of ``graph`` (undirected), each keeping the graph's node and edge order.

    networkx returns components as sets, whose order changes with Python's string hashing; the
    layout starts from the node order, so it must not depend on it.
    """
    parts = []
    for component in nx.connected_components(graph.to_undirected()):
        part = nx.Graph()
        part.add_nodes_from(node for node in graph if node in component)
        part.add_edges_from((a, b) for a, b in graph.edges if a in component)
        parts.append(part)
    return parts


def _fit(raw: dict[str, np.ndarray], low: tuple[float, float], size: tuple[float, float]) -> dict[str, np.ndarray]:
    """Scale the positions ``raw`` to fill the box at ``low`` of ``size`` (a flat direction is centred)."""
    points = np.array(list(raw.values()))
    span = points.max(axis=0) - points.min(axis=0)
    unit = np.divide(points - points.min(axis=0), span, out=np.full_like(points, 0.5), where=span > 1e-9)
    return dict(zip(raw, np.asarray(low) + unit * np.asarray(size)))


def _node_label(name: str, lang: str = "en") -> str:
    """A variable name in ``lang`` on a few short lines (English wrapped at spaces; Japanese as
    ``LOOP_VARIABLES_JA`` breaks it)."""
    if lang == "ja":
        return LOOP_VARIABLES_JA[name]
    return "\n".join(textwrap.wrap(name, NODE_WRAP, break_long_words=False))


def _node_texts(ax, names, lang: str) -> dict[str, tuple[Text, np.ndarray]]:
    """Add each variable's label to ``ax`` (at the origin for now); return it with its size in data units.

    The size is measured from the rendered text, so that boxes fit their labels and arrows can be
    clipped at the box edges whatever dpi the figure is saved at.
    """
    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    to_data = ax.transData.inverted()
    texts = {}
    for name in names:
        text = ax.text(0.0, 0.0, _node_label(name, lang), ha="center", va="center", fontsize=NODE_FONTSIZE,
                       multialignment="center", zorder=4, fontfamily=JAPANESE_FONTS if lang == "ja" else None)
        corners = to_data.transform(text.get_window_extent(renderer).get_points())
        texts[name] = (text, corners[1] - corners[0])
    return texts


def _separate(positions: dict[str, np.ndarray], sizes: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Push apart labels closer than ``NODE_GAP`` (edge to edge) so that short links keep room for an arrow.

    Each pass moves both labels of a crowded pair half the missing room apart along the axis where
    less is missing; passes repeat until no pair is crowded (or ``SEPARATION_PASSES`` is reached).
    """
    moved = {name: point.copy() for name, point in positions.items()}
    names = list(moved)
    for _ in range(SEPARATION_PASSES):
        crowded = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                offset = moved[b] - moved[a]
                missing = (sizes[a] + sizes[b]) / 2 + NODE_GAP - np.abs(offset)
                if (missing > 0).all():
                    crowded = True
                    axis = int(np.argmin(missing))
                    step = missing[axis] / 2 * (1.0 if offset[axis] >= 0 else -1.0)
                    moved[a][axis] -= step
                    moved[b][axis] += step
        if not crowded:
            break
    return moved


def _draw_boxes(ax, texts, positions: dict[str, np.ndarray]) -> dict[str, FancyBboxPatch]:
    """Move each label to its position and draw its rounded box; return the boxes (arrows clip against them)."""
    boxes = {}
    for name, (text, size) in texts.items():
        text.set_position(positions[name])
        pad = 0.25 * size[1] / (text.get_text().count("\n") + 1)
        boxes[name] = FancyBboxPatch(positions[name] - size / 2, *size, boxstyle=f"round,pad={pad},rounding_size={pad}",
                                     facecolor="#fbfbf6", edgecolor="#555555", linewidth=0.8, zorder=3)
        ax.add_patch(boxes[name])
    return boxes


def _arc_point(start: np.ndarray, end: np.ndarray, rad: float, t: float) -> np.ndarray:
    """The point at parameter ``t`` on the quadratic Bézier curve that ``arc3,rad=rad`` draws.

    Valid in data coordinates because the axes have an equal aspect ratio.
    """
    (x0, y0), (x1, y1) = start, end
    control = np.array([(x0 + x1) / 2 + rad * (y1 - y0), (y0 + y1) / 2 - rad * (x1 - x0)])
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end


def _sign_point(start, end, rad: float, source_box, target_box) -> np.ndarray:
    """Where a link's sign goes: ``SIGN_POSITION`` of the way along the part of the arc between the boxes."""
    ts = np.linspace(0.0, 1.0, 101)
    outside = [not source_box.get_path().contains_point(p) and not target_box.get_path().contains_point(p)
               for p in (_arc_point(start, end, rad, t) for t in ts)]
    visible = ts[outside] if any(outside) else ts
    t = visible[0] + SIGN_POSITION * (visible[-1] - visible[0])
    return _arc_point(start, end, rad, t)


def _draw_links(ax, graph: nx.DiGraph, positions, boxes, groups: dict[str, str]) -> list[np.ndarray]:
    """Draw each link as an arrow per colour group of its loops, with its sign near the head.

    Returns points sampled along every arrow, so that loop markers can keep clear of them.
    """
    samples = []
    for source, target, data in graph.edges(data=True):
        link_groups = list(dict.fromkeys(groups[loop_id] for loop_id in data["loops"]))
        for k, group in enumerate(link_groups):
            rad = EDGE_RAD + k * PARALLEL_RAD_STEP
            colour = GROUP_COLOURS[group]
            ax.add_patch(FancyArrowPatch(
                positions[source], positions[target], patchA=boxes[source], patchB=boxes[target],
                connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>", mutation_scale=13,
                color=colour, linewidth=1.4, shrinkA=2, shrinkB=2, zorder=1))
            x, y = _sign_point(positions[source], positions[target], rad, boxes[source], boxes[target])
            ax.text(x, y, SIGN_LABELS[data["sign"]], ha="center", va="center", fontsize=11, fontweight="bold",
                    color=colour, zorder=2, fontfamily=SYMBOL_FONT,
                    bbox={"boxstyle": "circle,pad=0.05", "facecolor": "white", "edgecolor": "none"})
            samples += [_arc_point(positions[source], positions[target], rad, t) for t in np.linspace(0, 1, 41)]
    return samples


def _circular_arrow() -> MarkerPath:
    """A marker path: an open circle (300°) with an arrowhead at its end, turning anticlockwise."""
    arc = MarkerPath.arc(60.0, 360.0)
    head = MarkerPath([(0.75, -0.25), (1.0, 0.05), (1.25, -0.25)], [MarkerPath.MOVETO, MarkerPath.LINETO,
                                                                   MarkerPath.LINETO])
    return MarkerPath.make_compound_path(arc, head)


def _free_spot(centre: np.ndarray, taken: list[np.ndarray], boxes, arrows: np.ndarray) -> np.ndarray:
    """The point nearest ``centre`` (on rings of growing radius) where a loop marker overlaps no box,
    arrow or marker already placed; ``centre`` itself when there is none within reach."""
    def is_free(point):
        clear_of_boxes = all(not box.get_path().contains_point(point, radius=2 * MARKER_RADIUS)
                             for box in boxes.values())
        clear_of_arrows = np.hypot(*(arrows - point).T).min() > MARKER_RADIUS
        clear_of_markers = all(np.hypot(*(point - other)) > 2 * MARKER_RADIUS for other in taken)
        return clear_of_boxes and clear_of_arrows and clear_of_markers

    for ring in np.arange(0.0, 3.0, 0.5 * MARKER_RADIUS):
        for angle in np.linspace(0.0, 2 * np.pi, 16, endpoint=False) if ring else [0.0]:
            point = centre + ring * np.array([np.cos(angle), np.sin(angle)])
            if is_free(point):
                return point
    return centre


def _draw_loop_ids(ax, loops, positions, boxes, arrows, groups: dict[str, str]) -> None:
    """Mark each loop by its id (R… reinforcing, B… balancing) in a circular arrow near its variables' centroid.

    The marker moves off the centroid to the nearest spot clear of the variable boxes, of the arrows
    (``arrows``: points sampled along them) and of the markers already placed.
    """
    marker = _circular_arrow()
    taken = []
    for loop in loops:
        x, y = _free_spot(np.mean([positions[name] for name, _ in loop.chain], axis=0), taken, boxes,
                          np.asarray(arrows))
        taken.append(np.array([x, y]))
        colour = GROUP_COLOURS[groups[loop.id]]
        ax.plot([x], [y], marker=marker, markersize=MARKER_RADIUS * 144, markerfacecolor="none",
                markeredgecolor=colour, markeredgewidth=1.6, linestyle="none", zorder=5)
        ax.text(x, y, loop.id, ha="center", va="center", fontsize=10, fontweight="bold", color=colour, zorder=6,
                fontfamily=SYMBOL_FONT)


def _legend(ax, present: list[str], lang: str) -> None:
    """A legend with one entry per colour group present, in the order of ``GROUP_LABELS``, in ``lang``."""
    ja = lang == "ja"
    handles = [Line2D([], [], color=GROUP_COLOURS[group], linewidth=2.5,
                      label=LOOP_GROUPS_JA[group] if ja else GROUP_LABELS[group])
               for group in GROUP_LABELS if group in present]
    legend = ax.legend(handles=handles, loc="lower center", ncol=3, frameon=False,
                       prop={"size": 9, "family": JAPANESE_FONTS} if ja else {"size": 9},
                       title=LOOP_GROUPS_JA["title"] if ja else LEGEND_TITLE, title_fontsize=9)
    if ja:
        legend.get_title().set_fontfamily(JAPANESE_FONTS)


def causal_loop_figure(loops: tuple[Loop, ...] = LOOPS, lang: str = "en") -> Figure:
    """The causal-loop diagram of ``loops`` as a matplotlib Figure (14 × 10 inches).

    Parameters
    ----------
    loops : tuple of Loop  The loops to draw (default: all of MODEL.md §3).
    lang : {"en", "ja"}  Label language of the variables and the legend.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not allowed; allowed: {LANGUAGES}")
    if lang == "ja":
        import sim.plots  # noqa: F401  (registers IPAexGothic with matplotlib's font manager)
    graph = loop_graph(loops)
    groups = {loop.id: spiral_group(loop) for loop in loops}
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    width, height = FIGSIZE
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    ax.set_aspect("equal")
    ax.set_axis_off()
    margin = LAYOUT_MARGIN * height
    inner = _layout(graph, (width - 2 * margin, height - 2 * margin - LEGEND_BAND))
    positions = {name: point + (margin, margin + LEGEND_BAND) for name, point in inner.items()}
    texts = _node_texts(ax, graph.nodes, lang)
    positions = _separate(positions, {name: size for name, (_, size) in texts.items()})
    boxes = _draw_boxes(ax, texts, positions)
    arrows = _draw_links(ax, graph, positions, boxes, groups)
    _draw_loop_ids(ax, loops, positions, boxes, arrows, groups)
    _legend(ax, list(dict.fromkeys(groups.values())), lang)
    return fig


def write_figure(path: str | Path = DEFAULT_OUTPUT, loops: tuple[Loop, ...] = LOOPS, lang: str = "en") -> Path:
    """Draw the causal-loop diagram and write it as PNG to ``path`` atomically (replacing it)."""
    fig = causal_loop_figure(loops, lang)
    with atomic_path(path, overwrite=True) as temporary:
        fig.savefig(temporary, format="png", dpi=DPI)
    return Path(path)


def main(argv: list[str] | None = None) -> Path:
    """``python -m sim.spirals.diagram [--output PATH] [--lang en|ja]``: write the diagram, print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    args = parser.parse_args(argv)
    path = write_figure(args.output, lang=args.lang)
    print(path)
    return path


if __name__ == "__main__":
    main()
