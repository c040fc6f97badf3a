"""Links to the downloads the site has: the PDF is linked only once `make pdf` has made it.

The front page and the method page offer the whole book as one PDF. `make book` alone does not make it, so their
source holds a slot (tariffbook.publish.pdf.PDF_SLOT) that becomes a link only when the file is in the site: after
the build if an earlier `make pdf` left it there, and at the end of `make pdf`.
"""

from __future__ import annotations

from pathlib import Path

from tariffbook.publish.pdf import link_pdf


def link_downloads(app, exception) -> None:
    """After an HTML build, link the PDF where pages offer it, if the site has it."""
    if exception is None and app.builder.format == "html":
        link_pdf(Path(app.outdir))


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("build-finished", link_downloads)
