"""The whole book as one PDF (`make pdf`): _build/html/tariffbook.pdf, from the built site, offline.

Every page of the site, in the order of its navigation, is printed by Debian's Chromium (headless, through
playwright, never a browser a tool downloaded) with the site's print styles (_templates/site.css: no
navigation, charts as vectors, each link's address after it, no ligatures), then the pages are joined with
pypdf behind a contents page whose entries carry page numbers and are links, and the PDF gets an outline
(bookmarks) of parts and pages. The site links the file next to the data release (book/intro.md,
book/method.md).

    .venv/bin/python -m tariffbook.publish.pdf [--site _build/html] [--out _build/html/tariffbook.pdf]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import http.server
import io
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tariffbook.data.paths import REPO_ROOT

SITE = REPO_ROOT / "_build" / "html"
"""The built site (`make book`)."""

PDF_NAME = "tariffbook.pdf"
"""The PDF's name at the site's root, where the pages link it."""

ROOT_PAGE = "book/intro.html"
"""The first page; the others follow in the order of its navigation."""

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium (`make chromium` installs it)."""

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # nothing but the site itself
]

CHART_WAIT_MS = 15000
"""How long a page may take to show its charts before it is printed anyway (with what it shows)."""

PRINTABLE_JS = """() => {
  const printed = i => getComputedStyle(i).display !== 'none';
  document.querySelectorAll('img[loading="lazy"]').forEach(i => { if (printed(i)) i.loading = 'eager'; });
  const shown = i => i.complete && i.naturalWidth > 0 && printed(i);
  return [...document.images].filter(printed).every(i => i.complete)
    && [...document.querySelectorAll('.tariffbook-chart')]
      .every(c => c.querySelector('svg.marks, canvas') || [...c.querySelectorAll('img')].some(shown));
}"""
"""In the page: whether every chart shows something to print (a static image the print styles show, or the
chart Vega drew), with every image the print shows loaded (lazy ones too: printing does not scroll to them).
Only those: with the hidden ones (each chart's dark and phone images) made to load too, Chromium took 2 s to
print each chart page (tagged PDF) instead of 0.2 s."""

CONTENTS_CSS = """@page { size: A4; margin: 20mm 18mm; }
body { font: 11pt 'Liberation Sans', Arial, sans-serif; color: #222832; font-variant-ligatures: none; }
h1 { font-size: 22pt; margin: 0 0 4pt; } .sub { font-size: 13pt; margin: 0 0 4pt; }
.meta { color: #555; margin: 0 0 18pt; }
h2 { font-size: 15pt; margin: 0 0 8pt; } h3 { font-size: 11pt; margin: 10pt 0 2pt; }
ol { list-style: none; padding: 0; margin: 0; } li { display: flex; gap: 6pt; line-height: 15pt; }
li.l2 { padding-left: 14pt; } li .t { flex: none; max-width: 80%; } li .d { flex: 1; border-bottom: 1px dotted #999;
margin-bottom: 4pt; } li .n { flex: none; font-variant-numeric: tabular-nums; }"""


@dataclass(frozen=True)
class Entry:
    """One page of the book: its file in the site, its title, its part and its level in the navigation."""

    path: str
    title: str
    part: str
    level: int


def book_order(site: Path = SITE) -> list[Entry]:
    """Every page in the order of the site's navigation (the first page's sidebar), with its part."""
    text = (site / ROOT_PAGE).read_text(encoding="utf-8")
    nav = text[text.index("bd-docs-nav") :]
    nav = nav[: nav.index("</nav>")]
    base = Path(ROOT_PAGE).parent
    entries, part = [], ""
    token = re.compile(
        r'<span class="caption-text">([^<]*)</span>'
        r'|<li class="toctree-l(\d)[^"]*">\s*<a class="reference internal" href="([^"#]*)[^"]*">\s*([^<]*?)\s*</a>'
    )
    for caption, level, href, title in token.findall(nav):
        if caption:
            part = html.unescape(caption)
            continue
        path = ROOT_PAGE if not href else (base / href).as_posix()
        path = re.sub(r"[^/]+/\.\./", "", path)
        entries.append(Entry(path, html.unescape(title), part, int(level)))
    return entries


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1, as a static host serves it; yields its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def _pdf(page) -> bytes:
    return page.pdf(format="A4", prefer_css_page_size=True, tagged=True, print_background=False)


def print_pages(browser, base: str, entries: list[Entry]) -> list[bytes]:
    """Each page printed to PDF once its charts show; the next page loads while one prints."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(color_scheme="light")
    opened: dict[str, object] = {}

    def open_(path: str):
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(f"{base}/{path}", wait_until="commit")
        return page

    out = []
    for i, entry in enumerate(entries):
        page = opened.pop(entry.path, None) or open_(entry.path)
        if i + 1 < len(entries):
            opened[entries[i + 1].path] = open_(entries[i + 1].path)
        page.wait_for_load_state("load")
        with contextlib.suppress(PlaywrightTimeout):  # then print what it shows rather than nothing
            page.wait_for_function(PRINTABLE_JS, timeout=CHART_WAIT_MS)
        out.append(_pdf(page))
        page.close()
    context.close()
    return out


def _contents_html(entries: list[Entry], starts: list[int], heading: dict) -> str:
    rows, part = [], None
    for entry, start in zip(entries, starts, strict=True):
        if entry.part != part:
            part = entry.part
            rows.append(f"</ol><h3>{html.escape(part)}</h3><ol>" if part else "")
        rows.append(
            f'<li class="l{entry.level}"><span class="t">{html.escape(entry.title)}</span>'
            f'<span class="d"></span><span class="n">{start}</span></li>'
        )
    meta = " · ".join(html.escape(x) for x in heading.get("meta", []) if x)
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Contents</title><style>{CONTENTS_CSS}"
        f"</style></head><body><h1>{html.escape(heading['title'])}</h1>"
        f'<p class="sub">{html.escape(heading.get("subtitle", ""))}</p><p class="meta">{meta}</p>'
        f"<h2>Contents</h2><ol>{''.join(rows)}</ol></body></html>"
    )


def contents(browser, entries: list[Entry], counts: list[int], heading: dict) -> tuple[bytes, list[int]]:
    """The contents page(s) and each entry's first page number.

    Printed once to learn how many pages the contents take, then again with the real numbers.
    """
    from pypdf import PdfReader

    page = browser.new_page()

    def render(starts):
        page.set_content(_contents_html(entries, starts, heading))
        return _pdf(page)

    n = len(PdfReader(io.BytesIO(render([0] * len(entries)))).pages)
    starts, at = [], n + 1
    for count in counts:
        starts.append(at)
        at += count
    data = render(starts)
    page.close()
    return data, starts


def _link_contents(writer, contents_reader, starts: list[int]) -> int:
    """Put a link over each page number of the contents pages; returns how many."""
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    wanted, links = set(starts), 0
    for k, page in enumerate(contents_reader.pages):
        spans: list[tuple[str, float, float]] = []

        def seen(text, cm, tm, fd, fs, spans=spans):
            spans.append((text.strip(), tm[4], tm[5]))

        page.extract_text(visitor_text=seen)
        for text, x, y in spans:
            if text.isdigit() and int(text) in wanted:
                rect = (50, y - 3, x + 20, y + 11)
                writer.add_annotation(k, Link(rect=rect, target_page_index=int(text) - 1, fit=Fit.fit()))
                links += 1
    return links


def merge(contents_pdf: bytes, pages: list[bytes], entries: list[Entry], starts: list[int], title: str) -> bytes:
    """One PDF: the contents, then every page; an outline of parts, pages and country pages under their index."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    toc = PdfReader(io.BytesIO(contents_pdf))
    writer.append(toc, import_outline=False)
    for data in pages:
        writer.append(PdfReader(io.BytesIO(data)), import_outline=False)
    writer.add_outline_item(title="Contents", page_number=0)
    part_item, parent, part = None, None, None
    for entry, start in zip(entries, starts, strict=True):
        if entry.part != part:
            part = entry.part
            part_item = writer.add_outline_item(title=part, page_number=start - 1) if part else None
        under = parent if entry.level > 1 and parent is not None else part_item
        item = writer.add_outline_item(title=entry.title, page_number=start - 1, parent=under)
        if entry.level == 1:
            parent = item
    _link_contents(writer, toc, starts)
    writer.add_metadata({"/Title": title, "/Creator": "tariffbook (make pdf)"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _heading(site: Path, entries: list[Entry]) -> dict:
    """The contents page's heading: the book's name, its first page's title, its address and its date."""
    import yaml

    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    first = (site / ROOT_PAGE).read_text(encoding="utf-8")
    dateline = re.search(r'class="tariffbook-dateline">(.*?)</p>', first, re.S)
    return {
        "title": config.get("title", "tariffbook"),
        "subtitle": entries[0].title if entries else "",
        "meta": [
            html.unescape(re.sub(r"<[^>]+>", "", dateline.group(1))) if dateline else "",
            (config.get("html") or {}).get("baseurl", ""),
        ],
    }


PDF_SLOT = re.compile(r'<span class="tb-pdf"(?P<attrs>[^>]*)>(?P<inner>.*?)</span>', re.S)
"""Where a page offers the PDF: `<span class="tb-pdf" data-text="..." data-after=" · ">fallback</span>` in its
source. link_pdf fills it with a link when the site has the PDF, and leaves the fallback text otherwise: the site
links only what it has."""


def link_pdf(site: Path = SITE) -> list[Path]:
    """Link the PDF from every page that offers it, if the site has it (after `make book`, and after `make pdf`).

    Args:
        site: the built site.

    Returns:
        The pages rewritten.
    """
    if not (site / PDF_NAME).is_file():
        return []
    changed = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="tb-pdf"' not in text:
            continue
        href = html.escape(Path(*[".."] * (len(page.relative_to(site).parts) - 1), PDF_NAME).as_posix())

        def filled(m: re.Match, href=href) -> str:
            attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', m["attrs"]))
            link = f'<a href="{href}">{attrs.get("text", PDF_NAME)}</a>{attrs.get("after", "")}'
            return f'<span class="tb-pdf"{m["attrs"]}>{link}</span>'

        new = PDF_SLOT.sub(filled, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page)
    return changed


def build(site: Path = SITE, out: Path | None = None) -> dict:
    """Print the built site into one PDF.

    Args:
        site: the built site (`make book`).
        out: where to write the PDF (default: the site's root, where its pages link it).

    Returns:
        What was made: the file, its size, the pages printed and where each starts in the PDF, the PDF's page
        count, and the seconds taken.
    """
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    t0 = time.perf_counter()
    out = out or site / PDF_NAME
    entries = book_order(site)
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pages = print_pages(browser, base, entries)
            counts = [len(PdfReader(io.BytesIO(p)).pages) for p in pages]
            contents_pdf, starts = contents(browser, entries, counts, _heading(site, entries))
        finally:
            browser.close()
    data = merge(contents_pdf, pages, entries, starts, _heading(site, entries)["title"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    if out == site / PDF_NAME:
        link_pdf(site)  # the pages that offer the PDF now link it
    return {
        "file": str(out),
        "bytes": len(data),
        "pages_printed": len(entries),
        "starts": starts,
        "pdf_pages": starts[-1] + counts[-1] - 1 if entries else 0,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main(argv: list[str] | None = None) -> None:
    """`make pdf`: build the PDF and say where it is, how big, and how long it took."""
    parser = argparse.ArgumentParser(prog="python -m tariffbook.publish.pdf", description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: _build/html)")
    parser.add_argument("--out", type=Path, default=None, help="the PDF (default: tariffbook.pdf in the site)")
    args = parser.parse_args(argv)
    if not (args.site / ROOT_PAGE).exists():
        parser.exit(1, f"no built site in {args.site}: run `make book` first\n")
    r = build(args.site, args.out)
    print(
        f"{r['file']}: {r['pdf_pages']} pages ({r['pages_printed']} pages of the site), "
        f"{r['bytes'] / 1e6:.1f} MB, in {r['seconds']} s"
    )


if __name__ == "__main__":
    main()
