"""The book's Sphinx extension: `tariffbook.sphinx` in _config.yml, one setup() that connects every part.

What belongs here: changes to how Sphinx builds the pages that no template or configuration value can make,
one module per concern, each with a `connect(app)`:

- a11y: names the navigation tree's toggles for screen readers;
- downloads: links the PDF where pages offer it, once the site has it;
- embeds: a page of its own for every chart (embed/<name>.html) and the iframe code under each chart;
- countries: puts the country pages in the navigation in the order of their names;
- glossary: links each glossary term where it first appears on a page;
- icons: cuts Font Awesome's web fonts down to the icons the book shows (275 KB to a few KB);
- vega: loads the Vega bundle only on pages with a chart, and reserves each chart's height;
- lightpages: defers scripts, loads code-cell styles without blocking;
- rerun: a notebook's parameters cell in a closed 'Rerun with other values' box at the end of its page;
- meta: each page's description and Open Graph tags, and "Record checked through ..." under its title;
- incremental: tells Sphinx's incremental build what it cannot see (re-run notebooks, changed chrome).

What does not: anything that runs before Sphinx (tariffbook.publish). To add a tweak, write a module here with
its handlers and a `connect(app)`, and add it to PARTS: a change to any module in this folder makes the next
build rewrite every page (tariffbook.sphinx.incremental).
"""

from __future__ import annotations

from tariffbook.sphinx import (
    a11y,
    countries,
    downloads,
    embeds,
    glossary,
    icons,
    incremental,
    lightpages,
    meta,
    rerun,
    vega,
)

PARTS = (a11y, countries, downloads, embeds, glossary, icons, vega, meta, rerun, lightpages, incremental)
"""The parts, connected in this order (handlers of one event at the same priority run in this order)."""


def setup(app) -> dict:
    """Sphinx's entry point: connect every part's handlers.

    Returns:
        The extension's metadata: safe for parallel reading and writing; env_version changes when what the
        extension stores in the environment does.
    """
    for part in PARTS:
        part.connect(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
