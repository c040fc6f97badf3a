"""`make book` must fail when a notebook fails: built here on a two-page book with the project's own
_config.yml, so the guard (-W plus nb_execution_raise_on_error) is tested, not assumed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tariffbook.data.paths import REPO_ROOT

JB = Path(sys.executable).parent / "jupyter-book"


def make_book(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    shutil.copy(REPO_ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(REPO_ROOT / "_templates", tmp_path / "_templates")
    (tmp_path / "_static").mkdir()
    for f in ("favicon.svg", "sortable.js"):
        shutil.copy(REPO_ROOT / "_static" / f, tmp_path / "_static" / f)
    (tmp_path / "_static" / "vega-offline.js").write_text("// stub\n")
    (tmp_path / "book" / "generated" / "release").mkdir(parents=True)
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


def test_a_failing_notebook_fails_the_build(tmp_path):
    r = make_book(tmp_path, "raise RuntimeError('boom from a notebook')")
    assert r.returncode != 0
    assert "boom from a notebook" in r.stdout + r.stderr


def test_a_working_notebook_builds(tmp_path):
    r = make_book(tmp_path, "print(6 * 7)")
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    assert "42" in (tmp_path / "_build" / "html" / "page.html").read_text()
