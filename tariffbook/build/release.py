"""The data release in the built site, and the 'What changed' page.

The release is the dataset as a Frictionless package (zip), a MANIFEST with row counts and sha256 of every
file, and CITATION.cff; the 'What changed' page is computed from the data's git history.

To cut a release of the data: commit the change to data/ and build the book; the site's root then carries the
zip, MANIFEST.json (with the commit) and CITATION.cff, and the 'What changed' page lists the commit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import stat
import subprocess
import zipfile
from pathlib import Path

from tariffbook.data.citation import citation
from tariffbook.data.paths import REPO_ROOT, data_dir, sha256, update_file
from tariffbook.data.schema import DESCRIPTOR, TABLES, load_schema

ZIP_NAME = "tariffbook-data.zip"
"""The release's file name at the site root."""

CHANGES_PAGE = "book/generated/changes.html"
"""The 'What changed' page, relative to the site root."""

CHANGING = {"events": "event_id", "figures": "figure_id"}
"""The tables whose rows the 'What changed' page follows -> their id column."""

CHANGES = ("added", "changed", "retracted")
"""What can happen to a row between two commits."""


def _git(*args: str) -> str | None:
    try:
        r = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout if r.returncode == 0 else None


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def data_readme(folder: Path) -> str:
    """The release's README.md: how to cite and check it, then every column of every table, from the descriptor."""
    schema = load_schema(folder)
    cite = citation(folder)
    lines = [
        "# tariffbook dataset",
        "",
        schema.descriptor["description"],
        "",
        f"Release {cite.release.label()}. Licence: CC BY 4.0 for the curation; quotes remain their publishers'.",
        "Cite the dataset as below (CITATION.cff says the same) and the original source of any figure you use",
        "(sources.csv):",
        "",
        f"> {cite.text()}",
        "",
        "The files are a Frictionless data package: `frictionless validate tariffbook-data.zip` checks every table",
        "against `datapackage.json`, the zip as it is.",
        "",
    ]
    if cite.site_url:
        lines += [f"What changed from one release to the next: {cite.site_url}{CHANGES_PAGE}", ""]
    for res in schema.descriptor["resources"]:
        lines += [f"## {res['path']}", "", res["description"], ""]
        for f in res["schema"]["fields"]:
            required = ", required" if f.get("constraints", {}).get("required") else ""
            lines.append(f"- `{f['name']}` ({f['type']}{required}): {f['description']}")
        lines.append("")
    return "\n".join(lines)


def zip_bytes(members: dict[str, bytes], day: dt.date | None) -> bytes:
    """A reproducible zip: the members at its root, in order, mode 0644, dated `day`; same content, same bytes."""
    stamp = (day.year, day.month, day.day, 0, 0, 0) if day else (1980, 1, 1, 0, 0, 0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that unzip applies the mode below
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            z.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def write_release(out: Path, folder: Path | None = None) -> dict:
    """Write the zip, MANIFEST.json and CITATION.cff into `out`; return the manifest.

    The zip holds the data package as it is published: datapackage.json next to the three CSVs, so that
    `frictionless validate tariffbook-data.zip` reads it as a package, with README.md and CITATION.cff.
    """
    folder = data_dir(folder)
    cite = citation(folder)
    out.mkdir(parents=True, exist_ok=True)
    members = {DESCRIPTOR: (folder / DESCRIPTOR).read_bytes()}
    members.update({f"{t}.csv": (folder / f"{t}.csv").read_bytes() for t in TABLES})
    members["README.md"] = data_readme(folder).encode("utf-8")
    members["CITATION.cff"] = cite.cff().encode("utf-8")
    zpath = out / ZIP_NAME
    update_file(zpath, zip_bytes(members, cite.release.date))
    update_file(out / "CITATION.cff", members["CITATION.cff"])
    files = []
    for name, data in members.items():
        entry = {"path": f"{ZIP_NAME}/{name}", "bytes": len(data), "sha256": sha256(data)}
        if name.endswith(".csv"):
            entry["rows"] = len(_rows(data.decode("utf-8")))
        files.append(entry)
    for path in (zpath, out / "CITATION.cff"):
        data = path.read_bytes()
        files.append({"path": path.name, "bytes": len(data), "sha256": sha256(data)})
    commit = (_git("rev-parse", "HEAD") or "unknown").strip()
    manifest = {
        "name": "tariffbook-data",
        "version": cite.release.version,
        "released": cite.release.date.isoformat() if cite.release.date else None,
        "citation": cite.as_dict(),
        "built": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": commit,
        "files": files,
    }
    path = out / "MANIFEST.json"
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    if {**old, "built": None} == {**manifest, "built": None}:
        return old  # same release: keep the file, and the time it was first built
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def data_history() -> list[dict] | None:
    """Per commit that touched data/*.csv, oldest first: the events and figures added, changed or retracted."""
    log = _git("log", "--reverse", "--format=%H%x09%cs%x09%s", "--", *(f"data/{t}.csv" for t in CHANGING))
    if log is None:
        return None
    history, previous = [], {t: {} for t in CHANGING}
    for line in filter(None, log.splitlines()):
        sha, day, subject = line.split("\t", 2)
        entry = {"commit": sha[:10], "date": day, "subject": subject}
        for table, key in CHANGING.items():
            text = _git("show", f"{sha}:data/{table}.csv")
            now = {r[key]: r for r in _rows(text)} if text else {}
            before = previous[table]
            entry[table] = {
                "added": sorted(set(now) - set(before)),
                "retracted": sorted(set(before) - set(now)),
                "changed": sorted(k for k in set(now) & set(before) if now[k] != before[k]),
            }
            previous[table] = now
        history.append(entry)
    return history


def _change_lines(entry: dict) -> list[str]:
    """One commit's section of the 'What changed' page."""
    counts = ", ".join(f"{len(entry[t][k])} {t} {k}" for t in CHANGING for k in CHANGES if entry[t][k])
    lines = [
        f"## {entry['date']}: {entry['subject']}",
        "",
        f"Commit `{entry['commit']}`: {counts or 'no row changes'}.",
        "",
    ]
    for t in CHANGING:
        for k in ("changed", "retracted"):
            ids = entry[t][k]
            if ids:
                lines.append(f"- {t} {k}: " + ", ".join(f"`{i}`" for i in ids[:50]) + (" …" if len(ids) > 50 else ""))
    return [*lines, ""]


def write_changes_page(path: Path) -> Path:
    """The 'What changed' page: per commit of data/, newest first, the rows added, changed or retracted."""
    history = data_history()
    lines = [
        "# What changed",
        "",
        "Every change to the dataset, computed from the repository's history of `data/`: events and figures added, "
        "changed or retracted, newest first. Each release of the data is a commit; the MANIFEST of the build gives "
        "the commit this site was built from.",
        "",
    ]
    if not history:
        lines.append("The history of `data/` is not available in this build (no git repository).")
    for entry in reversed(history or []):
        lines += _change_lines(entry)
    update_file(path, "\n".join(lines) + "\n")
    return path
