"""What each page says about itself: its description, its Open Graph tags, and how current the record is.

- `<meta name="description">`: the page's first paragraph, after its title when the paragraph does not name
  it (the country pages share their template's first paragraph: the title names the country);
- Open Graph tags (og:title, og:description, og:type, og:url, og:site_name), so a shared link gets a preview;
  og:url is the page's address under the site's, which _config.yml sets once (`html: baseurl:`);
- "Record checked through <date>" under every page's title: the date through which the record was checked,
  read from the data (`tariffbook:horizon` in datapackage.json), so it follows the data; nothing when the
  data states no such date.

Goes with _templates/layout.html, which writes the tags.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from tariffbook import words
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import load_schema

HORIZON_KEY = "tariffbook:horizon"
"""The descriptor's key for the date through which the record was checked."""

DESCRIPTION_CHARS = 155
"""Search engines show about this many characters of a description."""

HOME_TYPE, PAGE_TYPE = "website", "article"
"""og:type of the home page and of every other page."""

SEARCH_PAGE = (
    "search",
    "Search",
    "Search every page of {site}: the chapters, the country pages, the method and data, the "
    "glossary and the references.",
)
"""The search page has no title and no text of its own in Sphinx's context: its name, title and description."""


def horizon(folder=None) -> dt.date | None:
    """The date through which the record was checked, as the data states it; None if it states none."""
    value = load_schema(data_dir(folder)).descriptor.get(HORIZON_KEY)
    return dt.date.fromisoformat(value) if value else None


def dateline(day: dt.date | None) -> str:
    """The line under each page's title: 'Record checked through 23 November 2026' (empty without a date)."""
    if day is None:
        return ""
    return (
        f'<p class="tariffbook-dateline">Record checked through '
        f'<time datetime="{day.isoformat()}">{words.day(day)}</time></p>'
    )


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def description(body: str, title: str) -> str:
    """The page's first paragraph of some length, preceded by its title if the paragraph does not name it."""
    for para in re.findall(r"<p>(.*?)</p>", body, flags=re.S):
        text = _text(para)
        if len(text) >= 40:
            if title and title.lower() not in text.lower():
                text = f"{title}: {text}"
            return _shorten(text)
    return _shorten(title)


def open_graph(context: dict, site_name: str, is_home: bool) -> list[tuple[str, str]]:
    """The page's Open Graph properties, in order; og:url only when the site's address is configured."""
    props = [
        ("og:title", context["tariffbook_title"]),
        ("og:description", context["tariffbook_description"]),
        ("og:type", HOME_TYPE if is_home else PAGE_TYPE),
    ]
    if context.get("pageurl"):
        props.append(("og:url", context["pageurl"]))
    props.append(("og:site_name", site_name))
    return props


def describe_page(app, pagename, templatename, context, doctree) -> None:
    """Set the page's description and Open Graph tags, and put the record's date under its title."""
    body = context.get("body") or ""
    title = _text(context.get("title") or "")
    site_name = app.config.html_title or app.config.project
    if pagename == SEARCH_PAGE[0]:
        title, body = SEARCH_PAGE[1], f"<p>{SEARCH_PAGE[2].format(site=site_name)}</p>"
    context["tariffbook_title"] = title or site_name
    context["tariffbook_description"] = description(body, title)
    context["tariffbook_og"] = open_graph(context, site_name, pagename == app.config.root_doc)
    line = dateline(app.config.html_context.get("tariffbook_horizon"))
    if line and "</h1>" in body:
        context["body"] = body.replace("</h1>", "</h1>\n" + line, 1)


def read_horizon(app, config) -> None:
    """Read the record's date once per build, into the configuration (a change rewrites every page)."""
    config.html_context = {**config.html_context, "tariffbook_horizon": horizon()}


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("config-inited", read_horizon)
    app.connect("html-page-context", describe_page, priority=800)  # before lightpages (900); after vega (500)
