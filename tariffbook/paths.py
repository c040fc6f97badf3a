"""Where the data lives: next to the package in the repo, whatever the caller's working directory.

papermill runs kernels in the caller's cwd and myst-nb in the notebook's folder, so nothing may depend on cwd.
Set TARIFFBOOK_DATA to point the whole package at another copy of the dataset (tests, what-if edits).
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
