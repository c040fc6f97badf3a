"""Timeline charts.

What was announced and when (timeline_chart): one lane per kind of event, the countries shown and the 'as of'
day chosen in the page (`countries`, `as_of`), events on one day and lane drawn as one dot with their number,
the key events named above the plot. The rounds, calls, meetings and deals of the negotiations (talks_chart).
Data: tariffbook.analysis.queries.timeline and tariffbook.analysis.talks.talks.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts import controls, notes
from tariffbook.charts.common import (
    date_tooltip,
    day_text,
    epoch_ms,
    finish,
    iso_dates,
    line_dict,
    utc_x,
    wrapped_labels,
)
from tariffbook.charts.theme import WIDTH
from tariffbook.data.countries import covers, is_iso3
from tariffbook.data.load import horizon
from tariffbook.domain import ALL_PARTNER_GROUPS, GROUP_MEMBERS
from tariffbook.words import VEGA_DAY, label

LANES = (
    "letter",
    "executive_order",
    "tariff_change",
    "agreement",
    "negotiation_round",
    "meeting",
    "phone_call",
    "statement",
    "deadline",
    "court_ruling",
    "lawsuit",
    "investigation",
    "refund",
    "legislation",
    "election",
)
"""The order of the timeline's lanes (event types); a type not listed goes last."""

EVERYONE = "*"
"""In an event's `covers`: the event concerns every country (a row for all partners)."""

LANE_PX = {False: 24, True: 32}
"""The height of one lane, wide and narrow (narrow lanes hold two-line labels)."""

PLOT_PX = {False: 410, True: 200}
"""The plot's width in the narrowest box of each side of the breakpoint (for placing the notes)."""


def _covers(code: str, options: list[str]) -> list[str]:
    """Which of `options` an event row concerns; [EVERYONE] for a row that concerns (nearly) every partner."""
    if code in ALL_PARTNER_GROUPS:
        return [EVERYONE]
    return [c for c in options if c == code or (code in GROUP_MEMBERS and covers(code, c))] or ["none"]


def _options(events: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, name) of every country with events of its own, by name: what the countries control offers."""
    pairs = {(c, n) for c, n in zip(events["country"], events["name"], strict=True) if is_iso3(c)}
    return sorted(pairs, key=lambda p: p[1])


def event_covers(events: pd.DataFrame) -> pd.Series:
    """Which countries each event concerns, among those the countries control offers ('*': every partner).

    A table that follows the timeline's countries control gives its rows these (tariffbook.charts.tables.table).
    """
    codes = [c for c, _ in _options(events)]
    return pd.Series([_covers(c, codes) for c in events["country"]], index=events.index)


def _frame(events: pd.DataFrame) -> pd.DataFrame:
    df = events[["event_id", "announced_on", "event_type", "status", "country", "name", "summary", "publisher",
                 "source_id"]].copy()  # fmt: skip
    df["event_type_label"] = df["event_type"].map(label)
    df["status_label"] = df["status"].map(label)
    df["covers"] = event_covers(events)
    return df


def _notes(events: pd.DataFrame, countries, first, last) -> pd.DataFrame:
    """The notes above the timeline, most important first: letters, orders, deals, rulings.

    Letters, orders (each regime starts with one) and court rulings that concern every partner, and the first
    deal of each country shown at first.
    """
    common = events[events["country"].isin([*ALL_PARTNER_GROUPS, "LETTER14"])]
    noted = notes.key_events(common, ("letter", "executive_order", "court_ruling")).assign(who=EVERYONE)
    noted["priority"] = noted["kind"].map({"letter": 0, "executive_order": 1, "court_ruling": 3})
    deals = [notes.key_events(events[events["country"] == c], ("agreement",)).head(1).assign(who=c) for c in countries]
    noted = pd.concat([noted, *(d.assign(priority=2) for d in deals)], ignore_index=True)
    return notes.place(noted, first, last, PLOT_PX)


def timeline_chart(events: pd.DataFrame, countries, as_of, end=None) -> alt.Chart:
    """Events by date and kind, for the countries shown; everything announced after the 'as of' day fades.

    Args:
        events: every preferred event (tariffbook.analysis.queries.timeline()).
        countries: the countries shown at first (ISO3 codes): their own events and their groups'.
        as_of: the 'as of' day shown at first.
        end: the last day of the axis (default: the horizon, or the last event if later; an 'as of' book passes
            its day): "as of" reaches the day the record was checked through, not only its last event.
    """
    first = events["announced_on"].min()
    last = pd.Timestamp(end) if end is not None else max(events["announced_on"].max(), horizon())
    pick = controls.checklist("countries", "Countries shown", _options(events), countries)
    day = controls.date("as_of", "As of", first, last, as_of)
    df = iso_dates(_frame(events))
    kinds = [label(k) for k in LANES if k in set(events["event_type"])]
    kinds += sorted(set(df["event_type_label"]) - set(kinds))
    lines = alt.param(name="tb_kinds", value=line_dict(kinds, 30, 10))
    seen = f"toDate(datum.announced_on) <= {day.ms_expr()}"
    x = utc_x("announced_on", domain=(first, last))
    base = (
        alt.Chart(df)
        .transform_flatten(["covers"])
        .transform_filter(f"datum.covers == '{EVERYONE}' || indexof(countries, datum.covers) >= 0")
        .transform_aggregate(
            n="distinct(event_id)",
            summary="min(summary)",
            groupby=["announced_on", "event_type_label", "status_label"],
        )
        .transform_calculate(seen=seen)
        .encode(
            x=x,
            y=alt.Y("event_type_label:N", sort=kinds, title=None)
            .scale(domain=kinds)
            .axis(labelExpr=wrapped_labels("tb_kinds"), labelLineHeight=12),
            opacity=alt.when("datum.seen").then(alt.value(0.95)).otherwise(alt.value(0.12)),
        )
    )
    dots = base.mark_point(filled=True, size=70).encode(
        color=alt.Color("status_label:N", title="Status today"),
        shape=alt.Shape("status_label:N", title="Status today"),
        tooltip=[
            date_tooltip("announced_on", "Date"),
            alt.Tooltip("event_type_label:N", title="Kind"),
            alt.Tooltip("status_label:N", title="Status today"),
            alt.Tooltip("n:Q", title="Events"),
            alt.Tooltip("summary:N", title="What (first)"),
        ],
    )
    counts = (
        base.transform_filter("datum.n > 1")
        .mark_text(align="left", dx=6, dy=-6, fontSize=10, fontWeight="bold", style="tb-label")
        .encode(text="n:Q")
    )
    noted = _notes(events, pick.value, first, last)
    keep = f"datum.who == '{EVERYONE}' || indexof(countries, datum.who) >= 0"
    layers = [dots, counts, *notes.layers(iso_dates(noted), keep=keep, seen=seen.replace("announced_on", "day"))]
    layers += _as_of_marker(day)
    shown = events[[bool(set(cv) & {EVERYONE, *pick.value}) for cv in df["covers"]]]
    by_then = shown[shown["announced_on"] <= pd.Timestamp(day.value)]
    desc = (
        f"Timeline of {len(shown)} events concerning {pick.shown()} (their own and their groups'), by kind, "
        f"from {day_text(first)} to {day_text(shown['announced_on'].max())}; {len(by_then)} of them announced or held "
        f"by {day_text(day.value)}. Named above the chart: "
        + "; ".join(" ".join(t) for t in noted.loc[noted["lane_w"] >= 0, "lines"])
        + "."
    )
    height = {n: max(200, LANE_PX[n] * len(kinds)) for n in (False, True)}
    return finish(
        alt.layer(*layers).add_params(lines).properties(width=WIDTH),
        "timeline",
        "What was announced, and when",
        "One dot for each day's events of a kind (a number: several); key events named above. "
        "Events announced after the 'as of' day fade",
        events,
        desc,
        controls=(pick, day),
        height=(height[False], height[True]),
    )


def _as_of_marker(day: controls.Control) -> list[alt.Chart]:
    """A dashed rule on the 'as of' day, with the date at the foot of the plot.

    The date sits right of the rule in the first half of the axis, left of it in the second, so it never leaves
    the plot and the chart keeps its width.
    """
    middle = epoch_ms(day.low) + day.days(day.high) // 2 * controls.DAY_MS
    at = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(at=day.ms_expr())
        .transform_calculate(said=f"'as of ' + utcFormat(datum.at, '{VEGA_DAY}')", right=f"datum.at > {middle}")
    )
    rule = at.mark_rule(style="tb-mark", strokeDash=[4, 3], strokeWidth=2).encode(x=alt.X("at:T"))
    text = [
        at.transform_filter(f"{'' if right else '!'}datum.right")
        .mark_text(
            align="right" if right else "left",
            baseline="bottom",
            dx=-4 if right else 4,
            dy=-4,
            fontWeight="bold",
            style="tb-label",
        )  # fmt: skip
        .encode(x=alt.X("at:T"), y=alt.value({"expr": "height"}), text="said:N")
        for right in (False, True)
    ]
    return [rule, *text]


def talks_chart(events: pd.DataFrame, end=None) -> alt.Chart:
    """The talks of one or more countries: rounds, calls, meetings and deals by date, a row per country.

    The deals are named above the plot.

    Args:
        events: tariffbook.analysis.talks.talks (one row per event).
        end: the last day of the axis (default: the last talk): the page's day, so that a reader sees the record
            runs on after the last talk.
    """
    df = events.copy()
    df["event_type_label"] = df["event_type"].map(label)
    first = df["announced_on"].min()
    last = max(df["announced_on"].max(), pd.Timestamp(end)) if end is not None else df["announced_on"].max()
    noted = notes.place(notes.key_events(df, ("agreement",)), first, last, PLOT_PX)
    dd = iso_dates(
        df[["announced_on", "event_type", "event_type_label", "name", "summary", "publisher", "source_id", "event_id"]]
    )
    chart = (
        alt.Chart(dd)
        .mark_point(filled=True, size=90)
        .encode(
            x=utc_x("announced_on", domain=(first, last)),
            y=alt.Y("name:N", title=None),
            yOffset=alt.YOffset("event_type_label:N"),
            color=alt.Color("event_type_label:N", title="Kind"),
            shape=alt.Shape("event_type_label:N", title="Kind"),
            tooltip=[
                date_tooltip("announced_on", "Date"),
                alt.Tooltip("event_type_label:N", title="Kind"),
                alt.Tooltip("summary:N", title="What"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    desc = (
        f"Timeline of {len(df)} negotiation rounds, calls, meetings and deals: "
        + "; ".join(
            f"{day_text(r['announced_on'])} {r['name']} {r['event_type_label'].lower()}" for _, r in df.iterrows()
        )
        + "."
    )
    names = "-".join(sorted(df["name"].unique()))
    return finish(
        alt.layer(chart, *notes.layers(iso_dates(noted))).properties(
            width=WIDTH, height=40 + 60 * df["name"].nunique()
        ),
        f"{names}-talks",
        "Round by round to a deal",
        "Negotiation rounds, leaders' and ministers' calls, meetings and deals; the deals named above",
        df,
        desc,
    )
