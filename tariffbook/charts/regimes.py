"""Charts of what followed the Supreme Court ruling: the statute behind each partner's duty, refunds, trade.

- basis_chart: one strip per partner from 2 April 2025, coloured and shaped by legal basis (IEEPA, Section 122,
  Section 301; a grey, dashed span where the record has no rate), each span labelled with its rate ('+10%' on
  top of the normal duty, '15% total' including it), the court rulings and regime changes written above the
  strips in the words of the event rows, with a dotted line down on their day;
- letter_partners_chart: the same for the letter partners, compact, for the introduction;
- refunds_chart: the IEEPA duties paid and refunded, in USD billion;
- trade_years_chart: each partner's surplus with the US in two years.

Data: tariffbook.analysis.spans, .events, .refunds, .trade. Every chart is one layered view, 640 px wide with
autosize fit-x (padding included), so that a page can give it its box's width; its height does not depend on the
width. Notes are placed at build time for the narrowest box (a 390 px phone), so no wider box can make two of
them overlap.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.events import decisive_notes
from tariffbook.analysis.spans import FIRST_DAY, GAP, NO_DUTY
from tariffbook.charts import controls as page_controls
from tariffbook.charts.common import date_tooltip, day_text, epoch_ms, finish, iso, wrap
from tariffbook.charts.notes import CHAR_PX, Layout, in_lanes
from tariffbook.charts.theme import MUTED, NARROW_WIDTH, OKABE_ITO, WIDTH

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

NOTE_WRAPS = (32, 24, 18, 14)
"""Where a note may wrap, widest first: a narrower note can share a lane with its neighbours."""

LINE_PX = 13
"""The height of a line of a note."""

LANE_GAP = 6
"""The space between two lanes of notes, and between the lowest lane and the strips."""

MAX_LANES = 4
"""How many lanes of notes a chart may have: a note that fits in none is left out (the table lists it)."""


def strip_x(first, last, title=None) -> alt.X:
    """A date axis on a UTC scale (ISO dates in the data are midnight UTC, so no reader's time zone moves a day)."""
    scale = alt.Scale(type="utc", domain=[iso(first), iso(pd.Timestamp(last) + pd.Timedelta(days=1))], nice=False)
    return alt.X("start:T", title=title, scale=scale, axis=alt.Axis(format="%b %Y", labelOverlap=True, grid=True))


# ---------------------------------------------------------------- notes above the strips


def _label_column(names) -> float:
    """The width of the axis labels: the longest line of a wrapped partner name."""
    longest = max((len(line) for n in names for line in wrap(n, NAME_CHARS)), default=0)
    return longest * AXIS_CHAR_PX + 12


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


def _note_layers(notes: pd.DataFrame, first, last, label_px: float, height: int) -> list:
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
    notes_layers = _note_layers(notes, first, last, label_px, height)
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


# ---------------------------------------------------------------- the refunds


def refunds_chart(refunds: pd.DataFrame) -> alt.LayerChart:
    """Bars: the IEEPA duties paid and refunded (the figures in USD billion), by the dates they stand for.

    Each bar is labelled with what it is, its date and its amount.
    """
    df = refunds[refunds["unit"] == "USD billion"][
        ["what", "period_text", "amount", "value", "reported", "figure_id", "source_id"]
    ].copy()
    df["reported"] = [iso(d) if pd.notna(d) else "" for d in df["reported"]]
    order = [f"{w}, {p}" for w, p in zip(df["what"], df["period_text"], strict=True)]
    row_px, bar_px = 40, 14
    shift = (row_px - bar_px) / 2 - 2
    y = alt.Y("row:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    x = alt.X(
        "value:Q",
        title="USD billion",
        scale=alt.Scale(domain=[0, float(df["value"].max()) * 1.15]),
        axis=alt.Axis(tickCount=5),
    )
    tips = [
        alt.Tooltip("what:N", title="What"),
        alt.Tooltip("period_text:N", title="Date"),
        alt.Tooltip("amount:N", title="Amount"),
        date_tooltip("reported", "Reported"),
    ]
    base = (
        alt.Chart(df)
        .transform_calculate(
            row="datum.what + ', ' + datum.period_text",
            value_text="replace(replace(datum.amount, 'USD ', ''), ' billion', '')",
        )
        .encode(y=y)
    )
    bars = base.mark_bar(height=bar_px, yOffset=shift, color=OKABE_ITO[0]).encode(x=x, tooltip=tips)
    what = base.mark_text(align="left", baseline="bottom", yOffset=shift - bar_px / 2 - 3, fontSize=11).encode(
        x=alt.value(0), text="row:N", tooltip=tips
    )
    value = base.mark_text(align="left", baseline="middle", dx=4, yOffset=shift, fontSize=11).encode(
        x="value:Q", text="value_text:N", tooltip=tips
    )
    desc = "Bars of the IEEPA duties paid and refunded, in USD billion: " + "; ".join(
        f"{r['what']}, {r['period_text']}: {r['amount']}" for _, r in df.iterrows()
    )
    chart = alt.layer(bars, what, value).properties(width=WIDTH, height=row_px * len(df))
    return finish(
        chart,
        "ieepa-refunds",
        "The IEEPA duties paid, and what came back",
        "USD billion, in the order of the dates the figures stand for",
        df,
        desc + ".",
    )


# ---------------------------------------------------------------- trade in two years


def trade_years_chart(change: pd.DataFrame, earlier: str = "2024", later: str = "2025") -> alt.LayerChart:
    """Dumbbells: each partner's goods surplus with the US in two years (the US deficit with it), USD billion.

    Each year's point cites its own rows' source; the smaller value of a partner is labelled on its left, the
    larger on its right, so that close values do not print over each other.
    """
    long = change.melt(
        id_vars=["name", "change"],
        value_vars=[f"surplus_{earlier}", f"surplus_{later}"],
        var_name="year",
        value_name="usd_bn",
    )
    long["year"] = long["year"].str.replace("surplus_", "")
    # USD million to one decimal is USD billion to four: more digits are float noise (-93.33019999999996)
    long[["usd_bn", "change"]] = long[["usd_bn", "change"]].round(4)
    sources = {earlier: change[f"source_id_{earlier}"], later: change["source_id"]}  # each year its own rows'
    long["source_id"] = [sources[y].iloc[i % len(change)] for i, y in enumerate(long["year"])]
    order = change["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(domain=False, ticks=False, labelPadding=6))
    x = alt.X("usd_bn:Q", title="US goods deficit, USD billion", axis=alt.Axis(tickCount=5))
    pair = change[[f"surplus_{earlier}", f"surplus_{later}"]]
    span = pd.DataFrame({"name": change["name"], "lo": pair.min(axis=1), "hi": pair.max(axis=1)})
    rule = alt.Chart(span).mark_rule(color=MUTED, strokeWidth=2).encode(y=y, x="lo:Q", x2="hi:Q")
    year = alt.Color("year:N", title="Year", scale=alt.Scale(domain=[earlier, later], range=[MUTED, OKABE_ITO[0]]))
    shape = alt.Shape("year:N", title="Year", scale=alt.Scale(domain=[earlier, later], range=["circle", "diamond"]))
    tips = [
        alt.Tooltip("name:N", title="Partner"),
        alt.Tooltip("year:N", title="Year"),
        alt.Tooltip("usd_bn:Q", title="US deficit (USD bn)", format=",.1f"),
        alt.Tooltip("change:Q", title=f"Change {earlier}–{later} (USD bn)", format="+,.1f"),
    ]
    base = (
        alt.Chart(long)
        .transform_joinaggregate(lo="min(usd_bn)", hi="max(usd_bn)", groupby=["name"])
        .transform_calculate(
            side="datum.usd_bn === datum.lo && datum.lo !== datum.hi ? 'left' : 'right'",
            text="format(datum.usd_bn, ',.1f')",
        )
        .encode(y=y, x=x)
    )
    points = base.mark_point(filled=True, size=110, opacity=1).encode(color=year, shape=shape, tooltip=tips)
    texts = [
        base.transform_filter(alt.datum.side == side)
        .mark_text(align="right" if side == "left" else "left", dx=-10 if side == "left" else 10, fontSize=11)
        .encode(text="text:N")
        for side in ("left", "right")
    ]
    desc = f"Dot plot of the US goods deficit with each partner in {earlier} and {later}, USD billion: " + "; ".join(
        f"{r['name']} {r[f'surplus_{earlier}']:,.1f} in {earlier}, {r[f'surplus_{later}']:,.1f} in {later}"
        for _, r in change.iterrows()
    )
    chart = alt.layer(rule, points, *texts).properties(width=WIDTH, height=max(120, 44 * len(change)))
    return finish(
        chart,
        f"trade-{earlier}-{later}",
        f"Did the surpluses shrink? {earlier} against {later}",
        f"US goods trade balance, Census first releases; grey circle: {earlier}, blue diamond: {later}",
        long,
        desc + ".",
    )
