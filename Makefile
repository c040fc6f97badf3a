# tariffbook: two commands do all the set-up on a fresh machine.
#   make book   build the book into _build/html (creates .venv and installs what it needs)
#   make test   run every test: data, package, notebooks (nbval), papermill, the built site in Chromium
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Pages call the vegaEmbed that the site serves from _static/ (see tariffbook/charts.py).
export TARIFFBOOK_CHARTS := book

.PHONY: book test bench validate venv chromium refresh-outputs clean

venv: $(STAMP)

# Reinstall when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(PY) -m pip check
	touch $@

validate: $(STAMP)
	$(PY) -m tariffbook validate

# A fresh _build/html every time: Sphinx does not notice data or _static changes on its own.
# AS_OF=2025-07-08 make book: the book as it stood on that day (only what had been announced by then).
book: export TARIFFBOOK_EXPORTS := 1
book: export TARIFFBOOK_AS_OF := $(AS_OF)
book: validate
	rm -rf _static/charts
	$(PY) -m tariffbook prepare-book
	rm -rf _build/html
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going $(if $(AS_OF),--config book/generated/_config_asof.yml) .

# Debian's Chromium for the browser tests; never a browser downloaded by a test tool.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# axe-core (accessibility checks in the browser tests), pinned by package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: book chromium $(AXE)
	$(PY) -m pytest

# Timings of builds and pages (reports, never asserts): prints a table, writes bench/results.json.
bench: $(STAMP) chromium
	$(PY) bench/bench.py $(BENCH_ARGS)

# After an intended data change: store the outputs nbval checks.
refresh-outputs: $(STAMP)
	$(PY) -m tariffbook refresh-outputs

clean:
	rm -rf _build .pytest_cache book/countries book/generated _static/vega-offline.js
