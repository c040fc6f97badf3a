"""Publishing the book: everything `make book` does before and around Sphinx.

What belongs here: the executor that runs the book's notebooks ahead of Sphinx, only when their inputs changed
(the executor package); the generated pages (pages, references) and the country pages (country_pages); the data
release (release, api) and the 'what changed' page (snapshots, history, changes); the outputs nbval checks
(outputs); the PDF (pdf). What does not: what a notebook uses while it runs (its parameters and glue:
tariffbook.notebook), the Sphinx extensions (tariffbook.sphinx), and anything a page shows (tariffbook.analysis,
tariffbook.charts).

Typical use: `make book` runs `python -m tariffbook prepare-book` (pages.prepare) and then jupyter-book.
"""
