# Every target creates the virtual environment it needs, so a fresh clone needs only python3 and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test check lint types clean-out

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	rm -rf out
	$(BIN)/cleaner clean samples -o out

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests
	$(BIN)/ruff format --check cleaner tests

types: $(STAMP)
	$(BIN)/mypy

check: lint types test

clean-out:
	rm -rf out
