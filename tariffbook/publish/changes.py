"""The 'What changed' page and its Atom feed: each release of the record, and what it changed, in words.

What changed is computed by tariffbook.publish.history (the record at each release, compared row by row, and the
published series by their vintage); this module writes it: the page lists each release, newest first, with the
rows added, changed and retracted; data changed after the latest release is shown as "Not yet released" on the
page, and is left out of the feed.

Typical use: `make book` calls write_changes(); the page is book/generated/changes.md, the feed changes.atom at
the site's root.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from xml.etree import ElementTree as ET

from tariffbook.data.citation import INITIAL, citation
from tariffbook.data.paths import REPO_ROOT, update_file
from tariffbook.publish.history import (
    NOUNS,
    ReleaseChanges,
    RowChange,
    SeriesChange,
    TableChanges,
    field_name,
    field_rank,
    history,
    rows_text,
)

CHANGES_PAGE = "book/generated/changes.html"
"""The 'What changed' page, relative to the site root."""

FEED = "changes.atom"
"""The Atom feed of the releases, at the site root."""

LIST_INLINE = 8
"""Up to this many rows are listed on the page; longer lists are folded into a <details> element."""

EXAMPLES = 3
"""How many rows a folded list names in its summary line."""


# ---------------------------------------------------------------- the page
def md_escape(text: str) -> str:
    """Text safe to put in MyST markdown (no markup, roles or HTML)."""
    for ch in "\\`*_[]<>{}#|&$":
        text = text.replace(ch, "\\" + ch)
    return text


def _item_html(r: RowChange) -> str:
    return f"<li>{html.escape(r.label)} (<code>{html.escape(r.key)}</code>): {html.escape(r.detail)}</li>"


def _rows_block(heading: str, rows: list[RowChange], everything: str) -> list[str]:
    """A kind of change in one table: the rows as a list, folded into <details> (`everything`) when many."""
    if not rows:
        return []
    if len(rows) <= LIST_INLINE:
        lines = [f"**{heading}:**", ""]
        lines += [f"- {md_escape(r.label)} (`{r.key}`): {md_escape(r.detail)}" for r in rows]
        return [*lines, ""]
    examples = "; ".join(md_escape(r.gist) for r in rows[:EXAMPLES])
    return [
        f"**{heading}**, e.g. {examples}.",
        "",
        f'<details style="margin-bottom: 1em"><summary>{html.escape(everything)}</summary><ul>',
        *(_item_html(r) for r in rows),
        "</ul></details>",
        "",
    ]


def _field_tally(rows: list[RowChange]) -> str:
    tally: dict[str, int] = {}
    for r in rows:
        for c in r.fields:
            tally[c] = tally.get(c, 0) + 1
    ranked = sorted(tally.items(), key=lambda item: field_rank(item[0]))
    return ", ".join(f"{field_name(c)} on {n}" for c, n in ranked)


def _table_section(t: TableChanges) -> list[str]:
    one, many = NOUNS[t.table]
    lines = [f"### {many.capitalize()}", ""]
    if t.new_columns or t.dropped_columns:
        new = ", ".join(f"`{c}`" for c in t.new_columns)
        gone = ", ".join(f"`{c}`" for c in t.dropped_columns)
        lines += [" ".join(filter(None, [new and f"New columns: {new}.", gone and f"Columns removed: {gone}."])), ""]
    for kind, rows in (("added", t.added), ("changed", t.changed), ("retracted", t.retracted)):
        heading = f"{kind.capitalize()}: {rows_text(len(rows), t.table)}"
        if kind == "changed" and rows:
            heading += f" ({_field_tally(rows)})"
        lines += _rows_block(heading, rows, f"All {rows_text(len(rows), t.table)} {kind}")
    if t.notes:
        lines += [
            f"Curation notes revised on {rows_text(t.notes, t.table)} (the notes are in the data, not listed).",
            "",
        ]
    return lines


def _release_section(rc: ReleaseChanges, first: bool) -> list[str]:
    if rc.release is None:
        head = ["(not-yet-released)=", "## Not yet released", "", f"Changes since the latest release. {rc.summary()}"]
    else:
        head = [f"({rc.release.anchor})=", f"## {rc.release.label()}", "", rc.summary()]
    if first:  # everything was added: the release is the dataset itself
        counts = ", ".join(rows_text(len(t.added), t.table) for t in rc.tables)
        return [*head[:-1], f"The first release of the record: {counts}.", ""]
    lines = [*head, ""]
    for t in rc.tables:
        if t:
            lines += _table_section(t)
    return lines + _series_section(rc.series)


def _series_section(changes: list[SeriesChange]) -> list[str]:
    if not changes:
        return []
    lines = ["### Published series", ""]
    lines += [f"- {c.kind.capitalize()}: {md_escape(c.detail)} (`{c.name}`)" for c in changes]
    return [*lines, ""]


def changes_page(changes: list[ReleaseChanges] | None, folder: Path | None = None) -> str:
    """The 'What changed' page (MyST markdown): each release of the record, newest first, in words."""
    lines = [
        "# What changed",
        "",
        "Each release of the record, newest first: the events, figures and sources it added, changed or "
        "retracted, with the old and new value of each change. A release is a version of the data package "
        "(`tariffbook-data.zip`); this site shows release "
        f"{citation(folder).release.label()}.",
        "",
        f'Follow the releases in a feed reader: <a href="../../{FEED}" type="application/atom+xml">'
        "Atom feed of the record's releases</a>.",
        "",
    ]
    if changes is None:
        lines.append("The history of the data is not available in this build (it was not built from a git checkout).")
    for i, rc in reversed(list(enumerate(changes or []))):
        lines += _release_section(rc, first=i == 0)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the feed
ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}T00:00:00Z"


def feed_xml(changes: list[ReleaseChanges] | None, folder: Path | None = None) -> bytes:
    """The Atom 1.0 feed of the releases: one entry per release, newest first, linking to its section."""
    cite = citation(folder)
    base = cite.site_url or ""
    page = f"{base}{CHANGES_PAGE}"
    released = [rc for rc in changes or [] if rc.release is not None]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        el.text = text
        return el

    sub(feed, "title", "tariffbook: releases of the record")
    sub(feed, "subtitle", "Each release of the tariffbook dataset: the rows it added, changed and retracted.")
    sub(feed, "id", f"{base}{FEED}" if base else "urn:tariffbook:releases")
    latest = max((rc.release.date for rc in released if rc.release.date), default=cite.release.date or INITIAL.date)
    sub(feed, "updated", _stamp(latest))
    sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{FEED}")
    sub(feed, "link", rel="alternate", type="text/html", href=page)
    sub(sub(feed, "author"), "name", cite.authors[0])
    sub(feed, "rights", f"{cite.licence.replace('-', ' ')}; quotes remain their publishers'.")
    for rc in reversed(released):
        entry = sub(feed, "entry")
        sub(entry, "title", f"Release {rc.release.label()}")
        sub(entry, "id", f"{page}#{rc.release.anchor}" if base else f"urn:tariffbook:release:{rc.release.version}")
        sub(entry, "updated", _stamp(rc.release.date or latest))
        sub(entry, "link", rel="alternate", type="text/html", href=f"{page}#{rc.release.anchor}")
        sub(entry, "summary", rc.summary())
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_changes(page: Path, out: Path, repo: Path = REPO_ROOT, folder: Path | None = None) -> list[Path]:
    """Write the 'What changed' page to `page` and the Atom feed (FEED) into `out` (copied to the site's root).

    Args:
        page: the page's markdown file (book/generated/changes.md).
        out: the folder of the release's files (book/generated/release).
        repo: the git checkout whose history of data/ says what each release was.
        folder: the data being built (default: the configured data folder).

    Returns:
        The page and the feed.
    """
    changes = history(repo, folder)
    update_file(page, changes_page(changes, folder))
    update_file(out / FEED, feed_xml(changes, folder))
    return [page, out / FEED]
