"""rate_in_force through the regimes (IEEPA, Section 122, Section 301) against dated facts, with the legal basis.

Each expected value cites the row of data/figures.csv it must come from and that row's source (the document that
set the rate). public-facts-2026.md is ../shared/sources/public-facts-2026.md ("Tariff rates for the partners,
by period").
"""

from __future__ import annotations

import pandas as pd
import pytest

import tariffbook as tb
from tariffbook import domain

MEMO = "whitehouse-2026-07-23-memorandum-section-301-forced-labor"  # the memorandum of 23 July 2026, sec. 1(a)
S122 = "whitehouse-2026-02-20-proclamation-section-122"  # Proclamation 11012, clauses (1) and (7)
S122_ROW = "ALL.tariff_rate_in_force.2026-02"  # period 2026-02-24/2026-07-23

FACTS = [
    # (country, on, known_on, rate, legal_basis, applies_as, instrument, base row, base row's source)
    # -- 2025, IEEPA
    # the 10% baseline of EO 14257 from 12:01 a.m. EDT 5 April 2025 (White House fact sheet of 2 April)
    ("JPN", "2025-04-05", None, 10, "ieepa", "additional", "EO 14257", "ALL.tariff_rate_baseline.2025-04-05",
     "whitehouse-2025-04-02-fact-sheet-national-emergency"),
    # Vietnam's Annex I 46% applied on 9 April (HTS 9903.01.69 as inserted by EO 14257); paused from 10 April
    ("VNM", "2025-04-09", None, 46, "ieepa", "additional", "EO 14257", "VNM.tariff_rate_reciprocal.2025-04-02",
     None),
    # the pause: 10% for every partner but China, EO 14266 (CBP CSMS # 64701128, heading 9903.01.25)
    ("KOR", "2025-06-13", None, 10, "ieepa", "additional", "EO 14266", "ALL_EX_CHN.tariff_rate_in_force.2025-04-09",
     "cbp-csms-64701128-via-thompson-hine"),
    # EO 14345 made Japan's 15% a minimum total, retroactively from 7 August 2025 (CBP's guidance of September)
    ("JPN", "2025-08-10", None, 15, "ieepa", "minimum_total", "EO 14345", "JPN.tariff_rate_in_force.2025-08-07",
     "cbp-csms-66242844-japan"),
    # ... but as known on 1 August 2025 it was EO 14326's additional 15% (HTS 9903.02.30), the order then signed; the
    # row quotes the heading from the USITC's chapter 99 text since December 2026, no longer a viewer's screen
    ("JPN", "2025-08-10", "2025-08-01", 15, "ieepa", "additional", "EO 14326", "JPN.tariff_rate_in_force.2025-08-07.6",
     "usitc-hts-2026-rev6-chapter99"),
    # EO 14326 Annex I from 7 August 2025: Korea 15 (additional until 14 November), Vietnam 20, Indonesia 19,
    # Taiwan 20, India 25
    # (Korea: the row quoting the order's Annex I itself, .2, preferred since December 2026)
    ("KOR", "2025-08-10", None, 15, "ieepa", "additional", "EO 14326", "KOR.tariff_rate_in_force.2025-08-07.2",
     "whitehouse-2025-07-31-eo-14326"),
    ("VNM", "2025-08-10", None, 20, "ieepa", "additional", "EO 14326", "VNM.tariff_rate_in_force.2025-08-07", None),
    ("IDN", "2025-08-10", None, 19, "ieepa", "additional", "EO 14326", "IDN.tariff_rate_in_force.2025-08-07", None),
    ("TWN", "2025-08-10", None, 20, "ieepa", "additional", "EO 14326", "TWN.tariff_rate_in_force.2025-08-07", None),
    ("IND", "2025-08-10", None, 25, "ieepa", "additional", "EO 14326", "IND.tariff_rate_in_force.2025-08-07", None),
    # India: + 25% of EO 14329 (Russian oil) from 27 August 2025 (CBP CSMS, heading 9903.01.84): 50 in all
    ("IND", "2025-09-01", None, 50, "ieepa", "additional", "EO 14326", "IND.tariff_rate_in_force.2025-08-07", None),
    # Korea's 15% as a minimum total from 14 November 2025 (FR 2025-21940; CBP CSMS # 67045953)
    ("KOR", "2025-12-01", None, 15, "ieepa", "minimum_total", "FR 2025-21940", "KOR.tariff_rate_in_force.2025-11-14",
     "cbp-csms-67045953-korea"),
    # -- 2026: Section 122, 10% from 24 February to 23 July 2026 (Proclamation 11012, clause (7))
    ("JPN", "2026-03-01", None, 10, "section_122", "additional", "Proclamation 11012", S122_ROW, S122),
    # India's IEEPA surcharge ended with IEEPA: 10%, not 20% or 35%
    ("IND", "2026-03-01", None, 10, "section_122", "additional", "Proclamation 11012", S122_ROW, S122),
    # the last day of Section 122
    ("TWN", "2026-07-23", None, 10, "section_122", "additional", "Proclamation 11012", S122_ROW, S122),
    # as known on 1 January 2026, before the ruling, Japan's 15% minimum total would still have applied
    ("JPN", "2026-03-01", "2026-01-01", 15, "ieepa", "minimum_total", "EO 14345", "JPN.tariff_rate_in_force.2025-08-07",
     "cbp-csms-66242844-japan"),
    # -- 2026: Section 301 forced-labor duties from 24 July 2026 (memorandum of 23 July, sec. 1(a); FR 2026-15181)
    ("JPN", "2026-08-01", None, 12.5, "section_301", "minimum_total", "FR 2026-15181",
     "JPN.tariff_rate_in_force.2026-07-24", MEMO),
    ("KOR", "2026-08-01", None, 12.5, "section_301", "minimum_total", "FR 2026-15181",
     "KOR.tariff_rate_in_force.2026-07-24", MEMO),
    ("TWN", "2026-08-01", None, 10, "section_301", "minimum_total", "FR 2026-15181",
     "TWN.tariff_rate_in_force.2026-07-24", MEMO),
    ("VNM", "2026-08-01", None, 12.5, "section_301", "additional", "FR 2026-15181",
     "VNM.tariff_rate_in_force.2026-07-24", MEMO),
    ("IDN", "2026-08-01", None, 10, "section_301", "additional", "FR 2026-15181",
     "IDN.tariff_rate_in_force.2026-07-24", MEMO),
    ("IND", "2026-08-01", None, 10, "section_301", "additional", "FR 2026-15181",
     "IND.tariff_rate_in_force.2026-07-24", MEMO),
    ("JPN", "2026-11-23", None, 12.5, "section_301", "minimum_total", "FR 2026-15181",
     "JPN.tariff_rate_in_force.2026-07-24", MEMO),
]  # fmt: skip


@pytest.mark.parametrize(
    "country,on,known_on,rate,basis,applies_as,instrument,row,source",
    FACTS,
    ids=[f"{f[0]}-{f[1]}" + (f"-known-{f[2]}" if f[2] else "") for f in FACTS],
)
def test_rate_in_force_through_the_regimes(country, on, known_on, rate, basis, applies_as, instrument, row, source):
    r = tb.rate_in_force(country, on, known_on=known_on)
    assert (r.rate, r.legal_basis, r.applies_as) == (rate, basis, applies_as), r
    assert instrument in r.instrument
    assert r.figure_ids[0] == row
    if source:
        assert r.source_ids[0] == source


def test_at_least_fifteen_dated_facts_across_six_partners_and_both_years():
    assert len(FACTS) >= 15
    assert {f[0] for f in FACTS} >= {"JPN", "KOR", "VNM", "IDN", "IND", "TWN"}
    assert {f[1][:4] for f in FACTS} == {"2025", "2026"}


def test_surcharges_stack_while_their_basis_stands():
    # Brazil: EO 14326's 10% (BRA.tariff_rate_in_force.2025-08-07) + EO 14323's 40% from 6 August 2025
    # (BRA.tariff_rate_additional.2025-08-06, CBP CSMS # 65807735), which took effect the day before the 10%.
    r = tb.rate_in_force("BRA", "2025-08-10")
    assert r.rate == 50 and r.figure_ids == (
        "BRA.tariff_rate_in_force.2025-08-07",
        "BRA.tariff_rate_additional.2025-08-06",
    )
    assert [p.instrument for p in r.parts] == ["EO 14326", "EO 14323"]
    # both ended with IEEPA; Section 122 alone on 1 March 2026
    assert tb.rate_in_force("BRA", "2026-03-01").figure_ids == ("ALL.tariff_rate_in_force.2026-02",)
    # Brazil's own Section 301 25% from 22 July 2026 (FR 2026-14542) on top of Section 122, then of the
    # forced-labor 12.5% (public-facts-2026.md: "+12.5% ..., plus the 25% Brazil Section 301 duty from 22 Jul")
    assert tb.rate_in_force("BRA", "2026-07-22").rate == 35
    r = tb.rate_in_force("BRA", "2026-08-01")
    assert r.rate == 37.5 and [p.legal_basis for p in r.parts] == ["section_301", "section_301"]


def test_parts_say_when_they_end():
    r = tb.rate_in_force("IND", "2025-09-01")
    assert [p.ends_on for p in r.parts] == [pd.Timestamp("2026-02-23")] * 2  # domain.BASIS_ENDED["ieepa"]
    assert tb.rate_in_force("JPN", "2026-03-01").parts[0].ends_on == pd.Timestamp("2026-07-23")  # its period


# Since December 2026 Germany has the EU's 10% minimum total (EU.tariff_rate_in_force.2026-07-24, the memorandum's
# sec. 1(a)(ii)) and Laos a 0 row (LAO.tariff_rate_in_force.2026-07-24: not among the 60 economies): Singapore is the
# partner left without a row after 23 July 2026.
@pytest.mark.parametrize("country", ["SGP"])
def test_after_section_122_a_partner_without_a_record_is_not_in_the_record(country):
    # public-facts-2026.md: the EU's 10% minimum total is not a row of the record; Laos and Myanmar are not among
    # the 60 economies (unconfirmed); Singapore was not investigated. The record has no rate for them after 23 July
    # 2026, and the Section 122 rate (ended) must not be carried forward.
    r = tb.rate_in_force(country, "2026-08-01")
    assert r is not None and not r.in_record and r.rate is None and r.figure_ids == ()
    assert r.reason.startswith("Not in the record") and "23 July 2026" in r.reason
    assert tb.rate_in_force(country, "2026-07-23").rate == 10


def test_before_any_tariff_there_is_no_rate():
    assert tb.rate_in_force("JPN", "2025-04-04") is None


def test_ieepa_end_matches_the_record():
    # domain.BASIS_ENDED states the last IEEPA day; the events it cites must say the same.
    last, known = domain.BASIS_ENDED["ieepa"]
    ev = tb.load_events().set_index("event_id")
    assert ev.loc["2026-02-24.ALL.tariff_change.2", "effective_on"] == last + pd.Timedelta(days=1)
    assert "IEEPA" in ev.loc["2026-02-24.ALL.tariff_change.2", "summary"]
    assert ev.loc["2026-02-20.ALL.court_ruling.2", "announced_on"] == known


@pytest.mark.parametrize("call", [tb.rate_in_force, tb.rates_announced])
def test_past_the_horizon_is_refused(call):
    assert tb.horizon() == pd.Timestamp("2026-11-23")
    call("JPN", "2026-11-23")
    with pytest.raises(ValueError, match="the record is checked through 2026-11-23"):
        call("JPN", "2026-11-24")


def test_known_on_past_the_horizon_is_refused():
    with pytest.raises(ValueError, match="known_on 2027-01-01 is after the record's horizon"):
        tb.rate_in_force("JPN", "2026-01-01", known_on="2027-01-01")


def status(country, as_of):
    t = tb.rates_announced(country, as_of)
    return {r["figure_id"]: r["status"] for _, r in t.iterrows()}


def test_statuses_through_2026():
    s = status("JPN", "2026-03-01")
    assert s["ALL.tariff_rate_in_force.2026-02"] == "in_force"
    # the 15% announced on Truth Social on 21 February 2026 (the post, ALL.tariff_rate_in_force.2026-02.6, and four
    # other non-preferred reports) never took effect: it is listed once, as threatened
    fifteen = tb.rates_announced("JPN", "2026-03-01").query("value == 15 and metric == 'tariff_rate_in_force'")
    assert dict(zip(fifteen["figure_id"], fifteen["status"], strict=True)) == {
        "ALL.tariff_rate_in_force.2026-02.6": "threatened",  # the 15% surcharge, once
        "JPN.tariff_rate_in_force.2025-08-07": "struck_down",  # EO 14345's 15%, ended with IEEPA
    }
    assert s["JPN.tariff_rate_in_force.2025-08-07"] == "struck_down"
    assert s["JPN.tariff_rate_letter.2025-07-07"] == "superseded"
    s = status("JPN", "2026-08-01")
    assert s["ALL.tariff_rate_in_force.2026-02"] == "ended"
    assert s["JPN.tariff_rate_in_force.2026-07-24"] == "in_force"
    # the polysilicon proclamation of 6 August 2026: 15% in total for Japan from 4 December 2026
    assert status("JPN", "2026-11-23")["JPN.tariff_rate_sectoral.polysilicon.2026-12-04"] == "announced"
    # India: proposed at 12.5% on 2 June 2026, set at 10% on 23 July
    assert status("IND", "2026-06-10")["IND.tariff_rate_proposed.2026-06-02"] == "announced"
    assert status("IND", "2026-08-01")["IND.tariff_rate_proposed.2026-06-02"] == "superseded"


def test_statuses_follow_what_was_known():
    # on 10 August 2025 the record knew EO 14326's additional 15%, not EO 14345 (4 September)
    s = status("JPN", "2025-08-10")
    assert s["JPN.tariff_rate_in_force.2025-08-07.6"] == "in_force"
    assert "JPN.tariff_rate_in_force.2025-08-07" not in s


def test_rates_announced_names_the_legal_basis():
    t = tb.rates_announced("KOR", "2026-08-01").set_index("figure_id")
    row = t.loc["KOR.tariff_rate_in_force.2026-07-24"]
    assert (row["legal_basis"], row["applies_as"], row["status"]) == ("section_301", "minimum_total", "in_force")
    assert "FR 2026-15181" in row["instrument"]
