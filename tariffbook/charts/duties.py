"""A partner's duty by product group over time: one strip per group with a rate of its own, the country-wide first.

duties_chart draws tariffbook.analysis.duties_over_time.group_spans: each span a bar coloured by its legal basis (IEEPA,
Section 122, Section 301, Section 232), labelled with its rate ('+25%' on top of the normal duty, '15% total'
including it), so a reader of Japan's page sees the car duty fall while steel stays at 50% and the headline moves.
A group's days without a rate of its own (before its first, or scheduled) are left blank; a group with no rate of
its own at all is not drawn, and the subtitle names it. Where a rate ended and the record has nothing after it, a
grey, dashed span says so, as on the strips of the chapter after the ruling (tariffbook.charts.regimes).

Like every chart of the book: one layered view, 640 px wide with autosize fit-x, its height independent of its
width (the rows are as tall as the longest group name needs on a phone).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.duties import COUNTRY_WIDE, DRAWN, ENDED, duty_label
from tariffbook.analysis.duties_over_time import has_rate, left_out
from tariffbook.analysis.spans import GAP, NO_DUTY
from tariffbook.charts.common import date_tooltip, finish, iso, line_dict, wrapped_labels
from tariffbook.charts.regimes import BASIS_COLOURS, BASIS_SHAPES, GAP_STROKE, LABEL_CHAR_PX, strip_x
from tariffbook.charts.theme import OKABE_ITO, WIDTH

PRODUCT_COLOURS = {**BASIS_COLOURS, words.label("section_232", "legal_basis"): OKABE_ITO[3]}
"""Legal basis -> colour: the strips' colours, and reddish purple for Section 232 (3:1 or more on white and on
a dark page, like the others)."""

PRODUCT_SHAPES = {**BASIS_SHAPES, words.label("section_232", "legal_basis"): "triangle-down"}
"""Legal basis -> the shape that marks where a statute begins on a row."""

OTHER_COLOUR = OKABE_ITO[7]
"""A statute with no colour of its own above (none in the record for a partner the rate model covers)."""

NAME_CHARS = {False: 26, True: 16}
"""Where a group's name wraps on the axis, wide and narrow."""

LINE_PX = 13
"""The height of a line of an axis label."""

BAR_PX = 12
"""The height of a strip."""


SUFFIX = " (Section 301)"
"""What a product list's name ends with (China's lists); the row's colour says it on the chart."""


def _short_names(labels: pd.Series) -> list[str]:
    """The groups' names on the axis: without ' (Section 301)' where no other group is then called the same."""
    names = set(labels)
    return [n.removesuffix(SUFFIX) if n.removesuffix(SUFFIX) not in names else n for n in labels]


def _basis(row: pd.Series) -> str:
    if row["status"] == ENDED or row["status"] == str(words.RateStatus.NOT_IN_RECORD):
        return GAP
    if row["group"] == COUNTRY_WIDE and row["rate"] == 0:
        return NO_DUTY
    return words.label(row["legal_basis"], "legal_basis") or GAP


def chart_rows(spans: pd.DataFrame) -> pd.DataFrame:
    """The spans a chart draws, with what a reader reads on them.

    The groups with a rate of their own; of those, the spans with a rate, and the gaps after a rate ended (a
    country-wide rate that ended, a product rate that ended); not the days before a group's first rate.
    """
    own = spans[has_rate(spans)]
    started = own.groupby("group", sort=False)["status"].transform(lambda s: s.isin(DRAWN).cummax())
    keep = own["status"].isin(DRAWN) | (started & own["status"].isin([ENDED, str(words.RateStatus.NOT_IN_RECORD)]))
    keep &= own["rate"].notna() | ~own["status"].isin(DRAWN)  # no tariff before the first: blank
    df = own[keep].copy()
    df["product_group"] = _short_names(df["label"])
    df["duty"] = [
        duty_label(g, r, a, s)
        for g, r, a, s in zip(df["group"], df["rate"], df["applies_as"], df["status"], strict=True)
    ]
    # the rate alone, where the whole label has no room: a plus sign still says 'on top of'; no sign, 'in total'
    df["tb_short"] = [d.removesuffix(" total") for d in df["duty"]]
    df["basis"] = [_basis(r) for _, r in df.iterrows()]
    df["tb_how"] = [
        words.phrase(a, "applies_as") if s in DRAWN else "" for a, s in zip(df["applies_as"], df["status"], strict=True)
    ]
    df["tb_stacks"] = [words.label(s, "stacks") if isinstance(s, str) and s else "" for s in df["stacks"]]
    cols = ["group", "product_group", "start", "end", "rate", "duty", "tb_short", "basis", "legal_basis",
            "applies_as", "tb_how", "stacks", "tb_stacks", "instrument", "since", "status", "note", "figure_id",
            "source_id"]  # fmt: skip
    out = df[cols].reset_index(drop=True)
    for col in ("start", "end", "since"):
        out[col] = [iso(d) if pd.notna(d) else None for d in out[col]]
    out["rate"] = out["rate"].astype(object).where(out["rate"].notna(), None)
    return out.astype(object).where(out.notna(), None)


def _left_out_text(spans: pd.DataFrame) -> str:
    out = left_out(spans)
    if out.empty:
        return ""
    none = [r["label"] for _, r in out.iterrows() if not r["scheduled"]]
    later = [f"{r['label']} ({r['scheduled'].rsplit(' from ', 1)[-1]})" for _, r in out.iterrows() if r["scheduled"]]
    parts = []
    if none:
        parts.append("no rate of their own in the record: " + ", ".join(none))
    if later:
        parts.append("rates due later: " + ", ".join(later))
    return "Not drawn, " + "; ".join(parts)


def _description(df: pd.DataFrame, name: str, last, skipped: str) -> str:
    groups = list(dict.fromkeys(df["product_group"]))
    paths = []
    for g in groups:
        mine = df[(df["product_group"] == g) & df["status"].isin(DRAWN)]
        steps = [f"{d} from {words.day(s, month='short')}" for d, s in zip(mine["duty"], mine["start"], strict=True)]
        paths.append(f"{g}: {', then '.join(steps)}")
    text = (
        f"Strips of the US duty on goods from {name}, one per product group with a rate of its own "
        f"({len(groups)} rows, the country-wide duty first), to {words.day(last)}, coloured by legal basis. "
        + "; ".join(paths)
        + "."
    )
    return text + (f" {skipped}." if skipped else "")


def duties_chart(spans: pd.DataFrame, name: str) -> alt.LayerChart:
    """One strip per product group with a rate of its own: the partner's duty on it over time, by legal basis.

    Args:
        spans: tariffbook.analysis.duties_over_time.group_spans for the partner (to the page's day, as known then).
        name: the partner's name, for the title and the files ('japan-duties-by-product').
    """
    df = chart_rows(spans)
    first, last = spans["start"].min(), spans["end"].max()
    order = list(dict.fromkeys(df["product_group"]))
    lines = line_dict(order, NAME_CHARS[False], NAME_CHARS[True])
    most = max((max(len(v["n"]), len(v["w"])) for v in lines.values()), default=1)
    row_px = max(30, LINE_PX * most + 8)
    shift = (row_px - BAR_PX) / 2 - 2
    bases = list(dict.fromkeys(df["basis"]))
    domain = [b for b in PRODUCT_COLOURS if b in bases] + [b for b in bases if b not in PRODUCT_COLOURS]
    colour = alt.Color(
        "basis:N",
        title="Legal basis",
        scale=alt.Scale(domain=domain, range=[PRODUCT_COLOURS.get(b, OTHER_COLOUR) for b in domain]),
        legend=alt.Legend(orient="bottom", direction="horizontal", columns=2, symbolStrokeColor=GAP_STROKE),
    )
    shape = alt.Shape(
        "basis:N",
        title="Legal basis",
        scale=alt.Scale(domain=domain, range=[PRODUCT_SHAPES.get(b, "circle") for b in domain]),
    )
    param = alt.param(name="tb_groups", value=lines)
    y = alt.Y(
        "product_group:N",
        sort=order,
        title=None,
        scale=alt.Scale(domain=order, paddingInner=0, paddingOuter=0),
        axis=alt.Axis(
            domain=False,
            ticks=False,
            labelOffset=shift + BAR_PX / 2 + 1,
            labelBaseline="bottom",
            labelPadding=6,
            labelLineHeight=LINE_PX,
            labelExpr=wrapped_labels("tb_groups"),
        ),
    )
    tips = [
        alt.Tooltip("product_group:N", title="Product group"),
        date_tooltip("start", "From"),
        date_tooltip("end", "To (last day)"),
        alt.Tooltip("duty:N", title="Duty"),
        alt.Tooltip("tb_how:N", title="How it applies"),
        alt.Tooltip("basis:N", title="Legal basis"),
        alt.Tooltip("instrument:N", title="Set by"),
        alt.Tooltip("tb_stacks:N", title="With the country-wide duty"),
        alt.Tooltip("note:N", title="Note"),
    ]
    base = (
        alt.Chart(df)
        .transform_calculate(
            end_next="time(toDate(datum.end)) + 864e5",
            start_ms="time(toDate(datum.start))",
            label_px=f"length(datum.duty) * {LABEL_CHAR_PX} + 4",
            short_px=f"length(datum.tb_short) * {LABEL_CHAR_PX} + 4",
        )
        .encode(x=strip_x(first, last).axis(format="%b %Y", labelOverlap=True, labelSeparation=8, grid=True), y=y)
    )
    gap = alt.datum.basis == GAP
    stroke = {
        "stroke": alt.when(gap | (alt.datum.basis == NO_DUTY)).then(alt.value(GAP_STROKE)).otherwise(alt.value(None)),
        "strokeDash": alt.when(gap).then(alt.value([3, 2])).otherwise(alt.value([1, 0])),
    }
    bars = base.mark_bar(height=BAR_PX, yOffset=shift, x2Offset=-1).encode(
        x2="end_next:T", color=colour, tooltip=tips, **stroke
    )
    starts = (
        base.transform_window(previous="lag(basis)", groupby=["product_group"], sort=[alt.SortField("start")])
        .transform_filter("datum.previous !== datum.basis")  # a shape where a statute begins on the row
        .mark_point(filled=True, size=34, yOffset=shift, fill="#ffffff", stroke="#222222")
        .encode(shape=shape, tooltip=tips)
    )
    px = "(scale('x', datum.end_next) - scale('x', datum.start_ms))"
    full = f"{px} >= datum.label_px + 8"
    short = f"{px} < datum.label_px + 8 && {px} >= datum.short_px + 8"
    text = base.mark_text(align="left", baseline="bottom", dx=1, yOffset=shift - BAR_PX / 2 - 2, fontSize=10)
    labels = [
        text.encode(text=alt.condition(full, "duty:N", alt.value("")), tooltip=tips),
        text.encode(text=alt.condition(short, "tb_short:N", alt.value("")), tooltip=tips),
    ]
    skipped = _left_out_text(spans)
    subtitle = (
        "Colour and shape: the legal basis. '+25%': on top of the normal duty; '15% total' (or '15%' where the "
        "span is short): including it. Blank: no rate of its own yet"
    )
    if (df["basis"] == GAP).any():
        subtitle += ". Grey, dashed: a rate ended and the record has none after it"
    subtitle += f". {skipped}" if skipped else ""
    chart = alt.layer(bars, starts, *labels).add_params(param).properties(width=WIDTH, height=row_px * len(order))
    return finish(
        chart,
        f"{name}-duties-by-product",
        f"{name}: duty by product group, {words.day(first, month='short')} to {words.day(last, month='short')}",
        subtitle,
        df,
        _description(df, name, last, skipped),
    )
