"""The book's Altair theme: one look for every chart, readable in print, in dark mode and without colour.

Okabe–Ito colours (safe for colour-blind readers), system fonts, and an opaque light card so a chart stays
readable when the book is in dark mode. Registered and enabled by tariffbook.charts (the package __init__).
"""

from __future__ import annotations

import altair as alt

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#8C8C8C", "#F0E442"]
"""Okabe–Ito, with its yellow moved last (too faint on white) and a grey added for a ninth category."""

MUTED = "#9a9a9a"
"""The grey of context: other countries, rules, the diagonal."""

WIDTH = 540
"""The width of a chart's plot area in pixels (fits the book's text column)."""

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
"""The reader's system font, as the pages use."""

NAME = "tariffbook"
"""The name the theme is registered under."""


def theme() -> alt.theme.ThemeConfig:
    """The theme's configuration (Altair calls it when a chart is rendered)."""
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
