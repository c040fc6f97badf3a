"""`make book` after an edit redoes exactly what the edit affects, and the page shows the new value.

Runs on a copy of the sources (tests.helpers.copy_sources), seeded with this checkout's executions when
there are any (they are checked like any other: what is stale runs again), with two country pages
(COUNTRIES=JPN,KOR): every other country page is the same template run with another parameter. Each step
edits one thing and reads the executor's record of what it ran (_build/.tariffbook/last-run.json) and the
built page. It runs in the background (tests.book.background) while the browser tests run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat

from tariffbook.data.paths import CHARTS, REPO_ROOT
from tests.book import background
from tests.helpers import Table, copy_sources, make_book_in

SEED = ["_build/.jupyter_cache", "_build/.tariffbook", CHARTS, "book/countries", "book/generated"]


def seeded_copy(folder: Path) -> Path:
    """A copy of the sources with this checkout's executions, exported charts and generated pages."""
    src = copy_sources(folder / "book")
    for rel in SEED:
        if (REPO_ROOT / rel).is_dir():
            shutil.copytree(REPO_ROOT / rel, src / rel, dirs_exist_ok=True)
    return src


COUNTRIES = "COUNTRIES=JPN,KOR"


def make_book(src: Path) -> tuple[str, dict]:
    r = make_book_in(src, COUNTRIES)
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


@background.job
def incremental_edits(folder) -> None:
    book = seeded_copy(folder)
    make_book(book)
    everything = set(json.loads((book / "_build/.tariffbook/executions.json").read_text(encoding="utf-8")))
    assert {"book/intro", "notebooks/timeline", "book/countries/JPN", "book/countries/KOR"} <= everything
    countries = {name for name in everything if name.startswith("book/countries/")}
    assert countries == {"book/countries/JPN", "book/countries/KOR"}

    # Nothing changed: make does nothing at all.
    log, _ = make_book(book)
    assert "prepare-book" not in log and "jupyter-book" not in log, log

    # Prose and code: a markdown page, a notebook's markdown cell and a comment in one module. Exactly the
    # notebooks that imported the module run (their outputs do not change); Sphinx reads just the two pages.
    importers = readers(book, "tariffbook/analysis/formula.py")
    assert importers and importers != everything
    assert "notebooks/surpluses" not in importers
    method = book / "book/method.md"
    method.write_text(
        method.read_text(encoding="utf-8").replace("# Method and data", "# Method and data, revised", 1),
        encoding="utf-8",
    )
    nb_path = book / "notebooks/surpluses.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    md = next(c for c in nb.cells if c.cell_type == "markdown")
    md.source += "\n\nA sentence added by the incremental-build test."
    nbformat.write(nb, nb_path)
    module = book / "tariffbook/analysis/formula.py"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n# edited by the incremental-build test\n", encoding="utf-8"
    )
    log, last = make_book(book)
    assert set(last["executed"]) == importers, last
    assert last["outputs_changed"] == [], last
    assert reread(log) == 2, log[-2000:]
    assert "Method and data, revised" in page(book, "book/method")
    assert "A sentence added by the incremental-build test." in page(book, "notebooks/surpluses")

    # Data: one event's summary. Of the notebooks that read events.csv (every query given a day reads it: what was
    # known by then), exactly those whose queries of it answer differently now run (Japan's page, not Korea's or the
    # surplus page's: tariffbook.publish.executor.replay); the Japan page shows it.
    expected = readers(book, "data/events.csv")
    assert {"notebooks/surpluses", "book/countries/KOR"} <= expected
    events = Table(book / "data", "events")
    new = events.row("2025-04-16.JPN.negotiation_round")["summary"] + " (edited by the incremental-build test)"
    events.set("2025-04-16.JPN.negotiation_round", summary=new)
    log, last = make_book(book)
    assert set(last["executed"]) <= expected and "book/countries/KOR" not in last["executed"]
    assert "notebooks/surpluses" not in last["executed"]  # it reads events.csv, and its answers are the same
    assert "book/countries/JPN" in last["outputs_changed"] and "book/countries/KOR" not in last["outputs_changed"]
    assert "(edited by the incremental-build test)" in page(book, "book/countries/JPN")
    assert reread(log) < len(everything)


def test_edits_redo_exactly_what_they_affect():
    background.result(incremental_edits)
