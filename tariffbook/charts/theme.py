"""The book's Altair theme: one look for every chart, on a phone and a desktop, in light and dark mode, in print.

What belongs here: sizes (the export widths and the breakpoint between them), the font stack, the colours of
each colour mode, and the layout config every chart shares. What does not: which chart uses which colour for
what (the builders name a style, e.g. `mark_line(style="tb-accent")`, and the style's colour comes from here).

Two colour modes share one layout. The Altair theme carries the light colours, so a chart in Jupyter and the
light exports look alike; the dark colours go into each spec's `usermeta` (tariffbook.charts.common.finish)
and the page script (_static/tb-charts.js) merges them into the spec's config when the reader's page is dark.
The exports of the dark facade are drawn with the same merge (tariffbook.charts.exports.export_spec).

Registered and enabled by tariffbook.charts (the package __init__).
"""

from __future__ import annotations

import altair as alt

NAME = "tariffbook"
"""The name the theme is registered under."""

EXPORT_WIDTH = 640
"""The whole chart's width in the wide export, axes, legend and padding included (autosize fit-x)."""

NARROW_WIDTH = 358
"""The whole chart's width in the narrow export: a 390 px phone minus the page's 2 x 16 px padding."""

BREAKPOINT = 560
"""A chart box narrower than this (px) shows the narrow chart: the same number in tb-charts.js and .css."""

WIDTH = EXPORT_WIDTH
"""The width builders give a chart (the page replaces it with its box's width)."""

FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
"""Exports are drawn with Liberation Sans: Debian's, which `make book` installs (`make fonts`) and vl-convert
prefers to the copy it bundles, so every machine draws the same bytes. Readers without it get Arial or Helvetica,
whose letters have the same widths, so the labels measured at build time still fit."""

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C8C8C", "#F0E442"]
"""Okabe–Ito (safe for colour-blind readers), in an order that puts first the colours with 3:1 contrast or more
on white (blue, vermillion, green), so that charts with few categories have marks a reader can make out; its
yellow last (too faint on white), a grey added."""

OKABE_ITO_DARK = ["#56B4E9", "#FF7F50", "#009E73", "#CC79A7", "#E69F00", "#0072B2", "#FFFFFF", "#8C8C8C", "#F0E442"]
"""The same categories on a dark page: blue and black swapped for sky blue and white, vermillion lightened."""

MUTED = "#9a9a9a"
"""The grey of context in light mode: other countries, rules, the diagonal (the `tb-muted` style)."""

COLOURS = {
    # text and muted text: pydata-sphinx-theme's --pst-color-text-base and --pst-color-text-muted, so charts
    # and page share their colours; #555 on white is 7.5:1, #9ca4af on #14181e 7:1
    "light": {"text": "#222832", "muted_text": "#555555", "grid": "#e6e6e6", "line": MUTED, "accent": "#0072B2",
              "mark": "#D55E00", "page": "#ffffff", "category": OKABE_ITO},
    "dark": {"text": "#ced6dd", "muted_text": "#9ca4af", "grid": "#29313d", "line": "#6e7887", "accent": "#56B4E9",
             "mark": "#FF7F50", "page": "#14181e", "category": OKABE_ITO_DARK},
}  # fmt: skip
"""Each colour mode's colours: text, muted text (subtitles, annotations), grid, de-emphasised lines, the accent
(the chosen series), the mark colour (the 'as of' rule), the page's background and the category palette."""


def colours(mode: str) -> dict:
    """The config fragment of one colour mode: every colour a chart uses, by role.

    Args:
        mode: 'light' or 'dark'.
    """
    c = COLOURS[mode]
    return {
        "background": c["page"],
        "title": {"color": c["text"], "subtitleColor": c["muted_text"]},
        "axis": {
            "labelColor": c["text"],
            "titleColor": c["text"],
            "domainColor": c["muted_text"],
            "tickColor": c["muted_text"],
            "gridColor": c["grid"],
        },
        "legend": {"labelColor": c["text"], "titleColor": c["text"]},
        "header": {"labelColor": c["text"], "titleColor": c["text"]},
        "text": {"color": c["text"]},
        "rule": {"color": c["line"]},
        "style": {
            "tb-accent": {"color": c["accent"], "stroke": c["accent"]},
            "tb-muted": {"color": c["line"], "stroke": c["line"]},
            "tb-mark": {"color": c["mark"], "stroke": c["mark"]},
            "tb-note": {"color": c["muted_text"], "fill": c["muted_text"]},
            "tb-label": {"color": c["text"], "fill": c["text"]},
            # the map: a country without a rate, and the borders between coloured countries
            "tb-land": {"color": c["grid"], "fill": c["grid"], "stroke": c["page"]},
            "tb-border": {"stroke": c["page"]},
        },
        "range": {"category": c["category"]},
    }


LAYOUT = {
    "font": FONT,
    "padding": 8,
    "view": {"stroke": None, "continuousWidth": EXPORT_WIDTH, "continuousHeight": 320},
    "title": {"anchor": "start", "frame": "bounds", "fontSize": 16, "subtitleFontSize": 12, "offset": 12, "limit": 0},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "labelLimit": 0,  # never truncate a label with "…": builders wrap long ones instead
        "labelOverlap": True,
    },
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "orient": "bottom",
        "direction": "horizontal",
        "labelLimit": 0,
        "titleLimit": 0,
        # a bottom legend does not wrap by itself: its columns follow the `narrow` param
        "columns": {"expr": "narrow ? 2 : 4"},
    },
    "text": {"fontSize": 11},
}
"""What every chart shares whatever the colour mode. No autosize here: builders set it on their view."""


def deep_merge(a: dict, b: dict) -> dict:
    """`a` updated with `b`, nested dicts merged key by key (the same rule as merge() in tb-charts.js)."""
    out = dict(a)
    for k, v in b.items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def theme() -> alt.theme.ThemeConfig:
    """The theme's configuration (Altair calls it when a chart is rendered): the layout and the light colours."""
    return {"config": deep_merge(LAYOUT, colours("light"))}
