"""Each partner's duty by product group over time: duties_in_force, read on every day it can change (group_spans).

One row per group and span of days with one answer, the country-wide duty first; and, of such spans, the groups
with a rate of their own (has_rate) and those without, with what is scheduled for them (left_out), for the chart
of a country page (tariffbook.charts.duties). A day's answer is tariffbook.analysis.duties.
"""

from __future__ import annotations

import pandas as pd

# _Record, _record: private to the analysis layer (a public function of it is a traced query), shared with duties
from tariffbook.analysis.duties import COUNTRY_WIDE, DRAWN, ENDED, SCHEDULED, _Record, _record
from tariffbook.analysis.rates import to_day
from tariffbook.analysis.spans import FIRST_DAY, change_days
from tariffbook.data.load import horizon, within_record
from tariffbook.domain import METAL_CONTENT

GROUP_SPAN_COLUMNS = [
    "group",
    "label",
    "start",
    "end",
    "rate",
    "status",
    "applies_as",
    "legal_basis",
    "instrument",
    "stacks",
    "since",
    "figure_id",
    "source_id",
    "note",
]
"""The columns of group_spans: a group's span of days with one answer from duties_in_force. `start` and `end` are
the span's first and last days within the window asked about; `since` is the day its row took effect (before the
window, for a rate older than it: Section 232 steel from 12 March 2025)."""

SEEN_IN_GROUP = ("rate", "status", "applies_as", "legal_basis", "instrument", "stacks", "figure_id")
"""The fields of a group's row a reader sees: a span ends where one of them changes (the rate, how it applies, its
statute and document, whether it stacks on the country-wide duty, or the row it comes from)."""


def _change_days(rec: _Record, first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """The days a partner's duty on some group can change.

    The headline's (spans.change_days), each product row's effective and announcement days and the day after its
    stated end, and the bounds of the metal-content rule.
    """
    days = set(change_days(rec.headline, first, last))
    for _, rows in rec.groups:
        for r in rows:
            days |= {d for d in (r["effective_on"], r["announced_on"]) if pd.notna(d)}
            days |= {r["ends_on"] + pd.Timedelta(days=1)} if pd.notna(r["ends_on"]) else set()
    for a, b in METAL_CONTENT.values():
        days |= {a, b + pd.Timedelta(days=1)}
    return sorted({pd.Timestamp(d) for d in days if first < d <= last} | {first})


def group_spans(country: str, start=None, end=None, *, known_on=None, figures: pd.DataFrame | None = None):
    """A partner's duty on each product group over time: duties_in_force, read on every day it can change.

    One row per group and span of days with one answer: the country-wide duty first, then the product groups in
    duties_in_force's order. A group's span with no rate of its own (not in the record yet, scheduled) is a span
    too: a chart leaves it blank, a table says so.

    Args:
        country: ISO3 code or English name.
        start: the first day (default: where the duty timelines start, spans.FIRST_DAY, 2 April 2025).
        end: the last day (default and at most: the horizon).
        known_on: read the record as it stood that day (as rate_in_force).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        GROUP_SPAN_COLUMNS, in group order, then by start; the last span of each group ends on `end`.
    """
    rec = _record(country, figures, known_on)
    first = to_day(FIRST_DAY if start is None else start, "start")
    last = horizon() if end is None else within_record(to_day(end, "end"), "end")
    spans: dict[str, list[dict]] = {}
    for day in _change_days(rec, first, last):
        for r in rec.on(day).to_dict("records"):
            mine = spans.setdefault(r["group"], [])
            if mine and all(_same(mine[-1][k], r[k]) for k in SEEN_IN_GROUP):
                continue
            if mine:
                mine[-1]["end"] = day - pd.Timedelta(days=1)
            mine.append({**r, "start": day, "end": day, "since": r["effective_on"]})
    for group in spans.values():
        group[-1]["end"] = last
    return pd.DataFrame([s for group in spans.values() for s in group], columns=GROUP_SPAN_COLUMNS)


def _same(a, b) -> bool:
    """Equal, counting two missing values (None, NaN, NaT) as equal."""
    return (pd.isna(a) and pd.isna(b)) if _missing(a) or _missing(b) else a == b


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def has_rate(spans: pd.DataFrame) -> pd.Series:
    """Of each span's group: whether it has a rate of its own somewhere in the spans (the country-wide row always)."""
    own = spans.groupby("group")["status"].transform(lambda s: s.isin(DRAWN).any()) | spans["status"].eq(ENDED)
    return own | (spans["group"] == COUNTRY_WIDE)


def left_out(spans: pd.DataFrame) -> pd.DataFrame:
    """The groups with no rate of their own in the spans: group, label, and what is scheduled for them, if anything.

    Returns:
        One row per group, in order: group, label, scheduled ('15% in total, including the normal duty from 4
        December 2026', or '' where the record has no rate for the group at all).
    """
    out = spans[~has_rate(spans)]
    last = out.groupby("group", sort=False).tail(1)
    return pd.DataFrame(
        {
            "group": last["group"],
            "label": last["label"],
            "scheduled": [n if s == SCHEDULED else "" for n, s in zip(last["note"], last["status"], strict=True)],
        }
    ).reset_index(drop=True)
