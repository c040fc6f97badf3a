"""Where things live, and the few file operations every layer shares.

The data lives next to the package in the repo, whatever the caller's working directory: papermill runs
kernels in the caller's cwd and myst-nb in the notebook's folder, so nothing may depend on cwd. Set
TARIFFBOOK_DATA (tariffbook.settings) to point the whole package at another copy of the dataset.

Every read of a data file goes through note_read, which tells whoever listens (reads() gives a ReadLog for a span
of code; the kernel side of the book's executor, tariffbook.notebook.trace, listens to know what each notebook and
each query read), so the executor knows which notebooks to run again when a file changes. update_file writes
only what changed, so Sphinx's incremental build leaves an unchanged generated page alone. sha256 and
files_sha256 are the one way the package hashes content.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tariffbook import settings

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
"""The repository: the package's parent folder."""

CHARTS = "_static/charts"
"""Where exported chart files (CSV, PNG, SVG) live, relative to the repository and to the built site."""

CHART_DIR = REPO_ROOT / CHARTS
"""The exported chart files of this checkout; Sphinx copies them into the site."""

PENDING = ".pending.vl.json"
"""Suffix of the spec a kernel leaves in CHART_DIR for the executor's worker to render
(tariffbook.charts.exports)."""


INSTALLED_RECORD = Path(__file__).resolve().parent.parent / "_record"
"""Where an installed package keeps the record it was built with (the wheel's copy of data/; pyproject.toml)."""


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The dataset folder: the argument, else $TARIFFBOOK_DATA, else <repo>/data, else the installed record.

    <repo>/data is the checkout's; an installed package (pip install of the repository) has no checkout and
    reads the record its wheel carries (INSTALLED_RECORD).

    Args:
        override: a folder to use instead of the configured one (tests, `tariffbook validate DIR`).

    Returns:
        An absolute path; it may not exist (validate reports that).
    """
    if override is not None:
        return Path(override).resolve()
    configured = settings.data_folder()
    if configured:
        return configured
    checkout = REPO_ROOT / "data"
    if (checkout / "datapackage.json").exists() or not (INSTALLED_RECORD / "datapackage.json").exists():
        return checkout
    return INSTALLED_RECORD


@dataclass
class ReadLog:
    """The data files read while it listened (reads()), as absolute paths."""

    files: set[str] = field(default_factory=set)

    def __call__(self, path: str) -> None:
        """Note one read."""
        self.files.add(path)


_LISTENERS: list[Callable[[str], None]] = []
"""Who is told of each read now: the ReadLogs of the reads() in progress, a kernel's tracer."""


def listen(listener: Callable[[str], None]) -> None:
    """Tell `listener` the absolute path of every data file read from now on, until unlisten()."""
    _LISTENERS.append(listener)


def unlisten(listener: Callable[[str], None]) -> None:
    """Stop telling `listener` (listen())."""
    _LISTENERS.remove(listener)


@contextmanager
def reads() -> Iterator[ReadLog]:
    """A ReadLog of the data files read inside the `with` block.

    Typical use: `with paths.reads() as log: ...`, then `log.files`.
    """
    log = ReadLog()
    listen(log)
    try:
        yield log
    finally:
        unlisten(log)


def note_read(path: str | os.PathLike) -> Path:
    """Tell the listeners that a data file is being read (see reads()); return the path."""
    if _LISTENERS:
        resolved = str(Path(path).resolve())
        for listener in list(_LISTENERS):
            listener(resolved)
    return Path(path)


def update_file(path: str | os.PathLike, content: str | bytes) -> bool:
    """Write `content` only if it differs from what the file holds.

    An unchanged generated page keeps its modification time, so Sphinx's incremental build leaves it alone.

    Returns:
        Whether the file changed.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def sha256(data: bytes) -> str:
    """The hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def files_sha256(paths: Iterable[Path], label: Callable[[Path], str] = str) -> str:
    """One sha256 over several files.

    Each file's label and content go in, in sorted order, so it changes when any file is added, removed,
    renamed or edited.

    Args:
        paths: the files (missing ones are skipped).
        label: what names a file in the digest; the full path by default, `lambda p: p.name` for a folder
            whose location does not matter (a dataset copy).
    """
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(label(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
