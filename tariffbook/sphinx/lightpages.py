"""Light pages: every script loads with `defer` and the styles of code cells load without blocking.

So the text is drawn before any JavaScript runs and after as few round trips as possible.

documentation_options.js stays as it is: small inline scripts of the theme assign to the object it defines.
Charts wait for DOMContentLoaded before they draw (tariffbook.charts), which comes after deferred scripts.
Goes with _templates/layout.html, which drops the icon script and the per-page search index, and with
_templates/search.html, which defers the search page's own scripts.
"""

from __future__ import annotations

KEEP_BLOCKING = ("documentation_options.js",)
NON_CRITICAL_CSS = ("pygments.css",)
"""Styles that may come a moment after the text: the code cells' colours. Not copybutton.css: its script adds each
copy button at DOMContentLoaded, and without the style the button sat in the flow, 46 px tall, until the sheet
came (a layout shift of 0.24 on every country page in Lighthouse)."""
ONE_PAGE_ONLY = ("tb-search.js",)
"""Scripts of one page that Jupyter Book would add to every page (it adds every file under _static/):
_templates/search.html loads tb-search.js itself, between Sphinx's search scripts, which it needs."""


def drop_from_every_page(app, config) -> None:
    """Take the scripts that belong to one page out of the list Jupyter Book gives every page."""
    config.html_js_files = [
        f for f in config.html_js_files if (f[0] if isinstance(f, tuple) else f) not in ONE_PAGE_ONLY
    ]


def light_page(app, pagename, templatename, context, doctree) -> None:
    """Defer the page's scripts and load its non-critical styles without blocking."""
    for script in context.get("script_files", []):
        attrs = getattr(script, "attributes", None)
        if attrs is None or not script.filename or script.filename.endswith(KEEP_BLOCKING):
            continue
        attrs.setdefault("defer", "defer")
    for sheet in context.get("css_files", []):
        attrs = getattr(sheet, "attributes", None)
        if attrs is not None and str(sheet.filename).endswith(NON_CRITICAL_CSS):
            attrs.update(media="print", onload="this.media='all'")  # fetched at low priority, applied on load


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("config-inited", drop_from_every_page, priority=400)  # before Sphinx normalises the list (800)
    app.connect(
        "html-page-context", light_page, priority=900
    )  # after tariffbook.sphinx.vega adds the Vega bundle (500)
