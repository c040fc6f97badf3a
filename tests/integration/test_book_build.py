"""`make book` must fail when a notebook fails: built here on a two-page book with the project's own
_config.yml, so the guard (-W plus nb_execution_raise_on_error) is tested, not assumed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

JB = Path(sys.executable).parent / "jupyter-book"


def make_book(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    """Build the book skeleton in tmp_path (the book_skeleton fixture) with one notebook page that runs `code`."""
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: page\n")
    (tmp_path / "intro.md").write_text("# Intro\n\nA page.\n")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Page"), nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, tmp_path / "page.ipynb")
    return subprocess.run(
        [str(JB), "build", "--all", "-W", "-n", "--keep-going", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.usefixtures("book_skeleton")
def test_a_failing_notebook_fails_the_build(tmp_path):
    r = make_book(tmp_path, "raise RuntimeError('boom from a notebook')")
    assert r.returncode != 0
    assert "boom from a notebook" in r.stdout + r.stderr


@pytest.mark.usefixtures("book_skeleton")
def test_a_working_notebook_builds(tmp_path):
    r = make_book(tmp_path, "print(6 * 7)")
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    assert "42" in (tmp_path / "_build" / "html" / "page.html").read_text()
