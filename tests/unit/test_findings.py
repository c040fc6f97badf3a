"""The findings as they stood on a day (TARIFFBOOK_AS_OF): only what had been announced by then."""

from __future__ import annotations

import pytest

from tariffbook import settings
from tariffbook.analysis.prose import intro, japan
from tariffbook.analysis.prose import rates as prose_rates

DAY = "2025-07-08"


@pytest.fixture
def as_of(monkeypatch):
    def set_day(day):
        monkeypatch.setenv(settings.AS_OF, day)

    return set_day


def test_findings_as_of_8_july(as_of):
    as_of(DAY)
    text = intro.key_findings()
    # public-facts.md 3: Japan's letter of 7 July, 25% from 1 August; the deal (5a) came on 22 July
    assert "**25%** in the letter of 7 July" in text
    assert "deal" not in text.split("South Korea")[0]
    assert "as it stood on 8 July 2025" in text
    summary = japan.japan_summary(DAY)
    assert "No deal yet for Japan: the letter of 7 July set 25% from 1 August." in summary
    # rounds 1 to 7 had been held by 8 July (public-facts.md 6; round 6 reported twice, counted once)
    assert summary.startswith("By 8 July 2025, the record holds 7 rounds")


def test_findings_today_include_the_deal(monkeypatch):
    monkeypatch.delenv(settings.AS_OF, raising=False)
    assert "**15%** in the deal of 22 July" in intro.key_findings()


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


def test_findings_run_through_the_horizon(monkeypatch):
    monkeypatch.delenv(settings.AS_OF, raising=False)
    text = intro.key_findings()
    assert text.startswith("*Record checked through 23 November 2026.*")
    # Proclamation 11012 (ALL.tariff_rate_in_force.2026-02) and the memorandum of 23 July 2026
    assert "10% surcharge under Section 122 (Proclamation 11012) through 23 July 2026" in text
    assert "the 15% announced on 21 February 2026 never took effect" in text
    # Switzerland's 12.5% minimum total is a row since December 2026 (CHE.tariff_rate_in_force.2026-07-24)
    assert "12.5% in total for Japan, South Korea and Switzerland; 10% in total for Taiwan" in text
    assert "after IEEPA, 10% under Section 122 from 24 February 2026, then 12.5% in total under Section 301" in text
    # the refunds (CBP, 20 April and 26 May 2026) and 2025 against 2024 for the four partners the record has
    assert "about USD 166 billion, by about 330,000 importers" in text
    assert "the only ones with 2025 Census figures in the record" in text
    # no sentence reads as complete coverage
    assert "the record has no rate after 23 July 2026" in text


def test_findings_before_the_letters(as_of):
    as_of("2025-04-15")
    text = intro.key_findings()
    assert "as it stood on 15 April 2025" in text
    assert "**24%** announced on 2 April" in text
    for later in ("letter", "Section 122", "refunds", "July 2025 reporting"):
        assert later not in text, later


def test_rates_summary_talks_only_about_the_countries_chosen():
    text = prose_rates.rates_summary(["CHN"])
    assert "Japan" not in text and "China" in text
    text = prose_rates.rates_summary(["VNM", "THA"], "2025-07-08")
    assert "Japan" not in text and text.count("Vietnam") >= 1
    assert "no headline rate had been announced" in prose_rates.rates_summary(["JPN"], "2025-03-01")
