"""A chart in someone else's page (issue 22, item 2): the embed page inside an iframe of a host page, in Chromium.

The host page is written here (page.set_content); its iframe loads embed/<name>.html from the built site, with the
state in the URL, at a phone's width and a desktop's. The chart draws live, offline, as wide as its frame and no
wider, with the controls the URL set; the reader's dark setting (or ?theme=dark) is followed. A hostile or
out-of-range query string changes nothing and runs nothing: no dialog, no console error, the controls in range.
"""

from __future__ import annotations

import pytest

from tests.book.site.js import DRAWING, LIVE, VALUES
from tests.helpers import SITE, watch

CHART = "effective-tariff-rate"
"""A chart with two date controls (the chapter on what the tariffs cost)."""

DAYS = f"""() => Object.fromEntries(
  [...document.querySelectorAll('.tb-controls[data-chart="{CHART}"] input[data-kind=date]')]
    .map(c => [c.dataset.param, c.getAttribute('aria-valuetext')]))"""
"""The date each slider shows, in words."""


def _host(context, server: str, query: str, width: int, scheme: str = "light"):
    """A page of another site with the embed code in an article, at `width` px; returns (page, frame, seen)."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 1100})
    page.emulate_media(color_scheme=scheme)
    seen = watch(page)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    seen["dialogs"] = dialogs
    src = f"{server}/embed/{CHART}.html{query}"
    page.set_content(
        "<!DOCTYPE html><html><body style='margin:0'><article style='max-width:700px;margin:auto;padding:0 8px'>"
        f"<p>A journalist's article.</p><iframe id='tb' src='{src}' title='chart' width='100%' height='900'"
        " style='border:0'></iframe></article></body></html>"
    )
    frame = page.frame_locator("#tb")
    frame.locator(f"#tb-{CHART}").wait_for()
    inner = page.frame(url=lambda u: "/embed/" in u)
    inner.wait_for_function(LIVE, timeout=15000)
    return page, inner, seen


def test_every_chart_has_an_embed_page():
    charts = {p.stem for p in (SITE / "_static" / "charts").glob("*.svg") if "." not in p.stem}
    pages = {p.stem for p in (SITE / "embed").glob("*.html")}
    assert charts <= pages, sorted(charts - pages)[:5]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_chart_draws_in_an_iframe_with_its_state_from_the_url(server, context, width):
    page, frame, seen = _host(context, server, "?start=2025-03-01&end=2025-12-31", width)
    assert frame.evaluate(DAYS) == {"start": "1 Mar 2025", "end": "31 Dec 2025"}
    assert frame.evaluate(DRAWING, CHART)  # drawn live, not only its static image
    sizes = frame.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('.tb-live svg').getBoundingClientRect().width]"
    )
    scroll, box, drawn = sizes
    assert scroll <= box and drawn <= box, sizes  # as wide as the frame, nothing sideways
    assert drawn > box * 0.8, sizes
    assert seen["errors"] == [] and seen["outside"] == [] and seen["dialogs"] == []
    page.close()


def test_the_embed_follows_the_readers_dark_setting_or_the_query(server, context):
    page, frame, _ = _host(context, server, "", 390, scheme="dark")
    assert frame.evaluate("document.documentElement.dataset.theme") == "dark"
    page.close()
    page, frame, _ = _host(context, server, "?theme=dark", 1280, scheme="light")
    assert frame.evaluate("document.documentElement.dataset.theme") == "dark"
    page.close()


@pytest.mark.parametrize(
    "query",
    [
        "?start=<script>alert(1)</script>&end=javascript:alert(2)",
        "?start=2099-01-01&end=1900-01-01&theme=<img src=x onerror=alert(3)>",
        "?end=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(4)%3E&on=__proto__&constructor=1",
    ],
)
def test_a_hostile_or_out_of_range_query_changes_nothing_and_runs_nothing(server, context, query):
    page, frame, seen = _host(context, server, query, 1280)
    values = frame.evaluate(VALUES, CHART)  # a slider's value is a day's number in the series
    assert all(0 <= int(v) <= 433 for v in values.values()), values  # 1 Jan 2025 to 10 Mar 2026
    assert all(d and d[-4:] in ("2025", "2026") for d in frame.evaluate(DAYS).values())
    assert frame.evaluate(DRAWING, CHART)
    assert frame.evaluate("document.documentElement.dataset.theme") in ("light", "dark")
    assert frame.evaluate("document.querySelectorAll('[onerror]').length") == 0  # no markup from the query
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["outside"] == []
    page.close()
