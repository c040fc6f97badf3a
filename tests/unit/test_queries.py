"""The tables the pages chart (tariffbook.analysis.queries) against dated facts: talks and stage rates.
Each expected value cites where it comes from (public-facts.md = ../shared/sources/public-facts.md; 002 = the second
source article; a row id = data/figures.csv)."""

from __future__ import annotations

import pandas as pd


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
