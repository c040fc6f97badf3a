"""A notebook's parameters as a reader can use them: a closed "Rerun with other values" box at the end of the page.

A chapter or country page is a notebook run with some values (the countries shown, the day); its parameters cell
is the one code cell a reader could want, but not as the first thing on the page. Each page's parameters cell (the
cell tagged `parameters`, or the cell papermill injected into a country page) moves to the end of the page, inside
a <details> box that says what the values are for and links the page that tells how to rerun a notebook. No
script is needed to open it.
"""

from __future__ import annotations

import html

from docutils import nodes

TAGS = ("tag_parameters", "tag_injected-parameters")
"""The classes myst-nb gives the cell of a notebook's parameters."""

RERUN_PAGE = "book/generated/rerun"
"""The page that lists every notebook's parameters and how to rerun it."""

SUMMARY = "Rerun with other values"
"""The box's label."""


def box_parameters(app, doctree, docname) -> None:
    """Move the page's parameters cells into a closed box at the end of the page."""
    cells = [n for n in doctree.findall(nodes.container) if any(t in n.get("classes", []) for t in TAGS)]
    if not cells:
        return
    href = html.escape(app.builder.get_relative_uri(docname, RERUN_PAGE))
    opening = (
        f'<details class="tb-rerun"><summary>{SUMMARY}</summary>'
        "<p>This page was computed from the record with the values below. To see it with others (another "
        "country, another day), run its notebook again with them: "
        f'<a href="{href}">how to rerun a page</a>. The controls on the charts change what they show without '
        "rerunning anything.</p>"
    )
    for cell in cells:
        cell.parent.remove(cell)
    doctree += [nodes.raw("", opening, format="html"), *cells, nodes.raw("", "</details>", format="html")]


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("doctree-resolved", box_parameters)
