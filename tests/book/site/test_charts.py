"""The charts of the built site: on each page's visit, each chart draws offline at the height its page reserved,
moves nothing, shows without JavaScript and keeps its text in its box, with its sources, downloads and citation;
on disk, the chart pages and their exported files, and the tables' cells."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tariffbook.data.paths import CHARTS
from tests.helpers import PAGES, SITE

WANT_CHARTS = {
    "book/intro.html": 1,
    "notebooks/timeline.html": 1,
    "notebooks/surpluses.html": 3,
    "notebooks/tariff_rates.html": 3,
    "notebooks/reciprocal_formula.html": 1,
    "notebooks/japan_negotiations.html": 1,
    "notebooks/after_the_ruling.html": 3,
    "notebooks/what_it_cost.html": 3,
    "book/countries/JPN.html": 3,
}
"""The chart pages of issue 3, each with its charts: a page that silently lost a chart fails."""


def test_page_draws_every_chart_offline(visit):
    assert visit.drawn == visit.charts
    for text in ("Chart not drawn", "Chart failed", "Error loading script"):
        assert text not in visit.body


def test_page_reserves_each_chart_its_height(visit):
    """Issue 10: each live chart has the height of the static image it replaced, in its box's width, at 1280 px
    and on a phone: the text below does not move (no layout shift)."""
    for name, reserved, drawn, box, width in visit.reserved + visit.phone["reserved"]:
        assert abs(reserved - drawn) <= 2, (visit.path, name, reserved, drawn)
        assert width <= box + 1, (visit.path, name, box, width)


def test_charts_do_not_move_the_page(visit):
    """Issue 10: each chart's figure has its final height as soon as the HTML is read: its static image paints
    in a box of the right size, and the live chart replaces it in the same box, so nothing below it moves.
    (visit.shift is the page's cumulative layout shift; other parts of the page can shift it too.)"""
    assert visit.figures_before == visit.figures_after, visit.path


def test_page_shows_every_chart_without_javascript(visit):
    """Issue 10: with JavaScript off a reader sees one static image of each chart Vega draws with it on."""
    assert visit.static == [1] * visit.drawn, visit.path


def test_chart_text_stays_in_its_box(visit):
    """No chart's text (a legend entry, a label, a note) is drawn past its box's edge, where the page cuts it off:
    at 1280 px, and on a phone (the trade chart's legend ran off a 342 px box after 'South Korea')."""
    assert visit.clipped == [], visit.path
    assert visit.phone["clipped"] == [], visit.path


def _site_file(href: str) -> Path:
    return SITE / urlparse(href).path.lstrip("/")


def test_every_chart_has_sources_downloads_and_a_citation(visit):
    """Issue 4: under every chart, its source line linked to the references page, a CSV of its rows, PNG and
    SVG exports and a citation; every link resolves in the built site."""
    refs = (SITE / "book" / "generated" / "references.html").read_text(encoding="utf-8")
    assert len(visit.figures) == visit.charts
    for fig in visit.figures:
        files = [h for h in fig["hrefs"] if f"/{CHARTS}/" in h]
        assert sorted(h.rsplit(".", 1)[1] for h in files) == ["csv", "png", "svg"], visit.path
        for h in files:  # the static server serves what is on disk
            assert _site_file(h).is_file() and _site_file(h).stat().st_size > 100, h
        csv_file = _site_file(next(h for h in files if h.endswith(".csv")))
        header = next(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
        assert header.count("source_id") == 1, visit.path
        sources = [h for h in fig["hrefs"] if "references.html#src-" in h]
        assert sources, visit.path
        for h in sources:
            assert f'id="{h.rsplit("#", 1)[1]}"' in refs, h
        assert fig["citation"].strip()
        assert fig["rows"] >= 1


def _chart_count(path: str) -> int:
    return (SITE / path).read_text(encoding="utf-8").count('class="tariffbook-chart tb-chart"')


def test_chart_pages_have_charts():
    for path, n in WANT_CHARTS.items():
        assert _chart_count(path) == n, path
    assert sum(_chart_count(p) for p in PAGES) >= 40


def test_chart_script_is_loaded_only_where_charts_are_drawn():
    """The chart script (which loads Vega when a chart goes live) is on the pages with a chart, and only there."""
    for path in PAGES:
        text = (SITE / path).read_text(encoding="utf-8")
        assert ("tb-charts.js" in text) == ('class="tariffbook-chart tb-chart"' in text), path
        assert "vega-offline.js" not in text, path  # never a <script> of its own: tb-charts.js loads it


CHART_FILES = SITE / CHARTS


def test_exported_chart_labels_never_truncate():
    """Issue 10: no label of an exported chart is cut short with an ellipsis, in any of its images."""
    svgs = sorted(CHART_FILES.glob("*.svg"))
    assert len(svgs) >= 4 * 40
    cut = [p.name for p in svgs if re.search(r"…\s*</text>", p.read_text(encoding="utf-8"))]
    assert cut == []


@pytest.mark.parametrize("path", ["notebooks/reciprocal_formula.html", "notebooks/after_the_ruling.html"])
def test_exported_charts_are_drawn_the_same_again(path):
    """Issue 10: exports are reproducible. Each chart's spec, read from its page and drawn again here, gives its
    SVG and PNG byte for byte. vl-convert prefers the machine's Liberation Sans to the copy it bundles, so a build
    on a machine without Debian's (before `make fonts`) drew labels a pixel or so elsewhere."""
    import json

    import vl_convert as vlc

    from tariffbook.charts import exports, render

    page = (SITE / path).read_text(encoding="utf-8")
    specs = re.findall(
        r'data-chart="([^"]+)"[^>]*>.*?<script type="application/json" class="tb-spec">(.*?)</script>', page, re.S
    )
    assert specs
    for name, raw in specs:
        spec = json.loads(raw.replace("<\\/", "</"))
        svg = render.svg_text(spec)  # the wide light SVG, drawn as the exports draw it (in UTC)
        # after the line naming the spec's hash (the page's copy of the spec has NaN written as null)
        assert (CHART_FILES / f"{name}.svg").read_text(encoding="utf-8").split("\n", 1)[1] == svg, name
        png = vlc.vegalite_to_png(exports.export_spec(spec), scale=2)
        assert (CHART_FILES / f"{name}.png").read_bytes() == png, name


def test_chart_files_are_named_after_the_chart():
    """Issue 12: files say what they are (japan-rate-in-force.png), and the CSVs write dates as ISO dates."""
    names = {p.name.split(".")[0] for p in CHART_FILES.iterdir()}
    assert {"japan-rate-in-force", "timeline", "tariff-rates-by-stage", "reciprocal-formula"} <= names
    assert not [n for n in names if re.fullmatch(r"[0-9a-f]{16}", n)]
    for csv_file in CHART_FILES.glob("*.csv"):
        text = csv_file.read_text(encoding="utf-8")
        assert "T00:00:00" not in text, csv_file.name


BOOK_TABLE = re.compile(
    r'<table class="tariffbook-table">.*?</table>|<div class="tb-table-scroll tariffbook-datatable".*?</table>', re.S
)
"""A page's tables (tariffbook.charts.tables.table) and the data tables under its charts."""


@pytest.mark.parametrize("path", [p for p in PAGES if BOOK_TABLE.search((SITE / p).read_text(encoding="utf-8"))])
def test_table_cells_read_as_numbers_and_dates(path):
    """Issue 10: no table shows a float with more digits than it means (42.316300000000005), a timestamp
    (2025-07-07T00:00:00) or a code where a reader's label belongs (struck_down, court_ruling)."""
    tables_ = "".join(BOOK_TABLE.findall((SITE / path).read_text(encoding="utf-8")))
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", tables_, flags=re.S)]
    assert cells
    bad = [c for c in cells if re.search(r"T\d\d:\d\d:\d\d|\b[a-z]+_[a-z_]+\b", c) or _too_precise(c)]
    assert bad == [], path


def _too_precise(cell: str) -> bool:
    """A number with four decimals or more, unless it is a small one shown to three significant digits (0.0404)."""
    return any(
        len(n.split(".")[1]) >= 4 and not re.fullmatch(r"0\.0+[1-9]\d{0,2}", n) for n in re.findall(r"\d+\.\d+", cell)
    )
