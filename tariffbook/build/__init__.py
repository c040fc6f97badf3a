"""The build layer: everything `make book` does before and around Sphinx.

What belongs here: the executor that runs the book's notebooks ahead of Sphinx, only when their inputs changed
(executor); the generated pages and the country pages (pages); the data release and the 'what changed' page
(release); the notebooks' checked parameters (params); the outputs nbval checks (outputs). What does not: the
Sphinx extensions (tariffbook.sphinx), and anything a page shows (tariffbook.analysis, tariffbook.charts).

Typical use: `make book` runs `python -m tariffbook prepare-book` (pages.prepare) and then jupyter-book.
"""
