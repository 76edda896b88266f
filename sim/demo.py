"""The main job until the Tohoku model lands: a demonstration of the core.

Runs the six-prefecture toy model (``sim/examples/tohoku_toy.py``) for a few
parameter scenarios in one compiled call, and writes into a new run folder
``outputs/demo/<timestamp>/``: ``results.nc`` (the Dataset), ``figures/*.png``
and ``report.html`` (figures embedded), then prints where the report is.
The toy's numbers are illustrative, not a forecast.
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import html
import io
import time
from pathlib import Path

import numpy as np

#: Scenario name -> parameter overrides of the toy model (illustrative values).
SCENARIOS = {
    "reference": {},
    "higher_savings": {"savings_rate": 0.25},
    "lower_fertility": {"birth_rate": 0.005},
    "strong_migration_response": {"migration_sensitivity": 0.05},
}


def run_scenarios():
    """Run every demo scenario in one call; return the labelled Dataset."""
    from sim.examples import tohoku_toy
    from sim.results import to_dataset

    model = tohoku_toy.MODEL
    defaults = {entry.name: np.asarray(entry.default, dtype=float) for entry in model.param_layout.entries}
    params = {
        name: np.stack([np.asarray(overrides.get(name, default), dtype=float) for overrides in SCENARIOS.values()])
        for name, default in defaults.items()
    }
    result = model.run(start=tohoku_toy.START, stop=tohoku_toy.STOP, dt=tohoku_toy.DT, saveper=1.0, params=params)
    return to_dataset(result, scenarios=list(SCENARIOS), coords={"region": list(tohoku_toy.REGIONS)})


def _figure_png(dataset, variable: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = dataset[variable]
    fig, axes = plt.subplots(2, 3, figsize=(11, 6), sharex=True, constrained_layout=True)
    for ax, region in zip(axes.flat, data.region.values):
        for scenario in data.scenario.values:
            ax.plot(data.time, data.sel(region=region, scenario=scenario), label=scenario)
        ax.set_title(region)
        ax.set_xlabel("time [Year]")
        ax.set_ylabel(f"{variable.replace('_', ' ')} [{data.attrs['units']}]")
    axes.flat[0].legend(fontsize=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()


def _report_html(dataset, figures: dict[str, bytes]) -> str:
    final = dataset.isel(time=-1)
    rows = "".join(
        f"<tr><td>{html.escape(str(s))}</td>"
        + "".join(f"<td>{final.population.sel(scenario=s, region=r).item():.3f}</td>" for r in dataset.region.values)
        + "</tr>"
        for s in dataset.scenario.values
    )
    head = "".join(f"<th>{html.escape(str(r))}</th>" for r in dataset.region.values)
    images = "".join(
        f"<h2>{html.escape(name)}</h2><img alt='{html.escape(name)}' src='data:image/png;base64,"
        f"{base64.b64encode(png).decode()}'>"
        for name, png in figures.items()
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>sim demo</title></head><body>"
        "<h1>sim core demo: the six-prefecture toy model</h1>"
        "<p>Illustrative toy model (sim/examples/vensim/tohoku_toy.mdl), not a forecast.</p>"
        f"<h2>Population at t = {final.time.item():g} [{dataset.population.attrs['units']}]</h2>"
        f"<table border='1'><tr><th>scenario</th>{head}</tr>{rows}</table>{images}</body></html>"
    )


def new_run_dir(parent: Path) -> Path:
    """A new, empty folder ``parent/<timestamp>[_k]``: an earlier run is never overwritten."""
    stamp = _dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    parent.mkdir(parents=True, exist_ok=True)
    for k in range(1, 1000):
        candidate = parent / (stamp if k == 1 else f"{stamp}_{k}")
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free run folder for {stamp} in {parent}")


def main(argv: list[str] | None = None) -> Path:
    """Run the demo and write its outputs; return the report's path."""
    parser = argparse.ArgumentParser(prog="python -m sim", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("outputs") / "demo", help="parent of the run folder")
    args = parser.parse_args(argv)
    from sim.atomic import atomic_path, write_text
    from sim.results import write_netcdf

    started = time.perf_counter()
    dataset = run_scenarios()
    run_dir = new_run_dir(args.out)
    write_netcdf(dataset, run_dir / "results.nc")
    figures = {name: _figure_png(dataset, name) for name in ("population", "output")}
    for name, png in figures.items():
        with atomic_path(run_dir / "figures" / f"{name}.png") as temporary:
            temporary.write_bytes(png)
    report = write_text(run_dir / "report.html", _report_html(dataset, figures))
    print(f"{len(SCENARIOS)} scenarios in {time.perf_counter() - started:.1f} s; report: {report.resolve()}")
    return report


if __name__ == "__main__":
    main()
