"""A Sphinx extension: tell the incremental build what it cannot see for itself.

- A page whose notebook tariffbook.publish.executor re-ran with new outputs: its stamp file is a dependency of the
  page, so Sphinx re-reads it (and myst-nb takes the new outputs from the cache).
- A changed file under _static/ or _templates/, or a changed module of tariffbook.sphinx: every page is
  rewritten (Sphinx alone copies static files only when some page is out of date, and never notices an
  extension's code).
- A changed release file (book/generated/release), or a changed exported chart file with no page out of date
  (an image drawn again with the same spec, whose page stays the same): the data-release page is rewritten, so
  that Sphinx runs the step that copies the new files into the site.
- Exported chart files that the sources no longer produce are removed from the site.
"""

from __future__ import annotations

from pathlib import Path

from tariffbook.data.paths import CHARTS, files_sha256
from tariffbook.publish.executor.manifest import STAMPS

CHROME = ("_static", "_templates")
"""Folders whose files every page uses (styles, scripts, templates)."""

RELEASE = "book/generated/release"
"""The data release (tariffbook.publish.release), copied into the site with the page below."""

RELEASE_PAGE = "book/method"
"""The page rewritten when the release or a chart file changes, so Sphinx copies the new files (it copies static
files only in a build that writes some page)."""

EXTENSION = Path(__file__).parent
"""This extension's own folder: a change to any module in it rewrites every page."""


def _files(root: Path, folder: str, skip: str | None = None) -> list[Path]:
    base = root / folder
    if not base.is_dir():
        return []
    return [p for p in base.rglob("*") if p.is_file() and not (skip and p.is_relative_to(root / skip))]


def _fingerprints(app) -> dict[str, str]:
    root = Path(app.srcdir)
    chrome = [p for f in CHROME for p in _files(root, f, skip=CHARTS)] + sorted(EXTENSION.glob("*.py"))
    return {
        "chrome": files_sha256(chrome),
        "release": files_sha256(_files(root, RELEASE)),
        "charts": files_sha256(_files(root, CHARTS)),
    }


def note_stamp(app, docname: str, source: list[str]) -> None:
    """Make a page depend on its stamp, which the executor rewrites when the page's outputs change."""
    stamp = STAMPS / f"{docname}.stamp"
    if stamp.exists():
        app.env.note_dependency(str(stamp))


def outdated(app, env, added, changed, removed) -> list[str]:
    """The pages to read again beyond Sphinx's own list.

    All of them when the chrome or this extension changed; the release page when the release or a chart file did.
    """
    now = _fingerprints(app)
    before = getattr(env, "tariffbook_fingerprints", None)
    env.tariffbook_fingerprints = now
    if before is None:
        return []
    if before["chrome"] != now["chrome"]:
        return sorted(env.found_docs)
    copied = before["release"] != now["release"] or before.get("charts") != now["charts"]
    if copied and RELEASE_PAGE in env.found_docs:
        return [RELEASE_PAGE]
    return []


def prune_charts(app, exception) -> None:
    """Remove from the site the exported chart files the sources no longer have."""
    if exception is not None or app.builder.format != "html":
        return
    src, out = Path(app.srcdir) / CHARTS, Path(app.outdir) / CHARTS
    if out.is_dir():
        keep = {p.name for p in src.iterdir()} if src.is_dir() else set()
        for p in out.iterdir():
            if p.name not in keep:
                p.unlink()


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("source-read", note_stamp)
    app.connect("env-get-outdated", outdated)
    app.connect("build-finished", prune_charts)
