"""A partner's rates in words: its 2025 stages, what followed IEEPA, and its rate on a day.

Used by the tariff-rate page, the country pages and the introduction.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.duties import COUNTRY_WIDE, DRAWN, SCHEDULED, duties_in_force
from tariffbook.analysis.rates import RateInForce, rate_in_force
from tariffbook.analysis.spans import after_ieepa, day_of_record
from tariffbook.analysis.stages import stage_rates
from tariffbook.data.countries import country_name, resolve_country
from tariffbook.data.load import known_figures
from tariffbook.domain import NOT_MODELLED
from tariffbook.words import RateStatus

LETTER = words.STAGES["tariff_rate_letter"].label
FINAL = words.STAGES["tariff_rate_in_force"].label


def rate_path(country: str, as_of=None) -> str | None:
    """'24% on 2 April, 25% in the letter of 7 July, …' for the 2025 stages known (by as_of, if given)."""
    s = stage_rates([country], as_of).set_index("stage")
    said = {
        "tariff_rate_reciprocal": lambda r: "announced on 2 April",
        "tariff_rate_letter": lambda r: f"in the letter of {words.day(r['announced_on'], year=False)}",
        "tariff_rate_deal": lambda r: f"in the deal of {words.day(r['announced_on'], year=False)}",
        "tariff_rate_in_force": lambda r: f"in force from {words.day(r['effective_on'], year=False)}",
    }
    parts = []
    for metric, how in said.items():
        stage = words.STAGES[metric].label
        if stage in s.index:
            r = s.loc[stage]
            parts.append(f"**{words.percent(r['value'])}** " + how(r))
    return ", then ".join(parts) if parts else None


def how_it_applied(r: RateInForce) -> str:
    """'12.5% in total under Section 301' or '35% under Section 122 and Section 301' for a rate in force."""
    bases = list(dict.fromkeys(words.label(p.legal_basis, "legal_basis") for p in r.parts))
    total = " in total" if r.applies_as == "minimum_total" else ""
    return f"{words.percent(r.rate)}{total} under {' and '.join(b for b in bases if b)}"


def regime_path(country: str, as_of=None) -> str | None:
    """What followed IEEPA for a country, as known by as_of (default: the horizon).

    '10% under Section 122 from 24 February 2026, then 12.5% in total under Section 301 from 24 July 2026', or
    '..., then no rate in the record from 24 July 2026'. None before IEEPA ended, or for a country outside the
    rate model.
    """
    day = day_of_record(as_of)
    parts = []
    for step in after_ieepa(country, day):
        if step["status"] == RateStatus.IN_FORCE:
            parts.append(f"{how_it_applied(step['answer'])} from {words.day(step['start'])}")
        elif step["status"] == RateStatus.NOT_IN_RECORD:
            parts.append(f"no rate in the record from {words.day(step['start'])}")
    return ", then ".join(parts) if parts else None


def rates_summary(countries, as_of=None) -> str:
    """The tariff-rate page's opening paragraph: only about the chosen countries, as announced by as_of."""
    codes = [resolve_country(c) for c in countries]
    day = day_of_record(as_of)
    stages = stage_rates(codes, day)
    n = len(codes)
    chosen = "the country chosen" if n == 1 else f"the {n} countries chosen"
    if stages.empty:
        return (
            f"By {words.day(day)} no headline rate had been announced for {chosen}: the first stage of the 2025 "
            "tariffs, the rates of 2 April 2025, came later. The chart and the table are empty on this date."
        )
    with_rate = stages["country"].nunique()
    out = [
        f"For {chosen} ({with_rate} with a headline rate in the record by {words.day(day)}), the chart draws every "
        "country's path in grey and the ones ticked under 'Partners compared' in colour."
        if n > 1
        else f"The chart draws the path of {country_name(codes[0])} by {words.day(day)}."
    ]
    first = codes[0]
    path = rate_path(first, day)
    if path:
        out.append(f"{country_name(first)}'s path, the one drawn in colour first: {path}.")
    if first in NOT_MODELLED:
        out.append(f"The book follows no rate in force for {country_name(first)}: {NOT_MODELLED[first]}.")
    after = regime_path(first, day)
    if after:
        out.append(f"After IEEPA ended: {after}.")
    out.append(letters_among(stages))
    return " ".join(s for s in out if s)


def letters_lower(stages: pd.DataFrame) -> tuple[int, int] | None:
    """Of the countries with both a letter rate and a rate in force from 7 August: (how many, how many lower)."""
    wide = stages.pivot_table(index="country", columns="stage", values="value")
    if FINAL not in wide or LETTER not in wide:
        return None
    both = wide.dropna(subset=[FINAL, LETTER])
    return len(both), int((both[FINAL] < both[LETTER]).sum())


def letters_among(stages: pd.DataFrame) -> str:
    """'Of the 5 countries chosen with both a letter rate and a rate in force ..., 4 ended lower ...'."""
    found = letters_lower(stages)
    if not found or not found[0]:
        return ""
    n, lower = found
    return (
        f"Of the {n} countries chosen with both a letter rate and a rate in force from 7 August in the "
        f"record, {lower} ended lower than their letter said."
    )


def country_rates(country: str, day=None) -> str:
    """A country page's sentence on its headline rate: what applied on `day`, under which statute, and after IEEPA.

    `day` defaults to the horizon; the record is read as it stood that day.
    """
    code = resolve_country(country)
    name = country_name(code)
    if code in NOT_MODELLED:
        return f"The book does not draw a rate-in-force line for {name}: {NOT_MODELLED[code]}."
    day = day_of_record(day)
    r = rate_in_force(code, day, figures=known_figures(day))
    if r is None:
        return f"On {words.day(day)} no headline tariff applied yet to {name}."
    if r.in_record:
        now = f"On {words.day(day)} the headline rate on goods from {name} was {r.describe()}."
    else:
        now = f"On {words.day(day)} the record has no headline rate for {name}: the sources searched give none."
    after = regime_path(code, day)
    return now + (f" After IEEPA: {after}." if after else "")


def duties_summary(country: str, day=None) -> str:
    """A country page's sentences on its duties by product group on `day` (default: the horizon), as known then.

    How many groups have a rate of their own, under which statutes, whether those rates come in place of the
    country-wide duty or on top of it, and the groups with a rate due later or none in the record.
    """
    code = resolve_country(country)
    name = country_name(code)
    if code in NOT_MODELLED:
        return f"The book does not follow {name}'s duties by product group: {NOT_MODELLED[code]}."
    day = day_of_record(day)
    d = duties_in_force(code, day, known_on=day)
    groups = d[d["group"] != COUNTRY_WIDE]
    own = groups[groups["status"].isin(DRAWN)]
    if own.empty:
        return f"On {words.day(day)} the record has no duty of its own for any product group of {name}'s goods."
    bases = words.and_join(dict.fromkeys(words.label(b, "legal_basis") for b in own["legal_basis"]))
    out = [
        f"On {words.day(day)}, {words.count(len(own), 'product group')} of {name}'s goods had a duty of their own "
        f"in the record, under {bases}."
    ]
    instead = own[own["stacks"] == "no"]
    clauses = []
    if len(instead):
        clauses.append(f"for {len(instead)} it came in place of the country-wide duty, not on top of it")
    metal = own[own["stacks"] == "non-metal content"]
    if len(metal):
        clauses.append(f"for {len(metal)} (metals) it applied to the metal content, the country-wide duty to the rest")
    on_top = own[own["stacks"] == "yes"]
    if len(on_top):
        clauses.append(f"for {len(on_top)} (the Section 301 lists) it came on top of the country-wide duty")
    if len(instead) == len(own):
        out.append("Each came in place of the country-wide duty, not on top of it.")
    elif clauses:
        out.append(words.upper_first("; ".join(clauses)) + ".")
    later = groups[groups["status"] == SCHEDULED]
    if len(later):
        out.append(
            "Due later: "
            + "; ".join(f"{words.phrase(g, 'sector')}, {n}" for g, n in zip(later["group"], later["note"], strict=True))
            + "."
        )
    return " ".join(out)


def stages_intro(as_of=None) -> str:
    """The tariff-rate page's first paragraph: the stages of 2025 and the statutes of 2026, each from its row.

    As far as the record knew by `as_of` (default: the horizon): a stage not announced yet is not named.
    """
    from tariffbook.analysis.prose.regimes import period_last, section_122, section_301_groups
    from tariffbook.analysis.queries import preferred_row
    from tariffbook.domain import BASIS_ENDED, IN_FORCE_PERIOD

    day = day_of_record(as_of)
    figs = known_figures(day)
    base = preferred_row("tariff_rate_baseline", "ALL", as_of=day)
    if base is None:
        return f"By {words.day(day)} no headline rate of 2025 had been announced."
    parts = [f"the {words.percent(base['value'])} baseline from {words.day(base['effective_on'], year=False)}"]
    recip = figs[figs["preferred"] & (figs["metric"] == "tariff_rate_reciprocal") & figs["effective_on"].notna()]
    pause = preferred_row("tariff_rate_in_force", "ALL_EX_CHN", as_of=day)
    if len(recip):
        text = f"the country rate announced on {words.day(recip['announced_on'].min(), year=False)}"
        text += f" (in force on {words.day(recip['effective_on'].min(), year=False)}"
        if pause is not None and pd.notna(pause["effective_on"]):
            text += f", paused from {words.day(pause['effective_on'], year=False)}"
        parts.append(text + ")")
    letters = preferred_row("letter_countries", "LETTER14", as_of=day)
    if letters is not None:
        parts.append(f"the rate in Trump's letters of {words.day(letters['announced_on'], year=False)}")
    if (figs["preferred"] & (figs["metric"] == "tariff_rate_deal")).any():
        parts.append("the rate of a deal where there was one")
    final = preferred_row("tariff_rate_in_force", "NOT_IN_ANNEX_I", IN_FORCE_PERIOD, as_of=day)
    if final is not None:
        order = (
            f" under {final['instrument']} of {words.day(final['announced_on'], year=False)}"
            if final["instrument"]
            else ""
        )
        parts.append(f"the rate in force from {words.day(final['effective_on'], year=False)}{order}")
    text = f"Each partner's headline rate went through up to {len(parts)} stages in 2025: {words.and_join(parts)}."
    s122 = section_122(day)
    if s122 is not None:
        last_ieepa, _ = BASIS_ENDED["ieepa"]
        end = period_last(s122)
        text += (
            f" In 2026 the headline rate changed statute: the IEEPA duties ended on {words.day(last_ieepa)}, a "
            "Section 122 surcharge followed "
            + (
                f"from {words.day_span(s122['effective_on'], end)}"
                if end is not None
                else f"from {words.day(s122['effective_on'])}"
            )
        )
        groups, start = section_301_groups(day)
        text += (f", then Section 301 duties partner by partner from {words.day(start)}" if groups else "") + "."
    return text + (
        " The chart puts each stage at the day it was announced or took effect, and follows the rate in force after "
        f"them through {words.day(day)}; sectoral tariffs run alongside, on a separate legal basis (Section 232)."
    )
