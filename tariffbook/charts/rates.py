"""Tariff-rate charts of the tariff-rate page, and how a rate applies in the legends of every rate chart.

Every partner's rate stage by stage, partners compared and an 'as of' day chosen in the page (stage_chart); the
sectoral rates, one row per measure (sectoral_chart). HOW, NOT_STATED and how_label say how a rate applies (on top
of the normal duty, in total, not stated), for these charts and a country's step chart (tariffbook.charts.rate_steps).
Data: tariffbook.analysis.stages.stage_points, stage_rates; tariffbook.analysis.queries.sectoral_rates.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.spans import day_of_record, rate_label
from tariffbook.analysis.stages import IN_FORCE_AFTER
from tariffbook.charts import controls
from tariffbook.charts.common import (
    date_tooltip,
    day_text,
    finish,
    iso_dates,
    line_dict,
    utc_x,
    wrap,
    wrapped_labels,
)
from tariffbook.charts.theme import WIDTH
from tariffbook.words import label

IN_FORCE_STAGES = (
    words.STAGES["tariff_rate_baseline"].label,
    words.STAGES["tariff_rate_in_force"].label,
    IN_FORCE_AFTER,
)
"""The stages that are rates in force (filled marks); the others were announced (hollow marks)."""


def _partners(df: pd.DataFrame) -> list[tuple[str, str]]:
    pairs = df.drop_duplicates("country")[["country", "name"]]
    return sorted(zip(pairs["country"], pairs["name"], strict=True), key=lambda p: p[1])


HOW = {
    "additional": words.label("additional", "applies_as"),
    "minimum_total": words.label("minimum_total", "applies_as"),
}
"""How a rate applies, as the legends of the rate charts say it: on top of the normal duty, or in total."""

NOT_STATED = "Not stated in the record"
"""The legend entry of a rate whose source does not say how it applies (the letters of July 2025)."""

SHAPES = {HOW["additional"]: "circle", HOW["minimum_total"]: "diamond", NOT_STATED: "square"}
"""The mark of each way a rate applies: a total is a diamond, so a lower total never reads as a cut of the same
kind of rate (Japan's 12.5% in total from 24 July 2026 after 10% on top)."""


AXIS_MARGIN_DAYS = 7
"""How far the stage chart's date axis runs past its last day."""


def how_label(applies_as) -> str:
    """How a rate applies, as the legends say it: HOW's entry for `applies_as`, else NOT_STATED."""
    return HOW.get(applies_as, NOT_STATED) if isinstance(applies_as, str) else NOT_STATED


def _rate_text(value, applies_as) -> str:
    """'+10%', '12.5% total', '25%' (not stated), 'no duty', as the labels beside the marks say it."""
    if value is None or pd.isna(value):
        return words.NOT_IN_RECORD
    if applies_as in HOW:
        return rate_label(value, applies_as)
    return words.NO_DUTY if value == 0 else f"{value:g}%"


def stage_chart(stages: pd.DataFrame, compare=("JPN",), as_of=None, through=None) -> alt.Chart:
    """Each partner's headline rate on a date axis: every stage at its day, and the rate in force after them.

    A stage is drawn at the day it was announced (the 2 April rate, a letter, a deal) or took effect (the baseline,
    the rates in force), so a deal of October 2025 comes after the rates in force of 7 August; the line holds each
    rate until the next one. Marks say how a rate applies (on top of the normal duty, or in total), filled where
    it is a rate in force and hollow where it was announced. Only what had been announced by the 'as of' day is
    drawn. The partners compared and the day are controls in the page (`countries`, `as_of`).

    Args:
        stages: tariffbook.analysis.stages.stage_points() (or stage_rates(): the stages alone).
        compare: the partners drawn in colour (ISO3 codes), at first.
        as_of: the day shown at first (default: `through`).
        through: the last day of the axis and of the slider (default: the record's horizon).
    """
    df = stages.copy()
    if "run" not in df.columns:
        df["run"] = 0
    first = df["date"].min()
    last = pd.Timestamp(through) if through is not None else day_of_record(None)
    df = df[df["date"] <= last]
    df["how"] = [how_label(a) for a in df["applies_as"]]
    df["kind"] = ["In force" if s in IN_FORCE_STAGES else "Announced" for s in df["stage"]]
    df["rate_text"] = [_rate_text(v, a) for v, a in zip(df["value"], df["applies_as"], strict=True)]
    df["basis"] = [words.label(b, "legal_basis") for b in df["legal_basis"]]
    # a label where the rate a reader sees changes (two marks of one rate, weeks apart, would print over each other)
    shown_before = df.groupby("country")["rate_text"].shift()
    df["changed"] = df["rate_text"].ne(shown_before)
    # each line runs on from its last rate to the day shown: a closing row per partner, which takes the last rate
    # drawn and the 'as of' day in the spec (the rate holds until the next one)
    close = (
        df.groupby("country", as_index=False)
        .last()
        .assign(stage="", value=None, rate_text="", changed=False, date=last, announced_on=first, close=True)
    )
    df = pd.concat([df.assign(close=False), close], ignore_index=True)
    df["seq"] = range(len(df))
    df = iso_dates(df[["country", "name", "stage", "value", "how", "kind", "rate_text", "basis", "date", "announced_on",
                       "effective_on", "run", "changed", "close", "seq", "figure_id", "source_id"]])  # fmt: skip
    pick = controls.checklist("countries", "Partners compared", _partners(stages), compare)
    day = controls.date("as_of", "As of", first, last, as_of or last)
    when = day.ms_expr()
    known = f"toDate(datum.announced_on) <= {when}"
    chosen_test = "indexof(countries, datum.country) >= 0"
    # the axis runs a week past the last day: a stroke ending on the plot's right edge would reach past it, and the
    # plot's width would then depend on the day shown before (Vega's fit does not widen it again): a link a reader
    # shares would draw a pixel off
    axis_end = last + pd.Timedelta(days=AXIS_MARGIN_DAYS)
    x = utc_x("date", domain=(first, axis_end))
    y = alt.Y("value:Q", title="Headline tariff rate (%)").scale(domain=[0, max(60, float(stages["value"].max()))])
    base = alt.Chart(df).transform_filter(f"{known} && !datum.close").encode(x=x, y=y)
    line = (
        alt.Chart(df)
        .transform_filter(f"{known} || datum.close")
        .transform_window(
            prev="lag(value)",
            prev_run="lag(run)",
            prev_date="lag(date)",
            groupby=["country"],
            sort=[alt.SortField("seq")],
        )
        .transform_calculate(
            rate="datum.close ? datum.prev : datum.value",
            line="datum.close ? datum.prev_run : datum.run",
            at=f"datum.close ? max({when}, toDate(datum.prev_date)) : toDate(datum.date)",
        )
        .encode(x=utc_x("at", domain=(first, axis_end)), y=alt.Y("rate:Q"), detail=["name:N", "line:N"], order="seq:Q")
    )
    others = line.transform_filter(f"!({chosen_test})").mark_line(
        interpolate="step-after", style="tb-muted", strokeWidth=1, opacity=0.6
    )
    # colour and dash pattern tell the partners compared apart: one legend of both
    # (above the plot: below it, beside the legend of how rates apply, it would run off a phone)
    above = alt.Legend(orient="top")
    partner = {
        "color": alt.Color("name:N", title="Compared", legend=above),
        "strokeDash": alt.StrokeDash("name:N", title="Compared", legend=above),
    }
    chosen = line.transform_filter(chosen_test).mark_line(interpolate="step-after", strokeWidth=3).encode(**partner)
    how = alt.Shape("how:N", title="How the rate applies").scale(domain=list(SHAPES), range=list(SHAPES.values()))
    how = how.legend(columns=1, direction="vertical")  # one entry a line: they are long, and always these three
    tips = [
        alt.Tooltip("name:N", title="Partner"),
        alt.Tooltip("stage:N", title="Stage"),
        alt.Tooltip("rate_text:N", title="Rate"),
        alt.Tooltip("how:N", title="Applies"),
        alt.Tooltip("basis:N", title="Legal basis"),
        date_tooltip("date", "Day drawn"),
        date_tooltip("announced_on", "Announced"),
    ]
    # the marks in the text's colour, on the partner's line: a colour of their own would split the partners'
    # legend of colour and dash in two
    marks = [
        base.transform_filter(f"{chosen_test} && isValid(datum.value) && datum.kind == '{kind}'")
        .mark_point(size=80, filled=filled, strokeWidth=2, opacity=1, style="tb-label")
        .encode(shape=how, tooltip=tips)
        for kind, filled in (("In force", True), ("Announced", False))
    ]
    values = (
        base.transform_filter(f"{chosen_test} && length(countries) == 1 && datum.changed && isValid(datum.value)")
        .mark_text(dy=-13, fontWeight="bold", style="tb-label")
        .encode(text="rate_text:N")
    )
    rule = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(at=when)
        .mark_rule(style="tb-mark", strokeWidth=1.5, strokeDash=[4, 3])
        .encode(x=alt.X("at:T"))
    )
    sel = df[df["country"].isin(pick.value) & ~df["close"]]
    span = words.day_span(first, last)
    desc = (
        f"Line chart of the headline tariff rate of {stages['country'].nunique()} partners from {span}, each stage "
        "at its day. "
        + " ".join(
            f"{n}: "
            + ", ".join(f"{r['stage']} {r['rate_text']} ({day_text(r['date'])})" for _, r in g.iterrows())
            + "."
            for n, g in sel.groupby("name", sort=False)
        )
    )
    return finish(
        alt.layer(others, chosen, *marks, values, rule).properties(width=WIDTH, height=320),
        "tariff-rates-by-stage",
        f"Each partner's headline rate, stage by stage, from {span}",
        "The partners compared in colour, the others grey; each stage at the day it was announced (hollow) or took "
        "effect (filled), drawn once it had been announced; a diamond is a rate in total, the normal duty included",
        stages,
        desc,
        controls=(pick, day),
    )


SECTOR_LINE = {False: 44, True: 22}
"""Where a sectoral chart's row label wraps, wide and narrow."""


def sectoral_chart(sectoral: pd.DataFrame, as_of=None) -> alt.Chart:
    """Dots: each sectoral rate, one row per measure ('Autos · Japan · from 16 Sep 2025'), with its rate.

    A measure proclaimed to take effect after the book's day (the polysilicon duties of 4 December 2026, in a book
    checked through 23 November) says so ('from 4 Dec 2026, scheduled'): the record does not know it took effect.

    Args:
        sectoral: tariffbook.analysis.queries.sectoral_rates().
        as_of: the book's day (None: the horizon).
    """
    df = sectoral.dropna(subset=["effective_on"]).sort_values(["sector", "effective_on", "name"]).copy()
    df["sector_label"] = df["sector"].map(label)
    scheduled = df["effective_on"] > day_of_record(as_of)
    df["row"] = [
        f"{s} · {n} · from {day_text(d)}" + (", scheduled" if later else "")
        for s, n, d, later in zip(df["sector_label"], df["name"], df["effective_on"], scheduled, strict=True)
    ]
    df = iso_dates(df)
    lines = alt.param(name="tb_rows", value=line_dict(df["row"], SECTOR_LINE[False], SECTOR_LINE[True]))
    most = {narrow: max(len(wrap(r, SECTOR_LINE[narrow])) for r in df["row"]) for narrow in (False, True)}
    step = {narrow: 13 * most[narrow] + 9 for narrow in (False, True)}
    top = max(55, float(df["value"].max()) * 1.2)  # room right of the highest dot for its label, on a phone too
    base = alt.Chart(df).encode(
        y=alt.Y("row:N", sort=df["row"].tolist(), title=None).axis(
            labelExpr=wrapped_labels("tb_rows"), labelLineHeight=13
        ),
        x=alt.X("value:Q", title="Sectoral tariff rate (%)").scale(domain=[0, top]),
    )
    dots = base.mark_point(filled=True, size=100).encode(
        color=alt.Color("sector_label:N", legend=None),
        shape=alt.Shape("sector_label:N", legend=None),
        tooltip=[
            alt.Tooltip("sector_label:N", title="Sector"),
            alt.Tooltip("name:N", title="Applies to"),
            alt.Tooltip("value:Q", title="Rate (%)"),
            date_tooltip("effective_on", "Effective"),
        ],
    )
    text = base.mark_text(align="left", dx=9, style="tb-label").encode(text=alt.Text("value:Q", format=".4~"))
    sectors = list(dict.fromkeys(df["sector_label"]))
    desc = (
        f"Dot chart of {len(df)} sectoral tariff measures: "
        + "; ".join(
            f"{r['sector_label']} {r['value']:.4g}% for {r['name']} from {day_text(r['effective_on'])}"
            for _, r in df.iterrows()
        )
        + "."
    )
    n = len(df)
    return finish(
        (dots + text).add_params(lines).properties(width=WIDTH),
        "sectoral-rates",
        "Sectoral tariffs: " + ", ".join(s.lower() for s in sectors),
        "Section 232 rates, one row per measure, by the date it took effect (or is scheduled to)"
        if scheduled.any()
        else "Section 232 rates, one row per measure, by the date it took effect",
        df,
        desc,
        height=(step[False] * n, step[True] * n),
    )
