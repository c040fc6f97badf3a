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
    app.connect(
        "html-page-context", light_page, priority=900
    )  # after tariffbook.sphinx.vega adds the Vega bundle (500)
