"""rate_in_force / rates_announced against dated facts. Each expected value cites where it comes from
(public-facts.md = ../shared/sources/public-facts.md; 000/002 = the two source articles; a row id = data/figures.csv).
The dated facts of 2025 and 2026, with their legal basis, are in test_regimes.py."""

from __future__ import annotations

import pandas as pd
import pytest

import tariffbook as tb
from tariffbook.analysis.announced import headline_announced


def status(country, as_of):
    t = tb.rates_announced(country, as_of)
    return {(r["metric"], r["value"]): r["status"] for _, r in t.iterrows()}


@pytest.mark.parametrize(
    "country,on,expected",
    [
        # public-facts.md 2a: 10% baseline from 12:01 a.m. ET 5 April 2025; nothing before.
        ("JPN", "2025-04-04", None),
        ("JPN", "2025-04-05", 10),
        # THA.tariff_rate_reciprocal.2025-04-02 (HTS 9903.01.65, USITC): Thailand's Annex I 36% applied to goods
        # entered on 9 April; CBP applied the pause from 12:01 a.m. ET 10 April (CSMS # 64701128, row
        # ALL_EX_CHN.tariff_rate_in_force.2025-04-09), not 'immediately' on 9 April as Trump's post said.
        ("THA", "2025-04-09", 36),
        ("THA", "2025-04-10", 10),
        # 002: on 13 June 2025 Japan faced 10%, "a bump to 24% from 10%" if the pause ended.
        ("JPN", "2025-06-13", 10),
        # 5b: EO 14326 Annex I from 7 August 2025: Japan 15, South Korea 15, Vietnam 20, Indonesia 19, Thailand 19.
        ("JPN", "2025-08-10", 15),
        ("KOR", "2025-08-10", 15),
        ("VNM", "2025-08-10", 20),
        ("IDN", "2025-08-10", 19),
        ("THA", "2025-08-10", 19),
        # 5b: India 25% plus 25% from 27 August 2025 (total 50).
        ("IND", "2025-09-01", 50),
        # 5a: South Korea's 15% un-stacked from 14 November 2025.
        ("KOR", "2025-12-01", 15),
        # 5e: Section 122 10% for all from 24 February 2026, after the Supreme Court ruling.
        ("JPN", "2026-03-01", 10),
        # 5b: EU 15% all-in applies to Germany; countries not in Annex I keep 10%.
        ("DEU", "2025-08-10", 15),
        ("SGP", "2025-08-10", 10),
    ],
)
def test_rate_in_force(country, on, expected):
    r = tb.rate_in_force(country, on)
    assert (r.rate if r else None) == expected


def test_rate_in_force_names_its_rows():
    r = tb.rate_in_force("India", "2025-09-01")
    # the surcharge's row quotes HTS heading 9903.01.84 from the USITC's text since December 2026 (.3)
    assert r.base_rate == 25 and r.figure_ids == (
        "IND.tariff_rate_in_force.2025-08-07",
        "IND.tariff_rate_additional.2025-08-27.3",
    )


def test_known_on_excludes_later_announcements():
    # EO 14326 was signed on 31 July 2025; as known on 25 July, 7 August would still be under the 10% pause.
    assert tb.rate_in_force("JPN", "2025-08-10", known_on="2025-07-25").rate == 10


def test_japan_on_1_june_2025():
    # 2a + 2b: 10% in force, the 24% of 2 April paused: it applied on 9 April (JPN.tariff_rate_reciprocal.2025-04-02,
    # HTS 9903.01.53) and was suspended from 10 April by the pause (CSMS # 64701128), which still ran on 1 June.
    s = status("JPN", "2025-06-01")
    assert s[("tariff_rate_in_force", 10)] == "in_force"
    assert s[("tariff_rate_reciprocal", 24)] == "paused"


def test_japan_on_8_july_2025():
    # 000 / 3: the letter of 7 July sets 25% from 1 August; it is the headline announced rate.
    s = status("JPN", "2025-07-08")
    assert s[("tariff_rate_letter", 25)] == "announced"
    assert headline_announced("JPN", "2025-07-08")["value"] == 25


def test_japan_after_the_deal():
    # 5a: deal of 22 July 2025 at 15% supersedes the letter; Bessent's 25% 'boomerang' is a threat.
    s = status("JPN", "2025-07-25")
    assert s[("tariff_rate_letter", 25)] == "superseded"
    assert s[("tariff_rate_deal", 15)] == "agreed"
    assert s[("tariff_rate_threatened", 25)] == "threatened"


def test_korea_on_8_july_2025():
    # 000: "the 25 percent tax on its exports" announced; 10% still in force.
    s = status("KOR", "2025-07-08")
    assert s[("tariff_rate_letter", 25)] == "announced" and s[("tariff_rate_in_force", 10)] == "in_force"


def test_vietnam_deal_before_it_took_effect():
    # 5a: Vietnam deal announced 2 July 2025 at 20%; in force only from 7 August (5b).
    s = status("VNM", "2025-07-03")
    assert s[("tariff_rate_deal", 20)] == "agreed" and s[("tariff_rate_in_force", 10)] == "in_force"


def test_indonesia_between_deal_and_new_rates():
    # 3 + 5a: letter 32% (7 July) superseded by the 19% deal of 15 July.
    s = status("IDN", "2025-07-20")
    assert s[("tariff_rate_letter", 32)] == "superseded" and s[("tariff_rate_deal", 19)] == "agreed"


def test_thailand_announced_rate_pending_on_2_august():
    # 5b: EO 14326 signed 31 July, 19% effective 7 August.
    s = status("THA", "2025-08-02")
    assert s[("tariff_rate_in_force", 19)] == "announced"


def test_names_and_codes_both_work():
    assert tb.rate_in_force("South Korea", "2025-08-10") == tb.rate_in_force("KOR", "2025-08-10")


@pytest.mark.parametrize(
    "country,match", [("Japn", "did you mean 'Japan'"), ("", "ISO3 code"), ("ZZZ", "unknown country")]
)
def test_unknown_country_is_a_clear_error(country, match):
    with pytest.raises(ValueError, match=match):
        tb.rate_in_force(country, "2025-08-10")


def test_countries_outside_the_model_are_refused():
    with pytest.raises(ValueError, match="does not cover CAN"):
        tb.rate_in_force("Canada", "2025-08-10")


# China through every regime (issue 18): each day, the duty and its parts with the instrument of each, from the
# rows of data/figures.csv named (their quotes are the orders' own words, archived in data/documents/).
CHINA = [
    # only the IEEPA fentanyl duty (EO 14228: 20% from 4 March 2025) before the baseline of 5 April
    ("2025-04-02", 20, [(20, "EO 14228")]),
    # the 10% baseline of EO 14257 applied to China too, with the fentanyl duty 'in addition to any other duties'
    ("2025-04-05", 30, [(10, "EO 14257"), (20, "EO 14228")]),
    ("2025-04-09", 104, [(84, "EO 14259"), (20, "EO 14228")]),  # CHN.tariff_rate_in_force.2025-04-09
    ("2025-04-10", 145, [(125, "EO 14266"), (20, "EO 14228")]),  # CHN.tariff_rate_in_force.2025-04-10
    ("2025-05-14", 30, [(10, "EO 14298"), (20, "EO 14228")]),  # Geneva: 24 points suspended for 90 days
    # EO 14326 of 31 July 2025 did not modify China's reciprocal rate (2025-07-31.CHN.statement): still EO 14298
    ("2025-08-07", 30, [(10, "EO 14298"), (20, "EO 14228")]),
    ("2025-08-12", 30, [(10, "EO 14334"), (20, "EO 14228")]),  # Stockholm: the suspension extended
    # the Busan deal: the fentanyl duty cut by 10 points from 10 November 2025 (its order's number not found)
    ("2025-11-10", 20, [(10, "CSMS 66749380"), (10, None)]),
    ("2026-02-23", 20, [(10, "CSMS 66749380"), (10, None)]),  # the last day of the IEEPA duties
    ("2026-02-24", 10, [(10, "Proclamation 11012")]),  # Section 122, all partners (ALL.tariff_rate_in_force.2026-02)
    ("2026-07-24", 12.5, [(12.5, "FR 2026-15274; FR 2026-15181")]),  # the forced-labor Section 301 duty
    ("2026-11-23", 12.5, [(12.5, "FR 2026-15274; FR 2026-15181")]),  # the horizon
]


@pytest.mark.parametrize("day,rate,parts", CHINA)
def test_china_through_every_regime(day, rate, parts):
    r = tb.rate_in_force("CHN", day)
    assert r.rate == rate
    assert [(p.value, p.instrument) for p in r.parts] == parts
    assert all(p.applies_as == "additional" for p in r.parts)  # each on top of the normal duty and of the others
    if len(parts) > 1:
        assert "; plus " in r.describe()  # the answer says how they stack


def test_chinas_section_301_lists_are_duties_by_product_not_country_wide():
    """The 2018-2019 Section 301 lists (tariff_rate_product_list) stay out of the headline rate and show by product."""
    duties = tb.duties_in_force("CHN", "2026-08-01").set_index("group")
    assert duties.loc["country_wide", "rate"] == 12.5
    lists = duties[duties.index.str.startswith("s301_")]
    assert len(lists) and (lists["stacks"].dropna() == "yes").all()


def test_the_united_states_is_not_a_partner():
    with pytest.raises(ValueError, match="trading partners"):
        tb.rate_in_force("USA", "2025-08-10")


def test_bad_date_is_a_clear_error():
    with pytest.raises(ValueError, match="on must be a date"):
        tb.rate_in_force("JPN", "next tuesday")


def test_talk_lengths_attach_to_their_own_event():
    from tariffbook.analysis import queries as q

    t = q.talks(["JPN"]).set_index(["announced_on", "event_type"])
    # public-facts.md 6: on 23 May 2025 the Ishiba–Trump call lasted about 45 minutes; round 3 the same day
    # has no single length (Lutnick 90 minutes, Greer two hours).
    day = pd.Timestamp("2025-05-23")
    assert t.loc[(day, "phone_call"), "minutes"] == 45
    assert pd.isna(t.loc[(day, "negotiation_round"), "minutes"])
    # 002: the Ishiba–Trump call of 13 June 2025 lasted "around 20 minutes"
    assert t.loc[(pd.Timestamp("2025-06-13"), "phone_call"), "minutes"] == 20


def test_countries_outside_the_model_get_only_their_own_stage_rows():
    from tariffbook.analysis import queries as q

    # public-facts.md 5b: EO 14326 "does not modify the Reciprocal Tariff on China"; Canada and Mexico were
    # exempt from the reciprocal tariffs (2b). No group rate may be shown for them, except the 10% baseline of
    # 5 April 2025 where it applied: to China (ALL.tariff_rate_baseline.2025-04-05, EO 14257), not to Canada or
    # Mexico.
    s = q.stage_rates(["CHN", "CAN", "MEX"])
    assert set(zip(s["country"], s["stage"], strict=True)) == {
        ("CHN", "Baseline (5 Apr)"),
        ("CHN", "2 April rate"),
        ("CAN", "Letter"),
        ("MEX", "Letter"),
    }


def test_a_blank_stage_says_what_it_means():
    from tariffbook.analysis import queries as q

    t = q.stage_table(["JPN", "CHN", "CAN", "LBY", "SGP"]).set_index("country")
    # JPN: every stage in the record (24 / 25 / 15 / 15: JPN.tariff_rate_reciprocal.2025-04-02, ...)
    assert t.loc["JPN"].tolist()[1:] == ["10", "24", "25", "15", "15"]
    # exempt (domain.DID_NOT_APPLY): Canada from the 2 April tariffs, China from EO 14326's rates
    assert t.loc["CAN", "2 April rate"] == "did not apply"
    assert t.loc["CHN", "In force (7 Aug)"] == "did not apply"
    # Libya was on the 2 April Annex I (issue 9 "Gaps"), but its rate is not in the record
    assert t.loc["LBY", "2 April rate"] == "not in the record"
    assert t.loc["SGP", "Letter"] == "not in the record"
    # before the letters there is no letter column at all
    assert list(q.stage_table(["JPN"], "2025-04-15").columns) == ["country", "name", "Baseline (5 Apr)", "2 April rate"]


def test_rate_steps_run_to_the_horizon_and_say_where_the_record_stops():
    from tariffbook.analysis import spans

    s = spans.rate_steps("SGP")
    # the Section 122 10% through its last day (23 July 2026), then nothing in the record to the horizon (Germany,
    # used here before, has the EU's 10% minimum total from 24 July 2026 since December 2026:
    # EU.tariff_rate_in_force.2026-07-24)
    tail = s.tail(3)
    assert [f"{d:%Y-%m-%d}" for d in tail["date"]] == ["2026-07-23", "2026-07-24", "2026-11-23"]
    assert tail["status"].tolist() == ["in_force", "not_in_record", "not_in_record"]
    assert tail["rate"].iloc[0] == 10 and tail["rate"].iloc[1:].isna().all()
    # Singapore's 10% changes legal basis on 24 February 2026 (IEEPA -> Section 122): a step of its own
    sgp = spans.rate_steps("SGP")
    assert sgp[sgp["date"] == pd.Timestamp("2026-02-24")]["legal_basis"].tolist() == ["section_122"]


def test_a_step_ends_where_what_a_reader_sees_changes():
    """Issue 19, item 2: South Korea's 15% on top of the normal duty from 7 August 2025 became 15% in total on
    14 November 2025 (KOR.tariff_rate_in_force.2025-11-14): the same number, another way of applying, a step."""
    from tariffbook.analysis import spans

    steps = spans.rate_steps("KOR").set_index("date")
    assert steps.loc[pd.Timestamp("2025-08-07"), "applies_as"] == "additional"
    assert steps.loc[pd.Timestamp("2025-11-14"), "applies_as"] == "minimum_total"
    assert steps.loc[pd.Timestamp("2025-11-14"), "rate"] == 15


def test_each_stage_is_drawn_at_its_day_and_the_rate_in_force_runs_on_to_the_horizon():
    """Issue 19, item 7: the stage chart put 'Deal' before 'In force (7 Aug)' for deals made later, and stopped in
    2025. On a date axis each stage sits at the day it was announced or took effect."""
    from tariffbook.analysis import queries as q

    p = q.stage_points(["THA", "JPN"])
    tha = p[p["country"] == "THA"].reset_index(drop=True)
    # THA.tariff_rate_in_force.2025-08-07 (effective 7 August) comes before THA.tariff_rate_deal.2025-10-26
    order = list(tha["stage"])
    assert order.index("In force (7 Aug)") < order.index("Deal")
    assert tha.set_index("stage").loc["Deal", "date"] == pd.Timestamp("2025-10-26")
    assert tha.set_index("stage").loc["Baseline (5 Apr)", "date"] == pd.Timestamp("2025-04-05")
    jpn = p[(p["country"] == "JPN") & (p["stage"] == q.IN_FORCE_AFTER)]
    # ALL.tariff_rate_in_force.2026-02 (Section 122, +10%) and JPN.tariff_rate_in_force.2026-07-24 (12.5% in total)
    assert list(zip(jpn["date"], jpn["value"], jpn["applies_as"], strict=True)) == [
        (pd.Timestamp("2026-02-24"), 10, "additional"),
        (pd.Timestamp("2026-07-24"), 12.5, "minimum_total"),
    ]
    # as known on 1 September 2025: nothing after 7 August yet, and Japan's 15% of 7 August as EO 14326 added it
    early = q.stage_points(["JPN"], "2025-09-01")
    assert q.IN_FORCE_AFTER not in set(early["stage"])
    assert early.set_index("stage").loc["In force (7 Aug)", "applies_as"] == "additional"


def test_a_rate_the_record_stops_breaks_the_line():
    from tariffbook.analysis import queries as q

    # Singapore: the Section 122 10% ended on 23 July 2026 and the record has nothing after it
    sgp = q.stage_points(["SGP"])
    last = sgp.iloc[-1]
    assert pd.isna(last["value"]) and last["date"] == pd.Timestamp("2026-07-24")
    assert last["run"] > sgp.iloc[0]["run"]


def test_the_stages_paragraph_comes_from_the_rows():
    from tariffbook.analysis.prose import rates as prose

    text = prose.stages_intro()
    # ALL.tariff_rate_baseline.2025-04-05, ALL_EX_CHN.tariff_rate_in_force.2025-04-09 (from 10 April),
    # NOT_IN_ANNEX_I.tariff_rate_in_force.2025-08-07 (EO 14326 of 31 July), ALL.tariff_rate_in_force.2026-02
    assert text.startswith("Each partner's headline rate went through up to 5 stages in 2025: the 10% baseline from")
    assert "paused from 10 April" in text and "the rate in force from 7 August under EO 14326 of 31 July" in text
    assert "a Section 122 surcharge followed from 24 February to 23 July 2026" in text
    assert "through 23 November 2026" in text
    assert "letters" not in prose.stages_intro("2025-04-15")
