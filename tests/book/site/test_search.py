"""Search: one search box on every page's visit; the visit of the search page with a query (its results and
their snippets); the field on the search page; the search index, loaded on that page only."""

from __future__ import annotations

import re

import pytest

from tests.helpers import QUERY, SEARCH, SITE, open_page


def test_page_has_one_search_box(visit):
    """Issue 12: one search box on a wide screen and on a phone, not one in a top bar and one in the sidebar."""
    assert [visit.search_boxes, visit.phone["search_boxes"]] == [1, 1]


@pytest.mark.parametrize("visit", [SEARCH], indirect=True)
def test_search_lists_the_pages_that_contain_the_query(visit):
    """Issue 12: search works (it threw `_ready is not defined`): the query lists the pages that name it."""
    found = {r.split("#")[0].split("?")[0] for r in visit.results}
    assert "notebooks/japan_negotiations.html" in found, visit.results
    for path in found:
        assert QUERY.lower() in (SITE / path).read_text(encoding="utf-8").lower(), path


@pytest.mark.parametrize("visit", [SEARCH], indirect=True)
def test_search_snippets_read_as_the_pages_do(visit):
    """The snippet under each result is the page's text, without the labels of the buttons above the article
    ("Color mode") and with a table's cells apart (they ran together: "talksHeldThe Japan News")."""
    snippets = visit.body.split("matching the search query.", 1)[1]
    assert QUERY in snippets
    assert "Color mode" not in snippets
    assert not re.search(r"[a-z](Held|Announced|Signed)[A-Z]", snippets), snippets[:2000]


def test_search_fields_magnifier_sits_before_its_text(server, context):
    """Issue 12: on the search page the magnifier covered the field's placeholder ('Search this book...')."""
    page, _ = open_page(context, f"{server}/search.html")
    fields = page.evaluate(
        """() => [...document.querySelectorAll('form.bd-search')].filter(f => f.offsetParent).map(f => {
          const icon = f.querySelector('.fa-magnifying-glass').getBoundingClientRect();
          const input = f.querySelector('input');
          return [icon.right, input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft)];
        })"""
    )
    page.close()
    assert fields and all(icon_right <= text_left + 0.5 for icon_right, text_left in fields), fields


def test_search_page_still_loads_the_index():
    text = (SITE / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in text and "searchtools.js" in text
