"""The bitemporal heart of the book: which rate was in force on a day, under which statute, and what had been announced.

Each rate row carries announced_on (when it became known), effective_on (when it applies), its legal basis (the
statute), its instrument (the order, proclamation or notice) and how it applies (on top of the normal duty, or
as a minimum total including it). The record runs through three regimes for the headline rate:

- IEEPA, from the 10% baseline of 5 April 2025 until 23 February 2026 (domain.BASIS_ENDED: the Supreme Court
  ruling of 20 February 2026; CBP stopped collecting on 24 February);
- Section 122, 10% on every partner from 24 February to 23 July 2026 (the row's period `2026-02-24/2026-07-23`);
- Section 301 from 24 July 2026, partner by partner, where the record has a rate.

How a day is read:

- The base rate is the applicable rate row with the latest effective date; ties go to the later announcement,
  then to the more specific row (a country's own rate beats a group rate). A later-effective row supersedes an
  earlier one even if it has since ended.
- A row stops applying after the end its period states (`start/end`), or when its legal basis ended.
- If the base rate has stopped applying and no later row replaced it, the answer is "not in the record": a
  RateInForce with `rate` None and a `reason`. The previous regime's rate is never carried forward.
- A surcharge (tariff_rate_additional) stacks on the base rate from its effective date while its own basis
  stands (Brazil's 40% of EO 14323 from 6 August 2025; India's 25% of EO 14329 from 27 August 2025; both ended
  with IEEPA; Brazil's own 25% under Section 301 from 22 July 2026).
- `known_on=` reads the record as it stood that day (tariffbook.data.load.as_known_on): the rows announced by
  then, each quantity represented by its preferred row if known, else the best row known then.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tariffbook import words
from tariffbook.data.countries import country_name, covers, resolve_country
from tariffbook.data.load import as_known_on, load_figures, period_end, within_record
from tariffbook.domain import (
    BASE_IN_FORCE,
    BASIS_ENDED,
    DID_NOT_APPLY,
    IN_FORCE_PERIOD,
    NOT_A_PARTNER,
    NOT_MODELLED,
    SPECIFIC_GROUPS,
    STACKED,
)
from tariffbook.words import RateStatus

ORDER = ["effective_on", "announced_on", "specificity"]
"""The order in which rates that took effect replace one another (the last one stands)."""


@dataclass(frozen=True)
class RatePart:
    """One row behind a rate in force: the base rate, or a surcharge stacked on it.

    Attributes:
        figure_id: the row.
        source_id: its source.
        metric: tariff_rate_baseline, _reciprocal, _in_force (a base rate) or _additional (a surcharge).
        value: percent.
        legal_basis: the statute (ieepa, section_122, section_301, ...); None where the row does not say.
        instrument: the order, proclamation or notice that set it ('EO 14326', 'Proclamation 11012'); None if
            the sources searched do not identify it.
        applies_as: 'additional' (on top of the normal duty) or 'minimum_total' (the rate including it).
        effective_on: the day it took effect.
        ends_on: the last day it applies, where its period or the end of its legal basis says; else None.
    """

    figure_id: str
    source_id: str
    metric: str
    value: float
    legal_basis: str | None
    instrument: str | None
    applies_as: str | None
    effective_on: pd.Timestamp
    ends_on: pd.Timestamp | None


@dataclass(frozen=True)
class RateInForce:
    """The headline rate in force for a country on a day, with the rows it comes from and their legal basis.

    When the record has no rate for the day (a regime ended and nothing in the record replaced it), `rate` is
    None and `reason` says why, starting with "not in the record". Test it with `in_record`.

    Attributes:
        country: ISO3 code.
        on: the day asked about.
        rate: percent, the base rate plus any stacked surcharge; None when not in the record.
        base_rate: percent, the base rate alone; None when not in the record.
        figure_ids: the rows used, the base row first, then the surcharges.
        source_ids: the sources of those rows, in the same order.
        legal_basis: the base rate's statute (ieepa, section_122, section_301); each part has its own.
        instrument: the base rate's instrument ('EO 14345', 'Proclamation 11012', 'FR 2026-15274; FR 2026-15181').
        applies_as: how the base rate applies: 'additional' or 'minimum_total'.
        parts: every row used, as RatePart, base first.
        reason: why there is no rate, when `rate` is None; else "".
    """

    country: str
    on: pd.Timestamp
    rate: float | None
    base_rate: float | None
    figure_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    legal_basis: str | None = None
    instrument: str | None = None
    applies_as: str | None = None
    parts: tuple[RatePart, ...] = ()
    reason: str = ""

    @property
    def in_record(self) -> bool:
        """Whether the record has a rate for the day."""
        return self.rate is not None

    @property
    def status(self) -> RateStatus:
        """What the record says of the day: a duty applied, none applied, or nothing is known.

        IN_FORCE when a duty applied; NO_TARIFF when the record shows none applied (a rate of 0, its row's note
        says why); NOT_IN_RECORD when a rate ended and the record has none after it.
        """
        if self.rate is None:
            return RateStatus.NOT_IN_RECORD
        return RateStatus.IN_FORCE if self.rate else RateStatus.NO_TARIFF

    def describe(self) -> str:
        """'12.5% in total, including the normal duty (Section 301, FR 2026-15274; FR 2026-15181)', or the reason."""
        if self.rate is None:
            return self.reason
        return "; plus ".join(describe_part(p) for p in self.parts)


def describe_part(part: RatePart) -> str:
    """'40% on top of the normal duty (IEEPA, EO 14323)' for one row."""
    how = words.phrase(part.applies_as, "applies_as")
    basis = ", ".join(x for x in (words.label(part.legal_basis, "legal_basis"), part.instrument or "") if x)
    return f"{part.value:g}%" + (f" {how}" if how else "") + (f" ({basis})" if basis else "")


def to_day(value, name: str) -> pd.Timestamp:
    """A date argument as a day (midnight), or a ValueError naming the argument.

    Args:
        value: anything pandas reads as a date: '2025-08-07', a date, a Timestamp.
        name: the argument's name, for the message.
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {value!r}") from exc
    if pd.isna(ts):
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {value!r}")
    return ts.normalize()


def specificity(code: str, country: str) -> int:
    """2 for the country's own row, 1 for a specific group's (EU, ASEAN, not in Annex I), 0 for all partners'."""
    return 2 if code == country else (1 if code in SPECIFIC_GROUPS else 0)


def not_in_annex_i(figures: pd.DataFrame, country: str) -> bool:
    """Does the 'not listed in Annex I' rate of 7 August 2025 apply to the country?

    Only if it has no rate of its own in that Annex, is not an EU member (the EU has its own row), and the order
    did apply to it (domain.DID_NOT_APPLY: EO 14326 did not modify China's reciprocal tariff).
    """
    own = figures[
        (figures["metric"] == "tariff_rate_in_force")
        & (figures["country"] == country)
        & (figures["period"] == IN_FORCE_PERIOD)
    ]
    return own.empty and not covers("EU", country) and (country, "tariff_rate_in_force") not in DID_NOT_APPLY


def applicable(figures: pd.DataFrame, country: str, metrics) -> pd.DataFrame:
    """Preferred rows of the given metrics that apply to the country (its own rows or its groups').

    Each row gets `ends_on`, the last day its own period states (for a `start/end` period), and `specificity`.
    """
    rows = figures[figures["metric"].isin(metrics) & figures["preferred"]].copy()
    rows["metric"] = rows["metric"].astype(str)
    unlisted = not_in_annex_i(figures[figures["preferred"]], country)
    rows = rows[rows["country"].map(lambda code: covers(code, country, not_in_annex_i=unlisted))]
    rows["specificity"] = [specificity(c, country) for c in rows["country"]]
    ranged = rows["period"].str.contains("/", regex=False)
    rows["ends_on"] = pd.to_datetime(rows["period"].where(ranged, "").map(lambda p: period_end(p) if p else pd.NaT))
    return rows


def check_country(country: str) -> str:
    """The ISO3 code of a partner the rate model covers, or a ValueError saying why not."""
    code = resolve_country(country)
    if code in NOT_A_PARTNER:
        raise ValueError(f"no rate for {code}: {NOT_A_PARTNER[code]}")
    if code in NOT_MODELLED:
        raise ValueError(f"rate_in_force does not cover {code}: {NOT_MODELLED[code]}")
    return code


def last_day(row: pd.Series, known: pd.Timestamp | None) -> pd.Timestamp | None:
    """The last day a row applies, or None when nothing ends it.

    That is the end its period states, or the end of its legal basis if known by `known` (None: known today).
    """
    ends = [row["ends_on"]] if pd.notna(row["ends_on"]) else []
    basis = BASIS_ENDED.get(row.get("legal_basis") or "")
    if basis is not None and (known is None or basis[1] <= known):
        ends.append(basis[0])
    return min(ends) if ends else None


def _stopped(row: pd.Series, day: pd.Timestamp, known: pd.Timestamp | None) -> pd.Timestamp | None:
    """The row's last day if it had stopped applying by `day`, else None."""
    last = last_day(row, known)
    return last if last is not None and day > last else None


def in_force_rows(rows: pd.DataFrame, day: pd.Timestamp, known: pd.Timestamp | None):
    """What applies on `day`: (base row, surcharges, None).

    (None, [], (row, last day)) when the latest base rate has stopped applying; (None, [], None) before any.
    """
    took = rows[rows["effective_on"].notna() & (rows["effective_on"] <= day)]
    base = took[took["metric"].isin(BASE_IN_FORCE)].sort_values(ORDER, na_position="first")
    if base.empty:  # before any base rate: only what stacks on nothing (China's fentanyl duty, 2-4 April 2025)
        return None, _stacked(took, day, known), None
    top = base.iloc[-1]
    ended = _stopped(top, day, known)
    if ended is not None:
        return None, [], (top, ended)
    return top, _stacked(took, day, known), None


def _stacked(took: pd.DataFrame, day: pd.Timestamp, known: pd.Timestamp | None) -> list[pd.Series]:
    """The stacked duties applying on `day`.

    On each track (metric and legal basis), the latest that took effect, if it has not stopped applying.
    """
    rows = took[took["metric"].isin(STACKED)].sort_values(ORDER, na_position="first")
    latest = rows.groupby([rows["metric"], rows["legal_basis"].astype(str)], sort=False).tail(1)
    return [r for _, r in latest.sort_values(ORDER).iterrows() if _stopped(r, day, known) is None]


def _part(r: pd.Series, known: pd.Timestamp | None) -> RatePart:
    def text(col):
        v = r.get(col)
        return None if v is None or pd.isna(v) or v == "" else str(v)

    return RatePart(
        figure_id=r["figure_id"],
        source_id=r["source_id"],
        metric=r["metric"],
        value=float(r["value"]),
        legal_basis=text("legal_basis"),
        instrument=text("instrument"),
        applies_as=text("applies_as"),
        effective_on=r["effective_on"],
        ends_on=last_day(r, known),
    )


def _gap(code: str, row: pd.Series, last: pd.Timestamp) -> str:
    """The reason a day is not in the record, in a reader's words: what ended, when, and that nothing replaced it.

    The row that ended is the answer's source (RateInForce.figure_ids of the day before); its id stays out of
    the words.
    """
    basis = words.label(row.get("legal_basis"), "legal_basis") or "the"
    if pd.notna(row["ends_on"]) and row["ends_on"] == last:
        what = f"the {row['value']:g}% {basis} rate ended on {words.day(last)}"
    else:
        what = f"{basis} duties ended on {words.day(last)} (the {row['value']:g}% rate until then)"
    return (
        f"{words.upper_first(words.NOT_IN_RECORD)}: {what}, and the record has no later rate for {country_name(code)}"
    )


def knowledge(figures, known_on) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """The figures as known on `known_on` (all of them for None), and that day (checked), or None."""
    figs = load_figures() if figures is None else figures
    if known_on is None:
        return figs, None
    known = within_record(to_day(known_on, "known_on"), "known_on")
    return as_known_on(figs, known), known


def rate_in_force(country: str, on, *, known_on=None, figures: pd.DataFrame | None = None) -> RateInForce | None:
    """The headline tariff rate in force for a country on a day, with its legal basis and instrument.

    Follows the record through its regimes (IEEPA until 23 February 2026, Section 122 until 23 July 2026,
    Section 301 from 24 July 2026): see the module's docstring for the rules.

    Args:
        country: ISO3 code or English name.
        on: the day (at most the record's horizon, tariffbook.horizon()).
        known_on: read the record as it stood that day: only what had been announced by then, including rows
            that are not preferred today (default: everything the record knows, including measures later made
            retroactive).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        The rate and its rows; a RateInForce with rate None and a reason ("not in the record: ...") when a
        regime ended and the record has no rate after it; None before any headline tariff applied (before the
        10% baseline of 5 April 2025).

    Raises:
        ValueError: an unknown country, the United States, one outside the model (domain.NOT_MODELLED), a bad
            date, or a date past the horizon ("the record is checked through ...").
    """
    code = check_country(country)
    day = within_record(to_day(on, "on"), "on")
    figs, known = knowledge(figures, known_on)
    return answer(code, day, figs, known)


def partner_rows(figures: pd.DataFrame, code: str) -> pd.DataFrame:
    """The preferred headline-rate rows that can apply to a partner: its own and its groups'.

    Every group's, the 'not in Annex I' rate included: which of them applies is decided day by day. Reading only
    these makes each day asked about cheaper, and only their dates can change the answer.
    """
    keep = (
        figures["preferred"]
        & figures["metric"].isin((*BASE_IN_FORCE, *STACKED))
        & figures["country"].map(lambda c: covers(c, code, not_in_annex_i=True))
    )
    return figures[keep]


def answer(code: str, day: pd.Timestamp, figures: pd.DataFrame, known: pd.Timestamp | None) -> RateInForce | None:
    """What rate_in_force answers for a partner code on a day, from figures already read as known (no checks).

    Args:
        code: the partner's ISO3 code, checked.
        day: the day, checked against the horizon.
        figures: the figures as known on `known` (the whole record when `known` is None).
        known: the day the record is read as of (None: everything it knows).
    """
    rows = applicable(figures, code, (*BASE_IN_FORCE, *STACKED))
    top, extra, ended = in_force_rows(rows, day, known)
    if ended is not None:
        reason = _gap(code, *ended)
        return RateInForce(code, day, rate=None, base_rate=None, figure_ids=(), source_ids=(), reason=reason)
    if top is None and not extra:
        return None
    parts = tuple(_part(r, known) for r in ([top] if top is not None else []) + extra)
    return RateInForce(
        country=code,
        on=day,
        rate=float(sum(p.value for p in parts)),
        base_rate=parts[0].value if top is not None else None,
        figure_ids=tuple(p.figure_id for p in parts),
        source_ids=tuple(p.source_id for p in parts),
        legal_basis=parts[0].legal_basis,
        instrument=parts[0].instrument,
        applies_as=parts[0].applies_as,
        parts=parts,
    )
