"""The built site, served on 127.0.0.1, Debian's Chromium to look at it, and the background jobs.

The slow build checks (tests.book.background) start with the session and run while the browser tests run;
the tests that wait for them run last.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tariffbook import settings
from tariffbook.data.load import fingerprint
from tariffbook.data.paths import data_dir
from tariffbook.data.validate import validate
from tests.book import background
from tests.helpers import ARGS, CHROMIUM, SITE

FIRST = ("tests/book/site/", "notebooks/")
"""Tests that run in the foreground first (the browser tests, then nbval), while the background jobs run."""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests and nbval first, and the tests that wait for background jobs last."""

    def rank(item) -> int:
        path = item.nodeid
        return next((i for i, prefix in enumerate(FIRST) if path.startswith(prefix)), len(FIRST))

    items.sort(key=rank)  # stable: each group keeps pytest's order


@pytest.fixture(scope="session", autouse=True)
def background_jobs(tmp_path_factory):
    """Validate the data once and vouch for it to every kernel the session starts (nbval, papermill), as the
    book's executor does; then start the registered background jobs."""
    problems = validate()
    assert problems == [], [str(p) for p in problems]
    settings.vouch_for(fingerprint(data_dir()))
    background.start(tmp_path_factory)


@pytest.fixture(scope="session")
def server():
    if not (SITE / "book" / "intro.html").exists():
        pytest.fail("no built site in _build/html: run `make book` first")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make chromium` installs Debian's chromium")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def context(browser):
    """One browser context (one HTTP cache) for the interaction tests."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()
