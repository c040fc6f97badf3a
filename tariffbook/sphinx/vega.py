"""Vega only where it is needed.

Load the Vega bundle (_static/vega-offline.js, about 900 KB) only on pages that draw
a chart, instead of on every page of the site; and hold each chart's place at the height it will draw at
(read from the SVG exported at build time), so the text below does not jump when the chart appears.
"""

from __future__ import annotations

import re
from pathlib import Path

from tariffbook.data.paths import CHARTS

BUNDLE = "vega-offline.js"
"""The Vega bundle's file in _static/ (tariffbook.charts.offline)."""

MARKER = "tariffbook-chart"
"""The class of a chart's <div> (tariffbook.charts.render)."""


def drop_from_every_page(app, config) -> None:
    """Jupyter Book adds every .js file under _static/ to every page: take the bundle back out."""
    config.html_js_files = [f for f in config.html_js_files if (f[0] if isinstance(f, tuple) else f) != BUNDLE]


CHART_DIV = re.compile(r'<div id="vega-([0-9a-f]{16})-\d+" class="tariffbook-chart" data-controls="(\d+)"')
CONTROL_PX = 27  # one row of Vega's input controls under a chart, as drawn by the book's styles
SVG_HEIGHT = re.compile(r'<svg[^>]*\sheight="([\d.]+)"')


def _height(charts: Path, chart_id: str) -> str | None:
    try:
        with (charts / f"{chart_id}.svg").open(encoding="utf-8") as fh:
            found = SVG_HEIGHT.search(fh.read(1000))
    except OSError:
        return None
    return found.group(1) if found else None


def add_vega_where_needed(app, pagename, templatename, context, doctree) -> None:
    """On a page with a chart: add the Vega bundle, and give each chart a min-height from its exported SVG."""
    body = context.get("body") or ""
    if MARKER not in body:
        return
    app.add_js_file(BUNDLE)  # called in html-page-context, it applies to this page only
    charts = Path(app.srcdir) / CHARTS

    def reserve(match: re.Match) -> str:
        height = _height(charts, match.group(1))
        if height is None:
            return match.group(0)
        return match.group(0) + f' style="min-height:{float(height) + CONTROL_PX * int(match.group(2)):g}px"'

    context["body"] = CHART_DIV.sub(reserve, body)


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("config-inited", drop_from_every_page, priority=400)  # before Sphinx normalises the list (800)
    app.connect("html-page-context", add_vega_where_needed)
