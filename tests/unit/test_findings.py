"""The findings as they stood on a day (the book's day, passed in): only what had been announced by then."""

from __future__ import annotations

import pytest

from tariffbook import settings
from tariffbook.analysis.prose import intro, japan
from tariffbook.analysis.prose import rates as prose_rates

DAY = "2025-07-08"


def test_findings_as_of_8_july():
    text = intro.key_findings(DAY)
    # public-facts.md 3: Japan's letter of 7 July, 25% from 1 August; the deal (5a) came on 22 July
    assert "**25%** in the letter of 7 July" in text
    assert "deal" not in text.split("South Korea")[0]
    assert "as it stood on 8 July 2025" in text
    summary = japan.japan_summary(DAY)
    assert "No deal yet for Japan: the letter of 7 July set 25% from 1 August." in summary
    # rounds 1 to 7 had been held by 8 July (public-facts.md 6; round 6 reported twice, counted once)
    assert summary.startswith("By 8 July 2025, the record holds 7 rounds")


def test_findings_today_include_the_deal():
    assert "**15%** in the deal of 22 July" in intro.key_findings()


@pytest.mark.parametrize(
    "bad,match",
    [
        ("2025-13-01", "must be a date"),
        ("2025-03-01", "from 2025-04-02 .* to 2026-11-23 \\(the record is checked through 2026-11-23\\)"),
        ("2026-12-01", "the record is checked through 2026-11-23"),
    ],
)
def test_bad_as_of_is_a_clear_error(monkeypatch, bad, match):
    from tariffbook.data.load import book_day

    monkeypatch.setenv(settings.AS_OF, bad)  # read at the edge only (the command line, a notebook's first cell)
    with pytest.raises(ValueError, match=match):
        book_day()


def test_findings_run_through_the_horizon():
    text = intro.key_findings()
    assert text.startswith("*Record checked through 23 November 2026.*")
    # Proclamation 11012 (ALL.tariff_rate_in_force.2026-02) and the memorandum of 23 July 2026
    assert "10% surcharge under Section 122 (Proclamation 11012) through 23 July 2026" in text
    assert "the 15% announced on 21 February 2026 never took effect" in text
    # Switzerland's 12.5% minimum total is a row since December 2026 (CHE.tariff_rate_in_force.2026-07-24)
    assert "12.5% in total for Japan, South Korea and Switzerland; 10% in total for Taiwan" in text
    assert "after IEEPA, 10% under Section 122 from 24 February 2026, then 12.5% in total under Section 301" in text
    # the refunds (CBP, 20 April and 26 May 2026), and 2025 against 2024 for every partner the record has both years
    # for (since December 2026: Census's annual revision of June 2026 for most), counted, not listed one by one;
    # the whole 2025 deficit from WORLD.us_goods_deficit_total.2025 (USD 1.24 trillion)
    assert "about USD 166 billion, by about 330,000 importers" in text
    assert "the US goods deficit shrank with 15 of the 33 partners the record has both years for" in text
    assert "The whole US goods deficit in 2025 was USD 1.24 trillion." in text
    # no sentence reads as complete coverage
    assert "the record has no rate after 23 July 2026" in text


def test_findings_before_the_letters():
    text = intro.key_findings("2025-04-15")
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


def test_the_first_sentence_gives_annex_i_not_the_books_selection():
    """Issue 19, item 1: the record's Annex I range (ALL.annex_i_rate_min/max.2025-04-02: 11% and 50%), not the
    range of the 2 April rates the book happens to hold (17% to 49%)."""
    text = intro.opening()
    assert "tariffs of 11% to 50% on the" in text and "listed in Annex I of EO 14257" in text
    assert "17%" not in text and "49%" not in text
    assert "the record follows the duties that replaced them through 23 November 2026" in text
    assert "Supreme Court" not in intro.opening("2025-07-08") and "letters from 7 July 2025" in intro.opening(
        "2025-07-08"
    )


def test_the_front_page_gives_brazil_the_rate_its_page_gives():
    """Issue 19, item 3: after 24 July 2026 Brazil paid the forced-labor 12.5% and the 25% of its own Section 301
    action (BRA.tariff_rate_additional.2026-07-22): 37.5%, as on its page; the front page said 12.5%."""
    text = intro.key_findings()
    assert "37.5% on top of the normal duty for Brazil" in text
    assert "12.5% on top of the normal duty for Brazil" not in text
