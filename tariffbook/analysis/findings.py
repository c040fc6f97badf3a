"""The findings the pages state, written from the data as it stood, through the record's horizon.

Each sentence is written only if the rows behind it exist, so an 'as of' book (TARIFFBOOK_AS_OF) says what was
known on its date and nothing later: before 22 July 2025 there is no Japan deal to mention, before 20 February
2026 no Section 122. Where the record is partial, a sentence says for how many partners it holds; it never
reads as complete coverage.
"""

from __future__ import annotations

import pandas as pd

from tariffbook.analysis.queries import (
    preferred,
    preferred_row,
    rate_steps,
    stage_rates,
    trade_change,
    trade_year,
)
from tariffbook.analysis.rates import RateInForce, rate_in_force, to_day
from tariffbook.data.countries import country_name, resolve_country
from tariffbook.data.load import as_known_on, as_of, book_day, load_events, load_figures, record_checked
from tariffbook.domain import (
    BASIS_ENDED,
    IN_FORCE_PERIOD,
    LEGAL_BASES,
    LETTER14_MEMBERS,
    NOT_MODELLED,
    PAGE_PATHS,
    STAGE_LABELS,
)

__all__ = [
    "country_rates",
    "japan_summary",
    "key_findings",
    "rate_path",
    "rates_summary",
    "record_checked",
    "regime_path",
    "surplus_summary",
    "timeline_summary",
]


def _pct(v: float) -> str:
    return f"{v:g}%"


def _date(d: pd.Timestamp) -> str:
    return f"{d:%-d %B %Y}"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _names(codes) -> str:
    """'Bangladesh, Cambodia and India': the countries' names, in alphabetical order."""
    names = sorted(country_name(c) for c in codes)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def rate_path(country: str, as_of=None) -> str | None:
    """'24% on 2 April, 25% in the letter of 7 July, …' for the 2025 stages known (by as_of, if given)."""
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


def _how(r: RateInForce) -> str:
    """'12.5% in total under Section 301' or '35% (Section 122 and Section 301)' for a rate in force."""
    bases = list(dict.fromkeys(LEGAL_BASES.get(p.legal_basis or "", "") for p in r.parts))
    total = " in total" if r.applies_as == "minimum_total" else ""
    return f"{_pct(r.rate)}{total} under {' and '.join(b for b in bases if b)}"


def regime_path(country: str, as_of=None) -> str | None:
    """What followed IEEPA for a country, as known by as_of (default: AS_OF, else the horizon).

    '10% under Section 122 from 24 February 2026, then 12.5% in total under Section 301 from 24 July 2026', or
    '..., then no rate in the record from 24 July 2026'. None before IEEPA ended, or for a country outside the
    rate model.
    """
    code = resolve_country(country)
    last_ieepa, _ = BASIS_ENDED["ieepa"]
    day = book_day() if as_of is None else to_day(as_of, "as_of")
    start = last_ieepa + pd.Timedelta(days=1)
    if code in NOT_MODELLED or day < start:
        return None
    figs = as_known_on(load_figures(), day)
    steps = rate_steps(code, start=start, end=day, figures=figs)
    parts, prev = [], None
    for _, st in steps.iterrows():
        key = (None if pd.isna(st["rate"]) else st["rate"], st["status"], st["legal_basis"])
        if key == prev:
            continue
        if st["status"] == "in_force":
            r = rate_in_force(code, st["date"], figures=figs)
            parts.append(f"{_how(r)} from {_date(st['date'])}")
        elif st["status"] == "not_in_record":
            parts.append(f"no rate in the record from {_date(st['date'])}")
        prev = key
    return ", then ".join(parts) if parts else None


def _announced_not_in_force() -> str | None:
    paths = {c: (rate_path(c), regime_path(c)) for c in ("JPN", "KOR")}
    if not paths["JPN"][0]:
        return None
    said = []
    for code, (path, after) in paths.items():
        if path:
            said.append(f"{country_name(code)}'s headline rate: {path}" + (f"; after IEEPA, {after}" if after else ""))
    return f"**Announced is not in force.** {'. '.join(said)}. See [the rates, stage by stage]({PAGE_PATHS['rates']})."


def _letters() -> str | None:
    letters = preferred_row("letter_countries", "LETTER14")
    if letters is None:
        return None
    text = (
        f"**The letters.** On 7 July 2025 Trump sent letters to {letters['value']:g} countries "
        "setting new rates from 1 August."
    )
    wide = stage_rates(sorted(LETTER14_MEMBERS)).pivot_table(index="country", columns="stage", values="value")
    final, letter = STAGE_LABELS["tariff_rate_in_force"], STAGE_LABELS["tariff_rate_letter"]
    if final in wide and letter in wide:
        both = wide.dropna(subset=[final, letter])
        lower = int((both[final] < both[letter]).sum())
        text += (
            f" They were not the last word: {lower} of the {len(both)} with both rates in the record faced a lower "
            "rate from 7 August than their letter said."
        )
    return text


def _section_301_groups(day: pd.Timestamp) -> tuple[str, pd.Timestamp | None]:
    """The Section 301 rates known by `day`, grouped, and the day they took effect (None when there are none).

    '12.5% in total for Japan and South Korea; 10% in total for Taiwan; ...'.
    """
    figs = preferred(as_known_on(load_figures(), day))
    rows = figs[
        (figs["metric"] == "tariff_rate_in_force")
        & (figs["legal_basis"] == "section_301")
        & figs["country"].str.fullmatch("[A-Z]{3}")
        & ~figs["country"].isin(NOT_MODELLED)
    ]
    groups = []
    for (value, how), g in rows.groupby(["value", "applies_as"], observed=True, sort=False):
        words = "in total" if how == "minimum_total" else "on top of the normal duty"
        groups.append((how != "minimum_total", -value, f"{_pct(value)} {words} for {_names(g['country'])}"))
    start = rows["effective_on"].min() if len(rows) else None
    return "; ".join(text for *_, text in sorted(groups)), start


def _section_122(day: pd.Timestamp) -> pd.Series | None:
    """The Section 122 surcharge's row as known on `day` (it applied to all partners), or None."""
    figs = preferred(as_known_on(load_figures(), day))
    rows = figs[
        (figs["metric"] == "tariff_rate_in_force")
        & (figs["country"] == "ALL")
        & (figs["legal_basis"] == "section_122")
        & figs["effective_on"].notna()
    ]
    return None if rows.empty else rows.sort_values("effective_on").iloc[0]


def _regimes(day: pd.Timestamp) -> str | None:
    """2026: the ruling, Section 122, Section 301, each sentence only as far as the record knew by `day`."""
    s122 = _section_122(day)
    if s122 is None:
        return None
    last_ieepa, known = BASIS_ENDED["ieepa"]
    rulings = load_events()
    ruling = rulings[
        (rulings["event_type"] == "court_ruling") & (rulings["announced_on"] == known) & rulings["preferred"]
    ]
    text = "**2026: from IEEPA to Section 122 to Section 301.** "
    if len(ruling):
        text += f"{ruling.iloc[0]['summary']} ({_date(known)}). "
    text += f"The IEEPA duties ended on {_date(last_ieepa)}. "
    end = str(s122["period"]).split("/")[-1]
    text += (
        f"From {_date(s122['effective_on'])} every partner paid a {_pct(s122['value'])} surcharge under Section 122 "
        f"({s122['instrument']})" + (f" through {_date(pd.Timestamp(end))}" if "/" in str(s122["period"]) else "")
    )
    figs = as_known_on(load_figures(), day)
    rival = figs[
        (figs["metric"] == "tariff_rate_in_force")
        & (figs["country"] == "ALL")
        & (figs["period"] == s122["period"])
        & figs["effective_on"].isna()
        & (figs["value"] != s122["value"])
    ]
    if len(rival):
        first = rival.sort_values("announced_on").iloc[0]
        text += f"; the {_pct(first['value'])} announced on {_date(first['announced_on'])} never took effect"
    text += "."
    groups, start = _section_301_groups(day)
    if groups:
        text += (
            f" Section 301 duties followed from {_date(start)}, where the record has them: {groups}. For the other "
            f"partners the record has no rate after {_date(pd.Timestamp(end))}: a blank there means not in the record."
        )
    return text


def _refunds() -> str | None:
    paid = preferred_row("ieepa_duties_collected", "USA", "2026-02-23")
    if paid is None:
        return None
    text = f"**The refunds.** CBP put the IEEPA duties paid at {_amount(paid)}"
    importers = preferred_row("ieepa_importers_paid", "USA", "2026-02-23")
    if importers is not None:
        count = f"{importers['value']:,.0f}"
        text += f", by {_qualified(importers, count)} importers"
    submitted, certified = (
        preferred_row("ieepa_refunds_submitted", "USA"),
        preferred_row("ieepa_refunds_certified", "USA"),
    )
    if submitted is not None and certified is not None:
        text += (
            f"; by {_date(pd.Timestamp(submitted['period']))} {_amount(submitted)} of refunds had been submitted "
            f"through CBP's CAPE process and {_amount(certified)} certified to the Treasury"
        )
    return text + ". The record has nothing later on the refunds."


def _qualified(row: pd.Series, text: str) -> str:
    q = row.get("value_qualifier")
    return f"{q} {text}" if isinstance(q, str) and q else text


def _amount(row: pd.Series) -> str:
    return _qualified(row, f"USD {row['value']:g} billion")


def _surpluses() -> str | None:
    surplus = preferred_row("partner_surplus_with_us", "JPN", "2024")
    trade = trade_year("2024")
    if not len(trade):
        return None
    top = trade.iloc[0]
    text = "**The surpluses behind the letters.** " if surplus is not None else "**The surpluses.** "
    if surplus is not None:
        text += f"The July 2025 reporting put Japan's 2024 surplus with the US at USD {surplus['value']:g} billion; "
    text += (
        f"of the {len(trade)} partners with 2024 Census figures in the record, the largest US deficit was with "
        f"{top['name']} (USD {top['surplus_bn']:,.1f} billion)."
    )
    change = trade_change("2024", "2025")
    if len(change):
        each = ", ".join(
            f"{r['name']} USD {r['surplus_2025']:,.1f} billion ({r['surplus_2024']:,.1f} in 2024)"
            for _, r in change.iterrows()
        )
        shrank = int((change["change"] < 0).sum())
        text += (
            f" In 2025 the US goods deficit was: {each}. It shrank for {shrank} of these {len(change)} partners, the "
            "only ones with 2025 Census figures in the record."
        )
    return text + f" See [the surplus page]({PAGE_PATHS['surpluses']})."


def _formula() -> str | None:
    from tariffbook.analysis.formula import reconstruct  # here: only the introduction needs it (and reruns on it)

    recon = reconstruct()
    if not len(recon):
        return None
    close = int((recon["residual"].abs() < 1).sum())
    return (
        f"**The formula holds.** Recomputed from the 2024 trade figures, {close} of the {len(recon)} published "
        f"2 April rates in the record come within one point of USTR's formula; "
        f"see [where the rates came from]({PAGE_PATHS['formula']})."
    )


def _courts() -> str | None:
    rulings = load_events()
    rulings = rulings[(rulings["event_type"] == "court_ruling") & rulings["preferred"]].sort_values("announced_on")
    if not len(rulings):
        return None
    last = rulings.iloc[-1]
    return f"**The courts.** Latest ruling in the record: {last['summary']} ({_date(last['announced_on'])})."


def key_findings() -> str:
    """The introduction's key findings, as Markdown bullets, from the data through the horizon (or AS_OF)."""
    day = book_day()
    found = [_announced_not_in_force(), _letters(), _regimes(day), _refunds(), _surpluses(), _formula(), _courts()]
    bullets = [b for b in found if b]
    head = (
        f"*This is the book as it stood on {_date(day)}: only what had been announced by then.*\n\n"
        if as_of() is not None
        else f"*{record_checked()}.*\n\n"
    )
    return head + "\n".join(f"- {b}" for b in bullets)


def japan_summary(day: str) -> str:
    """The Japan page's opening paragraph, for the talks as they stood on `day`."""
    day = pd.Timestamp(day)
    ev = load_events()
    ev = ev[ev["preferred"] & (ev["country"] == "JPN") & (ev["announced_on"] <= day)]
    rounds = int((ev["event_type"] == "negotiation_round").sum())
    calls = int((ev["event_type"] == "phone_call").sum())
    out = [
        f"By {_date(day)}, the record holds {_count(rounds, 'round')} of US–Japan talks and "
        f"{_count(calls, 'phone call')}."
    ]
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
        out.append(_deal_sentence(code, name, day))
    return " ".join(s for s in out if s)


def _deal_sentence(code: str, name: str, day: pd.Timestamp) -> str:
    deal, letter = preferred_row("tariff_rate_deal", code), preferred_row("tariff_rate_letter", code)
    pledge = preferred_row("investment_pledge", code)
    if deal is not None and deal["announced_on"] <= day:
        text = f"The deal of {deal['announced_on']:%-d %B %Y} set {name}'s rate at {_pct(deal['value'])}"
        if letter is not None:
            text += f", down from the {_pct(letter['value'])} of the letter"
        if pledge is not None and pledge["announced_on"] <= day:
            text += f", against a pledge of USD {pledge['value']:g} billion of investment"
        return text + "."
    if letter is not None and letter["announced_on"] <= day:
        return (
            f"No deal yet for {name}: the letter of {letter['announced_on']:%-d %B} set {_pct(letter['value'])} "
            f"from {letter['effective_on']:%-d %B}."
        )
    return ""


def rates_summary(countries, as_of=None) -> str:
    """The tariff-rate page's opening paragraph: only about the chosen countries, as announced by as_of."""
    codes = [resolve_country(c) for c in countries]
    day = book_day() if as_of is None else to_day(as_of, "as_of")
    stages = stage_rates(codes, day)
    n = len(codes)
    chosen = "the country chosen" if n == 1 else f"the {n} countries chosen"
    if stages.empty:
        return (
            f"By {_date(day)} no headline rate had been announced for {chosen}: the first stage of the 2025 "
            "tariffs, the rates of 2 April 2025, came later. The chart and the table are empty on this date."
        )
    with_rate = stages["country"].nunique()
    out = [
        f"For {chosen} ({with_rate} with a headline rate in the record by {_date(day)}), the chart draws every "
        "country's path in grey and the one picked in the dropdown in colour."
        if n > 1
        else f"The chart draws the path of {country_name(codes[0])} by {_date(day)}."
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
    out.append(_letters_among(stages))
    return " ".join(s for s in out if s)


def _letters_among(stages: pd.DataFrame) -> str:
    wide = stages.pivot_table(index="country", columns="stage", values="value")
    final, letter = STAGE_LABELS["tariff_rate_in_force"], STAGE_LABELS["tariff_rate_letter"]
    if final not in wide or letter not in wide:
        return ""
    both = wide.dropna(subset=[final, letter])
    if not len(both):
        return ""
    return (
        f"Of the {len(both)} countries chosen with both a letter rate and a rate in force from 7 August in the "
        f"record, {int((both[final] < both[letter]).sum())} ended lower than their letter said."
    )


def timeline_summary(as_of=None) -> str:
    """What the timeline shows about announcements and effective dates, as far as the data goes (by as_of)."""
    day = book_day() if as_of is None else to_day(as_of, "as_of")
    out = []
    base = preferred_row("tariff_rate_baseline", "ALL", as_of=day)
    pause = preferred_row("tariff_rate_in_force", "ALL_EX_CHN", "2025-04-09", as_of=day)
    days = preferred_row("pause_length", "ALL_EX_CHN", as_of=day)
    if base is not None:
        out.append(f"The {_pct(base['value'])} baseline took effect on {_date(base['effective_on'])}.")
    if pause is not None and days is not None:
        out.append(
            f"The country rates of Annex I took effect on 9 April and were paused from {pause['effective_on']:%-d %B} "
            f"for {days['value']:g} days, at {_pct(pause['value'])}."
        )
    letters = preferred_row("letter_countries", "LETTER14", as_of=day)
    if letters is not None:
        text = f"The letters of 7 July to {letters['value']:g} countries set new rates from 1 August"
        eo = preferred_row("tariff_rate_in_force", "NOT_IN_ANNEX_I", IN_FORCE_PERIOD, as_of=day)
        if eo is not None:
            text += (
                f"; none took effect as written, because {eo['instrument']} of {eo['announced_on']:%-d %B} replaced "
                f"them with the rates that applied from {eo['effective_on']:%-d %B}"
            )
        out.append(text + ".")
    after = _after_ieepa(day)
    if after:
        out.append(after)
    if not out:
        out.append(
            f"By {_date(day)} no tariff of 2025 had been announced yet: the record's rates start on 2 April 2025."
        )
    return " ".join(out)


def _after_ieepa(day: pd.Timestamp) -> str:
    s122 = _section_122(day)
    if s122 is None:
        return ""
    last_ieepa, _ = BASIS_ENDED["ieepa"]
    text = (
        f"The IEEPA duties ended on {_date(last_ieepa)}; a {_pct(s122['value'])} surcharge under Section 122 applied "
        f"from {_date(s122['effective_on'])}"
    )
    if "/" in str(s122["period"]):
        text += f" through {_date(pd.Timestamp(str(s122['period']).split('/')[-1]))}"
    groups, start = _section_301_groups(day)
    if groups:
        text += f", then Section 301 duties partner by partner from {_date(start)}"
    return text + "."


def surplus_summary(highlight, as_of=None) -> str:
    """The surplus page's opening paragraph for the partners highlighted.

    The surpluses reported in July 2025 against the Census figures, as far as the record knew by as_of (default:
    AS_OF, else the horizon).
    """
    from tariffbook.analysis.queries import reported_surpluses

    day = book_day() if as_of is None else to_day(as_of, "as_of")
    codes = [resolve_country(c) for c in highlight]
    trade = trade_year("2024")
    reported = reported_surpluses("2024").set_index("country")
    reported = reported[reported.index.isin(codes)]
    out = []
    if len(reported):
        out.append(
            "The press reported these 2024 surpluses with the US: "
            + ", ".join(f"{r['name']} USD {r['value']:g} billion" for _, r in reported.iterrows())
            + "."
        )
    else:
        out.append(
            f"By {_date(day)} the reporting of the July 2025 letters, and its surplus figures, had not come yet."
        )
    census = trade.set_index("country")
    have = [c for c in codes if c in census.index]
    if have:
        rank = {c: i + 1 for i, c in enumerate(trade["country"])}
        out.append(
            "In the Census figures for 2024: "
            + ", ".join(
                f"{country_name(c)} USD {census.loc[c, 'surplus_bn']:,.1f} billion (rank {rank[c]})" for c in have
            )
            + f", among the {len(trade)} partners with 2024 figures in the record; the largest US deficit is with "
            f"{trade.iloc[0]['name']} (USD {trade.iloc[0]['surplus_bn']:,.1f} billion)."
        )
    missing = [c for c in codes if c not in census.index]
    if missing:
        out.append(f"The record has no 2024 Census figures for {_names(missing)}.")
    return " ".join(out)


def country_rates(country: str, day=None) -> str:
    """A country page's sentence on its headline rate: what applied on `day`, under which statute, and after IEEPA.

    `day` defaults to AS_OF, else the horizon.
    """
    code = resolve_country(country)
    name = country_name(code)
    if code in NOT_MODELLED:
        return f"The book does not draw a rate-in-force line for {name}: {NOT_MODELLED[code]}."
    day = book_day() if day is None else to_day(day, "day")
    r = rate_in_force(code, day)
    if r is None:
        return f"On {_date(day)} no headline tariff applied yet to {name}."
    if r.in_record:
        now = f"On {_date(day)} the headline rate on goods from {name} was {r.describe()}."
    else:
        now = f"On {_date(day)} the record has no headline rate for {name}: the sources searched give none."
    after = regime_path(code, day)
    return now + (f" After IEEPA: {after}." if after else "")
