"""Shared fixtures. The real data/ is never modified: tests that break data work on a copy in tmp_path,
and a session-wide check fails the run if data/ changed anyway."""
from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tariffbook.paths import REPO_ROOT, data_dir

SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.iterdir()):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def data_untouched():
    before = _digest(data_dir())
    yield
    assert _digest(data_dir()) == before, "a test modified the real data/ folder"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the dataset to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(data_dir(), dst)
    return dst


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


@pytest.fixture
def table(data_copy):
    return lambda name: Table(data_copy, name)


def copy_sources(dst: Path) -> Path:
    """The repository's sources (tracked and untracked, not ignored) in `dst`, as a fresh git repository, with
    the project's .venv linked in so `make book` runs there. Build there with PYTHONPATH=dst, so that the
    kernels and Sphinx import the copy's tariffbook, not the checkout's."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        target = dst / f
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / f, target)
    subprocess.run(["git", "init", "-q"], cwd=dst, check=True)
    (dst / ".venv").symlink_to(REPO_ROOT / ".venv")
    return dst
