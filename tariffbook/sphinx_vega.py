"""A Sphinx extension: load the Vega bundle (_static/vega-offline.js, about 900 KB) only on pages that draw
a chart, instead of on every page of the site."""
from __future__ import annotations

BUNDLE = "vega-offline.js"
MARKER = "tariffbook-chart"


def drop_from_every_page(app, config) -> None:
    """Jupyter Book adds every .js file under _static/ to every page: take the bundle back out."""
    config.html_js_files = [f for f in config.html_js_files if (f[0] if isinstance(f, tuple) else f) != BUNDLE]


def add_vega_where_needed(app, pagename, templatename, context, doctree) -> None:
    if MARKER in (context.get("body") or ""):
        app.add_js_file(BUNDLE)  # called in html-page-context, it applies to this page only


def setup(app):
    app.connect("config-inited", drop_from_every_page, priority=400)  # before Sphinx normalises the list (800)
    app.connect("html-page-context", add_vega_where_needed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
