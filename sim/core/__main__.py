"""``python -m sim.core model.mdl [--params k=v ...] [--out out.csv]``: run a Vensim or XMILE model.

Writes one scenario as a table of time x variables, with the columns of PySD's ``run()`` (the
file's names, ``Name[element]`` for subscripted ones, control variables first), to ``--out`` or
standard output. ``--params`` takes a variable by its file name or its ``sim.core`` name, and a
number or comma-separated numbers for an array: ``--params "Room Temperature=60"``.
"""

from __future__ import annotations

import argparse
import csv
import sys

import numpy as np

from sim.core.vensim import VensimModel, load
from sim.core.vensim.translate import identifier


def parse_params(model: VensimModel, assignments: list[str]) -> dict[str, np.ndarray]:
    """``name=value`` strings as run parameters; names as in the file or as ``sim.core`` names."""
    params = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        key = identifier(name.strip())
        settable = sorted(n for n in model.param_layout.names if n != model.time_step)  # TIME STEP is the run's dt
        if not equals or key not in settable:
            raise SystemExit(
                f"--params {assignment!r} is not allowed; allowed: NAME=VALUE with NAME a constant of the file, "
                f"by its name in the file or one of {settable}"
            )
        try:
            numbers = [float(v) for v in value.split(",")]
        except ValueError:
            raise SystemExit(f"--params {assignment!r}: {value!r} is not a number or comma-separated numbers") from None
        shape = model.param_layout[key].shape
        size = int(np.prod(shape))
        if len(numbers) not in (1, size):
            raise SystemExit(f"--params {assignment!r} gives {len(numbers)} numbers; allowed: one number"
                             + (f" (every element) or {size} comma-separated numbers" if shape else ""))
        params[key] = np.array(numbers).reshape(shape) if len(numbers) > 1 else np.array(numbers[0])
    return params


def table(model: VensimModel, result) -> tuple[list[str], np.ndarray]:
    """Header and rows (time x columns) of scenario 0 of ``result``, as PySD's ``run()`` names them."""
    header, columns = ["time"], [result.times]
    n_times = result.times.size
    for column in model.translation.columns:
        ident, kind = column["ident"], column["kind"]
        if kind in ("stock", "aux"):
            values = result[ident][0].reshape(n_times, -1)
        elif kind == "param":
            row = result.params[0, model.param_layout.slice(ident)]
            values = np.broadcast_to(row, (n_times, row.size))
        else:  # a control variable or a constant fixed at load (the order of a DELAY N)
            values = np.full((n_times, 1), column["value"])
        header += column["labels"]
        columns += list(values.T)
    return header, np.column_stack(columns)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.core", description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a .mdl, .xmile or .stmx file")
    parser.add_argument("--params", nargs="*", default=[], metavar="NAME=VALUE", help="parameter values")
    parser.add_argument("--out", help="CSV file to write (default: standard output)")
    arguments = parser.parse_args(argv)
    try:
        model = load(arguments.model)
        result = model.run(params=parse_params(model, arguments.params))
    except ValueError as error:  # a refused construct, a missing file, a parameter out of bounds
        raise SystemExit(f"python -m sim.core: {error}") from None
    header, rows = table(model, result)
    stream = open(arguments.out, "w", newline="", encoding="utf-8") if arguments.out else sys.stdout
    try:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([repr(float(v)) for v in row] for row in rows)
    finally:
        if arguments.out:
            stream.close()


if __name__ == "__main__":
    main()
