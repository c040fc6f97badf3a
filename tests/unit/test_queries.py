"""The tables the pages chart (tariffbook.analysis.talks, .stages) against dated facts: talks and stage rates.
Each expected value cites where it comes from (public-facts.md = ../shared/sources/public-facts.md; 002 = the second
source article; a row id = data/figures.csv)."""

from __future__ import annotations

import pandas as pd


def test_talk_lengths_attach_to_their_own_event():
    from tariffbook.analysis import talks

    t = talks.talks(["JPN"]).set_index(["announced_on", "event_type"])
    # public-facts.md 6: on 23 May 2025 the Ishiba–Trump call lasted about 45 minutes; round 3 the same day
    # has no single length (Lutnick 90 minutes, Greer two hours).
    day = pd.Timestamp("2025-05-23")
    assert t.loc[(day, "phone_call"), "minutes"] == 45
    assert pd.isna(t.loc[(day, "negotiation_round"), "minutes"])
    # 002: the Ishiba–Trump call of 13 June 2025 lasted "around 20 minutes"
    assert t.loc[(pd.Timestamp("2025-06-13"), "phone_call"), "minutes"] == 20


def test_countries_outside_the_model_get_only_their_own_stage_rows():
    from tariffbook.analysis import stages

    # public-facts.md 5b: EO 14326 "does not modify the Reciprocal Tariff on China"; Canada and Mexico were
    # exempt from the reciprocal tariffs (2b). No group rate may be shown for them, except the 10% baseline of
    # 5 April 2025 where it applied: to China (ALL.tariff_rate_baseline.2025-04-05, EO 14257), not to Canada or
    # Mexico.
    s = stages.stage_rates(["CHN", "CAN", "MEX"])
    assert set(zip(s["country"], s["stage"], strict=True)) == {
        ("CHN", "Baseline (5 Apr)"),
        ("CHN", "2 April rate"),
        ("CAN", "Letter"),
        ("MEX", "Letter"),
    }


def test_a_blank_stage_says_what_it_means():
    from tariffbook.analysis import stages

    t = stages.stage_table(["JPN", "CHN", "CAN", "LBY", "SGP"]).set_index("country")
    # JPN: every stage in the record (24 / 25 / 15 / 15: JPN.tariff_rate_reciprocal.2025-04-02, ...)
    assert t.loc["JPN"].tolist()[1:] == ["10", "24", "25", "15", "15"]
    # exempt (domain.DID_NOT_APPLY): Canada from the 2 April tariffs, China from EO 14326's rates
    assert t.loc["CAN", "2 April rate"] == "did not apply"
    assert t.loc["CHN", "In force (7 Aug)"] == "did not apply"
    # Libya was on the 2 April Annex I (issue 9 "Gaps"), but its rate is not in the record
    assert t.loc["LBY", "2 April rate"] == "not in the record"
    assert t.loc["SGP", "Letter"] == "not in the record"
    # before the letters there is no letter column at all
    early = stages.stage_table(["JPN"], "2025-04-15")
    assert list(early.columns) == ["country", "name", "Baseline (5 Apr)", "2 April rate"]


def test_each_stage_is_drawn_at_its_day_and_the_rate_in_force_runs_on_to_the_horizon():
    """Issue 19, item 7: the stage chart put 'Deal' before 'In force (7 Aug)' for deals made later, and stopped in
    2025. On a date axis each stage sits at the day it was announced or took effect."""
    from tariffbook.analysis import stages

    p = stages.stage_points(["THA", "JPN"])
    tha = p[p["country"] == "THA"].reset_index(drop=True)
    # THA.tariff_rate_in_force.2025-08-07 (effective 7 August) comes before THA.tariff_rate_deal.2025-10-26
    order = list(tha["stage"])
    assert order.index("In force (7 Aug)") < order.index("Deal")
    assert tha.set_index("stage").loc["Deal", "date"] == pd.Timestamp("2025-10-26")
    assert tha.set_index("stage").loc["Baseline (5 Apr)", "date"] == pd.Timestamp("2025-04-05")
    jpn = p[(p["country"] == "JPN") & (p["stage"] == stages.IN_FORCE_AFTER)]
    # ALL.tariff_rate_in_force.2026-02 (Section 122, +10%) and JPN.tariff_rate_in_force.2026-07-24 (12.5% in total)
    assert list(zip(jpn["date"], jpn["value"], jpn["applies_as"], strict=True)) == [
        (pd.Timestamp("2026-02-24"), 10, "additional"),
        (pd.Timestamp("2026-07-24"), 12.5, "minimum_total"),
    ]
    # as known on 1 September 2025: nothing after 7 August yet, and Japan's 15% of 7 August as EO 14326 added it
    early = stages.stage_points(["JPN"], "2025-09-01")
    assert stages.IN_FORCE_AFTER not in set(early["stage"])
    assert early.set_index("stage").loc["In force (7 Aug)", "applies_as"] == "additional"


def test_a_rate_the_record_stops_breaks_the_line():
    from tariffbook.analysis import stages

    # Singapore: the Section 122 10% ended on 23 July 2026 and the record has nothing after it
    sgp = stages.stage_points(["SGP"])
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
