"""The notes above the strips of the legal-basis charts: the court rulings and regime changes, placed in lanes.

note_layers places each note (tariffbook.analysis.events.regime_notes) above the strips, in the words of its event
row, with a dotted line down through the strips on its day. Notes are placed at build time for the narrowest box
(a 390 px phone), so no wider box can make two of them overlap; a note that fits in no lane is left out (the table
under the chart lists every event). Used by tariffbook.charts.regimes.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts.common import date_tooltip, day_text, iso, wrap
from tariffbook.charts.notes import CHAR_PX, Layout, in_lanes
from tariffbook.charts.theme import MUTED, NARROW_WIDTH

NOTE_WRAPS = (32, 24, 18, 14)
"""Where a note may wrap, widest first: a narrower note can share a lane with its neighbours."""

LINE_PX = 13
"""The height of a line of a note."""

LANE_GAP = 6
"""The space between two lanes of notes, and between the lowest lane and the strips."""

MAX_LANES = 4
"""How many lanes of notes a chart may have: a note that fits in none is left out (the table lists it)."""


def _note_geometry(n: pd.Series, x: float, plot: float, label_px: float, side: str, chars: int) -> Layout | None:
    """A note's lines and horizontal extent in the narrowest box, on one side of its day, wrapped at `chars`.

    x is its day, in px from the plot's left; the text sits 4 px off its line, after it (side 'left': the text is
    left-aligned) or before it (side 'right'). None when the text would not fit in the box on that side.
    """
    lines = wrap(f"{day_text(n['date'])} · {n['text']}", chars)
    width = max(len(line) for line in lines) * CHAR_PX
    extent = (x + 4, x + 4 + width) if side == "left" else (x - 4 - width, x - 4)
    if extent[1] > plot or extent[0] < -label_px:
        return None
    return Layout(x, tuple(lines), side, extent)


def _candidates(n: pd.Series, x: float, plot: float, label_px: float, days: list[float]) -> list[Layout]:
    """A note's possible layouts, best first.

    Those whose text covers fewer of the other notes' days first (a note whose day is covered must go below, or
    its line down would cross the text); then on the side with more room first, widest first.
    """
    sides = ("left", "right") if plot - x >= x + label_px else ("right", "left")
    found = [
        g
        for side in sides
        for chars in NOTE_WRAPS
        if (g := _note_geometry(n, x, plot, label_px, side, chars)) is not None
    ]
    others = [d for d in days if abs(d - x) > 1e-9]

    def covers(g: Layout) -> int:
        return sum(g.extent[0] - 1 <= d <= g.extent[1] + 1 for d in others)

    return sorted(found, key=covers)  # a stable sort keeps the order of sides and widths


def _place_notes(notes: pd.DataFrame, first, last, label_px: float) -> pd.DataFrame:
    """Place the notes in lanes above the strips, in the narrowest box, most important first.

    The ruling that ended IEEPA first, then the regime changes, then the other rulings by date: each with the
    best of its layouts that fits in some lane (_candidates; tariffbook.charts.notes.in_lanes), in the lowest such
    lane. A note that fits in no lane is left out (the table under the chart lists every event).
    """
    plot = NARROW_WIDTH - 16 - label_px
    span = (pd.Timestamp(last) - pd.Timestamp(first)).days + 1
    order = notes.assign(
        rank=[0 if d else 1 if k == "regime" else 2 for d, k in zip(notes["decisive"], notes["kind"], strict=True)]
    ).sort_values(["rank", "date"])
    days = [(pd.Timestamp(d) - pd.Timestamp(first)).days / span * plot for d in notes["date"]]
    candidates = [
        _candidates(n, (pd.Timestamp(n["date"]) - pd.Timestamp(first)).days / span * plot, plot, label_px, days)
        for _, n in order.iterrows()
    ]
    placed = []
    for (_, n), fit in zip(order.iterrows(), in_lanes(candidates, MAX_LANES, gap=6, rules=True), strict=True):
        if fit is not None:
            lane, g = fit
            placed.append({**n.drop("rank").to_dict(), "lines": list(g.lines), "side": g.side, "lane": lane})
    return pd.DataFrame(placed)


def _lane_tops(placed: pd.DataFrame) -> dict[int, float]:
    """Lane -> the pixel y of its top (negative: above the strips), lane 0 lowest."""
    tops, bottom = {}, -LANE_GAP
    for lane in sorted(set(placed["lane"])):
        lines = max(len(x) for x in placed[placed["lane"] == lane]["lines"])
        tops[lane] = bottom - lines * LINE_PX
        bottom = tops[lane] - LANE_GAP
    return tops


def note_layers(notes: pd.DataFrame, first, last, label_px: float, height: int) -> list:
    """The notes above the strips, with a dotted line from each down through the strips on its day."""
    if notes is None or notes.empty:
        return []
    placed = _place_notes(notes, first, last, label_px)
    if placed.empty:
        return []
    tops = _lane_tops(placed)
    df = pd.DataFrame(
        {
            "start": [iso(d) for d in placed["date"]],
            "top": [tops[lane] for lane in placed["lane"]],
            "bottom": height,
            "lines": placed["lines"],
            "side": placed["side"],
            "what": placed["summary"],
            "event_id": placed["event_id"],
        }
    )
    tip = [date_tooltip("start", "Date"), alt.Tooltip("what:N", title="What")]
    base = alt.Chart(df).encode(x=alt.X("start:T"))
    rule = base.mark_rule(color=MUTED, strokeDash=[2, 3]).encode(
        y=alt.Y("top:Q", scale=None), y2=alt.Y2("bottom:Q"), tooltip=tip
    )
    layers = [rule]
    for side, dx in (("left", 4), ("right", -4)):
        text = (
            base.transform_filter(alt.datum.side == side)
            .mark_text(align=side, baseline="top", dx=dx, fontSize=11, lineHeight=LINE_PX)
            .encode(y=alt.Y("top:Q", scale=None), text="lines:N", tooltip=tip)
        )
        layers.append(text)
    return layers
