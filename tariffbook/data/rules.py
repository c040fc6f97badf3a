"""The domain rules a schema cannot state: one small function per rule, all listed in RULES.

Each rule takes the dataset (its rows as read, strings as in the CSV) and yields a Problem for every row
that breaks it, naming file, line, column, the bad value and the rule. tariffbook.data.validate runs them
after the Frictionless schema check.

To add a rule: write a function `def rule_name(ds: Dataset) -> Iterator[Problem]` with a docstring saying
what it checks and why, append it to RULES, and add one test in tests/unit/test_validate_bad.py that breaks a
copy of the data in exactly that way and expects exactly that problem.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tariffbook.data.countries import is_iso3
from tariffbook.data.schema import TABLES, Schema
from tariffbook.domain import (
    DERIVED,
    INSTRUMENT_UNKNOWN,
    OUTCOME_UNKNOWN,
    PASSED_STATUSES,
    PRODUCT_RATES,
    RATES_ON_GOODS,
    URL_DEBRIS,
    VIEWER_LABELS,
)

OUTSIDE_RANGE_NOTE = "Outside 0–100"
"""The phrase a figure's note must contain for a percentage outside 0-100 to be accepted (China's 125%)."""


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


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None  # the schema check reports it


def effective_not_before_announced(ds: Dataset) -> Iterator[Problem]:
    """A measure takes effect on or after its announcement, unless the row says it was retroactive."""
    for file, at, r in ds.each("events", "figures"):
        announced, effective = _date(r.get("announced_on", "")), _date(r.get("effective_on", ""))
        if announced and effective and effective < announced and r.get("retroactive") != "true":
            yield Problem(
                file,
                at,
                "effective_on",
                r["effective_on"],
                "effective-before-announced",
                f"takes effect before it was announced ({r['announced_on']}); "
                "set retroactive to true if that is what the source says",
            )


def real_country_codes(ds: Dataset) -> Iterator[Problem]:
    """A three-letter country code is a group code of the descriptor or a real ISO 3166-1 alpha-3 code."""
    groups = ds.schema.country_groups
    for file, at, r in ds.each("events", "figures"):
        code = r.get("country", "")
        if re.fullmatch(r"[A-Z]{3}", code) and code not in groups and not is_iso3(code):
            yield Problem(file, at, "country", code, "country-code", "not an ISO 3166-1 alpha-3 country code")


def quotes_not_blank(ds: Dataset) -> Iterator[Problem]:
    """A quote of only spaces is no quote (the schema catches an empty one)."""
    for file, at, r in ds.each("events", "figures"):
        quote = r.get("quote")
        if quote and not quote.strip():
            yield Problem(file, at, "quote", quote, "required", "must not be blank")


def metric_in_its_units(ds: Dataset) -> Iterator[Problem]:
    """Each metric is stated in one of the units the descriptor allows it (tariffbook:metrics)."""
    metrics, units = ds.schema.metrics, set(ds.schema.enum("figures", "unit"))
    for file, at, r in ds.each("figures"):
        metric, unit = r.get("metric", ""), r.get("unit", "")
        if metric in metrics and unit in units and unit not in metrics[metric]["units"]:
            allowed = " or ".join(metrics[metric]["units"])
            yield Problem(file, at, "unit", unit, "metric-unit", f"metric {metric} takes unit {allowed}")


def sector_only_on_sectoral_rates(ds: Dataset) -> Iterator[Problem]:
    """A sectoral rate or a product-list duty names its sector, and no other row has one.

    The sector of a tariff_rate_sectoral row is a Section 232 sector; that of a tariff_rate_product_list row, the
    Section 301 list (China's Lists 1-4A, the 2024 increases, the maritime action).
    """
    for file, at, r in ds.each("figures"):
        metric, sector = r.get("metric", ""), r.get("sector", "")
        sectoral = metric in PRODUCT_RATES
        if sectoral and not sector:
            yield Problem(file, at, "sector", sector, "sector", f"required for {metric}")
        if sector and not sectoral:
            yield Problem(
                file, at, "sector", sector, "sector", f"only {' and '.join(PRODUCT_RATES)} rows have a sector"
            )


def percent_within_range(ds: Dataset) -> Iterator[Problem]:
    """A percentage lies within 0-100, unless the note explains why not (OUTSIDE_RANGE_NOTE)."""
    for file, at, r in ds.each("figures"):
        try:
            value = float(r.get("value", ""))
        except ValueError:
            continue  # the schema check reports it
        if r.get("unit") == "percent" and not 0 <= value <= 100 and OUTSIDE_RANGE_NOTE not in r.get("note", ""):
            yield Problem(
                file,
                at,
                "value",
                r["value"],
                "rate-range",
                f"a percent must be within 0–100 unless the note explains it with '{OUTSIDE_RANGE_NOTE}'",
            )


def _chosen(rows: list[dict[str, str]], indexes: list[int]) -> tuple[list[int], int]:
    """The preferred rows among `indexes`, and the row to report when there is not exactly one."""
    preferred = [i for i in indexes if rows[i].get("preferred") == "true"]
    return preferred, preferred[1] if len(preferred) > 1 else indexes[0]


def one_preferred_figure_per_quantity(ds: Dataset) -> Iterator[Problem]:
    """Rows with the same metric, country, sector and period report one quantity: exactly one is preferred."""
    rows, file = ds.rows.get("figures", []), ds.schema.path("figures")
    quantities = defaultdict(list)
    for i, r in enumerate(rows):
        quantities[(r.get("metric", ""), r.get("country"), r.get("sector", ""), r.get("period"))].append(i)
    for (metric, country, sector, period), indexes in quantities.items():
        preferred, at = _chosen(rows, indexes)
        if len(preferred) != 1:
            others = ", ".join(str(line(j)) for j in indexes)
            what = f"{metric} for {country} ({period}{', ' + sector if sector else ''})"
            yield Problem(
                file,
                line(at),
                "preferred",
                rows[at].get("preferred", ""),
                "one-preferred",
                f"rows {others} report the same {what}: exactly one must be preferred, found {len(preferred)}",
            )


def one_preferred_event_per_group(ds: Dataset) -> Iterator[Problem]:
    """Event rows that report the same event share a group_id, and exactly one of them is preferred."""
    rows, file = ds.rows.get("events", []), ds.schema.path("events")
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        if r.get("group_id"):
            groups[r["group_id"]].append(i)
    for group, indexes in groups.items():
        preferred, at = _chosen(rows, indexes)
        if len(preferred) != 1:
            others = ", ".join(str(line(j)) for j in indexes)
            yield Problem(
                file,
                line(at),
                "group_id",
                group,
                "one-preferred",
                f"rows {others} share group {group!r}: exactly one must be preferred, found {len(preferred)}",
            )


def ungrouped_events_preferred(ds: Dataset) -> Iterator[Problem]:
    """An event outside any group is the only report of its event, so it is preferred."""
    for file, at, r in ds.each("events"):
        if not r.get("group_id") and r.get("preferred") == "false":
            yield Problem(
                file,
                at,
                "preferred",
                "false",
                "one-preferred",
                "a row outside a group must be preferred (give it a group_id to mark it as a second report)",
            )


def every_source_cited(ds: Dataset) -> Iterator[Problem]:
    """Every source is cited by at least one event or figure (the references page lists no dead weight)."""
    cited = {r.get("source_id", "") for _, _, r in ds.each("events", "figures")}
    for file, at, r in ds.each("sources"):
        if r.get("source_id") and r["source_id"] not in cited:
            yield Problem(
                file, at, "source_id", r["source_id"], "uncited-source", "no event or figure cites this source"
            )


def rates_state_their_basis(ds: Dataset) -> Iterator[Problem]:
    """A preferred rate on goods says under which statute it applies and how (rate_in_force reports both)."""
    for file, at, r in ds.each("figures"):
        if r.get("preferred") == "true" and r.get("metric") in RATES_ON_GOODS:
            for column in ("legal_basis", "applies_as"):
                if not r.get(column):
                    yield Problem(file, at, column, "", "rate-basis", f"required on the preferred row of {r['metric']}")


def instrument_or_why_not(ds: Dataset) -> Iterator[Problem]:
    """A preferred rate on goods names the instrument that set it, or its note says it was not identified."""
    for file, at, r in ds.each("figures"):
        preferred_rate = r.get("preferred") == "true" and r.get("metric") in RATES_ON_GOODS
        if preferred_rate and not r.get("instrument") and INSTRUMENT_UNKNOWN not in r.get("note", ""):
            yield Problem(
                file,
                at,
                "instrument",
                "",
                "instrument",
                f"name the order, proclamation or notice, or say in the note '{INSTRUMENT_UNKNOWN}'",
            )


def basis_only_on_rates(ds: Dataset) -> Iterator[Problem]:
    """Only a tariff rate has a legal basis, an instrument or a way it applies (a trade figure has none)."""
    for file, at, r in ds.each("figures"):
        if r.get("metric", "").startswith("tariff_rate"):
            continue
        for column in ("legal_basis", "instrument", "applies_as"):
            if r.get(column):
                yield Problem(file, at, column, r[column], "rate-basis", "only tariff_rate_* rows have one")


def _range(period: str) -> tuple[date | None, date | None] | None:
    """(start, end) of a `start/end` period; None for a single year, month or day."""
    if "/" not in period:
        return None
    start, _, end = period.partition("/")
    return _date(start), _date(end)


def period_range_in_order(ds: Dataset) -> Iterator[Problem]:
    """A period `start/end` ends on or after its start (end = the last day it applied)."""
    for file, at, r in ds.each("figures"):
        span = _range(r.get("period", ""))
        if span and span[0] and span[1] and span[1] < span[0]:
            yield Problem(file, at, "period", r["period"], "period-range", "the end is before the start")


def range_starts_when_effective(ds: Dataset) -> Iterator[Problem]:
    """A rate with a `start/end` period and an effective date takes effect on the period's start.

    rate_in_force applies it from effective_on to the period's end; two different starts would be ambiguous.
    """
    for file, at, r in ds.each("figures"):
        span = _range(r.get("period", ""))
        effective = _date(r.get("effective_on", ""))
        if span and span[0] and effective and effective != span[0]:
            yield Problem(
                file,
                at,
                "effective_on",
                r["effective_on"],
                "period-range",
                f"the period starts on {span[0]}: effective_on must be that day",
            )


def _original_publisher(publisher: str) -> str:
    """'The White House (via GitHub mirror ...)' -> 'The White House': whose text a copy reproduces."""
    return publisher.split(" (via ")[0].strip()


def no_copy_over_its_original(ds: Dataset) -> Iterator[Problem]:
    """A preferred row does not cite a copy when another row of the same quantity cites the original publisher.

    A copy (sources.csv is_copy) reproduces another publisher's text; the original is preferred wherever the
    record has it. A government text read only in a copy may still be preferred over news originals (other
    publishers): only an original of the same publisher (the part of `publisher` before ' (via') counts.
    """
    sources = {r.get("source_id"): r for _, _, r in ds.each("sources")}
    rows, file = ds.rows.get("figures", []), ds.schema.path("figures")
    quantities = defaultdict(list)
    for i, r in enumerate(rows):
        quantities[(r.get("metric"), r.get("country"), r.get("sector", ""), r.get("period"))].append(i)
    for indexes in quantities.values():
        for i in indexes:
            src = sources.get(rows[i].get("source_id"), {})
            if rows[i].get("preferred") != "true" or src.get("is_copy") != "true":
                continue
            origin = _original_publisher(src.get("publisher", ""))
            for j in indexes:
                other = sources.get(rows[j].get("source_id"), {})
                if (
                    j != i
                    and other.get("is_copy") == "false"
                    and _original_publisher(other.get("publisher", "")) == origin
                ):
                    yield Problem(
                        file,
                        line(i),
                        "preferred",
                        "true",
                        "copy-preferred",
                        f"cites a copy of {origin}, whose original row {line(j)} cites: prefer the original",
                    )
                    break


def announced_within_horizon(ds: Dataset) -> Iterator[Problem]:
    """Nothing is announced after the record's horizon: the record is checked through that day only."""
    horizon = ds.schema.horizon
    if horizon is None:
        return
    for file, at, r in ds.each("events", "figures"):
        announced = _date(r.get("announced_on", ""))
        if announced and announced > horizon:
            yield Problem(
                file,
                at,
                "announced_on",
                r["announced_on"],
                "after-horizon",
                f"after the record's horizon ({horizon}, datapackage.json 'tariffbook:horizon'): move the horizon "
                "once the record is checked through that day",
            )


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
"""A number as a quote writes it: with or without thousands commas and decimals (signs and currency aside)."""

NUMBER_WORDS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))
"""Small numbers a source writes in words ('visited the United States seven times')."""


def _written(value: str, quote: str) -> bool:
    """Whether a quote writes the value: a number in it equal to the value (sign aside), or its word."""
    try:
        target = abs(float(value))
    except ValueError:
        return True  # the schema check reports it
    for token in _NUMBER.findall(quote):
        # a run like '770.1,876' in a JSON array reads as one grouped number: try its parts too
        for part in {token, *token.split(",")}:
            try:
                if part and abs(float(part.replace(",", "")) - target) < 1e-9:
                    return True
            except ValueError:
                continue
    word = NUMBER_WORDS.get(int(target)) if target == int(target) else None
    return bool(word and re.search(rf"\b{word}\b", quote, re.IGNORECASE))


def value_in_quote(ds: Dataset) -> Iterator[Problem]:
    """A preferred figure's value is written in its quote, or its note says it is derived (DERIVED) and how.

    As written there: 12.5, '12.5%', '25 percent', '$15 billion', '6,151.8'. A number the source does not state does
    not go in: the quote is where a reader checks it.
    """
    for file, at, r in ds.each("figures"):
        if r.get("preferred") != "true" or DERIVED in r.get("note", "").lower():
            continue
        if not _written(r.get("value", ""), r.get("quote", "")):
            yield Problem(
                file,
                at,
                "value",
                r["value"],
                "value-in-quote",
                f"{r.get('figure_id', '')}: the value is not written in the quote: quote the words that state it, or "
                f"say in the note that it is {DERIVED} and how",
            )


def event_id_dated(ds: Dataset) -> Iterator[Problem]:
    """An event's id starts with its announced_on (YYYY-MM-DD.COUNTRY.type[.n]): the id says when it was announced."""
    for file, at, r in ds.each("events"):
        day, event = r.get("announced_on", ""), r.get("event_id", "")
        if _date(day) and event and not event.startswith(day + "."):
            yield Problem(
                file, at, "event_id", event, "event-id-date", f"the id's date must be its announced_on ({day})"
            )


def addresses_are_clean(ds: Dataset) -> Iterator[Problem]:
    """Every url and read_at is an absolute http(s) address without a browsing session's debris.

    URL_DEBRIS lists them: tracking and session parameters, AMP renderings. The address is the one another reader
    can open tomorrow.
    """
    for file, at, r in ds.each("sources"):
        for column in ("url", "read_at"):
            address = r.get(column, "")
            if not address:
                continue
            if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(/\S*)?", address):
                yield Problem(
                    file, at, column, address, "address", "must be an absolute http(s) address (https://host/path)"
                )
                continue
            debris = [d for d in URL_DEBRIS if d in address.lower()]
            if debris:
                yield Problem(
                    file,
                    at,
                    column,
                    address,
                    "address",
                    f"holds {debris[0]!r}, a browsing session's or a page rendering's part, not the document's "
                    "address: remove it",
                )


def status_fits_dates(ds: Dataset) -> Iterator[Problem]:
    """An event's status fits its dates as of the record's horizon.

    in_force needs an effective_on on or before the horizon; an announced or threatened measure whose effective_on
    has passed (on or before the horizon) says what became of it (superseded, in_force, paused, ...), or its note
    says that was not found (OUTCOME_UNKNOWN).
    """
    horizon = ds.schema.horizon
    if horizon is None:
        return
    for file, at, r in ds.each("events"):
        status, effective = r.get("status", ""), _date(r.get("effective_on", ""))
        if status == "in_force" and (effective is None or effective > horizon):
            when = "no effective_on" if effective is None else f"effective_on after the horizon ({horizon})"
            yield Problem(
                file,
                at,
                "status",
                status,
                "status-dates",
                f"in_force needs the day it took effect, on or before the horizon ({horizon}); it has {when}",
            )
        passed = effective is not None and effective <= horizon
        if status in PASSED_STATUSES and passed and OUTCOME_UNKNOWN not in r.get("note", ""):
            yield Problem(
                file,
                at,
                "status",
                status,
                "status-dates",
                f"{status}, but it was to take effect on {effective}, before the horizon: say what became of it "
                f"(superseded, in_force, paused ...) or, in the note, that it was '{OUTCOME_UNKNOWN}'",
            )


def no_viewer_text(ds: Dataset) -> Iterator[Problem]:
    """A quote holds the document's words, not a viewer's screen labels.

    VIEWER_LABELS lists them: 'Details FieldValue', 'Unit of Quantity', 'General Rate of Duty' ...
    """
    for file, at, r in ds.each("events", "figures"):
        found = [label for label in VIEWER_LABELS if label in r.get("quote", "")]
        if found:
            yield Problem(
                file,
                at,
                "quote",
                r["quote"],
                "viewer-text",
                f"holds a viewer's screen label ({found[0]!r}): quote the document itself",
            )


DOCUMENTS = "documents"
"""The folder of the archived texts, in the dataset folder."""

MANIFEST = "documents/manifest.csv"
"""The archived texts' manifest (resource 'documents'), relative to the dataset folder."""

NOT_ARCHIVED = "not archived: "
"""How a source's archive cell starts when it gives a reason instead of a path."""


def _manifest(ds: Dataset) -> list[dict[str, str]]:
    path = ds.folder / MANIFEST
    return read_rows(path)[1] if path.is_file() else []


def archive_is_whole(ds: Dataset) -> Iterator[Problem]:
    """The archive is complete and unchanged.

    Every source's archive path exists and has its manifest row, every file in documents/ is listed in the manifest,
    and each file has the sha256 the manifest states.
    """
    rows = _manifest(ds)
    listed = {m.get("file", ""): (line(i), m) for i, m in enumerate(rows)}
    by_source = {m.get("source_id", ""): m for m in rows}
    for file, at, r in ds.each("sources"):
        archive = r.get("archive", "")
        if not archive or archive.startswith(NOT_ARCHIVED):
            continue
        if not (ds.folder / archive).is_file():
            yield Problem(file, at, "archive", archive, "archive", "no such file in the dataset folder")
        elif by_source.get(r.get("source_id"), {}).get("file") != archive:
            yield Problem(file, at, "archive", archive, "archive", f"no row of {MANIFEST} lists this source's file")
    folder = ds.folder / DOCUMENTS
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.name != "manifest.csv") if folder.is_dir() else []
    for path in files:
        name = f"{DOCUMENTS}/{path.name}"
        if name not in listed:
            yield Problem(name, 0, "", "", "archive", f"not listed in {MANIFEST}")
            continue
        at, m = listed[name]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if m.get("sha256") != digest:
            yield Problem(
                MANIFEST, at, "sha256", m.get("sha256", ""), "archive", f"{name} has sha256 {digest}: the file changed"
            )
    for name, (at, _) in listed.items():
        if name and not (ds.folder / name).is_file():
            yield Problem(MANIFEST, at, "file", name, "archive", "no such file in the dataset folder")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _not_found(quote: str, text: str) -> str | None:
    """The words from which a quote is not in the text ('...' separates fragments, found in order), or None."""
    at = 0
    for fragment in (f for f in (_normal(x) for x in _normal(quote).split(" ... ")) if f):
        found = text.find(fragment, at)
        if found >= 0:
            at = found + len(fragment)
            continue
        words = fragment.split(" ")
        good = 0  # how many of its first words are found, in one piece, from here on
        while good < len(words) and text.find(" ".join(words[: good + 1]), at) >= 0:
            good += 1
        return " ".join(words[good : good + 6])
    return None


def quotes_in_documents(ds: Dataset) -> Iterator[Problem]:
    """A preferred row whose source has an archived text quotes it verbatim.

    Runs of whitespace count as one space; ' ... ' separates fragments that must each appear, in order. Anyone can
    check the quote against the text.
    """
    archived = {
        r.get("source_id"): r["archive"]
        for _, _, r in ds.each("sources")
        if r.get("archive") and not r["archive"].startswith(NOT_ARCHIVED) and (ds.folder / r["archive"]).is_file()
    }
    texts: dict[str, str] = {}
    for file, at, r in ds.each("events", "figures"):
        document = archived.get(r.get("source_id"))
        if r.get("preferred") != "true" or document is None:
            continue
        if document not in texts:
            texts[document] = _normal((ds.folder / document).read_text(encoding="utf-8", errors="replace"))
        missing = _not_found(r.get("quote", ""), texts[document])
        if missing is not None:
            row = r.get("event_id") or r.get("figure_id", "")
            yield Problem(
                file,
                at,
                "quote",
                r.get("quote", ""),
                "quote-in-document",
                f"{row}: quote not found in {document} from '{missing}...'",
            )


def separated_by_commas(ds: Dataset) -> Iterator[Problem]:
    """A table is separated by commas.

    A file saved with ';' (a spreadsheet in many locales) gets one problem that names the separator, not one per
    missing column (tariffbook.data.validate reports it as the file's root cause).
    """
    for name in TABLES:
        path = ds.folder / ds.schema.path(name)
        found = wrong_separator(ds.schema.path(name), path) if path.is_file() else None
        if found:
            yield found


def series_unchanged(ds: Dataset) -> Iterator[Problem]:
    """A published series is the file its publisher committed.

    Its sha256 is the one its resource's `hash` states (datapackage.json), so a re-saved or edited copy is caught.
    """
    for res in ds.schema.descriptor.get("resources", []):
        if res.get("name") in TABLES or not str(res.get("hash", "")).startswith("sha256:"):
            continue
        path = ds.folder / res["path"]
        if not path.is_file():
            yield Problem(res["path"], 0, "", "", "series-hash", f"file not found in {ds.folder}")
            continue
        stated, digest = res["hash"].removeprefix("sha256:"), hashlib.sha256(path.read_bytes()).hexdigest()
        if stated != digest:
            yield Problem(
                res["path"],
                0,
                "hash",
                res["hash"],
                "series-hash",
                f"the file's sha256 is {digest}, not the one its resource states (datapackage.json {res['name']!r}): "
                "restore the published file",
            )


RULES: list[Rule] = [
    effective_not_before_announced,
    real_country_codes,
    quotes_not_blank,
    metric_in_its_units,
    sector_only_on_sectoral_rates,
    percent_within_range,
    one_preferred_figure_per_quantity,
    one_preferred_event_per_group,
    ungrouped_events_preferred,
    every_source_cited,
    rates_state_their_basis,
    instrument_or_why_not,
    basis_only_on_rates,
    period_range_in_order,
    range_starts_when_effective,
    no_copy_over_its_original,
    announced_within_horizon,
    value_in_quote,
    event_id_dated,
    addresses_are_clean,
    status_fits_dates,
    no_viewer_text,
    archive_is_whole,
    quotes_in_documents,
    separated_by_commas,
    series_unchanged,
]
"""Every domain rule, run in this order by tariffbook.data.validate."""
