"""What each page says about itself (issue 12): title, description and preview, how current the record is, the
repository; and prose written for readers, not for the book's authors."""

from __future__ import annotations

import html
import re

import pytest

from tariffbook.data.countries import country_name
from tariffbook.data.paths import REPO_ROOT
from tariffbook.sphinx.meta import horizon
from tests.helpers import PAGES, SITE


def _config() -> dict:
    import yaml

    return yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))


def _head(path: str) -> str:
    text = (SITE / path).read_text(encoding="utf-8")
    return text[: text.index("</head>")]


def _meta(head: str, attr: str, name: str) -> str | None:
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', head)
    return html.unescape(found.group(1)) if found else None


def test_every_page_has_its_own_title_description_and_preview():
    """A proper <title>, a description of its own (the 31 country pages shared one), and Open Graph tags
    whose og:url is the page's address under the site's (configured once, in _config.yml)."""
    base = _config()["html"]["baseurl"]
    descriptions = {}
    for path in PAGES:
        head = _head(path)
        title = html.unescape(re.search(r"<title>(.*?)</title>", head, re.S).group(1))
        name, _, site = title.rpartition(" \u2014 ")
        assert name and name != site, (path, title)
        descriptions[path] = _meta(head, "name", "description")
        assert _meta(head, "property", "og:title") == name, path
        assert _meta(head, "property", "og:description") == descriptions[path], path
        assert _meta(head, "property", "og:type") == ("website" if path == "book/intro.html" else "article")
        assert _meta(head, "property", "og:url") == base + path, path
        assert _meta(head, "property", "og:site_name") == site, path
    shared = {d for d in descriptions.values() if list(descriptions.values()).count(d) > 1}
    assert not shared, shared
    assert country_name("KOR") in descriptions["book/countries/KOR.html"]
    search = _head("search.html")  # no title or text in Sphinx's context: it has its own
    assert _meta(search, "property", "og:title") == "Search" and len(_meta(search, "name", "description")) > 40


def test_home_page_has_a_real_title():
    head = _head("book/intro.html")
    assert "<title>tariffbook &#8212; tariffbook</title>" not in head
    page = (SITE / "book/intro.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>The US tariffs of 2025", page)


def test_every_page_says_how_current_the_record_is():
    """Issue 9: 'Record checked through <date>' under every page's title, the date read from the data;
    nothing when the data states no such date."""
    day = horizon()
    for path in PAGES:
        text = (SITE / path).read_text(encoding="utf-8")
        if day is None:
            assert "Record checked through" not in text, path
        else:
            line = f'Record checked through <time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>'
            assert line in text, path


def test_site_links_its_repository():
    """Issue 12: "Rerun it" tells readers to run commands from the repository's root: every page links it."""
    url = _config()["repository"]["url"]
    for path in PAGES:
        assert f'href="{url}"' in (SITE / path).read_text(encoding="utf-8"), path


TEAM_PHRASES = (
    "Both source articles",
    "is this notebook",
    "run with papermill",
    "built without AS_OF",
    "dataset holds",
    "country-profile notebook",
    "source articles",
    "The dataset has",
    "the dataset records",
    "in the dataset",
)
"""Phrases written for the book's authors, not its readers (issue 12)."""


@pytest.mark.parametrize("path", PAGES)
def test_pages_speak_to_readers(path):
    text = (SITE / path).read_text(encoding="utf-8")
    article = re.sub(r"<[^>]+>", " ", text[text.index('<article class="bd-article">') : text.index("</article>")])
    for phrase in TEAM_PHRASES:
        assert phrase not in article, (path, phrase)
