"""The 'What changed' page and its Atom feed, on a git repository made here: an initial record (release 0.1.0,
before the descriptor had a version), an edit not yet released, then release 0.2.0."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tariffbook.data.citation import INITIAL, RELEASED_KEY, VERSION_KEY, Release
from tariffbook.publish import changes, history, snapshots
from tests.helpers import Table

ATOM = "{http://www.w3.org/2005/Atom}"
JAPAN = "JPN.tariff_rate_reciprocal.2025-04-02"
LETTER = "2025-07-07.BGD.letter"
NEW = "JPN.tariff_rate_in_force.2026-07-24.test"


def commit(repo: Path, day: str, message: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=f"{day}T12:00:00Z", GIT_COMMITTER_DATE=f"{day}T12:00:00Z")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, env=env)
    return subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()


def set_release(data: Path, version: str, day: str) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update({"version": version, "tariffbook:released": day})
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory, request):
    """Three commits of data/: the initial record, an unreleased edit, and release 0.2.0 with one more edit."""
    from tariffbook.data.paths import data_dir

    repo = tmp_path_factory.mktemp("history")
    data = repo / "data"
    shutil.copytree(data_dir(), data)
    path = data / "datapackage.json"  # the record as it was before the descriptor had a version
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({k: v for k, v in descriptor.items() if k not in (VERSION_KEY, RELEASED_KEY)}))
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    first = commit(repo, "2026-11-21", "The record")
    before = Table(data, "figures").row(JAPAN)
    was = {"value": before["value"], "source": Table(data, "sources").row(before["source_id"])["publisher"]}
    Table(data, "figures").set(JAPAN, value="25.5", source_id="federal-register", note="Annex I as corrected.")
    Table(data, "figures").set("JPN.investment_pledge.2025-07-22", note="A revised curation note.")
    unreleased = commit(repo, "2026-11-23", "Japan's 2 April rate from the Federal Register")
    figures = Table(data, "figures")
    figures.rows.append({**figures.row(JAPAN), "figure_id": NEW, "value": "15",
                         "metric": "tariff_rate_in_force", "period": "2026-07-24"})  # fmt: skip
    figures.save()
    events = Table(data, "events")
    events.rows = [r for r in events.rows if r["event_id"] != LETTER]
    events.save()
    set_release(data, "0.2.0", "2026-11-23")
    released = commit(repo, "2026-11-23", "Release 0.2.0")
    return {"repo": repo, "data": data, "first": first, "unreleased": unreleased, "released": released, "was": was}


def test_a_release_is_cut_by_the_commit_that_sets_a_new_version(repo):
    points = snapshots.release_points(repo["repo"])
    assert points == [(INITIAL, repo["first"]), (Release("0.2.0", dt.date(2026, 11, 23)), repo["released"])]


def test_the_page_has_a_heading_per_release_and_says_what_changed_in_words(repo):
    page = changes.changes_page(changes.history(repo["repo"], repo["data"]), repo["data"])
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## 0.2.0, 23 November 2026", "## 0.1.0, 22 November 2026"]
    assert "(release-0-2-0)=" in page and "(release-0-1-0)=" in page
    assert "Release 0.2.0" not in page and "from the Federal Register" not in page  # no commit messages
    # the changed figure: who, what, and each field's old and new value
    line = next(line for line in page.splitlines() if f"`{JAPAN}`" in line)
    assert line.startswith("- Japan's 2 April rate, 2025-04-02")
    assert f"value {repo['was']['value']}% → 25.5%" in line
    assert f"source {repo['was']['source']}" in line and "→ Federal Register" in line
    assert "note" not in line  # curation notes are not listed...
    assert "Curation notes revised on 1 figure" in page  # ...only counted
    assert "**Added: 1 figure:**" in page and f"Japan's rate in force, 2026-07-24 (`{NEW}`): 15%" in page
    retracted = page.split("**Retracted: 1 event:**", 1)[1].split("\n\n")[1]
    assert LETTER in retracted and "Trump letter: 35% tariff from 1 August" in retracted
    assert "Rows added: 1 figure; changed: 1 figure; retracted: 1 event." in page


def test_changes_after_the_latest_release_are_not_yet_released(repo, tmp_path):
    subprocess.run(["git", "-C", str(repo["repo"]), "worktree", "add", "-q", str(tmp_path / "wt"), repo["unreleased"]])
    page = changes.changes_page(changes.history(tmp_path / "wt", tmp_path / "wt" / "data"), tmp_path / "wt" / "data")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## Not yet released", "## 0.1.0, 22 November 2026"]


def test_long_lists_fold_into_details():
    rows = [history.RowChange(f"id{i}", f"Row {i}", "15%", gist=f"Row {i}: 15%") for i in range(20)]
    lines = changes._rows_block("Added: 20 figures", rows, "All 20 figures added")
    assert lines[0] == "**Added: 20 figures**, e.g. Row 0: 15%; Row 1: 15%; Row 2: 15%."
    assert lines[2].startswith("<details") and lines[2].endswith("<summary>All 20 figures added</summary><ul>")
    assert len(lines) == 25
    assert "" not in lines[2:-1]  # an HTML block ends at the first blank line


def test_the_feed_is_atom_with_one_entry_per_release(repo):
    xml = changes.feed_xml(changes.history(repo["repo"], repo["data"]), repo["data"])
    feed = ET.fromstring(xml)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert (feed.findtext(ATOM + tag) or "").strip(), tag
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/changes.atom")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Release 0.2.0, 23 November 2026",
        "Release 0.1.0, 22 November 2026",
    ]
    for e in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert (e.findtext(ATOM + tag) or "").strip(), tag
        dt.datetime.strptime(e.findtext(f"{ATOM}updated"), "%Y-%m-%dT%H:%M:%SZ")
    newest = entries[0]
    assert newest.find(f"{ATOM}link").get("href").endswith("book/generated/changes.html#release-0-2-0")
    assert newest.findtext(f"{ATOM}summary") == "Rows added: 1 figure; changed: 1 figure; retracted: 1 event."
    assert feed.findtext(f"{ATOM}updated") == "2026-11-23T00:00:00Z"
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2


def test_this_repository_lists_its_releases_not_its_commits(tmp_path):
    page_path, feed_path = changes.write_changes(tmp_path / "changes.md", tmp_path)
    page = page_path.read_text(encoding="utf-8")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert "## 0.1.0, 22 November 2026" in headings
    assert all(re.fullmatch(r"## (\d+\.\d+\.\d+, \d{1,2} [A-Z][a-z]+ \d{4}|Not yet released)", h) for h in headings)
    assert "Commit `" not in page and not re.search(r"\b1 (events|figures) ", page)  # "Commit `…`: 1 events changed"
    assert f'href="../../{changes.FEED}"' in page  # the feed, linked from the page
    assert ET.parse(feed_path).getroot().findall(f"{ATOM}entry")


def _vintage(commit: str, through: str) -> dict:
    return {
        "title": "Daily rates",
        "publisher": "The Budget Lab at Yale",
        "commit": commit,
        "committed": through,
        "runs_through": through,
        "hash": f"sha256:{commit}",
    }


def test_a_new_vintage_of_a_series_is_said_with_its_commit_and_last_day():
    """Issue 20: "What changed" and the feed report a new vintage of a published series."""
    empty = {t: {} for t in history.TABLES}
    cols = {t: [] for t in history.TABLES}
    old = snapshots.Snapshot(None, None, empty, cols, series={"daily": _vintage("aaaaaaa1", "2026-03-02")})
    new = snapshots.Snapshot(None, None, empty, cols, series={"daily": _vintage("bbbbbbb2", "2026-03-10")})
    found = history.compare_series(old, new)
    assert [(c.name, c.kind) for c in found] == [("daily", "new vintage")]
    assert found[0].detail == (
        "The Budget Lab at Yale, “Daily rates”: commit bbbbbbb of 10 March 2026, runs through 10 March 2026 "
        "(was commit aaaaaaa of 2 March 2026, runs through 2 March 2026)"
    )
    assert history.compare_series(new, new) == []
    gone = history.compare_series(new, snapshots.Snapshot(None, None, empty, cols))
    assert [c.kind for c in gone] == ["removed"]
    rc = history.ReleaseChanges(None, [], found)
    assert rc.summary().endswith("Published series: 1 new vintage.")
    assert "### Published series" in changes._release_section(rc, first=False)


def test_this_repository_reports_the_series_it_added():
    latest = changes.history()[-1]
    added = {c.name for c in latest.series if c.kind == "added"}
    assert {"series-daily-overall", "series-daily-by-authority", "series-etr-by-partner"} <= added
