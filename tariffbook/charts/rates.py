"""Tariff-rate charts.

Every partner's rate stage by stage, partners compared and an 'as of' day chosen in the page (stage_chart);
the sectoral rates, one row per measure (sectoral_chart); one country's rate in force day by day, with the
rates announced and a date control that reads out the rate in force that day and its legal basis
(rate_step_chart). Data: tariffbook.analysis.queries.stage_rates, sectoral_rates, rate_steps, announced_rates.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import IN_FORCE_AFTER
from tariffbook.analysis.spans import day_of_record, rate_label
from tariffbook.charts import controls, notes
from tariffbook.charts.common import (
    date_tooltip,
    day_text,
    finish,
    fixed_lines,
    iso_dates,
    line_dict,
    slug,
    utc_x,
    wrap,
    wrap_expr,
    wrapped_labels,
)
from tariffbook.charts.theme import WIDTH
from tariffbook.words import label, legal_basis_text

IN_FORCE_STAGES = (
    words.STAGES["tariff_rate_baseline"].label,
    words.STAGES["tariff_rate_in_force"].label,
    IN_FORCE_AFTER,
)
"""The stages that are rates in force (filled marks); the others were announced (hollow marks)."""

SHOWN_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal", "tariff_rate_threatened")
"""The announced rates a country's step chart marks when they were not (yet) in force."""


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


def _how(applies_as) -> str:
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
        stages: tariffbook.analysis.queries.stage_points() (or stage_rates(): the stages alone).
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
    df["how"] = [_how(a) for a in df["applies_as"]]
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


def _steps_frame(steps: pd.DataFrame) -> pd.DataFrame:
    """The step rows a chart draws, with the legal basis in words where the data has it ('' where not)."""
    s = steps.copy()
    cols = ("legal_basis", "instrument", "applies_as")  # from the analysis layer; absent in older data
    s["basis"] = [legal_basis_text(*(r.get(c) for c in cols)) for r in s.to_dict("records")]
    s["last"] = [i == len(s) - 1 and len(s) > 1 for i in range(len(s))]  # the closing row repeats the last step
    return s


def _note_frame(days, lines: list, kind: str, priority: int) -> pd.DataFrame:
    return pd.DataFrame({"day": days, "kind": kind, "priority": priority, "lines": lines, "n": 1, "event_ids": ""})


def _regime_notes(s: pd.DataFrame) -> pd.DataFrame:
    """A note where the legal basis of the rate in force changes ('24 Feb 2026 · Section 122: 10%')."""
    if "legal_basis" not in s.columns:
        return pd.DataFrame()
    rows = s[~s["last"] & s["legal_basis"].notna() & (s["legal_basis"] != s["legal_basis"].shift())]
    pairs = zip(rows["date"], rows["legal_basis"], rows["rate"], strict=True)
    return _note_frame(rows["date"], [[day_text(d), f"{label(b)}: {_rate_words(r)}"] for d, b, r in pairs], "regime", 0)


def _announced_notes(a: pd.DataFrame) -> pd.DataFrame:
    """A note for each rate announced but not (yet) in force ('7 Jul 2025 · Letter: 25%')."""
    pairs = zip(a["announced_on"], a["stage"], a["value"], strict=True)
    return _note_frame(a["announced_on"], [[day_text(d), f"{st}: {v:.4g}%"] for d, st, v in pairs], "announced", 1)


def rate_step_chart(
    steps: pd.DataFrame, announced: pd.DataFrame, name: str, events: pd.DataFrame | None = None, as_of=None
) -> alt.Chart:
    """The rate in force as a step line, and the rates announced but not (yet) in force as hollow marks.

    Above the plot, notes name the announced rates, the changes of legal basis and the court rulings; a date
    control reads out the rate in force that day, with its legal basis.

    Args:
        steps: tariffbook.analysis.queries.rate_steps() (with legal_basis, instrument, applies_as where known).
        announced: tariffbook.analysis.queries.announced_rates().
        name: the country's name.
        events: event rows to note above the plot (court rulings among them are noted), or None.
        as_of: the day the date control shows at first (default: the last day of the steps).
    """
    s = _steps_frame(steps)
    end = s["date"].max()
    a = announced[(announced["status"] != "in_force") & announced["metric"].isin(SHOWN_STAGES)].copy()
    a = a[a["announced_on"] <= end]
    first = min(s["date"].min(), a["announced_on"].min()) if len(a) else s["date"].min()
    day = controls.date("as_of", "Rate in force on", first, end, as_of or end)
    noted = pd.concat([_regime_notes(s), _announced_notes(a)], ignore_index=True)
    if events is not None and len(events):
        noted = pd.concat([noted, notes.key_events(events, ("court_ruling",)).assign(priority=2)])
    noted = notes.place(noted, first, end, {False: 470, True: 230})
    top = max(60, float(a["value"].max()) if len(a) else 0, float(s["rate"].max() or 0))
    x = utc_x("date", domain=(first, end))
    y = alt.Y("rate:Q", title="Headline tariff rate (%)").scale(domain=[0, top])
    sd = iso_dates(s.drop(columns=["figure_ids"], errors="ignore"))
    line = _in_force_line(s, x, y)
    ad = iso_dates(a[["stage", "value", "status", "announced_on", "source_id", "figure_id"]].copy())
    ad["status_label"] = ad["status"].map(label)
    # hollow: announced, not (yet) in force; each is also named above the plot, and the legend says what they are
    hollow = alt.Legend(title="Announced, not (yet) in force", symbolStrokeWidth=2, **_legend_offset())
    marks = (
        alt.Chart(ad)
        .mark_point(size=120, filled=False, strokeWidth=2)
        .encode(
            x=alt.X("announced_on:T"),
            y=alt.Y("value:Q"),
            color=alt.Color("stage:N", legend=hollow),
            shape=alt.Shape("stage:N", legend=hollow),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("value:Q", title="Rate (%)"),
                alt.Tooltip("status_label:N", title="Status today"),
                date_tooltip("announced_on", "Announced"),
            ],
        )
    )
    layers = [*line, marks] if len(a) else [*line]  # an empty mark layer would be an unlabelled image
    layers += notes.layers(iso_dates(noted.rename(columns={"day": "date"})), x="date")
    layers += _readout(sd, day)
    rows = pd.concat([s[["source_id"]], a[["source_id"]]])
    changes = s[~s["last"] & (s["rate"].ne(s["rate"].shift()) | s["basis"].ne(s["basis"].shift()))]
    desc = (
        f"Step chart of the headline US tariff rate in force on goods from {name}: "
        + ", ".join(_step_words(r) for _, r in changes.iterrows())
        + ". Hollow marks: rates announced but not in force ("
        + (
            ", ".join(f"{r['stage']} {r['value']:.4g}% on {day_text(r['announced_on'])}" for _, r in a.iterrows())
            or "none"
        )
        + ")."
    )
    return finish(
        alt.layer(*layers).properties(width=WIDTH, height=280),
        f"{slug(name)}-rate-in-force",
        f"{name}: the rate in force, and the rates announced",
        "Line: the rate in force, solid where it is added on top of the normal duty, dashed where it is the total. "
        "Hollow marks: announced but not (yet) in force, on the day announced",
        rows,
        desc,
        controls=(day,),
        height=(280, 240),
    ).configure_legend(layout=STACKED_LEGENDS)


STACKED_LEGENDS = {"expr": "{bottom: {direction: 'vertical', anchor: 'start'}}"}
"""The legends under a country's chart one under the other (side by side they run off a phone)."""


def _legend_offset() -> dict:
    """The legend under a country's chart: below the read-out, whose lines are fixed by the `narrow` param."""
    wide, narrow = (READOUT_TOP - 18 + LINE_PX * READOUT_LINES[n] + 10 for n in (False, True))
    return {"orient": "bottom", "offset": {"expr": f"narrow ? {narrow} : {wide}"}}


DASHES = {HOW["additional"]: [1, 0], HOW["minimum_total"]: [7, 4], NOT_STATED: [2, 3]}
"""The line of a rate in force by how it applies: solid on top of the normal duty, dashed a total."""


def _in_force_line(s: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """The rate in force as steps: a rule a span, solid or dashed by how it applies (with a legend), and risers.

    A span with no rate (before any, or not in the record) draws nothing.
    """
    seg = s.assign(until=s["date"].shift(-1))
    seg = seg[~seg["last"] & seg["until"].notna() & seg["rate"].notna()].copy()
    seg["how"] = [_how(a) for a in seg.get("applies_as", pd.Series(None, index=seg.index))]
    rise = pd.DataFrame(
        {"date": seg["until"].iloc[:-1].values, "rate": seg["rate"].iloc[:-1].values, "to": seg["rate"].iloc[1:].values}
    )
    rise = rise[(seg["until"].iloc[:-1].values == seg["date"].iloc[1:].values) & (rise["rate"] != rise["to"])]
    how = [h for h in DASHES if h in set(seg["how"])] or [HOW["additional"]]
    dash = alt.StrokeDash("how:N", title="Rate in force").scale(domain=how, range=[DASHES[h] for h in how])
    spans = (
        alt.Chart(iso_dates(seg.drop(columns=["figure_ids"], errors="ignore")))
        .mark_rule(strokeWidth=3, style="tb-accent")
        .encode(
            x=x,
            x2="until:T",
            y=y,
            strokeDash=dash.legend(
                symbolStrokeWidth=3, symbolSize=300, columns={"expr": "narrow ? 1 : 2"}, **_legend_offset()
            ),
            tooltip=[
                date_tooltip("date", "From"),
                alt.Tooltip("rate:Q", title="In force (%)"),
                alt.Tooltip("basis:N", title="Legal basis"),
            ],
        )
    )
    risers = (
        alt.Chart(iso_dates(rise)).mark_rule(strokeWidth=3, style="tb-accent").encode(x="date:T", y="rate:Q", y2="to:Q")
    )
    return [spans, risers] if len(rise) else [spans]


def _rate_words(rate) -> str:
    """'12.5%', or 'not in the record' where a regime ended and the record has no rate after it."""
    return "not in the record" if rate is None or pd.isna(rate) else f"{rate:.4g}%"


def _step_words(r) -> str:
    rate = _rate_words(r["rate"])
    return f"{rate} from {day_text(r['date'])}" + (f" ({r['basis']})" if r["basis"] else "")


READOUT_TOP = 34
"""Where the read-out under a country's chart starts, below the plot (px): under the axis labels."""

LINE_PX = 15
"""The read-out's line height (px)."""

READOUT_LINES = {False: 2, True: 3}
"""Lines of the read-out under a country's chart ('On 8 Jul 2025: 10% in force (IEEPA, EO 14257)'), wide and narrow:
always that many, and never wider than the plot, so the chart keeps its size whatever the day chosen."""


def _readout(sd: pd.DataFrame, day: controls.Control) -> list[alt.Chart]:
    """A rule on the chosen day, and under the plot the rate in force that day with its legal basis."""
    when = day.ms_expr()
    rule = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(at=when)
        .mark_rule(style="tb-mark", strokeWidth=2, strokeDash=[4, 3])
        .encode(x=alt.X("at:T"))
    )
    text = (
        alt.Chart(sd)
        .transform_filter(f"!datum.last && toDate(datum.date) <= {when}")
        .transform_window(k="rank()", sort=[alt.SortField("date", order="descending")])
        .transform_filter("datum.k == 1")
        .transform_calculate(
            said=(
                f"'On ' + utcFormat({when}, '{words.VEGA_DAY}') + ': ' "
                "+ (isValid(datum.rate) ? format(datum.rate, '.4~') + '% in force' : 'not in the record') "
                "+ (datum.basis ? ' (' + datum.basis + ')' : '')"
            )
        )
        .transform_calculate(tb_w=wrap_expr("datum.said", 38, 70))  # within the plot's width: see READOUT_LINES
        .transform_calculate(lines=fixed_lines("datum.tb_w", READOUT_LINES))
        .mark_text(align="left", baseline="top", fontWeight="bold", lineHeight=LINE_PX, style="tb-label")
        .encode(x=alt.value(0), y=alt.value({"expr": f"height + {READOUT_TOP}"}), text="lines:N")
        .properties(name="tb_summary")
    )
    return [rule, text]
