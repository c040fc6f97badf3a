"""Where the data lives: next to the package in the repo, whatever the caller's working directory.

papermill runs kernels in the caller's cwd and myst-nb in the notebook's folder, so nothing may depend on cwd.
Set TARIFFBOOK_DATA to point the whole package at another copy of the dataset (tests, what-if edits).

FILES_READ lists every data file this process has read, so the book's executor (tariffbook.execute) knows
which notebooks to run again when a file changes.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The dataset folder: the argument, else $TARIFFBOOK_DATA, else <repo>/data."""
    if override is not None:
        return Path(override).resolve()
    env = os.environ.get("TARIFFBOOK_DATA")
    return Path(env).resolve() if env else REPO_ROOT / "data"


FILES_READ: set[str] = set()


def note_read(path: str | os.PathLike) -> Path:
    """Record that this process read a data file (see FILES_READ); returns the path."""
    FILES_READ.add(str(Path(path).resolve()))
    return Path(path)


def update_file(path: str | os.PathLike, content: str | bytes) -> bool:
    """Write `content` only if it differs from what the file holds, so an unchanged generated page keeps its
    modification time and Sphinx's incremental build leaves it alone. Returns whether the file changed."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
