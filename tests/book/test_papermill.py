"""papermill from the repo root, as README shows: good runs work from any cwd, on any date of the record; bad
parameters fail with a message naming the parameter and what is allowed, printed first in one line, and a non-zero
exit (TARIFFBOOK_DEBUG=1 keeps the traceback).

The runs start together in the background (tests.book.background), two at a time, while the browser tests
run; each test checks one run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tariffbook import settings
from tariffbook.data.load import horizon, load_events
from tariffbook.data.paths import REPO_ROOT
from tariffbook.words import iso
from tests.book import background

FIRST_EVENT, HORIZON = iso(load_events()["announced_on"].min()), iso(horizon())
"""The bounds of a date parameter, read from the record (its first event, its horizon)."""

PAPERMILL = [sys.executable, "-m", "papermill", "-k", "python3", "--log-level", "ERROR"]
GOOD = {
    "korea": ("country_profile", ["-p", "country", "KOR"], REPO_ROOT),
    "elsewhere": ("tariff_rates", ["-p", "as_of", "2025-07-08"], None),  # None: from a temporary folder
    "before any rate": ("tariff_rates", ["-p", "as_of", "2025-03-01"], None),
    "china only": ("tariff_rates", ["-y", "countries: [CHN]"], None),
}
INLINE = {"korea"}
"""Runs whose charts are made as in Jupyter (TARIFFBOOK_CHARTS unset): live chart, Vega bundle, static image."""
BAD = {
    "unknown name": (
        "country_profile",
        ["-p", "regoin", "KOR"],
        "NameError: Unknown notebook parameter(s) ['regoin'] for country_profile; allowed: ['country']",
    ),
    "wrong type": (
        "surpluses",
        ["-p", "top_n", "lots"],
        "TypeError: Parameter 'top_n' must be an integer, got 'lots' (str)",
    ),
    "date out of range": (
        "tariff_rates",
        ["-p", "as_of", "2025-01-01"],
        f"ValueError: Parameter 'as_of' must be a date from {FIRST_EVENT} (the record's first event) to {HORIZON} "
        f"(the record is checked through {HORIZON}), got '2025-01-01'",
    ),
}
"""One bad parameter of each kind of error, run through papermill: the kernel prints the message first, in one
line, and papermill exits non-zero. Every other bad value (an unknown country, the United States, a number out of
range, a date past the horizon...) gets its own message from the same check, asserted in tests/unit/test_params.py
without a kernel."""
DEBUG = ("country_profile", ["-p", "country", "USA"])
"""A bad parameter with TARIFFBOOK_DEBUG=1: the full traceback."""
EARLY = ("surpluses", [])
"""The surplus page in a book as of 15 April 2025, before the July reporting it was written around."""


def run(
    folder: Path,
    notebook: str,
    args: list[str],
    cwd: Path | None,
    inline: bool = False,
    debug: bool = False,
    as_of: str | None = None,
) -> tuple[subprocess.CompletedProcess, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out.ipynb"
    cwd = cwd or folder
    source = f"notebooks/{notebook}.ipynb" if cwd == REPO_ROOT else f"{REPO_ROOT}/notebooks/{notebook}.ipynb"
    env = dict(os.environ, **{settings.CHARTS: "book"})
    env.pop(settings.AS_OF, None)
    env.pop(settings.DEBUG, None)
    if debug:
        env[settings.DEBUG] = "1"
    if as_of:
        env[settings.AS_OF] = as_of
    if inline:
        env.pop(settings.CHARTS)
    r = subprocess.run(
        [*PAPERMILL, source, str(out), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )
    return r, out


@background.job
def papermill_runs(folder) -> dict:
    runs = {name: (nb, args, cwd, name in INLINE) for name, (nb, args, cwd) in GOOD.items()}
    runs.update({name: (nb, args, REPO_ROOT, False) for name, (nb, args, _) in BAD.items()})
    runs["debug"] = (*DEBUG, REPO_ROOT, False, True)
    runs["early"] = (*EARLY, REPO_ROOT, False, False, "2025-04-15")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run, folder / str(i), *spec) for i, (name, spec) in enumerate(runs.items())}
        return {name: fut.result() for name, fut in futures.items()}


def outputs_text(path: Path, leave_out: str | None = None) -> str:
    """The Markdown and HTML outputs of a run notebook; `leave_out`: the cells whose source holds this text."""
    nb = json.loads(path.read_text())
    parts = []
    for c in nb["cells"]:
        if leave_out and leave_out in "".join(c.get("source", "")):
            continue
        for o in c.get("outputs", []):
            data = o.get("data", {})
            parts.append("".join(data.get("text/markdown", "")) + "".join(data.get("text/html", "")))
    return "\n".join(parts)


def test_country_profile_for_korea():
    r, out = background.result(papermill_runs)["korea"]
    assert r.returncode == 0, r.stderr[-2000:]
    text = outputs_text(out)
    # public-facts.md 1: ('Korea, South*', -66007.4, 65541.8, 131549.2, ...) -> USD 131.5 billion of imports
    assert "South Korea" in text and "USD 131.5 billion" in text


def test_every_chart_of_an_output_notebook_carries_a_static_image():
    """Issue 10: each chart's MIME bundle has an SVG, and a data-URI image inside its HTML (what an untrusted
    notebook shows in JupyterLab, which strips the script that draws the live chart)."""
    r, out = background.result(papermill_runs)["korea"]
    assert r.returncode == 0, r.stderr[-2000:]
    nb = json.loads(out.read_text())
    bundles = [
        o["data"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "tariffbook-chart" in "".join(o.get("data", {}).get("text/html", ""))
    ]
    assert len(bundles) == 3  # trade flows, the rate in force and the duties by product group
    for data in bundles:
        assert "".join(data["image/svg+xml"]).lstrip().startswith("<svg")
        assert '<img src="data:image/svg+xml;base64,' in "".join(data["text/html"])
    assert len("".join(bundles[0]["text/html"])) > 500_000  # the first chart of a run carries Vega itself


def test_runs_from_another_directory():
    r, out = background.result(papermill_runs)["elsewhere"]
    assert r.returncode == 0, r.stderr[-2000:]
    # As of 8 July 2025 no deal rate for Japan had been announced (the deal is of 22 July, public-facts.md 5a).
    text = outputs_text(out)
    assert "Letter (%)" in text and "In force (7 Aug) (%)" not in text


def test_every_date_of_the_record_runs():
    # 1 March 2025: in the record's range (its first event is of 7 February 2025), before any rate was announced
    r, out = background.result(papermill_runs)["before any rate"]
    assert r.returncode == 0, r.stderr[-2000:]
    assert "no headline rate had been announced" in outputs_text(out)


def test_prose_follows_the_countries_chosen():
    r, out = background.result(papermill_runs)["china only"]
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Japan" in outputs_text(out)  # the world map and its table name every partner, whatever was chosen
    text = outputs_text(out, leave_out="world_map(")
    assert "China" in text and "Japan" not in text


@pytest.mark.parametrize("name", BAD)
def test_bad_parameters_fail_clearly(name):
    r, _ = background.result(papermill_runs)[name]
    assert r.returncode != 0
    assert BAD[name][2] in r.stderr, r.stderr[-3000:]
    # the message comes first, in one line, before papermill's own traceback; the cell's error is that line too
    first = r.stderr.index(BAD[name][2])
    assert first < r.stderr.index("Traceback (most recent call last)"), r.stderr[-3000:]
    assert "----> " not in r.stderr, r.stderr[-3000:]


def test_a_page_written_around_july_says_what_it_shows_in_april():
    r, out = background.result(papermill_runs)["early"]
    assert r.returncode == 0, r.stderr[-2000:]
    text = outputs_text(out)
    # the July article's surpluses (agencies-2025-07-08-japan-auto-concessions) are not known yet: only reports
    # of earlier sources are, and the 2024 Census figures
    reported = text.split("In the figures for 2024")[0]
    assert "July" not in reported and "Japan" not in reported
    assert "The record has no 2025 Census figures by this date" in text


def test_debug_keeps_the_traceback():
    r, _ = background.result(papermill_runs)["debug"]
    assert r.returncode != 0 and "----> " in r.stderr and "USA is refused" in r.stderr
