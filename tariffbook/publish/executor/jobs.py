"""What a book build executes: a Job for each executed page, and the notebook that produces its outputs.

The book's notebooks (notebooks/*.ipynb but the country template, and the MyST notebooks in book/), read exactly
as myst-nb reads them, and one page per country: the template, notebooks/country_profile.ipynb, with the country
injected as papermill would and only the cells meant for that country.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tariffbook.data.paths import REPO_ROOT, sha256
from tariffbook.domain import ARTICLE_PARTNERS
from tariffbook.publish.executor.kernels import KERNEL
from tariffbook.publish.executor.manifest import rel

NOTEBOOKS = REPO_ROOT / "notebooks"
TEMPLATE = NOTEBOOKS / "country_profile.ipynb"
COUNTRIES = REPO_ROOT / "book" / "countries"


@dataclass
class Job:
    """One execution of the book: a page and the notebook that produces its outputs.

    Attributes:
        name: the Sphinx docname: notebooks/timeline, book/intro, book/countries/JPN.
        source: the file it comes from (for messages and the cache record).
        nb: what is executed: the notebook, with parameters injected for a country page.
        cwd: where it runs: myst-nb runs a notebook in its folder; country pages run in book/countries/.
        country: the ISO3 code of a country page, else None.
    """

    name: str
    source: Path
    nb: nbformat.NotebookNode
    cwd: Path
    country: str | None = None

    @property
    def code(self) -> str:
        """sha256 of what execution depends on inside the notebook: kernel and code cells (not markdown)."""
        cells = [[c.source, c.metadata.get("tags", [])] for c in self.nb.cells if c.cell_type == "code"]
        kernel = self.nb.metadata.get("kernelspec", {}).get("name", KERNEL)
        return sha256(json.dumps([kernel, cells], sort_keys=True).encode())


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook exactly as myst-nb reads it (a MyST markdown notebook included), so cache records match."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(text, MdParserConfig(), add_source_map=True, path=str(path))


def book_sources() -> list[Path]:
    """The book's executed pages: notebooks/*.ipynb but the country template, and MyST notebooks in book/."""
    nbs = [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if p != TEMPLATE]
    myst = [p for p in sorted((REPO_ROOT / "book").glob("*.md")) if "```{code-cell}" in p.read_text(encoding="utf-8")]
    return nbs + myst


def book_jobs() -> list[Job]:
    """A job for each of the book's executed pages (book_sources)."""
    return [Job(rel(p.with_suffix("")), p, read_notebook(p), p.parent) for p in book_sources()]


ONLY_FOR = {"article-partners": ARTICLE_PARTNERS}
"""Cell tag -> the countries whose pages keep the cells so tagged: the "What came of it" section is on the pages
of the partners the source articles name only (a heading cannot come from a cell's output, so the section's
cells are left out of the other pages)."""


def page_cells(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """The template's cells a country's page keeps: those tagged for some countries only (ONLY_FOR) if it is one."""
    keep = [
        c for c in nb.cells if all(code in who for tag, who in ONLY_FOR.items() if tag in c.metadata.get("tags", []))
    ]
    nb.cells = keep
    return nb


def country_jobs(codes: list[str]) -> list[Job]:
    """A job for each country page: the country template with the country injected, as papermill would.

    A page keeps only the template's cells meant for it (page_cells).
    """
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    jobs = []
    for code in codes:  # as `papermill -p country CODE` would: the template, with an injected-parameters cell
        nb = parameterize_notebook(load_notebook_node(str(TEMPLATE)), {"country": code}, kernel_name=KERNEL)
        nb = page_cells(nb, code)
        for cell in nb.cells:  # papermill gives the injected cell a random id: keep pages byte-stable
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        jobs.append(Job(f"book/countries/{code}", TEMPLATE, nb, COUNTRIES, country=code))
    return jobs
