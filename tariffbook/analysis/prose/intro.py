"""The introduction's key findings, and the lede of its chart, from the record through the horizon (or AS_OF)."""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.events import decisive_ruling, short_text
from tariffbook.analysis.prose.rates import letters_lower, rate_path, regime_path
from tariffbook.analysis.prose.regimes import section_122, section_301_groups
from tariffbook.analysis.queries import preferred_row
from tariffbook.analysis.spans import FIRST_DAY, day_of_record, gaps, phases
from tariffbook.analysis.stages import stage_rates
from tariffbook.analysis.trade import total_deficit, trade_change, trade_year
from tariffbook.data.countries import country_name, names_text
from tariffbook.data.load import as_known_on, horizon, known_events, load_figures, record_checked
from tariffbook.domain import BASIS_ENDED, IN_FORCE_PERIOD, LETTER14_MEMBERS, PAGE_PATHS


def _announced_not_in_force(as_of) -> str | None:
    paths = {c: (rate_path(c, as_of), regime_path(c, as_of)) for c in ("JPN", "KOR")}
    if not paths["JPN"][0]:
        return None
    said = []
    for code, (path, after) in paths.items():
        if path:
            said.append(f"{country_name(code)}'s headline rate: {path}" + (f"; after IEEPA, {after}" if after else ""))
    return f"**Announced is not in force.** {'. '.join(said)}. See [the rates, stage by stage]({PAGE_PATHS['rates']})."


def _letters(as_of) -> str | None:
    letters = preferred_row("letter_countries", "LETTER14", as_of=as_of)
    if letters is None:
        return None
    text = (
        f"**The letters.** On 7 July 2025 Trump sent letters to {letters['value']:g} countries "
        "setting new rates from 1 August."
    )
    found = letters_lower(stage_rates(sorted(LETTER14_MEMBERS), as_of))
    if found:
        n, lower = found
        text += (
            f" They were not the last word: {lower} of the {n} with both rates in the record faced a lower "
            "rate from 7 August than their letter said."
        )
    return text


def _regimes(day: pd.Timestamp) -> str | None:
    """2026: the ruling, Section 122, Section 301, each sentence only as far as the record knew by `day`."""
    s122 = section_122(day)
    if s122 is None:
        return None
    last_ieepa, known = BASIS_ENDED["ieepa"]
    rulings = known_events(day)
    ruling = rulings[
        (rulings["event_type"] == "court_ruling") & (rulings["announced_on"] == known) & rulings["preferred"]
    ]
    text = "**2026: from IEEPA to Section 122 to Section 301.** "
    if len(ruling):
        text += f"{ruling.iloc[0]['summary']} ({words.day(known)}). "
    text += f"The IEEPA duties ended on {words.day(last_ieepa)}. "
    end = str(s122["period"]).split("/")[-1]
    text += (
        f"From {words.day(s122['effective_on'])} every partner paid a {words.percent(s122['value'])} surcharge under "
        f"Section 122 ({s122['instrument']})" + (f" through {words.day(end)}" if "/" in str(s122["period"]) else "")
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
        text += (
            f"; the {words.percent(first['value'])} announced on {words.day(first['announced_on'])} never took effect"
        )
    text += "."
    groups, start = section_301_groups(day)
    if groups:
        text += (
            f" Section 301 duties followed from {words.day(start)}, where the record has them: {groups}. For the "
            f"other partners the record has no rate after {words.day(end)}: a blank there means not in the record."
        )
    return text


def _refunds(as_of) -> str | None:
    paid = preferred_row("ieepa_duties_collected", "USA", "2026-02-23", as_of=as_of)
    if paid is None:
        return None
    text = f"**The refunds.** CBP put the IEEPA duties paid at {_billions(paid)}"
    importers = preferred_row("ieepa_importers_paid", "USA", "2026-02-23", as_of=as_of)
    if importers is not None:
        count = f"{importers['value']:,.0f}"
        text += f", by {words.qualified(count, importers.get('value_qualifier'))} importers"
    submitted, certified = (
        preferred_row("ieepa_refunds_submitted", "USA", as_of=as_of),
        preferred_row("ieepa_refunds_certified", "USA", as_of=as_of),
    )
    if submitted is not None and certified is not None:
        text += (
            f"; by {words.day(submitted['period'])} {_billions(submitted)} of refunds had been submitted "
            f"through CBP's CAPE process and {_billions(certified)} certified to the Treasury"
        )
    return text + ". The record has nothing later on the refunds."


def _billions(row: pd.Series) -> str:
    return words.amount(row["value"], "USD billion", row.get("value_qualifier"))


def _surpluses(as_of) -> str | None:
    surplus = preferred_row("partner_surplus_with_us", "JPN", "2024", as_of=as_of)
    trade = trade_year("2024", as_of=as_of)
    if not len(trade):
        return None
    top = trade.iloc[0]
    text = "**The surpluses behind the letters.** " if surplus is not None else "**The surpluses.** "
    if surplus is not None:
        text += f"The July 2025 reporting put Japan's 2024 surplus with the US at USD {surplus['value']:g} billion; "
    text += (
        f"of the {len(trade)} partners with 2024 figures in the record, the largest US deficit was with "
        f"{top['name']} (USD {top['surplus_bn']:,.1f} billion)."
    )
    change = trade_change("2024", "2025", as_of=as_of)
    if len(change):
        shrank = int((change["change"] < 0).sum())
        text += (
            f" From 2024 to 2025 the US goods deficit shrank with {shrank} of the {len(change)} partners the record "
            f"has both years for, and grew with {int((change['change'] > 0).sum())}"
        )
        letters = change[change["country"].isin(LETTER14_MEMBERS)]
        if len(letters):
            text += (
                f"; it shrank with {int((letters['change'] < 0).sum())} of the {len(letters)} among them that "
                "received a tariff letter"
            )
        text += "."
    total = total_deficit("2025", as_of)
    if total is not None:
        text += f" The whole US goods deficit in 2025 was {words.amount(total['value'], total['unit'])}."
    return text + f" See [the surplus page]({PAGE_PATHS['surpluses']})."


def _formula(as_of) -> str | None:
    from tariffbook.analysis.formula import reconstruct  # here: only the introduction needs it (and reruns on it)

    recon = reconstruct(as_of=as_of)
    if not len(recon):
        return None
    exact = int(recon["two_step_exact"].sum())
    off = recon[~recon["two_step_exact"]].sort_values("name")
    text = (
        f"**The formula, rounded twice.** Recomputed from the 2024 trade figures with USTR's formula, "
        f"a rule in two steps (round the deficit over imports to a whole percent, halve it, round a half up) gives "
        f"{exact} of the {len(recon)} published 2 April rates in the record exactly"
    )
    if len(off):
        ahead = (off["published"] - off["two_step"]).unique()
        how = ", each published a point higher than the rule gives" if list(ahead) == [1] else ""
        text += f"; the {'exception is' if len(off) == 1 else 'exceptions are'} {names_text(off['country'])}{how}"
    return text + f". See [where the rates came from]({PAGE_PATHS['formula']})."


def _courts(as_of) -> str | None:
    rulings = known_events(as_of)
    rulings = rulings[(rulings["event_type"] == "court_ruling") & rulings["preferred"]].sort_values("announced_on")
    if not len(rulings):
        return None
    last = rulings.iloc[-1]
    return f"**The courts.** Latest ruling in the record: {last['summary']} ({words.day(last['announced_on'])})."


def key_findings(as_of=None) -> str:
    """The introduction's key findings, as Markdown bullets, from the record as it stood on `as_of`.

    Args:
        as_of: the book's day (an 'as of' book); None: the record as a whole, through its horizon.
    """
    day = day_of_record(as_of)
    found = [
        _announced_not_in_force(as_of),
        _letters(as_of),
        _regimes(day),
        _refunds(as_of),
        _surpluses(as_of),
        _formula(as_of),
        _courts(as_of),
    ]
    bullets = [b for b in found if b]
    head = (
        f"*This is the book as it stood on {words.day(day)}: only what had been announced by then.*\n\n"
        if day < horizon()
        else f"*{record_checked()}.*\n\n"
    )
    return head + "\n".join(f"- {b}" for b in bullets)


def phase_text(p: pd.Series, n: int, last_day: pd.Timestamp, names: bool = True) -> str:
    """'Section 122 (+10%) from 24 February to 23 July 2026', '... for 11 of them (Bangladesh, ...)'."""
    span = f"from {words.day_span(p['start'], p['end'])}"
    if p["end"] >= last_day:
        span = f"from {words.day(p['start'])}"
    who = ""
    if len(p["countries"]) != n:
        who = f" for {len(p['countries'])} of them" + (f" ({names_text(p['countries'])})" if names else "")
    rates = f" ({', '.join(p['labels'])})" if len(p["labels"]) <= 3 else ""
    return f"{p['basis']}{rates} {span}{who}"


def lede(segments: pd.DataFrame, as_of=None) -> str:
    """The introduction's lede: the letter partners' duties through the statutes, from 2 April 2025 to `as_of`."""
    from tariffbook.analysis.spans import day_of_record

    day = day_of_record(as_of)
    n = segments["country"].nunique()
    if not n:
        return f"By {words.day(day)} no tariff of 2025 applied yet to the partners that received tariff letters."
    ph = phases(segments)
    text = (
        f"From {words.day(FIRST_DAY)} to {words.day(day)}, the duty on the {n} partners that received tariff "
        "letters ran under " + ("one statute: " if len(ph) == 1 else f"{len(ph)} statutes: ")
    )
    text += "; then ".join(phase_text(p, n, day, names=False) for _, p in ph.iterrows()) + "."
    ruling = decisive_ruling(day)
    if ruling is not None:
        text += (
            f" The switch followed a ruling of {words.day(ruling['announced_on'])} ({short_text(ruling['summary'])})."
        )
    missing = gaps(segments, day)
    if len(missing):
        text += f" For {len(missing)} of them ({names_text(missing['country'])}) the record has no rate since."
    return text


def opening(as_of=None) -> str:
    """The book's first sentences: what was announced on 2 April 2025, what followed, and where the record ends.

    Every number and date comes from the record as it stood on `as_of`: the range of the Annex I rates and the
    number of partners it listed (not the book's selection), the baseline, the letters, the day EO 14326's rates
    took effect, and the Supreme Court's ruling.
    """
    day = day_of_record(as_of)
    low = preferred_row("annex_i_rate_min", "ALL", as_of=day)
    high = preferred_row("annex_i_rate_max", "ALL", as_of=day)
    listed = preferred_row("annex_i_countries", "ALL", as_of=day)
    base = preferred_row("tariff_rate_baseline", "ALL", as_of=day)
    if low is None or high is None or base is None:
        return f"By {words.day(day)} the tariffs of 2 April 2025 had not been announced yet."
    order = base["instrument"] if isinstance(base["instrument"], str) and base["instrument"] else "the order"
    count = f"{listed['value']:g} " if listed is not None else ""
    who = f"the {count}trading partners listed in Annex I of {order}"
    text = (
        f"On {words.day(low['announced_on'])} the United States announced tariffs of {words.percent(low['value'])} "
        f"to {words.percent(high['value'])} on {who}, on top of a {words.percent(base['value'])} baseline for all"
    )
    letters = preferred_row("letter_countries", "LETTER14", as_of=day)
    if letters is not None:
        text += f"; letters from {words.day(letters['announced_on'])} set new rates for {letters['value']:g} countries"
    took = preferred_row("tariff_rate_in_force", "NOT_IN_ANNEX_I", IN_FORCE_PERIOD, as_of=day)
    if took is not None and pd.notna(took["effective_on"]) and took["effective_on"] <= day:
        text += f", and new rates took effect on {words.day(took['effective_on'])}"
    text += "."
    ruling = decisive_ruling(day)
    if ruling is not None:
        text += (
            f" On {words.day(ruling['announced_on'])} the Supreme Court held that the law used for them, IEEPA, "
            f"does not authorise tariffs; the record follows the duties that replaced them through {words.day(day)}."
        )
    return text
