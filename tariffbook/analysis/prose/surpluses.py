"""The surplus page's sentences: surpluses reported and in the figures, the letters, two years, months, the total.

The surpluses reported in July 2025 against the figures, the letters and the partners' balances, 2025 against 2024,
the months of 2026 and the whole US goods deficit.

Each sentence speaks of the partners the record holds (the partners this book follows, not every partner of the
United States) and says so; a figure that is not the Census Bureau's (a press table) or not its first release (an
annual revision) says which it is.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import preferred
from tariffbook.analysis.spans import day_of_record
from tariffbook.analysis.trade import FIRST_RELEASE, census_sources, reported_surpluses, total_deficit, trade_year
from tariffbook.data.countries import country_name, names_text, resolve_country
from tariffbook.data.load import known_figures, load_sources
from tariffbook.domain import LETTER14_MEMBERS

HELD = "the partners the record holds, which are the ones this book follows, not every partner of the United States"
"""What a rank is among: said wherever one is given."""


def _bn(value: float) -> str:
    return f"USD {value:,.1f} billion"


def _amount(row: pd.Series) -> str:
    """A partner's surplus: 'USD 68.5 billion', or 'USD 85 billion, a rounded figure from Visual Capitalist'."""
    if row["census"]:
        return _bn(row["surplus_bn"])
    return f"USD {words.number(round(row['surplus_bn'], 1))} billion, a rounded figure from {_press(row)}"


def _publisher(source_id: str) -> str:
    """A source's publisher as a sentence names it ('Visual Capitalist', 'Reuters'), without the copy it was read in."""
    src = load_sources().set_index("source_id")
    if source_id not in src.index:
        return ""
    return words.organisation(str(src.loc[source_id, "publisher"]).partition(" (via ")[0])


def _press(row: pd.Series) -> str:
    """Who published a figure that is not the Census Bureau's: its balance's sources other than the Census's."""
    census = census_sources()
    others = [s for s in str(row["source_id"]).split(";") if s and s not in census]
    return words.and_join(dict.fromkeys(_publisher(s) for s in others)) or "another publisher"


def basis_words(trade: pd.DataFrame) -> str:
    """How a table of a year's balances is sourced, in words: 'Census Bureau figures, except Germany's and ...'."""
    press = trade[~trade["census"].astype(bool)]
    if press.empty:
        return "Census Bureau figures"
    by = {}
    for _, r in press.iterrows():
        by.setdefault(_press(r), []).append(r["country"])
    said = "; ".join(
        f"{names_text(codes)}: a rounded table by {who}, citing the Census Bureau" for who, codes in by.items()
    )
    return f"Census Bureau figures, except {said}"


def surplus_summary(highlight, as_of=None) -> str:
    """The surplus page's opening paragraph for the partners highlighted.

    The surpluses reported in July 2025 against the Census figures, ranked among the partners the record holds, as
    far as the record knew by as_of (default: the record as a whole, through the horizon).
    """
    day = day_of_record(as_of)
    codes = [resolve_country(c) for c in highlight]
    trade = trade_year("2024", as_of=as_of)
    reported = reported_surpluses("2024", as_of=as_of).set_index("country")
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
            f"By {words.day(day)} the reporting of the July 2025 letters, and its surplus figures, had not come yet."
        )
    census = trade.set_index("country")
    have = [c for c in codes if c in census.index]
    if have:
        rank = {c: i + 1 for i, c in enumerate(trade["country"])}
        out.append(
            "In the figures for 2024: "
            + ", ".join(f"{country_name(c)} {_amount(census.loc[c])} ({words.ordinal(rank[c])} largest)" for c in have)
            + f", ranked among the {len(trade)} partners with 2024 figures in the record ({HELD}); the largest US "
            f"deficit among them is with {trade.iloc[0]['name']} ({_bn(trade.iloc[0]['surplus_bn'])})."
        )
    missing = [c for c in codes if c not in census.index]
    if missing:
        out.append(f"The record has no 2024 Census figures for {names_text(missing, alphabetical=True)}.")
    return " ".join(out)


def letters_summary(as_of=None) -> str:
    """The letters did not all go to partners with a surplus: the partners with a letter rate and a US surplus."""
    figs = preferred(known_figures(day_of_record(as_of) if as_of is not None else None))
    letters = figs[(figs["metric"] == "tariff_rate_letter") & figs["country"].str.fullmatch(r"[A-Z]{3}")]
    trade = trade_year("2024", as_of=as_of).set_index("country")
    letters = letters[letters["country"].isin(trade.index)].sort_values("announced_on")
    if letters.empty:
        return ""
    surplus = letters[letters["country"].map(trade["surplus_bn"]) < 0]
    n = letters["country"].nunique()
    if surplus.empty:
        return (
            f"All {words.count(n, 'partner')} with a letter rate and 2024 figures in the record sold the US more "
            "than they bought."
        )
    each = [
        f"{country_name(r['country'])}'s letter of {words.day(r['announced_on'])} set {words.percent(r['value'])}, "
        f"though the US sold {country_name(r['country'])} {_bn(-trade.loc[r['country'], 'surplus_bn'])} more than it "
        "bought from it in 2024"
        for _, r in surplus.iterrows()
    ]
    return (
        "The letters did not all go to partners that sell the US more than they buy: of the "
        f"{words.count(n, 'partner')} with a letter rate and 2024 figures in the record, "
        f"{n - surplus['country'].nunique()} did. {words.upper_first('; '.join(each))}."
    )


def releases_summary(change: pd.DataFrame, earlier: str = "2024", later: str = "2025") -> str:
    """Which release each partner's two years are: first releases, an annual revision, or another source."""
    if change.empty:
        return ""
    first = change[change["same_vintage"] & (change[f"vintage_{later}"] == FIRST_RELEASE)]
    revised = change[change["same_vintage"] & (change[f"vintage_{later}"] != FIRST_RELEASE)]
    mixed = change[~change["same_vintage"]]
    out = []
    if len(first):
        out.append(
            f"For {names_text(first['country'], alphabetical=True)} both years are the Census Bureau's first releases"
        )
    for vintage, g in revised.groupby(f"vintage_{later}"):
        who = names_text(g["country"], alphabetical=True) if len(g) <= 8 else f"the other {len(g)} partners"
        out.append(
            f"for {who} the {later} figure is the Census Bureau's {vintage}, not its first release (which the record "
            f"does not hold for them), and is set against {earlier} in the same revision"
        )
    for _, r in mixed.iterrows():
        was = r[f"vintage_{earlier}"]
        out.append(
            f"{r['name']}'s {later} figure is a {r[f'vintage_{later}'] or 'figure of another source'}, set against "
            + (
                f"the {was} of {earlier}"
                if isinstance(was, str)
                else f"a rounded {earlier} figure from {_press(pd.Series({'source_id': r[f'source_id_{earlier}']}))}"
            )
        )
    return words.upper_first("; ".join(out)) + "."


def change_summary(change: pd.DataFrame, highlight, as_of=None, earlier: str = "2024", later: str = "2025") -> str:
    """Did the surplus shrink? For every partner with both years; which partners have one year only."""
    if change.empty:
        return f"The record has no {later} Census figures by this date: there is nothing to set against {earlier} yet."
    shrank, grew = change[change["change"] < 0], change[change["change"] > 0]

    def who(rows: pd.DataFrame) -> str:
        return f" ({names_text(rows['country'], alphabetical=True)})" if 0 < len(rows) <= 8 else ""

    text = (
        f"The record has both years for {words.count(len(change), 'partner')}. From {earlier} to {later} the US "
        f"goods deficit shrank with {len(shrank)} of them{who(shrank)} and grew with {len(grew)}{who(grew)}."
    )
    letters = change[change["country"].isin(LETTER14_MEMBERS)]
    if len(letters):
        down = letters[letters["change"] < 0]
        text += (
            f" Of the {words.count(len(letters), 'partner')} among them that received a tariff letter, it shrank "
            f"with {len(down)}" + (f" ({names_text(down['country'], alphabetical=True)})" if len(down) else "") + "."
        )
    codes = [resolve_country(c) for c in highlight]
    chosen = change[change["country"].isin(codes)]
    if len(chosen):
        text += (
            " For the partners highlighted: "
            + "; ".join(
                f"{r['name']} {_bn(r[f'surplus_{earlier}'])} in {earlier}, {_bn(r[f'surplus_{later}'])} in {later} "
                f"({'shrank' if r['change'] < 0 else 'grew'})"
                for _, r in chosen.iterrows()
            )
            + "."
        )
    a, b = set(trade_year(earlier, as_of=as_of)["country"]), set(trade_year(later, as_of=as_of)["country"])
    only = {earlier: sorted(a - set(change["country"])), later: sorted(b - set(change["country"]))}
    if not any(only.values()):
        text += " Every partner the record holds has both years."
    for year, found in only.items():
        if found:
            text += f" The record has {year} figures only for {names_text(found, alphabetical=True)}."
    return text


def year_to_date_summary(ytd: pd.DataFrame, highlight, year=None) -> str:
    """The months of a year so far: which months the sums cover, the partners highlighted, why no comparison.

    Args:
        ytd: tariffbook.analysis.trade.year_to_date(year).
        highlight: the partners whose sums are given.
        year: the year summed (said when the record has no month of it).
    """
    if ytd.empty:
        return f"The record has no monthly figures for {year or 'this year'} by this date."
    spans = ytd.groupby(["first", "last"])["country"].apply(list)
    year = str(ytd["last"].max())[:4]
    if len(spans) == 1:
        (first, last), _ = next(iter(spans.items()))
        covers = f"from {words.month_span(first, last)} for each of the {words.count(len(ytd), 'partner')}"
    else:
        covers = "; ".join(
            f"{words.month_span(a, b)} for {names_text(codes, alphabetical=True)}" for (a, b), codes in spans.items()
        )
    text = (
        f"For {year} the record has the Census Bureau's monthly figures, each month as last published when the "
        f"record's copy was made, {covers}; the sums of the months are computed here."
    )
    codes = [resolve_country(c) for c in highlight]
    chosen = ytd[ytd["country"].isin(codes)]
    if len(chosen):
        text += (
            " The US goods deficit over those months: "
            + "; ".join(f"{r['name']} {_bn(r['surplus_bn'])}" for _, r in chosen.iterrows())
            + "."
        )
    return text + (
        f" The record has no monthly figures for {int(year) - 1}, so these months are not set against the same "
        "months of the year before."
    )


def total_summary(years=("2024", "2025"), as_of=None) -> str:
    """The whole US goods deficit, from its rows: value, source, quote, and why it is not the partners' sum."""
    rows = [r for r in (total_deficit(y, as_of) for y in years) if r is not None]
    if not rows:
        return ""
    last = rows[-1]
    src = load_sources().set_index("source_id")
    when = src.loc[last["source_id"], "published"] if last["source_id"] in src.index else None
    text = f"The whole US goods deficit in {last['period']} was {words.amount(last['value'], last['unit'])}"
    if len(rows) > 1:
        text += f", against {words.amount(rows[0]['value'], rows[0]['unit'])} in {rows[0]['period']}"
    by = _publisher(last["source_id"])
    text += f" ({by}{', ' + words.day(when) if words.day(when) else ''}: “{str(last['quote']).strip()}”)."
    return text + (
        " That total is on the balance-of-payments basis, not the Census basis of the partner figures on this page, "
        "so it is not their sum."
    )


def release_label(vintage, source_ids) -> str:
    """A year's figures in a table cell: 'First release', 'Annual revision of June 2026', 'Rounded, Visual ...'."""
    if isinstance(vintage, str) and vintage:
        return words.upper_first(vintage)
    return f"Rounded, {_press(pd.Series({'source_id': source_ids}))}"


def change_table(change: pd.DataFrame, earlier: str = "2024", later: str = "2025") -> pd.DataFrame:
    """trade_change() for the page's table: which release each year's figure is, in words, and both years' sources."""
    out = change.copy()
    for year in (earlier, later):
        src = out["source_id"] if year == later else out[f"source_id_{earlier}"]
        out[f"release_{year}"] = [release_label(v, s) for v, s in zip(out[f"vintage_{year}"], src, strict=True)]
    out["sources"] = out["source_id"] + ";" + out[f"source_id_{earlier}"]
    return out


def months_table(ytd: pd.DataFrame) -> pd.DataFrame:
    """year_to_date() for the page's table, with the months each sum covers in words."""
    return ytd.assign(months_text=[words.month_span(a, b) for a, b in zip(ytd["first"], ytd["last"], strict=True)])
