# The two commands of the README, plus the benchmarks. Each target creates or
# refreshes its own virtual environment (.venv) from pyproject.toml and the pinned
# constraints.txt, so a fresh machine with only Python 3.11 needs nothing else.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lock

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)

## run: the main job; prints where the report is
run: $(STAMP)
	$(BIN)/python -m sim

## test: the whole test suite (what CI runs)
test: $(STAMP)
	$(BIN)/python -m pytest

## bench: speed benchmarks (table printed, JSON in benchmarks/results/)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_population.py
	$(BIN)/python benchmarks/bench_economy.py
	$(BIN)/python benchmarks/bench_sweep.py

## lock: re-pin constraints.txt to the newest versions that resolve
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e ".[test,bench]"
	{ head -3 constraints.txt; .venv-lock/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .venv-lock
