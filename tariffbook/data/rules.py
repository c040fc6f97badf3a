"""The domain rules a schema cannot state: one small function per rule, all listed in RULES.

The rules of the rows' shape are here (dates, codes, units, one preferred row, periods, statuses); those of
provenance (quotes, addresses, copies) in tariffbook.data.provenance; those of the archived texts and the
published series in tariffbook.data.archive.

Each rule takes the dataset (its rows as read, strings as in the CSV) and yields a Problem for every row
that breaks it, naming file, line, column, the bad value and the rule. tariffbook.data.validate runs them
after the Frictionless schema check.

To add a rule: write a function `def rule_name(ds: Dataset) -> Iterator[Problem]` in the module of its kind, with
a docstring saying what it checks and why, append it to RULES, and add one test in tests/unit/test_validate_bad.py
that breaks a copy of the data in exactly that way and expects exactly that problem.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from tariffbook.data.archive import archive_is_whole, quotes_in_documents, series_unchanged
from tariffbook.data.countries import is_iso3
from tariffbook.data.dataset import Dataset, Problem, Rule, line, wrong_separator
from tariffbook.data.provenance import (
    addresses_are_clean,
    every_source_cited,
    no_copy_over_its_original,
    no_viewer_text,
    quotes_not_blank,
    value_in_quote,
)
from tariffbook.data.schema import TABLES
from tariffbook.domain import (
    INSTRUMENT_UNKNOWN,
    OUTCOME_UNKNOWN,
    PASSED_STATUSES,
    PRODUCT_RATES,
    RATES_ON_GOODS,
    SECONDARY,
)

OUTSIDE_RANGE_NOTE = "Outside 0–100"
"""The phrase a figure's note must contain for a percentage outside 0-100 to be accepted (China's 125%)."""


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
    """Rows with the same metric, country, sector and period report one quantity: exactly one is preferred.

    Unless every row of it is secondary (its note starts with domain.SECONDARY): a fact only a secondary source
    gives, the document not found, is kept as reported with no preferred row.
    """
    rows, file = ds.rows.get("figures", []), ds.schema.path("figures")
    quantities = defaultdict(list)
    for i, r in enumerate(rows):
        quantities[(r.get("metric", ""), r.get("country"), r.get("sector", ""), r.get("period"))].append(i)
    for (metric, country, sector, period), indexes in quantities.items():
        preferred, at = _chosen(rows, indexes)
        secondary = all(rows[j].get("note", "").startswith(SECONDARY) for j in indexes)
        if len(preferred) != 1 and not (secondary and not preferred):
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
        secondary = all(rows[j].get("note", "").startswith(SECONDARY) for j in indexes)
        if len(preferred) != 1 and not (secondary and not preferred):
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


def event_id_dated(ds: Dataset) -> Iterator[Problem]:
    """An event's id starts with its announced_on (YYYY-MM-DD.COUNTRY.type[.n]): the id says when it was announced."""
    for file, at, r in ds.each("events"):
        day, event = r.get("announced_on", ""), r.get("event_id", "")
        if _date(day) and event and not event.startswith(day + "."):
            yield Problem(
                file, at, "event_id", event, "event-id-date", f"the id's date must be its announced_on ({day})"
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
