"""The sentences of the chapter on what the tariffs cost: the average rate, the headline rate beside it, the duties.

Every number is a series' value or a record row's, in the words of tariffbook.words.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.cost import AUTHORITIES, series_info

PARTS = list(dict.fromkeys(AUTHORITIES.values()))
"""The authorities whose parts the sentences name, in the series' order."""


def _pct(v: float) -> str:
    return f"{v:.1f}%"


def rate_summary(rates: pd.DataFrame, name: str) -> str:
    """The average rate on the series' first day, at its highest, and on its last day, with each authority's part.

    Args:
        rates: tariffbook.analysis.cost.effective_rates() (the whole series, not a reader's range).
        name: the overall series' resource name (for its publisher, vintage and last day).
    """
    if rates.empty:
        return "The series is not in the record as it stood on this page's day."
    info = series_info(name)
    who = info["publisher"]
    who = "the" + who[3:] if who.startswith("The ") else who
    every = rates[rates["authority"] == "all"].sort_values("date")
    first, top, last = every.iloc[0], every.loc[every["rate"].idxmax()], every.iloc[-1]
    at_end = rates[(rates["date"] == last["date"]) & (rates["authority"] != "all") & (rates["rate"] > 0.05)]
    at_end = at_end.sort_values("rate", ascending=False)
    parts = words.and_join(
        [
            f"{words.phrase(a, 'authority')} {r:.1f} points"
            for a, r in zip(at_end["authority"], at_end["rate"], strict=True)
        ]
    )
    return (
        f"In the series {who} committed on {words.day(info['committed'])}, the average tariff on US imports was"
        f" {_pct(first['rate'])} on {words.day(first['date'])}. It was highest on "
        f"{words.day(top['date'])}, at {_pct(top['rate'])}, and stood at {_pct(last['rate'])} on "
        f"{words.day(last['date'])}, the series' last day" + (f", of which {parts}." if parts else ".")
    )


def gap_summary(gap: pd.DataFrame) -> str:
    """On the publisher's last date: each group's average rate beside the headline rate the record has in force."""
    if gap.empty:
        return "The publisher's rates by partner are not in the record as it stood on this page's day."
    last = gap[gap["date"] == gap["date"].max()]
    each = [
        f"{words.label(r['group'], 'partner_group')}, {_pct(r['effective'])} on average against a headline rate of "
        f"{r['headline_text']}"
        if pd.notna(r["headline"])
        else f"{words.label(r['group'], 'partner_group')}, {_pct(r['effective'])} (its headline rate is "
        f"{r['headline_text']})"
        for _, r in last.iterrows()
    ]
    return f"On {words.day(last['date'].iloc[0])}: " + "; ".join(each) + "."


def duties_summary(duties: pd.DataFrame) -> str:
    """Which months of customs duties the record holds, and what it cannot compute from them."""
    if duties.empty:
        return "The record holds no month of customs duties as it stood on this page's day."
    months = words.and_join(
        [
            f"{words.month(r['month'])} ({words.amount(r['value'], r['unit'], r['value_qualifier'])})"
            for _, r in duties.iterrows()
        ]
    )
    return (
        f"The record holds the customs duties of {words.count(len(duties), 'month')}: {months}, each as a report "
        "quoted it. It holds no monthly series of them and no monthly total of imports, so the rate collected "
        "(duties as a share of imports) is not computed here."
    )
