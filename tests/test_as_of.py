"""'As of' books (AS_OF=2025-07-08 make book): only what had been announced by then, and every page says so.

The full build runs on a copy of the sources (PYTHONPATH points the package at the copy), so the main
site in _build/html and the generated pages of the repository stay as they are."""
from __future__ import annotations

import os
import subprocess

import pytest
from conftest import copy_sources

from tariffbook import findings

DAY = "2025-07-08"


@pytest.fixture
def as_of(monkeypatch):
    def set_day(day):
        monkeypatch.setenv("TARIFFBOOK_AS_OF", day)
    return set_day


def test_findings_as_of_8_july(as_of):
    as_of(DAY)
    text = findings.key_findings()
    # public-facts.md 3: Japan's letter of 7 July, 25% from 1 August; the deal (5a) came on 22 July
    assert "**25%** in the letter of 7 July" in text
    assert "deal" not in text.split("South Korea")[0]
    assert "as it stood on 8 July 2025" in text
    summary = findings.japan_summary(DAY)
    assert "No deal yet for Japan: the letter of 7 July set 25% from 1 August." in summary
    # rounds 1 to 7 had been held by 8 July (public-facts.md 6; round 6 reported twice, counted once)
    assert summary.startswith("By 8 July 2025, the dataset records 7 rounds")


def test_findings_today_include_the_deal(monkeypatch):
    monkeypatch.delenv("TARIFFBOOK_AS_OF", raising=False)
    assert "**15%** in the deal of 22 July" in findings.key_findings()


@pytest.mark.parametrize("bad,match", [("2025-13-01", "must be a date"), ("2025-03-01", "on or after 2025-07-07")])
def test_bad_as_of_is_a_clear_error(as_of, bad, match):
    import tariffbook as tb

    as_of(bad)
    with pytest.raises(ValueError, match=match):
        tb.load_events()


def test_as_of_build(tmp_path):
    src = tmp_path / "book"
    copy_sources(src)
    env = dict(os.environ, PYTHONPATH=str(src))
    for var in ("TARIFFBOOK_EXPORTS", "TARIFFBOOK_AS_OF", "TARIFFBOOK_DATA"):
        env.pop(var, None)
    r = subprocess.run(["make", "book", f"AS_OF={DAY}"], cwd=src, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    site = src / "_build" / "html"
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    japan = (site / "book" / "countries" / "JPN.html").read_text(encoding="utf-8")
    talks = (site / "notebooks" / "japan_negotiations.html").read_text(encoding="utf-8")
    banner = "This is tariffbook as it stood on 8 July 2025"
    for page in (intro, japan, talks):
        assert banner in page
    assert "in the letter of 7 July" in intro and "deal of 22 July" not in intro
    assert "No deal yet for Japan" in talks and "22 Jul" not in talks
    # the Japan page: the letter's 25% is there, no deal stage and no 15%
    assert "<td>Letter</td><td>25</td>" in japan
    assert "<td>Deal</td>" not in japan and "<td>15</td>" not in japan
