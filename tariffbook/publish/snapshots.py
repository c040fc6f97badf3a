"""The record at each release of the data, read from the git history of data/.

A release is the data package's version and date (tariffbook.data.citation); the git history of data/ says
which commit cut each one: the first commit whose descriptor carries a new version. Commits from before the
descriptor had a version, up to the initial release's day, are that release (0.1.0, 22 November 2026). A Snapshot
is the record as one such commit holds it (its tables by row id, and its published series by their vintage); data
changed after the latest release (committed or not) is one more, "not yet released".

What changed from one snapshot to the next is tariffbook.publish.history.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tariffbook.data.citation import INITIAL, VERSION_KEY, Release, release_of
from tariffbook.data.paths import REPO_ROOT, data_dir
from tariffbook.data.schema import DESCRIPTOR, TABLES

KEYS = {"sources": "source_id", "events": "event_id", "figures": "figure_id"}
"""Each table's row id: rows with the same id in two releases are the same row."""


@dataclass
class Snapshot:
    """The record as one commit (or the working copy) holds it."""

    release: Release | None  # None: changes made after the latest release
    commit: str | None
    tables: dict[str, dict[str, dict]]  # table -> row id -> row
    columns: dict[str, list[str]]
    series: dict[str, dict] = field(default_factory=dict)  # resource name -> its vintage (_vintages)


def _git(repo: Path, *args: str) -> str | None:
    try:
        r = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout if r.returncode == 0 else None


def _parse(texts: dict[str, str | None]) -> tuple[dict, dict]:
    tables, columns = {}, {}
    for t in TABLES:
        reader = csv.DictReader(io.StringIO(texts.get(t) or ""))
        tables[t] = {r[KEYS[t]]: r for r in reader if r.get(KEYS[t])}
        columns[t] = list(reader.fieldnames or [])
    return tables, columns


def _vintages(descriptor: dict) -> dict[str, dict]:
    """Each published series of a descriptor: its title, publisher, commit, the day committed and run through."""
    out = {}
    for res in descriptor.get("resources", []):
        src = res.get("tariffbook:source")
        if src:
            out[res["name"]] = {
                "title": src.get("title") or res.get("title", res["name"]),
                "publisher": src.get("publisher", ""),
                "commit": src.get("commit", ""),
                "committed": src.get("committed", ""),
                "runs_through": res.get("tariffbook:runs_through", ""),
                "hash": res.get("hash", ""),
            }
    return out


def _at_commit(repo: Path, sha: str, release: Release) -> Snapshot:
    texts = {t: _git(repo, "show", f"{sha}:data/{t}.csv") for t in TABLES}
    return Snapshot(release, sha, *_parse(texts), series=_vintages(_descriptor_at(repo, sha)))


def _descriptor_at(repo: Path, sha: str) -> dict:
    try:
        return json.loads(_git(repo, "show", f"{sha}:data/{DESCRIPTOR}") or "{}")
    except ValueError:
        return {}


def release_points(repo: Path = REPO_ROOT) -> list[tuple[Release, str]] | None:
    """Each release of the record, oldest first, with the commit that cut it; None without a git history.

    A release is cut by the first commit (along the first-parent line) whose descriptor carries a new version;
    an undated version takes that commit's date. Commits without a version, up to INITIAL's day, are the
    initial release, cut by the last of them. Later commits without a new version are not a release.
    """
    log = _git(repo, "log", "--first-parent", "--reverse", "--format=%H%x09%cs", "--", "data/")
    if log is None:
        return None
    points: list[tuple[Release, str]] = []
    for line in filter(None, log.splitlines()):
        sha, day = line.split("\t")
        descriptor = _descriptor_at(repo, sha)
        if not descriptor.get(VERSION_KEY):
            if dt.date.fromisoformat(day) <= INITIAL.date:
                points = [p for p in points if p[0] != INITIAL] + [(INITIAL, sha)]
            continue
        release = release_of(descriptor)
        if not points or points[-1][0].version != release.version:
            points.append((release if release.date else Release(release.version, dt.date.fromisoformat(day)), sha))
    return points


def snapshots(repo: Path = REPO_ROOT, folder: Path | None = None) -> list[Snapshot] | None:
    """The record at each release, oldest first, then the data being built if it differs from the last one.

    The data being built (default: the configured data folder) is a release of its own when its descriptor
    names a version no commit has cut yet, and "not yet released" (release None) otherwise.
    """
    points = release_points(repo)
    if points is None:
        return None
    snaps = [_at_commit(repo, sha, release) for release, sha in points]
    folder = data_dir(folder)
    texts = {t: (folder / f"{t}.csv").read_text(encoding="utf-8") for t in TABLES}
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    now = Snapshot(None, None, *_parse(texts), series=_vintages(descriptor))
    current = release_of(descriptor) if descriptor.get(VERSION_KEY) else None
    if current and all(current.version != r.version for r, _ in points):
        now.release = current
        snaps.append(now)
    elif not snaps or (now.tables, now.columns, now.series) != (snaps[-1].tables, snaps[-1].columns, snaps[-1].series):
        snaps.append(now)
    return snaps
