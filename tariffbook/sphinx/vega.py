"""Charts only where they are drawn.

Jupyter Book adds every script and stylesheet under _static/ to every page: take the charts' script
(_static/tb-charts.js), styles (_static/tb-charts.css) and the Vega bundle (_static/vega-offline.js, about 900
KB) back out. On a page with a chart, add the script, which loads the Vega bundle itself when a chart goes live
(tariffbook.charts.render), and the styles; and give each chart's box
the heights of its exported images (<name>.svg wide, <name>.narrow.svg narrow: tariffbook.charts.exports), so
the text below never moves. (It reads them itself: importing tariffbook.charts would load Altair into Sphinx.)
"""

from __future__ import annotations

import re
from pathlib import Path

from tariffbook.data.paths import CHARTS

BUNDLE = "vega-offline.js"
"""The Vega bundle's file in _static/ (tariffbook.charts.offline); tb-charts.js loads it."""

SCRIPT = "tb-charts.js"
"""The page side of the charts, in _static/."""

STYLE = "tb-charts.css"
"""The charts' styles, in _static/: on chart pages only (it holds the chart boxes' heights, so it blocks)."""

MARKER = "tariffbook-chart"
"""The class of a chart's box (tariffbook.charts.render)."""

TABLE = "tb-table-scroll"
"""The class of a table's box (tariffbook.charts.tables), which the charts' styles also style."""


def _name(entry) -> str:
    return entry[0] if isinstance(entry, tuple) else entry


def drop_from_every_page(app, config) -> None:
    """Jupyter Book adds every file under _static/ to every page: take the charts' script, styles and Vega out."""
    config.html_js_files = [f for f in config.html_js_files if _name(f) not in (BUNDLE, SCRIPT)]
    config.html_css_files = [f for f in config.html_css_files if _name(f) != STYLE]


SVG_HEIGHT = re.compile(r'<svg[^>]*\sheight="([\d.]+)"')
SVG_WIDTH = re.compile(r'<svg[^>]*\swidth="([\d.]+)"')


def _head(svg: Path) -> str:
    try:
        with svg.open(encoding="utf-8") as fh:
            return fh.read(2000)
    except OSError:
        return ""


def _height(svg: Path) -> str | None:
    found = SVG_HEIGHT.search(_head(svg))
    return found.group(1) if found else None


def _size(svg: Path) -> str:
    """The size attributes of an exported SVG's <img> (' width="640" height="430"'; empty if unreadable).

    An <img> that has them takes its box before the file arrives, so nothing moves when it does.
    """
    head = _head(svg)
    width, height = SVG_WIDTH.search(head), SVG_HEIGHT.search(head)
    return f' width="{width.group(1)}" height="{height.group(1)}"' if width and height else ""


def box_style(charts: Path, name: str) -> str | None:
    """The box's reserved heights ('--tb-h:430px;--tb-h-narrow:478px'), from the chart's exported SVGs."""
    wide, narrow = _height(charts / f"{name}.svg"), _height(charts / f"{name}.narrow.svg")
    return f"--tb-h:{wide}px;--tb-h-narrow:{narrow}px" if wide and narrow else None


STATIC_IMG = re.compile(r'<img class="tb-static [^"]*" src="[^"]*/([a-z0-9.-]+\.svg)"')
"""A chart's static image (tariffbook.charts.render.figure), with its file's name."""

CHART_BOX = re.compile(r'<div class="tariffbook-chart tb-chart" id="tb-([a-z0-9-]+)" data-chart="[a-z0-9-]+"')


def add_charts_where_needed(app, pagename, templatename, context, doctree) -> None:
    """On a page with a chart: add the chart script, and reserve each chart's box at its exported heights."""
    body = context.get("body") or ""
    if TABLE in body or MARKER in body:
        app.add_css_file(STYLE)  # called in html-page-context, these apply to this page only
    if MARKER not in body:
        return
    app.add_js_file(SCRIPT)
    charts = Path(app.srcdir) / CHARTS

    def reserve(match: re.Match) -> str:
        style = box_style(charts, match.group(1))
        return match.group(0) + (f' style="{style}"' if style else "")

    def size(match: re.Match) -> str:
        return match.group(0) + _size(charts / match.group(1))

    context["body"] = STATIC_IMG.sub(size, CHART_BOX.sub(reserve, body))


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("config-inited", drop_from_every_page, priority=400)  # before Sphinx normalises the list (800)
    app.connect("html-page-context", add_charts_where_needed)
