"""The Altair renderer: what a chart becomes in a notebook's output, in the book and in Jupyter.

The renderer takes its mode from Altair's renderer options, never from the environment: enable() turns a
tariffbook.settings.BookContext into them (`alt.renderers.enable(NAME, mode=..., exports_run=..., session=...)`), and
Altair passes them to render(). tariffbook.notebook.params.check enables it so in every notebook; enabled with no
options (what importing tariffbook.charts does), it draws as in Jupyter.

In the book (exports given: make book) a chart becomes a figure that needs no JavaScript to be seen:
its controls (tariffbook.charts.controls), a box holding its static images (light and dark, wide and narrow,
drawn at build time by tariffbook.charts.exports) and its spec, and the caption under it. The page script
(_static/tb-charts.js, loaded by tariffbook.sphinx.vega on pages with a chart) fetches Vega when the browser is
idle, runs it when the reader reaches for a chart, and draws the live chart over the static one, in the same box.

In Jupyter and papermill outputs (mode `inline`), the output carries the chart three ways:
the live chart (the first chart of a session carries the Vega bundle, so it draws offline), a static SVG as a
data-URI <img> inside the HTML (what an untrusted notebook shows: JupyterLab strips the script and keeps the
image), and `image/svg+xml` for every other reader of notebooks. The chart's controls become Vega's own inputs.

Chart element ids come from the chart's name, so reruns are identical. Registered and enabled by
tariffbook.charts (the package __init__).
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tariffbook.charts import controls, exports
from tariffbook.charts.common import meta

if TYPE_CHECKING:
    from tariffbook.settings import BookContext

NAME = "tariffbook"
"""The name the renderer is registered under."""

DRAWN_JS = (
    "() => [...document.querySelectorAll('.tariffbook-chart')]"
    ".filter(d => d.querySelector('.tb-live svg.marks, .tb-live canvas')).length"
)
"""In a browser: how many of the page's charts Vega has drawn (the tests and bench/ wait on it)."""

EMBED = {"mode": "vega-lite", "actions": False, "renderer": "svg"}
"""vegaEmbed's options everywhere: no menu (its items link to the online editor), SVG (text stays text)."""

NOTEBOOK_JS = (
    '<script>(function(){{var el=document.getElementById("{div}");'
    "if(!window.vegaEmbed){{return;}}"  # no Vega (an untrusted notebook, a reader without it): the image stays
    'var live=document.createElement("div");'
    "vegaEmbed(live,{body},{opts}).then(function(){{el.replaceChildren(live);}})"
    '.catch(function(e){{console.warn("tariffbook chart",e);}});'
    "}})();</script>"
)
"""In a notebook: draw the live chart and put it in the static image's place once drawn."""


@dataclass
class Session:
    """What the renderer keeps between the charts of one run.

    A counter for element ids, and whether the Vega bundle has gone out yet (inline mode: the first chart carries it).
    """

    seq: itertools.count = field(default_factory=itertools.count)
    bundle_sent: bool = False


_UNSET = Session()
"""The session of a renderer enabled with no options (importing tariffbook.charts): a plain Jupyter session."""


def enable(context: BookContext, exports_run: exports.Exports | None = None) -> None:
    """Make Altair draw charts with this renderer, in the context's mode.

    Args:
        context: the book's context: its charts mode; with `exports`, a new Exports run unless one is given.
        exports_run: where the run's chart files go (the executor's kernels pass the one they report).
    """
    import altair as alt

    if exports_run is None and context.exports:
        exports_run = exports.Exports(deferred=context.deferred)
    run = exports_run if context.exports else None
    alt.renderers.enable(NAME, mode=context.charts_mode, exports_run=run, session=Session())


def _no_nan(value):
    """NaN (what Altair makes of a missing value in a text column) as null: JSON has no NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def _json(spec: dict) -> str:
    """The spec as JSON a page can read (no NaN) and a <script> can hold (no '</')."""
    return json.dumps(_no_nan(spec), sort_keys=True, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")


def _bundle_once(session: Session) -> str:
    if session.bundle_sent:
        return ""
    from tariffbook.charts.offline import bundle_js

    session.bundle_sent = True
    return "<script>" + bundle_js().replace("</script", "<\\/script") + "</script>"


def _controls(spec: dict) -> list[controls.Control]:
    return [controls.from_dict(c) for c in meta(spec).get("controls", [])]


def figure(spec: dict, exports_run: exports.Exports) -> str:
    """The chart in the book: controls, the box with its static images and spec, and the caption."""
    name = exports_run.write(spec)
    label = html.escape(spec.get("description") or "Chart", quote=True)
    src = f"{exports.site_prefix()}_static/charts/{name}"
    imgs = "".join(
        # dark-light: pydata-sphinx-theme's opt-out from its dark-mode image dimming; lazy: the browser fetches
        # only the variant it shows
        f'<img class="tb-static {"tb-narrow" if narrow else "tb-wide"} tb-{mode} dark-light" src="{src}{suffix}.svg"'
        f' alt="{label}" loading="lazy" decoding="async">'
        for suffix, (narrow, mode) in exports.VARIANTS.items()
    )
    title = meta(spec).get("title", "Chart")
    return (
        f'<figure class="tariffbook-figure tb-figure">{controls.form_html(name, title, _controls(spec))}'
        f'<div class="tariffbook-chart tb-chart" id="tb-{name}" data-chart="{name}">{imgs}'
        f'<script type="application/json" class="tb-spec">{_json(spec)}</script></div>'
        f"{exports.caption(name, spec)}</figure>"
    )


def notebook_output(spec: dict, static: bool, session: Session | None = None) -> dict:
    """The chart in a notebook: the live chart, and (static=True) the static SVG inside the HTML and beside it.

    Args:
        spec: the chart's Vega-Lite spec.
        static: inline mode: the static SVG, and the Vega bundle with the session's first chart.
        session: the run's Session (default: a plain Jupyter session's).
    """
    session = _UNSET if session is None else session
    live = controls.jupyter_bindings(spec, _controls(spec))
    div = f"tb-{exports.name_of(spec)}-{next(session.seq)}"
    label = html.escape(spec.get("description") or "Chart", quote=True)
    opts = json.dumps(EMBED)
    out = {"text/plain": f"<chart: {spec.get('description', '')}>"}
    inner = ""
    if static:
        svg = svg_text(spec)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        inner = f'<img src="data:image/svg+xml;base64,{data}" alt="{label}">'
        out["image/svg+xml"] = svg
    out["text/html"] = (
        (_bundle_once(session) if static else "")
        + f'<div id="{div}" class="tariffbook-chart" role="figure" aria-label="{label}">{inner}</div>'
        + NOTEBOOK_JS.format(div=div, body=_json(live), opts=opts)
    )
    return out


def svg_text(spec: dict) -> str:
    """The chart as an SVG (wide, light), drawn here: what a notebook shows where no script runs."""
    exports._utc()
    import vl_convert as vlc

    return exports.normalise_svg(vlc.vegalite_to_svg(exports.export_spec(spec)))


def render(
    spec: dict, *, mode: str = "inline", exports_run: exports.Exports | None = None, session: Session | None = None
) -> dict:
    """Altair's renderer entry point: the chart's MIME bundle for a notebook output.

    Altair calls it with the spec and the options the renderer was enabled with (enable()).

    Args:
        spec: the Vega-Lite spec Altair produced.
        mode: 'inline' (the chart carries Vega and a static SVG) or 'book' (it calls the site's vegaEmbed).
        exports_run: the run's Exports: the chart is the book's figure, with its files and caption. None: a
            notebook output.
        session: the run's Session (counters between charts).
    """
    if exports_run is not None:
        return {"text/html": figure(spec, exports_run), "text/plain": f"<chart: {spec.get('description', '')}>"}
    return notebook_output(spec, static=mode == "inline", session=session)
