"""Fixtures of the integration tests: tiny books built with the project's own configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tariffbook.data.paths import REPO_ROOT


@pytest.fixture
def book_skeleton(tmp_path) -> Path:
    """A book in tmp_path with the project's _config.yml, templates and the static files its pages load (a stub for
    the Vega bundle): add a _toc.yml and the pages, then build it with jupyter-book."""
    shutil.copy(REPO_ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(REPO_ROOT / "_templates", tmp_path / "_templates")
    (tmp_path / "_static").mkdir()
    for f in ("favicon.svg", "sortable.js"):
        shutil.copy(REPO_ROOT / "_static" / f, tmp_path / "_static" / f)
    (tmp_path / "_static" / "vega-offline.js").write_text("// stub\n")
    (tmp_path / "book" / "generated" / "release").mkdir(parents=True)
    return tmp_path
