"""One partner's duty over time (tariffbook.analysis.spans): the step series of a country page, its spans.
Each expected value cites the row of data/figures.csv it comes from."""

from __future__ import annotations

import pandas as pd


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
