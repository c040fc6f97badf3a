"""The timeline page's opening paragraph: announcements and effective dates, as far as the record goes."""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.prose.regimes import period_last, section_122, section_301_groups
from tariffbook.analysis.queries import preferred_row
from tariffbook.analysis.spans import day_of_record
from tariffbook.domain import BASIS_ENDED, IN_FORCE_PERIOD


def _after_ieepa(day: pd.Timestamp) -> str:
    s122 = section_122(day)
    if s122 is None:
        return ""
    last_ieepa, _ = BASIS_ENDED["ieepa"]
    text = (
        f"The IEEPA duties ended on {words.day(last_ieepa)}; a {words.percent(s122['value'])} surcharge under "
        f"Section 122 applied from {words.day(s122['effective_on'])}"
    )
    if period_last(s122) is not None:
        text += f" through {words.day(period_last(s122))}"
    groups, start = section_301_groups(day)
    if groups:
        text += f", then Section 301 duties partner by partner from {words.day(start)}"
    return text + "."


def timeline_summary(as_of=None) -> str:
    """What the timeline shows about announcements and effective dates, as far as the data goes (by as_of)."""
    day = day_of_record(as_of)
    out = []
    base = preferred_row("tariff_rate_baseline", "ALL", as_of=day)
    pause = preferred_row("tariff_rate_in_force", "ALL_EX_CHN", "2025-04-09", as_of=day)
    days = preferred_row("pause_length", "ALL_EX_CHN", as_of=day)
    if base is not None:
        out.append(f"The {words.percent(base['value'])} baseline took effect on {words.day(base['effective_on'])}.")
    if pause is not None and days is not None:
        out.append(
            "The country rates of Annex I took effect on 9 April and were paused from "
            f"{words.day(pause['effective_on'], year=False)} for {days['value']:g} days, at "
            f"{words.percent(pause['value'])}."
        )
    letters = preferred_row("letter_countries", "LETTER14", as_of=day)
    if letters is not None:
        text = f"The letters of 7 July to {letters['value']:g} countries set new rates from 1 August"
        eo = preferred_row("tariff_rate_in_force", "NOT_IN_ANNEX_I", IN_FORCE_PERIOD, as_of=day)
        if eo is not None:
            text += (
                f"; none took effect as written, because {eo['instrument']} of "
                f"{words.day(eo['announced_on'], year=False)} replaced them with the rates that applied from "
                f"{words.day(eo['effective_on'], year=False)}"
            )
        out.append(text + ".")
    after = _after_ieepa(day)
    if after:
        out.append(after)
    if not out:
        out.append(
            f"By {words.day(day)} no tariff of 2025 had been announced yet: the record's rates start on 2 April 2025."
        )
    return " ".join(out)
