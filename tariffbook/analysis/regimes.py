"""After the Supreme Court ruling: the statute behind each partner's duty over time, the refunds, two years of trade.

The tables and sentences of the chapter notebooks/after_the_ruling.ipynb and of the introduction's chart:

- basis_segments: each partner's headline duty as spans of days with one rate, one legal basis (IEEPA, Section
  122, Section 301) and one way of applying (on top of the normal duty, or a minimum total including it); a span
  where a rate ended and the record has nothing after it is "not in the record", never the previous rate;
- regime_notes: the court rulings and the regime changes a chart writes above the strips, in the words of the
  event rows;
- refund_figures, refund_events: the IEEPA duties paid and refunded (CBP's CAPE process), and the court orders;
- trade_years: 2024 against 2025 for the partners the record has both years for;
- the sentences the pages state (basis_summary, lede, refunds_summary, trade_summary) and what the record does
  not know (unknowns, unconfirmed).

Everything is read as the record stood on `as_of` (default: the book's day, AS_OF or the horizon): rows announced
later, and rulings or refunds reported later, do not show.
"""

from __future__ import annotations

import re

import pandas as pd

from tariffbook.analysis.queries import preferred, trade_change
from tariffbook.analysis.rates import NOT_IN_RECORD, RateInForce, rate_in_force, to_day
from tariffbook.data.countries import country_name, covers, resolve_country
from tariffbook.data.load import (
    as_known_on,
    book_day,
    horizon,
    load_events,
    load_figures,
    record_checked,
    within_record,
)
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import load_schema
from tariffbook.domain import (
    APPLIES_AS,
    BASE_IN_FORCE,
    BASIS_ENDED,
    EARLIEST_AS_OF,
    LEGAL_BASES,
    LETTER14_MEMBERS,
    NOT_MODELLED,
    SURCHARGE,
)

FIRST_DAY = EARLIEST_AS_OF
"""Where the strips start: the announcement of 2 April 2025 (the first tariff applied from 5 April)."""

LETTER_PARTNERS = tuple(sorted(LETTER14_MEMBERS))
"""The partners of the 7 July 2025 letters: the introduction's chart."""

GAP = "Not in the record"
"""The legal-basis label of a span where a rate ended and the record has no later rate for the partner."""

SEGMENT_COLUMNS = [
    "country",
    "name",
    "start",
    "end",
    "rate",
    "status",
    "legal_basis",
    "basis",
    "applies_as",
    "how",
    "label",
    "instrument",
    "figure_ids",
    "source_id",
    "note",
]
"""The columns of basis_segments."""

RULING_WINDOW_DAYS = 45
"""Court rulings less than this many days after the previous one share a note (one round of litigation)."""

SHORT_CHARS = 70
"""An event's words on a chart: its summary without parentheses, up to the first ';', and if longer than this,
up to the first ':'."""

REGIME_EVENT_TYPES = ("tariff_change", "executive_order")
"""The event types that can name a regime change (the measure taking effect, or the order that set it)."""

REFUND_LABELS = {
    "ieepa_duties_collected": "IEEPA duties collected",
    "ieepa_importers_paid": "Importers who paid IEEPA duties",
    "ieepa_refunds_eligible_phase1": "Eligible for refund in CAPE's first phase",
    "ieepa_refunds_phase1_share_of_entries": "Share of the entries in CAPE's first phase",
    "ieepa_refunds_entries_accepted": "Entries accepted for refund through CAPE",
    "ieepa_refunds_submitted": "Refunds submitted through CAPE",
    "ieepa_refunds_certified": "Refunds certified to the Treasury",
}
"""Metric -> a reader's label, for the IEEPA refund metrics (another ieepa_ metric shows its descriptor text)."""

REFUND_WORD = "refund"
"""A court ruling or lawsuit whose summary says this is about the refunds (event_type 'refund' always is)."""

CONFIRMED = ("confirmed by", "confirms it", "confirmed here")
"""A note's sentence that says a fact was unconfirmed and then confirmed is not a gap of the record."""


# ---------------------------------------------------------------- the day, the words


def _day(as_of) -> pd.Timestamp:
    """as_of as a day of the record (default: the book's day: AS_OF, else the horizon)."""
    return book_day() if as_of is None else within_record(to_day(as_of, "as_of"), "as_of")


def date_text(day, year: bool = True) -> str:
    """'24 February 2026' (or '24 February')."""
    day = pd.Timestamp(day)
    return f"{day:%-d %B %Y}" if year else f"{day:%-d %B}"


def and_join(items) -> str:
    """'a, b and c'."""
    items = list(items)
    return "".join(items) if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


def names_text(codes) -> str:
    """'Japan, South Korea and Taiwan': the countries' names in the order given."""
    return and_join(country_name(c) for c in codes)


def rate_label(rate: float | None, applies_as: str | None) -> str:
    """'+10%' (on top of the normal duty), '15% total' (a minimum total including it), or 'not in the record'."""
    if rate is None or pd.isna(rate):
        return NOT_IN_RECORD
    return f"{rate:g}% total" if applies_as == "minimum_total" else f"+{rate:g}%"


def short_text(summary: str) -> str:
    """An event's summary in few words, for a chart: without parentheses, to the first ';' (and ':' if long).

    'Supreme Court (Learning Resources v. Trump, 6–3): IEEPA does not authorise tariffs' -> 'Supreme Court: IEEPA
    does not authorise tariffs'.
    """
    text = re.sub(r"\s*\([^)]*\)", "", str(summary)).split(";")[0].strip()
    if len(text) > SHORT_CHARS and ":" in text:
        text = text.split(":")[0].strip()
    return text


# ---------------------------------------------------------------- each partner's duty by legal basis


def _partner_rows(figures: pd.DataFrame, code: str) -> pd.DataFrame:
    """The preferred headline-rate rows that can apply to a partner: its own and its groups'.

    rate_in_force picks among them; reading only these makes each day it is asked about cheaper, and only their
    dates can change the answer.
    """
    keep = (
        figures["preferred"]
        & figures["metric"].isin((*BASE_IN_FORCE, SURCHARGE))
        & figures["country"].map(lambda c: covers(c, code, not_in_annex_i=True))
    )
    return figures[keep]


def _change_days(rows: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """The days the partner's duty can change: effective dates, the day after a stated end or a statute's end."""
    days = set(rows["effective_on"].dropna())
    ends = rows["period"].astype(str).str.split("/").str[1].dropna()
    days |= {pd.Timestamp(e) + pd.Timedelta(days=1) for e in ends}
    days |= {end + pd.Timedelta(days=1) for end, _ in BASIS_ENDED.values()}
    return sorted({d for d in days if first < d <= last} | {first})


def _state(code: str, day: pd.Timestamp, r: RateInForce | None) -> dict:
    """One span's fields, from what rate_in_force answered on its first day."""
    base = {"country": code, "name": country_name(code), "start": day, "end": day, "instrument": "", "note": ""}
    blank = {"rate": None, "legal_basis": None, "applies_as": None, "figure_ids": "", "source_id": ""}
    if r is None:
        return {**base, **blank, "status": "no_tariff"}
    if not r.in_record:
        return {**base, **blank, "status": "not_in_record", "note": r.reason}
    return {
        **base,
        "rate": r.rate,
        "status": "in_force",
        "legal_basis": r.legal_basis,
        "applies_as": r.applies_as,
        "instrument": r.instrument or "",
        "figure_ids": ";".join(r.figure_ids),
        "source_id": ";".join(r.source_ids),
    }


def _same(a: dict, b: dict) -> bool:
    return all(a[k] == b[k] for k in ("status", "rate", "legal_basis", "applies_as"))


def _spans(code: str, figures: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> list[dict]:
    """A partner's spans from `first` to `last`, one per rate, legal basis and way of applying."""
    rows = _partner_rows(figures, code)
    out: list[dict] = []
    for day in _change_days(rows, first, last):
        state = _state(code, day, rate_in_force(code, day, figures=rows))
        if out and _same(out[-1], state):
            continue
        if out:
            out[-1]["end"] = day - pd.Timedelta(days=1)
        if state["status"] == "not_in_record" and out:
            # the gap cites the row that ended, whose source states the end
            state.update(figure_ids=out[-1].get("figure_ids", ""), source_id=out[-1].get("source_id", ""))
        out.append(state)
    if out:
        out[-1]["end"] = last
    return [s for s in out if s["status"] != "no_tariff"]


def basis_segments(countries, as_of=None) -> pd.DataFrame:
    """Each partner's headline duty from 2 April 2025 to `as_of`, as spans with one rate and one legal basis.

    A span ends where the rate, its legal basis or the way it applies changes (South Korea's 15% became a
    minimum total on 14 November 2025). Where a rate ended and the record has no later rate (Laos after the
    Section 122 surcharge), the span has status 'not_in_record', rate None and the reason in `note`: the
    previous rate is never carried forward. Partners outside the rate model (domain.NOT_MODELLED: China) have
    no spans; not_modelled() says which and why.

    Args:
        countries: codes or names.
        as_of: the last day, read as the record stood then (default: AS_OF, else the horizon).

    Returns:
        One row per span (SEGMENT_COLUMNS): the partners with a rate on `as_of` first, then those without, each
        by name; `start` and `end` are the span's first and last days; `basis` the statute's name (GAP for a
        span not in the record); `label` the rate as a chart writes it ('+10%', '15% total').
    """
    day = _day(as_of)
    codes = [resolve_country(c) for c in countries]
    if day < FIRST_DAY:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    figures = as_known_on(load_figures(), day)
    spans = [s for code in codes if code not in NOT_MODELLED for s in _spans(code, figures, FIRST_DAY, day)]
    out = pd.DataFrame(spans, columns=SEGMENT_COLUMNS)
    if out.empty:
        return out
    out["basis"] = [LEGAL_BASES.get(b, GAP) if isinstance(b, str) else GAP for b in out["legal_basis"]]
    out["how"] = [APPLIES_AS.get(a, "") if isinstance(a, str) else "" for a in out["applies_as"]]
    out["label"] = [rate_label(r, a) for r, a in zip(out["rate"], out["applies_as"], strict=True)]
    out["rate"] = out["rate"].astype(float)
    last = out.groupby("country")["status"].last()
    out["gap_at_end"] = out["country"].map(last != "in_force")
    out = out.sort_values(["gap_at_end", "name", "start"]).drop(columns="gap_at_end")
    return out.reset_index(drop=True)


def not_modelled(countries) -> dict[str, str]:
    """The partners chosen that the rate model leaves out (China), each with the reason."""
    codes = [resolve_country(c) for c in countries]
    return {c: NOT_MODELLED[c] for c in codes if c in NOT_MODELLED}


def on_day(segments: pd.DataFrame, day) -> pd.DataFrame:
    """The span of each partner that covers `day` (one row per partner that had a duty then)."""
    day = pd.Timestamp(day)
    return segments[(segments["start"] <= day) & (segments["end"] >= day)].reset_index(drop=True)


def phases(segments: pd.DataFrame) -> pd.DataFrame:
    """The legal bases in the order they began: basis, first day, last day, the partners and the labels.

    Returns:
        One row per legal basis (gaps left out): basis, legal_basis, start, end, countries (tuple of codes),
        labels (the distinct rate labels, in order of first use).
    """
    live = segments[segments["status"] == "in_force"]
    rows = []
    for basis, g in live.groupby("basis", sort=False):
        rows.append(
            {
                "basis": basis,
                "legal_basis": g["legal_basis"].iloc[0],
                "start": g["start"].min(),
                "end": g["end"].max(),
                "countries": tuple(dict.fromkeys(g.sort_values("name")["country"])),
                "labels": tuple(dict.fromkeys(g.sort_values("start")["label"])),
            }
        )
    cols = ["basis", "legal_basis", "start", "end", "countries", "labels"]
    return pd.DataFrame(rows, columns=cols).sort_values("start").reset_index(drop=True)


def gaps(segments: pd.DataFrame, day) -> pd.DataFrame:
    """The partners with no rate in the record on `day` (a regime ended, nothing followed), with the reason."""
    now = on_day(segments, day)
    return now[now["status"] == "not_in_record"].reset_index(drop=True)


# ---------------------------------------------------------------- the rulings and regime changes, in words


def _events(day: pd.Timestamp) -> pd.DataFrame:
    ev = load_events()
    ev = ev[ev["preferred"] & (ev["announced_on"] <= day)].copy()
    for col in ("event_type", "status"):
        ev[col] = ev[col].astype(str)
    return ev


def _regime_days(segments: pd.DataFrame) -> dict[pd.Timestamp, str | None]:
    """Day -> the statute that began that day for some partner (None where only gaps began): the regime changes."""
    days: dict[pd.Timestamp, str | None] = {}
    for _, g in segments.sort_values("start").groupby("country"):
        bases = list(g["basis"])
        for i in range(1, len(bases)):
            if bases[i] != bases[i - 1]:
                start = g["start"].iloc[i]
                live = bases[i] if bases[i] != GAP else None
                days[start] = days.get(start) or live
    return days


def _regime_event(ev: pd.DataFrame, day: pd.Timestamp, basis: str | None) -> pd.Series | None:
    """The event that says what began on `day`: one that took effect that day, naming the statute if it can."""
    cand = ev[(ev["effective_on"] == day) & ev["event_type"].isin(REGIME_EVENT_TYPES) & (ev["country"] == "ALL")]
    if cand.empty:
        return None
    rank = pd.DataFrame(
        {
            "names": [not (basis and basis in s) for s in cand["summary"]],
            "that_day": cand["announced_on"] != day,
            "announced": -cand["announced_on"].map(lambda d: d.value),
            "event_id": cand["event_id"],
        },
        index=cand.index,
    )
    return cand.loc[rank.sort_values(list(rank.columns)).index[0]]


def _ruling_groups(rulings: pd.DataFrame) -> list[pd.DataFrame]:
    """Court rulings in rounds: a ruling within RULING_WINDOW_DAYS of the previous one joins its round."""
    groups: list[list[int]] = []
    last = None
    for i, r in rulings.sort_values(["announced_on", "event_id"]).iterrows():
        if last is None or (r["announced_on"] - last).days > RULING_WINDOW_DAYS:
            groups.append([])
        groups[-1].append(i)
        last = r["announced_on"]
    return [rulings.loc[g] for g in groups]


NOTE_COLUMNS = ["date", "kind", "text", "summary", "event_id", "source_id", "decisive"]
"""The columns of regime_notes."""


def _ruling_notes(ev: pd.DataFrame, first: pd.Timestamp) -> list[dict]:
    rulings = ev[(ev["event_type"] == "court_ruling") & (ev["announced_on"] >= first)]
    decided = BASIS_ENDED["ieepa"][1]  # the day the Supreme Court held that IEEPA does not authorise tariffs
    notes = []
    for g in _ruling_groups(rulings):
        head = g.iloc[0]
        later = [f"{date_text(r['announced_on'])}: {r['summary']}" for _, r in g.iloc[1:].iterrows()]
        notes.append(
            {
                "date": head["announced_on"],
                "kind": "ruling",
                "text": short_text(head["summary"]),
                "summary": head["summary"] + (". Then " + "; ".join(later) if later else ""),
                "event_id": head["event_id"],
                "source_id": ";".join(g["source_id"]),
                "decisive": bool((g["announced_on"] == decided).any()),
            }
        )
    return notes


def regime_notes(segments: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """The court rulings and regime changes to write on the chart, in the words of the event rows, by `as_of`.

    - Regime changes: each day a statute began for one of the partners in `segments` (24 February 2026:
      Section 122; 24 July 2026: Section 301), told by the event that took effect that day and names the statute
      (else the order that set it: the memorandum of 23 July 2026).
    - Court rulings: each round of litigation (rulings within RULING_WINDOW_DAYS of one another), told by its
      first ruling; the later ones are in `summary`. `decisive` marks the round of the Supreme Court's ruling.

    `text` is the event's summary in few words (short_text); nothing is typed.

    Returns:
        One row per note (NOTE_COLUMNS), by date.
    """
    day = _day(as_of)
    ev = _events(day)
    notes = _ruling_notes(ev, FIRST_DAY)
    for start, basis in _regime_days(segments).items():
        r = _regime_event(ev, start, basis)
        if r is not None:
            notes.append(
                {
                    "date": start,
                    "kind": "regime",
                    "text": short_text(r["summary"]),
                    "summary": r["summary"],
                    "event_id": r["event_id"],
                    "source_id": r["source_id"],
                    "decisive": False,
                }
            )
    out = pd.DataFrame(notes, columns=NOTE_COLUMNS)
    return out.sort_values(["date", "kind"]).reset_index(drop=True)


def key_events(notes: pd.DataFrame) -> pd.DataFrame:
    """The notes a compact chart keeps: the regime changes and the round of the ruling that ended IEEPA."""
    return notes[(notes["kind"] == "regime") | notes["decisive"]].reset_index(drop=True)


# ---------------------------------------------------------------- the refunds


def _amount(value: float, unit: str, qualifier) -> str:
    """'about USD 166 billion', 'about 330,000 importers', 'about 82%', 'nearly 16 million entries'."""
    if unit == "USD billion":
        text = f"USD {value:g} billion"
    elif unit == "percent":
        text = f"{value:g}%"
    else:
        text = f"{value:,.0f} {unit}" if value >= 1000 else f"{value:g} {unit}"
    return f"{qualifier} {text}" if isinstance(qualifier, str) and qualifier else text


def _period_text(period: str) -> str:
    """'4 February to 14 December 2025' for a range; 'by 26 May 2026' for a day."""
    if "/" in period:
        a, b = (pd.Timestamp(p) for p in period.split("/"))
        return f"{date_text(a, a.year != b.year)} to {date_text(b)}"
    return f"by {date_text(pd.Timestamp(period))}"


def refund_figures(as_of=None) -> pd.DataFrame:
    """The IEEPA duties paid and refunded, as the preferred rows known by `as_of` state them.

    Returns:
        One row per figure, by the date it stands for: figure_id, metric, what (a reader's label), value, unit,
        value_qualifier, amount (as the prose writes it), period, through (the period's last day), period_text,
        reported (announced_on), source_id, quote.
    """
    day = _day(as_of)
    figs = preferred(as_known_on(load_figures(), day))
    rows = figs[figs["metric"].str.startswith("ieepa_")].copy()
    described = load_schema(data_dir()).metrics
    rows["what"] = [REFUND_LABELS.get(m, described.get(m, {}).get("description", m)) for m in rows["metric"]]
    rows["unit"] = rows["unit"].astype(str)
    rows["amount"] = [
        _amount(v, u, q) for v, u, q in zip(rows["value"], rows["unit"], rows["value_qualifier"], strict=True)
    ]
    rows["period"] = rows["period"].astype(str)
    rows["through"] = [pd.Timestamp(p.split("/")[-1]) for p in rows["period"]]
    rows["period_text"] = rows["period"].map(_period_text)
    rows["reported"] = rows["announced_on"]
    cols = ["figure_id", "metric", "what", "value", "unit", "value_qualifier", "amount", "period", "through"]
    cols += ["period_text", "reported", "source_id", "quote"]
    return rows.sort_values(["through", "value"], ascending=[True, False])[cols].reset_index(drop=True)


def refund_events(as_of=None) -> pd.DataFrame:
    """The refund process and the court orders on it, by `as_of`.

    Events of type 'refund', and the court rulings and lawsuits whose summary speaks of refunds.
    """
    ev = _events(_day(as_of))
    about = ev["summary"].str.lower().str.contains(REFUND_WORD)
    keep = (ev["event_type"] == "refund") | (ev["event_type"].isin(["court_ruling", "lawsuit"]) & about)
    cols = ["event_id", "announced_on", "effective_on", "event_type", "status", "summary", "source_id", "quote"]
    return ev[keep].sort_values(["announced_on", "event_id"])[cols].reset_index(drop=True)


# ---------------------------------------------------------------- trade in two years


def trade_years(countries=None, as_of=None, earlier: str = "2024", later: str = "2025") -> pd.DataFrame:
    """Each partner's goods surplus with the US in two years, for the partners the record has both years for.

    The preferred rows known by `as_of` (the 2025 Census figures were released on 19 February 2026): both years
    are Census first releases, compared at the same stage of revision (see the rows' notes). Before the later
    year's preferred row was known there is nothing to compare.

    Args:
        countries: only these partners (default: all with both years).
        as_of: as the record stood that day.
        earlier: the first year.
        later: the second year.

    Returns:
        queries.trade_change's columns, plus `letter` (the partner received a letter of 7 July 2025).
    """
    day = _day(as_of)
    figs = load_figures()
    # the preferred rows (first releases, one vintage) that were known by then; never another vintage in their
    # place (a later revision's row without a date of its own would otherwise stand in for a year not yet out)
    known = set(as_known_on(figs, day)["figure_id"])
    out = trade_change(earlier, later, figs[figs["preferred"] & figs["figure_id"].isin(known)])
    if countries is not None:
        out = out[out["country"].isin([resolve_country(c) for c in countries])]
    out = out.copy()
    out["letter"] = out["country"].isin(LETTER14_MEMBERS)
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- the sentences


def _phase_text(p: pd.Series, n: int, last_day: pd.Timestamp, names: bool = True) -> str:
    """'Section 122 (+10%) from 24 February to 23 July 2026', '... for 11 of them (Bangladesh, ...)'."""
    same_year = p["start"].year == p["end"].year
    span = f"from {date_text(p['start'], not same_year)} to {date_text(p['end'])}"
    if p["end"] >= last_day:
        span = f"from {date_text(p['start'])}"
    who = ""
    if len(p["countries"]) != n:
        who = f" for {len(p['countries'])} of them" + (f" ({names_text(p['countries'])})" if names else "")
    rates = f" ({', '.join(p['labels'])})" if len(p["labels"]) <= 3 else ""
    return f"{p['basis']}{rates} {span}{who}"


def _decisive_ruling(day: pd.Timestamp) -> pd.Series | None:
    ev = _events(day)
    hit = ev[(ev["event_type"] == "court_ruling") & (ev["announced_on"] == BASIS_ENDED["ieepa"][1])]
    return None if hit.empty else hit.iloc[0]


def basis_summary(segments: pd.DataFrame, countries, as_of=None) -> str:
    """The chapter's opening numbers: which statutes the partners' duties ran under, when, and the gaps.

    Args:
        segments: basis_segments for the partners.
        countries: the partners chosen (those outside the rate model are named with the reason).
        as_of: the book's day for the page.
    """
    day = _day(as_of)
    out = []
    n = segments["country"].nunique()
    if n:
        ph = phases(segments)
        them = "the partner drawn" if n == 1 else f"the {n} partners drawn"
        out.append(
            f"By {date_text(day)}, the headline duty on goods from {them} had run under "
            + ("one statute: " if len(ph) == 1 else f"{len(ph)} statutes in turn: ")
            + "; then ".join(_phase_text(p, n, day) for _, p in ph.iterrows())
            + "."
        )
        ruling = _decisive_ruling(day)
        if ruling is not None:
            out.append(f"The turn came with a ruling: {ruling['summary']} ({date_text(ruling['announced_on'])}).")
        missing = gaps(segments, day)
        if len(missing):
            ended = segments[segments["status"] == "not_in_record"]["start"].min() - pd.Timedelta(days=1)
            out.append(
                f"For {names_text(missing['country'])} the record has no rate after {date_text(ended)}: the strip "
                "says so (grey) rather than carrying the last rate forward."
            )
    else:
        out.append(f"By {date_text(day)} no tariff of 2025 applied yet to the partners chosen.")
    for code, why in not_modelled(countries).items():
        out.append(f"{country_name(code)} is not drawn: {why}.")
    return " ".join(out)


def applies_summary(segments: pd.DataFrame, as_of=None) -> str:
    """How each partner's duty applied on `as_of`: in total including the normal duty, or on top of it.

    'On 23 November 2026 the duty applied in total, including the normal duty, for Japan and South Korea (12.5%)
    and Taiwan (10%); on top of the normal duty for ...'.
    """
    day = _day(as_of)
    now = on_day(segments, day)
    now = now[now["status"] == "in_force"]
    if now.empty:
        return ""
    clauses = []
    for how in ("minimum_total", "additional"):
        g = now[now["applies_as"] == how]
        if len(g):
            each = [
                f"{names_text(r['country'])} ({r['rate']:g}%)"
                for _, r in g.groupby("rate")["country"].agg(list).reset_index().iterrows()
            ]
            how_text = APPLIES_AS[how] + ("," if "," in APPLIES_AS[how] else "")
            clauses.append(f"{how_text} for {and_join(each)}")
    return f"On {date_text(day)} the duty applied " + "; ".join(clauses) + "."


def lede(segments: pd.DataFrame, as_of=None) -> str:
    """The introduction's lede: the letter partners' duties through the statutes, from 2 April 2025 to `as_of`."""
    day = _day(as_of)
    n = segments["country"].nunique()
    if not n:
        return f"By {date_text(day)} no tariff of 2025 applied yet to the partners that received tariff letters."
    ph = phases(segments)
    text = (
        f"From {date_text(FIRST_DAY)} to {date_text(day)}, the duty on the {n} partners that received tariff letters "
        "ran under " + ("one statute: " if len(ph) == 1 else f"{len(ph)} statutes: ")
    )
    text += "; then ".join(_phase_text(p, n, day, names=False) for _, p in ph.iterrows()) + "."
    ruling = _decisive_ruling(day)
    if ruling is not None:
        text += (
            f" The switch followed a ruling of {date_text(ruling['announced_on'])} ({short_text(ruling['summary'])})."
        )
    missing = gaps(segments, day)
    if len(missing):
        text += f" For {len(missing)} of them ({names_text(missing['country'])}) the record has no rate since."
    return text


def refunds_summary(figures: pd.DataFrame, events: pd.DataFrame) -> str:
    """What was paid and what was refunded, from refund_figures and refund_events (as known by the page's day)."""
    by = {m: g.iloc[-1] for m, g in figures.groupby("metric", sort=False)}
    paid, who = by.get("ieepa_duties_collected"), by.get("ieepa_importers_paid")
    if paid is None and not len(events):
        return "By this date the record has no figure on the IEEPA duties paid, and no refund."
    out = []
    if paid is not None:
        text = f"The record puts the IEEPA duties paid at {paid['amount']} ({paid['period_text']})"
        if who is not None:
            text += f", by {who['amount']}"
        out.append(text + f", as reported on {date_text(paid['reported'])}.")
    opened = events[events["event_type"] == "refund"]
    if len(opened):
        first = opened.iloc[0]
        out.append(f"{first['summary']} (announced {date_text(first['announced_on'])}).")
    sub, cert = by.get("ieepa_refunds_submitted"), by.get("ieepa_refunds_certified")
    if sub is not None and cert is not None:
        text = (
            f"{_upper_first(sub['period_text'])}, {sub['amount']} of refunds had been submitted through CAPE and "
            f"{cert['amount']} certified to the Treasury"
        )
        if paid is not None and paid["unit"] == cert["unit"]:
            text += f": about {100 * cert['value'] / paid['value']:.0f}% of the duties paid"
        out.append(text + ".")
    orders = events[events["event_type"].isin(["court_ruling", "lawsuit"])]
    if len(orders):
        out.append(
            f"The record has {len(orders)} court orders and appeals on the refunds; the table lists them with the "
            "steps of the refund process."
        )
    return " ".join(out)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def trade_summary(change: pd.DataFrame, countries, earlier: str = "2024", later: str = "2025") -> str:
    """Did the surpluses shrink? A sentence from trade_years, for the partners chosen."""
    chosen = [resolve_country(c) for c in countries]
    if change.empty:
        return (
            f"The record has no {later} Census figures for the partners chosen by this date, so there is nothing "
            f"to compare with {earlier}."
        )
    each = [
        f"{r['name']} USD {r[f'surplus_{later}']:,.1f} billion in {later} against {r[f'surplus_{earlier}']:,.1f} "
        f"in {earlier}"
        for _, r in change.iterrows()
    ]
    shrank, grew = change[change["change"] < 0], change[change["change"] > 0]
    text = (
        f"The record has both years for {_count(len(change), 'partner')} of those chosen. The US goods deficit "
        f"with each, in Census first releases: {'; '.join(each)}. It shrank with {len(shrank)} of them"
        + (f" ({names_text(shrank['country'])})" if len(shrank) else "")
        + (f" and grew with {names_text(grew['country'])}" if len(grew) else "")
        + "."
    )
    letters = change[change["letter"]]
    if len(letters):
        down = letters[letters["change"] < 0]
        text += (
            f" Of {'the one' if len(letters) == 1 else f'the {len(letters)}'} that received a tariff letter "
            f"({names_text(letters['country'])}), it shrank with {len(down)}."
        )
    without = [c for c in chosen if c not in set(change["country"])]
    if without:
        text += f" For the other {_count(len(without), 'partner')} chosen the record has no {later} Census figures."
    return text


# ---------------------------------------------------------------- what the record does not know


def horizon_note() -> str:
    """The descriptor's note on the horizon: what 'nothing found' means near it."""
    return str(load_schema(data_dir()).descriptor.get("tariffbook:horizon_note", ""))


def _sentences(note: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", str(note)) if s.strip()]


MONTHS = "January February March April May June July August September October November December".split()
"""Month names, to read the days a note's sentence names ('12 June')."""


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
    day = _day(as_of)
    codes = {resolve_country(c) for c in countries} | {"ALL", "USA"}
    first = BASIS_ENDED["ieepa"][1]  # the Supreme Court's ruling: what followed it
    known = _events(day)
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


def regime_events(notes: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """Every event behind the notes, one row each: the court rulings since 2 April 2025 and the regime changes.

    The chart names one ruling per round of litigation; this lists them all, for the table under it.
    """
    ev = _events(_day(as_of))
    keep = ((ev["event_type"] == "court_ruling") & (ev["announced_on"] >= FIRST_DAY)) | ev["event_id"].isin(
        notes["event_id"]
    )
    cols = ["event_id", "announced_on", "effective_on", "event_type", "status", "summary", "source_id"]
    return ev[keep].sort_values(["announced_on", "event_id"])[cols].reset_index(drop=True)


def unknowns(segments: pd.DataFrame, countries, as_of=None) -> str:
    """What the record does not know, as Markdown bullets.

    Its horizon, the partners without a rate on `as_of` and the partners outside the rate model; the facts the
    sources left unconfirmed are unconfirmed()'s table.
    """
    day = _day(as_of)
    note = horizon_note()
    out = [f"{record_checked()}: {note.split(': ', 1)[-1]}" if note else f"{record_checked()}."]
    if day < horizon():
        out.append(f"This page reads the record as it stood on {date_text(day)}: nothing announced later is on it.")
    missing = gaps(segments, day)
    if len(missing):
        first = missing.iloc[0]
        out.append(
            f"No confirmed rate on {date_text(day)} for {names_text(missing['country'])}: "
            f"{first['note'].split(': ', 1)[-1].replace(country_name(first['country']), 'them')}. The sources "
            "searched give none; the page does not assume the previous rate or zero."
        )
    for code, why in not_modelled(countries).items():
        out.append(f"{country_name(code)}'s duty is not followed: {why}.")
    return "\n".join(f"- {x}" for x in out)
