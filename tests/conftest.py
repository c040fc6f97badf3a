"""Fixtures every test may use. The real data/ is never modified: tests that break data work on a copy in
tmp_path, and a session-wide check fails the run if data/ changed anyway."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tariffbook.data.paths import data_dir, files_sha256
from tests.helpers import Table


@pytest.fixture(scope="session", autouse=True)
def data_untouched():
    folder = data_dir()
    before = files_sha256(folder.iterdir(), label=lambda p: p.name)
    yield
    assert files_sha256(folder.iterdir(), label=lambda p: p.name) == before, "a test modified the real data/ folder"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the dataset to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(data_dir(), dst)
    return dst


@pytest.fixture
def table(data_copy):
    """table("figures"): an editor for one CSV of the private copy."""
    return lambda name: Table(data_copy, name)
