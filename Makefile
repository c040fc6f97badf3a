# tariffbook: two commands do all the set-up on a fresh machine.
#   make book   build the book into _build/html (creates .venv and installs what it needs)
#   make test   run every test (installs Chromium if missing)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: book test validate venv clean

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

book: validate

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf _build .pytest_cache
