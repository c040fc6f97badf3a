"""The refunds chart: the IEEPA duties paid and refunded, in USD billion (refunds_chart).

Data: tariffbook.analysis.refunds.refund_figures. One layered view, 640 px wide with autosize fit-x (padding
included), so that a page can give it its box's width; its height does not depend on the width.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts.common import date_tooltip, finish, iso
from tariffbook.charts.theme import OKABE_ITO, WIDTH


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
