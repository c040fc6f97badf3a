"""The Japan page's sentences: the talks as they stood on a day, the two deals, and what followed the deal."""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import preferred_row
from tariffbook.analysis.talks import TALK_KINDS, after_the_deal
from tariffbook.data.countries import country_name
from tariffbook.data.load import load_events


def japan_summary(day: str) -> str:
    """The Japan page's opening paragraph, for the talks as they stood on `day`."""
    day = pd.Timestamp(day)
    ev = load_events()
    ev = ev[ev["preferred"] & (ev["country"] == "JPN") & (ev["announced_on"] <= day)]
    rounds = int((ev["event_type"] == "negotiation_round").sum())
    calls = int((ev["event_type"] == "phone_call").sum())
    out = [
        f"By {words.day(day)}, the record holds {words.count(rounds, 'round')} of US–Japan talks and "
        f"{words.count(calls, 'phone call')}."
    ]
    visits = preferred_row("negotiator_us_visits", "JPN", as_of=day)
    if visits is not None and pd.Timestamp(visits["period"]) <= day:
        out.append(
            f"Japan's negotiator Ryosei Akazawa had visited the United States {visits['value']:g} times by "
            f"{words.day(visits['period'], year=False)}."
        )
    hours = preferred_row("cumulative_talk_hours", "JPN", as_of=day)
    if hours is not None and pd.Timestamp(hours["period"]) <= day:
        out.append(
            f"By the deal he had spent {hours['value']:g} hours in talks with Commerce Secretary Howard Lutnick."
        )
    for code in ("JPN", "KOR"):
        out.append(_deal_sentence(code, day))
    return " ".join(s for s in out if s)


def _deal_sentence(code: str, day: pd.Timestamp) -> str:
    name = country_name(code)
    deal = preferred_row("tariff_rate_deal", code, as_of=day)
    letter = preferred_row("tariff_rate_letter", code, as_of=day)
    pledge = preferred_row("investment_pledge", code, as_of=day)
    if deal is not None and deal["announced_on"] <= day:
        text = f"The deal of {words.day(deal['announced_on'])} set {name}'s rate at {words.percent(deal['value'])}"
        if letter is not None:
            text += f", down from the {words.percent(letter['value'])} of the letter"
        if pledge is not None and pledge["announced_on"] <= day:
            text += f", against a pledge of USD {pledge['value']:g} billion of investment"
        return text + "."
    if letter is not None and letter["announced_on"] <= day:
        return (
            f"No deal yet for {name}: the letter of {words.day(letter['announced_on'], year=False)} set "
            f"{words.percent(letter['value'])} from {words.day(letter['effective_on'], year=False)}."
        )
    return ""


def after_the_deal_summary(day) -> str:
    """What the record holds on Japan after its deal, to `day`: how much, its last talks, and when it falls silent.

    Args:
        day: the page's day; the record is read as it stood then.
    """
    day = pd.Timestamp(day)
    after = after_the_deal("JPN", day)
    if after.empty:
        return f"By {words.day(day)} Japan had no deal with the United States in the record."
    own = after[after["country"] == "JPN"]
    ev = load_events()
    deal = ev[ev["preferred"] & (ev["country"] == "JPN") & (ev["event_type"] == "agreement")]
    out = [
        f"After the deal of {words.day(deal['announced_on'].min())}, the record holds "
        f"{words.count(len(after), 'event')} on Japan to {words.day(day)}: {len(own)} of Japan's own, and "
        f"{words.count(len(after) - len(own), 'measure')} for all partners that name Japan or changed its duty."
    ]
    talks = own[own["event_type"].isin(TALK_KINDS) & (own["status"] == "held")]
    if len(talks):
        last = talks.iloc[-1]
        out.append(f"The last talks it holds were on {words.day(last['announced_on'])}: {last['summary']}.")
    if len(own):
        quiet = own["announced_on"].max()
        if quiet < day:
            out.append(
                f"From {words.day(quiet + pd.Timedelta(days=1))} to {words.day(day)} the record holds nothing of "
                "Japan's own: no talks, statements or steps of its pledge (the measures below are for all partners)."
            )
    return " ".join(out)
