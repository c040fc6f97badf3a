"""Light pages.

Every script loads with `defer` and the styles of code cells load
without blocking, so the text is drawn before any JavaScript runs and after as few round trips as possible;
every page gets a meta description (its first paragraph).

documentation_options.js stays as it is: small inline scripts of the theme assign to the object it defines.
Charts wait for DOMContentLoaded before they draw (tariffbook.charts), which comes after deferred scripts.
Goes with _templates/layout.html, which drops the icon script and the per-page search index.
"""

from __future__ import annotations

import html
import re

KEEP_BLOCKING = ("documentation_options.js",)
NON_CRITICAL_CSS = ("pygments.css", "copybutton.css")  # code colours and copy buttons can come a moment later
DESCRIPTION_CHARS = 155


def _first_paragraph(body: str) -> str:
    for para in re.findall(r"<p>(.*?)</p>", body, flags=re.S):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", para)).split())
        if len(text) >= 40:
            return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return ""


def light_page(app, pagename, templatename, context, doctree) -> None:
    """Defer the page's scripts, load its non-critical styles without blocking, and set its description."""
    for script in context.get("script_files", []):
        attrs = getattr(script, "attributes", None)
        if attrs is None or not script.filename or script.filename.endswith(KEEP_BLOCKING):
            continue
        attrs.setdefault("defer", "defer")
    for sheet in context.get("css_files", []):
        attrs = getattr(sheet, "attributes", None)
        if attrs is not None and str(sheet.filename).endswith(NON_CRITICAL_CSS):
            attrs.update(media="print", onload="this.media='all'")  # fetched at low priority, applied on load
    context["tariffbook_description"] = _first_paragraph(context.get("body") or "")


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect(
        "html-page-context", light_page, priority=900
    )  # after tariffbook.sphinx.vega adds the Vega bundle (500)
