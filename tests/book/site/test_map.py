"""The world map of the tariff-rate page (issue 22, item 4): drawn offline at first paint, at phone width, in dark
mode; its slider changes the map, the URL and the table under it."""

from __future__ import annotations

from tariffbook.charts.world import MAP_PARAM
from tests.book.site.js import LIVE
from tests.helpers import open_page

NAME = "world-headline-rate"
PATHS = f"() => document.querySelectorAll('#tb-{NAME} .tb-live svg.marks path').length"
ROWS = f"document.querySelector('caption[data-follows=\"{NAME}\"]').closest('table').querySelectorAll('tbody tr')"
SHOWN = f"() => [...{ROWS}].filter(r => !r.hidden).length"
FIRST_SHOWN = f"() => [...{ROWS}].find(r => !r.hidden)?.outerHTML"


def test_the_map_draws_offline_at_first_paint_on_a_phone_in_dark_mode(server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page, seen = open_page(ctx, f"{server}/notebooks/tariff_rates.html")
    figure = page.locator(f"#tb-{NAME}")
    figure.scroll_into_view_if_needed()
    # first paint: the exported image drawn for a dark phone, loaded and inside the screen
    image = figure.locator("img.tb-static.tb-narrow.tb-dark")
    image.evaluate("i => { i.loading = 'eager'; }")  # the page lets it load lazily, as the reader scrolls to it
    page.wait_for_function(f"() => document.querySelector('#tb-{NAME} img.tb-static.tb-narrow.tb-dark').naturalWidth")
    box = image.bounding_box()
    assert box["width"] > 300 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    for other in ("tb-wide.tb-light", "tb-wide.tb-dark", "tb-narrow.tb-light"):
        assert figure.locator(f"img.tb-static.{other}").bounding_box() is None, other  # not displayed
    # the reader moves the day: Vega draws every country, the URL keeps the day, the table follows it
    shown = page.evaluate(FIRST_SHOWN)
    slider = page.locator(f'.tb-controls[data-chart="{NAME}"] [data-param="{MAP_PARAM}"]')
    slider.focus()
    for _ in range(3):
        page.keyboard.press("PageDown")
    page.wait_for_function(LIVE)
    assert page.evaluate(PATHS) > 150  # the land of the world (Natural Earth's 110m countries, Antarctica left out)
    assert f"{MAP_PARAM}=" in page.url
    assert page.evaluate(SHOWN) > 10 and page.evaluate(FIRST_SHOWN) != shown
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert seen["errors"] == [] and seen["outside"] == []
    ctx.close()
