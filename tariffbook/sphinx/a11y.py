"""Accessibility fixes the theme's templates cannot make.

The navigation tree's expand/collapse toggles are <summary> elements with only an icon, so screen readers announce
nothing (axe: summary-name). After the build, every such summary gets an accessible name.
"""

from __future__ import annotations

from pathlib import Path

TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
NAMED = '<summary aria-label="Show or hide this section"><span class="toctree-toggle" role="presentation">'


def name_toggles(app, exception) -> None:
    """After an HTML build, give every navigation toggle of every page an accessible name."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if TOGGLE in text:
            page.write_text(text.replace(TOGGLE, NAMED), encoding="utf-8")


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("build-finished", name_toggles)
