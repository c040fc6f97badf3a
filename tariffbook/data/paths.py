"""Where things live, and the few file operations every layer shares.

The data lives next to the package in the repo, whatever the caller's working directory: papermill runs
kernels in the caller's cwd and myst-nb in the notebook's folder, so nothing may depend on cwd. Set
TARIFFBOOK_DATA (tariffbook.settings) to point the whole package at another copy of the dataset.

FILES_READ lists every data file this process has read, so the book's executor (tariffbook.publish.executor)
knows which notebooks to run again when a file changes. update_file writes only what changed, so Sphinx's
incremental build leaves an unchanged generated page alone. sha256 and files_sha256 are the one way the
package hashes content.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from tariffbook import settings

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
"""The repository: the package's parent folder."""

CHARTS = "_static/charts"
"""Where exported chart files (CSV, PNG, SVG) live, relative to the repository and to the built site."""

CHART_DIR = REPO_ROOT / CHARTS
"""The exported chart files of this checkout; Sphinx copies them into the site."""


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


FILES_READ: set[str] = set()
"""Absolute paths of the data files this process has read (see note_read)."""


def note_read(path: str | os.PathLike) -> Path:
    """Record that this process read a data file (see FILES_READ); return the path."""
    FILES_READ.add(str(Path(path).resolve()))
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
