"""US goods trade (tariffbook.analysis.trade) and the surplus page's sentences (tariffbook.analysis.prose.surpluses).

Issue 19, item 6, and issue 18, item 2: the surplus page said letters went to partners that sell the US more than
they buy (Brazil's did not), ranked press figures under 'Census basis', gave ranks without saying among whom, never
showed the whole 2025 deficit, and compared 2025 with 2024 for four partners only. Each fact asserted cites its row.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tariffbook.analysis import trade
from tariffbook.analysis.prose import surpluses as prose
from tariffbook.data.load import load_figures

HIGHLIGHT = ["JPN", "KOR", "THA", "IDN"]


@pytest.fixture(scope="module")
def change() -> pd.DataFrame:
    return trade.trade_change()


def test_a_rows_vintage_is_read_from_its_note_and_its_publisher():
    assert trade.vintage("Vintage: Census's annual revision of June 2026, NOT the first release", True) == (
        "annual revision of June 2026"
    )
    assert trade.vintage("Preferred for want of the first release: this is the June 2025 annual revision", True) == (
        "annual revision of June 2025"
    )
    assert trade.vintage("Census Bureau 2024, original (Feb-2025) vintage", True) == trade.FIRST_RELEASE
    assert trade.vintage("Rounded, from a table sourced to the US Census Bureau.", False) is None


def test_press_figures_are_not_census_figures():
    # DEU.us_goods_balance.2024 (-85) and IRL.us_goods_balance.2024 (-87): a Visual Capitalist table, rounded
    year = trade.trade_2024().set_index("country")
    assert set(year.index[~year["census"]]) == {"DEU", "IRL"}
    assert prose.basis_words(year.reset_index()) == (
        "Census Bureau figures, except Ireland and Germany: a rounded table by Visual Capitalist, citing the Census "
        "Bureau"
    )
    assert "Census basis" not in str(trade_chart_subtitle())


def trade_chart_subtitle():
    from tariffbook import charts

    return charts.surplus_chart(trade.trade_2024(), 15, HIGHLIGHT).to_dict()["title"]["subtitle"]


def test_every_partner_with_both_years_is_compared_within_one_release(change):
    both = set(trade.trade_year("2024")["country"]) & set(trade.trade_year("2025")["country"])
    assert set(change["country"]) == both
    c = change.set_index("country")
    # Vietnam's 2025 figure is Census's annual revision of June 2026 (VNM.us_goods_exports.2025): set against 2024
    # in the same revision (VNM.us_goods_exports.2024.2, .imports.2024.2), not the first release of February 2025
    assert c.loc["VNM", "vintage_2024"] == c.loc["VNM", "vintage_2025"] == "annual revision of June 2026"
    figs = load_figures().set_index("figure_id")
    vnm = figs.loc["VNM.us_goods_imports.2024.2", "value"] - figs.loc["VNM.us_goods_exports.2024.2", "value"]
    assert c.loc["VNM", "surplus_2024"] == pytest.approx(vnm / 1000)
    # Japan's is the first release (JPN.us_goods_balance.2025, -63,883.1), against the first release of 2024
    assert c.loc["JPN", "vintage_2025"] == c.loc["JPN", "vintage_2024"] == trade.FIRST_RELEASE
    assert c.loc["JPN", "surplus_2025"] == pytest.approx(63.8831)
    # Germany's 2024 first release is not in the record: its rounded press figure stands, and says so
    assert not c.loc["DEU", "same_vintage"]


def test_the_page_says_which_2025_figures_are_revisions(change):
    text = prose.releases_summary(change)
    first = change[change["vintage_2025"] == trade.FIRST_RELEASE]
    assert text.startswith("For China, Japan, South Korea and Taiwan both years are the Census Bureau's first releases")
    assert f"for the other {len(change) - len(first)} partners the 2025 figure is the Census Bureau's annual " in text
    assert "Germany's 2025 figure is a first release, set against a rounded 2024 figure from Visual Capitalist" in text


def test_did_the_surplus_shrink_is_answered_for_every_partner(change):
    text = prose.change_summary(change, HIGHLIGHT)
    shrank, grew = int((change["change"] < 0).sum()), int((change["change"] > 0).sum())
    assert f"The record has both years for {len(change)} partners." in text
    assert f"shrank with {shrank} of them and grew with {grew}." in text
    assert "Japan USD 68.5 billion in 2024, USD 63.9 billion in 2025 (shrank)" in text
    # the 14 letter partners (domain.LETTER14_MEMBERS, LETTER14.letter_countries): all have both years since December
    letters = change[change["country"].isin(["JPN", "KOR", "TUN"])]
    assert (letters["change"] < 0).all()
    assert (
        "Of the 14 partners among them that received a tariff letter, it shrank with 3 (Japan, South Korea and" in text
    )
    assert "Every partner the record holds has both years." in text


def test_a_revision_is_not_known_before_it_came_out():
    # the first release of 2025 came out on 19 February 2026 (JPN.us_goods_balance.2025, announced then); the
    # annual revision, from which most partners' 2025 rows come, in June 2026
    # (a news report of the February release, CHN.us_goods_exports.2025.2, carries no date and is counted from the
    # end of 2025 by the loader: not a Census figure, and said so)
    assert not trade.trade_year("2025", as_of="2026-01-15")["census"].any()
    assert set(trade.trade_year("2025", as_of="2026-03-01")["country"]) == {"JPN", "KOR", "CHN", "TWN", "DEU"}
    assert len(trade.trade_year("2025", as_of="2026-07-01")) == len(trade.trade_year("2025"))


def test_ranks_are_among_the_partners_the_record_holds():
    text = prose.surplus_summary(HIGHLIGHT)
    n = len(trade.trade_2024())
    assert "Japan USD 68.5 billion (7th largest)" in text
    assert f"ranked among the {n} partners with 2024 figures in the record (the partners the record holds" in text
    assert "rank 7" not in text


def test_the_letters_did_not_all_go_to_partners_with_a_surplus():
    # BRA.tariff_rate_letter.2025-07-09 (50%); BRA.us_goods_exports.2024 and .imports.2024: a US surplus
    text = prose.letters_summary()
    assert "Brazil's letter of 9 July 2025 set 50%, though the US sold Brazil USD 7.4 billion more than it" in text
    assert text.startswith("The letters did not all go to partners that sell the US more than they buy")


def test_the_months_of_2026_are_summed_in_code_and_say_which_months():
    ytd = trade.year_to_date("2026").set_index("country")
    figs = load_figures()
    jpn = figs[figs["preferred"] & (figs["country"] == "JPN") & figs["period"].str.startswith("2026-")]
    exports = jpn[jpn["metric"] == "us_goods_exports"]  # JPN.us_goods_exports.2026-01 ... .2026-08
    assert ytd.loc["JPN", "exports_bn"] == pytest.approx(exports["value"].sum() / 1000)
    assert (ytd.loc["JPN", "first"], ytd.loc["JPN", "last"], ytd.loc["JPN", "months"]) == ("2026-01", "2026-08", 8)
    text = prose.year_to_date_summary(ytd.reset_index(), HIGHLIGHT)
    assert "from January to August 2026 for each of the" in text
    assert "The record has no monthly figures for 2025" in text


def test_the_whole_2025_deficit_is_shown_from_its_row():
    # WORLD.us_goods_deficit_total.2025: USD 1.24 trillion (Reuters, 19 February 2026), balance-of-payments basis
    text = prose.total_summary()
    assert text.startswith("The whole US goods deficit in 2025 was USD 1.24 trillion, against USD 1.21 trillion")
    assert "(Reuters, 19 February 2026: “" in text and "all-time high of $1.24 trillion" in text
    assert "balance-of-payments basis" in text
    assert "WORLD" not in text and "reuters-" not in text


def test_a_table_links_each_of_several_sources():
    from tariffbook.charts import tables

    html = tables.table(
        pd.DataFrame({"name": ["Ireland"], "source_id": ["census-country-xlsx-2024-copy-31caa71;"
                                                         "visual-capitalist-trade-tug-war-americas"]}),
        {"name": "Partner"},
        caption="t",
    ).data  # fmt: skip
    assert "Visual Capitalist</a>" in html and "U.S. Census Bureau</a>" in html
    assert "visual-capitalist-trade-tug-war-americas</" not in html  # never the raw id as text
    # the data table under a chart too: Ireland's 2024 balance is a press table's, its flows the Census Bureau's
    under = tables.data_table(
        [
            {
                "name": "Ireland",
                "source_id": "census-country-xlsx-2024-copy-31caa71;visual-capitalist-trade-tug-war-americas",
            }
        ],
        re.compile("^tb_"),
    )
    assert "U.S. Census Bureau; Visual Capitalist" in under and "visual-capitalist-trade" not in under
