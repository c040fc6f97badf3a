"""The data release in the built site: the downloads of the method page, the zip, its manifest and citation,
and the 'What changed' page with its feed."""

from __future__ import annotations

from pathlib import Path

from tariffbook.data.paths import REPO_ROOT
from tests.helpers import SITE, open_page


def test_data_downloads_are_in_the_site(server, context):
    page, _ = open_page(context, f"{server}/book/method.html")
    links = page.locator("a.download").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    names = sorted(Path(h).name for h in links)
    assert names == ["datapackage.json", "events.csv", "figures.csv", "sources.csv"]
    for h in links:
        assert page.request.get(f"{server}/book/{h}").ok
    page.close()


def test_data_release_zip_manifest_and_citation():
    import hashlib
    import json
    import subprocess
    import zipfile

    manifest = json.loads((SITE / "MANIFEST.json").read_text())
    assert (SITE / "CITATION.cff").read_text() == (REPO_ROOT / "CITATION.cff").read_text()
    with zipfile.ZipFile(SITE / "tariffbook-data.zip") as z:
        members = {n: z.read(n) for n in z.namelist()}
    from tariffbook.publish.release import resource_files

    others = resource_files(REPO_ROOT / "data")  # documents/manifest.csv, the series, the archived texts
    assert sorted(members) == sorted(
        ["CITATION.cff", "README.md", "datapackage.json", "events.csv", "figures.csv", "sources.csv", *others]
    )
    for name, data in others.items():
        assert members[name] == data, name
    for entry in manifest["files"]:
        if entry["path"].startswith("tariffbook-data.zip/"):
            data = members[entry["path"].split("/", 1)[1]]
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


def test_what_changed_lists_the_releases_and_links_their_feed():
    from xml.etree import ElementTree as ET

    from tariffbook.data.citation import current_release

    page = (SITE / "book" / "generated" / "changes.html").read_text(encoding="utf-8")
    release = current_release()
    assert f'id="{release.anchor}"' in page and release.label() in page
    assert 'href="../../changes.atom"' in page
    feed = ET.parse(SITE / "changes.atom").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert f"Release {release.label()}" in titles
