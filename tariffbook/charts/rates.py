"""Tariff-rate charts.

Every partner's rate stage by stage (stage_chart), the Section 232 sectoral rates (sectoral_chart), and one
country's rate in force over time against the rates announced (rate_step_chart). Data:
tariffbook.analysis.queries.stage_rates, sectoral_rates, rate_steps and announced_rates.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts.common import finish
from tariffbook.charts.theme import MUTED, OKABE_ITO, WIDTH
from tariffbook.domain import STAGE_ORDER

SHOWN_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal", "tariff_rate_threatened")
"""The announced rates a country's step chart marks when they were not (yet) in force."""


def stage_chart(stages: pd.DataFrame, selected: str | None = None) -> alt.Chart:
    """Lines through the stages for every country, one selected in colour; a dropdown picks which."""
    names = sorted(stages["name"].unique())
    default = selected if selected in names else names[0]
    pick = alt.param(name="country", value=default, bind=alt.binding_select(options=names, name="Country "))
    base = alt.Chart(stages).encode(
        x=alt.X("stage:N", sort=STAGE_ORDER, title="Stage of the 2025 tariffs", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "value:Q", title="Headline tariff rate (%)", scale=alt.Scale(domain=[0, max(60, stages["value"].max())])
        ),
        detail="name:N",
    )
    others = base.mark_line(color=MUTED, opacity=0.35, strokeWidth=1)
    chosen = (
        base.mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=3, color=OKABE_ITO[0])
        .encode(
            tooltip=[
                alt.Tooltip("name:N", title="Country"),
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("value:Q", title="Rate (%)"),
                alt.Tooltip("announced_on:T", title="Announced", format="%d %b %Y"),
                alt.Tooltip("effective_on:T", title="Effective", format="%d %b %Y"),
            ]
        )
        .transform_filter(alt.datum.name == pick)
    )
    labels = (
        base.mark_text(dy=-12, fontWeight="bold")
        .encode(text=alt.Text("value:Q", format=".0f"))
        .transform_filter(alt.datum.name == pick)
    )
    desc = (
        "Line chart of headline tariff rates through the stages of 2025 for " + str(len(names)) + " countries; "
        f"a dropdown selects the country drawn in colour (now {default}). "
    )
    sel = stages[stages["name"] == default]
    desc += f"{default}: " + ", ".join(f"{r['stage']} {r['value']:.0f}%" for _, r in sel.iterrows()) + "."
    return finish(
        alt.layer(others, chosen, labels).add_params(pick).properties(width=WIDTH, height=340),
        "From 2 April to 7 August: each partner's rate, stage by stage",
        "Grey: every other country. Pick a country in the dropdown.",
        stages,
        desc,
    )


def sectoral_chart(sectoral: pd.DataFrame) -> alt.Chart:
    """Dots: each Section 232 sectoral rate, one row per measure, labelled with its rate and start date."""
    df = sectoral.dropna(subset=["effective_on"]).sort_values(["sector", "effective_on"]).copy()
    df["row"] = [
        f"{sec.replace('_', ' ')} · {n} · from {d:%d %b %Y}"
        for sec, n, d in zip(df["sector"], df["name"], df["effective_on"], strict=True)
    ]
    df["label"] = [f"{v:.0f}%" for v in df["value"]]
    base = alt.Chart(df).encode(
        y=alt.Y("row:N", sort=df["row"].tolist(), title=None),
        x=alt.X("value:Q", title="Sectoral tariff rate (%)", scale=alt.Scale(domain=[0, 55])),
    )
    dots = base.mark_point(filled=True, size=110).encode(
        color=alt.Color("sector:N", title="Sector"),
        shape=alt.Shape("sector:N", title="Sector"),
        tooltip=[
            alt.Tooltip("sector:N", title="Sector"),
            alt.Tooltip("name:N", title="Applies to"),
            alt.Tooltip("value:Q", title="Rate (%)"),
            alt.Tooltip("effective_on:T", title="Effective", format="%d %b %Y"),
        ],
    )
    text = base.mark_text(align="left", dx=9).encode(text="label:N")
    desc = (
        "Dot chart of Section 232 sectoral tariffs: "
        + "; ".join(
            f"{r['sector']} {r['value']:.0f}% for {r['name']} from {r['effective_on']:%d %b %Y}"
            for _, r in df.iterrows()
        )
        + "."
    )
    return finish(
        (dots + text).properties(width=WIDTH - 200, height=24 * len(df)),
        "Sectoral tariffs: autos, parts, steel, aluminium",
        "Section 232 rates, by the date they took effect",
        df,
        desc,
    )


def rate_step_chart(steps: pd.DataFrame, announced: pd.DataFrame, name: str) -> alt.Chart:
    """The rate in force as a step line; announced rates that were not (yet) in force as hollow marks."""
    s = steps.dropna(subset=["rate"]).copy()
    line = (
        alt.Chart(s)
        .mark_line(interpolate="step-after", strokeWidth=3, color=OKABE_ITO[0])
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y")),
            y=alt.Y(
                "rate:Q",
                title="Headline tariff rate (%)",
                scale=alt.Scale(domain=[0, max(60, announced["value"].max() if len(announced) else 0)]),
            ),
            tooltip=[
                alt.Tooltip("date:T", title="From", format="%d %b %Y"),
                alt.Tooltip("rate:Q", title="In force (%)"),
            ],
        )
    )
    a = announced[(announced["status"] != "in_force") & announced["metric"].isin(SHOWN_STAGES)].copy()
    a["kind"] = a["stage"] + " (" + a["status"] + ")"
    marks = (
        alt.Chart(a)
        .mark_point(size=120, filled=False, strokeWidth=2)
        .encode(
            x="announced_on:T",
            y="value:Q",
            color=alt.Color("stage:N", title="Announced, not in force"),
            shape=alt.Shape("stage:N", title="Announced, not in force"),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("value:Q", title="Rate (%)"),
                alt.Tooltip("status:N", title="Status today"),
                alt.Tooltip("announced_on:T", title="Announced", format="%d %b %Y"),
            ],
        )
    )
    text = (
        alt.Chart(a)
        .mark_text(dy=-12, fontSize=10)
        .encode(x="announced_on:T", y="value:Q", text=alt.Text("value:Q", format=".0f"))
    )
    rows = pd.concat([s[["source_id"]], a[["source_id"]]])
    desc = (
        f"Step chart of the headline US tariff rate in force on goods from {name}: "
        + ", ".join(
            f"{r['rate']:.0f}% from {r['date']:%d %b %Y}" for _, r in s[s["rate"] != s["rate"].shift()].iterrows()
        )
        + ". Hollow marks: rates announced but not in force ("
        + ", ".join(f"{r['stage']} {r['value']:.0f}%" for _, r in a.iterrows())
        + ")."
    )
    layers = [line, marks, text] if len(a) else [line]  # an empty mark layer would be an unlabelled image
    return finish(
        alt.layer(*layers).properties(width=WIDTH, height=300),
        f"{name}: the rate in force, and the rates announced",
        "Line: in force. Hollow marks: announced but not (yet) in force, at their announcement date",
        rows,
        desc,
    )
