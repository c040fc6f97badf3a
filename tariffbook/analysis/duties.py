"""Each partner's duty by product on a day: the country-wide duty, and every product group with a rate of its own.

duties_in_force answers "what did a Japanese car, a Korean steel coil or a Chinese crane pay on this day, under
which statute, and does it add to the country-wide duty?". Its first row is rate_in_force's answer; then one row
per product group of the record (the `sector` of the sectoral rates and of China's Section 301 lists):

- the rate in force for the group: of the rows that took effect by the day and have not ended, the most specific
  (the country's own rate before a group's: Japan's 15% on cars before all partners' 25%), then the latest;
- `stacks`: whether it adds to the country-wide duty ("no" for Section 232 goods, "yes" for China's Section 301
  lists, "non-metal content" for steel, aluminium and copper while the country-wide duty applied to the rest of the
  good): tariffbook.domain.STACKS_BY_BASIS and METAL_CONTENT;
- a group whose rate is announced for a later day is "scheduled": it has no rate of its own on the day (`rate` is
  empty; `note` says what comes, and from when); one the record has no rate for is "not in the record" (the
  country-wide duty may apply to it, or an exemption: the record does not say).

Over time, each group's spans of days with one answer are tariffbook.analysis.duties_over_time.group_spans. Here,
too: how a chart and a table write a group's duty (duty_label, DRAWN) and a page's table of the day (duties_table).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tariffbook import words
from tariffbook.analysis.rates import (
    RateInForce,
    answer,
    applicable,
    check_country,
    knowledge,
    last_day,
    partner_rows,
    specificity,
    to_day,
)
from tariffbook.analysis.spans import rate_label
from tariffbook.data.load import within_record
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import load_schema
from tariffbook.domain import METAL_CONTENT, PRODUCT_LIST, PRODUCT_RATES, STACKS_BY_BASIS
from tariffbook.words import NOT_IN_RECORD

COUNTRY_WIDE = "country_wide"
"""The group of duties_in_force's first row: all of a partner's goods."""

COUNTRY_WIDE_LABEL = "All goods (country-wide)"
"""How the first row's group reads."""

SCHEDULED = "scheduled"
"""A group whose rate is announced to take effect after the day asked about."""

ENDED = "ended"
"""A group whose rate stopped applying, with nothing after it in the record."""

COLUMNS = [
    "group",
    "label",
    "rate",
    "applies_as",
    "legal_basis",
    "instrument",
    "stacks",
    "status",
    "effective_on",
    "ends_on",
    "figure_id",
    "source_id",
    "note",
]
"""The columns of duties_in_force."""


def stacks(sector: str, legal_basis: str | None, day: pd.Timestamp) -> str:
    """Whether a product duty adds to the country-wide duty on `day`: 'no', 'yes' or 'non-metal content'."""
    span = METAL_CONTENT.get(sector)
    if legal_basis == "section_232" and span and span[0] <= day <= span[1]:
        return "non-metal content"
    return STACKS_BY_BASIS.get(legal_basis or "", "no")


def _group_row(sector: str, rows: list[dict], day: pd.Timestamp, known: pd.Timestamp | None) -> dict:
    """One product group's row: its rate in force on `day`, else what is scheduled or ended, else a gap.

    `rows` are the group's rows as records (a few each: plain Python is much faster here than pandas, and a
    partner's duties are read on every day they can change).
    """
    blank = dict.fromkeys(COLUMNS, None) | {"group": sector, "label": words.label(sector, "sector"), "note": ""}
    took = [r for r in rows if pd.notna(r["effective_on"]) and r["effective_on"] <= day]
    alive = [r for r in took if (end := last_day(r, known)) is None or end >= day]
    if alive:  # the most specific, then the latest (sorted is stable: of equals, the last row in the file)
        r = sorted(alive, key=lambda r: (r["specificity"], r["effective_on"], _late(r["announced_on"])))[-1]
        status = words.RateStatus.IN_FORCE if r["value"] else words.RateStatus.NO_TARIFF
        return blank | _fields(r, known) | {"status": str(status), "stacks": stacks(sector, r["legal_basis"], day)}
    later = [
        r for r in rows if pd.notna(r["effective_on"]) and r["effective_on"] > day and not (r["announced_on"] > day)
    ]
    if later:  # announced by the day, to take effect later: the first to come, the most specific that day
        r = sorted(later, key=lambda r: (r["effective_on"], -r["specificity"]))[0]
        # no rate of its own yet on the day: the rate to come is in the note, never in `rate`
        when = f"{scheduled_text(r)} from {words.day(r['effective_on'])}"
        extra = {"status": SCHEDULED, "note": when, "stacks": stacks(sector, r["legal_basis"], r["effective_on"])}
        return blank | _fields(r, known) | extra | {"rate": None}
    if took:
        r = sorted(took, key=lambda r: (r["effective_on"], r["specificity"]))[-1]
        return blank | _fields(r, known) | {"status": ENDED, "rate": None}
    return blank | {"status": str(words.RateStatus.NOT_IN_RECORD), "note": "no rate of its own in the record"}


def _late(day) -> pd.Timestamp:
    """A day for sorting, a missing one last (as pandas sorts NaT)."""
    return pd.Timestamp.max if pd.isna(day) else day


def scheduled_text(r) -> str:
    """A rate to come in words: '15% in total, including the normal duty', '25% on top of the normal duty'."""
    how = words.phrase(r.get("applies_as"), "applies_as")
    return words.percent(float(r["value"])) + (f" {how}" if how else "")


def _fields(r, known: pd.Timestamp | None) -> dict:
    def text(col):
        v = r.get(col)
        return None if v is None or pd.isna(v) or v == "" else str(v)

    return {
        "rate": float(r["value"]),
        "applies_as": text("applies_as"),
        "legal_basis": text("legal_basis"),
        "instrument": text("instrument"),
        "effective_on": r["effective_on"],
        "ends_on": last_day(r, known),
        "figure_id": r["figure_id"],
        "source_id": r["source_id"],
    }


def _country_row(r: RateInForce | None) -> dict:
    """The first row: the country-wide duty, rate_in_force's answer on the day."""
    row = dict.fromkeys(COLUMNS, None) | {"group": COUNTRY_WIDE, "label": COUNTRY_WIDE_LABEL, "stacks": ""}
    if r is None:
        return row | {"status": str(words.RateStatus.NO_TARIFF), "note": "before the first country-wide tariff"}
    return row | {
        "rate": r.rate,
        "applies_as": r.applies_as,
        "legal_basis": r.legal_basis,
        "instrument": r.instrument,
        "status": str(r.status),
        "effective_on": r.parts[0].effective_on if r.parts else None,
        "ends_on": r.parts[0].ends_on if r.parts else None,
        "figure_id": ";".join(r.figure_ids),
        "source_id": ";".join(r.source_ids),
        "note": r.reason if not r.in_record else (r.describe() if len(r.parts) > 1 else ""),
    }


@dataclass(frozen=True)
class _Record:
    """What one partner's duties are read from, prepared once for any number of days.

    Attributes:
        code: the partner's ISO3 code (checked).
        known: the day the record is read as of (None: the record as a whole).
        headline: the headline-rate rows that can apply to the partner (rates.partner_rows), as known.
        groups: (sector, its rows as records) for each product group the partner can have a rate for, in order.
    """

    code: str
    known: pd.Timestamp | None
    headline: pd.DataFrame
    groups: tuple[tuple[str, list[dict]], ...]

    def on(self, day: pd.Timestamp) -> pd.DataFrame:
        """duties_in_force's table for one day (already checked against the horizon)."""
        # no headline row known yet (the record read as of a day before the first): no country-wide duty yet
        known = answer(self.code, day, self.headline, self.known) if len(self.headline) else None
        out = [_country_row(known)]
        out += [_group_row(sector, rows, day, self.known) for sector, rows in self.groups]
        return pd.DataFrame(out, columns=COLUMNS)


GROUP_FIELDS = ["figure_id", "country", "value", "effective_on", "announced_on", "ends_on", "specificity",
                "legal_basis", "instrument", "applies_as", "source_id"]  # fmt: skip
"""The columns of a product row that _group_row reads."""


def _record(country: str, figures: pd.DataFrame | None, known_on) -> _Record:
    """A partner's duty rows, as the record stood on `known_on` (all of it for None)."""
    code = check_country(country)
    figs, known = knowledge(figures, known_on)
    rows = applicable(figs, code, PRODUCT_RATES)
    rows = rows[rows["effective_on"].notna() | rows["announced_on"].notna()]
    rows = rows.assign(sector=rows["sector"].astype(str), specificity=[specificity(c, code) for c in rows["country"]])
    lists = _lists_only(figs)
    groups = []
    for sector in _sectors():
        mine = rows[rows["sector"] == sector]
        if mine.empty and sector in lists:
            continue  # another partner's product list (China's Section 301 lists)
        groups.append((sector, mine[GROUP_FIELDS].to_dict("records")))
    return _Record(code, known, partner_rows(figs, code), tuple(groups))


def duties_in_force(country: str, on, *, known_on=None, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """A partner's duty on each product group with a rate of its own in the record, on a day.

    Args:
        country: ISO3 code or English name.
        on: the day (at most the record's horizon).
        known_on: read the record as it stood that day (as rate_in_force).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        One row per group (COLUMNS): first the country-wide duty (rate_in_force), then each product group of the
        data package's sectors, in their order there, and China's Section 301 lists where they cover the partner.
        `status` is in_force, no_tariff, scheduled, ended or not_in_record; `stacks` says whether the group's duty
        adds to the country-wide one.

    Raises:
        ValueError: as rate_in_force.
    """
    check_country(country)
    day = within_record(to_day(on, "on"), "on")
    return _record(country, figures, known_on).on(day)


def _sectors() -> list[str]:
    """The product groups, in the data package's order (figures.csv `sector`)."""
    fields = {f["name"]: f for f in load_schema(data_dir()).fields("figures")}
    return list(fields["sector"]["constraints"]["enum"])


def _lists_only(figures: pd.DataFrame) -> set[str]:
    """The sectors that are only ever a product list (China's): other partners have no row for them to miss."""
    metric = figures["metric"].astype(str)
    sectors = figures["sector"].astype(str)
    used = sectors[figures["sector"].notna() & (sectors != "")]
    return {s for s in set(used) if (metric[sectors == s] == PRODUCT_LIST).all()}


# ---------------------------------------------------------------- in words, for the chart and the table

DRAWN = (str(words.RateStatus.IN_FORCE), str(words.RateStatus.NO_TARIFF))
"""The statuses of a span with a rate of its own (0 included): what a chart draws and labels."""


def duty_label(group: str, rate, applies_as, status) -> str:
    """How a chart and a table write a group's duty: '+25%' (on top of the normal duty), '15% total' (including it).

    The country-wide duty reads as the strips of the chapter after the ruling read it ('no duty' for a rate of 0);
    a product group's 0 is '+0%' (its row says no duty on top of the normal one, not that no duty applied). A span
    without a rate of its own reads as its status ('not in the record', 'scheduled').
    """
    if status in DRAWN and rate is not None and not pd.isna(rate):
        if group != COUNTRY_WIDE and rate == 0:
            return "+0%"
        return rate_label(rate, applies_as)
    return words.label(status, "status").lower() if status != str(words.RateStatus.NOT_IN_RECORD) else NOT_IN_RECORD


TABLE_COLUMNS = ["product_group", "duty", "law", "stacks", "since", "source_id"]
"""The columns of duties_table."""


def duties_table(country: str, on, *, known_on=None) -> pd.DataFrame:
    """A page's table of a partner's duties on a day: the country-wide row, then each group with a rate of its own.

    A group scheduled on the day reads as what is coming ('none yet: 15% in total, including the normal duty from
    4 December 2026'); a group the record has no rate for is left out (the chart's subtitle names them).

    Args:
        country: ISO3 code or English name.
        on: the day.
        known_on: read the record as it stood that day.

    Returns:
        TABLE_COLUMNS: the group in words, the duty as the chart writes it ('+25%', '15% total'), the statute and
        the document ('Section 232, Proclamation 11021'), whether it comes in place of the country-wide duty or on
        top of it (a `stacks` code: words.label(..., 'stacks')), the day its row took effect, and the row's source
        (the base rate's, for a country-wide duty made of several rows).
    """
    d = duties_in_force(country, on, known_on=known_on)
    d = d[(d["group"] == COUNTRY_WIDE) | (d["status"] != str(words.RateStatus.NOT_IN_RECORD))]
    rows = []
    for _, r in d.iterrows():
        duty = duty_label(r["group"], r["rate"], r["applies_as"], r["status"])
        if r["status"] == SCHEDULED:
            duty = f"none yet: {r['note']}"
        law = [
            words.label(r["legal_basis"], "legal_basis"),
            r["instrument"] if isinstance(r["instrument"], str) else "",
        ]
        rows.append(
            {
                "product_group": r["label"],
                "duty": duty,
                "law": ", ".join(x for x in law if x),
                "stacks": (r["stacks"] or None) if r["status"] in DRAWN else None,
                "since": r["effective_on"] if r["status"] in DRAWN else None,
                "source_id": str(r["source_id"]).split(";")[0] if isinstance(r["source_id"], str) else None,
            }
        )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
