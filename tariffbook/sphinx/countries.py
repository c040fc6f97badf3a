"""The country pages, in the order of their names: in the navigation, and as a list on any page that asks.

Each country page is named by its ISO3 code (book/countries/KOR.ipynb), and _toc.yml lists them with a glob,
which sorts by file name: Switzerland (CHE) came between Canada and China. A reader looks a country up by
name, so the glob's pages are put in the order of their names before Sphinx records the table of contents;
the sidebar, the country index's own list and the previous/next links all follow it.

The `country-list` directive writes a compact list of links to every country page the build has (the front
page uses it); a page that uses it is read again when the set of country pages changes (a preview build with
COUNTRIES=JPN,KOR has two).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from tariffbook.data.countries import country_name, is_iso3

FOLDER = "book/countries/"
"""Where the country pages are, as Sphinx names documents."""


def _code(docname: str) -> str:
    return docname.rsplit("/", 1)[-1]


def by_name(docnames) -> list[str]:
    """Country pages in the order of their countries' names; the docnames are ISO3 codes after a folder."""
    return sorted(docnames, key=lambda d: (country_name(_code(d)).casefold(), _code(d)))


def country_docs(found_docs) -> list[str]:
    """The country pages among a build's documents, by name."""
    return by_name(d for d in found_docs if d.startswith(FOLDER) and is_iso3(_code(d)))


def order_countries(app, doctree) -> None:
    """Sort each globbed table of contents whose pages are all country pages by the countries' names."""
    for toc in doctree.findall(addnodes.toctree):
        files = toc.get("includefiles") or []
        if not toc.get("glob") or not files or not all(is_iso3(_code(d)) for d in files):
            continue
        toc["includefiles"] = by_name(files)
        titles = {doc: title for title, doc in toc["entries"]}
        toc["entries"] = [(titles.get(doc), doc) for doc in toc["includefiles"]]


class CountryList(SphinxDirective):
    """`country-list`: a bullet list linking every country page of the build, by name.

    Its class, tariffbook-countries, lays it out in columns (the site's styles).
    """

    def run(self) -> list[nodes.Node]:
        """The list, with one link per country page."""
        env = self.env
        env.tariffbook_country_lists = getattr(env, "tariffbook_country_lists", set()) | {env.docname}
        items = nodes.bullet_list(classes=["tariffbook-countries"])
        for doc in country_docs(env.found_docs):
            ref = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget=f"/{doc}", refexplicit=True, refdoc=env.docname
            )
            ref += nodes.inline("", country_name(_code(doc)))
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        return [items]


def reread_lists(app, env, added, changed, removed) -> list[str]:
    """The pages with a country list, when the set of country pages changed since the last build."""
    now = country_docs(env.found_docs)
    before = getattr(env, "tariffbook_countries", None)
    env.tariffbook_countries = now
    if before is None or before == now:
        return []
    return sorted(getattr(env, "tariffbook_country_lists", set()) & env.found_docs)


def forget(app, env, docname) -> None:
    """A page read again says afresh whether it has a list."""
    env.tariffbook_country_lists = getattr(env, "tariffbook_country_lists", set()) - {docname}


def merge(app, env, docnames, other) -> None:
    """Parallel reading: gather which pages have a list."""
    mine = getattr(env, "tariffbook_country_lists", set())
    env.tariffbook_country_lists = mine | getattr(other, "tariffbook_country_lists", set())


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    # after sphinx-external-toc has put the toctree in the page (a transform), before Sphinx's own
    # TocTreeCollector reads it (doctree-read, priority 500)
    app.connect("doctree-read", order_countries, priority=400)
    app.connect("env-get-outdated", reread_lists)
    app.connect("env-purge-doc", forget)
    app.connect("env-merge-info", merge)
    app.add_directive("country-list", CountryList)
