"""Tariff-rate charts.

Every partner's rate stage by stage, partners compared and an 'as of' day chosen in the page (stage_chart);
the sectoral rates, one row per measure (sectoral_chart); one country's rate in force day by day, with the
rates announced and a date control that reads out the rate in force that day and its legal basis
(rate_step_chart). Data: tariffbook.analysis.queries.stage_rates, sectoral_rates, rate_steps, announced_rates.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.analysis.queries import STAGE_ORDER
from tariffbook.analysis.spans import day_of_record
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

SHOWN_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal", "tariff_rate_threatened")
"""The announced rates a country's step chart marks when they were not (yet) in force."""


def _partners(df: pd.DataFrame) -> list[tuple[str, str]]:
    pairs = df.drop_duplicates("country")[["country", "name"]]
    return sorted(zip(pairs["country"], pairs["name"], strict=True), key=lambda p: p[1])


def stage_chart(stages: pd.DataFrame, compare=("JPN",), as_of=None) -> alt.Chart:
    """Lines through the stages for every partner, the partners compared in colour.

    Only the stages announced by the 'as of' day are drawn. The partners compared and the day are controls in
    the page (`countries`, `as_of`).

    Args:
        stages: tariffbook.analysis.queries.stage_rates().
        compare: the partners drawn in colour (ISO3 codes), at first.
        as_of: the day shown at first (default: the latest announcement).
    """
    df = iso_dates(stages[["country", "name", "stage", "value", "announced_on", "effective_on", "figure_id",
                           "source_id"]])  # fmt: skip
    first, last = stages["announced_on"].min(), stages["announced_on"].max()
    pick = controls.checklist("countries", "Partners compared", _partners(stages), compare)
    day = controls.date("as_of", "As of", first, last, as_of or last)
    lines = alt.param(name="tb_stage_lines", value=line_dict(STAGE_ORDER, 20, 9))
    shown = f"toDate(datum.announced_on) <= {day.ms_expr()}"
    chosen_test = "indexof(countries, datum.country) >= 0"
    base = (
        alt.Chart(df)
        .transform_filter(shown)
        .encode(
            x=alt.X("stage:N", sort=STAGE_ORDER, scale=alt.Scale(domain=STAGE_ORDER), title=None).axis(
                labelAngle=0, labelExpr=wrapped_labels("tb_stage_lines"), labelLineHeight=14
            ),
            y=alt.Y("value:Q", title="Headline tariff rate (%)").scale(domain=[0, max(60, stages["value"].max())]),
            detail="name:N",
        )
    )
    others = base.transform_filter(f"!({chosen_test})").mark_line(style="tb-muted", strokeWidth=1, opacity=0.6)
    # colour and dash pattern tell the partners compared apart: one legend of both
    chosen = (
        base.transform_filter(chosen_test)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=70, filled=True, strokeDash=[1, 0]))
        .encode(
            color=alt.Color("name:N", title="Compared"),
            strokeDash=alt.StrokeDash("name:N", title="Compared"),
            tooltip=[
                alt.Tooltip("name:N", title="Partner"),
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("value:Q", title="Rate (%)"),
                date_tooltip("announced_on", "Announced"),
            ],
        )
    )
    values = (
        base.transform_filter(f"{chosen_test} && length(countries) == 1")
        .mark_text(dy=-12, fontWeight="bold", style="tb-label")
        .encode(text=alt.Text("value:Q", format=".4~"))
    )
    sel = stages[stages["country"].isin(pick.value)]
    desc = (
        f"Line chart of the headline tariff rate of {stages['country'].nunique()} partners at each stage of 2025. "
        + " ".join(
            f"{n}: " + ", ".join(f"{r['stage']} {r['value']:.4g}%" for _, r in g.iterrows()) + "."
            for n, g in sel.groupby("name", sort=False)
        )
    )
    return finish(
        alt.layer(others, chosen, values).add_params(lines).properties(width=WIDTH, height=320),
        "tariff-rates-by-stage",
        "From 2 April to 7 August: each partner's rate, stage by stage",
        "The partners compared are in colour, the others grey; a stage is drawn once it had been announced",
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
    line = (
        alt.Chart(sd)
        .mark_line(interpolate="step-after", strokeWidth=3, style="tb-accent")
        .encode(
            x=x,
            y=y,
            tooltip=[
                date_tooltip("date", "From"),
                alt.Tooltip("rate:Q", title="In force (%)"),
                alt.Tooltip("basis:N", title="Legal basis"),
            ],
        )
    )
    ad = iso_dates(a[["stage", "value", "status", "announced_on", "source_id", "figure_id"]].copy())
    ad["status_label"] = ad["status"].map(label)
    marks = (
        alt.Chart(ad)
        .mark_point(size=120, filled=False, strokeWidth=2)
        .encode(
            x=alt.X("announced_on:T"),
            y=alt.Y("value:Q"),
            color=alt.Color("stage:N", legend=None),  # each is named above the plot
            shape=alt.Shape("stage:N", legend=None),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("value:Q", title="Rate (%)"),
                alt.Tooltip("status_label:N", title="Status today"),
                date_tooltip("announced_on", "Announced"),
            ],
        )
    )
    layers = [line, marks] if len(a) else [line]  # an empty mark layer would be an unlabelled image
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
        "Line: the rate in force. Hollow marks: announced but not (yet) in force, on the day announced",
        rows,
        desc,
        controls=(day,),
        height=(280, 240),
    )


def _rate_words(rate) -> str:
    """'12.5%', or 'not in the record' where a regime ended and the record has no rate after it."""
    return "not in the record" if rate is None or pd.isna(rate) else f"{rate:.4g}%"


def _step_words(r) -> str:
    rate = _rate_words(r["rate"])
    return f"{rate} from {day_text(r['date'])}" + (f" ({r['basis']})" if r["basis"] else "")


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
                f"'On ' + utcFormat({when}, '%-d %b %Y') + ': ' + (isValid(datum.rate) ? format(datum.rate, '.4~') "
                "+ '% in force' : 'not in the record') + (datum.basis ? ' (' + datum.basis + ')' : '')"
            )
        )
        .transform_calculate(tb_w=wrap_expr("datum.said", 38, 70))  # within the plot's width: see READOUT_LINES
        .transform_calculate(lines=fixed_lines("datum.tb_w", READOUT_LINES))
        .mark_text(align="left", baseline="top", fontWeight="bold", lineHeight=15, style="tb-label")
        .encode(x=alt.value(0), y=alt.value({"expr": "height + 34"}), text="lines:N")
        .properties(name="tb_summary")
    )
    return [rule, text]
