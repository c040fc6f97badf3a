"""Check the dataset: the Frictionless schema first, then the domain rules a schema cannot state.

Every problem names file, line, column, the bad value and the rule, and all problems are reported, not
just the first, so a curator can fix a whole batch in one pass. The domain rules are in
tariffbook.data.rules, one function each; this module runs them and translates Frictionless's errors.

A file that cannot be read as its table (empty, no header row, a byte-order mark, a column missing) gets one
line saying so, its root cause, and what follows from it is not listed line by line: the sources that only its
rows cited are grouped into one line ("and 28 sources no longer cited because figures.csv could not be read").
"""

from __future__ import annotations

import re
from pathlib import Path

from tariffbook.data.dataset import Dataset, Problem, read_rows, wrong_separator
from tariffbook.data.paths import data_dir
from tariffbook.data.rules import RULES
from tariffbook.data.schema import DESCRIPTOR, HORIZON, TABLES, Schema, load_schema

__all__ = ["Problem", "validate"]

TYPE_WORDS = {
    "number": "a number",
    "date": "a date as YYYY-MM-DD",
    "boolean": "true or false",
    "integer": "a whole number",
}
"""How a type error message says what the cell must be."""


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    """Missing and unknown columns, by name (fieldsMatch "equal" in the descriptor matches columns by name)."""
    missing = [
        Problem(file, 1, col, "", "missing-column", f"column {col!r} is missing from the header")
        for col in expected
        if col not in header
    ]
    allowed = ", ".join(expected)
    unknown = [
        Problem(
            file,
            1,
            col,
            "",
            "unknown-column",
            f"column {col!r} is not in the schema (datapackage.json); allowed: {allowed}",
        )
        for col in header
        if col not in expected
    ]
    return missing + unknown


def _constraint(schema: Schema, name: str, field: str, note: str) -> tuple[str, str]:
    """The rule and message for a broken field constraint."""
    constraints = schema.field(name, field).get("constraints", {})
    if '"required"' in note or '"minLength"' in note:
        return "required", "must not be empty"
    if '"enum"' in note:
        return "enum", "must be one of: " + ", ".join(constraints["enum"])
    if '"pattern"' in note and field == "country":
        groups = ", ".join(schema.country_groups)
        return (
            "country-code",
            f"must be an ISO 3166-1 alpha-3 code (3 capital letters, e.g. JPN) or a group code: {groups}",
        )
    if '"pattern"' in note:
        return "pattern", f"must match {constraints['pattern']}"
    return "constraint", note


def _translate(err, file: str, name: str, schema: Schema, rows: list[dict]) -> Problem | None:
    """One Frictionless error as a Problem in plain language; None for errors reported otherwise."""
    kind = err.type
    row = getattr(err, "row_number", None) or 0
    field = getattr(err, "field_name", None) or getattr(err, "label", None) or ""
    cell = getattr(err, "cell", None)
    if kind.endswith("-label"):
        return None  # header problems are reported by _header_problems, by name
    if kind in ("hash-count", "byte-count"):
        return None  # a published series' hash is checked by archive.series_unchanged
    if kind == "unique-error":
        first = re.search(r"position (\d+)", err.note)
        where = first.group(1) if first else "?"
        return Problem(file, row, field, str(cell), "duplicate-id", f"duplicate id: already used on line {where}")
    if kind == "primary-key":
        return Problem(file, row, "", "", "duplicate-id", "duplicate primary key: " + err.note)
    if kind == "foreign-key":
        record = rows[row - 2] if 0 < row - 1 <= len(rows) else {}
        source = record.get("source_id", "")
        return Problem(file, row, "source_id", source, "unknown-source", "source_id not found in sources.csv")
    if kind == "type-error":
        type_ = schema.field(name, field)["type"]
        return Problem(file, row, field, str(cell), f"{type_}-type", f"must be {TYPE_WORDS.get(type_, type_)}")
    if kind == "constraint-error":
        return Problem(file, row, field, str(cell), *_constraint(schema, name, field, err.note))
    return Problem(file, row, field, str(cell or ""), kind, err.note or err.message)


BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte-order mark Excel's 'CSV UTF-8' writes at the start of a file."""

CASCADE = {"uncited-source": ("events", "figures"), "unknown-source": ("sources",)}
"""Rules whose problems follow from another table being unreadable (rule -> the tables it reads)."""


def _structure(folder: Path, schema: Schema) -> tuple[dict[str, list[Problem]], dict[str, str]]:
    """The problems that stop a table from being read as itself, and what happened to each such table.

    Returns:
        ({table: its root-cause problems}, {table: 'could not be read' or 'has no rows'}).
    """
    problems: dict[str, list[Problem]] = {}
    state: dict[str, str] = {}
    for name in TABLES:
        file, path = schema.path(name), folder / schema.path(name)
        if not path.is_file():
            continue  # Dataset.missing reports it
        data = path.read_bytes()
        columns = ", ".join(f["name"] for f in schema.fields(name))
        found = []
        if data.startswith(BOM):
            found.append(
                Problem(
                    file,
                    1,
                    "",
                    "",
                    "byte-order-mark",
                    "the file starts with a UTF-8 byte-order mark (what "
                    "Excel's 'CSV UTF-8' writes): remove the byte-order mark, e.g. save it as 'CSV (comma "
                    "delimited)' or in a text editor as UTF-8 without BOM",
                )  # fmt: skip
            )
        elif separated := wrong_separator(file, path):
            found.append(separated)  # one line for the file, not one per column its header seems to lack
        elif not data.strip():
            found.append(
                Problem(
                    file,
                    1,
                    "",
                    "",
                    "empty-file",
                    f"the file is empty (it needs a header row naming the "
                    f"columns: {columns}, then one row per {name[:-1]})",
                )  # fmt: skip
            )
        else:
            header, rows = read_rows(path)
            found = _header_problems(file, header, [f["name"] for f in schema.fields(name)])
            if not found and not rows:
                state[name] = "has no rows"
                problems[name] = [
                    Problem(file, 2, "", "", "no-rows", f"the file has its header row but no rows: no {name} at all")
                ]
                continue
        if found:
            state[name] = "could not be read"
            problems[name] = found
    return problems, state


def _schema_problems(folder: Path, schema: Schema, broken: dict[str, list[Problem]]) -> list[Problem]:
    """Frictionless validation, translated into Problems with plain-language messages.

    A table in `broken` is reported by its root cause only.
    """
    from frictionless import Package  # imported here: slow to import, and not needed to load data

    problems: list[Problem] = []
    for task in Package(str(folder / DESCRIPTOR)).validate().tasks:
        file = schema.path(task.name)
        if task.name in broken:
            problems += broken[task.name]
            continue
        header, rows = read_rows(folder / file)
        found = [_translate(err, file, task.name, schema, rows) for err in task.errors]
        found = [p for p in found if p is not None]
        # a repeated id breaks both the id's uniqueness and the primary key: report it once
        unique = {p.line for p in found if p.rule == "duplicate-id" and p.column}
        problems += [p for p in found if p.rule != "duplicate-id" or p.column or p.line not in unique]
    return problems


def _domain_problems(folder: Path, schema: Schema, state: dict[str, str]) -> list[Problem]:
    """Every domain rule (tariffbook.data.rules.RULES) on the tables that exist; a missing table is a problem.

    Nothing is reported inside a table that could not be read; what follows from it elsewhere is grouped.
    """
    dataset = Dataset.read(folder, schema)
    unreadable = {schema.path(name) for name, what in state.items() if what == "could not be read"}
    found = [p for rule in RULES for p in rule(dataset) if p.file not in unreadable]
    return dataset.missing() + _grouped(found, schema, state)


def _grouped(problems: list[Problem], schema: Schema, state: dict[str, str]) -> list[Problem]:
    """Problems that follow from an unreadable or empty table, as one line per rule."""
    out = [p for p in problems if not (p.rule in CASCADE and any(t in state for t in CASCADE[p.rule]))]
    for rule, tables in CASCADE.items():
        hits = [p for p in problems if p.rule == rule]
        causes = [f"{schema.path(t)} {state[t]}" for t in tables if t in state]
        if hits and causes:
            what = "sources no longer cited" if rule == "uncited-source" else "rows citing sources not checked"
            out.append(Problem(hits[0].file, 0, "", "", rule, f"and {len(hits)} {what} because {' and '.join(causes)}"))
    return out


def validate(folder=None) -> list[Problem]:
    """All problems in a dataset.

    Args:
        folder: the dataset folder (default: TARIFFBOOK_DATA, else the repo's data/).

    Returns:
        Every problem found, sorted by file and line; [] when the dataset is valid.
    """
    folder = data_dir(folder)
    if not (folder / DESCRIPTOR).exists():
        return [Problem(DESCRIPTOR, 0, "", "", "missing-file", f"no {DESCRIPTOR} in {folder}")]
    schema = load_schema(folder)
    broken, state = _structure(folder, schema)
    found = set(_schema_problems(folder, schema, broken)) | set(_domain_problems(folder, schema, state))
    found |= set(_descriptor_problems(schema))
    # the root causes first, then what follows from them (grouped lines have no line number)
    return sorted(found, key=lambda p: (p.rule in CASCADE and p.line == 0, p))


def _descriptor_problems(schema: Schema) -> list[Problem]:
    """The descriptor states the day through which the record was checked (tb.horizon() reads it)."""
    if schema.horizon is not None:
        return []
    value = str(schema.descriptor.get(HORIZON, ""))
    return [
        Problem(
            DESCRIPTOR,
            0,
            HORIZON,
            value,
            "horizon",
            "must be a date YYYY-MM-DD: the day the record was checked through",
        )
    ]
