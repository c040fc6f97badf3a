"""Benchmark the book build and the pages: prints a table and writes bench/results.json.

It reports; it does not assert (timings never go in tests).

    .venv/bin/python bench/bench.py [--quick]

Measures: the floor (kernel start + `import pandas, altair`, the median of three kernels started before the clean
build and three after, times the number of notebook executions), a clean build and its ratio to the floor, the
one-row edit (a note on one partner's 2024 exports in data/figures.csv, and the note put back: the notebooks
executed, and the mean of the two times against the clean build's), rebuilds (no change; files
touched but unchanged; one markdown edit, one notebook edit, one event's summary edited, each with what was
executed and how many pages Sphinx read again), one papermill country run, and for every page of the site: the
bytes a static host sends (gzip, keep-alive), the time until every chart has drawn in Chromium, and
Lighthouse's four scores (mobile, its defaults) with its timings. --quick skips the three edit rebuilds;
--pages-only measures the pages of the site already built (no builds), --builds-only the builds (no pages), and
each writes only those results.

Each time also comes with the CPU seconds it took (this process and the processes it waited for): on a machine
shared with other work, the wall-clock ratios move with the load, the CPU ones much less.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import resource
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
SITE = ROOT / "_build" / "html"
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
LAST_RUN = ROOT / "_build" / ".tariffbook" / "last-run.json"
COMPRESSED = (".html", ".js", ".css", ".svg", ".json", ".csv", ".txt", ".ttf")
sys.path.insert(0, str(ROOT))
from tariffbook.charts.render import DRAWN_JS as DRAWN  # noqa: E402 (a script: the package is found from ROOT)

ONE_ROW = ("data/figures.csv", "JPN.us_goods_exports.2024", "as used by USTR on 2 April 2025.")
"""The one-row edit: a row of figures.csv (US goods exports to Japan in 2024) and the end of its note, which the
edit extends."""


def cpu() -> float:
    """CPU seconds so far of this process and of the processes it has waited for (the builds, the kernels)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
    return time.perf_counter() - t


def kernel_floor(runs: int = 3) -> tuple[list[float], list[float]]:
    """Seconds (wall, CPU) for nbclient to start a kernel, import pandas and altair, and shut down, `runs` times."""
    import nbformat
    from nbclient import NotebookClient

    times, cpus = [], []
    for _ in range(runs):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("import pandas, altair")]
        t, c = time.perf_counter(), cpu()
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
        times.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
    return times, cpus


def executions() -> int:
    """Notebook executions in one book build: the book's notebooks and MyST notebooks, plus the country pages."""
    sys.path.insert(0, str(ROOT))
    from tariffbook.publish.country_pages import countries_with_rates
    from tariffbook.publish.executor.jobs import book_sources

    return len(book_sources()) + len(countries_with_rates())


def make_book() -> dict:
    """Time `make book`; report what the executor ran and how many pages Sphinx read again."""
    LAST_RUN.unlink(missing_ok=True)
    t, c = time.perf_counter(), cpu()
    r = subprocess.run(["make", "book"], check=True, capture_output=True, text=True, cwd=ROOT)
    out = {"seconds": round(time.perf_counter() - t, 2), "cpu_seconds": round(cpu() - c, 2)}
    if "prepare-book" not in r.stdout:
        return {**out, "executed": 0, "pages_read": 0, "note": "make: nothing to do"}
    last = json.loads(LAST_RUN.read_text(encoding="utf-8"))
    found = re.search(r"targets for (\d+) source files that are out of date", r.stdout)
    return {
        **out,
        "executed": len(last["executed"]),
        "executed_names": last["executed"][:8],
        "pages_read": int(found.group(1)) if found else 0,
    }


def edit_and_build(path: Path, old: str, new: str, line_start: str = "") -> dict:
    """`make book` with `old` replaced by `new` in `path` (on the line starting with `line_start`), then put back."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith(line_start) and old in line), None)
    if at is None:
        raise ValueError(f"{path}: no line starting {line_start!r} holds {old!r}")
    lines[at] = lines[at].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    try:
        return make_book()
    finally:
        path.write_text(text, encoding="utf-8")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host would: keep-alive connections, text files gzip-compressed."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isfile(path) and path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
            with open(path, "rb") as fh:
                data = gzip.compress(fh.read(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


def site_pages() -> list[str]:
    """Every page of the built site, in the navigation's order (the PDF's), then the search page."""
    from tariffbook.publish.pdf import book_order

    return [e.path for e in book_order(SITE)] + ["search.html"]


def serve_site():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def lighthouse(base: str, pages: list[str]) -> list[dict] | str:
    """Lighthouse (mobile, its defaults) on each page.

    Per page: the four scores, four timings, and the audits that cost a score anything (a page below 100 says why).
    """
    if not LIGHTHOUSE.exists():
        return "not measured: run `npm ci --prefix bench` (make bench does)"
    out = []
    for i, path in enumerate(pages, 1):
        print(f"lighthouse {i}/{len(pages)} {path}", file=sys.stderr, flush=True)
        report = ROOT / "bench" / "lighthouse.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                f"{base}/{path}",
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=--headless=new --no-sandbox --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'",
            ],
            check=True,
            cwd=ROOT,
            env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
            timeout=300,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        r = json.loads(report.read_text(encoding="utf-8"))
        report.unlink()
        audits = r["audits"]
        failing = sorted(
            {
                ref["id"]
                for name, cat in r["categories"].items()
                if name != "performance"
                for ref in cat["auditRefs"]
                if ref.get("weight") and (audits[ref["id"]].get("score") is not None) and audits[ref["id"]]["score"] < 1
            }
        )
        out.append(
            {
                "page": path,
                "failing": failing,
                **{k: round(v["score"] * 100) for k, v in r["categories"].items()},
                **{
                    k: round(audits[k]["numericValue"], 3 if k == "cumulative-layout-shift" else 0)
                    for k in (
                        "first-contentful-paint",
                        "largest-contentful-paint",
                        "total-blocking-time",
                        "cumulative-layout-shift",
                    )
                },
            }
        )
    return out


def page_costs(base: str) -> list[dict]:
    """Per page: requests, bytes on disk and gzip-compressed (what a static host sends), charts, drawing time.

    The drawing time runs from navigation until every chart on the page has drawn, Vega asked for as soon as the
    page has loaded (as if the reader reached for a chart at once: the page itself runs Vega only then).
    """
    from playwright.sync_api import sync_playwright

    site = SITE
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        for path in site_pages():
            page = browser.new_page()
            urls = []
            page.on("response", lambda r, urls=urls: urls.append(r.url))
            page.goto(f"{base}/{path}", wait_until="load")
            n = page.locator(".tariffbook-chart").count()
            if n:
                page.evaluate("() => { window.tbCharts.all(); }")
                page.wait_for_function(f"({DRAWN})() === {n}", timeout=30000)
            drawn_ms = page.evaluate("() => performance.now()")
            raw = gzipped = 0
            for url in urls:
                local = site / url.split(base + "/", 1)[-1].split("?")[0]
                if local.is_file():
                    data = local.read_bytes()
                    raw += len(data)
                    gzipped += len(gzip.compress(data, 6)) if local.name.endswith(COMPRESSED) else len(data)
            out.append(
                {
                    "page": path,
                    "requests": len(urls),
                    "bytes": raw,
                    "bytes_gzip": gzipped,
                    "charts": n,
                    "all_charts_drawn_ms": round(drawn_ms),
                }
            )
            page.close()
        browser.close()
    return out


def measure_builds(quick: bool) -> dict:
    """The floor, a clean build, the one-row edit, the other rebuilds and a papermill run."""
    r: dict = {}
    before = kernel_floor()
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = make_book()
    after = kernel_floor()  # the median of kernels started before and after the build: the load they all met
    r["kernel_floor_s"] = statistics.median(before[0] + after[0])
    r["kernel_floor_cpu_s"] = statistics.median(before[1] + after[1])
    r["executions"] = executions()
    r["floor_s"] = r["kernel_floor_s"] * r["executions"]
    r["floor_cpu_s"] = r["kernel_floor_cpu_s"] * r["executions"]
    r["clean_build_s"] = clean["seconds"]
    r["clean_build_cpu_s"] = clean["cpu_seconds"]
    r["clean_build_over_floor"] = round(r["clean_build_s"] / r["floor_s"], 3)
    r["clean_build_cpu_over_floor_cpu"] = round(r["clean_build_cpu_s"] / r["floor_cpu_s"], 3)
    r["clean_build_executed"] = clean["executed"]
    rebuilds = {"no_change": make_book()}
    rel, row, note_end = ONE_ROW
    one_row = edit_and_build(ROOT / rel, note_end, note_end[:-1] + " (a note edited by bench).", f"{row},")
    rebuilds["one_row_note"] = one_row
    rebuilds["one_row_note_back"] = back = make_book()  # the note as it was: the same edit, the other way
    seconds = statistics.mean([one_row["seconds"], back["seconds"]])
    cpu_seconds = statistics.mean([one_row["cpu_seconds"], back["cpu_seconds"]])
    r["one_row_edit_executed"] = one_row["executed"]
    r["one_row_edit_s"] = seconds
    r["one_row_edit_over_clean"] = round(seconds / r["clean_build_s"], 3)
    r["one_row_edit_cpu_over_clean_cpu"] = round(cpu_seconds / r["clean_build_cpu_s"], 3)
    (ROOT / "data" / "events.csv").touch()
    (ROOT / "book" / "method.md").touch()
    rebuilds["touched_unchanged"] = make_book()
    if not quick:
        rebuilds["markdown_edit"] = edit_and_build(
            ROOT / "book" / "method.md", "# Method and data", "# Method and data (edited)"
        )
        rebuilds["notebook_edit"] = edit_and_build(
            ROOT / "notebooks" / "surpluses.ipynb", "how many partners to show", "how many partners to show (edited)"
        )
        rebuilds["data_row_edit"] = edit_and_build(
            ROOT / "data" / "events.csv", "Round 1 in Washington", "Round 1 in Washington (edited)"
        )
        make_book()  # leave the site as the sources are
    r["rebuilds"] = rebuilds
    r["no_change_rebuild_over_clean"] = round(rebuilds["no_change"]["seconds"] / r["clean_build_s"], 4)
    out = ROOT / "bench" / "papermill-out.ipynb"
    r["papermill_country_s"] = timed(
        [
            str(VENV / "papermill"),
            "-k",
            "python3",
            "--log-level",
            "ERROR",
            "notebooks/country_profile.ipynb",
            str(out),
            "-p",
            "country",
            "KOR",
        ]
    )
    out.unlink(missing_ok=True)
    return r


def measure_pages() -> dict:
    """Every page of the built site: its costs in Chromium and its Lighthouse scores."""
    httpd, base = serve_site()
    try:
        return {"pages": page_costs(base), "lighthouse": lighthouse(base, site_pages())}
    finally:
        httpd.shutdown()


def report_pages(r: dict) -> None:
    """Print the pages' costs, then Lighthouse's scores page by page, and what kept a score below 100."""
    print(f"\n{'page':<36} {'requests':>8} {'bytes':>10} {'gzip':>10} {'charts':>6} {'drawn ms':>9}")
    for p in r["pages"]:
        sizes = f"{p['bytes']:>10,} {p['bytes_gzip']:>10,}"
        print(f"{p['page']:<36} {p['requests']:>8} {sizes} {p['charts']:>6} {p['all_charts_drawn_ms']:>9}")
    if isinstance(r["lighthouse"], list):
        scores = f"{'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}"
        times = f"{'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6}"
        print(f"\n{'lighthouse (mobile)':<36} {scores} {times}")
        for p in r["lighthouse"]:
            print(
                f"{p['page']:<36} {p['performance']:>5} {p['accessibility']:>5} {p['best-practices']:>5} {p['seo']:>5} "
                f"{p['first-contentful-paint']:>7.0f} {p['largest-contentful-paint']:>7.0f} "
                f"{p['total-blocking-time']:>7.0f} {p['cumulative-layout-shift']:>6}"
            )
    else:
        print(f"\nlighthouse: {r['lighthouse']}")
    if isinstance(r["lighthouse"], list):
        low = {k: min(p[k] for p in r["lighthouse"]) for k in ("performance", "accessibility", "best-practices", "seo")}
        print(f"\nlowest of {len(r['lighthouse'])} pages: " + ", ".join(f"{k} {v}" for k, v in low.items()))
        for p in r["lighthouse"]:
            if p["failing"]:
                print(f"  {p['page']}: {', '.join(p['failing'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the three edit rebuilds")
    ap.add_argument("--pages-only", action="store_true", help="only the pages of the site already built")
    ap.add_argument("--builds-only", action="store_true", help="only the builds (no pages, no Lighthouse)")
    args = ap.parse_args()
    os.environ.setdefault("TARIFFBOOK_CHARTS", "book")
    r = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}}
    if args.pages_only:
        r.update(measure_pages())
        RESULTS.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
        report_pages(r)
        print(f"\nwritten {RESULTS.relative_to(ROOT)}")
        return
    r.update(measure_builds(args.quick))
    if not args.builds_only:
        r.update(measure_pages())
    RESULTS.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    print(f"{'measure':<38} value")
    for k, v in r.items():
        if k in ("pages", "machine", "rebuilds", "lighthouse"):
            continue
        print(f"{k:<38} {v:.2f}" if isinstance(v, float) else f"{k:<38} {v}")
    print(f"\n{'rebuild':<22} {'seconds':>8} {'cpu s':>8} {'executed':>9} {'pages read':>11}")
    for name, b in r["rebuilds"].items():
        print(f"{name:<22} {b['seconds']:>8} {b['cpu_seconds']:>8} {b['executed']:>9} {b['pages_read']:>11}")
    report_headline(r)
    if not args.builds_only:
        report_pages(r)
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


def report_headline(r: dict) -> None:
    """The two measures the executor is held to: the clean build against the floor, the one-row edit against it."""
    one = r["rebuilds"]["one_row_note"]
    print(
        f"\nclean build: {r['clean_build_s']:.1f} s = {r['clean_build_over_floor']:.2f} x the serial kernel floor "
        f"({r['floor_s']:.1f} s); CPU {r['clean_build_cpu_s']:.1f} s = {r['clean_build_cpu_over_floor_cpu']:.2f} x "
        f"the floor's ({r['floor_cpu_s']:.1f} s)"
    )
    print(
        f"one-row edit ({ONE_ROW[1]}'s note): {one['executed']} executed ({', '.join(one['executed_names'])}), "
        f"{r['one_row_edit_s']:.1f} s = {r['one_row_edit_over_clean']:.2f} x the clean build (the edit and its "
        f"undoing, mean); CPU {r['one_row_edit_cpu_over_clean_cpu']:.2f} x"
    )


if __name__ == "__main__":
    main()
