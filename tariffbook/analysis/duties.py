"""Each partner's duty by product on a day: the country-wide duty, and every product group with a rate of its own.

duties_in_force answers "what did a Japanese car, a Korean steel coil or a Chinese crane pay on this day, under
which statute, and does it add to the country-wide duty?". Its first row is rate_in_force's answer; then one row
per product group of the record (the `sector` of the sectoral rates and of China's Section 301 lists):

- the rate in force for the group: of the rows that took effect by the day and have not ended, the most specific
  (the country's own rate before a group's: Japan's 15% on cars before all partners' 25%), then the latest;
- `stacks`: whether it adds to the country-wide duty ("no" for Section 232 goods, "yes" for China's Section 301
  lists, "non-metal content" for steel, aluminium and copper while the country-wide duty applied to the rest of the
  good): tariffbook.domain.STACKS_BY_BASIS and METAL_CONTENT;
- a group whose rate is announced for a later day is "scheduled"; one the record has no rate for is "not in the
  record" (the country-wide duty may apply to it, or an exemption: the record does not say).
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.rates import (
    applicable,
    check_country,
    knowledge,
    last_day,
    rate_in_force,
    specificity,
    to_day,
)
from tariffbook.data.load import within_record
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import load_schema
from tariffbook.domain import METAL_CONTENT, PRODUCT_LIST, PRODUCT_RATES, STACKS_BY_BASIS

COUNTRY_WIDE = "country_wide"
"""The group of duties_in_force's first row: all of a partner's goods."""

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


def _group_row(sector: str, rows: pd.DataFrame, day: pd.Timestamp, known: pd.Timestamp | None) -> dict:
    """One product group's row: its rate in force on `day`, else what is scheduled or ended, else a gap."""
    blank = dict.fromkeys(COLUMNS, None) | {"group": sector, "label": words.label(sector, "sector"), "note": ""}
    took = rows[rows["effective_on"].notna() & (rows["effective_on"] <= day)]
    alive = took[[last_day(r, known) is None or last_day(r, known) >= day for _, r in took.iterrows()]]
    if len(alive):
        r = alive.sort_values(["specificity", "effective_on", "announced_on"]).iloc[-1]
        status = words.RateStatus.IN_FORCE if r["value"] else words.RateStatus.NO_TARIFF
        return blank | _fields(r, known) | {"status": str(status), "stacks": stacks(sector, r["legal_basis"], day)}
    later = rows[rows["effective_on"].notna() & (rows["effective_on"] > day) & ~(rows["announced_on"] > day)]
    if len(later):  # announced by the day, to take effect later: the first to come, the most specific that day
        r = later.sort_values(["effective_on", "specificity"], ascending=[True, False]).iloc[0]
        when = f"takes effect on {words.day(r['effective_on'])}"
        extra = {"status": SCHEDULED, "note": when, "stacks": stacks(sector, r["legal_basis"], r["effective_on"])}
        return blank | _fields(r, known) | extra
    if len(took):
        r = took.sort_values(["effective_on", "specificity"]).iloc[-1]
        return blank | _fields(r, known) | {"status": ENDED, "rate": None}
    return blank | {"status": str(words.RateStatus.NOT_IN_RECORD), "note": "no rate of its own in the record"}


def _fields(r: pd.Series, known: pd.Timestamp | None) -> dict:
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


def _country_row(code: str, day: pd.Timestamp, figures: pd.DataFrame, known_on) -> dict:
    r = rate_in_force(code, day, figures=figures, known_on=known_on)
    row = dict.fromkeys(COLUMNS, None) | {"group": COUNTRY_WIDE, "label": "All goods (country-wide)", "stacks": ""}
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
    code = check_country(country)
    day = within_record(to_day(on, "on"), "on")
    figs, known = knowledge(figures, known_on)
    rows = applicable(figs, code, PRODUCT_RATES)
    rows = rows[rows["effective_on"].notna() | rows["announced_on"].notna()]
    rows = rows.assign(sector=rows["sector"].astype(str), specificity=[specificity(c, code) for c in rows["country"]])
    out = [_country_row(code, day, figures, known_on)]
    for sector in _sectors():
        mine = rows[rows["sector"] == sector]
        if mine.empty and _list_only(sector, figs):
            continue  # another partner's product list (China's Section 301 lists)
        out.append(_group_row(sector, mine, day, known))
    return pd.DataFrame(out, columns=COLUMNS)


def _sectors() -> list[str]:
    """The product groups, in the data package's order (figures.csv `sector`)."""
    fields = {f["name"]: f for f in load_schema(data_dir()).fields("figures")}
    return list(fields["sector"]["constraints"]["enum"])


def _list_only(sector: str, figures: pd.DataFrame) -> bool:
    """Whether a sector is only ever a product list (China's): other partners have no row for it to miss."""
    used = figures.loc[figures["sector"].astype(str) == sector, "metric"].astype(str)
    return not used.empty and (used == PRODUCT_LIST).all()
