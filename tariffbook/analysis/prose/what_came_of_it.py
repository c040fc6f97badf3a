"""What came of the source articles' story, partner by partner.

The "What came of it" section of Japan's chapter and of the pages of the partners the articles name
(tariffbook.domain.ARTICLE_PARTNERS), written by one function.

The wire report of 8 July 2025 left Japan saying there was "no point" in a deal without cars, South Korea asking
for relief on the 25% car and 50% steel tariffs, and the surpluses of Japan, South Korea, Thailand and Indonesia in
the news. what_came_of_it() says, from the record as it stood on the page's day:

- what the partner asked (the event of domain.ARTICLE_ASKS), and the surplus the report gave it;
- its headline duty then and now, with its path through the statutes;
- what its cars, car parts and steel paid then and pay now (duties_in_force), under which statute and document;
- its goods trade with the United States in 2024 and 2025 (Census, trade.trade_change);
- its deal, the pledges and the rates of its own the deal left, what the record holds on the deal after the
  Supreme Court's ruling, and whether any row says the deal binds (domain.BINDING_WORDS); where the record has
  nothing, the sentence says so.
"""

from __future__ import annotations

import re

import pandas as pd

from tariffbook import words
from tariffbook.analysis.duties import COUNTRY_WIDE, DRAWN, SCHEDULED, duties_in_force
from tariffbook.analysis.prose.rates import rate_path, regime_path
from tariffbook.analysis.queries import preferred
from tariffbook.analysis.rates import rate_in_force
from tariffbook.analysis.spans import day_of_record
from tariffbook.analysis.trade import trade_change
from tariffbook.data.countries import country_name, is_iso3, resolve_country
from tariffbook.data.load import known_events, known_figures, load_sources
from tariffbook.domain import (
    ARTICLE_ASKS,
    ARTICLE_GROUPS,
    ARTICLE_PARTNERS,
    ARTICLE_SOURCES,
    BASIS_ENDED,
    BINDING_WORDS,
)

METAL = "non-metal content"
"""duties_in_force's `stacks` while a metal's duty applied to the metal content only."""

DEAL_EVENTS = ("agreement", "statement", "legislation", "meeting", "tariff_change", "executive_order")
"""The partner's own events that say what became of its deal after the Supreme Court's ruling."""

GOODS = {
    "autos": ("cars", True),
    "auto_parts": ("car parts", True),
    "steel": ("steel", False),
    "metal_derivatives": ("steel and aluminium derivatives", True),
}
"""How a sentence names the groups of the articles' story ('Japanese cars'), and whether the noun is plural."""

ADJECTIVES = {"JPN": "Japanese", "KOR": "South Korean", "THA": "Thai", "IDN": "Indonesian"}
"""How the sentences name the goods of each partner the articles name."""


def article_day() -> pd.Timestamp:
    """The day of the source articles' story: the latest day of the record's events drawn from them (8 July 2025)."""
    ev = known_events()
    return ev.loc[ev["source_id"].isin(ARTICLE_SOURCES), "announced_on"].max()


def is_article_partner(country: str) -> bool:
    """Whether the source articles name the partner (its page has a "What came of it" section)."""
    return resolve_country(country) in ARTICLE_PARTNERS


def what_came_of_it(country: str, as_of=None) -> str:
    """What came of the articles' story for one partner, as Markdown paragraphs, from the record as of `as_of`.

    Args:
        country: one of domain.ARTICLE_PARTNERS (code or name).
        as_of: the page's day (default: the horizon); the record is read as it stood then.

    Raises:
        ValueError: the articles do not name the partner.
    """
    code = resolve_country(country)
    if code not in ARTICLE_PARTNERS:
        raise ValueError(f"the source articles do not name {country_name(code)}: only {', '.join(ARTICLE_PARTNERS)}")
    day = day_of_record(as_of)
    then = article_day()
    if pd.isna(then) or day < then:
        return (
            f"The press reports the book starts from are of {words.day(then)}, after this page's day "
            f"({words.day(day)}): nothing had come of their story yet."
        )
    parts = [
        _asked(code, day),
        _headline(code, then, day),
        _goods(code, then, day),
        _trade(code, day),
        _deal(code, day),
    ]
    return "\n\n".join(p for p in parts if p)


# ---------------------------------------------------------------- what was asked, and the surplus reported


def _asked(code: str, day: pd.Timestamp) -> str:
    """What the wire report had the partner ask (the event of domain.ARTICLE_ASKS), and the surplus it reported."""
    name = country_name(code)
    out = []
    ev = known_events(day).set_index("event_id")
    ask = ARTICLE_ASKS.get(code)
    if ask in ev.index:
        e = ev.loc[ask]
        out.append(f"What the wire report had {name} ask, on {words.day(e['announced_on'])}: {e['summary']}.")
    figs = preferred(known_figures(day))
    said = figs[
        (figs["metric"] == "partner_surplus_with_us")
        & (figs["country"] == code)
        & figs["source_id"].isin(ARTICLE_SOURCES)
    ]
    if len(said):
        r = said.iloc[0]
        out.append(
            f"The report put {name}'s {r['period']} trade surplus with the United States at "
            f"{words.amount(r['value'], str(r['unit']), r['value_qualifier'])}."
        )
    return " ".join(out)


# ---------------------------------------------------------------- the headline duty


def _headline(code: str, then: pd.Timestamp, day: pd.Timestamp) -> str:
    """The headline duty on the articles' day, its path through the 2025 stages and the statutes, and today's."""
    name = country_name(code)
    figs = known_figures(day)
    before = rate_in_force(code, then, figures=figs)
    out = []
    if before is not None and before.in_record:
        out.append(f"On {words.day(then)} the headline duty on goods from {name} was {before.describe()}.")
    path = rate_path(code, day)
    if path:
        out.append(f"It went {path}.")
    after = regime_path(code, day)
    if after:
        out.append(f"IEEPA duties ended on {words.day(BASIS_ENDED['ieepa'][0])}; after them, {after}.")
    now = rate_in_force(code, day, figures=figs)
    if now is not None:
        out.append(f"On {words.day(day)}: {now.describe() if now.in_record else now.reason}.")
    return " ".join(out)


# ---------------------------------------------------------------- cars, parts, steel


def _duty_text(r: pd.Series) -> str:
    """'25% on top of the normal duty under Section 232 (Proclamation 10908)', from a duties_in_force row."""
    how = words.phrase(r["applies_as"], "applies_as")
    how = f" {how}," if "," in how else f" {how}" if how else ""
    doc = f" ({r['instrument']})" if isinstance(r["instrument"], str) and r["instrument"] else ""
    return f"{words.percent(r['rate'])}{how} under {words.label(r['legal_basis'], 'legal_basis')}{doc}"


def _whose(r: pd.Series, code: str) -> str:
    """Whose rate a row is: "Japan's own rate" for a row of the partner's, "the rate for all partners" else."""
    owner = str(r["figure_id"]).split(".")[0]
    if owner == code:
        return f"{country_name(code)}'s own rate"
    return "" if is_iso3(owner) else "the rate for all partners"


def _metal_content(r: pd.Series, verb: str) -> str:
    """While a metal's duty applied to the metal content only: what the rest of the good paid."""
    return f" (on the metal content; the rest of a good {verb} the country-wide duty)" if r["stacks"] == METAL else ""


def _stated_total(code: str, group: str, day: pd.Timestamp, figures: pd.DataFrame) -> str:
    """Where the record also states the total for the day, that total and who said it; else ''.

    That is a preferred row of the partner's own, 'in total', whose period covers the day: a report that the 25%
    came on top of a 2.5% normal duty. The record holds no row of the normal (MFN) duty itself.
    """
    rows = preferred(figures)
    rows = rows[
        (rows["metric"] == "tariff_rate_sectoral")
        & (rows["country"] == code)
        & (rows["sector"].astype(str) == group)
        & (rows["applies_as"] == "minimum_total")
        & rows["period"].str.contains("/", regex=False)
    ]
    src = load_sources().set_index("source_id")
    for _, r in rows.iterrows():
        first, last = (pd.Timestamp(p) for p in r["period"].split("/"))
        if first <= day <= last:
            who = src.loc[r["source_id"], "publisher"] if r["source_id"] in src.index else r["source_id"]
            return f"{words.percent(r['value'])} in total with the normal duty, as {who} reported it"
    return ""


def _goods(code: str, then: pd.Timestamp, day: pd.Timestamp) -> str:
    """What the partner's cars, car parts, steel (and derivatives with a rate of their own) paid then and pay now."""
    figs = known_figures(day)
    a = duties_in_force(code, then, figures=figs).set_index("group")
    b = duties_in_force(code, day, figures=figs).set_index("group")
    adj = ADJECTIVES.get(code, country_name(code))
    out = []
    for group in ARTICLE_GROUPS:
        old, new = a.loc[group], b.loc[group]
        noun, plural = GOODS.get(group, (words.phrase(group, "sector"), True))
        paid, pays, has = ("paid", "pay", "have") if plural else ("paid", "pays", "has")
        if old["status"] not in DRAWN and new["status"] not in DRAWN:
            if new["status"] == SCHEDULED:
                out.append(f"{adj} {noun} {has} no rate of their own yet ({new['note']}).")
            continue  # no rate of its own either day: the country-wide duty (or an exemption: not in the record)
        if old["status"] in DRAWN:
            text = f"{adj} {noun} {paid} {_duty_text(old)} on {words.day(then)}{_metal_content(old, 'paid')}"
            total = _stated_total(code, group, then, figs)
            text += f" ({total})" if total else ""
        else:
            text = f"{adj} {noun} had no rate of their own on {words.day(then)}"
        if new["status"] in DRAWN:
            same = old["status"] in DRAWN and (old["rate"], old["applies_as"]) == (new["rate"], new["applies_as"])
            now = f"{_duty_text(new)} since {words.day(new['effective_on'])}{_metal_content(new, 'pays')}"
            subject = ("they" if plural else "it") + (" still" if same else "")
            text += f"; on {words.day(day)} {subject} {pays} {now}"
            whose = _whose(new, code)
            text += f", {whose}" if whose else ""
        else:
            text += f"; on {words.day(day)}: {words.label(new['status'], 'status').lower()} ({new['note']})"
        out.append(text + ".")
    if not out:
        return ""
    return f"The goods of the story, on {words.day(then)} and on {words.day(day)}:\n\n" + "\n".join(
        f"- {x}" for x in out
    )


# ---------------------------------------------------------------- trade


def _trade(code: str, day: pd.Timestamp) -> str:
    """The US goods deficit with the partner in 2024 and 2025 (Census), where the record has both years."""
    name = country_name(code)
    change = trade_change("2024", "2025", as_of=day)
    row = change[change["country"] == code]
    if row.empty:
        return f"The record has no 2025 Census figures for {name}'s goods trade with the United States."
    r = row.iloc[0]
    went = "shrank" if r["change"] < 0 else "grew"
    both = r["vintage_2025"] if r["same_vintage"] and isinstance(r["vintage_2025"], str) else None
    which = f" (both years the Census Bureau's {both})" if both else ""
    return (
        f"In the Census figures{which}, the US goods deficit with {name} was USD {r['surplus_2024']:,.1f} billion "
        f"in 2024 and USD {r['surplus_2025']:,.1f} billion in 2025: it {went} by USD {abs(r['change']):,.1f} billion."
    )


# ---------------------------------------------------------------- the deal


def _binding(text) -> bool:
    """Whether an event's words speak to a deal binding the parties (domain.BINDING_WORDS)."""
    return any(re.search(rf"\b{w}", str(text), flags=re.I) for w in BINDING_WORDS)


def _pledge(code: str, day: pd.Timestamp) -> str:
    figs = preferred(known_figures(day))
    rows = figs[(figs["metric"] == "investment_pledge") & (figs["country"] == code)]
    if rows.empty:
        return ""
    r = rows.sort_values("announced_on").iloc[-1]
    amount = words.amount(r["value"], str(r["unit"]), r["value_qualifier"])
    return f"{country_name(code)} pledged {amount} of investment in the United States."


def _own_rates(code: str, day: pd.Timestamp) -> str:
    """The product rates of the partner's own in force on the day, in words.

    Its deal's terms under Section 232, and the later proclamations that gave it a rate of its own.
    """
    d = duties_in_force(code, day, figures=known_figures(day))
    own = d["figure_id"].map(lambda f: str(f).split(".")[0] == code)
    mine = d[(d["group"] != COUNTRY_WIDE) & d["status"].isin(DRAWN) & own]
    if mine.empty:
        return f"On {words.day(day)} {country_name(code)} has no product rate of its own: it pays the rates for all."
    each = []
    for (rate, how), g in mine.groupby(["rate", "applies_as"], sort=False):
        groups = words.and_join(words.phrase(x, "sector") for x in g["group"])
        each.append(f"{words.percent(rate)} {words.phrase(how, 'applies_as')}, on {groups}")
    return (
        f"On {words.day(day)} {country_name(code)} pays rates of its own under Section 232 on "
        f"{words.count(len(mine), 'product group')}: {'; '.join(each)}."
    )


def _deal(code: str, day: pd.Timestamp) -> str:
    """The deal's events, the pledge, the rates of its own it left, what followed the ruling, and whether it binds."""
    name = country_name(code)
    ev = known_events(day)
    ev = ev[ev["preferred"] & (ev["country"] == code)].sort_values(["announced_on", "event_id"])
    deals = ev[ev["event_type"].astype(str) == "agreement"]
    if deals.empty:
        return f"The record has no deal between {name} and the United States by {words.day(day)}."
    steps = "; ".join(f"{words.day(d['announced_on'])}, {d['summary']}" for _, d in deals.iterrows())
    out = [f"{name}'s deal in the record: {steps}."]
    out += [x for x in (_pledge(code, day), _own_rates(code, day)) if x]
    ruling, last = BASIS_ENDED["ieepa"][1], BASIS_ENDED["ieepa"][0]
    if day < ruling:
        return " ".join(out)
    out.append(
        f"The Supreme Court's ruling of {words.day(ruling)} ended the IEEPA duties the deal had lowered (the last "
        f"applied on {words.day(last)})."
    )
    said = ev[[_binding(s) or _binding(q) for s, q in zip(ev["summary"], ev["quote"], strict=True)]]
    for _, e in said.iterrows():
        out.append(f"On whether the deal binds, the record holds: {e['summary']} ({words.day(e['announced_on'])}).")
    if said.empty or (said["announced_on"] < ruling).all():
        out.append(
            f"No row of the record after the ruling says whether {name}'s deal still binds now that the duties it "
            "bought down are gone."
        )
    after = ev[(ev["announced_on"] >= ruling) & ev["event_type"].astype(str).isin(DEAL_EVENTS)]
    text = " ".join(out)
    if after.empty:
        return text + f" The record holds nothing from {name}, or on its deal, since the ruling."
    items = "\n".join(f"- {words.day(e['announced_on'])}: {e['summary']}" for _, e in after.iterrows())
    return f"{text} What the record holds on {name} since the ruling:\n\n{items}"
