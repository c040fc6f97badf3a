"""The 2026 regimes in words: the Section 122 surcharge and the Section 301 duties, as known on a day."""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import preferred
from tariffbook.data.countries import names_text
from tariffbook.data.load import as_known_on, load_figures
from tariffbook.domain import NOT_MODELLED


def section_301_groups(day: pd.Timestamp) -> tuple[str, pd.Timestamp | None]:
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
        said = "in total" if how == "minimum_total" else words.phrase("additional", "applies_as")
        text = f"{words.percent(value)} {said} for {names_text(g['country'], alphabetical=True)}"
        groups.append((how != "minimum_total", -value, text))
    start = rows["effective_on"].min() if len(rows) else None
    return "; ".join(text for *_, text in sorted(groups)), start


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
