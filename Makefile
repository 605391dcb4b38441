# Everyday commands; each one sets up what it needs first (venv, npm, Chromium).
# `make serve` previews the example handbook, `make test` runs every test,
# `make test-fast` the unit, corpus and command-line tests (tests/unit/) in about a minute.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast lint chromium clean

# Serving needs only the package and its runtime dependencies; the test toolchain
# (playwright, mypy, ruff, the plugins and engines it is tested with) comes with `make test`.
# The venv's own pip is new enough (editable installs); not compiling every installed module
# ahead of time (Pygments' lexers, Material's plugins) brings the first page a little sooner.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --no-compile -e .
	touch $@

# The suite starts hundreds of Python processes (each `mkdocs build`); the runtime packages,
# installed without bytecode for `make serve`, are compiled once here, or every process
# would compile them again where PYTHONDONTWRITEBYTECODE is set (0.35 s each, measured).
# An optimisation only: a file that does not compile is the package's own business.
$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	-$(BIN)/python -m compileall -q -j0 $(VENV)/lib >/dev/null 2>&1
	touch $@

# Mermaid 12 declares Node.js 22.12+; on Node 20 npm warns (EBADENGINE) and works: the
# site only serves Mermaid's browser file. Older Node cannot run this npm at all.
node_modules/.installed: package.json package-lock.json
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' || { \
	  echo "Node.js 20 or newer is needed (22.12+ for Mermaid 12 without a warning)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium drives the browser tests (Playwright's own download is not used);
# shellcheck checks the deploy script and the workflows' shell steps.
chromium:
	@{ command -v chromium && command -v shellcheck; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji shellcheck; \
	  else echo "Install them first: sudo apt-get install chromium fonts-noto-color-emoji shellcheck" >&2; exit 1; fi; }

# pip and npm install side by side: a fresh clone's first page comes sooner.
serve:
	@$(MAKE) --no-print-directory -j2 $(VENV)/.installed node_modules/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed node_modules/.installed
	$(BIN)/mkdocs build --strict

# Tiers, by folder (and marker): tests/unit/ (unit, the broken-map corpus, the command line
# in process), tests/site/ (real builds, engines, publishing, serving), tests/browser/.
# On every core, each test file whole on one worker (its module fixtures, a site it
# builds, its browser page stay together), the longest files first (LONGEST_FIRST in
# tests/conftest.py); pytest prints each file as a worker starts it.
# A plain `pytest tests/x.py` runs in-process.
test:
	@$(MAKE) --no-print-directory -j3 $(VENV)/.test-installed node_modules/.installed chromium
	-$(BIN)/python -m compileall -q -j0 mkdocs_cjm >/dev/null 2>&1
	CJM_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

# No browser, no site build but a few: needs only the venv.
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest tests/unit -n auto --dist loadfile --no-loadscope-reorder

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules site .pytest_cache .mypy_cache .ruff_cache
