"""The dataset as the rules read it: each table's rows as strings, the schema, and the Problem they report.

tariffbook.data.rules (the rows), tariffbook.data.provenance (quotes and addresses) and tariffbook.data.archive
(the archived texts and the published series) take a Dataset and yield Problems; tariffbook.data.validate runs
them all.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tariffbook.data.schema import TABLES, Schema


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the dataset, precise enough to fix without searching."""

    file: str
    line: int  # 1 = header; 0 = the file as a whole
    column: str
    value: str
    rule: str
    message: str

    def __str__(self) -> str:
        """`figures.csv:118: column 'unit' value 'USD billion': metric ... [metric-unit]`."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" column {self.column!r}" if self.column else ""
        header = self.line == 1 and not self.value  # a column missing from, or unknown to, the header row
        val = f" value {self.value!r}" if self.value is not None and self.column and not header else ""
        return f"{where}:{col}{val}: {self.message} [{self.rule}]" if col else f"{where}: {self.message} [{self.rule}]"


SEPARATORS = (";", "\t")
"""Separators other than the comma that a spreadsheet may save a CSV with (';' in many locales)."""


def separator(path: Path) -> str:
    """The character that separates the columns of a CSV's header row.

    ',' unless the header has no comma and one of SEPARATORS (what a spreadsheet in many locales saves).
    """
    with path.open(newline="", encoding="utf-8-sig") as fh:
        header = fh.readline()
    if "," in header:
        return ","
    return next((sep for sep in SEPARATORS if sep in header), ",")


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV's header and rows, every cell a string as written (read with the separator it was saved with)."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter=separator(path))
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def wrong_separator(file: str, path: Path) -> Problem | None:
    """One problem for a table saved with another separator than the comma (not one per missing column)."""
    sep = separator(path)
    if sep == ",":
        return None
    shown = "\\t" if sep == "\t" else sep
    return Problem(
        file, 1, "", "", "separator", f"the file is separated by '{shown}', not ','; save it as comma-separated CSV"
    )


def line(index: int) -> int:
    """The file line of the row at `index` (the header is line 1)."""
    return index + 2


@dataclass(frozen=True)
class Dataset:
    """The rows of each table as read (missing tables have none), with the schema they are checked against."""

    folder: Path
    schema: Schema
    rows: dict[str, list[dict[str, str]]]

    @classmethod
    def read(cls, folder: Path, schema: Schema) -> Dataset:
        """Read every table that exists in `folder`."""
        paths = {name: folder / schema.path(name) for name in TABLES}
        return cls(folder, schema, {name: read_rows(p)[1] for name, p in paths.items() if p.exists()})

    def missing(self) -> list[Problem]:
        """A problem for each table whose file is not there."""
        return [
            Problem(self.schema.path(name), 0, "", "", "missing-file", f"file not found in {self.folder}")
            for name in TABLES
            if name not in self.rows
        ]

    def each(self, *tables: str) -> Iterator[tuple[str, int, dict[str, str]]]:
        """(file, line, row) for every row of the tables."""
        for name in tables:
            file = self.schema.path(name)
            for i, row in enumerate(self.rows.get(name, [])):
                yield file, line(i), row


Rule = Callable[[Dataset], Iterator[Problem]]
"""A rule: the dataset in, its problems out."""
