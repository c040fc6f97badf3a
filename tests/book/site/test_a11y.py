"""Accessibility on each page's visit: axe-core in light mode at 1280 px, then in dark mode on a phone (with the
charts' text contrast, which axe does not check), and nothing scrolling sideways at 390 px."""

from __future__ import annotations

from tests.book.site.conftest import _dark_axe


def test_page_fits_a_phone(visit):
    """Issue 10: at 390 px nothing runs off the screen: the page does not scroll sideways."""
    assert visit.phone["overflow"] <= 0, visit.path


def test_page_has_no_accessibility_violations_in_dark_mode(visit):
    """axe-core finds nothing in dark mode either (on every page but the country pages outside
    conftest.COUNTRY_SAMPLE, one template), and every chart's text has 4.5:1 contrast against the page on every page
    (axe does not look inside SVG)."""
    assert visit.phone["violations"] in ([], None)
    assert visit.phone["violations"] == [] or not _dark_axe(visit.path), visit.path
    assert visit.phone["contrast"] == [], visit.path


def test_page_has_no_accessibility_violations(visit):
    """axe-core (npm, run in Debian's Chromium): 0 violations on every page of the built site."""
    assert visit.violations == []
