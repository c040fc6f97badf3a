"""The outputs nbval checks: after an intended data change, `make refresh-outputs` stores them again.

Only the outputs of cells marked NBVAL_CHECK_OUTPUT are kept in git (tables and sentences with the book's
numbers); every other output (charts carry their whole dataset) is dropped, so notebooks stay small and their
diffs readable.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import nbformat
from tqdm import tqdm

from tariffbook import settings
from tariffbook.publish.executor.jobs import NOTEBOOKS
from tariffbook.publish.executor.kernels import KERNEL

CHECK_MARK = "NBVAL_CHECK_OUTPUT"
"""The comment that marks a cell whose stored output nbval compares with a fresh run."""


def refresh_checked_outputs(context: settings.BookContext, notebooks: list[Path] | None = None) -> list[Path]:
    """Re-execute the notebooks and store only the outputs of cells marked NBVAL_CHECK_OUTPUT.

    nbval compares those stored outputs with a fresh run, so a changed number is caught.

    Args:
        context: the book's context, read from the environment by the command line; the kernels draw charts as
            the book does (they call the site's vegaEmbed).
        notebooks: the notebooks to refresh (default: every notebook in notebooks/).

    Returns:
        The notebooks refreshed.
    """
    from nbclient import NotebookClient

    book = dataclasses.replace(context, charts_mode="book")
    env = {**os.environ, **book.environment()}
    paths = notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in tqdm(paths, desc="notebooks", unit="nb"):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(path.parent)}})
        client.execute(env=env)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if CHECK_MARK not in cell.source:
                cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
    return paths
