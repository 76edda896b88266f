"""``python -m sim followup observed=<csv>``: yearly monitoring (the policy paper's §V).

Reads observed KPI values (a CSV with columns region, variable, year, value, source; no scenario:
what happened), compares each with the baseline's projection and the 5-95 % band of its ensemble
(``sim.ensemble``: the uncertain parameters' ranges), flags the values outside the band, and
writes ``followup.csv`` and ``followup.html`` into ``out=<folder>`` (default
``outputs/followup/<date>_<time>``).

``year`` is on the model's time axis (1 October; decimals for other dates, e.g. 2022.5 for April
2023), and the projection and band are interpolated linearly between the yearly saves. Variables
the ensemble does not keep (``sim.sweep.tohoku.KEEPABLE``), and annual flows after 1 October 2034
(the total over the year from 1 October needs the year after, past the projection's 2035), have no
band: they are compared with the projection only and flagged "no band". Arguments: ``observed=``
(required), ``out=``, ``n=`` (ensemble members, default 256), ``lang=`` (en or ja).
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import numbers
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.atomic import write_text
from sim.webfont import with_japanese_font
from sim.exports import write_csv
from sim.kpis import tohoku
from sim.labels import LANGUAGES, value
from sim.model.dimensions import REGIONS

COLUMNS = ("region", "variable", "year", "value", "source")
START, STOP = 2020, 2035  # the projection the observations are compared with [year, 1 October]
BAND = (0.05, 0.95)  # the ensemble's band
FLAGS = {"inside": ("inside the band", "幅の内側"), "below": ("below the band", "幅より下"),
         "above": ("above the band", "幅より上"), "no band": ("no band (projection only)", "幅なし（予測値のみ）")}
ARGUMENTS = ("observed", "out", "n", "lang")


def read_observed(path: str | Path) -> pd.DataFrame:
    """The observed values, checked: one-line errors naming the row, the key, the value and what is allowed."""
    from sim.model.variables import VARIABLES

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"observed={str(path)!r} is not allowed; allowed: a CSV file with columns {list(COLUMNS)}")
    table = pd.read_csv(path)
    missing = [name for name in COLUMNS if name not in table.columns]
    if missing:
        raise ValueError(f"observed={str(path)!r}: columns {missing} are missing; allowed: a CSV with columns "
                         f"{list(COLUMNS)}")
    names = [variable.name for variable in VARIABLES if variable.dims == ("region",)]
    areas = ["Tohoku", *REGIONS]
    for number, row in enumerate(table.itertuples(index=False), start=2):  # line 1 is the header
        where = f"{path.name}, line {number}"
        if row.variable not in names:
            raise ValueError(f"{where}: variable={row.variable!r} is not allowed; allowed: a sim.run variable by "
                             f"region ({', '.join(names[:4])}, ...)")
        if row.region not in areas:
            raise ValueError(f"{where}: region={row.region!r} is not allowed; allowed: {areas}")
        if not (isinstance(row.year, numbers.Real) and START <= float(row.year) <= STOP):
            raise ValueError(f"{where}: year={row.year!r} is not allowed; allowed: a year from {START} to {STOP}")
        if not (isinstance(row.value, numbers.Real) and math.isfinite(row.value)):
            raise ValueError(f"{where}: value={row.value!r} is not allowed; allowed: a number in the variable's units")
    return table[list(COLUMNS)]


def _at(series: pd.Series, year: float) -> float:
    """A yearly series interpolated at ``year``."""
    return float(np.interp(year, series.index.to_numpy(float), series.to_numpy(float)))


def compare(observed: pd.DataFrame, *, n: int = 256) -> pd.DataFrame:
    """Each observation with the baseline's projection, the ensemble's band and its flag."""
    import sim
    from sim.ensemble import run_ensemble
    from sim.runner import scenario_overrides
    from sim.sweep.tohoku import KEEPABLE
    from sim.uncertainty import bands

    projection = sim.run("baseline", start=START, stop=STOP)
    banded = sorted({name for name in observed.variable if name in KEEPABLE})
    members = run_ensemble(scenario_overrides("baseline"), banded, start=START, stop=STOP, n=n) if banded else None
    rows = []
    for row in observed.itertuples(index=False):
        values = (tohoku(projection, row.variable) if row.region == "Tohoku"
                  else projection[row.variable].sel(region=row.region)).sel(scenario="baseline")
        projected = _at(values.to_series(), row.year)
        low = high = math.nan
        if members is not None and row.variable in members:
            bounds = bands(members, row.variable, row.region, *BAND).sel(scenario="baseline")
            low, high = (_at(bounds.isel(quantile=k).to_series(), row.year) for k in (0, 1))
        flag = ("no band" if math.isnan(low) or math.isnan(high) else "below" if row.value < low
                else "above" if row.value > high else "inside")
        units = projection[row.variable].attrs["units"]
        rows.append({"region": row.region, "variable": row.variable, "year": row.year, "observed": row.value,
                     "projected": projected, "band_low": low, "band_high": high, "flag": flag, "units": units,
                     "source": row.source})
    return pd.DataFrame(rows)


def report_html(table: pd.DataFrame, observed_path: str, n: int, lang: str = "en") -> str:
    """The follow-up as one HTML page: each observation, the projection, the band and the flag."""
    ja = lang == "ja"
    outside = table[table.flag.isin(["below", "above"])]
    headers = (("地域", "変数", "年", "実績", "予測（ベースライン）", "幅（5〜95%）", "判定", "出典") if ja else
               ("area", "variable", "year", "observed", "projected (baseline)", "band (5-95 %)", "flag", "source"))
    body = "".join(
        f"<tr><td>{html.escape(row.region)}</td><td>{html.escape(row.variable)}</td><td>{row.year:g}</td>"
        f"<td>{value(row.observed, row.variable, row.units, lang)}</td>"
        f"<td>{value(row.projected, row.variable, row.units, lang)}</td>"
        f"<td>{value(row.band_low, row.variable, row.units, lang)} – "
        f"{value(row.band_high, row.variable, row.units, lang)}"
        f"</td><td>{'⚠ ' if row.flag in ('below', 'above') else ''}{FLAGS[row.flag][ja]}</td>"
        f"<td>{html.escape(str(row.source))}</td></tr>" for row in table.itertuples(index=False))
    head = "".join(f"<th>{name}</th>" for name in headers)
    summary = (f"{len(table)}件の実績のうち{len(outside)}件がベースライン予測のアンサンブル（{n}通り）の5〜95%の幅の外。"
               if ja else f"{len(outside)} of {len(table)} observations lie outside the 5-95 % band of the baseline's "
               f"ensemble ({n} members).")
    title = "フォローアップ：実績とベースライン予測" if ja else "Follow-up: observations against the baseline projection"
    return with_japanese_font(
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title><style>"
        f"body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}table{{border-collapse:collapse;"
        f"font-size:12px}}td,th{{border:1px solid #bbb;padding:3px 6px}}</style></head><body><h1>{title}</h1>"
        f"<p>{html.escape(summary)} ({html.escape(observed_path)})</p><table><tr>{head}</tr>{body}</table>"
        f"</body></html>", lang)


def _arguments(argv: list[str]) -> dict[str, str]:
    found = {}
    for argument in argv:
        key, equals, text = argument.partition("=")
        if not equals or key not in ARGUMENTS:
            raise ValueError(f"{argument!r} is not allowed; allowed: {', '.join(f'{k}=...' for k in ARGUMENTS)}")
        found[key] = text
    if "observed" not in found:
        raise ValueError("observed=<csv> is missing; allowed: a CSV with columns region, variable, year, value, source")
    if found.get("lang", "en") not in LANGUAGES:
        raise ValueError(f"lang={found['lang']!r} is not allowed; allowed: {list(LANGUAGES)}")
    if not found.get("n", "256").isdigit() or int(found.get("n", "256")) < 20:
        raise ValueError(f"n={found['n']!r} is not allowed; allowed: an integer >= 20 (ensemble members)")
    return found


def main(argv: list[str]) -> int:
    """``python -m sim followup observed=<csv> [out=<folder>] [n=256] [lang=en]``; returns the exit status."""
    try:
        arguments = _arguments(argv)
        observed = read_observed(arguments["observed"])
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stamp = _dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S-%f")
    folder = Path(arguments.get("out") or Path("outputs") / "followup" / stamp)
    n, lang = int(arguments.get("n", "256")), arguments.get("lang", "en")
    table = compare(observed, n=n)
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(table, folder / "followup.csv")
    write_text(folder / "followup.html", report_html(table, arguments["observed"], n, lang))
    print(f"followup: {(folder / 'followup.html').resolve()}")
    return 0
