# tariffbook: two commands do all the set-up on a fresh machine.
#   make book   build the book into _build/html (creates .venv and installs what it needs)
#   make test   run every test: data, package, notebooks (nbval), papermill, the built site in Chromium
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Pages call the vegaEmbed that the site serves from _static/ (see tariffbook/charts.py).
export TARIFFBOOK_CHARTS := book

.PHONY: book test bench validate venv chromium refresh-outputs clean FORCE

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

# `make book` rebuilds only what changed, at three levels:
# - make: with no source file, setting or commit changed, it does nothing at all (BOOK_STAMP is newer);
# - tariffbook.execute: runs, in parallel, only the notebooks whose code, data files or package modules
#   changed (prose edits run nothing) and rewrites only the generated pages whose content changed;
# - Sphinx: re-reads only the pages whose source, outputs (tariffbook.sphinx_incremental) or theme changed.
# A failed Sphinx build drops its saved state, so the next build reads every page again and cannot pass
# by skipping the page that failed. AS_OF=2025-07-08 make book: the book as it stood on that day.
BOOK_STAMP    := _build/.book-stamp
BOOK_SETTINGS := _build/.book-settings
BOOK_INPUTS   := $(filter-out _static/vega-offline.js,$(shell find data notebooks tariffbook _templates book/*.md _static \
                   -path _static/charts -prune -o -type f -not -name '*.pyc' -print 2>/dev/null)) \
                 $(if $(TARIFFBOOK_DATA),$(wildcard $(TARIFFBOOK_DATA)/*)) _config.yml _toc.yml CITATION.cff
JB_BUILD      := $(VENV)/bin/jupyter-book build -W -n --keep-going $(if $(AS_OF),--config book/generated/_config_asof.yml) .

book: $(BOOK_STAMP)

$(BOOK_STAMP): export TARIFFBOOK_EXPORTS := 1
$(BOOK_STAMP): export TARIFFBOOK_AS_OF := $(AS_OF)
$(BOOK_STAMP): $(STAMP) $(BOOK_INPUTS) $(BOOK_SETTINGS)
	@touch $@.start
	$(PY) -m tariffbook prepare-book
	$(JB_BUILD) || { rm -rf _build/.doctrees; exit 1; }
	@mv $@.start $@  # dated when the build started: an edit made while it ran is seen next time

# What the build depends on besides files: the AS_OF day, the data folder and the commit (in MANIFEST.json).
# Rewritten only when one of them changes, so it is a prerequisite with a meaningful date.
$(BOOK_SETTINGS): FORCE
	@mkdir -p $(@D)
	@printf 'AS_OF=%s\nTARIFFBOOK_DATA=%s\nHEAD=%s\n' "$(AS_OF)" "$$TARIFFBOOK_DATA" "$$(git rev-parse HEAD 2>/dev/null)" > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

FORCE:

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
# Lighthouse (pinned by bench/package-lock.json) runs on Debian's Chromium; it is not needed to build or test.
LIGHTHOUSE := bench/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

bench: $(STAMP) chromium $(LIGHTHOUSE)
	$(PY) bench/bench.py $(BENCH_ARGS)

# After an intended data change: store the outputs nbval checks.
refresh-outputs: $(STAMP)
	$(PY) -m tariffbook refresh-outputs

clean:
	rm -rf _build .pytest_cache book/countries book/generated _static/vega-offline.js
