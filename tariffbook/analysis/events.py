"""Events in words: the clusters a chart names as one note, the court rulings and regime changes, and their text.

- clusters: the one rule that groups events a chart names as one note (a ruling within a round of litigation,
  letters of the same day, orders a few days apart), used here and by tariffbook.charts.notes;
- regime_notes: the court rulings and the regime changes the strips of the chapter after the ruling write above
  them, in the words of the event rows; decisive_notes: the ones the compact chart keeps;
- regime_events: every event behind those notes, for the table under the chart;
- decisive_ruling: the Supreme Court's ruling that ended the IEEPA duties, as known on a day;
- section_301_story: where the 2026 Section 301 duties came from, in the memorandum's words.
"""

from __future__ import annotations

import re

import pandas as pd

from tariffbook import words
from tariffbook.analysis.spans import FIRST_DAY, GAP, NO_DUTY, day_of_record
from tariffbook.data.load import load_events
from tariffbook.domain import BASIS_ENDED, RULING_ROUND_DAYS, SECTION_301_MEMORANDUM

SHORT_CHARS = 70
"""An event's words on a chart: its summary without parentheses, up to the first ';', and if longer than this,
up to the first ':'."""

REGIME_EVENT_TYPES = ("tariff_change", "executive_order")
"""The event types that can name a regime change (the measure taking effect, or the order that set it)."""

NOTE_COLUMNS = ["date", "kind", "text", "summary", "event_id", "source_id", "decisive"]
"""The columns of regime_notes."""


def clusters(rows: pd.DataFrame, window_days: int, date: str = "announced_on") -> list[pd.DataFrame]:
    """Rows in clusters, in their order: a row within `window_days` of the previous row joins its cluster.

    Args:
        rows: the rows, already in date order (the caller chooses how ties are ordered).
        window_days: the largest gap, in days, inside a cluster (0: only the same day).
        date: the column of the rows' days.
    """
    gap = rows[date].diff().dt.days.fillna(window_days + 1)
    return [cluster for _, cluster in rows.groupby((gap > window_days).cumsum().to_numpy(), sort=True)]


def short_text(summary: str) -> str:
    """An event's summary in few words, for a chart: without parentheses, to the first ';' (and ':' if long).

    'Supreme Court (Learning Resources v. Trump, 6–3): IEEPA does not authorise tariffs' -> 'Supreme Court: IEEPA
    does not authorise tariffs'.
    """
    text = re.sub(r"\s*\([^)]*\)", "", str(summary)).split(";")[0].strip()
    if len(text) > SHORT_CHARS and ":" in text:
        text = text.split(":")[0].strip()
    return text


def preferred_events(day: pd.Timestamp) -> pd.DataFrame:
    """The preferred events announced by `day`, with their event type and status as plain strings."""
    ev = load_events()
    ev = ev[ev["preferred"] & (ev["announced_on"] <= day)].copy()
    for col in ("event_type", "status"):
        ev[col] = ev[col].astype(str)
    return ev


def decisive_ruling(day: pd.Timestamp) -> pd.Series | None:
    """The ruling that ended the IEEPA duties (the Supreme Court, 20 February 2026), if known on `day`."""
    ev = preferred_events(day)
    hit = ev[(ev["event_type"] == "court_ruling") & (ev["announced_on"] == BASIS_ENDED["ieepa"][1])]
    return None if hit.empty else hit.iloc[0]


def _regime_days(segments: pd.DataFrame) -> dict[pd.Timestamp, str | None]:
    """Day -> the statute that began that day for some partner (None where only gaps began): the regime changes."""
    days: dict[pd.Timestamp, str | None] = {}
    for _, g in segments.sort_values("start").groupby("country"):
        bases = list(g["basis"])
        for i in range(1, len(bases)):
            if bases[i] != bases[i - 1]:
                start = g["start"].iloc[i]
                live = bases[i] if bases[i] not in (GAP, NO_DUTY) else None
                days[start] = days.get(start) or live
    return days


def _regime_event(ev: pd.DataFrame, day: pd.Timestamp, basis: str | None) -> pd.Series | None:
    """The event that says what began on `day`: one that took effect that day, naming the statute if it can."""
    cand = ev[(ev["effective_on"] == day) & ev["event_type"].isin(REGIME_EVENT_TYPES) & (ev["country"] == "ALL")]
    if cand.empty:
        return None
    rank = pd.DataFrame(
        {
            "names": [not (basis and basis in s) for s in cand["summary"]],
            "that_day": cand["announced_on"] != day,
            "announced": -cand["announced_on"].map(lambda d: d.value),
            "event_id": cand["event_id"],
        },
        index=cand.index,
    )
    return cand.loc[rank.sort_values(list(rank.columns)).index[0]]


def _ruling_notes(ev: pd.DataFrame, first: pd.Timestamp) -> list[dict]:
    rulings = ev[(ev["event_type"] == "court_ruling") & (ev["announced_on"] >= first)]
    decided = BASIS_ENDED["ieepa"][1]  # the day the Supreme Court held that IEEPA does not authorise tariffs
    notes = []
    for g in clusters(rulings.sort_values(["announced_on", "event_id"]), RULING_ROUND_DAYS):
        head = g.iloc[0]
        later = [f"{words.day(r['announced_on'])}: {r['summary']}" for _, r in g.iloc[1:].iterrows()]
        notes.append(
            {
                "date": head["announced_on"],
                "kind": "ruling",
                "text": short_text(head["summary"]),
                "summary": head["summary"] + (". Then " + "; ".join(later) if later else ""),
                "event_id": head["event_id"],
                "source_id": ";".join(g["source_id"]),
                "decisive": bool((g["announced_on"] == decided).any()),
            }
        )
    return notes


def regime_notes(segments: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """The court rulings and regime changes to write on the chart, in the words of the event rows, by `as_of`.

    - Regime changes: each day a statute began for one of the partners in `segments` (24 February 2026:
      Section 122; 24 July 2026: Section 301), told by the event that took effect that day and names the statute
      (else the order that set it: the memorandum of 23 July 2026).
    - Court rulings: each round of litigation (rulings within domain.RULING_ROUND_DAYS of one another), told by
      its first ruling; the later ones are in `summary`. `decisive` marks the round of the Supreme Court's ruling.

    `text` is the event's summary in few words (short_text); nothing is typed.

    Returns:
        One row per note (NOTE_COLUMNS), by date.
    """
    ev = preferred_events(day_of_record(as_of))
    notes = _ruling_notes(ev, FIRST_DAY)
    for start, basis in _regime_days(segments).items():
        r = _regime_event(ev, start, basis)
        if r is not None:
            notes.append(
                {
                    "date": start,
                    "kind": "regime",
                    "text": short_text(r["summary"]),
                    "summary": r["summary"],
                    "event_id": r["event_id"],
                    "source_id": r["source_id"],
                    "decisive": False,
                }
            )
    out = pd.DataFrame(notes, columns=NOTE_COLUMNS)
    return out.sort_values(["date", "kind"]).reset_index(drop=True)


def decisive_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """The notes a compact chart keeps: the regime changes and the round of the ruling that ended IEEPA."""
    return notes[(notes["kind"] == "regime") | notes["decisive"]].reset_index(drop=True)


def regime_events(notes: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """Every event behind the notes, one row each: the court rulings since 2 April 2025 and the regime changes.

    The chart names one ruling per round of litigation; this lists them all, for the table under it.
    """
    ev = preferred_events(day_of_record(as_of))
    keep = ((ev["event_type"] == "court_ruling") & (ev["announced_on"] >= FIRST_DAY)) | ev["event_id"].isin(
        notes["event_id"]
    )
    cols = ["event_id", "announced_on", "effective_on", "event_type", "status", "summary", "source_id"]
    return ev[keep].sort_values(["announced_on", "event_id"])[cols].reset_index(drop=True)


def section_301_story(as_of=None) -> pd.DataFrame:
    """Where the 2026 Section 301 duties came from, as the memorandum that set them tells it (the rows quoting it).

    The investigations, the proposal, the action and the reasons for each rate, in date order (on one day, the
    reasons after the measure).

    Returns:
        event_id, announced_on, effective_on, summary, quote, source_id: the rows announced by `as_of` (default:
        the horizon).
    """
    day = day_of_record(as_of)
    ev = load_events()
    ev = ev[(ev["source_id"] == SECTION_301_MEMORANDUM) & (ev["announced_on"] <= day)]
    cols = ["event_id", "announced_on", "effective_on", "summary", "quote", "source_id"]
    ev = ev.assign(reason=ev["event_type"].astype(str) == "statement")
    return ev.sort_values(["announced_on", "reason", "event_id"])[cols].reset_index(drop=True)
