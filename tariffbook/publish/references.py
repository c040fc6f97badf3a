"""The references page (book/generated/references.md): every source the record cites, once, as a reader cites it.

Read from data/sources.csv (never a second hand-kept list): by kind, government documents and court records first;
each entry is publisher, title, date and link, a copy of another publisher's text says so in words, and copies of
one document are one entry. Every source keeps its anchor (src-<source_id>), which the charts' source lines link to.

Typical use: tariffbook.publish.pages.prepare writes it into book/generated/ before `jupyter-book build`.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from tariffbook import words
from tariffbook.data.load import cited_sources
from tariffbook.data.paths import data_dir, update_file
from tariffbook.data.series import series_sources
from tariffbook.publish.changes import md_escape

COPY_OF = re.compile(r"^(?P<original>.+?) \((?:via|quoted on|quoted by|(?:text )?reproduced on) (?P<host>.+)\)$")
"""A publisher written "X (via Y)": X's text, read on Y."""


def _is_copy(row: pd.Series) -> bool:
    """Whether the page consulted is a copy of another publisher's text (sources.csv `is_copy`, if present)."""
    value = row.get("is_copy", False)
    return value is True or str(value).lower() == "true"


def _original(row: pd.Series) -> str:
    """The publisher of the text: for a copy written "X (via Y)", X."""
    found = COPY_OF.match(row["publisher"]) if _is_copy(row) else None
    return found["original"] if found else row["publisher"]


def _host(url: str, whole: bool = False) -> str:
    """The site a link goes to (or, `whole`, the address without its scheme: an untitled source's only name)."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.") or url
    address = f"{host}{parts.path}".rstrip("/")
    return (address if len(address) <= 70 else address[:69] + "…") if whole else host


def _document(row: pd.Series) -> tuple:
    """What identifies a document: its original publisher, title and date.

    Copies of one document read in two places share it; a source without a title of its own or a date is a
    document of its own.
    """
    title = " ".join(row["title"].lower().split())
    if not title or title == row["publisher"].lower() or pd.isna(row["published"]):
        return ("source", row["source_id"])
    return (_original(row).lower(), title, row["published"])


def _reference(rows: list[pd.Series]) -> str:
    """One document: publisher, title, date, link; a copy says so, and where it was read."""
    first = rows[0]
    publisher = _original(first)
    parts = [md_escape(publisher)]
    titled = bool(first["title"]) and first["title"] != first["publisher"]
    if titled:
        parts.append(f"“{md_escape(first['title'])}”")
    if pd.notna(first["published"]):
        parts.append(f"{words.day(first['published'])}")

    def link(url: str) -> str:
        return f"[{md_escape(_host(url, not titled))}](<{url}>)"

    # the document's own address; where a row says it was read in a copy (read_at), that copy. Older rows name
    # the copy's address as their url and say so in the publisher ("X (via Y)"): the same, in other columns.
    read_at = [r.get("read_at") for r in rows if isinstance(r.get("read_at"), str) and r.get("read_at")]
    originals = dict.fromkeys(link(r["url"]) for r in rows if r["url"] and (not _is_copy(r) or r.get("read_at")))
    copies = dict.fromkeys(
        [link(u) for u in read_at] + [link(r["url"]) for r in rows if r["url"] and _is_copy(r) and not r.get("read_at")]
    )
    if originals:
        parts.append(" and ".join(originals))
    if copies:
        read = "a copy" if len(copies) == 1 else "copies"
        parts.append(f"read in {read} on {' and '.join(copies)}")
    if not first["url"] and not copies:
        parts.append("quoted from a copy kept by the authors, not republished")
    archived = [
        a
        for a in dict.fromkeys(r.get("archive", "") for r in rows)
        if isinstance(a, str) and a.startswith("documents/")
    ]
    for path in archived:
        when = _retrieved().get(path)
        parts.append(
            # raw HTML: a Markdown link to a file outside the book would be read as a cross-reference
            f'<a href="../../data/latest/{html.escape(path)}">its text as archived</a>'
            + (f", retrieved {words.day(when)}" if when else "")
        )
    return ", ".join(parts) + "."


@functools.cache
def _retrieved() -> dict[str, str]:
    """Archived text -> the day it was retrieved (data/documents/manifest.csv)."""
    path = data_dir() / "documents" / "manifest.csv"
    if not path.is_file():
        return {}
    return {m["file"]: m["retrieved"] for m in pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")}


def write_references(out: Path, day=None, sources: pd.DataFrame | None = None) -> Path:
    """book/generated/references.md: every source once, by kind, as a reader cites it.

    Government documents and court records first. Each entry is publisher, title, date and link; a copy of
    another publisher's text says so in words; copies of one document are one entry. The curators' notes stay
    in the data. Every source keeps its anchor (src-<source_id>), which the charts' source lines link to.

    Args:
        out: the folder to write it in.
        day: the book's day (an 'as of' book lists the sources cited by what was known then); None: every source.
        sources: the sources to list (default: read from the record, as of `day`).
    """
    src = cited_sources(day) if sources is None else sources
    lines = [
        "# References",
        "",
        "Every source the record cites, government documents and court records first. Each event and figure in "
        "the book names its source and quotes it. Each entry links the document at its own address; where the text "
        "was read in a copy (a republication or a mirror), the entry says so; the book prefers the original wherever "
        "it was found. Where the book keeps the text of a government document (public domain), the entry links that "
        "text as it was retrieved, so a reader can check a quote when the original page moves. "
        "The curators' notes on each source are in the data (`sources.csv`, in the release).",
        "",
    ]
    for kind, title in words.KIND_HEADINGS.items():
        rows = src[src["kind"] == kind].sort_values(["publisher", "published", "title"], na_position="last")
        if rows.empty:
            continue
        documents: dict[tuple, list[pd.Series]] = {}
        for _, r in rows.iterrows():
            documents.setdefault(_document(r), []).append(r)
        lines += [f"## {title}", ""]
        for group in sorted(documents.values(), key=lambda g: (_original(g[0]).lower(), str(g[0]["published"]))):
            lines += [f"(src-{r['source_id']})=" for r in group]
            lines.append(f"- {_reference(group)}")
        lines.append("")
    lines += _series_references(day) if sources is None else []  # the series as the record holds them
    out.mkdir(parents=True, exist_ok=True)
    path = out / "references.md"
    update_file(path, "\n".join(lines) + "\n")
    return path


def _series_references(day=None) -> list[str]:
    """The published series of the data package, each under its anchor (src-<resource name>).

    The source lines of the charts that plot a series link there; an 'as of' book lists those committed by its day.
    """
    series = series_sources()
    if day is not None:
        series = series[series["published"].isna() | (series["published"] <= pd.Timestamp(day))]
    if series.empty:
        return []
    lines = [
        f"## {words.SERIES_HEADING}",
        "",
        "Files republished unchanged in the data package (`data/series/`), with their licence and checksum.",
        "",
    ]
    for _, r in series.sort_values(["publisher", "source_id"]).iterrows():
        parts = [md_escape(r["publisher"]), f"“{md_escape(r['title'])}”"]
        if pd.notna(r["published"]):
            parts.append(f"committed {words.day(r['published'])}")
        parts.append(f"[{md_escape(_host(r['url'], True))}](<{r['url']}>)")
        parts.append(f"licence {md_escape(r['licence'])}; resource `{r['source_id']}` of the data package")
        lines += [f"(src-{r['source_id']})=", f"- {', '.join(parts)}."]
    return lines + [""]
