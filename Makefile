# Every target creates the virtual environment it needs: a fresh clone needs only python3 and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SHARED ?= ../shared

.PHONY: run test browser check lint types format clean bench

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# The compiled kernels (cleaner/kernels.py): pip builds them at install; an edit of one of their sources
# rebuilds them in place here, or the stale extension would keep running instead of the edited .py.
KERNEL_SOURCES := $(shell sed -n 's/^ *"cleaner\.\(.*\)",$$/cleaner.\1/p' cleaner/kernels.py 2>/dev/null | tr . / | sed 's/$$/.py/')
KERNELS := $(VENV)/.kernels

$(KERNELS): $(STAMP) $(KERNEL_SOURCES) $(KERNEL_SOURCES:.py=.pxd) setup.py
	$(BIN)/python setup.py --quiet build_ext --inplace
	touch $(KERNELS)

## run: install, clean samples/ into out/, write the diff report out/report.html and print the summary
run: $(KERNELS)
	rm -rf out
	$(BIN)/cleaner clean samples -o out --exclude '*.clean.txt' --exclude README.md --report out/report.html
	@echo "cleaned files are in out/; the report of every change is $(CURDIR)/out/report.html"

## test: install, then the whole suite (unit, rule examples, golden samples, CLI, quality gates)
test: browser $(KERNELS)
	$(BIN)/python -m pytest

# The HTML report's tests run in Chromium (CHROMIUM: its command or path, which the tests use too).
CHROMIUM ?= chromium
export CHROMIUM

## browser: Chromium on PATH, or Debian's installed when run as root; else stop with one line saying what to install
browser:
	$(eval BROWSER_MISSING := $(shell CHROMIUM='$(CHROMIUM)' sh tools/browser.sh))
	$(if $(BROWSER_MISSING),$(error $(BROWSER_MISSING)))

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
bench: $(KERNELS)
	$(BIN)/python tools/bench.py --shared $(SHARED)

.PHONY: bench-regex bench-large fuzz
FUZZ_SECONDS ?= 120
LARGE_ARGS ?=

## bench-regex: every rule and typography pattern on adversarial 1 MB lines; rewrites docs/regex-safety.md
bench-regex: $(KERNELS)
	$(BIN)/python tools/bench_regex.py

## bench-large: a 2 GB .jsonl.gz and a 200 MB line through cleaner, time and peak memory; rewrites
## docs/large-inputs.md (smaller: make bench-large LARGE_ARGS="--gz-mb 100")
bench-large: $(KERNELS)
	$(BIN)/python tools/bench_large.py $(LARGE_ARGS)

## fuzz: atheris on clean_text and the JSONL reader for FUZZ_SECONDS each (atheris installed on demand, not in CI)
fuzz: $(KERNELS)
	$(BIN)/python -c "import atheris" 2>/dev/null || $(BIN)/pip install --quiet --disable-pip-version-check atheris
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python tools/fuzz.py

.PHONY: train

## train: refit the line-quality model (LQ) with CatBoost on $(SHARED)/bench/dev and news (gold labels, else trafilatura extraction); rewrites cleaner/lq/model.json
train: $(KERNELS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	$(BIN)/python tools/train_lq.py --shared $(SHARED)

.PHONY: bench-learn
LEARN_ARGS ?=

## bench-learn: learned site rules scored on synthetic sites (thresholds), on the dev pages, and 50,000
## documents learned and cleaned with time and peak memory; prints Markdown (figures in docs/learning.md)
bench-learn: $(KERNELS)
	$(BIN)/python tools/bench_learn.py --shared $(SHARED) $(LEARN_ARGS)

.PHONY: perf
PERF_ARGS ?=

## perf: throughput (text with 1 and 2 jobs, HTML), peak memory and start-up on a 200 MB corpus beside datatrove's
## C4 filter and trafilatura; rewrites docs/performance.md (smaller: make perf PERF_ARGS="--size-mb 50")
perf: $(KERNELS)
	$(BIN)/python tools/perf.py --shared $(SHARED) $(PERF_ARGS)
