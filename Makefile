# Every target creates the virtual environment it needs: a fresh clone needs only python3 and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SHARED ?= ../shared

.PHONY: run test check lint types format clean bench

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## run: install, clean samples/ into out/, write the diff report out/report.html and print the summary
run: $(STAMP)
	rm -rf out
	$(BIN)/cleaner clean samples -o out --exclude '*.clean.txt' --exclude README.md --report out/report.html
	@echo "cleaned files are in out/; the report of every change is $(CURDIR)/out/report.html"

## test: install, then the whole suite (unit, rule examples, golden samples, CLI, quality gates)
test: $(STAMP)
	$(BIN)/python -m pytest

## check: lint, types, then the whole suite
check: lint types test

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests examples tools
	$(BIN)/ruff format --check cleaner tests examples tools

types: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format cleaner tests examples tools
	$(BIN)/ruff check --fix cleaner tests examples tools

clean:
	rm -rf out $(VENV) .pytest_cache .mypy_cache .ruff_cache

## bench: quality on the shared dev set and seeds, beside the baselines; rewrites docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python tools/bench.py --shared $(SHARED)
