"""A clean build's log shows progress and problems only: no kernel warning on each of the 37 executions, no
"Excluded from execution" line for each of the 31 country pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tariffbook.publish.country_pages import executed_already
from tariffbook.publish.executor import kernels

JB = Path(sys.executable).parent / "jupyter-book"


def notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = list(cells)
    return nb


def test_the_executors_kernels_print_no_warning(tmp_path, capfd):
    nb = notebook(nbformat.v4.new_code_cell("print(6 * 7)"))
    out, _report, _seconds = kernels.execute(nbformat.writes(nb), str(tmp_path))
    assert nbformat.reads(out, as_version=4).cells[0].outputs[0]["text"] == "42\n"
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out
    assert "WARNING" not in captured.err


@pytest.mark.usefixtures("book_skeleton")
def test_an_executed_page_is_read_as_it_is_and_not_logged(tmp_path):
    """A country page, as tariffbook.publish.country_pages writes it, in a book with the project's _config.yml."""
    (tmp_path / "book" / "countries").mkdir(parents=True)
    toc = "format: jb-book\nroot: intro\nchapters:\n  - file: book/countries/JPN\n"
    (tmp_path / "_toc.yml").write_text(toc)
    (tmp_path / "intro.md").write_text("# Intro\n\nA page.\n")
    cell = nbformat.v4.new_code_cell("raise RuntimeError('executed by Sphinx')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="the stored output\n")]
    page = executed_already(notebook(nbformat.v4.new_markdown_cell("# Japan"), cell))
    nbformat.write(page, tmp_path / "book" / "countries" / "JPN.ipynb")
    r = subprocess.run(
        [str(JB), "build", "--all", "-W", "-n", "--keep-going", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = r.stdout + r.stderr
    assert r.returncode == 0, log[-3000:]
    assert "Excluded from execution" not in log and "Executing notebook" not in log
    assert "the stored output" in (tmp_path / "_build" / "html" / "book" / "countries" / "JPN.html").read_text()
