"""What goes under every chart in the built book: the source line linked to the references page, a CSV of
the rows the chart draws, PNG and SVG renderings made at build time (so they work without JavaScript and in
print), a citation to copy, and the data as a table (the chart's text alternative).

Files go to <repo>/_static/charts/<chart id>.{csv,png,svg}; Sphinx copies them into the site. Links are
relative to the page, whose folder is the kernel's working directory (myst-nb runs a notebook in its folder;
tariffbook.build runs the country pages in book/countries/). Enabled by TARIFFBOOK_EXPORTS=1 (make book).
"""
from __future__ import annotations

import csv
import html
import io
import os
from pathlib import Path

from tariffbook.paths import REPO_ROOT

CHART_DIR = REPO_ROOT / "_static" / "charts"
REFERENCES = "book/generated/references.html"
HIDDEN_COLUMNS = {"quote", "note", "t0", "day", "source_all"}
BOOK = "tariffbook: the 2025 US tariffs and the Asian partners' negotiations (2026), CC BY 4.0"


def enabled() -> bool:
    return os.environ.get("TARIFFBOOK_EXPORTS") == "1"


def _site_prefix() -> str:
    rel = os.path.relpath(REPO_ROOT, Path.cwd())
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def plotted_rows(spec: dict) -> list[dict]:
    """Every sourced row the chart draws: the inline datasets whose rows carry a source_id (helpers such as
    a diagonal line or the 'as of' marker carry none), concatenated."""
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
    import vl_convert as vlc

    CHART_DIR.mkdir(parents=True, exist_ok=True)
    paths = {ext: CHART_DIR / f"{chart_id}.{ext}" for ext in ("csv", "svg", "png")}
    paths["csv"].write_text(_csv(plotted_rows(spec)), encoding="utf-8")
    paths["svg"].write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    paths["png"].write_bytes(vlc.vegalite_to_png(spec, scale=2))
    return paths


def _table(rows: list[dict]) -> str:
    cols = [c for c in dict.fromkeys(k for r in rows for k in r) if c not in HIDDEN_COLUMNS]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in cols) + "</tr>" for r in rows)
    return f'<div class="tariffbook-datatable" tabindex="0" role="region" aria-label="Data table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def footer(chart_id: str, spec: dict) -> str:
    """The figcaption HTML for a chart whose files write_files() has written."""
    from tariffbook.queries import source_labels

    meta = (spec.get("usermeta") or {}).get("tariffbook", {})
    title = meta.get("title", "Chart")
    pre = _site_prefix()
    files = f"{pre}_static/charts/{chart_id}"
    labels = source_labels(meta.get("sources", []))
    links = "; ".join(f'<a href="{pre}{REFERENCES}#src-{html.escape(sid)}">{html.escape(label)}</a>' for sid, label in labels)
    rows = plotted_rows(spec)
    cite = f"{title}. Chart in {BOOK}. Sources as listed under the chart."
    return (f'<figcaption class="tariffbook-caption">'
            f'<p class="tariffbook-sources">{"Source" if len(labels) == 1 else "Sources"}: {links}</p>'
            f'<p class="tariffbook-downloads">Download: <a href="{files}.csv" download>data (CSV, {len(rows)} rows)</a> · '
            f'<a href="{files}.png" download>PNG</a> · <a href="{files}.svg" download>SVG</a></p>'
            f'<p class="tariffbook-cite">Cite: <span class="tariffbook-citation">{html.escape(cite)}</span></p>'
            f"<details><summary>Data table ({len(rows)} rows)</summary>{_table(rows)}</details>"
            f"</figcaption>")
