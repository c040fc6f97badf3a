"""What a page makes a reader wait for (issue 5's light pages): nothing at first paint it does not need, late
styles that move nothing, icon fonts cut down to the icons shown."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

from tests.book.site.js import CLS
from tests.helpers import PAGES, SITE, open_page


def test_late_styles_move_nothing(server, browser):
    """Issue 10: the styles the page loads without blocking (tariffbook.sphinx.lightpages) can arrive late on a slow
    phone; when they do, nothing moves. A country page at 412 px with them held back 1 s: its layout shift stays
    under 0.01 (the copy button, styled by a late sheet, pushed the page down 46 px: 0.24 in Lighthouse)."""
    from tariffbook.sphinx.lightpages import NON_CRITICAL_CSS

    def late(route):
        time.sleep(1)
        route.continue_()

    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    context.add_init_script(CLS)
    for name in NON_CRITICAL_CSS:
        context.route(f"**/{name}*", late)
    page, seen = open_page(context, f"{server}/book/countries/KOR.html")
    page.wait_for_timeout(500)
    shift = page.evaluate("window.tbShift")
    context.close()
    assert shift < 0.01, shift
    assert seen["errors"] == []


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_only_what_readers_need(path):
    """Issue 5's light pages: no icon script, no search index, scripts deferred, few blocking stylesheets."""
    import re

    text = (SITE / path).read_text(encoding="utf-8")
    head = text[: text.index("</head>")]
    assert "fontawesome.js" not in text and "searchindex.js" not in text and "styles/theme.css" not in text
    blocking_js = [src for attrs, src in re.findall(r'<script([^>]*)src="([^"]+)"', head) if "defer" not in attrs]
    assert [s.split("/")[-1].split("?")[0] for s in blocking_js] == ["documentation_options.js"], blocking_js
    blocking_css = [tag for tag in re.findall(r"<link[^>]*stylesheet[^>]*>", head) if 'media="print"' not in tag]
    # chart pages also block on the charts' styles: they hold each chart box's height (no layout shift); pages
    # with a code cell on the copy buttons' (2 KB): a button unstyled at first paint moves the page (see
    # test_late_styles_move_nothing)
    assert len(blocking_css) <= 4 + ("tb-charts.css" in head) + ("copybutton.css" in head), blocking_css
    description = re.search(r'<meta name="description" content="([^"]+)"', head)
    assert description and len(description.group(1)) >= 40, path


def test_icons_come_from_fonts_cut_down_to_them(server, browser):
    """Font Awesome's full fonts (275 KB) came at first paint on a slow phone: the site serves fonts with only the
    icons its pages name (tariffbook.sphinx.icons), every one of them, and pages ask for nothing else."""
    from fontTools.ttLib import TTFont

    from tariffbook.sphinx import icons

    table = icons.characters((SITE / icons.THEME_CSS).read_text(encoding="utf-8"))
    shown = {name: table[name] for name in icons.named_icons(SITE) if name in table}
    assert {"fa-magnifying-glass", "fa-bars", "fa-github", "fa-moon", "fa-sun"} <= set(shown)
    fonts = {name: SITE / icons.FOLDER / name for name in icons.FONTS}
    have = set().union(*(TTFont(path).getBestCmap() for path in fonts.values()))
    assert {name for name, char in shown.items() if char not in have} == set()
    sizes = {name: path.stat().st_size for name, path in fonts.items()}
    assert max(sizes.values()) < 10_000, sizes

    fresh = browser.new_context()  # an empty cache: every font is requested
    page = fresh.new_page()
    requested = []
    page.on("request", lambda r: r.resource_type == "font" and requested.append(urlparse(r.url).path))
    page.goto(f"{server}/book/intro.html", wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")
    fresh.close()
    assert requested and all(f"/{icons.FOLDER}/" in path for path in requested), requested
