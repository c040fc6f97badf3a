"""Trade charts.

Who sells the US more than they buy (surplus_chart), and exports against imports per partner (trade_flows_chart).
Data: tariffbook.analysis.queries.trade_2024.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts.common import finish
from tariffbook.charts.theme import MUTED, OKABE_ITO, WIDTH


def surplus_chart(trade: pd.DataFrame, top_n: int = 15, highlight=()) -> alt.Chart:
    """Bars: the partners with the largest goods surplus with the US in 2024, highlighted ones in colour."""
    df = trade.nlargest(top_n, "surplus_bn").copy()
    df["group"] = ["Highlighted" if c in set(highlight) else "Other partners" for c in df["country"]]
    pairs = zip(df["group"], df["surplus_bn"], strict=True)
    df["label"] = [("★ " if g == "Highlighted" else "") + f"{v:,.1f}" for g, v in pairs]
    order = df["name"].tolist()
    base = alt.Chart(df).encode(y=alt.Y("name:N", sort=order, title=None))
    bars = base.mark_bar().encode(
        x=alt.X("surplus_bn:Q", title="US goods deficit with the partner, 2024 (USD billion)"),
        color=alt.Color(
            "group:N",
            scale=alt.Scale(domain=["Highlighted", "Other partners"], range=[OKABE_ITO[0], MUTED]),
            legend=alt.Legend(title=None),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Partner"),
            alt.Tooltip("surplus_bn:Q", title="Surplus (USD bn)", format=",.1f"),
            alt.Tooltip("exports_bn:Q", title="US exports (USD bn)", format=",.1f"),
            alt.Tooltip("imports_bn:Q", title="US imports (USD bn)", format=",.1f"),
        ],
    )
    text = base.mark_text(align="left", dx=3).encode(x="surplus_bn:Q", text="label:N")
    top = df.iloc[0]
    desc = (
        f"Bar chart of the {len(df)} partners with the largest US goods deficit in 2024. Largest: {top['name']}, "
        f"USD {top['surplus_bn']:,.1f} billion. "
        f"Highlighted: {', '.join(df[df['group'] == 'Highlighted']['name']) or 'none'}."
    )
    return finish(
        (bars + text).properties(width=WIDTH, height=max(160, 22 * len(df))),
        "Who sells the US more than they buy",
        "US goods trade balance by partner, 2024, Census basis",
        df,
        desc,
    )


def trade_flows_chart(trade: pd.DataFrame, countries) -> alt.Chart:
    """Dumbbells: US exports to and imports from each partner in 2024."""
    df = trade[trade["country"].isin(countries)].copy()
    long = df.melt(
        id_vars=["country", "name", "source_id"],
        value_vars=["exports_bn", "imports_bn"],
        var_name="flow",
        value_name="usd_bn",
    )
    long["flow"] = long["flow"].map({"exports_bn": "US exports to partner", "imports_bn": "US imports from partner"})
    order = df.sort_values("imports_bn", ascending=False)["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None)
    rule = alt.Chart(df).mark_rule(color=MUTED).encode(y=y, x="exports_bn:Q", x2="imports_bn:Q")
    pts = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            y=y,
            x=alt.X("usd_bn:Q", title="USD billion, 2024"),
            color=alt.Color("flow:N", title=None),
            shape=alt.Shape("flow:N", title=None),
            tooltip=[
                alt.Tooltip("name:N", title="Partner"),
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f"),
            ],
        )
    )
    desc = (
        "Dot plot of US goods exports to and imports from "
        + ", ".join(
            f"{r['name']} (exports {r['exports_bn']:,.1f}, imports {r['imports_bn']:,.1f} USD bn)"
            for _, r in df.iterrows()
        )
        + "."
    )
    return finish(
        (rule + pts).properties(width=WIDTH, height=max(120, 30 * len(df))),
        "Imports far exceed exports",
        "US goods exports and imports, 2024, Census basis",
        df,
        desc,
    )
