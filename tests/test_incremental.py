"""`make book` after an edit redoes exactly what the edit affects, and the page shows the new value.

Runs on a copy of the sources (tests/conftest.copy_sources), seeded with this checkout's executions when
there are any (they are checked like any other: what is stale runs again). Each step edits one thing and
reads the executor's record of what it ran (_build/.tariffbook/last-run.json) and the built page."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import Table, copy_sources

from tariffbook.paths import REPO_ROOT

SEED = ["_build/.jupyter_cache", "_build/.tariffbook", "_static/charts", "book/countries", "book/generated"]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    src = copy_sources(tmp_path_factory.mktemp("incremental") / "book")
    for rel in SEED:
        if (REPO_ROOT / rel).is_dir():
            shutil.copytree(REPO_ROOT / rel, src / rel, dirs_exist_ok=True)
    return src


def make_book(src: Path) -> tuple[str, dict]:
    env = dict(os.environ, PYTHONPATH=str(src))
    for var in ("TARIFFBOOK_EXPORTS", "TARIFFBOOK_AS_OF", "TARIFFBOOK_DATA"):
        env.pop(var, None)
    r = subprocess.run(["make", "book"], cwd=src, env=env, capture_output=True, text=True, timeout=900)
    log = r.stdout + r.stderr
    assert r.returncode == 0, log[-3000:]
    assert "Executing notebook" not in log, "myst-nb executed a notebook itself: its cache missed"
    last = json.loads((src / "_build/.tariffbook/last-run.json").read_text(encoding="utf-8"))
    return log, last


def reread(log: str) -> int:
    """How many pages Sphinx read again (0 when it found nothing out of date)."""
    found = re.search(r"targets for (\d+) source files that are out of date", log)
    return int(found.group(1)) if found else 0


def readers(src: Path, rel: str) -> set[str]:
    manifest = json.loads((src / "_build/.tariffbook/executions.json").read_text(encoding="utf-8"))
    return {name for name, rec in manifest.items() if rel in rec["inputs"]}


def page(src: Path, docname: str) -> str:
    return (src / "_build/html" / f"{docname}.html").read_text(encoding="utf-8")


def test_edits_redo_exactly_what_they_affect(book):
    make_book(book)
    everything = set(json.loads((book / "_build/.tariffbook/executions.json").read_text(encoding="utf-8")))
    assert len(everything) > 30

    # Nothing changed: make does nothing at all.
    log, _ = make_book(book)
    assert "prepare-book" not in log and "jupyter-book" not in log, log

    # Prose: a markdown page and a notebook's markdown cell. Nothing runs; Sphinx reads just those two pages.
    method = book / "book/method.md"
    method.write_text(method.read_text(encoding="utf-8").replace("# Method and data", "# Method and data, revised", 1), encoding="utf-8")
    nb_path = book / "notebooks/surpluses.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    md = next(c for c in nb.cells if c.cell_type == "markdown")
    md.source += "\n\nA sentence added by the incremental-build test."
    nbformat.write(nb, nb_path)
    log, last = make_book(book)
    assert last["executed"] == [], last
    assert reread(log) == 2, log[-2000:]
    assert "Method and data, revised" in page(book, "book/method")
    assert "A sentence added by the incremental-build test." in page(book, "notebooks/surpluses")

    # Data: one event's summary. Exactly the notebooks that read events.csv run; the Japan page shows it.
    expected = readers(book, "data/events.csv")
    assert {"notebooks/surpluses", "notebooks/reciprocal_formula"} <= everything - expected  # they never load events
    events = Table(book / "data", "events")
    new = events.row("2025-04-16.JPN.negotiation_round")["summary"] + " (edited by the incremental-build test)"
    events.set("2025-04-16.JPN.negotiation_round", summary=new)
    log, last = make_book(book)
    assert set(last["executed"]) == expected
    assert "book/countries/JPN" in last["outputs_changed"] and "book/countries/KOR" not in last["outputs_changed"]
    assert "(edited by the incremental-build test)" in page(book, "book/countries/JPN")
    assert reread(log) < len(everything)

    # Package: one module. Exactly the notebooks that imported it run.
    expected = readers(book, "tariffbook/formula.py")
    assert expected and expected != everything
    module = book / "tariffbook/formula.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited by the incremental-build test\n", encoding="utf-8")
    _, last = make_book(book)
    assert set(last["executed"]) == expected
