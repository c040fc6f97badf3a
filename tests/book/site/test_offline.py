"""The site works offline: on each page's visit no console error and no request leaving 127.0.0.1; no file of
the site names a CDN."""

from __future__ import annotations

from tests.helpers import SITE


def test_page_has_no_console_errors(visit):
    assert visit.errors == []


def test_page_requests_nothing_outside(visit):
    assert visit.outside == []


def test_no_cdn_anywhere():
    for f in SITE.rglob("*"):
        if f.suffix in (".html", ".js", ".css"):
            text = f.read_text(encoding="utf-8", errors="ignore")
            for host in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
                assert host not in text, f"{f.relative_to(SITE)} names {host}"
