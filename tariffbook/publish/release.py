"""The data release in the built site: the zip, MANIFEST.json and CITATION.cff at the site's root.

The zip is the dataset as a Frictionless data package (datapackage.json next to the three CSVs and its other
resources, the archived texts and the published series, with a README and CITATION.cff), reproducible byte for
byte; MANIFEST.json gives the release, the citation, the commit, and the row count and sha256 of every file. What
a release is, and the citation, are stated once in tariffbook.data.citation; what each release changed is
tariffbook.publish.changes.

To cut a release of the data: set `version` and `tariffbook:released` in data/datapackage.json, regenerate
CITATION.cff (`python -m tariffbook.data.citation > CITATION.cff`), commit, and build the book (CONTRIBUTING.md).
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
from tariffbook.publish.changes import CHANGES_PAGE

ZIP_NAME = "tariffbook-data.zip"
"""The release's file name at the site root."""


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


def resource_files(folder: Path) -> dict[str, bytes]:
    """The package's files besides the descriptor and the three tables, by their path in the package.

    Every other resource's file (the archived texts' manifest, the published series) and the archived texts
    themselves (documents/<source_id>.txt).
    """
    schema = load_schema(folder)
    paths = [res["path"] for res in schema.descriptor["resources"] if res["name"] not in TABLES]
    paths += sorted(p.relative_to(folder).as_posix() for p in (folder / "documents").glob("*.txt"))
    return {path: (folder / path).read_bytes() for path in paths}


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
    members.update(resource_files(folder))
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
