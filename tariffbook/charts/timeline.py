"""Timeline charts.

What was announced and when, with an 'as of' slider (timeline_chart), and the rounds, calls and meetings of the
negotiations (talks_chart). Data: tariffbook.analysis.queries.timeline and talks.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts.common import epoch_ms, finish
from tariffbook.charts.theme import OKABE_ITO, WIDTH


def timeline_chart(events: pd.DataFrame, as_of: str) -> alt.Chart:
    """Events by date and type; an 'as of' slider fades everything announced after the chosen day."""
    df = events.copy()
    t0 = pd.Timestamp("2025-01-01")
    df["day"] = (df["announced_on"] - t0).dt.days
    df["date"] = df["announced_on"].dt.strftime("%Y-%m-%d")
    start, end = int(df["day"].min()), int(df["day"].max())
    cut = min(max(int((pd.Timestamp(as_of) - t0).days), start), end)
    pick = alt.param(
        name="asof",
        value=cut,
        bind=alt.binding_range(min=start, max=end, step=1, name="As of (days since 1 Jan 2025) "),
    )
    base = alt.Chart(df).encode(
        x=alt.X("announced_on:T", title="Announced or held", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("event_type:N", title=None),
    )
    dots = (
        base.mark_point(filled=True, size=70)
        .encode(
            color=alt.Color("status:N", title="Status"),
            shape=alt.Shape("status:N", title="Status"),
            opacity=alt.condition(alt.datum.day <= pick, alt.value(0.95), alt.value(0.08)),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("name:N", title="Who"),
                alt.Tooltip("summary:N", title="What"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
        .add_params(pick)
    )
    marker = (
        alt.Chart(pd.DataFrame({"t0": [int(epoch_ms(pd.Series([t0])).iloc[0])]}))
        .transform_calculate(when="datum.t0 + asof * 86400000")
        .transform_calculate(label="'as of ' + timeFormat(datum.when, '%d %b %Y')")
    )
    rule = marker.mark_rule(color=OKABE_ITO[3], strokeDash=[4, 3]).encode(x="when:T")
    label = marker.mark_text(align="left", color=OKABE_ITO[3], fontWeight="bold").encode(
        x=alt.value(0), y=alt.value(-8), text="label:N"
    )
    shown = df[df["day"] <= cut]
    desc = (
        f"Timeline of {len(df)} events by type from {df['announced_on'].min():%d %b %Y} "
        f"to {df['announced_on'].max():%d %b %Y}; "
        f"a slider sets the 'as of' date (now {pd.Timestamp(as_of):%d %b %Y}, {len(shown)} events announced by then)."
    )
    return finish(
        alt.layer(dots, rule, label).properties(width=WIDTH, height=max(220, 28 * df["event_type"].nunique())),
        "What was announced, and when",
        "Drag the slider to see the story as it stood on a day",
        df,
        desc,
    )


def talks_chart(events: pd.DataFrame) -> alt.Chart:
    """Japan's and Korea's talks: rounds, calls and meetings by date, one row per country."""
    df = events.copy()
    df["date"] = df["announced_on"].dt.strftime("%Y-%m-%d")
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("announced_on:T", title="Date", axis=alt.Axis(format="%d %b")),
            y=alt.Y("name:N", title=None),
            color=alt.Color("event_type:N", title="Kind"),
            shape=alt.Shape("event_type:N", title="Kind"),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("summary:N", title="What"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    desc = (
        f"Timeline of {len(df)} negotiation rounds, calls, meetings and deals: "
        + "; ".join(f"{r['date']} {r['name']} {r['event_type']}" for _, r in df.iterrows())
        + "."
    )
    return finish(
        chart.properties(width=WIDTH, height=60 + 50 * df["name"].nunique()),
        "Round by round to a deal",
        "Negotiation rounds, leaders' and ministers' calls, meetings and deals",
        df,
        desc,
    )
