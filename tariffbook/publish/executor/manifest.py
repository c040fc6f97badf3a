"""What a build keeps of each execution, and what it is checked against.

Under _build/.tariffbook: the manifest (per page: its code hash, the build settings, every input with its sha256,
the queries it asked with the files they read, the charts it showed), the summary of the latest run, and a stamp
per page that tariffbook.sphinx.incremental makes Sphinx re-read when the page's outputs changed. The executed
notebooks themselves go into the jupyter-cache that myst-nb reads (merged() puts a page's outputs back into its
current notebook). Paths inside the repository are kept relative to it (rel), so a copied checkout keeps its
records.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from tariffbook import settings
from tariffbook.data.paths import REPO_ROOT, sha256

if TYPE_CHECKING:
    from tariffbook.publish.executor.jobs import Job

BUILD = REPO_ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"  # myst-nb's default for a book built into _build/html
STATE = BUILD / ".tariffbook"
MANIFEST = STATE / "executions.json"  # per execution: code hash, settings, inputs with their sha256, queries
LAST_RUN = STATE / "last-run.json"  # what the latest run executed and reused (read by bench/ and tests)
STAMPS = STATE / "stamps"  # <docname>.stamp, rewritten when a page's outputs change


def rel(path: str | Path) -> str:
    """Paths inside the repository are stored relative to it, so a copied checkout keeps its records."""
    p = Path(path).resolve()
    return p.relative_to(REPO_ROOT).as_posix() if p.is_relative_to(REPO_ROOT) else str(p)


class FileHashes:
    """The sha256 of each file a build looks at, taken once per build (None for a file that is missing)."""

    def __init__(self) -> None:
        """No file hashed yet."""
        self._known: dict[str, str | None] = {}

    def __call__(self, rel: str) -> str | None:
        """The sha256 of a file, relative to the repository or absolute."""
        if rel not in self._known:
            p = REPO_ROOT / rel if not os.path.isabs(rel) else Path(rel)
            self._known[rel] = sha256(p.read_bytes()) if p.is_file() else None
        return self._known[rel]


def build_settings(context: settings.BookContext | None = None, hashes: FileHashes | None = None) -> dict:
    """What, outside the notebook and its inputs, changes outputs.

    The book's context (its output settings), the pins, and the citation under every chart (its URLs and author
    come from _config.yml, which no kernel reads).

    Args:
        context: the build's context (default: read from the environment, as the command line would).
        hashes: the build's file hashes.
    """
    from tariffbook.data.citation import citation

    context = settings.from_environment() if context is None else context
    hashes = FileHashes() if hashes is None else hashes
    return {
        **context.output_settings(),
        "python": sys.version.split()[0],
        "requirements": hashes("requirements.txt"),
        "citation": citation().text(),
    }


# ---------------------------------------------------------------- the manifest
def read() -> dict:
    """The manifest: each page's record of its latest execution (empty before the first run)."""
    return json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}


def write(records: dict) -> None:
    """Write the manifest: each page's record of its latest execution."""
    MANIFEST.write_text(json.dumps(records, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def write_summary(summary: dict) -> None:
    """Write what a run executed, reused, and whose outputs changed (LAST_RUN)."""
    LAST_RUN.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


def _record(report: dict, hashes: FileHashes) -> dict:
    """What an execution read, as the manifest keeps it.

    Every input with its sha256, the whole-file inputs, and the queries with the files they read.
    """
    calls = [{**call, "files": sorted({rel(f) for f in call["files"]})} for call in report["calls"]]
    loose = sorted({rel(f) for f in report["loose"]})
    files = set(loose) | {f for call in calls for f in call["files"]} | {rel(m) for m in report["modules"]}
    return {
        "inputs": {f: hashes(f) for f in sorted(files)},
        "loose": loose,
        "calls": calls,
        "charts": sorted(set(report["charts"])),
    }


def prune_charts(charts_dir: Path) -> list[Path]:
    """Delete exported chart files that no recorded execution produced (charts of data since changed)."""
    if not MANIFEST.exists() or not charts_dir.is_dir():
        return []
    keep = {cid for rec in json.loads(MANIFEST.read_text(encoding="utf-8")).values() for cid in rec.get("charts", [])}
    gone = [p for p in charts_dir.iterdir() if p.is_file() and p.name.split(".")[0] not in keep]
    for p in gone:
        p.unlink()
    return gone


# ---------------------------------------------------------------- the executed notebooks and their stamps
def _cache(path: str):
    """The jupyter-cache at `path`, its many small commits not waiting for the disk.

    A build that stops midway can lose the cache's latest records, never the book's sources: the pages it no
    longer finds run again.
    """
    from jupyter_cache import get_cache
    from sqlalchemy import event

    cache = get_cache(path)

    def unsynced(connection, _record) -> None:
        connection.execute("PRAGMA synchronous = OFF")

    engine = cache.db
    event.listen(engine, "connect", unsynced)
    engine.dispose()  # connections made before the listener are not reused
    return cache


def _outputs_hash(nb: nbformat.NotebookNode) -> str:
    return sha256(
        json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], sort_keys=True).encode()
    )


def store(job: Job, result: tuple[str, dict, float], cache, record: dict, hashes: FileHashes) -> tuple[dict, bool]:
    """Put one execution's notebook in the cache; return its manifest record and whether its outputs changed."""
    from jupyter_cache.base import CacheBundleIn

    nb_json, report, seconds = result
    executed = nbformat.reads(nb_json, as_version=4)
    try:
        before = cache.get_cache_bundle(cache.match_cache_notebook(job.nb).pk).nb
    except KeyError:
        before = None
    bundle = CacheBundleIn(executed, rel(job.source), data={"execution_seconds": seconds})
    cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
    record = {**record, "code": job.code, "seconds": round(seconds, 2), **_record(report, hashes)}
    return record, before is None or _outputs_hash(before) != _outputs_hash(executed)


def open_cache():
    """The build's jupyter-cache, for merged() (one handle for many pages)."""
    return _cache(str(CACHE))


def merged(job: Job, cache=None) -> nbformat.NotebookNode:
    """The job's current notebook (its prose as it is now) with the outputs of its latest execution.

    Args:
        job: the job.
        cache: the build's cache (open_cache()), when many pages are merged; default: opened for this one.
    """
    return (cache or open_cache()).merge_match_into_notebook(job.nb)[1]


def write_stamps(jobs: list[Job], changed: list[str]) -> None:
    """Touch the stamp of each book page whose outputs changed (or that has none): Sphinx reads it again."""
    for job in jobs:
        if job.country is None and (job.name in changed or not _stamp(job.name).exists()):
            _stamp(job.name).parent.mkdir(parents=True, exist_ok=True)
            _stamp(job.name).write_text(f"{time.time_ns()}\n", encoding="utf-8")


def _stamp(docname: str) -> Path:
    return STAMPS / f"{docname}.stamp"
