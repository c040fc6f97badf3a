"""The sentences of the chapter after the Supreme Court ruling.

The statutes, how the duty applied, the refunds, two years of trade, and what the record does not know.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.caveats import horizon_note
from tariffbook.analysis.events import decisive_ruling
from tariffbook.analysis.prose.intro import phase_text
from tariffbook.analysis.prose.surpluses import releases_summary
from tariffbook.analysis.spans import day_of_record, gaps, not_modelled, on_day, phases
from tariffbook.data.countries import country_name, names_text, resolve_country
from tariffbook.data.load import horizon, record_checked
from tariffbook.words import RateStatus


def basis_summary(segments: pd.DataFrame, countries, as_of=None) -> str:
    """The chapter's opening numbers: which statutes the partners' duties ran under, when, and the gaps.

    Args:
        segments: basis_segments for the partners.
        countries: the partners chosen (those outside the rate model are named with the reason).
        as_of: the book's day for the page.
    """
    day = day_of_record(as_of)
    out = []
    n = segments["country"].nunique()
    if n:
        ph = phases(segments)
        them = "the partner drawn" if n == 1 else f"the {n} partners drawn"
        out.append(
            f"By {words.day(day)}, the headline duty on goods from {them} had run under "
            + ("one statute: " if len(ph) == 1 else f"{len(ph)} statutes in turn: ")
            + "; then ".join(phase_text(p, n, day) for _, p in ph.iterrows())
            + "."
        )
        ruling = decisive_ruling(day)
        if ruling is not None:
            out.append(f"The turn came with a ruling: {ruling['summary']} ({words.day(ruling['announced_on'])}).")
        missing = gaps(segments, day)
        if len(missing):
            ended = segments[segments["status"] == RateStatus.NOT_IN_RECORD]["start"].min() - pd.Timedelta(days=1)
            out.append(
                f"For {names_text(missing['country'])} the record has no rate after {words.day(ended)}: the strip "
                "says so (grey) rather than carrying the last rate forward."
            )
    else:
        out.append(f"By {words.day(day)} no tariff of 2025 applied yet to the partners chosen.")
    for code, why in not_modelled(countries).items():
        out.append(f"{country_name(code)} is not drawn: {why}.")
    return " ".join(out)


def applies_summary(segments: pd.DataFrame, as_of=None) -> str:
    """How each partner's duty applied on `as_of`: in total including the normal duty, or on top of it.

    'On 23 November 2026 the duty applied in total, including the normal duty, for Japan and South Korea (12.5%)
    and Taiwan (10%); on top of the normal duty for ...'.
    """
    day = day_of_record(as_of)
    now = on_day(segments, day)
    now = now[now["status"] == RateStatus.IN_FORCE]
    if now.empty:
        return ""
    clauses = []
    for how in ("minimum_total", "additional"):
        g = now[now["applies_as"] == how]
        if len(g):
            each = [
                f"{names_text(r['country'])} ({words.percent(r['rate'])})"
                for _, r in g.groupby("rate")["country"].agg(list).reset_index().iterrows()
            ]
            said = words.phrase(how, "applies_as")
            clauses.append(f"{said}{',' if ',' in said else ''} for {words.and_join(each)}")
    return f"On {words.day(day)} the duty applied " + "; ".join(clauses) + "."


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
        out.append(text + f", as reported on {words.day(paid['reported'])}.")
    opened = events[events["event_type"] == "refund"]
    if len(opened):
        first = opened.iloc[0]
        out.append(f"{first['summary']} (announced {words.day(first['announced_on'])}).")
    sub, cert = by.get("ieepa_refunds_submitted"), by.get("ieepa_refunds_certified")
    if sub is not None and cert is not None:
        text = (
            f"{words.upper_first(sub['period_text'])}, {sub['amount']} of refunds had been submitted through CAPE "
            f"and {cert['amount']} certified to the Treasury"
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
        f"The record has both years for {words.count(len(change), 'partner')} of those chosen. The US goods deficit "
        f"with each: {'; '.join(each)}. It shrank with {len(shrank)} of them"
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
    text += " " + releases_summary(change, earlier, later)
    without = [c for c in chosen if c not in set(change["country"])]
    if without:
        text += (
            f" For the other {words.count(len(without), 'partner')} chosen the record has no {later} Census figures."
        )
    return text


def unknowns(segments: pd.DataFrame, countries, as_of=None) -> str:
    """What the record does not know, as Markdown bullets.

    Its horizon, the partners without a rate on `as_of` and the partners outside the rate model; the facts the
    sources left unconfirmed are caveats.unconfirmed()'s table.
    """
    day = day_of_record(as_of)
    note = horizon_note()
    out = [f"{record_checked()}: {note.split(': ', 1)[-1]}" if note else f"{record_checked()}."]
    if day < horizon():
        out.append(f"This page reads the record as it stood on {words.day(day)}: nothing announced later is on it.")
    missing = gaps(segments, day)
    if len(missing):
        first = missing.iloc[0]
        out.append(
            f"No confirmed rate on {words.day(day)} for {names_text(missing['country'])}: "
            f"{first['note'].split(': ', 1)[-1].replace(country_name(first['country']), 'them')}. The sources "
            "searched give none; the page does not assume the previous rate or zero."
        )
    for code, why in not_modelled(countries).items():
        out.append(f"{country_name(code)}'s duty is not followed: {why}.")
    return "\n".join(f"- {x}" for x in out)
