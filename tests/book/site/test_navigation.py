"""Finding one's way: the pages the site has, the root page, links from the introduction to a country and back,
the sortable country index, the sidebar's countries by name, the front page's lede and links."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tariffbook.analysis.trade import trade_2024
from tariffbook.data.countries import country_name
from tests.helpers import PAGES, SITE, open_page


def test_site_has_the_expected_pages():
    assert "book/intro.html" in PAGES and "book/countries/index.html" in PAGES
    countries = [p for p in PAGES if p.startswith("book/countries/") and not p.endswith("index.html")]
    # at least the 14 letter countries plus Vietnam, the Philippines, India, Taiwan and China (issue 3)
    names = {Path(p).stem for p in countries}
    assert {
        "JPN",
        "KOR",
        "THA",
        "IDN",
        "MYS",
        "KHM",
        "LAO",
        "MMR",
        "BGD",
        "KAZ",
        "TUN",
        "SRB",
        "BIH",
        "ZAF",
        "VNM",
        "PHL",
        "IND",
        "TWN",
        "CHN",
    } <= names


def test_no_page_shows_an_error_output():
    """A cell whose display raised (a chart that could not be drawn) would show a traceback: the executor refuses
    it (tests/integration/test_executor.py), and no built page holds one."""
    shown = [p for p in PAGES if "output traceback" in (SITE / p).read_text(encoding="utf-8")]
    assert shown == []


def test_root_redirects_to_the_introduction(server, context):
    page, seen = open_page(context, f"{server}/index.html")
    page.wait_for_url("**/book/intro.html")
    assert page.locator("h1").first.inner_text().startswith("The US tariffs of 2025")
    assert seen["outside"] == []
    page.close()


def test_reader_can_go_from_intro_to_a_country_and_back(server, context):
    page, _ = open_page(context, f"{server}/book/intro.html")
    page.get_by_role("link", name="Countries").first.click()
    page.wait_for_url("**/book/countries/index.html")
    page.get_by_role("link", name="South Korea").first.click()
    page.wait_for_url("**/book/countries/KOR.html")
    assert page.locator("h1").first.inner_text().startswith("South Korea")
    page.get_by_role("link", name="tariffbook").first.click()
    page.wait_for_url("**/book/intro.html")
    page.close()


def test_country_index_is_sortable(server, context):
    page, seen = open_page(context, f"{server}/book/countries/index.html")
    table = page.locator("table.sortable")

    def first():
        return table.locator("tbody tr").first.locator("td").first.inner_text()

    names = table.locator("tbody tr td:first-child").all_inner_texts()
    assert first() == "Algeria" and names == sorted(names)  # alphabetical by default
    surplus = trade_2024().set_index("name")["surplus_bn"].reindex(names).dropna()
    table.locator("th button", has_text="Partner surplus").click()
    # the record's smallest partner surplus among these: the United Kingdom's (a US surplus of USD 11.3 billion)
    assert first() == surplus.idxmin() == "United Kingdom"
    table.locator("th button", has_text="Partner surplus").click()
    # ... and the largest China's (USD 295.4 billion, public-facts.md 1)
    assert first() == surplus.idxmax() == "China"
    assert table.locator("th[aria-sort=descending]").count() == 1
    assert seen["errors"] == []
    page.close()


def _sidebar_countries(path: str) -> list[str]:
    text = (SITE / path).read_text(encoding="utf-8")
    nav = text[text.index("bd-docs-nav") :]
    nav = nav[: nav.index("</nav>")]
    return [html.unescape(n) for n in re.findall(r'href="(?:countries/)?[A-Z]{3}\.html">([^<]+)<', nav)]


def test_country_pages_are_listed_by_name():
    """Issue 12: the sidebar listed the countries by ISO code (Switzerland between Canada and China)."""
    names = _sidebar_countries("book/intro.html")
    assert len(names) == len([p for p in PAGES if re.fullmatch(r"book/countries/[A-Z]{3}\.html", p)])
    assert names == sorted(names, key=str.casefold)


def test_front_page_has_a_lede_the_country_pages_and_the_downloads():
    """Issue 10: a lede with the story's numbers, links to every country page by name, the PDF next to the
    data release."""
    page = (SITE / "book/intro.html").read_text(encoding="utf-8")
    article = page[page.index('<article class="bd-article">') : page.index("</article>")]
    lede = re.sub(r"<[^>]+>", "", re.search(r"</h1>.*?(<p>.*?</p>)", article, re.S).group(1))
    # issue 19, item 1: the range and the count of Annex I (ALL.annex_i_rate_min/max, ALL.annex_i_countries)
    first = r"On \d+ April 2025 the United States announced tariffs of \d+% to \d+% on the \d+ trading partners"
    assert re.search(first + " listed in Annex I", lede), lede
    countries = [p for p in PAGES if re.fullmatch(r"book/countries/[A-Z]{3}\.html", p)]
    listed = re.findall(r'<a class="reference internal" href="countries/([A-Z]{3})\.html">', article)
    assert sorted(listed) == sorted(Path(p).stem for p in countries)
    names = [country_name(c) for c in listed]
    assert names == sorted(names, key=str.casefold)
    for page_ in ("book/intro.html", "book/method.html"):
        text = (SITE / page_).read_text(encoding="utf-8")
        assert 'href="../tariffbook-data.zip"' in text, page_
        # issue 19, item 10: the PDF is linked only when the site has it (make pdf); after make book alone, not
        assert ('href="../tariffbook.pdf"' in text) == (SITE / "tariffbook.pdf").is_file(), page_
        assert 'class="tb-pdf"' in text, page_
