"""The built site in headless Chromium (Debian's), with every host but 127.0.0.1 unresolvable: each page
loads, each chart draws, no Altair error text, no console errors, no request leaves 127.0.0.1, and the
chart controls change what is drawn. Needs `make book` first (make test runs it)."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tariffbook.paths import REPO_ROOT

SITE = REPO_ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
DRAWN = "() => [...document.querySelectorAll('.tariffbook-chart')].filter(d => d.querySelector('svg.marks, canvas')).length"
RESERVED = "() => [...document.querySelectorAll('.tariffbook-chart')].map(d => [parseFloat(d.style.minHeight), d.getBoundingClientRect().height])"
PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
               if not p.relative_to(SITE).as_posix().startswith(("_", "genindex", "search"))
               and p.relative_to(SITE).as_posix() != "index.html")  # the root page is a redirect, tested below


@pytest.fixture(scope="session")
def server():
    if not (SITE / "book" / "intro.html").exists():
        pytest.fail("no built site in _build/html: run `make book` first")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make chromium` installs Debian's chromium")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, url):
    page = browser.new_page()
    seen = {"errors": [], "outside": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:")) or seen["outside"].append(r.url))
    page.goto(url, wait_until="load")
    return page, seen


def test_site_has_the_expected_pages():
    assert "book/intro.html" in PAGES and "book/countries/index.html" in PAGES
    countries = [p for p in PAGES if p.startswith("book/countries/") and not p.endswith("index.html")]
    # at least the 14 letter countries plus Vietnam, the Philippines, India, Taiwan and China (issue 3)
    names = {Path(p).stem for p in countries}
    assert {"JPN", "KOR", "THA", "IDN", "MYS", "KHM", "LAO", "MMR", "BGD", "KAZ", "TUN", "SRB", "BIH", "ZAF",
            "VNM", "PHL", "IND", "TWN", "CHN"} <= names


def test_root_redirects_to_the_introduction(server, browser):
    page, seen = open_page(browser, f"{server}/index.html")
    page.wait_for_url("**/book/intro.html")
    assert page.locator("h1").first.inner_text().startswith("tariffbook")
    assert seen["outside"] == []
    page.close()


def test_reader_can_go_from_intro_to_a_country_and_back(server, browser):
    page, _ = open_page(browser, f"{server}/book/intro.html")
    page.get_by_role("link", name="Countries").first.click()
    page.wait_for_url("**/book/countries/index.html")
    page.get_by_role("link", name="South Korea").first.click()
    page.wait_for_url("**/book/countries/KOR.html")
    assert page.locator("h1").first.inner_text().startswith("South Korea")
    page.get_by_role("link", name="tariffbook").first.click()
    page.wait_for_url("**/book/intro.html")
    page.close()


def test_data_downloads_are_in_the_site(server, browser):
    page, _ = open_page(browser, f"{server}/book/method.html")
    links = page.locator("a.download").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    names = sorted(Path(h).name for h in links)
    assert names == ["datapackage.json", "events.csv", "figures.csv", "sources.csv"]
    for h in links:
        assert page.request.get(f"{server}/book/{h}").ok
    page.close()


def test_no_cdn_anywhere():
    for f in SITE.rglob("*"):
        if f.suffix in (".html", ".js", ".css"):
            text = f.read_text(encoding="utf-8", errors="ignore")
            for host in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
                assert host not in text, f"{f.relative_to(SITE)} names {host}"


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_every_chart_offline(server, browser, path):
    page, seen = open_page(browser, f"{server}/{path}")
    try:
        expected = page.locator(".tariffbook-chart").count()
        if expected:
            page.wait_for_function(f"({DRAWN})() === {expected}", timeout=15000)
        assert page.evaluate(DRAWN) == expected
        # each chart drew at the height its page reserved for it: the text below did not jump (no layout shift)
        for reserved, drawn in page.evaluate(RESERVED):
            assert abs(reserved - drawn) <= 2, (path, reserved, drawn)
        body = page.inner_text("body")
        assert "Chart not drawn" not in body and "Chart failed" not in body and "Error loading script" not in body
        assert seen["errors"] == [], seen["errors"]
        assert seen["outside"] == [], seen["outside"]
    finally:
        page.close()


def test_chart_pages_have_charts(server, browser):
    # The chart pages of issue 3, each with its charts: a page that silently lost a chart fails here.
    want = {"notebooks/timeline.html": 1, "notebooks/surpluses.html": 2, "notebooks/tariff_rates.html": 2,
            "notebooks/reciprocal_formula.html": 1, "notebooks/japan_negotiations.html": 1, "book/countries/JPN.html": 2}
    for path, n in want.items():
        page, _ = open_page(browser, f"{server}/{path}")
        assert page.locator(".tariffbook-chart").count() == n, path
        page.close()


def first_chart(browser, url):
    """Open a page and wait until its first chart has drawn."""
    page, seen = open_page(browser, url)
    page.wait_for_function(DRAWN + " > 0")
    return page, seen, page.locator(".tariffbook-chart").first


def test_country_selector_changes_the_chart(server, browser):
    page, seen, chart = first_chart(browser, f"{server}/notebooks/tariff_rates.html")
    select = chart.locator(".vega-bind select")
    before_svg = chart.locator("svg.marks").inner_html()
    assert select.input_value() == "Japan"
    select.select_option("Vietnam")
    page.wait_for_timeout(300)
    after_svg = chart.locator("svg.marks").inner_html()
    assert after_svg != before_svg
    # public-facts.md 2b: Vietnam's 2 April rate was 46%; it is now labelled on the chart
    assert ">46<" in after_svg and ">46<" not in before_svg
    # the control works from the keyboard too
    select.focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(300)
    assert select.input_value() != "Vietnam"
    assert chart.locator("svg.marks").inner_html() != after_svg
    assert seen["errors"] == [] and seen["outside"] == []
    page.close()


def test_as_of_slider_fades_later_events(server, browser):
    page, _, chart = first_chart(browser, f"{server}/notebooks/timeline.html")
    slider = chart.locator(".vega-bind input[type=range]")
    faded = "el => [...el.querySelectorAll('path.mark-symbol, g.mark-symbol path')].filter(p => parseFloat(p.getAttribute('opacity') || p.style.opacity || 1) < 0.5).length"
    before = chart.evaluate(faded)
    slider.evaluate("(el) => { el.value = el.min; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_timeout(300)
    after = chart.evaluate(faded)
    assert after > before
    # the earliest event on the default timeline is the Ishiba–Trump summit of 7 February 2025 (public-facts.md 6)
    assert "as of 07 Feb 2025" in chart.locator("svg.marks").inner_html()
    page.close()


def test_every_chart_has_sources_downloads_and_a_citation(server, browser):
    """Issue 4: under every chart, its source line linked to the references page, a CSV of its rows, PNG and
    SVG exports and a citation; every link resolves in the built site."""
    refs = (SITE / "book" / "generated" / "references.html").read_text(encoding="utf-8")
    charts = 0
    for path in PAGES:
        text = (SITE / path).read_text(encoding="utf-8")
        if "tariffbook-chart" not in text:
            continue
        page, _ = open_page(browser, f"{server}/{path}")
        figures = page.locator("figure.tariffbook-figure")
        assert figures.count() == page.locator(".tariffbook-chart").count(), path
        for i in range(figures.count()):
            fig = figures.nth(i)
            charts += 1
            hrefs = fig.locator("figcaption a").evaluate_all("els => els.map(e => e.href)")
            files = [h for h in hrefs if "/_static/charts/" in h]
            assert sorted(h.rsplit(".", 1)[1] for h in files) == ["csv", "png", "svg"], path
            for h in files:
                r = page.request.get(h)
                assert r.ok and len(r.body()) > 100, h
            csv_text = page.request.get(next(h for h in files if h.endswith(".csv"))).text()
            assert csv_text.splitlines()[0].count("source_id") == 1, path
            sources = [h for h in hrefs if "references.html#src-" in h]
            assert sources, path
            for h in sources:
                assert f'id="{h.rsplit("#", 1)[1]}"' in refs, h
            assert fig.locator(".tariffbook-citation").inner_text().strip()
            assert fig.locator("details table tbody tr").count() >= 1
        page.close()
    assert charts >= 40


def test_data_release_zip_manifest_and_citation():
    import hashlib
    import json
    import subprocess
    import zipfile

    manifest = json.loads((SITE / "MANIFEST.json").read_text())
    assert (SITE / "CITATION.cff").read_text().startswith("cff-version: 1.2.0")
    with zipfile.ZipFile(SITE / "tariffbook-data.zip") as z:
        members = {n.split("/", 1)[1]: z.read(n) for n in z.namelist()}
    assert sorted(members) == ["CITATION.cff", "README.md", "datapackage.json", "events.csv", "figures.csv", "sources.csv"]
    for entry in manifest["files"]:
        if entry["path"].startswith("tariffbook-data.zip/"):
            data = members[entry["path"].rsplit("/", 1)[1]]
        else:
            data = (SITE / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        assert len(data) == entry["bytes"]
        if entry["path"].endswith(".csv"):
            assert entry["rows"] == len(data.decode().splitlines()) - 1
    # the released CSVs are the repository's data, byte for byte
    for name in ("sources.csv", "events.csv", "figures.csv"):
        assert members[name] == (REPO_ROOT / "data" / name).read_bytes()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
    assert manifest["git_commit"] == head


def test_what_changed_page_lists_the_data_history():
    page = (SITE / "book" / "generated" / "changes.html").read_text(encoding="utf-8")
    assert "figures added" in page and "events added" in page


AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(server, browser, path):
    """axe-core (npm, run in Debian's Chromium): 0 violations on every page of the built site."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: `make test` installs it with npm ci")
    page, _ = open_page(browser, f"{server}/{path}")
    expected = page.locator(".tariffbook-chart").count()
    if expected:
        page.wait_for_function(f"({DRAWN})() === {expected}", timeout=15000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => `${v.id} (${v.nodes.length}): ${v.help} at ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')}`)""")
    page.close()
    assert violations == []


def _without_html_outputs(markup: str) -> str:
    """Drop every <div class="output text_html"> (with its nested divs) from a page's markup."""
    out, i = [], 0
    marker = '<div class="output text_html">'
    while (j := markup.find(marker, i)) != -1:
        out.append(markup[i:j])
        depth, k = 0, j
        while True:
            nxt_open, nxt_close = markup.find("<div", k + 1), markup.find("</div>", k + 1)
            if nxt_open != -1 and nxt_open < nxt_close:
                depth, k = depth + 1, nxt_open
            else:
                if depth == 0:
                    i = nxt_close + len("</div>")
                    break
                depth, k = depth - 1, nxt_close
    out.append(markup[i:])
    return "".join(out)


def _glossary_terms():
    import re

    page = (SITE / "book" / "glossary.html").read_text(encoding="utf-8")
    return dict(re.findall(r'<dt id="(term-[^"]+)">([^<]+)', page))


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith(("notebooks/", "book/intro", "book/method", "book/countries/"))])
def test_glossary_terms_are_linked_where_they_first_appear(path):
    """Issue 4: each glossary term is linked at its first appearance on a page."""
    import re

    terms = _glossary_terms()
    assert len(terms) >= 10
    html_ = (SITE / path).read_text(encoding="utf-8")
    article = html_[html_.index('<article class="bd-article">'):html_.index("</article>")]
    # prose only: the raw-HTML outputs (charts, data tables) are data, not text
    text = _without_html_outputs(re.sub(r"<script.*?</script>", "", article, flags=re.S))
    for anchor, name in terms.items():
        rx = re.compile(rf"(?<![\w-]){re.escape(name.strip())}(?![\w-])", re.I)
        visible = re.sub(r"<[^>]+>", "", text)
        if not rx.search(visible):
            continue
        link = re.search(rf'<a [^>]*href="[^"]*glossary.html#{anchor}"[^>]*>([^<]+)</a>', text)
        assert link, f"{path}: '{name}' appears but is not linked to the glossary"
        # the link sits on the first appearance: nothing before it in the page text names the term
        before = re.sub(r"<[^>]+>", "", text[:link.start()])
        assert not rx.search(before), f"{path}: '{name}' is linked, but not where it first appears"


def test_country_index_is_sortable(server, browser):
    page, seen = open_page(browser, f"{server}/book/countries/index.html")
    table = page.locator("table.sortable")
    first = lambda: table.locator("tbody tr").first.locator("td").first.inner_text()
    assert first() == "Algeria"  # alphabetical by default
    table.locator("th button", has_text="Partner surplus").click()
    # public-facts.md 1: the smallest partner surplus among these is Brazil's (a US surplus of 7.35 bn)
    assert first() == "Brazil"
    table.locator("th button", has_text="Partner surplus").click()
    # ... and the largest China's (USD 295.4 billion)
    assert first() == "China"
    assert table.locator("th[aria-sort=descending]").count() == 1
    assert seen["errors"] == []
    page.close()


def test_vega_is_loaded_only_where_charts_are_drawn():
    for path in PAGES:
        text = (SITE / path).read_text(encoding="utf-8")
        assert ("vega-offline.js" in text) == ('class="tariffbook-chart"' in text), path


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_only_what_readers_need(path):
    """Issue 5's light pages: no icon script, no search index, scripts deferred, few blocking stylesheets."""
    import re

    text = (SITE / path).read_text(encoding="utf-8")
    head = text[:text.index("</head>")]
    assert "fontawesome.js" not in text and "searchindex.js" not in text and "styles/theme.css" not in text
    blocking_js = [src for attrs, src in re.findall(r'<script([^>]*)src="([^"]+)"', head) if "defer" not in attrs]
    assert [s.split("/")[-1].split("?")[0] for s in blocking_js] == ["documentation_options.js"], blocking_js
    blocking_css = [tag for tag in re.findall(r"<link[^>]*stylesheet[^>]*>", head) if 'media="print"' not in tag]
    assert len(blocking_css) <= 4, blocking_css
    description = re.search(r'<meta name="description" content="([^"]+)"', head)
    assert description and len(description.group(1)) >= 40, path


def test_search_page_still_loads_the_index():
    text = (SITE / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in text and "searchtools.js" in text
