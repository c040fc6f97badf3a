"""A Sphinx extension: tell the incremental build what it cannot see for itself.

- A page whose notebook tariffbook.execute re-ran with new outputs: its stamp file is a dependency of the
  page, so Sphinx re-reads it (and myst-nb takes the new outputs from the cache).
- A changed file under _static/ or _templates/, or a changed tariffbook Sphinx extension: every page is
  rewritten (Sphinx alone copies static files only when some page is out of date, and never notices an
  extension's code).
- A changed release file (book/generated/release): the data-release page is rewritten so the new files are
  copied into the site.
- Exported chart files that the sources no longer produce are removed from the site.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from tariffbook.execute import STAMPS

CHROME = ("_static", "_templates")
RELEASE = "book/generated/release"
RELEASE_PAGE = "book/method"


def _digest(paths) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _files(root: Path, folder: str, skip: str | None = None) -> list[Path]:
    base = root / folder
    return [p for p in base.rglob("*") if p.is_file() and not (skip and p.is_relative_to(base / skip))] if base.is_dir() else []


def _fingerprints(app) -> dict[str, str]:
    root = Path(app.srcdir)
    chrome = [p for f in CHROME for p in _files(root, f, skip="charts")] + list(Path(__file__).parent.glob("sphinx_*.py"))
    return {"chrome": _digest(chrome), "release": _digest(_files(root, RELEASE))}


def note_stamp(app, docname: str, source: list[str]) -> None:
    stamp = STAMPS / f"{docname}.stamp"
    if stamp.exists():
        app.env.note_dependency(str(stamp))


def outdated(app, env, added, changed, removed) -> list[str]:
    now = _fingerprints(app)
    before = getattr(env, "tariffbook_fingerprints", None)
    env.tariffbook_fingerprints = now
    if before is None:
        return []
    if before["chrome"] != now["chrome"]:
        return sorted(env.found_docs)
    if before["release"] != now["release"] and RELEASE_PAGE in env.found_docs:
        return [RELEASE_PAGE]
    return []


def prune_charts(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    src, out = Path(app.srcdir) / "_static" / "charts", Path(app.outdir) / "_static" / "charts"
    if out.is_dir():
        keep = {p.name for p in src.iterdir()} if src.is_dir() else set()
        for p in out.iterdir():
            if p.name not in keep:
                p.unlink()


def setup(app):
    app.connect("source-read", note_stamp)
    app.connect("env-get-outdated", outdated)
    app.connect("build-finished", prune_charts)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
