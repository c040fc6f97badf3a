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
from tariffbook.data.load import as_known_on, load_figures, load_sources, period_end, within_record
from tariffbook.domain import (
    ANNOUNCED,
    BASE_IN_FORCE,
    BASIS_ENDED,
    DEAL_REPLACED_BY,
    IN_FORCE_PERIOD,
    NOT_A_PARTNER,
    NOT_MODELLED,
    SECTORAL,
    SPECIFIC_GROUPS,
    STAGES,
    SURCHARGE,
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
        """IN_FORCE when a rate applied, NOT_IN_RECORD when a rate ended and the record has none after it."""
        return RateStatus.IN_FORCE if self.rate is not None else RateStatus.NOT_IN_RECORD

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


def _specificity(code: str, country: str) -> int:
    return 2 if code == country else (1 if code in SPECIFIC_GROUPS else 0)


def not_in_annex_i(figures: pd.DataFrame, country: str) -> bool:
    """Does the 'not listed in Annex I' rate of 7 August 2025 apply to the country?

    Only if it has no rate of its own in that Annex and is not an EU member (the EU has its own row).
    """
    own = figures[
        (figures["metric"] == "tariff_rate_in_force")
        & (figures["country"] == country)
        & (figures["period"] == IN_FORCE_PERIOD)
    ]
    return own.empty and not covers("EU", country)


def _applicable(figures: pd.DataFrame, country: str, metrics) -> pd.DataFrame:
    """Preferred rows of the given metrics that apply to the country (its own rows or its groups').

    Each row gets `ends_on`, the last day its own period states (for a `start/end` period), and `specificity`.
    """
    rows = figures[figures["metric"].isin(metrics) & figures["preferred"]].copy()
    rows["metric"] = rows["metric"].astype(str)
    unlisted = not_in_annex_i(figures[figures["preferred"]], country)
    rows = rows[rows["country"].map(lambda code: covers(code, country, not_in_annex_i=unlisted))]
    rows["specificity"] = [_specificity(c, country) for c in rows["country"]]
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


def _last_day(row: pd.Series, known: pd.Timestamp | None) -> pd.Timestamp | None:
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
    last = _last_day(row, known)
    return last if last is not None and day > last else None


def _in_force(rows: pd.DataFrame, day: pd.Timestamp, known: pd.Timestamp | None):
    """What applies on `day`: (base row, surcharges, None).

    (None, [], (row, last day)) when the latest base rate has stopped applying; (None, [], None) before any.
    """
    took = rows[rows["effective_on"].notna() & (rows["effective_on"] <= day)]
    base = took[took["metric"].isin(BASE_IN_FORCE)].sort_values(ORDER, na_position="first")
    if base.empty:
        return None, [], None
    top = base.iloc[-1]
    ended = _stopped(top, day, known)
    if ended is not None:
        return None, [], (top, ended)
    extra = [r for _, r in took[took["metric"] == SURCHARGE].iterrows() if _stopped(r, day, known) is None]
    return top, extra, None


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
        ends_on=_last_day(r, known),
    )


def _gap(code: str, row: pd.Series, last: pd.Timestamp) -> str:
    """The reason a day is not in the record: what ended, when, and that nothing in the record replaced it."""
    basis = words.label(row.get("legal_basis"), "legal_basis") or "the"
    if pd.notna(row["ends_on"]) and row["ends_on"] == last:
        what = f"the {row['value']:g}% {basis} rate ({row['figure_id']}) ended on {words.day(last)}"
    else:
        what = f"{basis} duties ended on {words.day(last)} ({row['figure_id']} was the rate until then)"
    return (
        f"{words.upper_first(words.NOT_IN_RECORD)}: {what}, and the record has no later rate for {country_name(code)}"
    )


def _knowledge(figures, known_on) -> tuple[pd.DataFrame, pd.Timestamp | None]:
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
    figs, known = _knowledge(figures, known_on)
    return answer(code, day, figs, known)


def partner_rows(figures: pd.DataFrame, code: str) -> pd.DataFrame:
    """The preferred headline-rate rows that can apply to a partner: its own and its groups'.

    Every group's, the 'not in Annex I' rate included: which of them applies is decided day by day. Reading only
    these makes each day asked about cheaper, and only their dates can change the answer.
    """
    keep = (
        figures["preferred"]
        & figures["metric"].isin((*BASE_IN_FORCE, SURCHARGE))
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
    rows = _applicable(figures, code, (*BASE_IN_FORCE, SURCHARGE))
    top, extra, ended = _in_force(rows, day, known)
    if ended is not None:
        reason = _gap(code, *ended)
        return RateInForce(code, day, rate=None, base_rate=None, figure_ids=(), source_ids=(), reason=reason)
    if top is None:
        return None
    parts = tuple(_part(r, known) for r in [top, *extra])
    return RateInForce(
        country=code,
        on=day,
        rate=float(sum(p.value for p in parts)),
        base_rate=parts[0].value,
        figure_ids=tuple(p.figure_id for p in parts),
        source_ids=tuple(p.source_id for p in parts),
        legal_basis=parts[0].legal_basis,
        instrument=parts[0].instrument,
        applies_as=parts[0].applies_as,
        parts=parts,
    )


# ---------------------------------------------------------------- what had been announced, and its status


@dataclass(frozen=True)
class _Day:
    """What rates_announced needs to give each row its status on one day."""

    rows: pd.DataFrame
    day: pd.Timestamp
    top: pd.Series | None
    live: frozenset[str]
    pauses: frozenset[tuple[str, str]]


def _pauses(figures: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """(country, period) of the rows that pause rates.

    The 90-day pause of 9 April 2025: a pause_length row reports the same country and period as the 10% in force
    during it.
    """
    p = figures[(figures["metric"] == "pause_length") & figures["preferred"]]
    return frozenset(zip(p["country"], p["period"], strict=True))


def _after_effect(r: pd.Series, ctx: _Day) -> str:
    """The status of a base rate or surcharge that took effect and is no longer in force."""
    last = _last_day(r, ctx.day)
    nxt = None
    if r["metric"] in BASE_IN_FORCE:
        took = ctx.rows[
            ctx.rows["metric"].isin(BASE_IN_FORCE)
            & ctx.rows["effective_on"].notna()
            & (ctx.rows["effective_on"] <= ctx.day)
        ].sort_values(ORDER, na_position="first")
        ids = list(took["figure_id"])
        nxt = took.iloc[ids.index(r["figure_id"]) + 1] if r["figure_id"] in ids[:-1] else None
    if last is not None and last < ctx.day and (nxt is None or nxt["effective_on"] > last):
        return "ended" if pd.notna(r["ends_on"]) and r["ends_on"] == last else "struck_down"
    pausing = nxt is not None and (nxt["country"], nxt["period"]) in ctx.pauses
    if pausing and ctx.top is not None and nxt["figure_id"] == ctx.top["figure_id"]:
        return "paused"
    return "superseded"


def _sectoral_status(r: pd.Series, ctx: _Day) -> str:
    """The status of a sectoral rate: in force until a later rate for the same sector took effect, or its end."""
    if pd.isna(r["effective_on"]) or r["effective_on"] > ctx.day:
        return "announced"
    same = ctx.rows[
        (ctx.rows["metric"] == SECTORAL)
        & (ctx.rows["sector"] == r["sector"])
        & ctx.rows["effective_on"].notna()
        & (ctx.rows["effective_on"] <= ctx.day)
    ].sort_values(ORDER)
    if pd.notna(r["ends_on"]) and r["ends_on"] < ctx.day:
        return "ended"
    return "in_force" if same.iloc[-1]["figure_id"] == r["figure_id"] else "superseded"


def _status(r: pd.Series, ctx: _Day) -> str:
    """The status of one announced rate on the day (see rates_announced)."""
    if r["figure_id"] in ctx.live:
        return "in_force"
    if r["metric"] == "tariff_rate_threatened":
        return "threatened"
    if r["metric"] == SECTORAL:
        return _sectoral_status(r, ctx)
    applied = r["metric"] in BASE_IN_FORCE or r["metric"] == SURCHARGE  # a letter or deal never applies itself
    if applied and pd.notna(r["effective_on"]) and r["effective_on"] <= ctx.day:
        return _after_effect(r, ctx)
    # a deal stands until another letter or deal replaces it; the order implementing it does not
    kinds = DEAL_REPLACED_BY if r["metric"] == "tariff_rate_deal" else STAGES
    later = ctx.rows[ctx.rows["metric"].isin(kinds) & (ctx.rows["announced_on"] > r["announced_on"])]
    if r["metric"] != SURCHARGE and not later.empty:
        return "superseded"
    if pd.isna(r["effective_on"]) and r["metric"] == "tariff_rate_deal":
        return "agreed"
    return "announced"


def _own_sectoral(rows: pd.DataFrame) -> pd.DataFrame:
    """Drop a group's sectoral rate where the country's own rate for the same sector starts the same day.

    All partners' 100% on pharmaceuticals did not apply to Japan, whose own rate is 15%.
    """
    sec = rows[rows["metric"] == SECTORAL]
    best = sec.sort_values("specificity").groupby(["sector", "effective_on"], observed=True, dropna=False).tail(1)
    return rows[(rows["metric"] != SECTORAL) | rows.index.isin(best.index)]


def _never_implemented(known: pd.DataFrame, chosen: pd.DataFrame, code: str) -> pd.DataFrame:
    """Announcements that never took effect: one row per quantity and value, status 'threatened'.

    They are kept only as non-preferred reports of a quantity whose preferred row took effect at another value:
    the 15% Section 122 surcharge announced on 21 February 2026, when 10% was charged.
    """
    key = ["metric", "country", "period"]
    rival = known[
        ~known["preferred"]
        & known["metric"].isin(BASE_IN_FORCE)
        & known["announced_on"].notna()
        & known["effective_on"].isna()
        & known["country"].map(lambda c: covers(c, code))
    ].copy()
    if rival.empty:
        return rival
    rival["metric"] = rival["metric"].astype(str)
    took = chosen[chosen["effective_on"].notna()][[*key, "value"]].rename(columns={"value": "chosen_value"})
    rival = rival.merge(took, on=key)
    rival = rival[rival["value"] != rival["chosen_value"]]
    # one row per announcement: the report published closest to it (the Truth Social post of 21 February itself)
    published = rival["source_id"].map(load_sources().set_index("source_id")["published"])
    rival["lag"] = (published - rival["announced_on"]).abs().dt.days.fillna(10**6)
    rival = rival.sort_values(["lag", "figure_id"]).groupby([*key, "value"]).head(1).drop(columns="lag")
    rival["status"] = "threatened"
    rival["specificity"] = [_specificity(c, code) for c in rival["country"]]
    rival["ends_on"] = pd.NaT
    return rival.drop(columns="chosen_value")


COLUMNS = [
    "figure_id",
    "metric",
    "country",
    "sector",
    "value",
    "announced_on",
    "effective_on",
    "ends_on",
    "legal_basis",
    "instrument",
    "applies_as",
    "status",
    "source_id",
    "quote",
]
"""The columns of rates_announced."""


def rates_announced(country: str, as_of, *, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every rate announced for a country by a day, with its status on that day, as the record stood then.

    Lists the headline rates (the stages, surcharges, threats), proposals and the sectoral rates that apply to
    the country. Status is one of:

    - in_force: the headline rate (or a stacked surcharge, or a sectoral rate) applying that day;
    - announced: set to take effect later (the polysilicon duty of 4 December 2026);
    - agreed: a deal rate with no effective date;
    - threatened: a threat, or an announcement that never took effect (the 15% Section 122 surcharge of
      21 February 2026, kept as a non-preferred report beside the 10% charged);
    - paused: took effect and was suspended by the pause that is still running (the 2 April rates, in force on
      9 April 2025, suspended from 10 April);
    - superseded: replaced by a later measure or announcement;
    - ended: reached the end its own source states (Section 122, on 23 July 2026);
    - struck_down: ended with its legal basis (the IEEPA rates after the Supreme Court ruling).

    Args:
        country: ISO3 code or English name.
        as_of: the day (at most the record's horizon).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        One row per rate, by announcement date, with the columns in COLUMNS.

    Raises:
        ValueError: as rate_in_force.
    """
    code = check_country(country)
    day = within_record(to_day(as_of, "as_of"), "as_of")
    figs = load_figures() if figures is None else figures
    known = as_known_on(figs, day)
    rows = _applicable(known, code, ANNOUNCED)
    rows = _own_sectoral(rows[rows["announced_on"].notna() | rows["effective_on"].notna()])
    top, extra, _ = _in_force(rows, day, day)
    live = frozenset([top["figure_id"], *(r["figure_id"] for r in extra)] if top is not None else [])
    ctx = _Day(rows, day, top, live, _pauses(known))
    rows = rows.copy()
    rows["status"] = [_status(r, ctx) for _, r in rows.iterrows()] if len(rows) else []
    rows = pd.concat([rows, _never_implemented(known, rows, code)], ignore_index=True)
    rows["ends_on"] = pd.to_datetime(rows["ends_on"])
    out = rows.sort_values(["announced_on", "effective_on", "figure_id"], na_position="last")[COLUMNS]
    return out.reset_index(drop=True)


def headline_announced(country: str, as_of, *, figures: pd.DataFrame | None = None) -> pd.Series | None:
    """The latest-announced stage rate still standing on `as_of` (in force, announced or agreed)."""
    table = rates_announced(country, as_of, figures=figures)
    live = table[table["status"].isin(["in_force", "announced", "agreed"]) & table["metric"].isin(STAGES)]
    return None if live.empty else live.sort_values("announced_on").iloc[-1]
