"""The formula chart: the 2 April rates computed from 2024 trade against the published ones (formula_chart).

Data: tariffbook.analysis.formula.reconstruct.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts.common import finish
from tariffbook.charts.theme import MUTED, OKABE_ITO, WIDTH


def formula_chart(recon: pd.DataFrame) -> alt.Chart:
    """Computed vs published 2 April rates, with the line where they would be equal."""
    df = recon.copy()
    df["source_all"] = df["source_id"] + ";" + df["published_source"]
    top = max(df["published"].max(), df["computed"].max()) + 5
    diag = (
        alt.Chart(pd.DataFrame({"x": [0, top], "y": [0, top]}))
        .mark_line(color=MUTED, strokeDash=[4, 4])
        .encode(x="x:Q", y="y:Q")
    )
    base = alt.Chart(df).encode(
        x=alt.X("computed:Q", title="Rate from the formula (%)", scale=alt.Scale(domain=[0, top])),
        y=alt.Y("published:Q", title="Published 2 April rate (%)", scale=alt.Scale(domain=[0, top])),
    )
    pts = base.mark_point(filled=True, size=70, color=OKABE_ITO[0]).encode(
        tooltip=[
            alt.Tooltip("name:N", title="Partner"),
            alt.Tooltip("computed:Q", title="Formula (%)", format=".1f"),
            alt.Tooltip("published:Q", title="Published (%)"),
            alt.Tooltip("residual:Q", title="Published − formula", format="+.1f"),
            alt.Tooltip("first_annex_i:Q", title="First Annex I (%)"),
        ]
    )
    text = base.mark_text(align="left", dx=6, fontSize=10).encode(text="country:N")
    first = (
        alt.Chart(df.dropna(subset=["first_annex_i"]))
        .mark_point(shape="diamond", size=70, color=OKABE_ITO[3])
        .encode(
            x="computed:Q",
            y="first_annex_i:Q",
            tooltip=[alt.Tooltip("name:N", title="Partner"), alt.Tooltip("first_annex_i:Q", title="First Annex I (%)")],
        )
    )
    big = df.reindex(df["residual"].abs().sort_values(ascending=False).index).head(3)
    desc = (
        f"Scatter of {len(df)} partners: 2 April rate computed from 2024 trade "
        f"(floor {df['floor'].iloc[0]:g}%, discount {df['discount'].iloc[0]:g}) against the published rate; "
        "diamonds mark the first, corrected Annex I. Largest gaps: "
        + ", ".join(f"{r['name']} {r['residual']:+.1f} points" for _, r in big.iterrows())
        + "."
    )
    return finish(
        alt.layer(diag, pts, first, text).properties(width=WIDTH, height=WIDTH * 0.75),
        "The formula explains the published rates",
        "On the dashed line the formula and the published rate agree; diamonds: first Annex I",
        df,
        desc,
        source_col="source_all",
    )
