"""Check the dataset: the Frictionless schema first, then the domain rules a schema cannot state.

Every problem names file, line, column, the bad value and the rule, and all problems are reported, not
just the first, so a curator can fix a whole batch in one pass. The domain rules are in
tariffbook.data.rules, one function each; this module runs them and translates Frictionless's errors.
"""

from __future__ import annotations

import re
from pathlib import Path

from tariffbook.data.paths import data_dir
from tariffbook.data.rules import RULES, Dataset, Problem, read_rows
from tariffbook.data.schema import DESCRIPTOR, Schema, load_schema

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


def _schema_problems(folder: Path, schema: Schema) -> list[Problem]:
    """Frictionless validation, translated into Problems with plain-language messages."""
    from frictionless import Package  # imported here: slow to import, and not needed to load data

    problems: list[Problem] = []
    for task in Package(str(folder / DESCRIPTOR)).validate().tasks:
        file = schema.path(task.name)
        header, rows = read_rows(folder / file)
        problems += _header_problems(file, header, [f["name"] for f in schema.fields(task.name)])
        found = [_translate(err, file, task.name, schema, rows) for err in task.errors]
        found = [p for p in found if p is not None]
        # a repeated id breaks both the id's uniqueness and the primary key: report it once
        unique = {p.line for p in found if p.rule == "duplicate-id" and p.column}
        problems += [p for p in found if p.rule != "duplicate-id" or p.column or p.line not in unique]
    return problems


def _domain_problems(folder: Path, schema: Schema) -> list[Problem]:
    """Every domain rule (tariffbook.data.rules.RULES) on the tables that exist; a missing table is a problem."""
    dataset = Dataset.read(folder, schema)
    return dataset.missing() + [p for rule in RULES for p in rule(dataset)]


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
    found = set(_schema_problems(folder, schema)) | set(_domain_problems(folder, schema))
    return sorted(found)
