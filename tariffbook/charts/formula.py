"""The formula chart: each partner's 2 April rate as published, as a two-step rule and as the formula gives it.

The reader moves the formula's floor and discount in the page (`floor`, `discount`): the spec recomputes every
partner's formula rate, the two-step rule's rate, its gap to the published rate and how many partners the rule
gives exactly, in its own transforms, the same arithmetic as tariffbook.analysis.formula.reconstruct (the same
rounding, a half up, with the same EPSILON). One row per partner, named on the axis, so no label can hide another.

Data: tariffbook.analysis.formula.reconstruct.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts import controls
from tariffbook.charts.common import finish, fixed_lines, line_dict, wrap_expr, wrapped_labels
from tariffbook.charts.theme import WIDTH
from tariffbook.domain import ROUNDING_EPSILON as EPSILON

ROW_PX = {False: 22, True: 28}
"""The height of one partner's row, wide and narrow (narrow rows hold a name on two lines)."""

KINDS = {
    "published": "Published 2 April",
    "two_step": "Two-step rule",
    "computed": "Formula, unrounded",
    "first_annex_i": "First Annex I",
}
"""The rates a row shows, and their legend labels."""

SHAPES = {"published": "circle", "two_step": "circle", "computed": "cross", "first_annex_i": "triangle-up"}
"""Each rate's mark: the published rate a dot, the rule's a ring around it (on it where they agree)."""


SUMMARY_LINES = {False: 2, True: 4}
"""The lines of the count above the plot, wide and narrow: always that many, so the chart keeps its size."""


def _lifted(narrow: bool) -> int:
    """The y (px, above the plot's top) of the count's first line, so its last ends 14 px above the plot."""
    return -14 - 16 * (SUMMARY_LINES[narrow] - 1)


def _round(expr: str) -> str:
    """`expr` rounded to a whole number, a half up, in Vega (tariffbook.analysis.formula.round_half_up).

    Vega's round() is JavaScript's Math.round: floor(x + 0.5). Not floor() itself: the page's `floor` param
    shadows that name in the spec's expressions.
    """
    return f"round({expr} + {EPSILON!r})"


def formula_chart(recon: pd.DataFrame) -> alt.Chart:
    """Published against rule and formula rates, partner by partner, recomputed live from the floor and discount.

    Args:
        recon: tariffbook.analysis.formula.reconstruct(floor, discount): its floor and discount are the controls'
            starting values.
    """
    df = recon[["country", "name", "charged_computed", "published", "first_annex_i", "source_id",
                "published_source"]].copy()  # fmt: skip
    df["source_all"] = df["source_id"] + ";" + df["published_source"]
    floor0, discount0 = float(recon["floor"].iloc[0]), float(recon["discount"].iloc[0])
    floor = controls.number("floor", "Floor", 0, 30, 1, floor0, "{}%")
    discount = controls.number("discount", "Discount", 0.05, 1, 0.05, discount0, "× {}")
    order = df.sort_values(["published", "name"], ascending=[False, True])["name"].tolist()
    top = max(60.0, float(df["published"].max()) + 10) * 1.12  # room on the right for each row's gap
    f, d = floor.value_expr(), discount.value_expr()
    base = alt.Chart(df).transform_calculate(
        computed=f"max({f}, {d} * datum.charged_computed)",
        two_step=f"max({f}, {_round(f'{d} * ' + _round('datum.charged_computed'))})",
        residual="datum.published - datum.computed",
        off="datum.published - datum.two_step",
        exact="datum.off == 0 ? 1 : 0",
    )
    names = alt.param(name="tb_names", value=line_dict(order, 40, 12))
    y = alt.Y("name:N", sort=order, title=None).axis(labelExpr=wrapped_labels("tb_names"), labelLineHeight=12)
    x = alt.X("rate:Q", title="Tariff rate (%)").scale(domain=[0, top], clamp=True)
    gap = base.mark_rule(style="tb-muted", strokeWidth=2).encode(y=y, x=alt.X("published:Q"), x2="computed:Q")
    rates = (
        base.transform_fold(list(KINDS), as_=["kind", "rate"])
        .transform_filter("isValid(datum.rate)")
        .transform_calculate(kind_label=" || ".join(f"(datum.kind == '{k}' && '{v}')" for k, v in KINDS.items()))
        .encode(
            y=y,
            x=x,
            color=alt.Color("kind_label:N", title=None).scale(domain=list(KINDS.values())),
            shape=alt.Shape("kind_label:N", title=None).scale(domain=list(KINDS.values()), range=list(SHAPES.values())),
            tooltip=[
                alt.Tooltip("name:N", title="Partner"),
                alt.Tooltip("kind_label:N", title="Rate"),
                alt.Tooltip("rate:Q", title="Rate (%)", format=".1f"),
                alt.Tooltip("off:Q", title="Published − rule", format="+d"),
                alt.Tooltip("residual:Q", title="Published − formula", format="+.1f"),
            ],
        )
    )
    # the published rate a filled dot; the rule a ring around it (on it when they agree); the formula a cross
    dots = [
        rates.transform_filter("datum.kind == 'published'").mark_point(filled=True, size=60),
        rates.transform_filter("datum.kind == 'two_step'").mark_point(filled=False, size=190, strokeWidth=2),
        rates.transform_filter("datum.kind == 'computed'").mark_point(filled=False, size=50, strokeWidth=1.5),
        rates.transform_filter("datum.kind == 'first_annex_i'").mark_point(filled=False, size=60, strokeWidth=1.5),
    ]
    gaps = (
        base.transform_calculate(gap="datum.off == 0 ? '0' : format(datum.off, '+d')")
        # inside the plot's right edge: text whose width changes must not change the chart's (it is fit to its box)
        .mark_text(align="right", style="tb-label", fontSize=11)
        .encode(y=y, x=alt.value({"expr": "width - 2"}), text="gap:N")
    )
    summary = (
        base.transform_aggregate(n="sum(exact)", m="count()")
        .transform_calculate(
            said=f"datum.n + ' of ' + datum.m + ' published rates as the two-step rule gives them (floor ' + {f} + "
            f"'%, discount × ' + {d} + ')'"
        )
        .transform_calculate(tb_w=wrap_expr("datum.said", 24, 56))  # within the plot's width, even on a phone
        .transform_calculate(lines=fixed_lines("datum.tb_w", SUMMARY_LINES))
        .mark_text(align="left", baseline="bottom", fontSize=13, fontWeight="bold", lineHeight=16, style="tb-label")
        # a block of lines hangs from its first line's baseline: lift it by the lines under it, clear of the plot
        .encode(x=alt.value(0), y=alt.value({"expr": f"narrow ? {_lifted(True)} : {_lifted(False)}"}), text="lines:N")
        .properties(name="tb_summary")
    )
    exact = recon[recon["two_step_exact"]]
    off = recon[~recon["two_step_exact"]].sort_values("name")
    big = recon.reindex(recon["residual"].abs().sort_values(ascending=False).index).head(3)
    desc = (
        f"Dot chart of {len(recon)} partners: the published 2 April rate, the two-step rule's and the unrounded "
        f"formula's (floor {floor0:g}%, discount {discount0:g}); the rule gives {len(exact)} of {len(recon)} exactly"
        + (
            ", not "
            + ", ".join(f"{r['name']} ({r['two_step']:g}% against {r['published']:g}%)" for _, r in off.iterrows())
            if len(off) <= 8
            else ""
        )
        + ". Largest gaps to the unrounded formula: "
        + ", ".join(f"{r['name']} {r['residual']:+.1f} points" for _, r in big.iterrows())
        + "."
    )
    return finish(
        alt.layer(gap, *dots, gaps, summary).add_params(names).properties(width=WIDTH),
        "reciprocal-formula",
        "The published rates, the formula, and a rule in two steps",
        "Each partner's published 2 April rate, the two-step rule's and the unrounded formula's; the number is "
        "published minus the rule, in points. Move the floor and the discount to ask what-if questions",
        df,
        desc,
        source_col="source_all",
        controls=(floor, discount),
        height=(ROW_PX[False] * len(df), ROW_PX[True] * len(df)),
    )
