"""Trade charts.

Who sells the US more than they buy, with how many partners and which ones highlighted chosen in the page
(surplus_chart: `top_n`, `highlighted`), exports against imports per partner (trade_flows_chart), how each
partner's surplus changed from one year to the next (surplus_change_chart), and each partner's surplus in both
years, for the chapter after the ruling (trade_years_chart).
Data: tariffbook.analysis.trade.trade_2024, trade_change, trade_years.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from tariffbook.charts import controls
from tariffbook.charts.common import finish, line_dict, slug, wrapped_labels
from tariffbook.charts.theme import MUTED, OKABE_ITO, WIDTH

MOST_BARS = 30
"""The most partners the surplus chart can show (the `top_n` slider's end)."""

BAR_PX = 22
"""The height of one bar's row."""


def surplus_chart(trade: pd.DataFrame, top_n: int = 15, highlight=()) -> alt.Chart:
    """Bars: the partners with the largest goods surplus with the US in 2024, the highlighted ones in colour.

    Highlighted partners are also named in bold. How many partners and which are highlighted are controls in the
    page (`top_n`, `highlighted`).

    Args:
        trade: tariffbook.analysis.trade.trade_2024().
        top_n: how many partners to show at first.
        highlight: the partners highlighted at first (ISO3 codes).
    """
    # here, not at the top: every page imports the chart modules, and only this chart's pages need the sentences
    from tariffbook.analysis.prose.surpluses import basis_words

    most = min(MOST_BARS, len(trade))
    df = trade.nlargest(most, "surplus_bn")[["country", "name", "surplus_bn", "exports_bn", "imports_bn", "source_id",
                                             "census"]].copy()  # fmt: skip
    # a press figure (a rounded table citing the Census Bureau) says so on its bar and in its tooltip
    df["value_text"] = [f"{v:,.1f}" if c else f"{v:,.0f}, rounded" for v, c in zip(df["surplus_bn"], df["census"],
                                                                                    strict=True)]  # fmt: skip
    df["figures"] = ["Census Bureau" if c else "Rounded table citing the Census Bureau" for c in df["census"]]
    options = list(zip(df["country"], df["name"], strict=True))
    count = controls.number("top_n", "Partners shown", 5, most, 1, min(top_n, most))
    # not `highlight`: Sphinx's search takes ?highlight= from the URL for itself
    pick = controls.checklist("highlighted", "Highlighted", options, highlight)
    codes = alt.param(name="tb_codes", value=dict(zip(df["name"], df["country"], strict=True)))
    lit = "indexof(highlighted, datum.country) >= 0"
    base = (
        alt.Chart(df)
        .transform_window(rank="row_number()", sort=[alt.SortField("surplus_bn", order="descending")])
        .transform_filter(f"datum.rank <= {count.value_expr()}")
        .encode(
            y=alt.Y("name:N", sort=df["name"].tolist(), title=None).axis(
                labelFontWeight=alt.when("indexof(highlighted, tb_codes[datum.label]) >= 0")
                .then(alt.value("bold"))
                .otherwise(alt.value("normal"))
            ),
            x=alt.X("surplus_bn:Q", title="US goods deficit with the partner, 2024 (USD billion)"),
            tooltip=[
                alt.Tooltip("name:N", title="Partner"),
                alt.Tooltip("surplus_bn:Q", title="Surplus (USD bn)", format=",.1f"),
                alt.Tooltip("exports_bn:Q", title="US exports (USD bn)", format=",.1f"),
                alt.Tooltip("imports_bn:Q", title="US imports (USD bn)", format=",.1f"),
                alt.Tooltip("figures:N", title="Figures"),
            ],
        )
    )
    bars = [
        base.transform_filter(test).mark_bar(style=style)
        for test, style in ((lit, "tb-accent"), (f"!({lit})", "tb-muted"))
    ]
    text = [
        base.transform_filter(test)
        .mark_text(align="left", dx=3, style="tb-label", fontWeight=weight)
        .encode(text=alt.Text("value_text:N"))
        for test, weight in ((lit, "bold"), (f"!({lit})", "normal"))
    ]
    shown = df.head(count.value)
    top = shown.iloc[0]
    desc = (
        f"Bar chart of the {len(shown)} partners, of the {len(trade)} the record holds, with the largest US goods "
        f"deficit in 2024. Largest: {top['name']}, "
        f"USD {top['surplus_bn']:,.1f} billion. Highlighted: "
        + (
            ", ".join(
                f"{r['name']} (USD {r['surplus_bn']:,.1f} billion)"
                for _, r in shown[shown["country"].isin(pick.value)].iterrows()
            )
            or "none"
        )  # fmt: skip
        + "."
    )
    return finish(
        alt.layer(*bars, *text).add_params(codes).properties(width=WIDTH, height=BAR_PX * count.value),
        "trade-surpluses",
        "Who sells the US more than they buy, among the partners the record holds",
        f"US goods trade balance by partner, 2024. {basis_words(trade)}. Highlighted partners in blue and bold",
        df,
        desc,
        controls=(count, pick),
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
    rule = alt.Chart(df).mark_rule(style="tb-muted").encode(y=y, x="exports_bn:Q", x2="imports_bn:Q")
    pts = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            y=y,
            x=alt.X("usd_bn:Q", title="USD billion, 2024"),
            # one entry a line on a phone: two side by side run off a 342 px box after a long partner name
            color=alt.Color("flow:N", title=None, legend=alt.Legend(columns={"expr": "narrow ? 1 : 2"})),
            shape=alt.Shape("flow:N", title=None, legend=alt.Legend(columns={"expr": "narrow ? 1 : 2"})),
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
    names = df.sort_values("name")["name"].tolist()
    who = names[0] if len(names) == 1 else ("-".join(names) if len(names) <= 4 else f"{len(names)}-partners")
    return finish(
        (rule + pts).properties(width=WIDTH, height=max(80, 34 * len(df))),
        f"{slug(who)}-trade-flows",
        "Imports far exceed exports" if (df["imports_bn"] > df["exports_bn"]).all() else "US exports and imports",
        "US goods exports and imports, 2024, Census basis",
        df,
        desc,
    )


CHANGE_LINE = {False: 30, True: 14}
"""Where a partner's name wraps on the change chart's axis, wide and narrow."""


def surplus_change_chart(change: pd.DataFrame, highlight=(), earlier: str = "2024", later: str = "2025") -> alt.Chart:
    """Bars: how the US goods deficit with each partner changed from one year to the next, shrank left, grew right.

    Args:
        change: tariffbook.analysis.trade.trade_change(earlier, later): every partner with both years.
        highlight: the partners drawn in the accent colour and named in bold (ISO3 codes).
        earlier: the first year.
        later: the second year.
    """
    df = change.sort_values("change")[["country", "name", f"surplus_{earlier}", f"surplus_{later}", "change",
                                       "source_id", f"source_id_{earlier}", f"vintage_{later}"]].copy()  # fmt: skip
    df["change"] = df["change"].round(4)  # USD million to one decimal is USD billion to four: the rest is noise
    df["source_all"] = df["source_id"] + ";" + df[f"source_id_{earlier}"]
    df["lit"] = df["country"].isin(list(highlight))
    df["change_text"] = [f"{v:+,.1f}".replace("-", "−") for v in df["change"]]
    order = df["name"].tolist()
    names = alt.param(name="tb_change_names", value=line_dict(order, CHANGE_LINE[False], CHANGE_LINE[True]))
    most = float(df["change"].abs().max()) * 1.3 or 1.0  # room beyond each bar for its number
    lit = "datum.lit"
    y = alt.Y("name:N", sort=order, title=None).axis(
        labelExpr=wrapped_labels("tb_change_names"),
        labelLineHeight=12,
        labelFontWeight=alt.when(f"indexof({list(df.loc[df['lit'], 'name'])}, datum.label) >= 0")
        .then(alt.value("bold"))
        .otherwise(alt.value("normal")),
    )
    base = alt.Chart(df).encode(
        y=y,
        x=alt.X("change:Q", title="Change in the US deficit (USD billion)").scale(domain=[-most, most]),
        tooltip=[
            alt.Tooltip("name:N", title="Partner"),
            alt.Tooltip(f"surplus_{earlier}:Q", title=f"{earlier} (USD bn)", format=",.1f"),
            alt.Tooltip(f"surplus_{later}:Q", title=f"{later} (USD bn)", format=",.1f"),
            alt.Tooltip("change:Q", title="Change (USD bn)", format="+,.1f"),
            alt.Tooltip(f"vintage_{later}:N", title=f"{later} figures"),
        ],
    )
    bars = [base.transform_filter(t).mark_bar(style=st) for t, st in ((lit, "tb-accent"), (f"!{lit}", "tb-muted"))]
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(style="tb-label").encode(x="x:Q")
    text = [
        base.transform_filter(f"datum.change {op} 0")
        .mark_text(align=align, dx=dx, style="tb-label", fontSize=11)
        .encode(text="change_text:N")
        for op, align, dx in ((">=", "left", 3), ("<", "right", -3))
    ]
    shrank, grew = df[df["change"] < 0], df[df["change"] > 0]
    desc = (
        f"Bar chart of the change in the US goods deficit with {len(df)} partners from {earlier} to {later}, USD "
        f"billion: it shrank with {len(shrank)} and grew with {len(grew)}. "
        + "; ".join(f"{r['name']} {r['change']:+,.1f}" for _, r in df.iterrows())
        + "."
    )
    return finish(
        alt.layer(*bars, zero, *text).add_params(names).properties(width=WIDTH),
        f"trade-surplus-change-{earlier}-{later}",
        f"Did the surplus shrink? {later} against {earlier}",
        "Change in the US goods deficit with each partner the record has both years for: left of the line it "
        "shrank, right of it it grew. Highlighted partners in blue and bold",
        df,
        desc,
        source_col="source_all",
        height=(BAR_PX * len(df), (BAR_PX + 4) * len(df)),
    )


def trade_years_chart(change: pd.DataFrame, earlier: str = "2024", later: str = "2025") -> alt.LayerChart:
    """Dumbbells: each partner's goods surplus with the US in two years (the US deficit with it), USD billion.

    Each year's point cites its own rows' source; the smaller value of a partner is labelled on its left, the
    larger on its right, so that close values do not print over each other.
    """
    long = change.melt(
        id_vars=["name", "change"],
        value_vars=[f"surplus_{earlier}", f"surplus_{later}"],
        var_name="year",
        value_name="usd_bn",
    )
    long["year"] = long["year"].str.replace("surplus_", "")
    # USD million to one decimal is USD billion to four: more digits are float noise (-93.33019999999996)
    long[["usd_bn", "change"]] = long[["usd_bn", "change"]].round(4)
    sources = {earlier: change[f"source_id_{earlier}"], later: change["source_id"]}  # each year its own rows'
    long["source_id"] = [sources[y].iloc[i % len(change)] for i, y in enumerate(long["year"])]
    order = change["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(domain=False, ticks=False, labelPadding=6))
    x = alt.X("usd_bn:Q", title="US goods deficit, USD billion", axis=alt.Axis(tickCount=5))
    pair = change[[f"surplus_{earlier}", f"surplus_{later}"]]
    span = pd.DataFrame({"name": change["name"], "lo": pair.min(axis=1), "hi": pair.max(axis=1)})
    rule = alt.Chart(span).mark_rule(color=MUTED, strokeWidth=2).encode(y=y, x="lo:Q", x2="hi:Q")
    year = alt.Color("year:N", title="Year", scale=alt.Scale(domain=[earlier, later], range=[MUTED, OKABE_ITO[0]]))
    shape = alt.Shape("year:N", title="Year", scale=alt.Scale(domain=[earlier, later], range=["circle", "diamond"]))
    tips = [
        alt.Tooltip("name:N", title="Partner"),
        alt.Tooltip("year:N", title="Year"),
        alt.Tooltip("usd_bn:Q", title="US deficit (USD bn)", format=",.1f"),
        alt.Tooltip("change:Q", title=f"Change {earlier}–{later} (USD bn)", format="+,.1f"),
    ]
    base = (
        alt.Chart(long)
        .transform_joinaggregate(lo="min(usd_bn)", hi="max(usd_bn)", groupby=["name"])
        .transform_calculate(
            side="datum.usd_bn === datum.lo && datum.lo !== datum.hi ? 'left' : 'right'",
            text="format(datum.usd_bn, ',.1f')",
        )
        .encode(y=y, x=x)
    )
    points = base.mark_point(filled=True, size=110, opacity=1).encode(color=year, shape=shape, tooltip=tips)
    texts = [
        base.transform_filter(alt.datum.side == side)
        .mark_text(align="right" if side == "left" else "left", dx=-10 if side == "left" else 10, fontSize=11)
        .encode(text="text:N")
        for side in ("left", "right")
    ]
    desc = f"Dot plot of the US goods deficit with each partner in {earlier} and {later}, USD billion: " + "; ".join(
        f"{r['name']} {r[f'surplus_{earlier}']:,.1f} in {earlier}, {r[f'surplus_{later}']:,.1f} in {later}"
        for _, r in change.iterrows()
    )
    chart = alt.layer(rule, points, *texts).properties(width=WIDTH, height=max(120, 44 * len(change)))
    return finish(
        chart,
        f"trade-{earlier}-{later}",
        f"Did the surpluses shrink? {earlier} against {later}",
        f"US goods trade balance, Census first releases; grey circle: {earlier}, blue diamond: {later}",
        long,
        desc + ".",
    )
