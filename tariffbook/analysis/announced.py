"""What had been announced for a partner by a day, and the status of each announcement on that day.

rates_announced lists the headline rates (the stages, stacked duties, threats), proposals and the sectoral rates
that apply to a partner, as the record stood on the day, each with its status then (in force, announced, agreed,
threatened, paused, superseded, ended, struck down). The rules of the rate in force are tariffbook.analysis.rates'.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tariffbook.analysis.rates import (
    ORDER,
    applicable,
    check_country,
    in_force_rows,
    last_day,
    specificity,
    to_day,
)
from tariffbook.data.countries import covers
from tariffbook.data.load import as_known_on, load_figures, load_sources, within_record
from tariffbook.domain import (
    ANNOUNCED,
    BASE_IN_FORCE,
    DEAL_REPLACED_BY,
    SECTORAL,
    STACKED,
    STAGES,
)


@dataclass(frozen=True)
class _Day:
    """What rates_announced needs to give each row its status on one day."""

    rows: pd.DataFrame
    day: pd.Timestamp
    top: pd.Series | None
    live: frozenset[str]
    pauses: frozenset[tuple[str, str]]


def _pauses(figures: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """(country, period) of the rows that pause rates.

    The 90-day pause of 9 April 2025: a pause_length row reports the same country and period as the 10% in force
    during it.
    """
    p = figures[(figures["metric"] == "pause_length") & figures["preferred"]]
    return frozenset(zip(p["country"], p["period"], strict=True))


def _after_effect(r: pd.Series, ctx: _Day) -> str:
    """The status of a base rate or surcharge that took effect and is no longer in force."""
    last = last_day(r, ctx.day)
    nxt = None
    if r["metric"] in BASE_IN_FORCE:
        took = ctx.rows[
            ctx.rows["metric"].isin(BASE_IN_FORCE)
            & ctx.rows["effective_on"].notna()
            & (ctx.rows["effective_on"] <= ctx.day)
        ].sort_values(ORDER, na_position="first")
        ids = list(took["figure_id"])
        nxt = took.iloc[ids.index(r["figure_id"]) + 1] if r["figure_id"] in ids[:-1] else None
    if last is not None and last < ctx.day and (nxt is None or nxt["effective_on"] > last):
        return "ended" if pd.notna(r["ends_on"]) and r["ends_on"] == last else "struck_down"
    pausing = nxt is not None and (nxt["country"], nxt["period"]) in ctx.pauses
    if pausing and ctx.top is not None and nxt["figure_id"] == ctx.top["figure_id"]:
        return "paused"
    return "superseded"


def _sectoral_status(r: pd.Series, ctx: _Day) -> str:
    """The status of a sectoral rate: in force until a later rate for the same sector took effect, or its end."""
    if pd.isna(r["effective_on"]) or r["effective_on"] > ctx.day:
        return "announced"
    same = ctx.rows[
        (ctx.rows["metric"] == SECTORAL)
        & (ctx.rows["sector"] == r["sector"])
        & ctx.rows["effective_on"].notna()
        & (ctx.rows["effective_on"] <= ctx.day)
    ].sort_values(ORDER)
    if pd.notna(r["ends_on"]) and r["ends_on"] < ctx.day:
        return "ended"
    return "in_force" if same.iloc[-1]["figure_id"] == r["figure_id"] else "superseded"


def _status(r: pd.Series, ctx: _Day) -> str:
    """The status of one announced rate on the day (see rates_announced)."""
    if r["figure_id"] in ctx.live:
        return "in_force"
    if r["metric"] == "tariff_rate_threatened":
        return "threatened"
    if r["metric"] == SECTORAL:
        return _sectoral_status(r, ctx)
    applied = r["metric"] in BASE_IN_FORCE or r["metric"] in STACKED  # a letter or deal never applies itself
    if applied and pd.notna(r["effective_on"]) and r["effective_on"] <= ctx.day:
        return _after_effect(r, ctx)
    # a deal stands until another letter or deal replaces it; the order implementing it does not
    kinds = DEAL_REPLACED_BY if r["metric"] == "tariff_rate_deal" else STAGES
    later = ctx.rows[ctx.rows["metric"].isin(kinds) & (ctx.rows["announced_on"] > r["announced_on"])]
    if r["metric"] not in STACKED and not later.empty:
        return "superseded"
    if pd.isna(r["effective_on"]) and r["metric"] == "tariff_rate_deal":
        return "agreed"
    return "announced"


def _own_sectoral(rows: pd.DataFrame) -> pd.DataFrame:
    """Drop a group's sectoral rate where the country's own rate for the same sector starts the same day.

    All partners' 100% on pharmaceuticals did not apply to Japan, whose own rate is 15%.
    """
    sec = rows[rows["metric"] == SECTORAL]
    best = sec.sort_values("specificity").groupby(["sector", "effective_on"], observed=True, dropna=False).tail(1)
    return rows[(rows["metric"] != SECTORAL) | rows.index.isin(best.index)]


def _never_implemented(known: pd.DataFrame, chosen: pd.DataFrame, code: str) -> pd.DataFrame:
    """Announcements that never took effect: one row per quantity and value, status 'threatened'.

    They are kept only as non-preferred reports of a quantity whose preferred row took effect at another value:
    the 15% Section 122 surcharge announced on 21 February 2026, when 10% was charged.
    """
    key = ["metric", "country", "period"]
    rival = known[
        ~known["preferred"]
        & known["metric"].isin(BASE_IN_FORCE)
        & known["announced_on"].notna()
        & known["effective_on"].isna()
        & known["country"].map(lambda c: covers(c, code))
    ].copy()
    if rival.empty:
        return rival
    rival["metric"] = rival["metric"].astype(str)
    took = chosen[chosen["effective_on"].notna()][[*key, "value"]].rename(columns={"value": "chosen_value"})
    rival = rival.merge(took, on=key)
    rival = rival[rival["value"] != rival["chosen_value"]]
    # one row per announcement: the report published closest to it (the Truth Social post of 21 February itself)
    published = rival["source_id"].map(load_sources().set_index("source_id")["published"])
    rival["lag"] = (published - rival["announced_on"]).abs().dt.days.fillna(10**6)
    rival = rival.sort_values(["lag", "figure_id"]).groupby([*key, "value"]).head(1).drop(columns="lag")
    rival["status"] = "threatened"
    rival["specificity"] = [specificity(c, code) for c in rival["country"]]
    rival["ends_on"] = pd.NaT
    return rival.drop(columns="chosen_value")


COLUMNS = [
    "figure_id",
    "metric",
    "country",
    "sector",
    "value",
    "announced_on",
    "effective_on",
    "ends_on",
    "legal_basis",
    "instrument",
    "applies_as",
    "status",
    "source_id",
    "quote",
]
"""The columns of rates_announced."""


def rates_announced(country: str, as_of, *, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every rate announced for a country by a day, with its status on that day, as the record stood then.

    Lists the headline rates (the stages, surcharges, threats), proposals and the sectoral rates that apply to
    the country. Status is one of:

    - in_force: the headline rate (or a stacked surcharge, or a sectoral rate) applying that day;
    - announced: set to take effect later (the polysilicon duty of 4 December 2026);
    - agreed: a deal rate with no effective date;
    - threatened: a threat, or an announcement that never took effect (the 15% Section 122 surcharge of
      21 February 2026, kept as a non-preferred report beside the 10% charged);
    - paused: took effect and was suspended by the pause that is still running (the 2 April rates, in force on
      9 April 2025, suspended from 10 April);
    - superseded: replaced by a later measure or announcement;
    - ended: reached the end its own source states (Section 122, on 23 July 2026);
    - struck_down: ended with its legal basis (the IEEPA rates after the Supreme Court ruling).

    Args:
        country: ISO3 code or English name.
        as_of: the day (at most the record's horizon).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        One row per rate, by announcement date, with the columns in COLUMNS.

    Raises:
        ValueError: as rate_in_force.
    """
    code = check_country(country)
    day = within_record(to_day(as_of, "as_of"), "as_of")
    figs = load_figures() if figures is None else figures
    known = as_known_on(figs, day)
    rows = applicable(known, code, ANNOUNCED)
    rows = _own_sectoral(rows[rows["announced_on"].notna() | rows["effective_on"].notna()])
    top, extra, _ = in_force_rows(rows, day, day)
    live = frozenset([top["figure_id"], *(r["figure_id"] for r in extra)] if top is not None else [])
    ctx = _Day(rows, day, top, live, _pauses(known))
    rows = rows.copy()
    rows["status"] = [_status(r, ctx) for _, r in rows.iterrows()] if len(rows) else []
    rows = pd.concat([rows, _never_implemented(known, rows, code)], ignore_index=True)
    rows["ends_on"] = pd.to_datetime(rows["ends_on"])
    out = rows.sort_values(["announced_on", "effective_on", "figure_id"], na_position="last")[COLUMNS]
    return out.reset_index(drop=True)


def headline_announced(country: str, as_of, *, figures: pd.DataFrame | None = None) -> pd.Series | None:
    """The latest-announced stage rate still standing on `as_of` (in force, announced or agreed)."""
    table = rates_announced(country, as_of, figures=figures)
    live = table[table["status"].isin(["in_force", "announced", "agreed"]) & table["metric"].isin(STAGES)]
    return None if live.empty else live.sort_values("announced_on").iloc[-1]
