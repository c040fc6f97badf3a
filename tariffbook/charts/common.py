"""What every chart builder shares: finish() (title, sources, description, size rules), and small helpers.

Each builder (tariffbook.charts.trade, .rates, .timeline, .formula) ends with finish(), so that every chart has
a name (its files are named after it), a title and a subtitle naming the sources of the rows it plots, a
description for screen readers, its controls, and the two sets of size rules that make it fit a phone and a
desktop without moving the text around it:

- A chart is one view or a layer of views (never a concat or a facet, whose width cannot follow their box). Its
  `width` is the whole chart's (autosize fit-x, padding included): 640 px in the wide export; the page script
  replaces it with the box's width.
- Everything that changes the chart's height depends on one thing only, the `narrow` param (the box is
  narrower than theme.BREAKPOINT): the title and subtitle lines, axis-label lines, legend columns, the height.
  `usermeta.tariffbook.narrow` holds the top-level values that differ when narrow, which the narrow export
  (tariffbook.charts.exports) and the page script (_static/tb-charts.js) both apply, so the live chart has the
  height of the static image it replaces.
"""

from __future__ import annotations

import re
import textwrap

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import source_line
from tariffbook.charts.controls import Control
from tariffbook.charts.theme import NARROW_WIDTH, colours

NARROW = alt.param(name="narrow", value=False)
"""True when the chart's box is phone-sized: set by the narrow export and by the page script."""

TITLE_CHARS = {False: 60, True: 32}
"""Where a title wraps (16 px bold: about 9.5 px a character), wide and narrow."""

SUBTITLE_CHARS = {False: 92, True: 50}
"""Where a subtitle wraps (12 px: about 6.3 px a character), wide and narrow."""

NBSP = "\u00a0"
"""Joins words that must stay on one line when a label wraps ('7 Jul 2025')."""


def day_text(day, year: bool = True) -> str:
    """'7 Jul 2025' (or '7 Jul'), kept on one line when a label wraps; '' for a missing date."""
    return words.day(day, month="short", year=year).replace(" ", NBSP)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, broken at spaces only (a no-break space holds words together)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def line_dict(labels, wide: int, narrow: int) -> dict:
    """{label: {"w": lines, "n": lines}}: axis labels wrapped in Python, for wrapped_labels()."""
    return {str(t): {"w": wrap(str(t), wide), "n": wrap(str(t), narrow)} for t in labels}


def wrapped_labels(param_name: str) -> str:
    """A labelExpr that draws each axis label as the lines line_dict() gave it, by the `narrow` param."""
    lines = f"{param_name}[datum.label]"
    return f"{lines} ? (narrow ? {lines}.n : {lines}.w) : datum.label"


def epoch_ms(ts) -> int:
    """A day as milliseconds since 1970 (Vega's unit for dates in expressions)."""
    return int((pd.Timestamp(ts) - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1))


def slug(text: str) -> str:
    """'South Korea: rate in force' -> 'south-korea-rate-in-force' (chart names become file names)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _title(title: str, subtitle: str, sources: str, narrow: bool) -> dict:
    sub = wrap(subtitle, SUBTITLE_CHARS[narrow]) if subtitle else []
    return {"text": wrap(title, TITLE_CHARS[narrow]), "subtitle": sub + wrap(sources, SUBTITLE_CHARS[narrow])}


def _is_view(spec: dict) -> bool:
    return "mark" in spec or "layer" in spec


def finish(
    chart,
    name: str,
    title: str,
    subtitle: str,
    rows: pd.DataFrame,
    description: str,
    source_col: str = "source_id",
    controls: tuple[Control, ...] = (),
    height: tuple[int, int] | None = None,
):
    """Give a chart its name, title, subtitle, source line, description, controls and size rules.

    Args:
        chart: the composed Altair chart: one view or a layer (never a concat or a facet).
        name: what the chart's files are called ('japan-rate-in-force'), unique in the book.
        title: what the chart shows, as a sentence.
        subtitle: how to read it (may be empty); the source line is added under it.
        rows: the rows plotted, whose `source_col` names their sources (several joined with ';').
        description: the text alternative for screen readers, with the chart's main numbers.
        source_col: the column of `rows` holding source ids.
        controls: the page's controls for the chart's params (tariffbook.charts.controls), in page order.
        height: (wide, narrow) plot heights when they differ; else the chart's own height serves both.

    Raises:
        ValueError: the chart is a concat or a facet.
    """
    sources = source_line(rows[source_col])
    ids = sorted({s for v in rows[source_col] for s in str(v).split(";") if s})
    narrow = {"title": _title(title, subtitle, sources, True), "width": NARROW_WIDTH}
    if height:
        narrow["height"] = height[1]
        chart = chart.properties(height=height[0])
    meta = {
        "name": slug(name),
        "title": title,
        "sources": ids,
        "controls": [c.to_dict() for c in controls],
        "narrow": narrow,
        "dark": colours("dark"),
    }
    params = [NARROW, *(c.vega_param(slug(name)) for c in controls)]
    chart = chart.add_params(*params).properties(
        title=alt.TitleParams(**_title(title, subtitle, sources, False)),
        description=description,
        usermeta={"tariffbook": meta},
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    if not _is_view(chart.to_dict(validate=False)):
        raise ValueError(f"chart {name!r}: one view or a layer only (a concat or facet cannot fit its box)")
    return chart


def meta(spec: dict) -> dict:
    """The tariffbook part of a spec's usermeta (empty for a chart finish() did not make)."""
    return (spec.get("usermeta") or {}).get("tariffbook") or {}


def iso_dates(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose datetime columns are ISO dates ('2025-07-07').

    That is what the chart's CSV shows, and what Vega reads as midnight UTC (charts put dates on UTC scales, so
    no reader's time zone moves a day).
    """
    out = df.copy()
    for col in out.columns:
        values = out[col].dropna()
        if pd.api.types.is_datetime64_any_dtype(out[col]) or (
            len(values) and all(isinstance(v, pd.Timestamp) for v in values)
        ):
            out[col] = pd.Series([words.iso(d) or None for d in out[col]], index=out.index, dtype="object")
    return out


def utc_x(field: str, fmt: str = "%b %Y", title=None, domain=None) -> alt.X:
    """A date x axis on a UTC scale (see iso_dates), labelled with `fmt`; `domain`: (first, last) days."""
    scale = alt.Scale(type="utc", domain=[iso(d) for d in domain]) if domain else alt.Scale(type="utc")
    return alt.X(f"{field}:T", title=title, scale=scale, axis=alt.Axis(format=fmt, labelOverlap=True))


def iso(day) -> str:
    """A day as an ISO date ('2025-07-07'): how dates go into a chart's data (see iso_dates)."""
    return words.iso(day)


def date_tooltip(field: str, title: str) -> alt.Tooltip:
    """A tooltip line showing a date as '7 Jul 2025' (in UTC, like the axes)."""
    return alt.Tooltip(f"{field}:T", title=title, format=words.VEGA_DAY, formatType="utc")


def wrap_expr(field: str, narrow: int, wide: int) -> str:
    """Greedy word wrap in one Vega expression, for text only the page knows (it depends on a control).

    The expression gives an array of lines of at most `narrow` or `wide` characters, by the `narrow` param,
    broken at spaces only.
    """
    n = f"(narrow ? {narrow} : {wide})"
    return f"split(trim(replace({field}, regexp('(.{{1,' + {n} + '}})( +|$)', 'g'), '$1\\n')), '\\n')"


def fixed_lines(field: str, lines: dict) -> str:
    """Exactly lines[narrow] lines from an array of lines (blank ones added, extra ones dropped).

    So a text's height, and the chart's, does not change with what it says.
    """

    def take(count: int) -> str:
        return "[" + ", ".join(f"(length({field}) > {i} ? {field}[{i}] : ' ')" for i in range(count)) + "]"

    return f"(narrow ? {take(lines[True])} : {take(lines[False])})"
