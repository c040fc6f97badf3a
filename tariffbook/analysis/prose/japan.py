"""The Japan page's opening paragraph: the talks as they stood on a day, and the two deals."""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import preferred_row
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
