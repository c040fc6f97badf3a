"""A page of its own for every chart, to put in an iframe, and the code to embed it under each chart.

After the build, each chart of each page (its <figure>: controls, static images, spec, caption) is written to
embed/<name>.html: that chart alone, its title and source line, the same controls with the same URL state
(tb-charts.js), static at first paint, offline (the site's own scripts), as wide as its frame, in the reader's
light or dark setting (or `?theme=dark|light`). Links open in the frame's parent page. Under the chart in the
book, an "Embed" box gives the <iframe> code, with the site's address when _config.yml states it.

The chart's markup is the page's own, with its relative addresses moved to embed/: nothing of the chart is
written twice.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from tariffbook.data.paths import update_file

FIGURE = re.compile(r'<figure class="tariffbook-figure tb-figure">.*?</figure>', re.S)
"""A chart as tariffbook.charts.render writes it into a page."""

NAME = re.compile(r'<div class="tariffbook-chart tb-chart" id="tb-[^"]*" data-chart="([^"]+)"')
"""The chart's name (its files' name) in its box."""

HEIGHT = re.compile(r"--tb-h:(\d+)px")
"""The height the chart's box reserves on a wide screen."""

FOLDER = "embed"
"""Where the chart pages go, at the site's root."""

MARK = 'class="tb-embed"'
"""What shows a page's figure has its embed box already (a page Sphinx did not rewrite in this build)."""

THEME_JS = (
    "(function(){var q=new URLSearchParams(location.search).get('theme'),m=matchMedia('(prefers-color-scheme: "
    "dark)');function set(){var d=q==='dark'||(q!=='light'&&m.matches);document.documentElement.dataset.theme="
    "d?'dark':'light';}set();if(m.addEventListener)m.addEventListener('change',set);})();"
)
"""The embed page's colour mode: `?theme=dark` or `light` when given (nothing else is read), else the reader's."""

PAGE_CSS = (
    "html{color-scheme:light dark}body{margin:0;padding:8px 10px;font:15px/1.45 'Liberation Sans',Arial,"
    "Helvetica,sans-serif;color:#222832;background:#fff}html[data-theme=dark] body{color:#ced6dd;"
    "background:#14181e}a{color:#0a60b0}html[data-theme=dark] a{color:#7cb7f0}.tb-figure{margin:0}"
    "table{border-collapse:collapse;font-size:13px}td,th{padding:2px 6px;border-bottom:1px solid #8884}"
    ".tariffbook-caption{font-size:13px}"
)
"""The little an embed page needs besides the charts' own stylesheet: a font, and colours for each mode."""


def _prefix(page: Path, site: Path) -> str:
    depth = len(page.relative_to(site).parts) - 1
    return "../" * depth


def _moved(markup: str, prefix: str) -> str:
    """The figure's relative addresses, from its page's folder to embed/ (one folder below the site's root)."""
    if not prefix:
        return re.sub(r'((?:src|href)=")(?!https?:|#|/|data:|\.\./)', r"\1../", markup)
    return re.sub(r'((?:src|href)=")' + re.escape(prefix), r"\1../", markup)


def embed_page(figure: str, title: str) -> str:
    """An embed page: the chart's figure and the assets it needs, nothing of the book's chrome."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" data-theme="light"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(title)}</title><base target="_top">'
        f"<script>{THEME_JS}</script><style>{PAGE_CSS}</style>"
        '<link rel="stylesheet" href="../_static/tb-charts.css">'
        '<script defer src="../_static/tb-charts.js"></script>'
        f"</head><body>{figure}</body></html>\n"
    )


def embed_code(name: str, title: str, height: int, site_url: str) -> str:
    """The <iframe> a reader copies to put the chart in a page of their own."""
    src = f"{site_url.rstrip('/')}/{FOLDER}/{name}.html" if site_url else f"{FOLDER}/{name}.html"
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="100%" height="{height}" '
        'style="border:0" loading="lazy"></iframe>'
    )


def _title(figure: str, name: str) -> str:
    """The chart's title, from its spec (usermeta.tariffbook.title); its name if the spec does not say."""
    found = re.search(r'<script type="application/json" class="tb-spec">(.*?)</script>', figure, re.S)
    try:
        spec = json.loads(found.group(1).replace("<\\/", "</")) if found else {}
    except ValueError:
        spec = {}
    return ((spec.get("usermeta") or {}).get("tariffbook") or {}).get("title") or name


def _box(name: str, title: str, height: int, prefix: str, site_url: str) -> str:
    code = html.escape(embed_code(name, title, height, site_url))
    return (
        f"<details {MARK}><summary>Embed this chart</summary><p>The chart alone, with its controls and sources: "
        f'<a href="{prefix}{FOLDER}/{name}.html">{FOLDER}/{name}.html</a>. To put it in a page of your own, copy '
        f'this code:</p><pre class="tb-embed-code"><code>{code}</code></pre></details>'
    )


def write_embeds(site: Path, site_url: str = "") -> list[str]:
    """Write embed/<name>.html for every chart of the site, and the embed box under each chart in its page.

    Returns:
        The names of the charts.
    """
    names = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] in (FOLDER, "_static"):
            continue
        text = page.read_text(encoding="utf-8")
        if "tariffbook-figure" not in text:
            continue
        prefix = _prefix(page, site)

        def one(m: re.Match, prefix=prefix) -> str:
            figure = m.group(0)
            found = NAME.search(figure)
            if not found:
                return figure
            name, title = found.group(1), _title(figure, found.group(1))
            names.append(name)
            clean = re.sub(r"<details " + re.escape(MARK) + r">.*?</details>", "", figure, flags=re.S)
            update_file(site / FOLDER / f"{name}.html", embed_page(_moved(clean, prefix), title))
            if MARK in figure:
                return figure
            tall = HEIGHT.search(figure)
            height = (int(tall.group(1)) if tall else 480) + (140 if "tb-controls" in figure else 90)
            return figure.replace("</figcaption>", _box(name, title, height, prefix, site_url) + "</figcaption>", 1)

        new = FIGURE.sub(one, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return names


def build_embeds(app, exception) -> None:
    """After an HTML build: the embed pages, and the embed box under every chart."""
    if exception is not None or app.builder.format != "html":
        return
    site_url = (app.config.html_baseurl or "") if hasattr(app.config, "html_baseurl") else ""
    write_embeds(Path(app.outdir), site_url)


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("build-finished", build_embeds)
