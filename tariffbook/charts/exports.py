"""The files behind every chart in the built book, and what goes under it.

What belongs here: the chart's files, named after the chart ('japan-rate-in-force'), in <repo>/_static/charts/:

- `<name>.csv`: the rows it draws, raw values, dates as ISO dates (helper columns left out);
- `<name>.svg` and `<name>.png`: the chart for re-use (wide, light colours, white background);
- `<name>.narrow.svg`, `<name>.dark.svg`, `<name>.narrow.dark.svg`: the other static images the page shows
  before Vega draws (a phone's box, dark mode), on a transparent background.

Exports are reproducible: the same commit gives byte-identical SVG and PNG files (vl-convert numbers clip and
gradient ids per process, so they are renumbered per file; dates are drawn in UTC; the font stack starts with
Liberation Sans, and `make book` installs Debian's, which vl-convert prefers to the copy it bundles: without it
a machine drew the labels a pixel or so elsewhere). Each SVG starts with a comment naming the spec's hash, so files
already drawn for the same spec are kept. The PNG is the wide light SVG rasterised (the same bytes vl-convert's
own PNG export gives, without drawing the chart a fifth time).

One run's exports are an Exports object, which the renderer is given (tariffbook.charts.render): it writes the
files and remembers which charts the run produced. A deferred run (the book's executor: BookContext.deferred)
writes the CSV and the spec only, and the executor's worker draws the images (render_pending): vl-convert then
starts once per worker, not once per kernel.

Under each chart (caption()): its sources (many sources fold into a list, primary documents first), the
downloads, a citation, and the data as a table for reading (tariffbook.charts.tables formats it). What does not
belong here: the figure's HTML around the chart (tariffbook.charts.render), the page side (_static/tb-charts.js).

Typical use: none by hand; in the book build every chart a notebook displays goes through here.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import html
import io
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from tariffbook.charts.common import meta
from tariffbook.charts.tables import data_table, source_list
from tariffbook.charts.theme import NARROW_WIDTH, deep_merge
from tariffbook.data.citation import cite as chart_citation
from tariffbook.data.paths import CHART_DIR, CHARTS, PENDING, REPO_ROOT

VARIANTS = {"": (False, "light"), ".narrow": (True, "light"), ".dark": (False, "dark"), ".narrow.dark": (True, "dark")}
"""File suffix -> (narrow, colour mode) of each static image; '' is also the download."""

HELPER = re.compile(r"^(tb_.*|covers|lines|rank|seen)$")
"""Columns that only help draw the chart: neither in the CSV nor in the table."""

ISO_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00$")


def name_of(spec: dict) -> str:
    """The chart's file name (without extension): its name from finish(), else 'chart-' and its hash."""
    return meta(spec).get("name") or f"chart-{spec_hash(spec)}"


def spec_hash(spec: dict) -> str:
    """A hash of the whole spec, data included: the same chart keeps its hash, and its files are reused."""
    body = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def plotted_rows(spec: dict) -> list[dict]:
    """Every sourced row the chart draws.

    That is the inline datasets whose rows carry a source_id (helpers such as a diagonal line, the 'as of'
    marker or the notes above a plot carry none), concatenated.
    """
    sets = [
        rows
        for rows in (spec.get("datasets") or {}).values()  # a dataset may be a dict: a map's TopoJSON
        if isinstance(rows, list) and rows and isinstance(rows[0], dict) and "source_id" in rows[0]
    ]
    return [row for rows in sets for row in rows]


def _csv_value(v):
    if isinstance(v, str):
        m = ISO_MIDNIGHT.match(v)
        return m.group(1) if m else v
    return "" if v is None else v


def csv_text(rows: list[dict]) -> str:
    """The rows as CSV: raw values, dates as ISO dates, no helper or label columns."""
    cols = [c for c in dict.fromkeys(k for r in rows for k in r) if not HELPER.match(c) and not c.endswith("_label")]
    buf = io.StringIO()
    w = csv.DictWriter(buf, cols, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows({c: _csv_value(r.get(c)) for c in cols} for r in rows)
    return buf.getvalue()


# ---------------------------------------------------------------- the files
def paths(name: str) -> dict[str, Path]:
    """Every file of a chart, by suffix: 'csv', 'png', and the SVG variants ('', '.narrow', ...)."""
    out = {"csv": CHART_DIR / f"{name}.csv", "png": CHART_DIR / f"{name}.png"}
    out.update({suffix: CHART_DIR / f"{name}{suffix}.svg" for suffix in VARIANTS})
    return out


def _stamp(spec: dict) -> str:
    return f"<!-- tariffbook chart {spec_hash(spec)} -->\n"


def _fresh(name: str, spec: dict) -> bool:
    files = paths(name)
    if not all(p.exists() for p in files.values()):
        return False
    with files[""].open(encoding="utf-8") as fh:
        return fh.readline() == _stamp(spec)


@dataclass
class Exports:
    """One run's chart files: each chart it shows writes them here (render.figure), and is remembered.

    Attributes:
        deferred: write the CSV and the spec only, and leave the images to the executor's worker (render_pending).
        produced: the names of the charts this run showed, in order (the executor keeps their files and prunes the
            others).
    """

    deferred: bool = False
    produced: list[str] = field(default_factory=list)

    def write(self, spec: dict) -> str:
        """Write the chart's CSV, and its images (or the spec, deferred); returns its name.

        Files already drawn for this spec are kept.
        """
        CHART_DIR.mkdir(parents=True, exist_ok=True)
        name = name_of(spec)
        self.produced.append(name)
        if _fresh(name, spec):
            return name
        _write(paths(name)["csv"], csv_text(plotted_rows(spec)).encode("utf-8"))
        if self.deferred:
            _write(CHART_DIR / f"{name}{PENDING}", json.dumps(spec).encode("utf-8"))
        else:
            render_files(name, spec)
        return name


def _write(path: Path, data: bytes) -> None:
    """Whole files only: a run stopped midway leaves no half-written chart."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def export_spec(spec: dict, narrow: bool = False, mode: str = "light", transparent: bool = False) -> dict:
    """The spec vl-convert draws for one static image.

    The wide one is the spec as built; the narrow one has the `narrow` param on and the chart's narrow values
    applied (the same rule as prepare() in tb-charts.js). A mode's colours: the dark ones come from the spec's
    usermeta.
    """
    out = copy.deepcopy(spec)
    info = meta(spec)
    if narrow:
        out["params"] = [dict(p, value=True) if p.get("name") == "narrow" else p for p in out.get("params", [])]
        out.update(info.get("narrow") or {"width": NARROW_WIDTH})
    if mode == "dark" and info.get("dark"):
        out["config"] = deep_merge(out.get("config", {}), info["dark"])
    if transparent:
        out["config"] = dict(out.get("config", {}), background="transparent")
    return out


ID = re.compile(r'(id="|url\(#|href="#)((?:clip|gradient_)\d+)')


def normalise_svg(svg: str) -> str:
    """Renumber vl-convert's clipN and gradient_N ids in order of appearance.

    vl-convert numbers them per process, so otherwise a file would depend on how many charts were drawn before.
    """
    seen: dict[str, str] = {}

    def new_id(old: str) -> str:
        if old not in seen:
            prefix = "gradient_" if old.startswith("gradient_") else "clip"
            n = sum(1 for v in seen.values() if v.startswith(prefix))
            seen[old] = f"{prefix}{n if prefix == 'gradient_' else n + 1}"
        return seen[old]

    return ID.sub(lambda m: m.group(1) + new_id(m.group(2)), svg)


def _utc() -> None:
    """Draw dates in UTC whatever the machine's zone (vl-convert reads TZ; a temporal axis moves with it)."""
    if os.environ.get("TZ") != "UTC":
        os.environ["TZ"] = "UTC"
        time.tzset()


def render_files(name: str, spec: dict) -> None:
    """Draw the chart's four SVGs with vl-convert, and rasterise the wide light one into its PNG.

    The wide light SVG, whose first line names the spec (_fresh reads it), is written last: a run stopped midway
    leaves the chart to be drawn again.
    """
    _utc()
    import vl_convert as vlc

    files = paths(name)
    drawn = {
        suffix: vlc.vegalite_to_svg(export_spec(spec, narrow, mode, transparent=mode == "dark"))
        for suffix, (narrow, mode) in VARIANTS.items()
    }
    # the SVG of export_spec(spec), rasterised: the bytes vegalite_to_png gives, which would draw it again first
    _write(files["png"], vlc.svg_to_png(drawn[""], scale=2))
    for suffix in sorted(drawn, key=lambda s: s == ""):
        _write(files[suffix], (_stamp(spec) + normalise_svg(drawn[suffix])).encode("utf-8"))


def render_pending(names: list[str]) -> int:
    """Draw the images of charts whose kernels deferred them; returns how many were drawn."""
    drawn = 0
    for name in names:
        pending = CHART_DIR / f"{name}{PENDING}"
        if pending.exists():
            spec = json.loads(pending.read_text(encoding="utf-8"))
            if not _fresh(name, spec):
                render_files(name, spec)
                drawn += 1
            pending.unlink(missing_ok=True)
    return drawn


# ---------------------------------------------------------------- under the chart
def site_prefix() -> str:
    """The site root relative to the page being built (the kernel runs in the page's folder)."""
    rel = os.path.relpath(REPO_ROOT, Path.cwd())
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def caption(name: str, spec: dict) -> str:
    """The figcaption under a chart whose files write_files() has written."""
    info = meta(spec)
    title = info.get("title", "Chart")
    pre = site_prefix()
    files = f"{pre}{CHARTS}/{name}"
    rows = plotted_rows(spec)
    cite = f"{chart_citation(title)} Sources as listed under the chart."
    return (
        '<figcaption class="tariffbook-caption">'
        f"{source_list(info.get('sources', []), pre)}"
        f'<p class="tariffbook-downloads">Download: <a href="{files}.csv" download>data (CSV, {len(rows)} rows)</a>'
        f' · <a href="{files}.png" download>PNG</a> · <a href="{files}.svg" download>SVG</a></p>'
        f'<p class="tariffbook-cite">Cite: <span class="tariffbook-citation">{html.escape(cite)}</span></p>'
        f"<details><summary>Data table ({len(rows)} rows)</summary>{data_table(rows, HELPER)}</details>"
        "</figcaption>"
    )
