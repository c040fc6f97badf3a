"""Helpers the tests share: the built site's pages, a CSV editor for dataset copies, a copy of the sources."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

from tariffbook import settings
from tariffbook.data.paths import REPO_ROOT

FACT_SHEETS = settings.fact_sheets(REPO_ROOT)
"""The curators' fact sheets (TARIFFBOOK_FACT_SHEETS, else ../shared/sources): only the provenance tests read them."""

# ---------------------------------------------------------------- the built site
SITE = REPO_ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PAGES = sorted(
    p.relative_to(SITE).as_posix()
    for p in SITE.rglob("*.html")
    if not p.relative_to(SITE).as_posix().startswith(("_", "genindex", "search", "embed/"))
    and p.relative_to(SITE).as_posix() != "index.html"  # the root page is a redirect, tested on its own
)
QUERY = "Akazawa"
"""Japan's negotiator: named in the prose of the Japan negotiations page and in Japan's events."""
SEARCH = f"search.html?q={QUERY}"
VISITED = [*PAGES, SEARCH]
"""Every page of the book, and the search page with a query."""


def watch(page) -> dict:
    """From now on, record the page's console errors and any request that leaves 127.0.0.1, in the lists of the
    dict returned (clear them before loading another page in the same tab)."""
    seen = {"errors": [], "outside": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on(
        "request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:")) or seen["outside"].append(r.url)
    )
    return seen


def open_page(browser, url, wait_until="load"):
    """A new page at `url` (in a browser or a context), recording console errors and any request that leaves
    127.0.0.1 (watch); loaded, or only started with wait_until="commit"."""
    page = browser.new_page()
    seen = watch(page)
    page.goto(url, wait_until=wait_until)
    return page, seen


# ---------------------------------------------------------------- dataset copies


class Table:
    """Edit one CSV of a dataset copy by row id, keeping every other byte as it was."""

    def __init__(self, folder: Path, name: str):
        self.path = folder / f"{name}.csv"
        with self.path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            self.header = list(reader.fieldnames)
            self.rows = list(reader)
        self.key = self.header[0]

    def line_of(self, row_id: str) -> int:
        return next(i for i, r in enumerate(self.rows) if r[self.key] == row_id) + 2

    def row(self, row_id: str) -> dict:
        return self.rows[self.line_of(row_id) - 2]

    def set(self, row_id: str, **values) -> int:
        line = self.line_of(row_id)
        self.rows[line - 2].update(values)
        self.save()
        return line

    def drop_column(self, column: str) -> None:
        self.header.remove(column)
        for r in self.rows:
            del r[column]
        self.save()

    def save(self) -> None:
        with self.path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, self.header, lineterminator="\n")
            w.writeheader()
            w.writerows(self.rows)


def copy_sources(dst: Path) -> Path:
    """The repository's sources (tracked and untracked, not ignored) in `dst`, as a fresh git repository, with
    the project's .venv linked in so `make book` runs there. Build there with make_book_in(), so that the
    kernels and Sphinx import the copy's tariffbook, not the checkout's."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for f in files:
        target = dst / f
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / f, target)
    subprocess.run(["git", "init", "-q"], cwd=dst, check=True)
    (dst / ".venv").symlink_to(REPO_ROOT / ".venv")
    return dst


def make_book_in(src: Path, *args: str) -> subprocess.CompletedProcess:
    """`make book ARGS` in a copy of the sources, with the copy's package first on the path and none of the
    checkout's build settings."""
    env = dict(os.environ, PYTHONPATH=str(src))
    for var in (settings.EXPORTS, settings.AS_OF, settings.DATA, settings.COUNTRIES, settings.VALIDATED):
        env.pop(var, None)
    return subprocess.run(["make", "book", *args], cwd=src, env=env, capture_output=True, text=True, timeout=900)


# ---------------------------------------------------------------- executor jobs


def one_cell_job(folder: Path, name: str, code: str):
    """An executor Job for a page 'pages/<name>': a heading and one code cell, run in `folder`."""
    import nbformat

    from tariffbook.publish.executor.jobs import Job

    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(code)]
    return Job(f"pages/{name}", folder / f"{name}.ipynb", nb, folder)
