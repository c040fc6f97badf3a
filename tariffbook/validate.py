"""Check the dataset: the Frictionless schema first, then the domain rules a schema cannot state.

Every problem names file, line, column, the bad value and the rule, and all problems are reported, not
just the first, so a curator can fix a whole batch in one pass.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tariffbook.countries import is_iso3
from tariffbook.paths import data_dir
from tariffbook.schema import DESCRIPTOR, load_schema

RESOURCES = ("sources", "events", "figures")
OUTSIDE_RANGE_NOTE = "Outside 0–100"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int           # 1 = header; 0 = the file as a whole
    column: str
    value: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" column {self.column!r}" if self.column else ""
        val = f" value {self.value!r}" if self.value is not None and self.column else ""
        return f"{where}:{col}{val}: {self.message} [{self.rule}]"


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _schema_problems(folder: Path, schema) -> list[Problem]:
    """Frictionless validation, translated into Problems with plain-language messages."""
    from frictionless import Package  # imported here: slow to import, and not needed to load data

    problems: list[Problem] = []
    # fieldsMatch "equal" (in the descriptor) matches columns by name: a missing column is one problem.
    report = Package(str(folder / DESCRIPTOR)).validate()
    for task in report.tasks:
        name = task.name
        file = schema.path(name)
        header, rows = _read_rows(folder / file)
        expected = [f["name"] for f in schema.fields(name)]
        for col in expected:
            if col not in header:
                problems.append(Problem(file, 1, col, "", "missing-column", f"column {col!r} is missing from the header"))
        for col in header:
            if col not in expected:
                problems.append(Problem(file, 1, col, "", "unknown-column",
                                        f"column {col!r} is not in the schema (datapackage.json); allowed: {', '.join(expected)}"))
        unique_rows = set()
        for err in task.errors:
            t = err.type
            row = getattr(err, "row_number", None) or 0
            field = getattr(err, "field_name", None) or getattr(err, "label", None) or ""
            cell = getattr(err, "cell", None)
            if t.endswith("-label"):
                continue  # header problems are reported above, by name
            if t == "unique-error":
                unique_rows.add(row)
                first = re.search(r"position (\d+)", err.note)
                problems.append(Problem(file, row, field, str(cell), "duplicate-id",
                                        f"duplicate id: already used on line {first.group(1) if first else '?'}"))
                continue
            if t == "primary-key":
                if row not in unique_rows:
                    problems.append(Problem(file, row, "", "", "duplicate-id", "duplicate primary key: " + err.note))
                continue
            if t == "foreign-key":
                rec = rows[row - 2] if 0 < row - 1 <= len(rows) else {}
                problems.append(Problem(file, row, "source_id", rec.get("source_id", ""), "unknown-source",
                                        "source_id not found in sources.csv"))
                continue
            if t == "type-error":
                f = schema.field(name, field)
                want = {"number": "a number", "date": "a date as YYYY-MM-DD", "boolean": "true or false",
                        "integer": "a whole number"}.get(f["type"], f["type"])
                problems.append(Problem(file, row, field, str(cell), f"{f['type']}-type", f"must be {want}"))
                continue
            if t == "constraint-error":
                f = schema.field(name, field)
                c = f.get("constraints", {})
                note = err.note
                if '"required"' in note or '"minLength"' in note:
                    rule, msg = "required", "must not be empty"
                elif '"enum"' in note:
                    rule, msg = "enum", "must be one of: " + ", ".join(c["enum"])
                elif '"pattern"' in note and field == "country":
                    rule = "country-code"
                    msg = ("must be an ISO 3166-1 alpha-3 code (3 capital letters, e.g. JPN) or a group code: "
                           + ", ".join(schema.country_groups))
                elif '"pattern"' in note:
                    rule, msg = "pattern", f"must match {c['pattern']}"
                else:
                    rule, msg = "constraint", note
                problems.append(Problem(file, row, field, str(cell), rule, msg))
                continue
            problems.append(Problem(file, row, field, str(cell or ""), t, err.note or err.message))
    return problems


def _date(s: str) -> date | None:
    try:
        return date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _domain_problems(folder: Path, schema) -> list[Problem]:
    problems: list[Problem] = []
    data = {}
    for name in RESOURCES:
        path = folder / schema.path(name)
        if not path.exists():
            problems.append(Problem(schema.path(name), 0, "", "", "missing-file", f"file not found in {folder}"))
            continue
        data[name] = _read_rows(path)[1]
    groups = schema.country_groups
    metrics = schema.metrics
    units = set(schema.enum("figures", "unit"))
    cited = defaultdict(int)

    def line(i: int) -> int:
        return i + 2

    for name in ("events", "figures"):
        file = schema.path(name)
        for i, r in enumerate(data.get(name, [])):
            cited[r.get("source_id", "")] += 1
            ann, eff = _date(r.get("announced_on", "")), _date(r.get("effective_on", ""))
            if ann and eff and eff < ann and r.get("retroactive") != "true":
                problems.append(Problem(file, line(i), "effective_on", r["effective_on"], "effective-before-announced",
                                        f"takes effect before it was announced ({r['announced_on']}); "
                                        "set retroactive to true if that is what the source says"))
            code = r.get("country", "")
            if re.fullmatch(r"[A-Z]{3}", code) and code not in groups and not is_iso3(code):
                problems.append(Problem(file, line(i), "country", code, "country-code",
                                        "not an ISO 3166-1 alpha-3 country code"))
            q = r.get("quote")
            if q is not None and q != "" and not q.strip():
                problems.append(Problem(file, line(i), "quote", q, "required", "must not be blank"))

    fig_file = schema.path("figures")
    keys = defaultdict(list)
    for i, r in enumerate(data.get("figures", [])):
        metric, unit = r.get("metric", ""), r.get("unit", "")
        if metric in metrics and unit in units and unit not in metrics[metric]["units"]:
            problems.append(Problem(fig_file, line(i), "unit", unit, "metric-unit",
                                    f"metric {metric} takes unit " + " or ".join(metrics[metric]["units"])))
        sector = r.get("sector", "")
        if metric == "tariff_rate_sectoral" and not sector:
            problems.append(Problem(fig_file, line(i), "sector", sector, "sector", "required for tariff_rate_sectoral"))
        if sector and metric != "tariff_rate_sectoral":
            problems.append(Problem(fig_file, line(i), "sector", sector, "sector", "only tariff_rate_sectoral rows have a sector"))
        try:
            value = float(r.get("value", ""))
        except ValueError:
            value = None
        if value is not None and unit == "percent" and not 0 <= value <= 100 and OUTSIDE_RANGE_NOTE not in r.get("note", ""):
            problems.append(Problem(fig_file, line(i), "value", r["value"], "rate-range",
                                    f"a percent must be within 0–100 unless the note explains it with '{OUTSIDE_RANGE_NOTE}'"))
        keys[(metric, r.get("country"), sector, r.get("period"))].append(i)
    for key, idx in keys.items():
        pref = [i for i in idx if data["figures"][i].get("preferred") == "true"]
        if len(pref) != 1:
            i = (pref[1] if len(pref) > 1 else idx[0])
            others = ", ".join(str(line(j)) for j in idx)
            problems.append(Problem(fig_file, line(i), "preferred", data["figures"][i].get("preferred", ""), "one-preferred",
                                    f"rows {others} report the same {key[0]} for {key[1]} ({key[3]}{', ' + key[2] if key[2] else ''}): "
                                    f"exactly one must be preferred, found {len(pref)}"))

    ev_file = schema.path("events")
    egroups = defaultdict(list)
    for i, r in enumerate(data.get("events", [])):
        if r.get("group_id"):
            egroups[r["group_id"]].append(i)
        elif r.get("preferred") == "false":
            problems.append(Problem(ev_file, line(i), "preferred", "false", "one-preferred",
                                    "a row outside a group must be preferred (give it a group_id to mark it as a second report)"))
    for g, idx in egroups.items():
        pref = [i for i in idx if data["events"][i].get("preferred") == "true"]
        if len(pref) != 1:
            i = pref[1] if len(pref) > 1 else idx[0]
            problems.append(Problem(ev_file, line(i), "group_id", g, "one-preferred",
                                    f"rows {', '.join(str(line(j)) for j in idx)} share group {g!r}: exactly one must be preferred, found {len(pref)}"))

    src_file = schema.path("sources")
    for i, r in enumerate(data.get("sources", [])):
        if r.get("source_id") and cited[r["source_id"]] == 0:
            problems.append(Problem(src_file, line(i), "source_id", r["source_id"], "uncited-source",
                                    "no event or figure cites this source"))
    return problems


def validate(folder=None) -> list[Problem]:
    """All problems in the dataset at `folder` (default: the repo's data/), sorted by file and line."""
    folder = data_dir(folder)
    if not (folder / DESCRIPTOR).exists():
        return [Problem(DESCRIPTOR, 0, "", "", "missing-file", f"no {DESCRIPTOR} in {folder}")]
    schema = load_schema(folder)
    found = set(_schema_problems(folder, schema)) | set(_domain_problems(folder, schema))
    return sorted(found)
