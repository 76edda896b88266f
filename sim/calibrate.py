"""``python -m sim.calibrate``: fit the economy's free parameters and write ``calibrated.yaml``;
``python -m sim.calibrate ensemble``: rebuild the calibrated ensemble (``sim/ensemble/posterior.csv``,
``sim.ensemble.build``; docs/ENSEMBLE.md).

The shipped defaults are this command's output. The file records, per parameter, its value,
units, method and targets, and per fit its statistics; the header carries a version (the date
and a hash of the values), the package version and the git commit.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import yaml

import sim
from sim.atomic import write_text
from sim.economy import calibration
from sim.economy.dx_fit import fit_japan
from sim.economy.labour_calibration import fit_jobs_ratio_map
from sim.economy.inputs import CALIBRATED, data_levels
from sim.model.dimensions import FUKUSHIMA
from sim.model.state import PARAMS
from sim.results import git_sha
from sim.runner import simulate


def _plain(value):
    if isinstance(value, np.ndarray):  # nested lists keep the shape (region × carrier)
        return np.asarray(value, float).tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return float(value) if isinstance(value, (float, int, np.floating)) else value


def fit_dx(levels: dict) -> calibration.Fit:
    """Japan's staged DX path (``sim.economy.dx_fit``): data only, no model run."""
    fitted = fit_japan(float(levels["dx_small_firm_share"]), float(levels["dx_small_level_ratio"]))
    residuals = fitted.pop("residuals")
    return calibration.Fit(
        "dx", fitted,
        "least squares of Japan's staged diffusion (two size classes) on the survey levels, the rates and the "
        "cumulative stage shares at the start",
        "SMEs doing or considering DX 2022-23, firms doing DX 2022-23, advanced firms (dx_diffusion.csv; EVIDENCE "
        "M-rows, PARAMETERS.md D5)",
        {"residuals": residuals, "rmse": float(np.sqrt(np.mean(np.square(residuals))))})


def fit_labour() -> calibration.Fit:
    """The jobs-ratio map (``sim.economy.labour_calibration``)."""
    labour_values, statistics = fit_jobs_ratio_map(float(PARAMS["labour_sharpness"].default))
    return calibration.Fit(
        "labour", labour_values,
        "least squares on the log change of the jobs ratio between the earlier and the 2017 (unemployment, jobs "
        "ratio) pairs along the model's Beveridge curve (frictional share, elasticity); each prefecture's scale "
        "exactly identified by its 2019 mean at its 2017 unemployment",
        "unemployment 2015-2017 (Labour Force Survey prefectural estimates) and jobs-to-applicants ratios FY2014, "
        "June 2016, September 2017 and the 2019 mean (labour_market.csv)", statistics)


def run_calibration() -> tuple[dict, list[calibration.Fit]]:
    """All fits in order; returns the calibrated values and the fits."""
    values = dict(calibration.PROVISIONAL)
    fits = [calibration.fit_evacuees(), calibration.fit_coastal()]
    values |= fits[-1].values
    fits.append(fit_dx(data_levels()))
    values |= fits[-1].values
    fits.append(calibration.fit_energy(data_levels()["grp_start"]))  # from the data alone: first, for the runs
    values |= fits[-1].values
    fits.append(fit_labour())
    values |= fits[-1].values
    growth = float(PARAMS["national_productivity_growth"].default)
    fits.append(calibration.fit_income(growth))
    values |= fits[-1].values
    first_year = simulate(stop=2021, calibrated=values).sum("region")
    gross = float(((first_year.in_migration + first_year.out_migration) / first_year.population_total)
                  .isel(time=0).item())
    fits.append(calibration.fit_attractiveness(gross))
    values |= fits[-1].values
    aomori = list(calibration.REGIONS).index("Aomori")

    def grp(gap, years):
        run = simulate(start=2010, stop=int(max(years)), calibrated=values | {"tfp_growth_gap": gap})
        return run.grp_real.isel(scenario=0, region=aomori).sel(time=list(years)).to_numpy()

    fits.append(calibration.fit_tfp_growth(grp))
    values |= fits[-1].values
    levels = data_levels()

    def share(trial, years):
        run = simulate(stop=int(max(years)), calibrated=values | trial)
        return run.renewable_share.isel(scenario=0, region=FUKUSHIMA).sel(time=list(years)).to_numpy()

    fits.append(calibration.fit_renewables(share, levels["renewable_capacity_start"], values["energy_demand_start"],
                                           float(PARAMS["renewable_lifetime"].default),
                                           float(PARAMS["renewable_primary_factor"].default)))
    values |= fits[-1].values
    return values, fits


def document(values: dict, fits: list[calibration.Fit]) -> dict:
    """The YAML document: header, parameters (value, units, method, targets) and fit statistics."""
    parameters = {}
    for fit in fits:
        for name, value in fit.values.items():
            parameters[name] = {"value": _plain(value), "units": PARAMS[name].units, "method": fit.method,
                                "targets": fit.targets}
    digest = hashlib.sha256(json.dumps(_plain(values), sort_keys=True).encode()).hexdigest()[:12]
    return {"version": f"{datetime.date.today().isoformat()}-{digest}", "sim_version": sim.__version__,
            "git_sha": git_sha() or "unknown", "command": "python -m sim.calibrate",
            "parameters": parameters,
            "fits": {fit.name: _plain(fit.statistics) for fit in fits}}


def main(argv: list[str] | None = None) -> Path:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["ensemble"]:
        return main_ensemble(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m sim.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=CALIBRATED, help="where to write the YAML")
    arguments = parser.parse_args(argv)
    values, fits = run_calibration()
    text = yaml.safe_dump(document(values, fits), sort_keys=False, allow_unicode=True)
    write_text(arguments.output, text, overwrite=True)
    print(f"calibrated values written to {arguments.output}")
    return arguments.output


def main_ensemble(argv: list[str]) -> Path:
    """``python -m sim.calibrate ensemble [--draws N] [--seed S] [--members M] [--store PATH]
    [--backend in_process|dask] [--workers W] [--output FILE]``; defaults from conf/ensemble/prior.yaml."""
    from sim.ensemble.build import build
    from sim.ensemble.posterior import POSTERIOR_FILE, write_posterior
    from sim.sweep.execute import BACKENDS

    parser = argparse.ArgumentParser(prog="python -m sim.calibrate ensemble",
                                     description="rebuild the calibrated ensemble (docs/ENSEMBLE.md)")
    for name in ("draws", "seed", "members", "chunk-size"):
        parser.add_argument(f"--{name}", type=int, default=None, help="default: conf/ensemble/prior.yaml's build")
    parser.add_argument("--store", type=Path, default=None, help="the prior's Zarr store (resumable)")
    parser.add_argument("--backend", choices=BACKENDS, default="in_process")
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers")
    parser.add_argument("--output", type=Path, default=POSTERIOR_FILE, help="where to write the posterior")
    arguments = parser.parse_args(argv)
    try:
        posterior, _ = build(draws=arguments.draws, seed=arguments.seed, members=arguments.members,
                             chunk_size=arguments.chunk_size, store=arguments.store, backend=arguments.backend,
                             workers=arguments.workers)
    except ValueError as error:  # bad settings, a foreign store, a damaged config: one line, exit 2
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    write_posterior(posterior, arguments.output)
    meta = posterior.metadata
    print(f"ensemble {posterior.version}: kept {meta['kept']} of {meta['draws']} prior members "
          f"({100 * meta['kept_fraction']:.1f} %); posterior of {meta['members']} written to {arguments.output}")
    return arguments.output


if __name__ == "__main__":
    main()
