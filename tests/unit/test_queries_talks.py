"""The talks of Japan's chapter: each event once, each reported length on its own event (issue 19, item 4)."""

from __future__ import annotations

import pandas as pd
import pytest

from tariffbook import charts
from tariffbook.analysis import queries as q
from tariffbook.analysis import talks as tk
from tariffbook.charts import exports


@pytest.fixture(scope="module")
def talks() -> pd.DataFrame:
    return tk.talks(["JPN", "KOR"])


def _minutes(talks: pd.DataFrame, event_id: str):
    return talks.set_index("event_id").loc[event_id, "minutes"]


def test_each_event_is_one_row(talks):
    assert talks["event_id"].is_unique


def test_every_length_in_the_record_joins_exactly_one_event(talks):
    """The rule (talks.talk_lengths): the talk of the same country on the day the length's period names; on a day
    with several talks, the one quoting the same sentence, else the one of the same source."""
    lengths = q.preferred()
    lengths = lengths[lengths["metric"] == "talk_length_minutes"]
    assert sorted(talks["length_figure_id"].dropna()) == sorted(lengths["figure_id"])


def test_the_calls_of_3_and_5_july_each_have_their_own_length(talks):
    """One sentence of 6 July 2025 gives both: 'about 45 minutes ... on Thursday and about an hour ... on Saturday'
    (JPN.talk_length_minutes.2025-07-03 and .2025-07-05, both of japan-news-2025-07-06-politics-government)."""
    assert _minutes(talks, "2025-07-03.JPN.phone_call") == 45
    assert _minutes(talks, "2025-07-05.JPN.phone_call") == 60


def test_round_1_has_the_length_the_record_gives_it(talks):
    """About an hour with Trump at the White House (JPN.talk_length_minutes.2025-04-16, from another article of the
    same paper as the event's own)."""
    assert _minutes(talks, "2025-04-16.JPN.negotiation_round") == 60


def test_on_a_day_with_a_round_and_a_call_the_length_goes_to_the_talk_it_measures(talks):
    """23 May 2025: the Ishiba–Trump call lasted about 45 minutes (JPN.talk_length_minutes.2025-05-23); 13 June 2025:
    about 20 minutes (JPN.talk_length_minutes.2025-06-13, the round's own source quotes it too): the rounds of those
    days have no single length."""
    assert _minutes(talks, "2025-05-23.JPN.phone_call") == 45
    assert pd.isna(_minutes(talks, "2025-05-23.JPN.negotiation_round"))
    assert _minutes(talks, "2025-06-13.JPN.phone_call") == 20
    assert pd.isna(_minutes(talks, "2025-06-13.JPN.negotiation_round"))


def test_the_charts_csv_lists_each_event_once(talks):
    spec = charts.talks_chart(talks).to_dict()
    rows = exports.plotted_rows(spec)
    ids = [r["event_id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(talks)


def test_the_chart_runs_to_the_day_of_the_page():
    """The talks end in March 2026, the record on its horizon: the axis reaches the page's day."""
    from tariffbook.data.load import horizon

    spec = charts.talks_chart(tk.talks(["JPN", "KOR"]), end=horizon()).to_dict()
    x = [layer["encoding"]["x"] for layer in spec["layer"] if "x" in layer.get("encoding", {})]
    assert ["2025-02-07", "2026-11-23"] in [e.get("scale", {}).get("domain") for e in x]
