"""The ensemble's diagnostics page: ``python -m sim.ensemble.diagnostics [--output docs/ENSEMBLE.md]``.

From the shipped posterior (``sim/ensemble/posterior.csv``) and a prior sample (the build's first
``PRIOR_SAMPLE`` draws, the same members the build drew first), it writes one Markdown page with its
figures (``figures/ensemble_*.png`` beside the page): the fraction of members kept, what each
constraint series did, the parameters that moved (prior against posterior marginals, pairwise
plots), the posterior's hindcast band against every constraint point, and a leave-one-series-out
check of the posterior predictive bands. Numbers come from model runs; none is typed here.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from sim.atomic import atomic_path, write_text
from sim.ensemble.constraints import read_constraints
from sim.ensemble.hindcast import HindcastEvaluator
from sim.ensemble.matching import kept, predictive_band
from sim.ensemble.posterior import read_posterior
from sim.ensemble.prior import read_prior
from sim.sweep.design import sample

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = ROOT / "docs" / "ENSEMBLE.md"
PRIOR_SAMPLE = 2000  # prior draws compared with the posterior (the build's first ones)
MOVED_WIDTH = 0.9  # a parameter "moved" if its 5-95 % width fell below this share of the prior's ...
MOVED_KS = 0.1  # ... or its marginal's Kolmogorov-Smirnov distance from the prior's exceeds this
PAIRS = 4  # the most-moved parameters shown pairwise
DPI = 100


def _quantiles(values: np.ndarray) -> tuple[float, float]:
    low, high = np.quantile(values, [0.05, 0.95])
    return float(low), float(high)


def marginals(prior_values: np.ndarray, posterior_values: np.ndarray, names: list[str]) -> pd.DataFrame:
    """Per parameter: prior and posterior 5-95 % intervals, the width ratio and the KS distance."""
    rows = []
    for j, name in enumerate(names):
        (p_low, p_high), (q_low, q_high) = _quantiles(prior_values[:, j]), _quantiles(posterior_values[:, j])
        ks = stats.ks_2samp(prior_values[:, j], posterior_values[:, j]).statistic
        ratio = (q_high - q_low) / (p_high - p_low)
        rows.append({"parameter": name, "prior 5 %": p_low, "prior 95 %": p_high, "posterior 5 %": q_low,
                     "posterior 95 %": q_high, "width ratio": ratio, "KS distance": ks,
                     "moved": bool(ratio < MOVED_WIDTH or ks > MOVED_KS)})
    return pd.DataFrame(rows).set_index("parameter")


def coverage(hindcasts: np.ndarray, points: pd.DataFrame, cutoff: float, rank: int) -> pd.DataFrame:
    """Leave each series out, match on the others, and count its points inside the posterior
    predictive 5-95 % band."""
    rows = []
    for series, columns in points.groupby("series", sort=False).indices.items():
        others = np.setdiff1d(np.arange(len(points)), columns)
        members = kept(hindcasts[:, others], points.iloc[others], cutoff, rank)
        band = predictive_band(hindcasts[members][:, columns], points.iloc[columns])
        observed = points.iloc[columns].observed.to_numpy()
        inside = (band.low.to_numpy() <= observed) & (observed <= band.high.to_numpy())
        rows.append({"series left out": series, "points": len(columns), "inside the 90 % band": int(inside.sum()),
                     "members kept without it": int(members.sum())})
    return pd.DataFrame(rows)


def marginals_figure(prior_values, posterior_values, names, table) -> Figure:
    moved = [name for name in names if table.loc[name, "moved"]] or names[:4]
    columns = 4
    rows = -(-len(moved) // columns)
    figure = Figure(figsize=(3.2 * columns, 2.4 * rows), layout="constrained")
    for k, name in enumerate(moved):
        axes = figure.add_subplot(rows, columns, k + 1)
        j = names.index(name)
        bins = np.linspace(*np.quantile(prior_values[:, j], [0.0, 1.0]), 25)
        axes.hist(prior_values[:, j], bins=bins, density=True, color="0.75", label="prior")
        axes.hist(posterior_values[:, j], bins=bins, density=True, histtype="step", color="C3", lw=1.6,
                  label="posterior")
        axes.set_title(name, fontsize=8)
        axes.tick_params(labelsize=7)
    figure.axes[0].legend(fontsize=7)
    figure.suptitle("Parameters that moved: prior (grey) and posterior (red) marginals")
    return figure


def pairs_figure(prior_values, posterior_values, names, table) -> Figure:
    top = table.sort_values("KS distance", ascending=False).index[:PAIRS].tolist()
    figure = Figure(figsize=(2.6 * len(top), 2.6 * len(top)), layout="constrained")
    for a, first in enumerate(top):
        for b, second in enumerate(top):
            axes = figure.add_subplot(len(top), len(top), a * len(top) + b + 1)
            i, j = names.index(second), names.index(first)
            if a == b:
                axes.hist(posterior_values[:, i], bins=20, color="C3")
            else:
                axes.scatter(prior_values[:, i], prior_values[:, j], s=1, color="0.8")
                axes.scatter(posterior_values[:, i], posterior_values[:, j], s=1, color="C3")
            axes.tick_params(labelsize=6)
            if a == len(top) - 1:
                axes.set_xlabel(second, fontsize=7)
            if b == 0:
                axes.set_ylabel(first, fontsize=7)
    figure.suptitle("The most-moved parameters, pairwise: prior (grey), posterior (red)")
    return figure


def hindcast_figure(points, prior_bands, posterior_bands) -> Figure:
    series = list(dict.fromkeys(points.series))
    columns = 3
    rows = -(-len(series) // columns)
    figure = Figure(figsize=(4.2 * columns, 3.0 * rows), layout="constrained")
    for k, name in enumerate(series):
        axes = figure.add_subplot(rows, columns, k + 1)
        mine = points[points.series == name]
        x = np.arange(len(mine))
        relative = bool((mine.basis == "log").all())  # levels far apart: shown as % from the observation

        def shown(values):
            return 100.0 * (values / mine.observed.to_numpy() - 1.0) if relative else values

        for bands, colour, width, label in ((prior_bands, "0.75", 8, "prior 5-95 %"),
                                            (posterior_bands, "C3", 4, "posterior 5-95 %")):
            low, high = (shown(bands.loc[mine.id, side].to_numpy()) for side in ("low", "high"))
            axes.vlines(x, low, high, color=colour, lw=width, label=label)
            axes.plot(x, (low + high) / 2, "_", color=colour, ms=10)  # visible where all members agree
        axes.errorbar(x, shown(mine.observed.to_numpy()), yerr=100.0 * mine.sd if relative else mine.sd, fmt="o",
                      color="black", ms=3, lw=0.8, label="observed ± sd")
        axes.set_xticks(x, [f"{r[:3]} {d}" for r, d in zip(mine.region, mine.date)], rotation=60, fontsize=6)
        axes.set_title(name + (" (% from the observation)" if relative else ""), fontsize=8)
        axes.tick_params(axis="y", labelsize=7)
    figure.axes[0].legend(fontsize=6)
    figure.suptitle("Hindcasts against every constraint: prior and posterior members (model only), observations "
                    "with their combined sd")
    return figure


def _save(figure: Figure, folder: Path, name: str) -> str:
    with atomic_path(folder / f"{name}.png", overwrite=True) as temporary:
        figure.savefig(temporary, format="png", dpi=DPI)
    return f"figures/{name}.png"


def _markdown(table: pd.DataFrame, digits: int = 3) -> str:
    def cell(value):
        if isinstance(value, (bool, np.bool_)):
            return "yes" if value else ""
        if isinstance(value, (float, np.floating)):
            return f"{value:.{digits}g}"
        return str(value)
    header = "| " + " | ".join(map(str, table.columns)) + " |\n|" + "---|" * len(table.columns) + "\n"
    return header + "".join("| " + " | ".join(cell(v) for v in row) + " |\n" for row in table.itertuples(index=False))


def generate(output: Path = DEFAULT_OUTPUT) -> Path:
    posterior = read_posterior()
    prior = read_prior()
    points, settings = read_constraints()
    meta = posterior.metadata
    relative = set(meta.get("relative", []))
    evaluator = HindcastEvaluator(posterior.names, points, settings.windows, relative=relative)
    prior_values = sample("monte_carlo", list(prior.parameters), PRIOR_SAMPLE, int(meta["seed"]))
    prior_hindcasts = evaluator(prior_values)["hindcast"]
    posterior_values = posterior.values.to_numpy()
    posterior_hindcasts = evaluator(posterior_values)["hindcast"]
    figures = Path(output).parent / "figures"
    table = marginals(prior_values, posterior_values, posterior.names)

    def bands(hindcasts):
        low, high = np.quantile(hindcasts, [0.05, 0.95], axis=0)
        return pd.DataFrame({"low": low, "high": high}, index=points.id)

    prior_bands, posterior_bands = bands(prior_hindcasts), bands(posterior_hindcasts)
    predictive = predictive_band(posterior_hindcasts, points)
    inside = (predictive.low.to_numpy() <= points.observed.to_numpy()) & (points.observed.to_numpy()
                                                                          <= predictive.high.to_numpy())
    points_table = pd.DataFrame({
        "point": points.id, "observed": points.observed, "sd": points.sd,
        "prior 5-95 %": [f"{a:.4g} – {b:.4g}" for a, b in prior_bands.to_numpy()],
        "posterior 5-95 %": [f"{a:.4g} – {b:.4g}" for a, b in posterior_bands.to_numpy()],
        "predictive 5-95 %": [f"{a:.4g} – {b:.4g}" for a, b in predictive.to_numpy()],
        "inside": inside, "source": [f"`{f}` {i}" for f, i in zip(points.file, points.indicator)]})
    work = pd.DataFrame([{"series": name, "points": int((points.series == name).sum()),
                          "rules out alone (% of draws)": 100 * v["ruled_out_alone"] / meta["draws"],
                          "only it rules out (% of draws)": 100 * (v["kept_without"] - meta["kept"]) / meta["draws"]}
                         for name, v in meta["work"].items()])
    loo = coverage(prior_hindcasts, points, settings.cutoff, settings.rank)
    moved = table[table.moved]
    images = [_save(marginals_figure(prior_values, posterior_values, posterior.names, table), figures,
                    "ensemble_marginals"),
              _save(pairs_figure(prior_values, posterior_values, posterior.names, table), figures, "ensemble_pairs"),
              _save(hindcast_figure(points, prior_bands, posterior_bands), figures, "ensemble_hindcasts")]
    text = f"""# The calibrated ensemble

*Generated by `python -m sim.ensemble.diagnostics` from `sim/ensemble/posterior.csv` (version
`{posterior.version}`, git `{str(meta.get('git_sha', 'unknown'))[:10]}`); rebuild the posterior with
`python -m sim.calibrate ensemble`. Do not edit by hand.*

The main report's fan bands and probabilities, `sim.run(..., ensemble=N)`, the follow-up's bands and
the `monte_carlo` sweep all run members of this posterior. It is built as FaIR v2 builds its
calibrated ensemble (Smith et al., IPCC AR6 WG1 Ch. 7 supplementary material): a large prior ensemble
from the literature's ranges, hindcasts of every member, and the members history does not rule out.

## Method

1. **Prior** (`conf/ensemble/prior.yaml`): {len(prior.names)} uncertain parameters, each with a
   distribution and a source (an evidence row, or "assumption" with a reason): demography (migration
   levels, the U-turn hazard, the fertility path, mortality), the labour market, output and demand
   (multipliers' local contents, β of government spending, export elasticities, national growth),
   DX, energy, and every lever's unit cost and effect size. {len(relative)} of them
   (`{'`, `'.join(sorted(relative))}`) multiply their calibrated or data value, keeping its pattern
   across prefectures; the others replace it.
2. **Draws**: {meta['draws']:,} members, Monte Carlo at seed {meta['seed']} (member *i* depends
   only on the seed and *i*), run in chunks through the sweep machinery (`sim.sweep.run_sweep`:
   a resumable Zarr store, in this process or on Dask).
3. **Hindcasts** (`sim.ensemble.hindcast`): each member runs twice — the back-run from the 2015
   census to 2020 (the population back-test; its economy is the 2020 economy scaled, so it
   constrains population and labour-market rates, not levels) and the recent run from the 2020
   census to 2024 — and is read at the {meta['points']} constraint points of
   `conf/ensemble/constraints.yaml`, whose values come from `sim/data/sources` with their sources.
4. **History matching** (`sim.ensemble.matching`; Vernon, Goldstein & Bower 2010): a member's
   implausibility at a point is |model − observed| / sd, with sd² the observation error² plus the
   model discrepancy² (each declared with its source). A member is kept when its
   {'second-' if settings.rank == 2 else ''}largest implausibility is at most {settings.cutoff:g}
   (Pukelsheim's three-sigma rule; the rank lets one point of {meta['points']} be an outlier).
5. **Posterior**: the first {meta['members']} kept members in the order drawn — a uniform random
   sample of the region history does not rule out. Members are not reweighted by a likelihood:
   with {meta['points']} points and discrepancies that are assumptions, likelihood weights would rest
   on the assumed error model more than the cut does, and would concentrate the weight on a few
   members. An MCMC refinement (emcee) was not added: within the kept region it would sample the
   same assumed likelihood, and the cut region is already sampled directly by full model runs.

## Fraction kept

**{meta['kept']:,} of {meta['draws']:,} prior members kept ({100 * meta['kept_fraction']:.1f} %).**

## Which constraints did the work

"Rules out alone": draws whose largest implausibility within the series exceeds the cutoff.
"Only it rules out": draws kept without the series but ruled out with it.

{_markdown(work)}
## Parameters that moved

A parameter moved if its posterior 5–95 % width is below {MOVED_WIDTH:g} of the prior's, or its
marginal's Kolmogorov–Smirnov distance from the prior's exceeds {MOVED_KS:g} (prior: the first
{PRIOR_SAMPLE:,} draws). {len(moved)} of {len(table)} moved:
{', '.join(f'`{name}`' for name in moved.index) or 'none'}. The others — the levers' unit costs and
effect sizes above all, which no observation before the levers start can inform — keep their
prior: their uncertainty reaches the projections unreduced. A constraint can rule out combinations
while leaving each marginal almost whole (levels of two flows that offset each other): the pairwise
plots of the {PAIRS} parameters whose marginals moved most show those ridges, the corners where
grey points have no red ones.

![marginals]({images[0]})

![pairs]({images[1]})

{_markdown(table.reset_index())}
## Hindcasts against every constraint

Bands of the model's hindcasts (5–95 % of the prior sample and of the posterior); the predictive
band adds each point's observation error and discrepancy (an equal mixture of normals around the
members' hindcasts). {int(inside.sum())} of {len(points)} observations lie inside the posterior
predictive band.

![hindcasts]({images[2]})

{_markdown(points_table)}
## Leave one series out

Each series left out in turn, the prior sample matched on the others, and its observations compared
with the posterior predictive 5–95 % band: {int(loo['inside the 90 % band'].sum())} of
{int(loo['points'].sum())} points inside (tests/test_ensemble.py asserts at least 70 % on a
smaller sample).

{_markdown(loo)}
## Limits

- The discrepancies are assumptions with reasons (each in `conf/ensemble/constraints.yaml`); halving
  them would rule out more members. They are what the cut is most sensitive to.
- The back-run's economy is the 2020 economy scaled by the working-age population, so economic
  levels before 2020 are not constraints; real GRP enters as Aomori's 2015→2019 change only, the
  data having no other prefecture's chained series for both years.
- History says nothing about the levers (none acted before 2022): their parameters keep their
  priors, and the spread of the policy mixes' outcomes is mostly theirs.

## References

- Smith, C. et al. (2021). The Earth's energy budget, climate feedbacks and climate sensitivity:
  supplementary material (FaIR v2 calibrated, constrained ensemble). IPCC AR6 WG1 Ch. 7.
- Vernon, I., Goldstein, M. & Bower, R. G. (2010). Galaxy formation: a Bayesian uncertainty
  analysis. Bayesian Analysis 5(4), 619–669.
- Pukelsheim, F. (1994). The three sigma rule. The American Statistician 48(2), 88–91.
"""
    write_text(output, text, overwrite=True)
    return Path(output)


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(prog="python -m sim.ensemble.diagnostics", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    path = generate(parser.parse_args(argv).output)
    print(f"ensemble diagnostics written to {path}")
    return path


if __name__ == "__main__":
    main()
