"""The offline Altair renderer: a chart becomes a <div> and a call to the page's vegaEmbed, never a CDN address.

The book serves vega, vega-lite and vega-embed from its own _static/ (tariffbook.charts.offline). Outside the
book (Jupyter, a papermill run; TARIFFBOOK_CHARTS unset or `inline`), the first chart of a session carries the
bundle itself, so charts draw offline there too. Chart element ids are a hash of the spec, so reruns are
identical. In the book build (TARIFFBOOK_EXPORTS=1) each chart is wrapped in a <figure> whose caption
tariffbook.charts.exports writes. Registered and enabled by tariffbook.charts (the package __init__).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json

from tariffbook import settings
from tariffbook.charts import exports

NAME = "tariffbook"
"""The name the renderer is registered under."""

DRAW_JS = (
    '<script>(function(){{var el=document.getElementById("{div}");function draw(){{'
    "if(window.vegaEmbed){{vegaEmbed(el,{body},{opts})"
    '.catch(function(e){{el.textContent="Chart failed to draw: "+e;}});}}'
    'else{{el.textContent="[Chart not drawn: the Vega library is not loaded. '
    'In Jupyter, rerun the notebook from the top.]";}}}}'
    # the book loads Vega with `defer`: it has run by DOMContentLoaded
    'if(document.readyState==="loading"){{document.addEventListener("DOMContentLoaded",draw);}}else{{draw();}}'
    "}})();</script>"
)
"""Draw the chart when Vega is there (after DOMContentLoaded), or say why not in its place."""

DRAWN_JS = (
    "() => [...document.querySelectorAll('.tariffbook-chart')].filter(d => d.querySelector('svg.marks, canvas')).length"
)
"""In a browser: how many of the page's charts have drawn (the tests and bench/ wait on it)."""

_seq = itertools.count()
_bundle_sent = False


def _bundle() -> str:
    from tariffbook.charts.offline import bundle_js

    return bundle_js()


def _controls(spec) -> int:
    """Parameters bound to an input element (a dropdown, a slider), anywhere in the spec."""
    if isinstance(spec, list):
        return sum(_controls(x) for x in spec)
    if not isinstance(spec, dict):
        return 0
    own = sum(1 for p in spec.get("params", []) if isinstance(p, dict) and p.get("bind"))
    return own + sum(_controls(v) for k, v in spec.items() if k not in ("params", "datasets", "data"))


def chart_id(spec: dict) -> str:
    """The chart's id: a hash of its whole spec (data included), so the same chart keeps its id and files."""
    body = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return hashlib.sha1(body.encode()).hexdigest()[:16]  # an id, not a checksum: sha1 keeps the published names


def render(spec: dict, **metadata) -> dict:
    """Altair's renderer entry point: the chart's HTML (and a plain-text stand-in) for a notebook output.

    Args:
        spec: the Vega-Lite spec Altair produced.
        **metadata: Altair's renderer metadata; `embed_options` are passed to vegaEmbed.
    """
    global _bundle_sent
    body = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    ident = chart_id(spec)
    div = f"vega-{ident}-{next(_seq)}"
    opts = json.dumps({"mode": "vega-lite", "actions": False, **(metadata.get("embed_options") or {})})
    label = html.escape(spec.get("description") or "Chart", quote=True)
    pre = ""
    if settings.charts_inline() and not _bundle_sent:
        pre = "<script>" + _bundle().replace("</script", "<\\/script") + "</script>"
        _bundle_sent = True
    # data-controls: how many input controls Vega will add under the chart (the page reserves room for them)
    chart = (
        f'<div id="{div}" class="tariffbook-chart" data-controls="{_controls(spec)}" role="img" aria-label="{label}">'
        "</div>" + DRAW_JS.format(div=div, body=body, opts=opts)
    )
    if settings.exports_enabled():
        exports.write_files(ident, spec)
        chart = f'<figure class="tariffbook-figure">{chart}{exports.footer(ident, spec)}</figure>'
    return {"text/html": pre + chart, "text/plain": f"<chart: {spec.get('description', '')}>"}
