"""Benchmark the book build and the pages: prints a table and writes bench/results.json. It reports; it does
not assert (timings never go in tests).

    .venv/bin/python bench/bench.py [--quick]

Measures: the floor (kernel start + `import pandas, altair`, times the number of notebook executions), a
clean build and its ratio to the floor, rebuilds (no change, one markdown edit, one notebook edit, one data
edit), one papermill country run, and per page the bytes a static host would send (gzip) and the time until
every chart has drawn in Chromium. --quick skips the three edit rebuilds.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results.json"
PAGES = ["book/intro.html", "notebooks/timeline.html", "notebooks/tariff_rates.html", "book/countries/JPN.html"]
DRAWN = "() => [...document.querySelectorAll('.tariffbook-chart')].filter(d => d.querySelector('svg.marks, canvas')).length"


def timed(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
    return time.perf_counter() - t


def kernel_floor(runs: int = 3) -> float:
    """Median seconds for nbclient to start a kernel, import pandas and altair, and shut down."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    for _ in range(runs):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("import pandas, altair")]
        t = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def executions() -> int:
    """Notebook executions in one book build: the book's notebooks and MyST notebooks, plus the country pages."""
    sys.path.insert(0, str(ROOT))
    from tariffbook.build import countries_with_rates

    book = len(list((ROOT / "notebooks").glob("*.ipynb"))) - 1  # the template runs only as country pages
    myst = sum(1 for p in (ROOT / "book").glob("*.md") if "code-cell" in p.read_text(encoding="utf-8"))
    return book + myst + len(countries_with_rates())


def make_book() -> float:
    return timed(["make", "book"])


def edit_and_build(path: Path, old: str, new: str) -> float:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        return make_book()
    finally:
        path.write_text(text, encoding="utf-8")


def page_costs() -> list[dict]:
    from playwright.sync_api import sync_playwright

    site = ROOT / "_build" / "html"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        for path in PAGES:
            page = browser.new_page()
            sizes = []
            page.on("response", lambda r: sizes.append(r.url))
            page.goto(f"{base}/{path}", wait_until="load")
            n = page.locator(".tariffbook-chart").count()
            if n:
                page.wait_for_function(f"({DRAWN})() === {n}", timeout=30000)
            drawn_ms = page.evaluate("() => performance.now()")
            raw = gzipped = 0
            for url in sizes:
                local = site / url.split(base + "/", 1)[-1].split("?")[0]
                if local.is_file():
                    data = local.read_bytes()
                    raw += len(data)
                    gzipped += len(gzip.compress(data, 6))
            out.append({"page": path, "requests": len(sizes), "bytes": raw, "bytes_gzip": gzipped, "charts": n,
                        "all_charts_drawn_ms": round(drawn_ms)})
            page.close()
        browser.close()
    httpd.shutdown()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the three edit rebuilds")
    args = ap.parse_args()
    os.environ.setdefault("TARIFFBOOK_CHARTS", "book")
    r = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}}
    r["kernel_floor_s"] = kernel_floor()
    r["executions"] = executions()
    r["floor_s"] = r["kernel_floor_s"] * r["executions"]
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    r["clean_build_s"] = make_book()
    r["clean_build_over_floor"] = r["clean_build_s"] / r["floor_s"]
    r["no_change_rebuild_s"] = make_book()
    r["re_executed_on_every_rebuild"] = "all notebooks and country pages (execute_notebooks: force, fresh _build/html)"
    if not args.quick:
        r["markdown_edit_rebuild_s"] = edit_and_build(ROOT / "book" / "method.md", "# Method and data", "# Method and data (edited)")
        r["notebook_edit_rebuild_s"] = edit_and_build(ROOT / "notebooks" / "surpluses.ipynb", "how many partners to show", "how many partners to show (edited)")
        r["data_edit_rebuild_s"] = edit_and_build(ROOT / "data" / "sources.csv", "Title taken from the URL slug", "Title taken from the URL slug (edited)")
        make_book()  # leave the site as the sources are
    out = ROOT / "bench" / "papermill-out.ipynb"
    r["papermill_country_s"] = timed([str(VENV / "papermill"), "-k", "python3", "--log-level", "ERROR",
                                      "notebooks/country_profile.ipynb", str(out), "-p", "country", "KOR"])
    out.unlink(missing_ok=True)
    r["pages"] = page_costs()
    r["lighthouse"] = "not measured yet (issue 5)"
    RESULTS.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    print(f"{'measure':<38} value")
    for k, v in r.items():
        if k in ("pages", "machine"):
            continue
        print(f"{k:<38} {v:.2f}" if isinstance(v, float) else f"{k:<38} {v}")
    print(f"\n{'page':<30} {'requests':>8} {'bytes':>10} {'gzip':>10} {'charts':>6} {'drawn ms':>9}")
    for p in r["pages"]:
        print(f"{p['page']:<30} {p['requests']:>8} {p['bytes']:>10,} {p['bytes_gzip']:>10,} {p['charts']:>6} {p['all_charts_drawn_ms']:>9}")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
