"""A country's rate in force day by day (rate_step_chart), for its country page.

The rate in force as a step line, solid or dashed by how it applies; the rates announced but not (yet) in force as
hollow marks; notes above the plot (the announced rates, the changes of legal basis, the court rulings); and a date
control that reads out the rate in force that day and its legal basis under the plot.
Data: tariffbook.analysis.spans.rate_steps, tariffbook.analysis.queries.announced_rates.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.charts import controls, notes
from tariffbook.charts.common import (
    date_tooltip,
    day_text,
    finish,
    fixed_lines,
    iso_dates,
    slug,
    utc_x,
    wrap_expr,
)
from tariffbook.charts.rates import HOW, NOT_STATED, how_label
from tariffbook.charts.theme import WIDTH
from tariffbook.words import label, legal_basis_text

SHOWN_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal", "tariff_rate_threatened")
"""The announced rates a country's step chart marks when they were not (yet) in force."""


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
    seg["how"] = [how_label(a) for a in seg.get("applies_as", pd.Series(None, index=seg.index))]
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
