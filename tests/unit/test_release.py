"""The release of the record: what a release is, the citation in one place (CITATION.cff, the release, the
line under every chart), the zip, the 'What changed' page and its Atom feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from tariffbook import words
from tariffbook.charts import exports
from tariffbook.data import citation as cit
from tariffbook.data.paths import REPO_ROOT
from tariffbook.data.schema import TABLES
from tariffbook.publish import release
from tariffbook.publish.executor.manifest import build_settings

CONFIG = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["html"]["baseurl"]
REPO_URL = CONFIG["repository"]["url"]


def test_a_release_is_the_descriptors_version_and_date():
    assert cit.release_of({}) == cit.INITIAL == cit.Release("0.1.0", dt.date(2026, 11, 22))
    release = cit.release_of({"version": "0.2.0", "tariffbook:released": "2026-11-23"})
    assert release == cit.Release("0.2.0", dt.date(2026, 11, 23))
    assert release.label() == "0.2.0, 23 November 2026" and release.anchor == "release-0-2-0"


def test_the_citation_names_site_repository_version_and_date():
    c = cit.citation()
    assert (c.site_url, c.repository_url) == (SITE_URL, REPO_URL)
    assert SITE_URL == "https://tariffbook.github.io/tariffbook/"
    assert REPO_URL == "https://github.com/tariffbook/tariffbook"
    text = c.text()
    release = cit.current_release()
    for part in (SITE_URL, REPO_URL, f"version {release.version}", words.day(release.date), c.title, "CC BY 4.0"):
        assert part in text


def test_the_committed_citation_cff_is_the_generated_one():
    """After a release (a new version in data/datapackage.json): python -m tariffbook.data.citation > CITATION.cff"""
    assert (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8") == cit.citation().cff()


def test_citation_cff_states_what_locates_the_data():
    cff = yaml.safe_load(cit.citation().cff())
    release = cit.current_release()
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert {"message", "title", "authors", "license"} <= set(cff)
    assert cff["version"] == release.version and cff["date-released"] == release.date.isoformat()
    assert cff["url"] == SITE_URL and cff["repository-code"] == REPO_URL
    assert all(a["name"] for a in cff["authors"])


def test_the_line_under_a_chart_is_the_citation():
    spec = {"usermeta": {"tariffbook": {"title": "Japan's rate", "sources": []}}, "datasets": {}}
    caption = exports.caption("abc", spec)
    line = caption.split('class="tariffbook-citation">', 1)[1].split("</span>", 1)[0]
    assert line.startswith("Japan&#x27;s rate. Chart in: ")
    assert SITE_URL in line and REPO_URL in line and f"version {cit.current_release().version}" in line


def test_pages_run_again_when_the_citation_changes(monkeypatch):
    before = build_settings()
    monkeypatch.setattr(cit, "CONFIG", REPO_ROOT / "no-such-config.yml")
    assert build_settings() != before
    assert json.dumps(before)  # the settings are stored as JSON in the executor's manifest


# ---------------------------------------------------------------- the zip
def released(tmp_path) -> tuple[Path, dict]:
    manifest = release.write_release(tmp_path)
    return tmp_path / release.ZIP_NAME, manifest


def test_the_zip_holds_the_package_at_its_root_readable_by_all(tmp_path):
    zpath, _ = released(tmp_path)
    with zipfile.ZipFile(zpath) as z:
        infos = z.infolist()
        readme = z.read("README.md").decode()
        cff = z.read("CITATION.cff").decode()
    others = list(release.resource_files(REPO_ROOT / "data"))  # documents/manifest.csv, the series, the texts
    names = ["datapackage.json", "sources.csv", "events.csv", "figures.csv", *others, "README.md", "CITATION.cff"]
    assert [i.filename for i in infos] == names
    assert "documents/manifest.csv" in others and any(n.startswith("documents/") and n.endswith(".txt") for n in others)
    assert {oct(stat.S_IMODE(i.external_attr >> 16)) for i in infos} == {"0o644"}
    assert cff == cit.citation().cff()
    assert cit.citation().text() in readme and "frictionless validate tariffbook-data.zip" in readme


def test_frictionless_validates_the_zip_as_it_is(tmp_path):
    zpath, _ = released(tmp_path)
    frictionless = Path(sys.executable).parent / "frictionless"
    r = subprocess.run([str(frictionless), "validate", "--json", str(zpath)], capture_output=True, text=True)
    report = json.loads(r.stdout)
    assert r.returncode == 0 and report["valid"], r.stdout[-2000:]
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(t["name"] for t in report["tasks"]) == sorted(r["name"] for r in descriptor["resources"])
    assert set(TABLES) <= {t["name"] for t in report["tasks"]}
    assert all(t["valid"] for t in report["tasks"])


def test_the_zip_is_reproducible(tmp_path, data_copy):
    first, _ = released(tmp_path / "a")
    for f in data_copy.iterdir():  # same content, other file times
        os.utime(f, (1_000_000_000, 1_000_000_000))
    second = release.write_release(tmp_path / "b", data_copy)
    assert second and first.read_bytes() == (tmp_path / "b" / release.ZIP_NAME).read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(*cit.current_release().date.timetuple()[:3], 0, 0, 0)}


def test_the_manifest_names_the_release_and_its_citation(tmp_path):
    zpath, manifest = released(tmp_path)
    release_now = cit.current_release()
    assert manifest["version"] == release_now.version and manifest["released"] == release_now.date.isoformat()
    assert manifest["citation"]["site"] == SITE_URL and manifest["citation"]["repository"] == REPO_URL
    with zipfile.ZipFile(zpath) as z:
        for entry in manifest["files"]:
            if entry["path"].startswith(f"{release.ZIP_NAME}/"):
                data = z.read(entry["path"].split("/", 1)[1])
                assert hashlib.sha256(data).hexdigest() == entry["sha256"]
