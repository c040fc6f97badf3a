# tariffbook: two commands do all the set-up on a fresh machine.
#   make book   build the book into _build/html (creates .venv and installs what it needs)
#   make test   lint, then every test: data, package, kernels and Sphinx on tiny books, notebooks (nbval), papermill,
#               the built site in Chromium
# `make help` lists every verb. The incremental build logic lives in tariffbook.publish (see README, Performance).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Pages call the vegaEmbed that the site serves from _static/ (see tariffbook/charts/render.py).
export TARIFFBOOK_CHARTS := book
LINTED := tariffbook tests bench notebooks conftest.py
# Defined before the rules that name it: make expands prerequisites as it reads them.
# The npm packages, pinned by package-lock.json: world-atlas (the map's geometry, which the book needs) and axe-core
# (accessibility checks in the browser tests). Debian's npm is installed if missing.
NODE_STAMP := node_modules/.installed-stamp

.PHONY: help book fonts pdf test test-fast test-wheel test-integration test-book lint format bench validate venv chromium refresh-outputs lab clean FORCE

help:  ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24

venv: $(STAMP)  ## create .venv with the pinned requirements

# Reinstall when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(PY) -m pip check
	touch $@

validate: $(STAMP)  ## check data/ against its schema and rules
	$(PY) -m tariffbook validate

lint: $(STAMP)  ## ruff check and ruff format --check (package, tests, bench, notebooks)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

format: $(STAMP)  ## fix what ruff can fix, and format
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

# `make book` rebuilds only what changed, at three levels:
# - make: with no source file, setting or commit changed, it does nothing at all (BOOK_STAMP is newer);
# - tariffbook.publish.executor: runs, in parallel, only the notebooks whose code, package modules or settings
#   changed, or whose queries of the record answer differently now (prose edits run nothing; a note edited on one
#   row runs the pages that show it), and rewrites only the generated pages whose content changed;
# - Sphinx: re-reads only the pages whose source, outputs (tariffbook.sphinx.incremental) or theme changed.
# A failed Sphinx build drops its saved state, so the next build reads every page again and cannot pass
# by skipping the page that failed. AS_OF=2025-07-08 make book: the book as it stood on that day.
# COUNTRIES=JPN,KOR make book: only those country pages (a quick preview; the book tests use it).
BOOK_STAMP    := _build/.book-stamp
BOOK_SETTINGS := _build/.book-settings
BOOK_INPUTS   := $(filter-out _static/vega-offline.js,$(shell find data notebooks tariffbook _templates book/*.md _static \
                   -path _static/charts -prune -o -type f -not -name '*.pyc' -print 2>/dev/null)) \
                 $(if $(TARIFFBOOK_DATA),$(wildcard $(TARIFFBOOK_DATA)/*)) _config.yml _toc.yml CITATION.cff
JB_BUILD      := $(VENV)/bin/jupyter-book build -W -n --keep-going $(if $(AS_OF),--config book/generated/_config_asof.yml) .

book: $(BOOK_STAMP)  ## build the book into _build/html, redoing only what changed

$(BOOK_STAMP): export TARIFFBOOK_EXPORTS := 1
$(BOOK_STAMP): export TARIFFBOOK_AS_OF := $(AS_OF)
$(BOOK_STAMP): export TARIFFBOOK_COUNTRIES := $(COUNTRIES)
$(BOOK_STAMP): $(STAMP) $(NODE_STAMP) $(BOOK_INPUTS) $(BOOK_SETTINGS) | fonts
	@touch $@.start
	$(PY) -m tariffbook prepare-book
	$(JB_BUILD) || { rm -rf _build/.doctrees; exit 1; }
	@mv $@.start $@  # dated when the build started: an edit made while it ran is seen next time

# What the build depends on besides files: the AS_OF day, the country pages, the data folder and the commit
# (in MANIFEST.json). Rewritten only when one of them changes, so it is a prerequisite with a meaningful date.
$(BOOK_SETTINGS): FORCE
	@mkdir -p $(@D)
	@printf 'AS_OF=%s\nCOUNTRIES=%s\nTARIFFBOOK_DATA=%s\nHEAD=%s\n' "$(AS_OF)" "$(COUNTRIES)" "$$TARIFFBOOK_DATA" \
		"$$(git rev-parse HEAD 2>/dev/null)" > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

FORCE:

# The whole book as one PDF, printed from the built site by Debian's Chromium (offline), with a contents page
# and an outline: _build/html/tariffbook.pdf, which the front page and the method page link.
pdf: book chromium  ## the whole book as one PDF: _build/html/tariffbook.pdf (about 20 s after make book)
	$(PY) -m tariffbook.publish.pdf

# The charts' fonts. vl-convert reads the machine's fonts and prefers an installed Liberation Sans (and DejaVu, for
# what Liberation lacks) to its own copy, so the exports are drawn with Debian's on every machine, the same bytes
# everywhere (Chromium pulls in the same two packages; without them the labels moved by a pixel or so).
FONTS := /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
fonts:  ## install Debian's Liberation and DejaVu fonts if missing (the exported charts are drawn with them)
	@ls $(FONTS) >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-liberation fonts-dejavu-core; }

# Debian's Chromium for the browser tests; never a browser downloaded by a test tool.
chromium:  ## install Debian's chromium if it is missing (browser tests)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund
	touch $@
AXE := $(NODE_STAMP)

test-fast: lint $(NODE_STAMP)  ## lint and the unit tests: no kernel, Sphinx, browser or book build, under a minute
	$(PY) -m pytest -n auto --dist loadfile tests/unit

# Tests that start kernels, Sphinx or a build's subprocesses, on tiny notebooks and books: no built book needed.
# A pytest run of their own: they set TARIFFBOOK_* variables while they run, which the book tests' background
# jobs (tests/book/background.py) would inherit if they shared a process.
test-integration: $(STAMP) $(NODE_STAMP)  ## the executor, the build guard, the charts in other processes (kernels, Sphinx; no built book)
	$(PY) -m pytest tests/integration

# The book tests need the built site; nbval runs the notebooks here, once.
test-book: test-integration book chromium $(AXE)  ## test-integration, then the built book (site in Chromium, as-of and incremental builds, nbval, papermill)
	$(PY) -m pytest tests/book notebooks --nbval-lax

# The library as a re-user installs it: the wheel (with the record) in a fresh virtualenv, the README's examples
# run as a doctest from another folder, and the command line there.
WHEEL_DIR := _build/wheel
test-wheel: $(STAMP)  ## build the wheel, install it in a fresh virtualenv, run the README's examples from another folder
	rm -rf $(WHEEL_DIR) && $(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps -w $(WHEEL_DIR) .
	$(PYTHON) -m venv $(WHEEL_DIR)/venv
	$(WHEEL_DIR)/venv/bin/python -m pip install --quiet --disable-pip-version-check $(WHEEL_DIR)/tariffbook-*.whl
	cd $$(mktemp -d) && $(CURDIR)/$(WHEEL_DIR)/venv/bin/python -m doctest -o NORMALIZE_WHITESPACE $(CURDIR)/README.md
	cd $$(mktemp -d) && $(CURDIR)/$(WHEEL_DIR)/venv/bin/python -m tariffbook validate

test: test-fast test-wheel test-book  ## lint, unit tests, the installed wheel, integration tests, then build the book and test it (what CI runs)

# Timings of builds and pages (reports, never asserts): prints a table, writes bench/results.json.
# Lighthouse (pinned by bench/package-lock.json) runs on Debian's Chromium; it is not needed to build or test.
LIGHTHOUSE := bench/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

bench: $(STAMP) chromium $(LIGHTHOUSE)  ## time builds and pages (bench/results.json)
	$(PY) bench/bench.py $(BENCH_ARGS)

# JupyterLab from the project's own pinned environment (requirements-lab.txt, installed by this target only).
# Charts in the notebooks carry Vega and a static image (TARIFFBOOK_CHARTS=inline), so they draw offline, and an
# untrusted notebook still shows them. LAB_ARGS=--no-browser for a headless server.
LAB_STAMP := $(VENV)/.lab-stamp
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(PY) -m pip check
	@mkdir -p $(dir $(LAB_SETTINGS))
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $(LAB_SETTINGS)
	touch $@

lab: export TARIFFBOOK_CHARTS := inline
lab: $(LAB_STAMP)  ## open the notebooks in JupyterLab (installs it into .venv the first time)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# After an intended data change: store the outputs nbval checks.
refresh-outputs: $(STAMP)  ## re-run the notebooks and store the outputs nbval checks
	$(PY) -m tariffbook refresh-outputs

clean:  ## remove every build output
	rm -rf _build .pytest_cache book/countries book/generated _static/vega-offline.js
