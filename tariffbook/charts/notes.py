"""Key events written on a chart, in words, from the event rows: letters, deals, court rulings, orders.

Every word of a note comes from the data: its date, the event type's label, the countries' names, the number
of events it stands for, and the document number its summary cites ('EO 14257', 'Proclamation 11012 (Section
122)'). Events of one kind a few days apart share one note ('7 Jul 2025 · Letters to 14 partners'), dated by
its first and last day when they differ ('20 Feb to 5 Mar 2026 · Court rulings (4)').

Notes sit above the plot, in lanes, each starting (or, near the right end, ending) on its day, with a dotted
line down through the plot on that day: place() gives each note the lowest lane where it overlaps no other
note, for the narrowest box of each side of the breakpoint (so no width a reader's box can have makes two
notes overlap), and leaves a note out only when every lane is taken, the least important first (the table
under the chart lists every event).
The lanes are fixed at build time, so the chart's height is too.

Typical use, in a builder::

    noted = notes.key_events(events)
    noted = notes.place(noted, start, end, plot_px={False: 400, True: 200})
    layers += notes.layers(noted)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.events import clusters
from tariffbook.charts.common import NBSP, day_text
from tariffbook.data.countries import is_iso3
from tariffbook.domain import GROUP_MEMBERS, RULING_ROUND_DAYS
from tariffbook.words import label

KINDS = ("letter", "agreement", "executive_order", "court_ruling")
"""The event types a chart names, most important first (a note that cannot be placed is dropped last-first)."""

WINDOW_DAYS = {"letter": 0, "court_ruling": RULING_ROUND_DAYS}
"""Events of one kind within this many days of the previous one share a note (10 unless listed: letters share a
note only with the letters of the same day; rulings of one round of litigation share one)."""

BY_COUNTRY = ("agreement",)
"""Kinds whose notes are one country's each (a deal is one partner's)."""

CHAR_PX = 6.0
"""The width of one character of a note (11 px Liberation Sans, a little generous), for placing notes."""

LANE_PX = 30
"""The height of a lane of notes: two lines of 11 px text and a gap."""

MAX_LANES = {False: 6, True: 5}
"""How many lanes of notes a chart may have, wide and narrow."""

INSTRUMENT = re.compile(
    r"\b(EO \d{5}|Proclamation \d{5}|Section \d+ [a-z]+ proclamation|Executive order|[Pp]residential memorandum)"
    r"(?: \((Section \d+)\))?"
)
"""The document an order's summary names first ('EO 14257'), and its statute if the summary gives it: a note then
says 'Section 122: Proclamation', the regime it starts."""


def _names(rows: pd.DataFrame) -> list[str]:
    """The partners the rows name: countries, and groups other than 'all partners' (the European Union)."""
    return sorted({n for c, n in zip(rows["country"], rows["name"], strict=True) if is_iso3(c) or c in ("EU",)})


def _partners(rows: pd.DataFrame) -> int:
    """How many partners the rows concern: their own countries plus the members of fixed groups."""
    codes = set()
    for c in rows["country"]:
        codes |= set(GROUP_MEMBERS.get(c, {c} if is_iso3(c) else set()))
    return len(codes)


def _headline(kind: str, rows: pd.DataFrame) -> str:
    names = _names(rows)
    if kind == "letter":
        n = _partners(rows)
        if len(names) == 1:
            return "Letter to " + names[0]
        return f"Letters to {n} partners" if n > 1 else "Letters"
    if kind == "agreement":
        if 0 < len(names) <= 2:
            return ("Deal: " if len(names) == 1 else "Deals: ") + " and ".join(names)
        return f"Deals ({len(rows)})" if len(rows) > 1 else "Deal"
    if kind == "executive_order":
        found = [m for s in rows["summary"] for m in INSTRUMENT.findall(str(s))[:1]]
        docs = [f"{s}: {d.split()[0]}" if s else d for d, s in found]  # "Section 122: Proclamation"
        docs = [d for d in docs if d != "Executive order"] or docs  # a numbered document says more
        if docs:
            return docs[0]
    return label(kind) + (f"s ({len(rows)})" if len(rows) > 1 else "")


def key_events(events: pd.DataFrame, kinds=KINDS) -> pd.DataFrame:
    """The notes for the events of `kinds`: one per cluster of events of one kind close in time.

    Args:
        events: event rows with announced_on, event_type, country, name, summary, event_id.
        kinds: the event types to note, most important first.

    Returns:
        One row per note: day, kind, priority, lines (date, headline), n (events), event_ids.
    """
    notes = []
    for priority, kind in enumerate(kinds):
        rows = events[events["event_type"] == kind].sort_values("announced_on")
        groups = rows.groupby("country") if kind in BY_COUNTRY else [("", rows)]
        for _, some in groups:
            notes += [_note(kind, priority, c) for c in clusters(some, WINDOW_DAYS.get(kind, 10))]
    cols = ["day", "kind", "priority", "lines", "n", "event_ids"]
    return pd.DataFrame(notes, columns=cols).sort_values(["day", "priority"]).reset_index(drop=True)


def _note(kind: str, priority: int, cluster: pd.DataFrame) -> dict:
    day, last = cluster["announced_on"].iloc[0], cluster["announced_on"].iloc[-1]
    when = day_text(day) if last == day else words.day_span(day, last, month="short").replace(" ", NBSP)
    return {
        "day": day,
        "kind": kind,
        "priority": priority,
        "lines": [when, _headline(kind, cluster)],
        "n": len(cluster),
        "event_ids": ";".join(cluster["event_id"]),
    }


@dataclass(frozen=True)
class Layout:
    """One way to write a note: its lines, on one side of its day, and the pixels its text takes.

    Attributes:
        x: its day, in px from the plot's left.
        lines: the lines of its text.
        side: 'left' (the text starts on its day) or 'right' (the text ends there).
        extent: (left, right) of its text, in px from the plot's left.
    """

    x: float
    lines: tuple[str, ...]
    side: str
    extent: tuple[float, float]


def _fits(g: Layout, lane: int, texts: list, rules: list | None, gap: float) -> bool:
    """Whether a layout can go in a lane.

    Its text must be `gap` px clear of the texts there; with `rules`, also clear of the lines down from the notes
    above, and its own line down clear of the texts of the lanes below.
    """
    a, b = g.extent
    if any(b + gap >= lo and a - gap <= hi for lo, hi in texts[lane]):
        return False
    if rules is None:
        return True
    if any(a - 1 <= r <= b + 1 for r in rules[lane]):
        return False
    return not any(lo - 1 <= g.x <= hi + 1 for below in texts[:lane] for lo, hi in below)


def in_lanes(
    candidates: list[list[Layout]], max_lanes: int, gap: float, rules: bool
) -> list[tuple[int, Layout] | None]:
    """The one note-placing rule of the book's charts: the lowest lane for the best layout that fits.

    Each note, in the order given (most important first), takes the first of its layouts (best first) that fits in
    some lane, in the lowest such lane; a note with no layout that fits is left out (None).

    Args:
        candidates: each note's possible layouts, best first (an empty list: the note cannot be written).
        max_lanes: how many lanes there are.
        gap: the px between two texts in a lane.
        rules: whether each note's line down crosses the lanes below it (then no text may sit on it).
    """
    texts: list[list[tuple[float, float]]] = [[] for _ in range(max_lanes)]
    downs: list[list[float]] | None = [[] for _ in range(max_lanes)] if rules else None
    placed: list[tuple[int, Layout] | None] = []
    for layouts in candidates:
        fit = next(((lane, g) for g in layouts for lane in range(max_lanes) if _fits(g, lane, texts, downs, gap)), None)
        placed.append(fit)
        if fit is None:
            continue
        lane, g = fit
        texts[lane].append(g.extent)
        for below in downs[:lane] if downs is not None else []:
            below.append(g.x)
    return placed


def _lanes(notes: pd.DataFrame, start, end, plot_px: float, max_lanes: int) -> tuple[list[int], list[str]]:
    """Each note's lane (-1: no room) and side.

    In order of priority, then date, each note goes in the lowest lane where its text overlaps no other; near the
    right end its text ends at its day instead of starting there.
    """
    span = max((pd.Timestamp(end) - pd.Timestamp(start)).days, 1)
    order = list(notes.sort_values(["priority", "day"]).index)
    candidates = []
    for i in order:
        x = (notes.at[i, "day"] - pd.Timestamp(start)).days / span * plot_px
        w = max(len(t) for t in notes.at[i, "lines"]) * CHAR_PX + 8
        left = x + w <= plot_px
        a, b = (x, x + w) if left else (x - w, x)
        # too long for either side of its day (it would run over the axis): no layout
        candidates.append(
            [] if a < 0 else [Layout(x, tuple(notes.at[i, "lines"]), "left" if left else "right", (a, b))]
        )
    lanes, aligns = [-1] * len(notes), ["left"] * len(notes)
    for i, fit in zip(order, in_lanes(candidates, max_lanes, gap=4, rules=False), strict=True):
        if fit is not None:
            lanes[i], aligns[i] = fit[0], fit[1].side
    return lanes, aligns


def place(notes: pd.DataFrame, start, end, plot_px: dict) -> pd.DataFrame:
    """Give each note a lane and a side, for the wide chart (lane_w, align_w) and the narrow one (lane_n, align_n).

    Args:
        notes: from key_events().
        start: the first day of the chart's x axis.
        end: its last day.
        plot_px: {False: the plot's width in the narrowest wide box, True: in the narrowest phone box}.

    Returns:
        The notes with lane_w, align_w, lane_n, align_n (lane -1: no room, not drawn) and the lanes used.
    """
    out = notes.reset_index(drop=True).copy()
    for narrow, suffix in ((False, "w"), (True, "n")):
        out[f"lane_{suffix}"], out[f"align_{suffix}"] = _lanes(out, start, end, plot_px[narrow], MAX_LANES[narrow])
    return out


def layers(notes: pd.DataFrame, x: str = "day", keep: str | None = None, seen: str | None = None) -> list[alt.Chart]:
    """The notes as layers: each note's two lines above the plot, and a dotted hairline down through it.

    Args:
        notes: from place(), with dates as ISO strings (tariffbook.charts.common.iso_dates).
        x: the notes' date column, plotted on the chart's x scale.
        keep: a Vega expression: which notes to draw (e.g. those of the countries shown).
        seen: a Vega expression: which notes are drawn in full (the others fade, like events after 'as of').
    """
    if notes.empty:
        return []
    cols = [x, "lines", "lane_w", "align_w", "lane_n", "align_n", *(["who"] if "who" in notes else [])]
    base = alt.Chart(notes[cols]).transform_calculate(
        lane="narrow ? datum.lane_n : datum.lane_w", side="narrow ? datum.align_n : datum.align_w"
    )
    base = base.transform_filter(f"datum.lane >= 0{f' && ({keep})' if keep else ''}")
    base = base.transform_calculate(top=f"-8 - datum.lane * {LANE_PX}").encode(
        x=alt.X(f"{x}:T"),
        opacity=alt.when(seen).then(alt.value(1)).otherwise(alt.value(0.35)) if seen else alt.value(1),
    )
    # the hairline runs through the plot only: above it, a note's text starts (or ends) on its day
    hair = base.mark_rule(style="tb-muted", strokeWidth=1, strokeDash=[2, 3]).encode(
        y=alt.value(0), y2=alt.value({"expr": "height"})
    )
    text = [
        base.transform_filter(f"datum.side == '{side}'")
        .mark_text(align=side, baseline="bottom", dx=3 if side == "left" else -3, lineHeight=13, style="tb-note")
        .encode(y=alt.Y("top:Q", scale=None), text="lines")
        for side in ("left", "right")
    ]
    return [hair, *text]
