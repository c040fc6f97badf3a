"""The 2026 regimes in words: the Section 122 surcharge and the Section 301 duties, as known on a day."""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import preferred
from tariffbook.analysis.rates import rate_in_force
from tariffbook.data.countries import names_text
from tariffbook.data.load import as_known_on, load_figures
from tariffbook.domain import NOT_MODELLED
from tariffbook.words import RateStatus


def section_301_groups(day: pd.Timestamp) -> tuple[str, pd.Timestamp | None]:
    """The duties in force under Section 301 as known by `day`, grouped, and the day they began (None if none).

    '12.5% in total for Japan and South Korea; 10% in total for Taiwan; ...'. Each partner's duty is what
    rate_in_force answers on the day its Section 301 rate took effect (a surcharge it still paid included: Brazil's
    25% beside its 12.5%); partners the action leaves out are named last ('no duty for ...').
    """
    figs = as_known_on(load_figures(), day)
    pref = preferred(figs)
    rows = pref[
        (pref["metric"] == "tariff_rate_in_force")
        & (pref["legal_basis"] == "section_301")
        & pref["country"].str.fullmatch("[A-Z]{3}")
        & ~pref["country"].isin(NOT_MODELLED)
    ]
    groups, none = {}, []
    for code, start in zip(rows["country"], rows["effective_on"], strict=True):
        r = rate_in_force(code, start, figures=figs)
        if r is None or not r.in_record:
            continue
        if r.status == RateStatus.NO_TARIFF:
            none.append(code)
        else:
            groups.setdefault((r.rate, r.applies_as), []).append(code)
    said = []
    for (rate, how), codes in sorted(groups.items(), key=lambda g: (g[0][1] != "minimum_total", -g[0][0])):
        how_said = "in total" if how == "minimum_total" else words.phrase("additional", "applies_as")
        said.append(f"{words.percent(rate)} {how_said} for {names_text(codes, alphabetical=True)}")
    if none:
        said.append(f"{words.NO_DUTY} for {names_text(none, alphabetical=True)}")
    start = rows["effective_on"].min() if len(rows) else None
    return "; ".join(said), start


def section_122(day: pd.Timestamp) -> pd.Series | None:
    """The Section 122 surcharge's row as known on `day` (it applied to all partners), or None."""
    figs = preferred(as_known_on(load_figures(), day))
    rows = figs[
        (figs["metric"] == "tariff_rate_in_force")
        & (figs["country"] == "ALL")
        & (figs["legal_basis"] == "section_122")
        & figs["effective_on"].notna()
    ]
    return None if rows.empty else rows.sort_values("effective_on").iloc[0]


def period_last(row: pd.Series) -> pd.Timestamp | None:
    """The last day a ranged row's period states ('2026-02-24/2026-07-23' -> 23 July 2026), else None."""
    period = str(row["period"])
    return pd.Timestamp(period.split("/")[-1]) if "/" in period else None
