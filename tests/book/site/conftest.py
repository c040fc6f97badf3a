"""The site's pages, each visited once, in headless Chromium (Debian's), with every host but 127.0.0.1 unresolvable.

Each page is loaded once (two pages at a time, each in a Chromium of its own: the `pages` fixture, one for all the
modules of tests/book/site) and every page check, in whichever module, runs on that load (the `visit` fixture): each
chart draws, at the height the page reserved for it; no Altair error text, no console errors, no request leaving
127.0.0.1; every chart has its sources, downloads, citation and data table; axe-core finds no accessibility
violation; one search box; then, on the same load, in dark mode at a phone's width nothing scrolls sideways and
axe-core still finds nothing; then, with JavaScript off, each chart's static image. The search page is one of the
pages visited, with a query, and its results are checked. What a check reads is gathered in one round trip (COLLECT,
in tests/book/site/js.py): a new check adds a field to Visit, never a second load of the page. Interaction tests
(the chart controls, navigation, sorting) load their own pages.
Needs `make book` first (make test runs it)."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pytest

from tariffbook.data.paths import REPO_ROOT
from tests.book.site.js import AFTER_SWITCH, AXE_RUN, CLS, COLLECT, CONTRAST, LIVE, SEARCH_DONE, STATIC, TAB_STOPS
from tests.helpers import ARGS, CHROMIUM, SEARCH, SITE, VISITED, watch

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


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
    phone = _phone_dark(tab, _dark_axe(path))
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
                if not future.set_running_or_notify_cancel():  # the package's tests are over
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


@pytest.fixture(scope="package")
def pages(server):
    """Every page's visit, checked in the background by WORKERS threads in the order of VISITED, so the page
    checks read each visit as soon as it is done. One for the whole package: each page is loaded once, whichever
    modules check it."""
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


COUNTRY_SAMPLE = {f"book/countries/{c}.html" for c in ("index", "JPN", "KOR", "CHN", "BRA", "RUS", "GBR")}
"""The country pages on which axe runs a second time, in dark mode on a phone: every country page is one template
in one theme (axe runs on each in light mode at 1280 px, and each one's overflow, chart fit and chart contrast are
checked on the phone); these cover its variants (a deal, China's product lists, no duty, a US surplus)."""


def _dark_axe(path: str) -> bool:
    return not path.startswith("book/countries/") or path in COUNTRY_SAMPLE


def _phone_dark(page, axe: bool = True) -> dict:
    """The same page switched to dark mode and narrowed to a 390 px phone: overflow, chart fit, contrast, and axe
    (`axe`; None when not run)."""
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
        "violations": page.evaluate(AXE_RUN, AFTER_SWITCH) if axe else None,
    }


@pytest.fixture(scope="module", params=VISITED)
def visit(request, pages) -> Visit:
    """What one load of the page showed (checked by a worker of `pages`)."""
    return pages[request.param].result(timeout=300)
