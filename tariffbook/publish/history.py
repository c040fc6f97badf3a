"""What changed from one release of the record to the next: the model behind 'What changed'.

Each release (the record at each release, from git: tariffbook.publish.snapshots) is compared with the one before
it, table by table and row by row (rows are matched by their id): rows added, rows changed (with the old and new
value of each field a reader cares about) and rows retracted. Changes to the curation notes alone are counted, not
listed. The published series (the resources with a `tariffbook:source`) are compared by their publisher's commit: a
series added, a new vintage of one (its commit and the day it runs through) or one removed. Data changed after the
latest release (committed or not) is "not yet released".

The page and the feed that say it in words are tariffbook.publish.changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tariffbook import words
from tariffbook.data.citation import Release
from tariffbook.data.countries import country_name
from tariffbook.data.paths import REPO_ROOT
from tariffbook.data.schema import TABLES
from tariffbook.domain import PRIMARY_KINDS
from tariffbook.publish.snapshots import KEYS, Snapshot, snapshots

SHOWN = ("events", "figures", "sources")
"""The order the page and the feed name the tables in."""

NOUNS = {"sources": ("source", "sources"), "events": ("event", "events"), "figures": ("figure", "figures")}
"""How the page names a table's rows (one, several)."""

QUIET = ("note", "group_id")
"""Columns whose changes are the curators' bookkeeping: counted as 'notes revised', not listed."""

FIELD_ORDER = (
    "value",
    "unit",
    "value_qualifier",
    "period",
    "announced_on",
    "effective_on",
    "retroactive",
    "status",
    "preferred",
    "legal_basis",
    "instrument",
    "applies_as",
    "country",
    "metric",
    "sector",
    "event_type",
    "summary",
    "source_id",
    "quote",
    "title",
    "publisher",
    "author",
    "published",
    "url",
    "kind",
    "is_copy",
)
"""The order the page lists a row's changed columns in (each named by tariffbook.words.phrase(column, "column"))."""


def field_name(column: str) -> str:
    """A column as the page names it ('effective', 'legal basis')."""
    return words.phrase(column, "column")


def _measure(metric: str) -> str:
    """A metric as the page names it ('letter rate'; a metric without words of its own: its id in words)."""
    return words.phrase(metric, "metric")


WORDY = ("status", "kind", "event_type", "legal_basis", "applies_as", "metric", "sector")
"""Columns whose values are codes with underscores, printed as words (in_force -> in force)."""


# ---------------------------------------------------------------- what changed between two snapshots
@dataclass
class RowChange:
    """One row added, changed or retracted, in words."""

    key: str
    label: str
    detail: str  # added: its value; changed: each field's old -> new; retracted: what it said
    fields: tuple[str, ...] = ()
    rank: tuple = ()
    day: str = ""
    gist: str = ""  # how a summary line names it: the label, with a figure's value


@dataclass
class TableChanges:
    """What changed in one table between two releases."""

    table: str
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    retracted: list[RowChange] = field(default_factory=list)
    notes: int = 0  # rows whose curation notes alone changed
    new_columns: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        """Whether anything changed."""
        return bool(self.added or self.changed or self.retracted or self.notes or self.new_columns)


@dataclass(frozen=True)
class SeriesChange:
    """A published series added, in a new vintage, or removed, in words."""

    name: str
    kind: str  # 'added', 'new vintage' or 'removed'
    detail: str


@dataclass
class ReleaseChanges:
    """One release (or the changes not yet released) and what it changed, table by table, and its series."""

    release: Release | None
    tables: list[TableChanges]
    series: list[SeriesChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """Rows added, changed or retracted (kind), over all tables."""
        return sum(len(getattr(t, kind)) for t in self.tables)

    def summary(self) -> str:
        """One line: 'Rows added: 57 events, 12 figures; changed: 3 figures; retracted: none.'."""
        parts = []
        for kind in ("added", "changed", "retracted"):
            counts = [rows_text(len(getattr(t, kind)), t.table) for t in self.tables if getattr(t, kind)]
            parts.append(f"{kind}: {', '.join(counts) if counts else 'none'}")
        line = "Rows " + "; ".join(parts) + "."
        if self.series:
            tally: dict[str, int] = {}
            for c in self.series:
                tally[c.kind] = tally.get(c.kind, 0) + 1
            line += " Published series: " + ", ".join(f"{n} {kind}" for kind, n in tally.items()) + "."
        return line


def rows_text(n: int, table: str) -> str:
    """'3 figures', '1 event': a count of a table's rows in words."""
    one, many = NOUNS[table]
    return words.count(n, one, many)


class RowText:
    """How rows and values read on the page, given the sources each side of a comparison knows."""

    def __init__(self, old: Snapshot, new: Snapshot):
        """How rows read in a comparison of `old` with `new`."""
        self.sources = {**old.tables["sources"], **new.tables["sources"]}

    def source(self, sid: str) -> str:
        """'Publisher, “Title”' for a source id (the id itself if no release knows it)."""
        row = self.sources.get(sid)
        if not row:
            return sid
        publisher, title = row.get("publisher", ""), _short(row.get("title", ""), 70)
        return f"{publisher}, “{title}”" if title and title != publisher else publisher or title or sid

    def value(self, column: str, v: str, row: dict | None = None) -> str:
        """A field's value as the page prints it."""
        if v in ("", None):
            return "none"
        if column == "source_id":
            return self.source(v)
        if column in ("quote", "summary", "title"):
            return f"“{_short(v, 100)}”"
        if v in ("true", "false"):
            return "yes" if v == "true" else "no"
        if column == "value" and row is not None:
            return _amount(row)
        if column in WORDY:
            return v.replace("_", " ")
        return _day(v)

    def label(self, table: str, row: dict) -> str:
        """The row in words: 'Japan's 2 April rate, 2025-04-02'; '7 July 2025: Letters ...'; 'USTR, “Title”'."""
        if table == "figures":
            who = country_name(row.get("country", ""))
            what = _measure(row.get("metric", ""))
            sector = f" ({row['sector'].replace('_', ' ')})" if row.get("sector") else ""
            possessive = "'" if who.endswith("s") else "'s"
            return f"{who}{possessive} {what}{sector}, {row.get('period', '')}"
        if table == "events":
            return f"{_day(row.get('announced_on', ''))}: {_short(row.get('summary', ''), 110)}"
        return self.source(row.get("source_id", ""))

    def said(self, table: str, row: dict) -> str:
        """What a row states, in a few words: a figure's value and source, an event's status, a source's link."""
        if table == "figures":
            return f"{_amount(row)}, from {self.source(row.get('source_id', ''))}"
        if table == "events":
            return f"{row.get('status', '').replace('_', ' ')}, from {self.source(row.get('source_id', ''))}"
        copy = ", a copy of another publisher's text" if row.get("is_copy") == "true" else ""
        return f"{row.get('kind', '').replace('_', ' ')}{copy}"


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _day(v: str) -> str:
    try:
        return words.day(dt.date.fromisoformat(v)) if len(v) == 10 else v
    except ValueError:
        return v


def _amount(row: dict) -> str:
    try:
        return words.amount(float(row.get("value", "")), row.get("unit", ""), row.get("value_qualifier"))
    except ValueError:
        return row.get("value", "")


def _rank(row: dict) -> tuple:
    """The order rows are named in: preferred rows, rates and government sources first (then the newest)."""
    return (
        row.get("preferred", "true") != "true",
        not row.get("metric", "tariff_rate").startswith("tariff_rate"),
        row.get("kind", "government") not in PRIMARY_KINDS,
    )


def _row_change(text: RowText, table: str, key: str, row: dict, detail: str, fields=()) -> RowChange:
    day = row.get("announced_on") or row.get("published") or ""
    label = text.label(table, row)
    gist = f"{label}: {_amount(row)}" if table == "figures" and not fields else label
    return RowChange(key, label, detail, tuple(fields), _rank(row), day, gist)


def _changed_fields(before: dict, after: dict, shared: list[str]) -> tuple[list[str], bool]:
    """The reader-facing columns that differ, in FIELD_ORDER, and whether a quiet column differs."""
    differ = [c for c in shared if before.get(c, "") != after.get(c, "")]
    loud = sorted((c for c in differ if c not in QUIET), key=field_rank)
    return loud, any(c in QUIET for c in differ)


def field_rank(column: str) -> int:
    """Where a column comes when the page lists a row's changed columns (FIELD_ORDER; others last)."""
    order = list(FIELD_ORDER)
    return order.index(column) if column in order else len(order)


def compare_table(table: str, old: Snapshot, new: Snapshot, text: RowText) -> TableChanges:
    """What changed in `table` from `old` to `new`; a column new in `new` is reported once, not on every row."""
    before, after = old.tables[table], new.tables[table]
    shared = [c for c in new.columns[table] if c in old.columns[table] and c != KEYS[table]]
    out = TableChanges(table)
    if old.columns[table]:
        out.new_columns = [c for c in new.columns[table] if c not in old.columns[table]]
        out.dropped_columns = [c for c in old.columns[table] if c not in new.columns[table]]
    for key in after.keys() - before.keys():
        out.added.append(_row_change(text, table, key, after[key], text.said(table, after[key])))
    for key in before.keys() - after.keys():
        out.retracted.append(_row_change(text, table, key, before[key], "was " + text.said(table, before[key])))
    for key in before.keys() & after.keys():
        loud, quiet = _changed_fields(before[key], after[key], shared)
        if loud:
            detail = "; ".join(_field_change(text, c, before[key], after[key]) for c in loud)
            out.changed.append(_row_change(text, table, key, after[key], detail, loud))
        elif quiet:
            out.notes += 1
    for rows in (out.added, out.retracted, out.changed):
        rows.sort(key=lambda r: r.key)
        rows.sort(key=lambda r: r.day, reverse=True)  # the newest first, then (stable) the most important
        rows.sort(key=lambda r: r.rank)
    return out


def _field_change(text: RowText, column: str, before: dict, after: dict) -> str:
    name = field_name(column)
    if column in ("quote", "summary"):
        return f"{name} now {text.value(column, after.get(column, ''))}"
    old, new = (text.value(column, r.get(column, ""), r) for r in (before, after))
    return f"{name} {old} → {new}"


def _vintage_text(v: dict) -> str:
    committed = f" of {words.day(v['committed'])}" if v.get("committed") else ""
    through = f", runs through {words.day(v['runs_through'])}" if v.get("runs_through") else ""
    return f"commit {v['commit'][:7]}{committed}{through}"


def compare_series(old: Snapshot, new: Snapshot) -> list[SeriesChange]:
    """The series added, in a new vintage (another commit or file), or removed between two snapshots."""
    out = []
    for name in sorted(set(old.series) | set(new.series)):
        before, after = old.series.get(name), new.series.get(name)
        if before == after:
            continue
        what = after or before
        title = f"{what['publisher']}, “{what['title']}”"
        if before is None:
            out.append(SeriesChange(name, "added", f"{title}: {_vintage_text(after)}"))
        elif after is None:
            out.append(SeriesChange(name, "removed", f"{title}: was {_vintage_text(before)}"))
        elif (before["commit"], before["hash"]) != (after["commit"], after["hash"]):
            out.append(
                SeriesChange(name, "new vintage", f"{title}: {_vintage_text(after)} (was {_vintage_text(before)})")
            )
    return out


def history(repo: Path = REPO_ROOT, folder: Path | None = None) -> list[ReleaseChanges] | None:
    """Each release (and the changes not yet released), oldest first, with what it changed; None without git."""
    snaps = snapshots(repo, folder)
    if snaps is None:
        return None
    empty = Snapshot(None, None, {t: {} for t in TABLES}, {t: [] for t in TABLES})
    out = []
    for old, new in zip([empty, *snaps[:-1]], snaps, strict=True):
        text = RowText(old, new)
        tables = [compare_table(t, old, new, text) for t in SHOWN]
        out.append(ReleaseChanges(new.release, tables, compare_series(old, new)))
    return out
