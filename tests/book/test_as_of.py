"""'As of' books (AS_OF=2025-07-08 make book): only what had been announced by then, and every page says so.

The full build runs on a copy of the sources (PYTHONPATH points the package at the copy), so the main
site in _build/html and the generated pages of the repository stay as they are. It builds one country page
(COUNTRIES=JPN): the others come from the same template and the same code. It runs in the background
(tests.book.background) while the browser tests run."""

from __future__ import annotations

from tests.book import background
from tests.helpers import copy_sources, make_book_in

DAY = "2025-07-08"


@background.job
def as_of_build(folder):
    src = copy_sources(folder / "book")
    return src, make_book_in(src, f"AS_OF={DAY}", "COUNTRIES=JPN")


def test_as_of_build():
    src, r = background.result(as_of_build)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    site = src / "_build" / "html"
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    japan = (site / "book" / "countries" / "JPN.html").read_text(encoding="utf-8")
    talks = (site / "notebooks" / "japan_negotiations.html").read_text(encoding="utf-8")
    banner = "This is tariffbook as it stood on 8 July 2025"
    for page in (intro, japan, talks):
        assert banner in page
        assert "AS_OF" not in page  # the banner speaks to readers, not to whoever built the book (issue 12)
    assert "in the letter of 7 July" in intro and "deal of 22 July" not in intro
    assert "No deal yet for Japan" in talks and "22 Jul" not in talks
    # the Japan page: the letter's 25% is there, no deal stage and no 15%
    assert "<td>Letter</td><td>25</td>" in japan
    assert "<td>Deal</td>" not in japan and "<td>15</td>" not in japan
    assert sorted(p.name for p in (site / "book" / "countries").glob("*.html")) == ["JPN.html", "index.html"]


def test_a_clean_builds_log_shows_progress_and_problems_only():
    """The as-of build starts from a fresh copy: every page runs, and the log says nothing for each one."""
    _src, r = background.result(as_of_build)
    log = r.stdout + r.stderr
    assert r.returncode == 0, log[-3000:]
    assert "executing notebooks" in log and "build succeeded" in log  # progress
    assert "Kernel is running over TCP without encryption" not in log
    assert "Excluded from execution" not in log
