"""Chart builders (one per chart kind), the book's Altair theme, and an offline renderer.

Every chart gets a title, axis titles with units, a source line naming the sources of the rows it plots,
tooltips, a colour-blind-safe palette (Okabe–Ito), shape or labels as well as colour, and a `description`
for screen readers. Interactive controls are Vega-Lite params bound to inputs, so they work in the static
site with no kernel.

The renderer writes only a <div> and a call to the page's vegaEmbed: no CDN address ever reaches a page. The
book serves vega, vega-lite and vega-embed from its own _static/ (see tariffbook.offline). Outside the book
(Jupyter, a papermill run), TARIFFBOOK_CHARTS=inline makes the first chart of a session carry the bundle
itself, so charts draw offline there too. Chart element ids are a hash of the spec, so reruns are identical.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import textwrap

import altair as alt
import pandas as pd

from tariffbook import exports
from tariffbook.queries import STAGE_ORDER, source_line

# Okabe–Ito, with its yellow moved last (too faint on white) and a grey added for a ninth category.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#8C8C8C", "#F0E442"]
MUTED = "#9a9a9a"
WIDTH = 540
SUBTITLE_CHARS = 95
SHOWN_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal", "tariff_rate_threatened")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@alt.theme.register("tariffbook", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            # an opaque light card: charts stay readable when the book is in dark mode
            "background": "#ffffff",
            "padding": 8,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 320},
            "title": {"anchor": "start", "fontSize": 16, "subtitleFontSize": 12, "subtitleColor": "#555", "offset": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": OKABE_ITO},
            "text": {"fontSize": 11},
        }
    }


# ---------------------------------------------------------------- renderer
_seq = itertools.count()
_bundle_sent = False


def _bundle() -> str:
    from tariffbook.offline import bundle_js
    return bundle_js()


def _controls(spec) -> int:
    """Parameters bound to an input element (a dropdown, a slider), anywhere in the spec."""
    if isinstance(spec, list):
        return sum(_controls(x) for x in spec)
    if not isinstance(spec, dict):
        return 0
    own = sum(1 for p in spec.get("params", []) if isinstance(p, dict) and p.get("bind"))
    return own + sum(_controls(v) for k, v in spec.items() if k not in ("params", "datasets", "data"))


def _render(spec: dict, **metadata) -> dict:
    global _bundle_sent
    body = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    div = "vega-" + hashlib.sha1(body.encode()).hexdigest()[:16] + f"-{next(_seq)}"
    opts = json.dumps({"mode": "vega-lite", "actions": False, **(metadata.get("embed_options") or {})})
    label = html.escape(spec.get("description") or "Chart", quote=True)
    pre = ""
    if os.environ.get("TARIFFBOOK_CHARTS", "inline") == "inline" and not _bundle_sent:
        pre = "<script>" + _bundle().replace("</script", "<\\/script") + "</script>"
        _bundle_sent = True
    # data-controls: how many input controls Vega will add under the chart (the page reserves room for them)
    chart = (f'<div id="{div}" class="tariffbook-chart" data-controls="{_controls(spec)}" role="img" aria-label="{label}"></div>'
             f'<script>(function(){{var el=document.getElementById("{div}");function draw(){{'
             f'if(window.vegaEmbed){{vegaEmbed(el,{body},{opts}).catch(function(e){{el.textContent="Chart failed to draw: "+e;}});}}'
             f'else{{el.textContent="[Chart not drawn: the Vega library is not loaded. In Jupyter, rerun the notebook from the top.]";}}}}'
             # the book loads Vega with `defer`: it has run by DOMContentLoaded
             f'if(document.readyState==="loading"){{document.addEventListener("DOMContentLoaded",draw);}}else{{draw();}}'
             f"}})();</script>")
    if exports.enabled():
        chart_id = div.rsplit("-", 1)[0].removeprefix("vega-")
        exports.write_files(chart_id, spec)
        chart = f'<figure class="tariffbook-figure">{chart}{exports.footer(chart_id, spec)}</figure>'
    return {"text/html": pre + chart, "text/plain": f"<chart: {spec.get('description', '')}>"}


alt.renderers.register("tariffbook", _render)
alt.renderers.enable("tariffbook")


# ---------------------------------------------------------------- helpers
def _finish(chart, title: str, subtitle: str, rows: pd.DataFrame, description: str, source_col: str = "source_id"):
    # Vega-Lite does not wrap titles: wrap by hand so a long source line is not clipped at the chart's edge
    lines = textwrap.wrap(subtitle, SUBTITLE_CHARS) if subtitle else []
    lines += textwrap.wrap(source_line(rows[source_col]), SUBTITLE_CHARS)
    ids = sorted({s for v in rows[source_col] for s in str(v).split(";") if s})
    return chart.properties(title=alt.TitleParams(title, subtitle=lines), description=description,
                            usermeta={"tariffbook": {"title": title, "sources": ids}})


def _ms(ts: pd.Series) -> pd.Series:
    return (pd.to_datetime(ts) - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)


# ---------------------------------------------------------------- surpluses
def surplus_chart(trade: pd.DataFrame, top_n: int = 15, highlight=()) -> alt.Chart:
    """Bars: the partners with the largest goods surplus with the US in 2024, highlighted ones in colour."""
    df = trade.nlargest(top_n, "surplus_bn").copy()
    df["group"] = ["Highlighted" if c in set(highlight) else "Other partners" for c in df["country"]]
    df["label"] = [("★ " if g == "Highlighted" else "") + f"{v:,.1f}" for g, v in zip(df["group"], df["surplus_bn"])]
    order = df["name"].tolist()
    base = alt.Chart(df).encode(y=alt.Y("name:N", sort=order, title=None))
    bars = base.mark_bar().encode(
        x=alt.X("surplus_bn:Q", title="US goods deficit with the partner, 2024 (USD billion)"),
        color=alt.Color("group:N", scale=alt.Scale(domain=["Highlighted", "Other partners"], range=[OKABE_ITO[0], MUTED]),
                        legend=alt.Legend(title=None)),
        tooltip=[alt.Tooltip("name:N", title="Partner"), alt.Tooltip("surplus_bn:Q", title="Surplus (USD bn)", format=",.1f"),
                 alt.Tooltip("exports_bn:Q", title="US exports (USD bn)", format=",.1f"),
                 alt.Tooltip("imports_bn:Q", title="US imports (USD bn)", format=",.1f")])
    text = base.mark_text(align="left", dx=3).encode(x="surplus_bn:Q", text="label:N")
    top = df.iloc[0]
    desc = (f"Bar chart of the {len(df)} partners with the largest US goods deficit in 2024. Largest: {top['name']}, "
            f"USD {top['surplus_bn']:,.1f} billion. Highlighted: {', '.join(df[df['group'] == 'Highlighted']['name']) or 'none'}.")
    return _finish((bars + text).properties(width=WIDTH, height=max(160, 22 * len(df))),
                   "Who sells the US more than they buy", "US goods trade balance by partner, 2024, Census basis", df, desc)


def trade_flows_chart(trade: pd.DataFrame, countries) -> alt.Chart:
    """Dumbbells: US exports to and imports from each partner in 2024."""
    df = trade[trade["country"].isin(countries)].copy()
    long = df.melt(id_vars=["country", "name", "source_id"], value_vars=["exports_bn", "imports_bn"], var_name="flow", value_name="usd_bn")
    long["flow"] = long["flow"].map({"exports_bn": "US exports to partner", "imports_bn": "US imports from partner"})
    order = df.sort_values("imports_bn", ascending=False)["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None)
    rule = alt.Chart(df).mark_rule(color=MUTED).encode(y=y, x="exports_bn:Q", x2="imports_bn:Q")
    pts = alt.Chart(long).mark_point(filled=True, size=90).encode(
        y=y, x=alt.X("usd_bn:Q", title="USD billion, 2024"),
        color=alt.Color("flow:N", title=None), shape=alt.Shape("flow:N", title=None),
        tooltip=[alt.Tooltip("name:N", title="Partner"), alt.Tooltip("flow:N", title="Flow"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f")])
    desc = "Dot plot of US goods exports to and imports from " + ", ".join(
        f"{r['name']} (exports {r['exports_bn']:,.1f}, imports {r['imports_bn']:,.1f} USD bn)" for _, r in df.iterrows()) + "."
    return _finish((rule + pts).properties(width=WIDTH, height=max(120, 30 * len(df))),
                   "Imports far exceed exports", "US goods exports and imports, 2024, Census basis", df, desc)


# ---------------------------------------------------------------- tariff rates
def stage_chart(stages: pd.DataFrame, selected: str | None = None) -> alt.Chart:
    """Lines through the stages for every country, one selected in colour; a dropdown picks which."""
    names = sorted(stages["name"].unique())
    default = selected if selected in names else names[0]
    pick = alt.param(name="country", value=default, bind=alt.binding_select(options=names, name="Country "))
    base = alt.Chart(stages).encode(
        x=alt.X("stage:N", sort=STAGE_ORDER, title="Stage of the 2025 tariffs", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Headline tariff rate (%)", scale=alt.Scale(domain=[0, max(60, stages["value"].max())])),
        detail="name:N")
    others = base.mark_line(color=MUTED, opacity=0.35, strokeWidth=1)
    chosen = base.mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=3, color=OKABE_ITO[0]).encode(
        tooltip=[alt.Tooltip("name:N", title="Country"), alt.Tooltip("stage:N", title="Stage"),
                 alt.Tooltip("value:Q", title="Rate (%)"), alt.Tooltip("announced_on:T", title="Announced", format="%d %b %Y"),
                 alt.Tooltip("effective_on:T", title="Effective", format="%d %b %Y")]
    ).transform_filter(alt.datum.name == pick)
    labels = base.mark_text(dy=-12, fontWeight="bold").encode(text=alt.Text("value:Q", format=".0f")).transform_filter(alt.datum.name == pick)
    desc = ("Line chart of headline tariff rates through the stages of 2025 for " + str(len(names)) + " countries; "
            f"a dropdown selects the country drawn in colour (now {default}). ")
    sel = stages[stages["name"] == default]
    desc += f"{default}: " + ", ".join(f"{r['stage']} {r['value']:.0f}%" for _, r in sel.iterrows()) + "."
    return _finish(alt.layer(others, chosen, labels).add_params(pick).properties(width=WIDTH, height=340),
                   "From 2 April to 7 August: each partner's rate, stage by stage",
                   "Grey: every other country. Pick a country in the dropdown.", stages, desc)


def sectoral_chart(sectoral: pd.DataFrame) -> alt.Chart:
    """Dots: each Section 232 sectoral rate, one row per measure, labelled with its rate and start date."""
    df = sectoral.dropna(subset=["effective_on"]).sort_values(["sector", "effective_on"]).copy()
    df["row"] = [f"{sec.replace('_', ' ')} · {n} · from {d:%d %b %Y}" for sec, n, d in zip(df["sector"], df["name"], df["effective_on"])]
    df["label"] = [f"{v:.0f}%" for v in df["value"]]
    base = alt.Chart(df).encode(
        y=alt.Y("row:N", sort=df["row"].tolist(), title=None),
        x=alt.X("value:Q", title="Sectoral tariff rate (%)", scale=alt.Scale(domain=[0, 55])))
    dots = base.mark_point(filled=True, size=110).encode(
        color=alt.Color("sector:N", title="Sector"), shape=alt.Shape("sector:N", title="Sector"),
        tooltip=[alt.Tooltip("sector:N", title="Sector"), alt.Tooltip("name:N", title="Applies to"),
                 alt.Tooltip("value:Q", title="Rate (%)"), alt.Tooltip("effective_on:T", title="Effective", format="%d %b %Y")])
    text = base.mark_text(align="left", dx=9).encode(text="label:N")
    desc = "Dot chart of Section 232 sectoral tariffs: " + "; ".join(
        f"{r['sector']} {r['value']:.0f}% for {r['name']} from {r['effective_on']:%d %b %Y}" for _, r in df.iterrows()) + "."
    return _finish((dots + text).properties(width=WIDTH - 200, height=24 * len(df)),
                   "Sectoral tariffs: autos, parts, steel, aluminium", "Section 232 rates, by the date they took effect", df, desc)


# ---------------------------------------------------------------- timeline
def timeline_chart(events: pd.DataFrame, as_of: str) -> alt.Chart:
    """Events by date and type; an 'as of' slider fades everything announced after the chosen day."""
    df = events.copy()
    t0 = pd.Timestamp("2025-01-01")
    df["day"] = (df["announced_on"] - t0).dt.days
    df["date"] = df["announced_on"].dt.strftime("%Y-%m-%d")
    start, end = int(df["day"].min()), int(df["day"].max())
    cut = min(max(int((pd.Timestamp(as_of) - t0).days), start), end)
    pick = alt.param(name="asof", value=cut, bind=alt.binding_range(min=start, max=end, step=1, name="As of (days since 1 Jan 2025) "))
    base = alt.Chart(df).encode(x=alt.X("announced_on:T", title="Announced or held", axis=alt.Axis(format="%b %Y")),
                                y=alt.Y("event_type:N", title=None))
    dots = base.mark_point(filled=True, size=70).encode(
        color=alt.Color("status:N", title="Status"), shape=alt.Shape("status:N", title="Status"),
        opacity=alt.condition(alt.datum.day <= pick, alt.value(0.95), alt.value(0.08)),
        tooltip=[alt.Tooltip("date:N", title="Date"), alt.Tooltip("name:N", title="Who"), alt.Tooltip("summary:N", title="What"),
                 alt.Tooltip("status:N", title="Status"), alt.Tooltip("publisher:N", title="Source")]).add_params(pick)
    marker = alt.Chart(pd.DataFrame({"t0": [int(_ms(pd.Series([t0])).iloc[0])]})).transform_calculate(
        when=f"datum.t0 + asof * 86400000").transform_calculate(label="'as of ' + timeFormat(datum.when, '%d %b %Y')")
    rule = marker.mark_rule(color=OKABE_ITO[3], strokeDash=[4, 3]).encode(x="when:T")
    label = marker.mark_text(align="left", color=OKABE_ITO[3], fontWeight="bold").encode(
        x=alt.value(0), y=alt.value(-8), text="label:N")
    shown = df[df["day"] <= cut]
    desc = (f"Timeline of {len(df)} events by type from {df['announced_on'].min():%d %b %Y} to {df['announced_on'].max():%d %b %Y}; "
            f"a slider sets the 'as of' date (now {pd.Timestamp(as_of):%d %b %Y}, {len(shown)} events announced by then).")
    return _finish(alt.layer(dots, rule, label).properties(width=WIDTH, height=max(220, 28 * df["event_type"].nunique())),
                   "What was announced, and when", "Drag the slider to see the story as it stood on a day", df, desc)


def talks_chart(events: pd.DataFrame) -> alt.Chart:
    """Japan's and Korea's talks: rounds, calls and meetings by date, one row per country."""
    df = events.copy()
    df["date"] = df["announced_on"].dt.strftime("%Y-%m-%d")
    chart = alt.Chart(df).mark_point(filled=True, size=90).encode(
        x=alt.X("announced_on:T", title="Date", axis=alt.Axis(format="%d %b")),
        y=alt.Y("name:N", title=None),
        color=alt.Color("event_type:N", title="Kind"), shape=alt.Shape("event_type:N", title="Kind"),
        tooltip=[alt.Tooltip("date:N", title="Date"), alt.Tooltip("summary:N", title="What"),
                 alt.Tooltip("publisher:N", title="Source")])
    desc = f"Timeline of {len(df)} negotiation rounds, calls, meetings and deals: " + "; ".join(
        f"{r['date']} {r['name']} {r['event_type']}" for _, r in df.iterrows()) + "."
    return _finish(chart.properties(width=WIDTH, height=60 + 50 * df["name"].nunique()),
                   "Round by round to a deal", "Negotiation rounds, leaders' and ministers' calls, meetings and deals", df, desc)


# ---------------------------------------------------------------- formula
def formula_chart(recon: pd.DataFrame) -> alt.Chart:
    """Computed vs published 2 April rates, with the line where they would be equal."""
    df = recon.copy()
    df["source_all"] = df["source_id"] + ";" + df["published_source"]
    top = max(df["published"].max(), df["computed"].max()) + 5
    diag = alt.Chart(pd.DataFrame({"x": [0, top], "y": [0, top]})).mark_line(color=MUTED, strokeDash=[4, 4]).encode(x="x:Q", y="y:Q")
    base = alt.Chart(df).encode(
        x=alt.X("computed:Q", title="Rate from the formula (%)", scale=alt.Scale(domain=[0, top])),
        y=alt.Y("published:Q", title="Published 2 April rate (%)", scale=alt.Scale(domain=[0, top])))
    pts = base.mark_point(filled=True, size=70, color=OKABE_ITO[0]).encode(
        tooltip=[alt.Tooltip("name:N", title="Partner"), alt.Tooltip("computed:Q", title="Formula (%)", format=".1f"),
                 alt.Tooltip("published:Q", title="Published (%)"), alt.Tooltip("residual:Q", title="Published − formula", format="+.1f"),
                 alt.Tooltip("first_annex_i:Q", title="First Annex I (%)")])
    text = base.mark_text(align="left", dx=6, fontSize=10).encode(text="country:N")
    first = alt.Chart(df.dropna(subset=["first_annex_i"])).mark_point(shape="diamond", size=70, color=OKABE_ITO[3]).encode(
        x="computed:Q", y="first_annex_i:Q",
        tooltip=[alt.Tooltip("name:N", title="Partner"), alt.Tooltip("first_annex_i:Q", title="First Annex I (%)")])
    big = df.reindex(df["residual"].abs().sort_values(ascending=False).index).head(3)
    desc = (f"Scatter of {len(df)} partners: 2 April rate computed from 2024 trade (floor {df['floor'].iloc[0]:g}%, discount "
            f"{df['discount'].iloc[0]:g}) against the published rate; diamonds mark the first, corrected Annex I. Largest gaps: "
            + ", ".join(f"{r['name']} {r['residual']:+.1f} points" for _, r in big.iterrows()) + ".")
    return _finish(alt.layer(diag, pts, first, text).properties(width=WIDTH, height=WIDTH * 0.75),
                   "The formula explains the published rates", "On the dashed line the formula and the published rate agree; diamonds: first Annex I",
                   df, desc, source_col="source_all")


# ---------------------------------------------------------------- one country
def rate_step_chart(steps: pd.DataFrame, announced: pd.DataFrame, name: str) -> alt.Chart:
    """The rate in force as a step line; announced rates that were not (yet) in force as hollow marks."""
    s = steps.dropna(subset=["rate"]).copy()
    line = alt.Chart(s).mark_line(interpolate="step-after", strokeWidth=3, color=OKABE_ITO[0]).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("rate:Q", title="Headline tariff rate (%)", scale=alt.Scale(domain=[0, max(60, announced["value"].max() if len(announced) else 0)])),
        tooltip=[alt.Tooltip("date:T", title="From", format="%d %b %Y"), alt.Tooltip("rate:Q", title="In force (%)")])
    a = announced[(announced["status"] != "in_force") & announced["metric"].isin(SHOWN_STAGES)].copy()
    a["kind"] = a["stage"] + " (" + a["status"] + ")"
    marks = alt.Chart(a).mark_point(size=120, filled=False, strokeWidth=2).encode(
        x="announced_on:T", y="value:Q", color=alt.Color("stage:N", title="Announced, not in force"),
        shape=alt.Shape("stage:N", title="Announced, not in force"),
        tooltip=[alt.Tooltip("stage:N", title="Stage"), alt.Tooltip("value:Q", title="Rate (%)"),
                 alt.Tooltip("status:N", title="Status today"), alt.Tooltip("announced_on:T", title="Announced", format="%d %b %Y")])
    text = alt.Chart(a).mark_text(dy=-12, fontSize=10).encode(x="announced_on:T", y="value:Q", text=alt.Text("value:Q", format=".0f"))
    rows = pd.concat([s[["source_id"]], a[["source_id"]]])
    desc = (f"Step chart of the headline US tariff rate in force on goods from {name}: "
            + ", ".join(f"{r['rate']:.0f}% from {r['date']:%d %b %Y}" for _, r in s[s["rate"] != s["rate"].shift()].iterrows())
            + ". Hollow marks: rates announced but not in force (" + ", ".join(f"{r['stage']} {r['value']:.0f}%" for _, r in a.iterrows()) + ").")
    layers = [line, marks, text] if len(a) else [line]  # an empty mark layer would be an unlabelled image
    return _finish(alt.layer(*layers).properties(width=WIDTH, height=300), f"{name}: the rate in force, and the rates announced",
                   "Line: in force. Hollow marks: announced but not (yet) in force, at their announcement date", rows, desc)
