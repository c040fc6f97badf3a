"""What a release of the data is, and how to cite it: one place for the version, the date, the URLs and the words.

A release of the record is the data package's `version` together with its release date, both in
data/datapackage.json (`"version": "0.2.0"`, `"tariffbook:released": "2026-11-23"`). The commit that changes
them cuts the release; tariffbook.publish.snapshots reads the releases from the git history of data/. Before the
descriptor carried a version, the record was published as release 0.1.0 on 22 November 2026 (INITIAL): a
descriptor without a version is that release.

The citation is built here and nowhere else, from three places that each state one thing: the descriptor
(title, version, release date, licence), _config.yml (`author`, `html: baseurl` for the site, `repository: url`
for the repository) and the constants below. It is what CITATION.cff says (`python -m tariffbook.data.citation`
prints it; tests/unit/test_release.py checks the committed file against it), what the release's README and
MANIFEST.json say, and the "Cite:" line under every chart (tariffbook.charts.exports).

Typical use::

    from tariffbook.data.citation import cite, citation

    citation().text()        # 'The tariffbook desk (2026). tariffbook: ... (version 0.1.0, 22 November 2026) ...'
    cite("Japan's rate")     # the line under a chart
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tariffbook import words
from tariffbook.data.paths import REPO_ROOT, data_dir, note_read
from tariffbook.data.schema import DESCRIPTOR

VERSION_KEY = "version"
"""The descriptor's property that names the release (Frictionless's own `version`)."""

RELEASED_KEY = "tariffbook:released"
"""The descriptor's property that dates the release (ISO date)."""

CONFIG = REPO_ROOT / "_config.yml"
"""The book's configuration: the author, the site's URL (`html: baseurl`) and the repository (`repository: url`)."""

KEYWORDS = ("tariffs", "trade", "Japan", "South Korea", "IEEPA", "Section 232", "Section 122", "Section 301")
"""CITATION.cff's keywords."""

CFF_MESSAGE = (
    "If you use the tariffbook dataset or book, please cite it as below, "
    "and cite the original source of any figure (see sources.csv)."
)
"""CITATION.cff's message."""


@dataclass(frozen=True, order=True)
class Release:
    """A release of the record: its version and the day it was released (None if the descriptor gives none)."""

    version: str
    date: dt.date | None = None

    @property
    def anchor(self) -> str:
        """The id of its section on the 'What changed' page: release-0-2-0."""
        return "release-" + self.version.replace(".", "-")

    def label(self) -> str:
        """'0.2.0, 23 November 2026' (the version alone when undated)."""
        return f"{self.version}, {words.day(self.date)}" if self.date else self.version


INITIAL = Release("0.1.0", dt.date(2026, 11, 22))
"""The release a descriptor without a version is: the record as first published (22 November 2026)."""


def release_of(descriptor: dict) -> Release:
    """The release a data package descriptor states; INITIAL when it states no version."""
    version = descriptor.get(VERSION_KEY)
    if not version:
        return INITIAL
    day = descriptor.get(RELEASED_KEY)
    return Release(str(version), dt.date.fromisoformat(day) if day else None)


def read_descriptor(folder: Path | None = None) -> dict:
    """The descriptor of the dataset in `folder` (default: the configured data folder), as a dict."""
    path = note_read(data_dir(folder) / DESCRIPTOR)
    return json.loads(path.read_text(encoding="utf-8"))


def current_release(folder: Path | None = None) -> Release:
    """The release of the dataset in `folder` (default: the configured data folder)."""
    return release_of(read_descriptor(folder))


@lru_cache(maxsize=4)
def _config(path: str, mtime: float) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def book_config(path: Path | None = None) -> dict:
    """The book's _config.yml (default: CONFIG) as a dict ({} when there is none, as in a copy of the package)."""
    path = path or CONFIG
    return _config(str(path), path.stat().st_mtime) if path.is_file() else {}


@dataclass(frozen=True)
class Citation:
    """Everything a citation of the record states."""

    title: str
    authors: tuple[str, ...]
    release: Release
    site_url: str | None
    repository_url: str | None
    licence: str
    abstract: str = ""

    @property
    def year(self) -> str:
        """The year of the release ('n.d.' when undated)."""
        return str(self.release.date.year) if self.release.date else "n.d."

    def text(self) -> str:
        """The citation as one line of text, in the author-date style of a dataset."""
        when = f", {words.day(self.release.date)}" if self.release.date else ""
        parts = [f"{' and '.join(self.authors)} ({self.year}). {self.title} (version {self.release.version}{when})."]
        if self.site_url:
            parts.append(f"{self.site_url}.")
        if self.repository_url:
            parts.append(f"Repository: {self.repository_url}.")
        parts.append(f"{self.licence.replace('-', ' ')}.")
        return " ".join(parts)

    def as_dict(self) -> dict:
        """The citation's parts, for MANIFEST.json."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "version": self.release.version,
            "released": self.release.date.isoformat() if self.release.date else None,
            "site": self.site_url,
            "repository": self.repository_url,
            "license": self.licence,
            "text": self.text(),
        }

    def cff(self) -> str:
        """The CITATION.cff file (Citation File Format 1.2.0)."""
        import yaml

        doc: dict = {
            "cff-version": "1.2.0",
            "message": CFF_MESSAGE,
            "type": "dataset",
            "title": self.title,
            "version": self.release.version,
        }
        if self.release.date:
            doc["date-released"] = self.release.date.isoformat()
        doc["license"] = self.licence
        doc["authors"] = [{"name": a} for a in self.authors]
        if self.site_url:
            doc["url"] = self.site_url
        if self.repository_url:
            doc["repository-code"] = self.repository_url
        doc["keywords"] = list(KEYWORDS)
        if self.abstract:
            doc["abstract"] = self.abstract
        header = "# Generated by tariffbook.data.citation (python -m tariffbook.data.citation > CITATION.cff).\n"
        return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110)


def citation(folder: Path | None = None, config: Path | None = None) -> Citation:
    """The citation of the record in `folder` (default: the configured data folder), with the book's URLs."""
    descriptor = read_descriptor(folder)
    book = book_config(config)
    author = book.get("author") or "The tariffbook desk"
    licences = descriptor.get("licenses") or [{}]
    return Citation(
        title=descriptor["title"],
        authors=(author,),
        release=release_of(descriptor),
        site_url=(book.get("html") or {}).get("baseurl") or None,
        repository_url=(book.get("repository") or {}).get("url") or None,
        licence=licences[0].get("name", "CC-BY-4.0"),
        abstract=descriptor.get("description", ""),
    )


def cite(chart: str | None = None) -> str:
    """The line to copy under a chart (or, without a chart title, for the whole record)."""
    text = citation().text()
    return f"{chart}. Chart in: {text}" if chart else text


if __name__ == "__main__":  # python -m tariffbook.data.citation > CITATION.cff
    print(citation().cff(), end="")
