"""The world on a day: a map of the headline duty on each partner the record names, on the day the reader picks.

The geometry is the world-atlas package's countries at 1:110m (npm world-atlas 2.0.2, ISC licence; Natural Earth,
public domain), installed by `npm ci` from package.json and read from node_modules at build time: it goes into
the chart's spec, so the page, its static image and the embed page need nothing else. Countries join on their
ISO 3166-1 numeric code. A country the record does not name, or names without a rate on the day, is grey.

Data: tariffbook.analysis.world.world_spans.
"""

from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import pandas as pd

from tariffbook import words
from tariffbook.charts import controls
from tariffbook.charts.common import date_tooltip, finish, iso_dates
from tariffbook.charts.theme import WIDTH
from tariffbook.data.paths import REPO_ROOT

ATLAS = REPO_ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
"""The countries' geometry (TopoJSON), from the npm package world-atlas."""

ANTARCTICA = "010"
"""Left off the map: no partner, and a third of the map's height."""

BINS = [10, 15, 20, 25, 35, 50]
"""Where the colour steps (percent): the rates the record holds cluster at 10, 15, 20, 25 and 50."""

COLOURS = ["#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"]
"""ColorBrewer YlOrRd: a rate below 10%, then one colour per bin (legible on the light and the dark page)."""


@lru_cache(maxsize=1)
def geometry() -> dict:
    """The countries' TopoJSON, without Antarctica.

    Raises:
        FileNotFoundError: world-atlas is not installed (`npm ci` installs it; `make book` runs it).
    """
    if not ATLAS.exists():
        raise FileNotFoundError(
            f"{ATLAS} is missing: run `npm ci` in {REPO_ROOT} (make book does) to install world-atlas"
        )
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    countries = topo["objects"]["countries"]
    countries["geometries"] = [g for g in countries["geometries"] if g.get("id") != ANTARCTICA]
    return topo


def _land() -> alt.InlineData:
    return alt.InlineData(values=geometry(), format=alt.DataFormat(type="topojson", feature="countries"))


MAP_PARAM = "on"
"""The map's day control, and its URL parameter: a name of its own, so that on a page where another chart has an
'as_of' control, the URL keeps both days."""


def world_map(spans: pd.DataFrame, as_of, name: str = "world-headline-rate") -> alt.LayerChart:
    """Each named partner coloured by its headline rate on the day chosen (a control), the rest grey.

    Args:
        spans: tariffbook.analysis.world.world_spans().
        as_of: the day the map shows at first (the control's default).
        name: what the chart's files are called.
    """
    first, last = spans["start"].min(), spans["end"].max()
    day = controls.date(MAP_PARAM, "Rate in force on", first, last, as_of)
    df = iso_dates(spans.assign(rate_text=spans["label"]))
    cols = ["country", "name", "numeric", "start", "end", "rate", "rate_text", "applies_as", "legal_basis",
            "source_id"]  # fmt: skip
    df = df[cols]
    on_day = f"toDate(datum.start) <= {day.ms_expr()} && {day.ms_expr()} <= toDate(datum.end)"
    land = alt.Chart(_land()).mark_geoshape(style="tb-land", strokeWidth=0.5, aria=False).project(type="equalEarth")
    colour = alt.Color(
        "rate:Q",
        title="Headline rate (%)",
        scale=alt.Scale(type="threshold", domain=BINS, range=COLOURS),
        legend=alt.Legend(orient="bottom", direction="horizontal", columns=len(COLOURS)),
    )
    rated = (
        alt.Chart(df)
        .transform_filter(on_day)
        .transform_filter("isValid(datum.rate)")
        .transform_lookup(lookup="numeric", from_=alt.LookupData(data=_land(), key="id"), as_="geo")
        .mark_geoshape(style="tb-border", strokeWidth=0.5)
        .project(type="equalEarth")
        .encode(
            shape="geo:G",
            color=colour,
            tooltip=[
                alt.Tooltip("name:N", title="Partner"),
                alt.Tooltip("rate_text:N", title="Headline rate"),
                alt.Tooltip("legal_basis:N", title="Legal basis"),
                date_tooltip("start", "Since"),
            ],
        )
    )
    today = spans[(spans["start"] <= pd.Timestamp(as_of)) & (spans["end"] >= pd.Timestamp(as_of))]
    shown = today.dropna(subset=["rate"])
    description = (
        f"World map of the headline US tariff on each of the {words.count(spans['country'].nunique(), 'partner')} "
        f"the record names, on a day the reader picks. On {words.day(as_of)}: "
        + "; ".join(f"{r['name']} {r['label']}" for _, r in shown.sort_values("name").iterrows())
        + ". Grey: not named by the record, or no rate in it that day."
    )
    chart = alt.layer(land, rated).properties(width=WIDTH, height=260)
    return finish(
        chart,
        name,
        "The headline tariff on each partner",
        "The rate in force on the day chosen, on top of the normal duty or (marked total) including it. Grey: "
        "no rate in the record that day",
        df,
        description,
        controls=(day,),
        height=(260, 150),
    )
