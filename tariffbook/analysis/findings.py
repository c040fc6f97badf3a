"""The findings the introduction and the Japan page state, written from the data as it stood.

Each sentence is written only if the rows behind it exist, so an 'as of' book (TARIFFBOOK_AS_OF) says what was
known on its date and nothing later: before 22 July 2025 there is no Japan deal to mention.
"""

from __future__ import annotations

import pandas as pd

from tariffbook.analysis.queries import preferred_row, stage_rates, trade_2024
from tariffbook.data.load import load_events
from tariffbook.domain import IN_FORCE_PERIOD, LETTER14_MEMBERS, PAGE_PATHS, STAGE_LABELS
from tariffbook.settings import as_of

__all__ = ["japan_summary", "key_findings", "rate_path", "rates_summary", "timeline_summary"]


def _pct(v: float) -> str:
    return f"{v:g}%"


def rate_path(country: str, as_of=None) -> str | None:
    """'24% on 2 April, 25% in the letter of 7 July, …' for the stages known (by as_of, if given)."""
    s = stage_rates([country], as_of).set_index("stage")
    parts = []
    for label, how in [
        (STAGE_LABELS["tariff_rate_reciprocal"], "announced on 2 April"),
        (STAGE_LABELS["tariff_rate_letter"], "in the letter of {announced:%-d %B}"),
        (STAGE_LABELS["tariff_rate_deal"], "in the deal of {announced:%-d %B}"),
        (STAGE_LABELS["tariff_rate_in_force"], "in force from {effective:%-d %B}"),
    ]:
        if label in s.index:
            r = s.loc[label]
            parts.append(
                f"**{_pct(r['value'])}** " + how.format(announced=r["announced_on"], effective=r["effective_on"])
            )
    return ", then ".join(parts) if parts else None


def key_findings() -> str:
    """The introduction's key findings, as Markdown bullets."""
    bullets = []
    jpn, kor = rate_path("JPN"), rate_path("KOR")
    if jpn:
        bullets.append(
            f"**Announced is not in force.** Japan's headline rate: {jpn}. South Korea's: {kor}. "
            f"See [the rates, stage by stage]({PAGE_PATHS['rates']})."
        )
    letters = preferred_row("letter_countries", "LETTER14")
    if letters is not None:
        text = (
            f"**The letters.** On 7 July 2025 Trump sent letters to {letters['value']:g} countries "
            "setting new rates from 1 August."
        )
        wide = stage_rates(sorted(LETTER14_MEMBERS)).pivot_table(index="country", columns="stage", values="value")
        final, letter = STAGE_LABELS["tariff_rate_in_force"], STAGE_LABELS["tariff_rate_letter"]
        if final in wide and letter in wide:
            lower = int((wide[final] < wide[letter]).sum())
            text += (
                f" They were not the last word: {lower} of them faced a lower rate from 7 August "
                "than their letter said."
            )
        bullets.append(text)
    surplus = preferred_row("partner_surplus_with_us", "JPN", "2024")
    trade = trade_2024()
    if surplus is not None and len(trade):
        top = trade.iloc[0]
        bullets.append(
            f"**The surpluses behind the letters.** The July reporting put Japan's 2024 surplus with the US at "
            f"USD {surplus['value']:g} billion; the largest US deficit was with {top['name']} "
            f"(USD {top['surplus_bn']:,.1f} billion). See [the surplus page]({PAGE_PATHS['surpluses']})."
        )
    from tariffbook.analysis.formula import reconstruct  # here: only the introduction needs it (and reruns on it)

    recon = reconstruct()
    if len(recon):
        close = int((recon["residual"].abs() < 1).sum())
        bullets.append(
            f"**The formula holds.** Recomputed from the 2024 trade figures, {close} of the {len(recon)} published "
            "2 April rates come within one point of USTR's formula; "
            f"see [where the rates came from]({PAGE_PATHS['formula']})."
        )
    rulings = load_events()
    rulings = rulings[rulings["event_type"] == "court_ruling"].sort_values("announced_on")
    if len(rulings):
        last = rulings.iloc[-1]
        text = f"**The courts.** Latest ruling: {last['summary']} ({last['announced_on']:%-d %B %Y})."
        s122 = preferred_row("tariff_rate_in_force", "ALL", "2026-02")
        if s122 is not None and pd.notna(s122["effective_on"]):
            text += f" A {_pct(s122['value'])} duty under Section 122 followed from {s122['effective_on']:%-d %B %Y}."
        bullets.append(text)
    day = as_of()
    head = (
        f"*This is the book as it stood on {day:%-d %B %Y}: only what had been announced by then.*\n\n"
        if day is not None
        else ""
    )
    return head + "\n".join(f"- {b}" for b in bullets)


def japan_summary(day: str) -> str:
    """The Japan page's opening paragraph, for the talks as they stood on `day`."""
    day = pd.Timestamp(day)
    ev = load_events()
    ev = ev[ev["preferred"] & (ev["country"] == "JPN") & (ev["announced_on"] <= day)]
    rounds = int((ev["event_type"] == "negotiation_round").sum())
    calls = int((ev["event_type"] == "phone_call").sum())
    out = [f"By {day:%-d %B %Y}, the dataset records {rounds} rounds of US–Japan talks and {calls} phone calls."]
    visits = preferred_row("negotiator_us_visits", "JPN")
    if visits is not None and pd.Timestamp(visits["period"]) <= day:
        out.append(
            f"Japan's negotiator Ryosei Akazawa had visited the United States {visits['value']:g} times by "
            f"{pd.Timestamp(visits['period']):%-d %B}."
        )
    hours = preferred_row("cumulative_talk_hours", "JPN")
    if hours is not None and pd.Timestamp(hours["period"]) <= day:
        out.append(
            f"By the deal he had spent {hours['value']:g} hours in talks with Commerce Secretary Howard Lutnick."
        )
    for code, name in (("JPN", "Japan"), ("KOR", "South Korea")):
        deal, letter = preferred_row("tariff_rate_deal", code), preferred_row("tariff_rate_letter", code)
        pledge = preferred_row("investment_pledge", code)
        if deal is not None and deal["announced_on"] <= day:
            text = f"The deal of {deal['announced_on']:%-d %B} set {name}'s rate at {_pct(deal['value'])}"
            if letter is not None:
                text += f", down from the {_pct(letter['value'])} of the letter"
            if pledge is not None and pledge["announced_on"] <= day:
                text += f", against a pledge of USD {pledge['value']:g} billion of investment"
            out.append(text + ".")
        elif letter is not None and letter["announced_on"] <= day:
            out.append(
                f"No deal yet for {name}: the letter of {letter['announced_on']:%-d %B} set {_pct(letter['value'])} "
                f"from {letter['effective_on']:%-d %B}."
            )
    return " ".join(out)


def rates_summary(countries, as_of=None) -> str:
    """The tariff-rate page's opening paragraph for the chosen countries, as announced by as_of."""
    stages = stage_rates(countries, as_of)
    out = [
        f"For the {stages['country'].nunique()} countries chosen, the chart draws every country's path in grey "
        "and the one picked in the dropdown in colour."
    ]
    jpn = rate_path("JPN", as_of)
    if jpn:
        out.append(f"Japan's path is the one the source articles follow: {jpn}.")
    wide = stages.pivot_table(index="country", columns="stage", values="value")
    final, letter = STAGE_LABELS["tariff_rate_in_force"], STAGE_LABELS["tariff_rate_letter"]
    if final in wide and letter in wide:
        both = wide.dropna(subset=[final, letter])
        out.append(
            f"Of the {len(both)} countries with both a letter rate and a rate in force from 7 August, "
            f"{int((both[final] < both[letter]).sum())} ended lower than their letter said."
        )
    return " ".join(out)


def timeline_summary() -> str:
    """What the timeline shows about announcements and effective dates, as far as the data goes."""
    out = []
    base = preferred_row("tariff_rate_baseline", "ALL")
    pause = preferred_row("tariff_rate_in_force", "ALL_EX_CHN", "2025-04-09")
    days = preferred_row("pause_length", "ALL_EX_CHN")
    if base is not None:
        out.append(f"The {_pct(base['value'])} baseline took effect on {base['effective_on']:%-d %B %Y}.")
    if pause is not None and days is not None:
        out.append(
            f"The country rates of Annex I took effect on 9 April and were paused the same day for {days['value']:g} "
            f"days, at {_pct(pause['value'])}."
        )
    letters = preferred_row("letter_countries", "LETTER14")
    if letters is not None:
        text = f"The letters of 7 July to {letters['value']:g} countries set new rates from 1 August"
        eo = preferred_row("tariff_rate_in_force", "JPN", IN_FORCE_PERIOD)
        if eo is not None:
            text += (
                f"; none took effect as written, because the executive order of {eo['announced_on']:%-d %B} replaced "
                f"them with the rates that applied from {eo['effective_on']:%-d %B}"
            )
        out.append(text + ".")
    return " ".join(out)
