"""The chapter after the Supreme Court ruling: each partner's duty by legal basis over time, the notes written on
its chart, the refunds, 2024 against 2025 trade, what the record does not know, and the charts drawn from them.

Dated facts cite the row of data/figures.csv (or events.csv) they come from; tests/unit/test_rates_regimes.py checks
the same rows through rate_in_force.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import tariffbook as tb
from tariffbook import domain
from tariffbook.analysis import caveats, events, refunds, spans, trade
from tariffbook.analysis.prose import after_the_ruling as prose
from tariffbook.analysis.prose import intro
from tariffbook.charts import regimes as cr
from tariffbook.charts import strip_notes
from tariffbook.charts.refunds import refunds_chart
from tariffbook.charts.trade import trade_years_chart
from tariffbook.notebook import params

LETTER_PARTNERS = tuple(sorted(domain.LETTER14_MEMBERS))

PARTNERS = ["JPN", "KOR", "TWN", "VNM", "LAO", "IND", "CHN"]
# Letter partners with no row after 23 July 2026: none since December 2026. The forced-labor memorandum of 23 July
# 2026 covers Kazakhstan and South Africa at 12.5% (KAZ.tariff_rate_in_force.2026-07-24, ZAF.tariff_rate_in_force.
# 2026-07-24), and Bosnia and Herzegovina, Laos, Myanmar, Serbia and Tunisia, which it does not list, have a 0 row
# each ('no duty': LAO.tariff_rate_in_force.2026-07-24 ...). A partner with no row at all, Singapore, shows the gap.
GAP_PARTNERS: set[str] = set()
NO_ROW = "SGP"  # among the memorandum's 60 economies, but the record has no rate for it after 23 July 2026


@pytest.fixture(scope="module")
def segments():
    return spans.basis_segments(PARTNERS)


@pytest.fixture(scope="module")
def letters():
    return spans.basis_segments(LETTER_PARTNERS)


def span(segments, country, day):
    hit = spans.on_day(segments, day)
    hit = hit[hit["country"] == country]
    assert len(hit) == 1, (country, day)
    return hit.iloc[0]


@pytest.mark.parametrize(
    "country,day,basis,rate,applies_as,row",
    [
        # EO 14345 made Japan's 15% a minimum total from 7 August 2025 (CBP CSMS # 66242844)
        ("JPN", "2025-08-10", "ieepa", 15, "minimum_total", "JPN.tariff_rate_in_force.2025-08-07"),
        # Proclamation 11012: 10% on top of the normal duty, 24 February to 23 July 2026
        ("JPN", "2026-03-01", "section_122", 10, "additional", "ALL.tariff_rate_in_force.2026-02"),
        # the forced-labor memorandum of 23 July 2026: Japan 12.5% minimum total from 24 July
        ("JPN", "2026-08-01", "section_301", 12.5, "minimum_total", "JPN.tariff_rate_in_force.2026-07-24"),
        # Korea's 15% was on top of the normal duty until FR 2025-21940 made it a minimum total from 14 November;
        # since December 2026 the row quoting EO 14326's Annex I itself (.2) is preferred over India Today's table
        ("KOR", "2025-10-01", "ieepa", 15, "additional", "KOR.tariff_rate_in_force.2025-08-07.2"),
        ("KOR", "2025-12-01", "ieepa", 15, "minimum_total", "KOR.tariff_rate_in_force.2025-11-14"),
        ("TWN", "2026-08-01", "section_301", 10, "minimum_total", "TWN.tariff_rate_in_force.2026-07-24"),
        ("VNM", "2026-08-01", "section_301", 12.5, "additional", "VNM.tariff_rate_in_force.2026-07-24"),
        # India's IEEPA surcharge stacked from 27 August 2025 (EO 14329): 50 in all
        ("IND", "2025-09-01", "ieepa", 50, "additional", "IND.tariff_rate_in_force.2025-08-07"),
    ],
)
def test_the_legal_basis_on_a_day(segments, country, day, basis, rate, applies_as, row):
    s = span(segments, country, day)
    assert (s["legal_basis"], s["rate"], s["applies_as"], s["status"]) == (basis, rate, applies_as, "in_force")
    assert s["figure_ids"].split(";")[0] == row
    assert s["label"] == (f"{rate:g}% total" if applies_as == "minimum_total" else f"+{rate:g}%")


def test_a_span_ends_where_the_way_it_applies_changes(segments):
    kor = segments[(segments["country"] == "KOR") & (segments["legal_basis"] == "ieepa") & (segments["rate"] == 15)]
    assert list(kor["applies_as"]) == ["additional", "minimum_total"]
    assert kor["start"].iloc[1] == pd.Timestamp("2025-11-14")


def test_after_section_122_a_partner_without_a_row_is_a_gap_not_the_last_rate():
    segments = spans.basis_segments([NO_ROW])  # Laos, used here before, has its 0 row since December 2026
    s = span(segments, NO_ROW, "2026-08-01")
    assert s["status"] == "not_in_record" and pd.isna(s["rate"]) and s["basis"] == spans.GAP
    assert s["note"].startswith("Not in the record") and "23 July 2026" in s["note"]
    assert s["label"] == "not in the record"
    before = span(segments, NO_ROW, "2026-07-23")
    assert (before["legal_basis"], before["rate"], before["end"]) == ("section_122", 10, pd.Timestamp("2026-07-23"))
    # the gap cites the row that ended, whose source states the end
    assert s["source_id"] == before["source_id"]


def test_spans_are_contiguous_to_the_horizon(segments):
    for _, g in segments.groupby("country"):
        assert (g["start"].iloc[1:].values == (g["end"].iloc[:-1] + pd.Timedelta(days=1)).values).all()
        assert g["end"].iloc[-1] == pd.Timestamp("2026-11-23")  # datapackage.json tariffbook:horizon
        # the 10% baseline of EO 14257; China from 2 April, when the fentanyl duty of EO 14228 already applied
        first = "2025-04-02" if g["country"].iloc[0] == "CHN" else "2025-04-05"
        assert g["start"].iloc[0] == pd.Timestamp(first)


def test_china_is_drawn_through_every_regime(segments):
    """Issue 18: China in the chapter, with its IEEPA duties added up (EO 14266's 125% and EO 14228's 20%)."""
    china = segments[segments["country"] == "CHN"].set_index("start")
    assert china.loc[pd.Timestamp("2025-04-10"), "rate"] == 145
    assert china.loc[pd.Timestamp("2026-07-24"), "basis"] == "Section 301"
    assert spans.not_modelled(PARTNERS) == {}
    assert "China is not drawn" not in prose.basis_summary(segments, PARTNERS)


def test_partners_with_a_rate_come_first():
    order = list(dict.fromkeys(spans.basis_segments([NO_ROW, *PARTNERS])["country"]))
    assert order[-1] == NO_ROW


def test_as_of_reads_the_record_as_it_stood():
    # on 10 August 2025 the record knew EO 14326's additional 15% for Japan (EO 14345 came on 4 September)
    then = spans.basis_segments(["JPN"], as_of="2025-08-10")
    assert then["end"].max() == pd.Timestamp("2025-08-10")
    assert then.iloc[-1]["applies_as"] == "additional" and then.iloc[-1]["instrument"] == "EO 14326"
    # before the ruling nothing ended IEEPA
    jan = spans.basis_segments(["LAO"], as_of="2026-01-01")
    assert set(jan["legal_basis"]) == {"ieepa"}
    assert events.regime_notes(jan, "2026-01-01")["date"].max() < pd.Timestamp("2026-01-01")
    with pytest.raises(ValueError, match="the record is checked through 2026-11-23"):
        spans.basis_segments(["JPN"], as_of="2026-12-01")
    assert spans.basis_segments(["JPN"], as_of="2025-03-01").empty


def test_the_letter_partners_without_a_rate_after_july_2026(letters):
    assert set(spans.gaps(letters, "2026-11-23")["country"]) == GAP_PARTNERS
    assert spans.gaps(letters, "2026-07-23").empty


def test_notes_are_the_event_rows_in_few_words(segments):
    notes = events.regime_notes(segments)
    ev = tb.load_events().set_index("event_id")
    for _, n in notes.iterrows():
        summary = ev.loc[n["event_id"], "summary"]
        assert n["summary"].startswith(summary)
        assert set(re.findall(r"\w+", n["text"])) <= set(re.findall(r"\w+", summary)), n["text"]
    regime = notes[notes["kind"] == "regime"].set_index("date")
    assert "Section 122" in regime.loc[pd.Timestamp("2026-02-24"), "text"]
    assert "Section 301" in regime.loc[pd.Timestamp("2026-07-24"), "text"]
    decisive = notes[notes["decisive"]]
    assert list(decisive["event_id"]) == ["2026-02-20.ALL.court_ruling.2"]
    assert decisive.iloc[0]["text"] == "Supreme Court: IEEPA does not authorise tariffs"
    assert set(events.decisive_notes(notes)["kind"]) == {"regime", "ruling"} and len(events.decisive_notes(notes)) == 3


def test_refunds_from_the_rows():
    figs, events = refunds.refund_figures(), refunds.refund_events()
    by = figs.set_index("figure_id")
    # CBP's estimate with the launch of CAPE: about USD 166 billion paid by about 330,000 importers
    assert by.loc["USA.ieepa_duties_collected.2026-02-23", "amount"] == "about USD 166 billion"
    assert by.loc["USA.ieepa_importers_paid.2026-02-23", "amount"] == "about 330,000 importers"
    assert "2026-03-04.ALL.court_ruling" in set(events["event_id"])  # the CIT's refund order
    assert "2026-04-10.ALL.refund" in set(events["event_id"])  # CAPE
    text = prose.refunds_summary(figs, events)
    assert "about USD 85 billion" in text and "about USD 20.6 billion" in text
    assert f"about {100 * 20.6 / 166:.0f}% of the duties paid" in text
    early = refunds.refund_figures("2026-01-01")
    assert list(early["figure_id"]) == []  # Reuters' 133.5 was reported on 9 January 2026
    assert "no figure" in prose.refunds_summary(early, refunds.refund_events("2026-01-01"))


def test_trade_in_two_years():
    change = trade.trade_years(PARTNERS).set_index("country")
    # since December 2026 the record has 2025 for every partner: the first release for Japan, Korea, China and
    # Taiwan (JPN.us_goods_balance.2025 ...), Census's annual revision of June 2026 for the others
    # (VNM.us_goods_exports.2025 ...), each set against 2024 in the same release (VNM.us_goods_exports.2024.2 ...)
    assert set(change.index) == set(PARTNERS) and change["same_vintage"].all()
    jpn = change.loc["JPN"]
    # Census first releases: JPN.us_goods_balance.2024 (-68,467.7) and .2025 (-63,883.1), USD million
    assert round(jpn["surplus_2024"], 1) == 68.5 and round(jpn["surplus_2025"], 1) == 63.9
    assert change.loc["VNM", "vintage_2024"] == change.loc["VNM", "vintage_2025"] == "annual revision of June 2026"
    text = prose.trade_summary(change.reset_index(), PARTNERS)
    assert (
        "It shrank with 3 of them (China, Japan and South Korea) and grew with Vietnam, Taiwan, India and Laos" in text
    )
    assert "first releases" not in text.split("It shrank")[0]  # the years of most partners are not first releases
    assert "for India, Laos and Vietnam the 2025 figure is the Census Bureau's annual revision of June 2026" in text
    # the first release of 2025 came out on 19 February 2026, the revision in June 2026
    assert trade.trade_years(PARTNERS, "2026-01-01").empty
    assert set(trade.trade_years(PARTNERS, "2026-03-01")["country"]) == {"JPN", "KOR", "TWN", "CHN"}


def test_the_lede_counts_from_the_data(letters):
    text = intro.lede(letters)
    assert text.startswith("From 2 April 2025 to 23 November 2026, the duty on the 14 partners")
    assert "3 statutes" in text and "Section 122 (+10%) from 24 February to 23 July 2026" in text
    # every letter partner has a row after 23 July 2026 since December 2026 (GAP_PARTNERS): no sentence about the
    # ones without a rate
    assert "For 7 of them" not in text


def test_what_the_sources_left_unconfirmed():
    rows = caveats.unconfirmed(PARTNERS)
    assert len(rows)
    for s in rows["sentence"]:
        assert "unconfirmed" in s.lower() and "confirmed by" not in s.lower()
    assert (rows["date"] >= pd.Timestamp("2026-02-20")).all()
    # the note of 7 May 2026 calls the stay of 12 June unconfirmed; the record has it since, confirmed
    # (2026-06-12.ALL.court_ruling: 'confirmed here by TaxProf Blog'), so the page does not say otherwise
    assert not rows["sentence"].str.contains("12 June").any()
    # before the ruling there is nothing after it to be unsure of (an AS_OF book of July 2025)
    assert caveats.unconfirmed(PARTNERS, "2025-07-08").empty
    assert "23 November 2026" in caveats.horizon_note()


# ---------------------------------------------------------------- the charts


def layers(spec) -> list[dict]:
    return spec["layer"]


def marks(spec) -> list[str]:
    return [m["mark"] if isinstance(m["mark"], str) else m["mark"]["type"] for m in layers(spec)]


def test_basis_chart_is_one_layered_view_that_fits_its_box(segments):
    spec = cr.basis_chart(segments, events.regime_notes(segments)).to_dict()
    assert "layer" in spec and not ({"vconcat", "hconcat", "concat", "facet"} & set(spec))
    assert spec["width"] == 640 and spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    kinds = marks(spec)
    # the spans (faded, and solid up to the day the reader chooses), the statute's first day, the notes' rule and
    # the chosen day's rule
    assert kinds.count("bar") == 2 and kinds.count("point") == 1 and kinds.count("rule") == 2
    assert kinds.count("text") >= 3  # rate labels and the notes
    assert [c["param"] for c in spec["usermeta"]["tariffbook"]["controls"]] == ["as_of"]
    names = {"Japan", "South Korea", "Taiwan", "Vietnam", "Laos", "India"}
    assert all(n in spec["description"] for n in names)
    assert "Japan 12.5% total (Section 301)" in spec["description"]
    # Laos is not among the memorandum's 60 economies: its row of 0 (LAO.tariff_rate_in_force.2026-07-24) is 'no
    # duty', not a gap in the record
    assert "Laos not in the record" not in spec["description"] and "Laos no duty" in spec["description"]
    legend = [b for b in spec["datasets"].values() if b and "basis" in b[0]][0]
    # the legend names what is drawn: no gap among these partners since Laos has its row of 0, but 'no duty'
    assert {row["basis"] for row in legend} == {"IEEPA", "Section 122", "Section 301", spans.NO_DUTY}
    with_gap = spans.basis_segments([*PARTNERS, NO_ROW])
    spec = cr.basis_chart(with_gap, events.regime_notes(with_gap)).to_dict()
    legend = [b for b in spec["datasets"].values() if b and "basis" in b[0]][0]
    assert {row["basis"] for row in legend} == {"IEEPA", "Section 122", "Section 301", spans.NO_DUTY, spans.GAP}
    assert "Singapore not in the record" in spec["description"]


def test_the_strips_follow_the_day_chosen(segments):
    """The page's "As of" slider keeps a span solid up to the day chosen (its last millisecond) and fades the rest:
    Vega's own arithmetic, checked here on the spec's expressions."""
    spec = cr.basis_chart(segments, events.regime_notes(segments)).to_dict()
    text = json.dumps(spec)
    assert "datum.start_ms <= " in text and "min(datum.end_ms, " in text
    front = cr.letter_partners_chart(segments, events.regime_notes(segments)).to_dict()
    assert front["usermeta"]["tariffbook"]["controls"] == [] and "datum.start_ms <= " not in json.dumps(front)


def test_charts_type_no_figures(segments):
    # the same chart from other numbers says the other numbers: nothing in it is typed
    other = segments.copy()
    other.loc[other["rate"] == 12.5, "label"] = "13.5% total"
    other.loc[other["rate"] == 12.5, "rate"] = 13.5
    spec = json.dumps(cr.basis_chart(other).to_dict())
    assert "13.5% total" in spec and "12.5" not in spec
    change = trade.trade_years(PARTNERS).assign(surplus_2025=1.5)
    assert "1.5 in 2025" in trade_years_chart(change).to_dict()["description"]


def test_notes_do_not_overlap_in_the_narrowest_box(segments):
    notes = events.regime_notes(segments)
    names = list(dict.fromkeys(segments["name"]))
    label_px = cr._label_column(names)
    placed = strip_notes._place_notes(notes, spans.FIRST_DAY, segments["end"].max(), label_px)
    assert {"2026-02-20.ALL.court_ruling.2", "2026-02-24.ALL.tariff_change"} <= set(placed["event_id"])
    plot = strip_notes.NARROW_WIDTH - 16 - label_px
    span_days = (segments["end"].max() - spans.FIRST_DAY).days + 1
    boxes = []
    for _, n in placed.iterrows():
        x = (n["date"] - spans.FIRST_DAY).days / span_days * plot
        width = max(len(line) for line in n["lines"]) * strip_notes.CHAR_PX
        a, b = (x + 4, x + 4 + width) if n["side"] == "left" else (x - 4 - width, x - 4)
        assert -label_px <= a and b <= plot
        boxes.append((n["lane"], a, b, x))
    for lane, a, b, _ in boxes:
        for lane2, a2, b2, x2 in boxes:
            if (a, b) != (a2, b2) and lane == lane2:
                assert b < a2 or b2 < a  # no two texts of a lane overlap
            if lane2 > lane:
                assert not a <= x2 <= b  # no line down from a note above crosses a text


def test_the_front_page_chart_names_only_the_key_events(letters):
    spec = cr.letter_partners_chart(letters, events.regime_notes(letters)).to_dict()
    notes = [row for rows in spec["datasets"].values() for row in rows if "event_id" in row and "lines" in row]
    assert {n["event_id"] for n in notes} <= {
        "2026-02-20.ALL.court_ruling.2",
        "2026-02-24.ALL.tariff_change",
        "2026-07-23.ALL.executive_order",
    }
    assert " ".join(spec["title"]["text"]).startswith("The 14 letter partners' duty, 2 Apr 2025 to 23 Nov 2026")
    assert all(name in spec["description"] for name in ("Bosnia and Herzegovina", "Tunisia", "Japan"))


def test_refunds_and_trade_charts():
    spec = refunds_chart(refunds.refund_figures()).to_dict()
    assert spec["autosize"]["type"] == "fit-x" and "about USD 20.6 billion" in spec["description"]
    spec = trade_years_chart(trade.trade_years(PARTNERS)).to_dict()
    rows = [row for rows in spec["datasets"].values() for row in rows if "year" in row]
    sources = {row["year"]: row["source_id"] for row in rows if row["name"] == "Japan"}
    assert sources["2024"] != sources["2025"]  # each year cites its own row's source


# ---------------------------------------------------------------- the chapter's parameters


def test_the_chapter_checks_its_parameters():
    p = params.check("after_the_ruling", {"countries": "Japan, KOR", "as_of": "2026-03-01"}, set())
    assert p.countries == ["JPN", "KOR"] and p.as_of == "2026-03-01"
    first = f"{tb.load_events()['announced_on'].min():%Y-%m-%d}"  # 2025-02-01: event 2025-02-01.CHN.executive_order
    with pytest.raises(ValueError, match=f"Parameter 'as_of' must be a date from {first}"):
        params.check("after_the_ruling", {"countries": ["JPN"], "as_of": "2026-12-01"}, set())
    with pytest.raises(ValueError, match="USA is refused"):
        params.check("after_the_ruling", {"countries": ["USA"], "as_of": "latest"}, set())
