"""Charts of what followed the Supreme Court ruling: the statute behind each partner's duty, day by day.

- basis_chart: one strip per partner from 2 April 2025, coloured and shaped by legal basis (IEEPA, Section 122,
  Section 301; a grey, dashed span where the record has no rate), each span labelled with its rate ('+10%' on
  top of the normal duty, '15% total' including it), the court rulings and regime changes written above the
  strips in the words of the event rows, with a dotted line down on their day (tariffbook.charts.strip_notes);
- letter_partners_chart: the same for the letter partners, compact, for the introduction.

The chapter's other charts are those of their families: the refunds (tariffbook.charts.refunds.refunds_chart) and
each partner's surplus in two years (tariffbook.charts.trade.trade_years_chart). The legal bases' colours and
shapes, and the strips' date axis, serve the duty-by-product chart too (tariffbook.charts.duties).

Data: tariffbook.analysis.spans, .events. Every chart is one layered view, 640 px wide with autosize fit-x (padding
included), so that a page can give it its box's width; its height does not depend on the width.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.events import decisive_notes
from tariffbook.analysis.spans import FIRST_DAY, GAP, NO_DUTY
from tariffbook.charts import controls as page_controls
from tariffbook.charts.common import date_tooltip, epoch_ms, finish, iso, wrap
from tariffbook.charts.strip_notes import note_layers
from tariffbook.charts.theme import OKABE_ITO, WIDTH

BASIS_COLOURS = {
    words.label("ieepa", "legal_basis"): OKABE_ITO[0],  # blue
    words.label("section_122", "legal_basis"): "#D55E00",  # vermillion
    words.label("section_301", "legal_basis"): "#009E73",  # bluish green
    NO_DUTY: "#F2F2F2",
    GAP: "#D9D9D9",
}
"""Legal basis -> colour: Okabe–Ito colours with 3:1 contrast or more on white and on a dark page; a light grey,
outlined with a dashed line, where the record has no rate; near white, outlined, where no duty applied."""

BASIS_SHAPES = {
    words.label("ieepa", "legal_basis"): "circle",
    words.label("section_122", "legal_basis"): "square",
    words.label("section_301", "legal_basis"): "triangle-up",
    NO_DUTY: "diamond",
    GAP: "cross",
}
"""Legal basis -> the shape that marks the start of each span, so colour is not the only carrier of meaning."""

GAP_STROKE = "#6E6E6E"
"""The dashed outline of a span not in the record (3:1 or more on white and on a dark page)."""

LABEL_CHAR_PX = 5.6
"""The width of one character of a 10 px rate label, to show a label only where its span has room for it."""

AXIS_CHAR_PX = 6.6
"""The width of one character of a 12 px axis label."""

NAME_CHARS = 12
"""Where a partner's name wraps on the axis ('Bosnia and' / 'Herzegovina')."""


def strip_x(first, last, title=None) -> alt.X:
    """A date axis on a UTC scale (ISO dates in the data are midnight UTC, so no reader's time zone moves a day)."""
    scale = alt.Scale(type="utc", domain=[iso(first), iso(pd.Timestamp(last) + pd.Timedelta(days=1))], nice=False)
    return alt.X("start:T", title=title, scale=scale, axis=alt.Axis(format="%b %Y", labelOverlap=True, grid=True))


def _label_column(names) -> float:
    """The width of the axis labels: the longest line of a wrapped partner name."""
    longest = max((len(line) for n in names for line in wrap(n, NAME_CHARS)), default=0)
    return longest * AXIS_CHAR_PX + 12


# ---------------------------------------------------------------- the strips


STRIP_COLUMNS = [
    "name",
    "start",
    "end",
    "rate",
    "label",
    "basis",
    "how",
    "instrument",
    "note",
    "figure_ids",
    "source_id",
]
"""The columns of a span the strip chart carries: what its CSV and data table show a reader (no codes)."""


def _strip_data(segments: pd.DataFrame) -> pd.DataFrame:
    df = segments[STRIP_COLUMNS].copy()
    for col in ("start", "end"):
        df[col] = [iso(d) for d in df[col]]
    df["rate"] = df["rate"].astype(object).where(df["rate"].notna(), None)
    return df


def _strip_helpers(chart: alt.Chart) -> alt.Chart:
    """The chart's own arithmetic, in the spec (so the data stays what a reader reads).

    end_next: the day after a span's last (where its bar ends); start_ms, end_ms: both as numbers; short: the
    rate alone ('12.5%'), where '12.5% total' has no room; label_px, short_px: their widths in px.
    """
    return chart.transform_calculate(
        end_next="time(toDate(datum.end)) + 864e5",
        start_ms="time(toDate(datum.start))",
        short="isValid(datum.rate) ? format(datum.rate, '') + '%' : ''",
        label_px=f"length(datum.label) * {LABEL_CHAR_PX} + 4",
    ).transform_calculate(
        end_ms="datum.end_next",
        short_px=f"datum.short ? length(datum.short) * {LABEL_CHAR_PX} + 4 : 1e6",
    )


def _strip_description(segments: pd.DataFrame, notes: pd.DataFrame | None, last) -> str:
    names = list(dict.fromkeys(segments["name"]))
    end = segments[segments["end"] == pd.Timestamp(last)]
    now = "; ".join(
        f"{r['name']} {r['label']}" + (f" ({r['basis']})" if r["status"] == "in_force" else "")
        for _, r in end.iterrows()
    )
    bases = ", ".join(dict.fromkeys(segments["basis"]))
    text = (
        f"Strips of the headline US duty on goods from {len(names)} partners ({', '.join(names)}), from "
        f"{words.day(FIRST_DAY)} to {words.day(pd.Timestamp(last))}, coloured and shaped "
        f"by legal basis ({bases}). On {words.day(pd.Timestamp(last))}: {now}."
    )
    if notes is not None and len(notes):
        text += " Marked: " + "; ".join(
            f"{words.day(d)}, {t}" for d, t in zip(notes["date"], notes["text"], strict=True)
        )
    return text + "."


def _strips(df: pd.DataFrame, first, last, order: list[str], names: dict, row_px: int, bar_px: int, day=None):
    """The strips' layers, and the param holding the partners' names as axis lines.

    Spans as bars coloured by basis (dashed where not in the record), a shape where a statute begins, and each
    span's rate above it where the span is wide enough for it ('12.5% total', else '12.5%', else nothing: the
    tooltip has it). With a date control (`day`), the strips are solid up to the day chosen and faded after it,
    with a dashed rule on the day: the reader replays the story without a kernel.
    """
    domain = [b for b in BASIS_COLOURS if b in set(df["basis"])]
    colour = alt.Color(
        "basis:N",
        title="Legal basis",
        scale=alt.Scale(domain=domain, range=[BASIS_COLOURS[b] for b in domain]),
        legend=alt.Legend(orient="bottom", direction="horizontal", columns=2, symbolStrokeColor=GAP_STROKE),
    )
    shape = alt.Shape(
        "basis:N", title="Legal basis", scale=alt.Scale(domain=domain, range=[BASIS_SHAPES[b] for b in domain])
    )
    bar_shift = (row_px - bar_px) / 2 - 2
    y = alt.Y(
        "name:N",
        sort=order,
        title=None,
        scale=alt.Scale(paddingInner=0, paddingOuter=0),
        axis=alt.Axis(
            domain=False,
            ticks=False,
            labelOffset=bar_shift + bar_px / 2 + 1,
            labelBaseline="bottom",
            labelPadding=6,
            labelExpr="tb_partner_lines[datum.label] || datum.label",
        ),
    )
    tips = [
        alt.Tooltip("name:N", title="Partner"),
        date_tooltip("start", "From"),
        date_tooltip("end", "To (last day)"),
        alt.Tooltip("label:N", title="Duty"),
        alt.Tooltip("basis:N", title="Legal basis"),
        alt.Tooltip("how:N", title="How it applies"),
        alt.Tooltip("instrument:N", title="Set by"),
        alt.Tooltip("note:N", title="Note"),
    ]
    base = _strip_helpers(alt.Chart(df)).encode(x=strip_x(first, last), y=y)
    when = day.ms_expr() if day is not None else None
    if when:  # up to the day chosen (its last millisecond), solid; after it, faded
        base = base.transform_calculate(seen=f"datum.start_ms <= {when}", upto=f"min(datum.end_ms, {when} + 864e5)")
    bar = base.mark_bar(height=bar_px, yOffset=bar_shift, x2Offset=-1)
    stroke = {
        "stroke": alt.when((alt.datum.basis == GAP) | (alt.datum.basis == NO_DUTY))
        .then(alt.value(GAP_STROKE))
        .otherwise(alt.value(None)),
        "strokeDash": alt.when(alt.datum.basis == GAP).then(alt.value([3, 2])).otherwise(alt.value([1, 0])),
    }
    if when:
        bars = [
            bar.encode(x2="end_next:T", color=colour, opacity=alt.value(0.22), tooltip=tips, **stroke),
            bar.transform_filter("datum.seen").encode(x2="upto:T", color=colour, tooltip=tips, **stroke),
        ]
        faded = {"opacity": alt.when("datum.seen").then(alt.value(1)).otherwise(alt.value(0.22))}
    else:
        bars = [bar.encode(x2="end_next:T", color=colour, tooltip=tips, **stroke)]
        faded = {}
    starts = (
        base.transform_window(previous="lag(basis)", groupby=["name"], sort=[alt.SortField("start")])
        .transform_filter("datum.previous !== datum.basis")  # a shape where a statute begins
        .mark_point(filled=True, size=34, yOffset=bar_shift, fill="#ffffff", stroke="#222222")
        .encode(shape=shape, tooltip=tips, **faded)
    )
    px = "(scale('x', datum.end_ms) - scale('x', datum.start_ms))"
    full = f"{px} >= datum.label_px + 8"
    short = f"{px} < datum.label_px + 8 && {px} >= datum.short_px + 8"
    text = base.mark_text(align="left", baseline="bottom", dx=1, yOffset=bar_shift - bar_px / 2 - 2, fontSize=10)
    labels = [
        text.encode(text=alt.condition(full, "label:N", alt.value("")), tooltip=tips, **faded),
        text.encode(text=alt.condition(short, "short:N", alt.value("")), tooltip=tips, **faded),
    ]
    rule = []
    if when:
        rule = [
            alt.Chart(pd.DataFrame({"k": [0]}))
            .transform_calculate(at=f"{when} + 864e5")
            # only before the last day: a rule on the plot's right edge would stick out of it, and the page would
            # lay the chart out 1 px narrower than a page opened on an earlier day (the URL's restore)
            .transform_filter(f"datum.at < {epoch_ms(last) + 864e5}")
            .mark_rule(style="tb-mark", strokeWidth=2, strokeDash=[4, 3], aria=False)  # the slider says the day
            .encode(x=alt.X("at:T", scale=strip_x(first, last).to_dict()["scale"]))
        ]
    partner_lines = alt.param(name="tb_partner_lines", value={n: wrap(n, NAME_CHARS) for n in names})
    return [*bars, starts, *labels, *rule], partner_lines


def basis_chart(
    segments: pd.DataFrame,
    notes: pd.DataFrame | None = None,
    *,
    name: str = "duty-by-legal-basis",
    title: str | None = None,
    subtitle: str | None = None,
    row_px: int = 30,
    bar_px: int = 12,
    control: bool = True,
) -> alt.LayerChart:
    """One strip per partner: its headline duty from 2 April 2025, coloured and shaped by legal basis.

    With `control`, an "As of" date slider above the chart (the notebook's `as_of`, in the page) keeps the
    strips solid up to the day chosen and fades what came after.

    Args:
        segments: tariffbook.analysis.spans.basis_segments (partners in the order to draw them).
        notes: tariffbook.analysis.events.regime_notes: the rulings and regime changes to write above the strips.
        name: what the chart's files are called.
        title: the title (default: says what the strips show, from when to when).
        subtitle: how to read it (default: the colours, shapes, labels and lines).
        row_px: the height of a partner's row.
        bar_px: the height of its strip.
        control: whether the page shows the date control.
    """
    first, last = FIRST_DAY, segments["end"].max()
    order = list(dict.fromkeys(segments["name"]))
    df = _strip_data(segments)
    height = row_px * len(order)
    label_px = _label_column(order)
    day = page_controls.date("as_of", "As of", first, last, last) if control else None
    layers, partner_lines = _strips(df, first, last, order, order, row_px, bar_px, day)
    notes_layers = note_layers(notes, first, last, label_px, height)
    chart = alt.layer(*notes_layers, *layers).add_params(partner_lines).properties(width=WIDTH, height=height)
    title = (
        title
        or f"Under which law each partner paid, {words.day(first, month='short')} to {words.day(last, month='short')}"
    )
    subtitle = subtitle or (
        "Colour and shape: the legal basis. '+10%': on top of the normal duty; '15% total': the normal duty "
        "included. Grey, dashed: no rate in the record. Dotted lines: the rulings and regime changes"
    )
    rows = pd.concat([segments[["source_id"]], notes[["source_id"]]]) if notes is not None else segments
    description = _strip_description(segments, notes, last)
    return finish(chart, name, title, subtitle, rows, description, controls=(day,) if day else ())


def letter_partners_chart(segments: pd.DataFrame, notes: pd.DataFrame | None = None) -> alt.LayerChart:
    """The introduction's chart: each letter partner's duty since 2 April 2025 by legal basis, compact.

    Only the regime changes and the round of the ruling that ended IEEPA are written on it (events.decisive_notes).
    """
    first, last = FIRST_DAY, segments["end"].max()
    n = segments["country"].nunique()
    return basis_chart(
        segments,
        decisive_notes(notes) if notes is not None else None,
        name="letter-partners-by-legal-basis",
        title=f"The {n} letter partners' duty, {words.day(first, month='short')} to {words.day(last, month='short')}",
        subtitle=(
            "Colour and shape: the legal basis. '+10%': on top of the normal duty; '15% total': including it. "
            "Grey: no rate in the record"
        ),
        row_px=26,
        bar_px=10,
        control=False,  # the front page's chart is the story at a glance; the chapter's has the control
    )
