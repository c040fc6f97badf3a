"""What the record does not know: its horizon note, and the facts the curators' notes call unconfirmed.

unconfirmed() reads the notes of the rows announced since the Supreme Court's ruling for the sentences that call
a fact unconfirmed and do not go on to confirm it; the chapter after the ruling lists them.
"""

from __future__ import annotations

import re

import pandas as pd

from tariffbook.analysis.events import preferred_events
from tariffbook.analysis.queries import preferred
from tariffbook.analysis.spans import day_of_record
from tariffbook.data.countries import resolve_country
from tariffbook.data.load import as_known_on, load_figures
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import load_schema
from tariffbook.domain import BASIS_ENDED
from tariffbook.words import MONTHS

CONFIRMED = ("confirmed by", "confirms it", "confirmed here")
"""A note's sentence that says a fact was unconfirmed and then confirmed is not a gap of the record."""


def horizon_note() -> str:
    """The descriptor's note on the horizon: what 'nothing found' means near it."""
    return str(load_schema(data_dir()).descriptor.get("tariffbook:horizon_note", ""))


def _sentences(note: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", str(note)) if s.strip()]


def _days_named(sentence: str, year: int) -> set[pd.Timestamp]:
    """The days a sentence names as 'D Month' or 'D Month YYYY' (the row's year when it gives none)."""
    found = re.findall(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")(?: (\d{4}))?", sentence)
    return {pd.Timestamp(int(y or year), MONTHS.index(m) + 1, int(d)) for d, m, y in found}


def _confirmed_days(events: pd.DataFrame) -> set[pd.Timestamp]:
    """The days of preferred events whose own note says a second source confirmed them."""
    notes = events["note"].fillna("").astype(str).str.lower()
    said = notes.map(lambda n: any(c in n for c in CONFIRMED)).astype(bool)
    return set(events.loc[said, "announced_on"])


def unconfirmed(countries, as_of=None) -> pd.DataFrame:
    """What the curators' notes say the sources left unconfirmed, for this chapter's subject, as known by `as_of`.

    The notes of the preferred rows announced since the Supreme Court's ruling: court rulings, refunds, the
    statutes that followed, and rates or figures that concern the partners chosen or all of them. Each sentence
    of a note that calls a fact unconfirmed (and does not go on to confirm it) is one row, unless it names a day
    on which another row has the fact, confirmed by a second source.

    Returns:
        date, row (event or figure id), sentence, source_id.
    """
    day = day_of_record(as_of)
    codes = {resolve_country(c) for c in countries} | {"ALL", "USA"}
    first = BASIS_ENDED["ieepa"][1]  # the Supreme Court's ruling: what followed it
    known = preferred_events(day)
    ev = known[(known["announced_on"] >= first) & known["country"].isin(codes)].rename(columns={"event_id": "row"})
    figs = preferred(as_known_on(load_figures(), day))
    figs = figs[(figs["announced_on"] >= first) & figs["country"].isin(codes)].rename(columns={"figure_id": "row"})
    rows = pd.concat(
        [ev[["row", "announced_on", "note", "source_id"]], figs[["row", "announced_on", "note", "source_id"]]]
    )
    confirmed = _confirmed_days(known)
    out, seen = [], set()
    for _, r in rows.sort_values(["announced_on", "row"]).iterrows():
        for s in _sentences(r["note"]):
            low = s.lower()
            if any(d in confirmed for d in _days_named(s, r["announced_on"].year)):
                continue  # another row has the fact, confirmed (the stay of 12 June 2026)
            if "unconfirmed" in low and not any(c in low for c in CONFIRMED) and s not in seen:
                seen.add(s)
                out.append({"date": r["announced_on"], "row": r["row"], "sentence": s, "source_id": r["source_id"]})
    return pd.DataFrame(out, columns=["date", "row", "sentence", "source_id"])
