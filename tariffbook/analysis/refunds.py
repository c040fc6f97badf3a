"""The IEEPA duties paid and refunded: CBP's figures and the refund process (CAPE), with the court orders on it.

Everything is read as the record stood on `as_of` (default: the book's day): figures and orders reported later do
not show.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.events import preferred_events
from tariffbook.analysis.queries import preferred
from tariffbook.analysis.spans import day_of_record
from tariffbook.data.load import as_known_on, load_figures
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import load_schema

REFUND_WORD = "refund"
"""A court ruling or lawsuit whose summary says this is about the refunds (event_type 'refund' always is)."""


def period_text(period: str) -> str:
    """'4 February to 14 December 2025' for a range; 'by 26 May 2026' for a day."""
    if "/" in period:
        return words.day_span(*period.split("/"))
    return f"by {words.day(period)}"


def refund_figures(as_of=None) -> pd.DataFrame:
    """The IEEPA duties paid and refunded, as the preferred rows known by `as_of` state them.

    Returns:
        One row per figure, by the date it stands for: figure_id, metric, what (a reader's label), value, unit,
        value_qualifier, amount (as the prose writes it), period, through (the period's last day), period_text,
        reported (announced_on), source_id, quote.
    """
    day = day_of_record(as_of)
    figs = preferred(as_known_on(load_figures(), day))
    rows = figs[figs["metric"].str.startswith("ieepa_")].copy()
    described = load_schema(data_dir()).metrics
    rows["what"] = [
        words.label(m, "metric") if m in words.LABELS["metric"] else described.get(m, {}).get("description", m)
        for m in rows["metric"]
    ]
    rows["unit"] = rows["unit"].astype(str)
    rows["amount"] = [
        words.amount(v, u, q) for v, u, q in zip(rows["value"], rows["unit"], rows["value_qualifier"], strict=True)
    ]
    rows["period"] = rows["period"].astype(str)
    rows["through"] = [pd.Timestamp(p.split("/")[-1]) for p in rows["period"]]
    rows["period_text"] = rows["period"].map(period_text)
    rows["reported"] = rows["announced_on"]
    cols = ["figure_id", "metric", "what", "value", "unit", "value_qualifier", "amount", "period", "through"]
    cols += ["period_text", "reported", "source_id", "quote"]
    return rows.sort_values(["through", "value"], ascending=[True, False])[cols].reset_index(drop=True)


def refund_events(as_of=None) -> pd.DataFrame:
    """The refund process and the court orders on it, by `as_of`.

    Events of type 'refund', and the court rulings and lawsuits whose summary speaks of refunds.
    """
    ev = preferred_events(day_of_record(as_of))
    about = ev["summary"].str.lower().str.contains(REFUND_WORD)
    keep = (ev["event_type"] == "refund") | (ev["event_type"].isin(["court_ruling", "lawsuit"]) & about)
    cols = ["event_id", "announced_on", "effective_on", "event_type", "status", "summary", "source_id", "quote"]
    return ev[keep].sort_values(["announced_on", "event_id"])[cols].reset_index(drop=True)
