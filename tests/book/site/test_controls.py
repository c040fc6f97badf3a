"""The chart controls, used from the keyboard in their own pages: each changes its chart and the URL, which
restores it; a theme switch with a resize redraws each chart once; the timeline's table follows the controls."""

from __future__ import annotations

import re

import pytest

from tests.book.site.js import DRAWING, DRAWS, LIVE, VALUES
from tests.helpers import open_page

CONTROLS = {
    "notebooks/tariff_rates.html": ("tariff-rates-by-stage", {"countries": "KOR", "as_of": ("PageDown", 1)}),
    "notebooks/timeline.html": ("timeline", {"countries": "JPN", "as_of": ("PageDown", 2)}),
    "notebooks/surpluses.html": ("trade-surpluses", {"top_n": ("ArrowLeft", 5), "highlighted": "CHN"}),
    "notebooks/reciprocal_formula.html": (
        "reciprocal-formula",
        {"floor": ("ArrowLeft", 5), "discount": ("ArrowLeft", 2)},
    ),
    "book/countries/JPN.html": ("japan-rate-in-force", {"as_of": ("PageDown", 2)}),
    "notebooks/after_the_ruling.html": ("duty-by-legal-basis", {"as_of": ("PageDown", 2)}),
    "notebooks/what_it_cost.html": ("effective-tariff-rate", {"start": ("PageUp", 2), "end": ("PageDown", 2)}),
}
"""Each page with controls, its chart, and for each control what the test does: check or uncheck a box
(a value), or press a key on a slider so many times (the left arrow moves it one step; Page Down a tenth of its
range, so the date sliders move a few weeks at a time, as a keyboard user would, not one redraw per day)."""


def _use(page, name: str, param: str, action) -> None:
    """Change one control from the keyboard: a slider moved left, a box ticked or unticked."""
    form = page.locator(f'.tb-controls[data-chart="{name}"]')
    control = form.locator(f'[data-param="{param}"]')
    if isinstance(action, tuple):
        key, times = action
        control.focus()
        for _ in range(times):
            page.keyboard.press(key)
        return
    summary = control.locator("summary")
    if summary.count():
        summary.focus()
        page.keyboard.press("Enter")  # the list opens
    control.locator(f'input[value="{action}"]').focus()
    page.keyboard.press("Space")


def _changed(page, name: str, before: str) -> str:
    page.wait_for_function(f"([n, b]) => ({DRAWING})(n) !== b", arg=[name, before], timeout=5000)
    return page.evaluate(DRAWING, name)


@pytest.mark.parametrize("path", CONTROLS)
def test_every_control_changes_the_chart_and_the_url_which_restores_it(server, context, path):
    """Issue 10: for each control of the page, used from the keyboard, the drawn chart changes and the page's URL
    records it; opening that URL shows the same controls and the same drawing. Dates read as dates."""
    name, actions = CONTROLS[path]
    page, seen = open_page(context, f"{server}/{path}")
    page.wait_for_function(LIVE)
    drawing = page.evaluate(DRAWING, name)
    assert drawing
    for param, action in actions.items():
        _use(page, name, param, action)
        drawing = _changed(page, name, drawing)
        assert f"{param}=" in page.url, (param, page.url)
    page.wait_for_function(LIVE)  # laid out again for the values chosen
    drawing = page.evaluate(DRAWING, name)
    for slider in page.locator(f'.tb-controls[data-chart="{name}"] input[data-kind="date"]').all():
        text = slider.get_attribute("aria-valuetext")
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", text), text  # "8 Jul 2025", never a day count
        assert page.locator(f"#{slider.get_attribute('id')}-out").inner_text() == text
    status = f'.tb-controls[data-chart="{name}"] .tb-status'
    page.wait_for_function(f"() => document.querySelector('{status}').textContent")  # what a screen reader hears
    values, url = page.evaluate(VALUES, name), page.url
    page.close()
    again, seen_again = open_page(context, url)
    again.wait_for_function(LIVE)
    assert again.evaluate(VALUES, name) == values
    assert again.evaluate(DRAWING, name) == drawing
    assert seen["errors"] == [] and seen_again["errors"] == []
    again.close()


def test_a_theme_switch_and_a_resize_together_draw_each_chart_once(server, context):
    """A reader who switches to dark mode as the box narrows (a phone turned) gets one redraw per chart, at the new
    width (tb-charts.js waits REDRAW_MS before a redraw); before, each chart was drawn twice, a few hundred ms of
    a phone's main thread each time."""
    page = context.new_page()
    page.add_init_script(DRAWS)
    page.goto(f"{server}/book/countries/KOR.html")
    page.wait_for_function(LIVE)
    charts, first = page.evaluate("[document.querySelectorAll('.tb-chart').length, window.tbDraws]")
    assert charts == 3 and first == charts  # trade flows, the rate in force, the duties by product group
    page.clock.install()  # the page's timers wait for the test: the resize comes well inside REDRAW_MS
    page.evaluate("() => { const h = document.documentElement; h.dataset.theme = 'dark'; h.dataset.mode = 'dark'; }")
    page.set_viewport_size({"width": 390, "height": 900})
    page.clock.run_for(1000)
    page.wait_for_function(LIVE, polling=100)
    page.clock.run_for(1000)
    page.wait_for_function(LIVE, polling=100)
    assert page.evaluate("window.tbDraws") - first == charts
    drawn = page.evaluate("[...document.querySelectorAll('.tb-chart')].map(e => [e.tbWidth, e.clientWidth])")
    assert all(width == box < 560 for width, box in drawn), drawn  # drawn at the narrow box's width
    page.close()


def test_timeline_table_and_sentence_follow_the_controls(server, context):
    """Issue 10: the table under the timeline shows the events of the countries and day chosen; its caption says
    how many."""
    page, _ = open_page(context, f"{server}/notebooks/timeline.html?as_of=2025-07-08&countries=JPN")
    page.wait_for_function(LIVE)
    caption = page.locator('caption[data-follows="timeline"]').inner_text()
    rows = page.locator("table.tariffbook-table tbody tr:not([hidden])")
    days = rows.evaluate_all("rs => rs.map(r => r.dataset.as_of)")
    assert days and max(days) <= "2025-07-08"
    assert caption.startswith(f"{len(days)} events announced or held by 8 Jul 2025 concerning Japan")
    page.close()
