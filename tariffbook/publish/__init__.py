"""Publishing the book: everything `make book` does before and around Sphinx.

What belongs here: the executor that runs the book's notebooks ahead of Sphinx, only when their inputs changed
(executor); the generated pages and the country pages (pages); the data release and the 'what changed' page
(release); the outputs nbval checks (outputs); the PDF (pdf). What does not: what a notebook uses while it runs
(its parameters and glue: tariffbook.notebook), the Sphinx extensions (tariffbook.sphinx), and anything a page
shows (tariffbook.analysis, tariffbook.charts).

Typical use: `make book` runs `python -m tariffbook prepare-book` (pages.prepare) and then jupyter-book.
"""
