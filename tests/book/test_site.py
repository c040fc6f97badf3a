"""The built site in headless Chromium (Debian's), with every host but 127.0.0.1 unresolvable.

Each page is loaded once (two pages at a time, each in a Chromium of its own: the `pages` fixture) and every page
check runs on that load: each chart draws, at the height the page reserved for it; no Altair error text, no console
errors, no request leaving 127.0.0.1; every chart has its sources, downloads, citation and data table; axe-core finds
no accessibility violation; one search box; then, on the same load, in dark mode at a phone's width nothing scrolls
sideways and axe-core still finds nothing; then, with JavaScript off, each chart's static image. The search page is
one of the pages visited, with a query, and its results are checked. Interaction tests (the chart controls,
navigation, sorting) load their own pages.
Needs `make book` first (make test runs it)."""

from __future__ import annotations

import csv
import html
import io
import queue
import re
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tariffbook.data.countries import country_name
from tariffbook.data.paths import CHARTS, REPO_ROOT
from tariffbook.sphinx.meta import horizon
from tests.helpers import ARGS, CHROMIUM, PAGES, SITE, open_page, watch

QUERY = "Akazawa"
"""Japan's negotiator: named in the prose of the Japan negotiations page and in Japan's events."""
SEARCH = f"search.html?q={QUERY}"
VISITED = [*PAGES, SEARCH]
"""Every page of the book, and the search page with a query."""

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIVE = "() => window.tbCharts ? window.tbCharts.settled().then(() => true) : true"
"""Wait until every chart of the page is live and done redrawing (after a theme switch or a resize)."""
# Everything a page check needs from the DOM, in one round trip once the charts have drawn.
COLLECT = """() => {
  const charts = [...document.querySelectorAll('.tariffbook-chart')];
  const figures = [...document.querySelectorAll('figure.tariffbook-figure')].map(f => ({
    hrefs: [...f.querySelectorAll('figcaption a')].map(a => a.href),
    citation: (f.querySelector('.tariffbook-citation') || {}).textContent || '',
    rows: f.querySelectorAll('details table tbody tr').length,
  }));
  const wide = document.documentElement.clientWidth >= 992;
  return {
    charts: charts.length,
    drawn: charts.filter(d => d.querySelector('.tb-live svg.marks')).length,
    // the box's reserved height (from the exported SVG) against the live chart's, and their widths
    reserved: charts.map(d => {
      const svg = d.querySelector('.tb-live svg.marks'), box = d.getBoundingClientRect();
      const css = parseFloat(getComputedStyle(d).getPropertyValue(box.width < 560 ? '--tb-h-narrow' : '--tb-h'));
      return [d.dataset.chart, css, svg ? svg.getBoundingClientRect().height : 0, box.width,
              svg ? svg.getBoundingClientRect().width : 0];
    }),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    // text of a live chart drawn outside its box (a legend or label cut off at the box's edge)
    clipped: charts.flatMap(d => { const box = d.getBoundingClientRect();
      return [...d.querySelectorAll('.tb-live svg text')].filter(t => {
        const r = t.getBoundingClientRect();
        return t.textContent.trim() && r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1); })
        .map(t => `${d.dataset.chart}: ${t.textContent.slice(0, 40)}`); }),
    shift: window.tbShift || 0,
    figures_before: window.tbFigures || [],
    figures_after: [...document.querySelectorAll('figure.tb-figure')].map(f => f.getBoundingClientRect().height),
    body: document.body.innerText,
    figures: figures,
    results: [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.getAttribute('href')),
    search_boxes: [...document.querySelectorAll('.search-button-field, button.search-button, form.bd-search')]
      .filter(e => e.offsetParent !== null && !e.closest('.bd-search-container, dialog')).length,
  };
}"""
SEARCH_DONE = """() => /finished|did not match/i.test(
    (document.querySelector('#search-results .search-summary') || {}).textContent || '')"""
CLS = """window.tbShift = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) window.tbShift += e.value; })).observe({type: 'layout-shift', buffered: true});
document.addEventListener('DOMContentLoaded', () => { window.tbFigures =
  [...document.querySelectorAll('figure.tb-figure')].map(f => f.getBoundingClientRect().height); });"""
"""From the page's start (an init script): its cumulative layout shift, and each chart figure's height when the
HTML has been read (before any image or script has arrived)."""
AXE_RUN = """async (rules) => (await axe.run(document, rules ? {resultTypes: ['violations'],
    runOnly: {type: 'rule', values: rules}} : {resultTypes: ['violations']})).violations
    .map(v => `${v.id} (${v.nodes.length}): ${v.help} at `
              + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))"""
"""axe-core on the page: every rule, or only the rules given."""
AFTER_SWITCH = ["color-contrast", "link-in-text-block", "scrollable-region-focusable"]
"""The rules whose outcome a switch to dark mode and a phone's width can change (colours, and what scrolls): the
rules of the light run (WCAG A and AA; the AAA contrast rule is off in both)."""
TAB_STOPS = """() => [...document.querySelectorAll('.pst-scrollable-table-container')]
  .every(e => e.scrollWidth <= e.clientWidth || e.tabIndex === 0)"""
"""Whether every table box that scrolls has its tab stop (pydata-sphinx-theme sets them)."""
CONTRAST = """() => {
  // axe-core does not check the text of SVG charts: every live chart's text against the page (WCAG ratio)
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const bg = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
      if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const low = [];
  document.querySelectorAll('.tb-live svg text').forEach(t => {
    const st = getComputedStyle(t);
    if (!t.textContent.trim() || parseFloat(t.getAttribute('opacity') || st.opacity) < 1) return;
    const a = lum(st.fill), b = lum(bg(t.closest('.tb-chart')));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${t.textContent.slice(0, 30)}: ${ratio.toFixed(2)}`);
  });
  return low;
}"""
STATIC = """() => [...document.querySelectorAll('.tariffbook-chart')].map(d =>
  [...d.querySelectorAll('img.tb-static')].filter(i => i.offsetWidth > 0 && i.complete && i.naturalWidth > 0).length)"""
"""With JavaScript off: how many static images each chart box shows (one each)."""
WANT_CHARTS = {
    "book/intro.html": 1,
    "notebooks/timeline.html": 1,
    "notebooks/surpluses.html": 3,
    "notebooks/tariff_rates.html": 2,
    "notebooks/reciprocal_formula.html": 1,
    "notebooks/japan_negotiations.html": 1,
    "notebooks/after_the_ruling.html": 3,
    "book/countries/JPN.html": 2,
}
"""The chart pages of issue 3, each with its charts: a page that silently lost a chart fails."""


@dataclass
class Visit:
    """What one load of one page showed: at 1280 px in light mode, then in dark mode at 390 px, and (in a
    context with JavaScript off) the static images."""

    path: str
    charts: int
    drawn: int
    reserved: list
    overflow: int
    clipped: list
    shift: float
    figures_before: list
    figures_after: list
    body: str
    figures: list
    results: list
    search_boxes: int
    errors: list
    outside: list
    violations: list
    phone: dict
    static: list


WORKERS = 2
"""Pages checked at once, each worker in a Chromium of its own. (One Chromium loading the next page while it
checked this one made both slower: the visits took twice as long.)"""


def _check(tab, seen: dict, nojs, server: str, path: str) -> Visit:
    """Load the page in the worker's tab, wait for its charts, collect what the checks read, run axe-core; then
    the same in dark mode on a phone. Then load it in the tab with JavaScript off and count its chart images.

    Each worker loads page after page in the same two tabs: a new tab for each page started a renderer process
    each time, a third of the visits' CPU time (measured on ten pages: 32 core-seconds, 21 in one tab). Each load
    is a new document (the dark mode and the layout-shift count start again); the tab is set back to 1280 px
    first, and what it logged is cleared.
    """
    for found in seen.values():
        found.clear()
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(f"{server}/{path}", wait_until="commit")
    tab.wait_for_load_state("load")
    tab.wait_for_function(LIVE, timeout=15000)
    if path == SEARCH:
        tab.wait_for_function(SEARCH_DONE, timeout=15000)
    dom = tab.evaluate(COLLECT)
    violations = tab.evaluate(AXE_RUN, None)
    phone = _phone_dark(tab)
    static = []
    if "tb-static" in (SITE / path.split("?")[0]).read_text(encoding="utf-8"):
        nojs.goto(f"{server}/{path}", wait_until="load")
        static = nojs.evaluate(STATIC)
    return Visit(
        path=path,
        errors=list(seen["errors"]),
        outside=list(seen["outside"]),
        violations=violations,
        phone=phone,
        static=static,
        **dom,
    )


def _worker(server: str, todo: queue.Queue, visits: dict[str, Future]) -> None:
    """Check pages from the queue, in a Chromium of this thread's own (Playwright's objects belong to the thread
    that made them): one tab in a context with axe-core added to every page, and one tab with JavaScript off.
    After a page whose check failed, both tabs are replaced, so nothing of it reaches the next page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(path=str(AXE))  # axe-core in every page, parsed while the page loads
        context.add_init_script(CLS)
        nojs = browser.new_context(viewport={"width": 390, "height": 900}, java_script_enabled=False)
        tab = plain = None
        try:
            while (path := todo.get()) is not None:
                future = visits[path]
                if not future.set_running_or_notify_cancel():  # the module's tests are over
                    continue
                if tab is None:
                    tab, plain = context.new_page(), nojs.new_page()
                    seen = watch(tab)
                try:
                    future.set_result(_check(tab, seen, plain, server, path))
                except BaseException as exc:  # handed to the tests of that page
                    future.set_exception(exc)
                    tab.close()
                    plain.close()
                    tab = plain = None
        finally:
            browser.close()


@pytest.fixture(scope="module")
def pages(server):
    """Every page's visit, checked in the background by WORKERS threads in the order of VISITED, so the page
    checks read each visit as soon as it is done."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: `make test` installs it with npm ci")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make chromium` installs Debian's chromium")
    visits: dict[str, Future] = {path: Future() for path in VISITED}
    todo: queue.Queue = queue.Queue()
    for path in [*VISITED, *[None] * WORKERS]:
        todo.put(path)
    threads = [
        threading.Thread(target=_worker, args=(server, todo, visits), name=f"visits-{i}", daemon=True)
        for i in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    yield visits
    for path in VISITED:  # nothing left for the workers to start; let them close their browsers
        visits[path].cancel()
    for thread in threads:
        thread.join(timeout=60)


def _phone_dark(page) -> dict:
    """The same page switched to dark mode and narrowed to a 390 px phone: overflow, chart fit, contrast, axe."""
    page.evaluate("() => { const h = document.documentElement; h.dataset.theme = 'dark'; h.dataset.mode = 'dark'; }")
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_function(LIVE)
    page.wait_for_timeout(100)  # one frame for the theme's own styles
    # the theme gives what now scrolls (a table wider than a phone) a tab stop 300 ms after the resize
    # (pydata-sphinx-theme debounces it), as for a reader who turns a tablet: wait for it where it is due
    page.wait_for_function(TAB_STOPS, timeout=3000)
    page.wait_for_function(LIVE)
    dom = page.evaluate(COLLECT)
    return {
        "overflow": dom["overflow"],
        "clipped": dom["clipped"],
        "reserved": dom["reserved"],
        "search_boxes": dom["search_boxes"],
        "contrast": page.evaluate(CONTRAST),
        "violations": page.evaluate(AXE_RUN, AFTER_SWITCH),
    }


@pytest.fixture(scope="module", params=VISITED)
def visit(request, pages) -> Visit:
    """What one load of the page showed (checked by a worker of `pages`)."""
    return pages[request.param].result(timeout=300)


def test_page_draws_every_chart_offline(visit):
    assert visit.drawn == visit.charts
    for text in ("Chart not drawn", "Chart failed", "Error loading script"):
        assert text not in visit.body


def test_page_reserves_each_chart_its_height(visit):
    """Issue 10: each live chart has the height of the static image it replaced, in its box's width, at 1280 px
    and on a phone: the text below does not move (no layout shift)."""
    for name, reserved, drawn, box, width in visit.reserved + visit.phone["reserved"]:
        assert abs(reserved - drawn) <= 2, (visit.path, name, reserved, drawn)
        assert width <= box + 1, (visit.path, name, box, width)


def test_charts_do_not_move_the_page(visit):
    """Issue 10: each chart's figure has its final height as soon as the HTML is read: its static image paints
    in a box of the right size, and the live chart replaces it in the same box, so nothing below it moves.
    (visit.shift is the page's cumulative layout shift; other parts of the page can shift it too.)"""
    assert visit.figures_before == visit.figures_after, visit.path


def test_page_shows_every_chart_without_javascript(visit):
    """Issue 10: with JavaScript off a reader sees one static image of each chart Vega draws with it on."""
    assert visit.static == [1] * visit.drawn, visit.path


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


def test_page_fits_a_phone(visit):
    """Issue 10: at 390 px nothing runs off the screen: the page does not scroll sideways."""
    assert visit.phone["overflow"] <= 0, visit.path


def test_chart_text_stays_in_its_box(visit):
    """No chart's text (a legend entry, a label, a note) is drawn past its box's edge, where the page cuts it off:
    at 1280 px, and on a phone (the trade chart's legend ran off a 342 px box after 'South Korea')."""
    assert visit.clipped == [], visit.path
    assert visit.phone["clipped"] == [], visit.path


def test_page_has_no_accessibility_violations_in_dark_mode(visit):
    """axe-core finds nothing in dark mode either, and every chart's text has 4.5:1 contrast against the page
    (axe does not look inside SVG)."""
    assert visit.phone["violations"] == []
    assert visit.phone["contrast"] == [], visit.path


def test_page_has_no_console_errors(visit):
    assert visit.errors == []


def test_page_requests_nothing_outside(visit):
    assert visit.outside == []


def test_page_has_no_accessibility_violations(visit):
    """axe-core (npm, run in Debian's Chromium): 0 violations on every page of the built site."""
    assert visit.violations == []


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


def _site_file(href: str) -> Path:
    return SITE / urlparse(href).path.lstrip("/")


def test_every_chart_has_sources_downloads_and_a_citation(visit):
    """Issue 4: under every chart, its source line linked to the references page, a CSV of its rows, PNG and
    SVG exports and a citation; every link resolves in the built site."""
    refs = (SITE / "book" / "generated" / "references.html").read_text(encoding="utf-8")
    assert len(visit.figures) == visit.charts
    for fig in visit.figures:
        files = [h for h in fig["hrefs"] if f"/{CHARTS}/" in h]
        assert sorted(h.rsplit(".", 1)[1] for h in files) == ["csv", "png", "svg"], visit.path
        for h in files:  # the static server serves what is on disk
            assert _site_file(h).is_file() and _site_file(h).stat().st_size > 100, h
        csv_file = _site_file(next(h for h in files if h.endswith(".csv")))
        header = next(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
        assert header.count("source_id") == 1, visit.path
        sources = [h for h in fig["hrefs"] if "references.html#src-" in h]
        assert sources, visit.path
        for h in sources:
            assert f'id="{h.rsplit("#", 1)[1]}"' in refs, h
        assert fig["citation"].strip()
        assert fig["rows"] >= 1


def _chart_count(path: str) -> int:
    return (SITE / path).read_text(encoding="utf-8").count('class="tariffbook-chart tb-chart"')


def test_chart_pages_have_charts():
    for path, n in WANT_CHARTS.items():
        assert _chart_count(path) == n, path
    assert sum(_chart_count(p) for p in PAGES) >= 40


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


def test_data_downloads_are_in_the_site(server, context):
    page, _ = open_page(context, f"{server}/book/method.html")
    links = page.locator("a.download").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    names = sorted(Path(h).name for h in links)
    assert names == ["datapackage.json", "events.csv", "figures.csv", "sources.csv"]
    for h in links:
        assert page.request.get(f"{server}/book/{h}").ok
    page.close()


def test_no_cdn_anywhere():
    for f in SITE.rglob("*"):
        if f.suffix in (".html", ".js", ".css"):
            text = f.read_text(encoding="utf-8", errors="ignore")
            for host in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
                assert host not in text, f"{f.relative_to(SITE)} names {host}"


DRAWING = """(name) => {
  const svg = document.querySelector(`#tb-${name} .tb-live svg.marks`);
  if (!svg) return null;
  const attrs = ['d', 'transform', 'x', 'y', 'opacity', 'fill-opacity', 'stroke-opacity', 'fill'];
  return [...svg.querySelectorAll('path, text, line, rect')]
    .map(e => e.tagName + attrs.map(a => e.getAttribute(a) || '').join(',') + e.textContent).sort().join('|');
}"""
"""A chart's drawing, as its marks sorted (Vega may draw the same marks in another order)."""
VALUES = """(name) => Object.fromEntries(
  [...document.querySelectorAll(`.tb-controls[data-chart="${name}"] [data-param]`)].map(c => [c.dataset.param,
    c.dataset.kind === 'list' ? [...c.querySelectorAll('input:checked')].map(b => b.value).join(',') : c.value]))"""
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


DRAWS = """window.tbDraws = 0; new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
  if (n.nodeType === 1 && (n.matches('svg.marks') || n.querySelector('svg.marks'))) window.tbDraws++; })))
  .observe(document, {childList: true, subtree: true});"""
"""Count the charts drawn on the page (each draw adds a new SVG)."""


def test_a_theme_switch_and_a_resize_together_draw_each_chart_once(server, context):
    """A reader who switches to dark mode as the box narrows (a phone turned) gets one redraw per chart, at the new
    width (tb-charts.js waits REDRAW_MS before a redraw); before, each chart was drawn twice, a few hundred ms of
    a phone's main thread each time."""
    page = context.new_page()
    page.add_init_script(DRAWS)
    page.goto(f"{server}/book/countries/KOR.html")
    page.wait_for_function(LIVE)
    charts, first = page.evaluate("[document.querySelectorAll('.tb-chart').length, window.tbDraws]")
    assert charts == 2 and first == charts
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


def test_data_release_zip_manifest_and_citation():
    import hashlib
    import json
    import subprocess
    import zipfile

    manifest = json.loads((SITE / "MANIFEST.json").read_text())
    assert (SITE / "CITATION.cff").read_text() == (REPO_ROOT / "CITATION.cff").read_text()
    with zipfile.ZipFile(SITE / "tariffbook-data.zip") as z:
        members = {n: z.read(n) for n in z.namelist()}
    from tariffbook.publish.release import resource_files

    others = resource_files(REPO_ROOT / "data")  # documents/manifest.csv, the series, the archived texts
    assert sorted(members) == sorted(
        ["CITATION.cff", "README.md", "datapackage.json", "events.csv", "figures.csv", "sources.csv", *others]
    )
    for name, data in others.items():
        assert members[name] == data, name
    for entry in manifest["files"]:
        if entry["path"].startswith("tariffbook-data.zip/"):
            data = members[entry["path"].split("/", 1)[1]]
        else:
            data = (SITE / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        assert len(data) == entry["bytes"]
        if entry["path"].endswith(".csv"):
            assert entry["rows"] == len(data.decode().splitlines()) - 1
    # the released CSVs are the repository's data, byte for byte
    for name in ("sources.csv", "events.csv", "figures.csv"):
        assert members[name] == (REPO_ROOT / "data" / name).read_bytes()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
    assert manifest["git_commit"] == head


def test_what_changed_lists_the_releases_and_links_their_feed():
    from xml.etree import ElementTree as ET

    from tariffbook.data.citation import current_release

    page = (SITE / "book" / "generated" / "changes.html").read_text(encoding="utf-8")
    release = current_release()
    assert f'id="{release.anchor}"' in page and release.label() in page
    assert 'href="../../changes.atom"' in page
    feed = ET.parse(SITE / "changes.atom").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert f"Release {release.label()}" in titles


def _without_html_outputs(markup: str) -> str:
    """Drop every <div class="output text_html"> (with its nested divs) from a page's markup."""
    out, i = [], 0
    marker = '<div class="output text_html">'
    while (j := markup.find(marker, i)) != -1:
        out.append(markup[i:j])
        depth, k = 0, j
        while True:
            nxt_open, nxt_close = markup.find("<div", k + 1), markup.find("</div>", k + 1)
            if nxt_open != -1 and nxt_open < nxt_close:
                depth, k = depth + 1, nxt_open
            else:
                if depth == 0:
                    i = nxt_close + len("</div>")
                    break
                depth, k = depth - 1, nxt_close
    out.append(markup[i:])
    return "".join(out)


def _glossary_terms():
    import re

    page = (SITE / "book" / "glossary.html").read_text(encoding="utf-8")
    return dict(re.findall(r'<dt id="(term-[^"]+)">([^<]+)', page))


@pytest.mark.parametrize(
    "path", [p for p in PAGES if p.startswith(("notebooks/", "book/intro", "book/method", "book/countries/"))]
)
def test_glossary_terms_are_linked_where_they_first_appear(path):
    """Issue 4: each glossary term is linked at its first appearance on a page."""
    import re

    terms = _glossary_terms()
    assert len(terms) >= 10
    html_ = (SITE / path).read_text(encoding="utf-8")
    article = html_[html_.index('<article class="bd-article">') : html_.index("</article>")]
    # prose only: the raw-HTML outputs (charts, data tables) are data, not text
    text = _without_html_outputs(re.sub(r"<script.*?</script>", "", article, flags=re.S))
    for anchor, name in terms.items():
        rx = re.compile(rf"(?<![\w-]){re.escape(name.strip())}(?![\w-])", re.I)
        visible = re.sub(r"<[^>]+>", "", text)
        if not rx.search(visible):
            continue
        link = re.search(rf'<a [^>]*href="[^"]*glossary.html#{anchor}"[^>]*>([^<]+)</a>', text)
        assert link, f"{path}: '{name}' appears but is not linked to the glossary"
        # the link sits on the first appearance: nothing before it in the page text names the term
        before = re.sub(r"<[^>]+>", "", text[: link.start()])
        assert not rx.search(before), f"{path}: '{name}' is linked, but not where it first appears"


def test_country_index_is_sortable(server, context):
    page, seen = open_page(context, f"{server}/book/countries/index.html")
    table = page.locator("table.sortable")

    def first():
        return table.locator("tbody tr").first.locator("td").first.inner_text()

    assert first() == "Algeria"  # alphabetical by default
    table.locator("th button", has_text="Partner surplus").click()
    # public-facts.md 1: the smallest partner surplus among these is Brazil's (a US surplus of 7.35 bn)
    assert first() == "Brazil"
    table.locator("th button", has_text="Partner surplus").click()
    # ... and the largest China's (USD 295.4 billion)
    assert first() == "China"
    assert table.locator("th[aria-sort=descending]").count() == 1
    assert seen["errors"] == []
    page.close()


def test_chart_script_is_loaded_only_where_charts_are_drawn():
    """The chart script (which loads Vega when a chart goes live) is on the pages with a chart, and only there."""
    for path in PAGES:
        text = (SITE / path).read_text(encoding="utf-8")
        assert ("tb-charts.js" in text) == ('class="tariffbook-chart tb-chart"' in text), path
        assert "vega-offline.js" not in text, path  # never a <script> of its own: tb-charts.js loads it


CHART_FILES = SITE / CHARTS


def test_exported_chart_labels_never_truncate():
    """Issue 10: no label of an exported chart is cut short with an ellipsis, in any of its images."""
    svgs = sorted(CHART_FILES.glob("*.svg"))
    assert len(svgs) >= 4 * 40
    cut = [p.name for p in svgs if re.search(r"…\s*</text>", p.read_text(encoding="utf-8"))]
    assert cut == []


@pytest.mark.parametrize("path", ["notebooks/reciprocal_formula.html", "notebooks/after_the_ruling.html"])
def test_exported_charts_are_drawn_the_same_again(path):
    """Issue 10: exports are reproducible. Each chart's spec, read from its page and drawn again here, gives its
    SVG and PNG byte for byte. vl-convert prefers the machine's Liberation Sans to the copy it bundles, so a build
    on a machine without Debian's (before `make fonts`) drew labels a pixel or so elsewhere."""
    import json

    import vl_convert as vlc

    from tariffbook.charts import exports, render

    page = (SITE / path).read_text(encoding="utf-8")
    specs = re.findall(
        r'data-chart="([^"]+)"[^>]*>.*?<script type="application/json" class="tb-spec">(.*?)</script>', page, re.S
    )
    assert specs
    for name, raw in specs:
        spec = json.loads(raw.replace("<\\/", "</"))
        svg = render.svg_text(spec)  # the wide light SVG, drawn as the exports draw it (in UTC)
        # after the line naming the spec's hash (the page's copy of the spec has NaN written as null)
        assert (CHART_FILES / f"{name}.svg").read_text(encoding="utf-8").split("\n", 1)[1] == svg, name
        png = vlc.vegalite_to_png(exports.export_spec(spec), scale=2)
        assert (CHART_FILES / f"{name}.png").read_bytes() == png, name


def test_chart_files_are_named_after_the_chart():
    """Issue 12: files say what they are (japan-rate-in-force.png), and the CSVs write dates as ISO dates."""
    names = {p.name.split(".")[0] for p in CHART_FILES.iterdir()}
    assert {"japan-rate-in-force", "timeline", "tariff-rates-by-stage", "reciprocal-formula"} <= names
    assert not [n for n in names if re.fullmatch(r"[0-9a-f]{16}", n)]
    for csv_file in CHART_FILES.glob("*.csv"):
        text = csv_file.read_text(encoding="utf-8")
        assert "T00:00:00" not in text, csv_file.name


BOOK_TABLE = re.compile(
    r'<table class="tariffbook-table">.*?</table>|<div class="tb-table-scroll tariffbook-datatable".*?</table>', re.S
)
"""A page's tables (tariffbook.charts.tables.table) and the data tables under its charts."""


@pytest.mark.parametrize("path", [p for p in PAGES if BOOK_TABLE.search((SITE / p).read_text(encoding="utf-8"))])
def test_table_cells_read_as_numbers_and_dates(path):
    """Issue 10: no table shows a float with more digits than it means (42.316300000000005), a timestamp
    (2025-07-07T00:00:00) or a code where a reader's label belongs (struck_down, court_ruling)."""
    tables_ = "".join(BOOK_TABLE.findall((SITE / path).read_text(encoding="utf-8")))
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", tables_, flags=re.S)]
    assert cells
    bad = [c for c in cells if re.search(r"T\d\d:\d\d:\d\d|\b[a-z]+_[a-z_]+\b", c) or _too_precise(c)]
    assert bad == [], path


def _too_precise(cell: str) -> bool:
    """A number with four decimals or more, unless it is a small one shown to three significant digits (0.0404)."""
    return any(
        len(n.split(".")[1]) >= 4 and not re.fullmatch(r"0\.0+[1-9]\d{0,2}", n) for n in re.findall(r"\d+\.\d+", cell)
    )


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


def test_search_page_still_loads_the_index():
    text = (SITE / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in text and "searchtools.js" in text


# ---------------------------------------------------------------- what each page says about itself (issue 12)


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
    assert re.search(r"On \d+ April 2025 the United States announced tariffs of \d+% to \d+% on \d+", lede), lede
    countries = [p for p in PAGES if re.fullmatch(r"book/countries/[A-Z]{3}\.html", p)]
    listed = re.findall(r'<a class="reference internal" href="countries/([A-Z]{3})\.html">', article)
    assert sorted(listed) == sorted(Path(p).stem for p in countries)
    names = [country_name(c) for c in listed]
    assert names == sorted(names, key=str.casefold)
    for page_ in ("book/intro.html", "book/method.html"):
        text = (SITE / page_).read_text(encoding="utf-8")
        assert 'href="../tariffbook.pdf"' in text and 'href="../tariffbook-data.zip"' in text, page_


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
