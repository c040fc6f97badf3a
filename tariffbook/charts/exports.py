"""What goes under every chart in the built book, and the files it links to.

Under each chart: the source line linked to the references page, a CSV of the rows the chart draws, PNG and SVG
renderings made at build time (so they work without JavaScript and in print), a citation to copy, and the data as a
table (the chart's text alternative).

Files go to <repo>/_static/charts/<chart id>.{csv,png,svg}; Sphinx copies them into the site. Links are
relative to the page, whose folder is the kernel's working directory (myst-nb runs a notebook in its folder;
tariffbook.build runs the country pages in book/countries/). Enabled by TARIFFBOOK_EXPORTS=1 (make book).
The chart id is a hash of the whole spec, data included, so files that already exist are reused, not redrawn.
With TARIFFBOOK_EXPORTS_DEFER=1 (the book's executor) a kernel writes the CSV and the spec only, and the
executor's worker draws the PNG and SVG (render_pending): vl-convert then starts once per worker, not once per
kernel, which is half a second saved on every page.

Typical use: none by hand; in the book build every chart a notebook displays goes through here.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from pathlib import Path

from tariffbook import settings
from tariffbook.charts.tables import html_table
from tariffbook.data.citation import cite as chart_citation
from tariffbook.data.paths import CHART_DIR, CHARTS, REPO_ROOT
from tariffbook.domain import REFERENCES_PAGE

HIDDEN_COLUMNS = {"quote", "note", "t0", "day", "source_all"}
"""Columns of the plotted rows the data table under a chart leaves out (long quotes, helper columns)."""

PRODUCED: list[str] = []
"""Ids of the charts this process exported (the executor keeps their files and prunes the others)."""

PENDING = ".pending.vl.json"
"""Suffix of the spec a kernel leaves for the executor's worker to render."""
"""Suffix of the spec a kernel leaves for the executor's worker to render."""


def _site_prefix() -> str:
    rel = os.path.relpath(REPO_ROOT, Path.cwd())
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def plotted_rows(spec: dict) -> list[dict]:
    """Every sourced row the chart draws.

    That is the inline datasets whose rows carry a source_id (helpers such as a diagonal line or the 'as of'
    marker carry none), concatenated.
    """
    sets = [rows for rows in (spec.get("datasets") or {}).values() if rows and "source_id" in rows[0]]
    return [row for rows in sets for row in rows]


def _csv(rows: list[dict]) -> str:
    cols = list(dict.fromkeys(k for r in rows for k in r))
    buf = io.StringIO()
    w = csv.DictWriter(buf, cols, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def write_files(chart_id: str, spec: dict) -> dict[str, Path]:
    """Write the chart's CSV, and its PNG and SVG (or the spec, for the executor to render them).

    Files that exist already are kept: the id is a hash of the spec, so they are this chart's.

    Returns:
        The paths of the CSV, SVG and PNG, by extension.
    """
    CHART_DIR.mkdir(parents=True, exist_ok=True)
    PRODUCED.append(chart_id)
    paths = _paths(chart_id)
    if all(p.exists() for p in paths.values()):
        return paths
    _write(paths["csv"], _csv(plotted_rows(spec)).encode("utf-8"))
    if settings.exports_deferred():
        _write(CHART_DIR / f"{chart_id}{PENDING}", json.dumps(spec).encode("utf-8"))
    else:
        _render(chart_id, spec)
    return paths


def _paths(chart_id: str) -> dict[str, Path]:
    return {ext: CHART_DIR / f"{chart_id}.{ext}" for ext in ("csv", "svg", "png")}


def _write(path: Path, data: bytes) -> None:
    """Whole files only: a run stopped midway leaves no half-written chart."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _render(chart_id: str, spec: dict) -> None:
    import vl_convert as vlc

    paths = _paths(chart_id)
    _write(paths["svg"], vlc.vegalite_to_svg(spec).encode("utf-8"))
    _write(paths["png"], vlc.vegalite_to_png(spec, scale=2))


def render_pending(chart_ids: list[str]) -> int:
    """Draw the PNG and SVG of charts whose kernels deferred them; returns how many were drawn."""
    drawn = 0
    for chart_id in chart_ids:
        pending = CHART_DIR / f"{chart_id}{PENDING}"
        if pending.exists():
            if not all(p.exists() for p in _paths(chart_id).values()):
                _render(chart_id, json.loads(pending.read_text(encoding="utf-8")))
                drawn += 1
            pending.unlink(missing_ok=True)
    return drawn


def _table(rows: list[dict]) -> str:
    cols = [c for c in dict.fromkeys(k for r in rows for k in r) if c not in HIDDEN_COLUMNS]
    cells = [[html.escape(str(r.get(c, ""))) for c in cols] for r in rows]
    return (
        '<div class="tariffbook-datatable" tabindex="0" role="region" aria-label="Data table">'
        f"{html_table(cols, cells)}</div>"
    )


def footer(chart_id: str, spec: dict) -> str:
    """The figcaption HTML for a chart whose files write_files() has written."""
    from tariffbook.analysis.queries import source_labels

    meta = (spec.get("usermeta") or {}).get("tariffbook", {})
    title = meta.get("title", "Chart")
    pre = _site_prefix()
    files = f"{pre}{CHARTS}/{chart_id}"
    labels = source_labels(meta.get("sources", []))
    links = "; ".join(
        f'<a href="{pre}{REFERENCES_PAGE}#src-{html.escape(sid)}">{html.escape(label)}</a>' for sid, label in labels
    )
    rows = plotted_rows(spec)
    cite = f"{chart_citation(title)} Sources as listed under the chart."
    return (
        '<figcaption class="tariffbook-caption">'
        f'<p class="tariffbook-sources">{"Source" if len(labels) == 1 else "Sources"}: {links}</p>'
        f'<p class="tariffbook-downloads">Download: <a href="{files}.csv" download>data (CSV, {len(rows)} rows)</a> · '
        f'<a href="{files}.png" download>PNG</a> · <a href="{files}.svg" download>SVG</a></p>'
        f'<p class="tariffbook-cite">Cite: <span class="tariffbook-citation">{html.escape(cite)}</span></p>'
        f"<details><summary>Data table ({len(rows)} rows)</summary>{_table(rows)}</details>"
        "</figcaption>"
    )
