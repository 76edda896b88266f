"""The loop-dominance figure: which group of loops dominates each KPI when (MODEL.md, "Loop dominance").

``python -m sim.spirals.dominance_figure [--output PATH] [--scenario NAME]`` computes
``sim.spirals.dominance`` for the scenario and writes ``docs/figures/loop_dominance.png``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sim.atomic import atomic_path
from sim.spirals.dominance import GROUP_LABELS, LOOP_GROUPS, dominance, spiral_dominance

#: Where ``write_figure`` puts the figure (relative to the working directory).
DEFAULT_OUTPUT = Path("docs/figures/loop_dominance.png")
GROUP_COLOURS = {"S1": "#1f77b4", "S2": "#d62728", "S3": "#2ca02c", "S4": "#9467bd",
                 "balancing": "#7f7f7f", "counter": "#ff7f0e"}


def dominance_figure(dataset: xr.Dataset) -> Figure:
    """Which loop group dominates each KPI when: one panel per KPI, prefectures by time, each cell
    coloured by the group with the largest share (``spiral_dominance``), white where no loop acts."""
    shares = spiral_dominance(dataset)
    groups = list(LOOP_GROUPS)
    colours = ListedColormap(["white"] + [GROUP_COLOURS[group] for group in groups])
    fig = Figure(figsize=(11.0, 2.0 + 1.6 * len(shares.data_vars)), layout="constrained")
    axes = fig.subplots(len(shares.data_vars), 1, sharex=True, squeeze=False)[:, 0]
    times = shares["time"].values
    step = times[1] - times[0] if len(times) > 1 else 1.0
    for ax, (kpi, values) in zip(axes, shares.data_vars.items()):
        winner = values.argmax("group").values + 1
        winner = np.where(values.sum("group").values > 0, winner, 0)
        ax.pcolormesh(np.append(times, times[-1] + step), np.arange(len(values["region"]) + 1), winner,
                      cmap=colours, vmin=-0.5, vmax=len(groups) + 0.5)
        ax.set_yticks(np.arange(len(values["region"])) + 0.5, list(values["region"].values))
        ax.set_title(f"{kpi}: dominant loop group", loc="left", fontsize=10)
    axes[-1].set_xlabel("year (start of the step)")
    handles = [Patch(color=GROUP_COLOURS[group], label=GROUP_LABELS[group]) for group in groups]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8)
    fig.suptitle(f"Loop dominance (Loops That Matter), scenario {dataset.attrs.get('scenario', '')}")
    return fig


def write_figure(path: str | Path = DEFAULT_OUTPUT, scenario: str = "baseline") -> Path:
    """Compute the dominance of ``scenario`` and write ``dominance_figure`` as PNG to ``path`` atomically."""
    fig = dominance_figure(dominance(scenario))
    with atomic_path(path, overwrite=True) as temporary:
        fig.savefig(temporary, format="png", dpi=120)
    return Path(path)


def main(argv: list[str] | None = None) -> Path:
    """``python -m sim.spirals.dominance_figure [--output PATH] [--scenario NAME]``: write the figure and
    print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--scenario", default="baseline")
    args = parser.parse_args(argv)
    path = write_figure(args.output, args.scenario)
    print(path)
    return path


if __name__ == "__main__":
    main()
