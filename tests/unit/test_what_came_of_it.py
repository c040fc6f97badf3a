"""What came of the source articles' story (issue 19, item 8): the sentences, from the record, and where they show.

Each assertion names the rows it comes from.
"""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from tariffbook import domain
from tariffbook.analysis.prose import what_came_of_it as w
from tariffbook.data.load import known_figures
from tariffbook.publish.executor.jobs import TEMPLATE, page_cells


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {code: w.what_came_of_it(code) for code in domain.ARTICLE_PARTNERS}


def test_the_articles_partners_are_the_four_the_wire_report_names():
    # JPN/KOR/THA/IDN.partner_surplus_with_us.2024, all of agencies-2025-07-08-japan-auto-concessions
    figs = known_figures()
    said = figs[(figs["metric"] == "partner_surplus_with_us") & figs["source_id"].isin(domain.ARTICLE_SOURCES)]
    assert set(said["country"]) == set(domain.ARTICLE_PARTNERS)
    assert w.article_day() == pd.Timestamp("2025-07-08")  # the day the wire report's events are dated


def test_japan_what_it_asked_and_what_its_cars_pay(texts):
    text = texts["JPN"]
    # 2025-07-08.JPN.statement.4
    assert 'Akazawa: "no point" in a deal without an agreement on auto tariffs' in text
    # ALL.tariff_rate_sectoral.autos.2025-04-03.3, then JPN.tariff_rate_sectoral.autos.2025-09-16.4
    assert "Japanese cars paid 25% on top of the normal duty under Section 232 (Proclamation 10908)" in text
    assert (
        "they pay 15% in total, including the normal duty, under Section 232 (EO 14345; FR 2025-17908) since "
        "16 September 2025, Japan's own rate" in text
    )
    # the record's row of the total: JPN.tariff_rate_sectoral.autos.2025-04-03_2025-09-15 (CNA)
    assert "(27.5% in total with the normal duty, as CNA reported it)" in text
    # steel: 50% then (ALL_EX_GBR.tariff_rate_sectoral.steel.2025-06-04.3) and now (ALL...steel.2026-04-06)
    assert "still pays 50% on top of the normal duty under Section 232 (Proclamation 11021)" in text


def test_the_total_is_said_only_where_a_row_states_it():
    figs = known_figures()
    without = figs[figs["figure_id"] != "JPN.tariff_rate_sectoral.autos.2025-04-03_2025-09-15"]
    day = pd.Timestamp("2025-07-08")
    assert w._stated_total("JPN", "autos", day, figs).startswith("27.5% in total")
    assert w._stated_total("JPN", "autos", day, without) == ""
    assert w._stated_total("KOR", "autos", day, figs) == ""  # no such row for Korea: nothing invented


def test_korea_got_no_steel_rate_of_its_own(texts):
    text = texts["KOR"]
    # 2025-07-07.KOR.negotiation_round
    assert "Yeo tells Lutnick any deal must cut or exempt the 25% auto and 50% steel tariffs" in text
    # KOR.tariff_rate_sectoral.autos.2025-11-01 (FR 2025-21940, retroactive to 1 November 2025)
    assert "(FR 2025-21940) since 1 November 2025, South Korea's own rate" in text
    # steel: all partners' 50% (ALL.tariff_rate_sectoral.steel.2026-04-06); derivatives: 15% of Korea's own
    # (KOR.tariff_rate_sectoral.metal_derivatives.2026-06-08)
    assert "South Korean steel paid 50%" in text and "the rate for all partners" in text
    assert "South Korean steel and aluminium derivatives had no rate of their own on 8 July 2025" in text
    # 2026-03-12.KOR.legislation, after the ruling
    assert "National Assembly passes the Special Act" in text


def test_the_surpluses_of_2024_and_2025(texts):
    # the wire report's 2024 figures, then the Census figures of both years in one release (trade.trade_change):
    # Japan's first releases (JPN.us_goods_balance.2024, .2025); Thailand's and Indonesia's annual revision of June
    # 2026 (THA.us_goods_exports.2024.2 ... and THA.us_goods_exports.2025 ...)
    assert "The report put Thailand's 2024 trade surplus with the United States at USD 45.6 billion." in texts["THA"]
    assert "(both years the Census Bureau's annual revision of June 2026)" in texts["THA"]
    assert "USD 45.0 billion in 2024 and USD 71.7 billion in 2025: it grew" in texts["THA"]
    assert "(both years the Census Bureau's first release)" in texts["JPN"]
    assert "USD 68.5 billion in 2024 and USD 63.9 billion in 2025: it shrank" in texts["JPN"]
    assert "USD 17.6 billion in 2024 and USD 23.8 billion in 2025: it grew" in texts["IDN"]


def test_whether_the_deals_bind_is_said_plainly(texts):
    # Thailand: 2026-01-28.THA.statement, 'not a binding agreement', before the ruling
    assert "the framework with the US is still only a draft joint statement, not a binding agreement" in texts["THA"]
    for code in domain.ARTICLE_PARTNERS:
        assert "No row of the record after the ruling says whether" in texts[code]
    # Indonesia signed its agreement one day before the ruling (2026-02-19.IDN.agreement); nothing after it
    assert "The record holds nothing from Indonesia, or on its deal, since the ruling." in texts["IDN"]


def test_before_the_articles_nothing_had_come_of_them():
    assert "nothing had come of their story yet" in w.what_came_of_it("JPN", "2025-07-01")


def test_a_partner_the_articles_do_not_name_is_refused():
    with pytest.raises(ValueError, match="do not name Malaysia"):
        w.what_came_of_it("MYS")


def test_the_section_is_on_the_pages_of_the_articles_partners_only():
    template = nbformat.read(TEMPLATE, as_version=4)
    tagged = [c for c in template.cells if "article-partners" in c.metadata.get("tags", [])]
    assert len(tagged) == 2 and tagged[0].source.startswith("## What came of it")
    for code, shown in (("JPN", True), ("THA", True), ("MYS", False), ("CHN", False)):
        cells = page_cells(nbformat.read(TEMPLATE, as_version=4), code).cells
        assert any(c.source.startswith("## What came of it") for c in cells) is shown, code
        assert len(cells) == len(template.cells) - (0 if shown else 2)
