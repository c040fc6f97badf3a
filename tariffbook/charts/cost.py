"""Charts of what the tariffs cost: the effective rate over time, the headline rate beside it, the duties collected.

- effective_rate_chart: the Budget Lab's daily statutory rate weighted by 2024 imports, all duties (the normal duty
  included) and each legal authority's part, with the publisher's own headline figures as dots and the regime
  changes named; a date range the reader chooses;
- partner_gap_chart: for each partner group on one of the publisher's dates (a control), its effective rate beside
  the headline rate in force;
- customs_duties_chart: the customs duties of the months the record holds.

Data: tariffbook.analysis.cost. Each chart is one layered view, 640 px wide with autosize fit-x.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.charts import controls, notes
from tariffbook.charts.common import date_tooltip, finish, iso_dates, line_dict, utc_x, wrapped_labels
from tariffbook.charts.theme import OKABE_ITO, WIDTH
from tariffbook.domain import ALL_PARTNER_GROUPS

EFFECTIVE = "Average on its goods (the Budget Lab)"
HEADLINE = "Headline rate in force (the record)"

AUTHORITY_ORDER = ["all", "ieepa_reciprocal", "ieepa_fentanyl", "section_232", "section_301", "section_122"]
"""The lines of the effective-rate chart, in legend order ('all': every duty, the normal duty included)."""


def _authority_labels(codes) -> dict[str, str]:
    return {c: words.label(c, "authority") for c in codes}


def _notes(events: pd.DataFrame | None, first, last) -> pd.DataFrame:
    """The orders and court rulings that concern every partner, as notes above the plot.

    They are placed for the whole range: a narrower range the reader picks only spreads them out.
    """
    if events is None or events.empty:
        return pd.DataFrame()
    common = events[events["country"].isin([*ALL_PARTNER_GROUPS, "LETTER14"])]
    common = common[(common["announced_on"] >= first) & (common["announced_on"] <= last)]
    noted = notes.key_events(common, ("executive_order", "court_ruling"))
    return notes.place(noted, first, last, {False: 520, True: 250}) if len(noted) else noted


def effective_rate_chart(
    rates: pd.DataFrame,
    published: pd.DataFrame,
    events: pd.DataFrame | None = None,
    start=None,
    end=None,
    name: str = "effective-tariff-rate",
) -> alt.LayerChart:
    """Lines: the daily effective rate, all duties and by legal authority; dots: the publisher's headline figures.

    Args:
        rates: tariffbook.analysis.cost.effective_rates().
        published: tariffbook.analysis.cost.published_rates() (drawn where a figure names a day or a month).
        events: event rows (tariffbook.analysis.events.preferred_events); the orders and rulings that concern every
            partner are named above the plot.
        start: the first day shown at first (a control; default: the series' first day; kept within the series).
        end: the last day shown at first (a control; default, or a day after the series: its last day).
        name: what the chart's files are called.
    """
    first, last = rates["date"].min(), rates["date"].max()
    shown_from = first if start is None else min(max(pd.Timestamp(start), first), last)
    shown_to = last if end is None else max(min(pd.Timestamp(end), last), shown_from)
    since = controls.date("start", "From", first, last, shown_from)
    until = controls.date("end", "To", first, last, shown_to)
    codes = [c for c in AUTHORITY_ORDER if c in set(rates["authority"])]
    labels = _authority_labels(codes)
    df = iso_dates(rates[rates["authority"].isin(codes)].assign(what=rates["authority"].map(labels)))
    keep = f"toDate(datum.date) >= {since.ms_expr()} - 864e5 && toDate(datum.date) <= {until.ms_expr()}"
    x = utc_x("date")
    colour = alt.Color(
        "what:N",
        title="Rate",
        sort=[labels[c] for c in codes],
        scale=alt.Scale(domain=[labels[c] for c in codes], range=OKABE_ITO[: len(codes)]),
        legend=alt.Legend(orient="bottom", columns=2),
    )
    tips = [
        date_tooltip("date", "Day"),
        alt.Tooltip("what:N", title="Rate"),
        alt.Tooltip("rate:Q", format=".1f", title="Percent"),
    ]
    lines = (
        alt.Chart(df)
        .transform_filter(keep)
        .mark_line(interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("rate:Q", title="Percent of the value of imports"),
            color=colour,
            strokeWidth=alt.when(alt.datum.authority == "all").then(alt.value(3)).otherwise(alt.value(1.5)),
            tooltip=tips,
        )
    )
    dated = published.assign(date=[_day_of(p) for p in published["period"]]).dropna(subset=["date"])
    dated = iso_dates(dated[(dated["date"] >= first) & (dated["date"] <= last)])
    dots = (
        alt.Chart(dated)
        .transform_filter(keep)
        .mark_point(shape="diamond", size=90, filled=True, style="tb-mark")
        .encode(
            x=x,
            y="value:Q",
            tooltip=[
                date_tooltip("date", "Day"),
                alt.Tooltip("value:Q", title="Published rate (%)"),
                alt.Tooltip("quote:N", title="The publisher's words"),
            ],
        )
    )
    rows = pd.concat([df[["source_id"]], dated[["source_id"]]])
    at_end = df[df["date"] == df["date"].max()]
    now = "; ".join(f"{r['what']} {r['rate']:.1f}%" for _, r in at_end.iterrows())
    description = (
        f"Lines of the average US tariff rate weighted by 2024 imports, daily from {words.day(first)} to "
        f"{words.day(last)}: all duties with the normal duty, and the part of each legal authority. On "
        f"{words.day(last)}: {now}. Diamonds: the rates the publisher stated on its own dates ("
        + "; ".join(f"{words.day(d)} {v:g}%" for d, v in zip(dated["date"], dated["value"], strict=True))
        + ")."
    )
    noted = _notes(events, first, last)
    layers = [lines, dots]
    if len(noted):
        layers += notes.layers(iso_dates(noted.rename(columns={"day": "date"})), x="date", keep=keep)
    chart = alt.layer(*layers).properties(width=WIDTH, height=320)
    return finish(
        chart,
        name,
        "The average tariff on US imports, day by day",
        "Statutory rates weighted by 2024 imports: what the schedule charged, not what was collected. Thick: all "
        "duties, the normal duty included; thin: each authority's part. Diamonds: the publisher's own figures",
        rows,
        description,
        controls=(since, until),
        height=(320, 300),
    )


def _day_of(period) -> pd.Timestamp | None:
    """A figure's period as a day to draw it on: the day it names, or the middle of the month it names."""
    period = str(period)
    if len(period) == 10:
        return pd.Timestamp(period)
    if len(period) == 7:
        return pd.Timestamp(period + "-15")
    return None


def partner_gap_chart(gap: pd.DataFrame, name: str = "effective-against-headline") -> alt.LayerChart:
    """For each partner group on one of the publisher's dates: its effective rate and the headline rate in force.

    Args:
        gap: tariffbook.analysis.cost.partner_gap().
        name: what the chart's files are called.
    """
    dates = list(dict.fromkeys(words.iso(d) for d in gap["date"]))
    labels = {
        words.iso(d): f"{words.day(d, month='short')} ({lab})" for d, lab in zip(gap["date"], gap["label"], strict=True)
    }
    pick = controls.select("on", "On", [(d, labels[d]) for d in dates], dates[-1])
    df = iso_dates(gap).assign(who=[words.label(g, "partner_group") for g in gap["group"]])
    groups = list(dict.fromkeys(df["who"]))
    lines = alt.param(name="tb_groups", value=line_dict(groups, 18, 10))
    effective = df.assign(kind=EFFECTIVE, rate=df["effective"].astype(float).round(1))
    effective = effective.assign(
        text=[f"{r:.1f}%" for r in effective["rate"]], form="all duties, the normal duty included"
    )
    headline = df.dropna(subset=["headline"]).assign(kind=HEADLINE)
    headline = headline.assign(rate=headline["headline"].astype(float), text=headline["headline_label"])
    headline = headline.assign(form=headline["headline_text"], source_id=headline["headline_source_id"])
    long = pd.concat([effective, headline])[["date", "who", "kind", "rate", "text", "form", "source_id"]]
    base = alt.Chart(long).transform_filter(f"datum.date == {pick.value_expr()}")
    y = alt.Y("who:N", sort=groups, title=None).scale(domain=groups).axis(labelExpr=wrapped_labels("tb_groups"))
    legend = alt.Legend(orient="bottom", direction="vertical", columns=1)  # one entry a line: a phone's width
    kind = alt.Shape(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=[EFFECTIVE, HEADLINE], range=["circle", "diamond"]),
        legend=legend,
    )
    tips = [
        alt.Tooltip("who:N", title="Partner"),
        alt.Tooltip("kind:N", title="Rate"),
        alt.Tooltip("form:N", title="Percent"),
        date_tooltip("date", "Day"),
    ]
    dots = base.mark_point(size=110, filled=True, opacity=0.9).encode(
        x=alt.X("rate:Q", title="Percent").scale(domain=[0, float(long["rate"].max()) * 1.15], nice=False),
        y=y,
        shape=kind,
        color=alt.Color("kind:N", title=None, legend=legend).scale(domain=[EFFECTIVE, HEADLINE], range=OKABE_ITO[:2]),
        tooltip=tips,
    )
    text = base.mark_text(
        align="left", dx=8, dy=alt.expr(f"datum.kind == '{HEADLINE}' ? 9 : -7"), fontSize=10, style="tb-label"
    ).encode(x="rate:Q", y=y, text="text:N", detail="kind:N")
    last = df[df["date"] == df["date"].max()]
    description = (
        "Dot plot, for each partner group on a date the reader chooses, of the publisher's effective rate and the "
        f"headline rate in force. On {words.day(last['date'].iloc[0])}: "
        + "; ".join(
            f"{r['who']} effective {r['effective']:.1f}%, headline {r['headline_text']}" for _, r in last.iterrows()
        )
        + "."
    )
    chart = alt.layer(dots, text).add_params(lines).properties(width=WIDTH, height=34 * len(groups))
    return finish(
        chart,
        name,
        "What the headline rate does not say",
        "Circles: the average rate on a group's goods, all duties and the normal duty, weighted by 2024 imports. "
        "Diamonds: the headline rate in force that day. The gap: exempt goods, the mix of goods, sectoral duties",
        long,
        description,
        controls=(pick,),
    )


def customs_duties_chart(duties: pd.DataFrame, name: str = "customs-duties-by-month") -> alt.LayerChart:
    """Bars: the customs duties of each month the record holds (USD billion), each labelled with its amount.

    Args:
        duties: tariffbook.analysis.cost.customs_duties().
        name: what the chart's files are called.
    """
    df = iso_dates(duties.assign(label=[words.number(v) for v in duties["value"]]))
    # one band a month the record holds, in order: the months between are not in the record, not months of no duty
    order = [words.month(m) for m in sorted(pd.to_datetime(duties["month"]))]
    df = df.assign(month_label=[words.month(m) for m in duties["month"]])
    x = alt.X("month_label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(df)
        .mark_bar(width=alt.RelativeBandSize(0.5), color=OKABE_ITO[0])
        .encode(
            x=x,
            y=alt.Y("value:Q", title="USD billion"),
            tooltip=[date_tooltip("month", "Month"), alt.Tooltip("value:Q", title="USD billion"), "quote:N"],
        )
    )
    text = alt.Chart(df).mark_text(dy=-6, fontSize=10, style="tb-label").encode(x=x, y="value:Q", text="label:N")
    description = "Bars of US customs duties in the months the record holds: " + "; ".join(
        f"{words.month(m)} USD {words.number(v)} billion" for m, v in zip(duties["month"], duties["value"], strict=True)
    )
    chart = alt.layer(bars, text).properties(width=WIDTH, height=240)
    return finish(
        chart,
        name,
        "Customs duties in the months the record holds",
        "USD billion a month, as the reports the record quotes give them (each quoted in its tooltip); the months "
        "between are not in the record",
        df,
        description + ".",
    )
