"""The findings as they stood on a day (TARIFFBOOK_AS_OF): only what had been announced by then."""

from __future__ import annotations

import pytest

from tariffbook import settings
from tariffbook.analysis import findings

DAY = "2025-07-08"


@pytest.fixture
def as_of(monkeypatch):
    def set_day(day):
        monkeypatch.setenv(settings.AS_OF, day)

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
    monkeypatch.delenv(settings.AS_OF, raising=False)
    assert "**15%** in the deal of 22 July" in findings.key_findings()


@pytest.mark.parametrize(
    "bad,match",
    [
        ("2025-13-01", "must be a date"),
        ("2025-03-01", "from 2025-04-02 .* to 2026-11-23 \\(the record is checked through 2026-11-23\\)"),
        ("2026-12-01", "the record is checked through 2026-11-23"),
    ],
)
def test_bad_as_of_is_a_clear_error(as_of, bad, match):
    import tariffbook as tb

    as_of(bad)
    with pytest.raises(ValueError, match=match):
        tb.load_events()
