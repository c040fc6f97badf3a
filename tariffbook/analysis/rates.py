"""The bitemporal heart of the book: which headline rate was in force on a date, and what had been announced.

Each rate row carries announced_on (when it became known) and effective_on (when it applies). The rate in
force on a day is the applicable rate row with the latest effective date; ties go to the later announcement
(the 9 April pause beat the Annex I rates taking effect that morning), then to the more specific row (a
country's own rate beats a group rate). A country surcharge (tariff_rate_additional) stacks on the base rate
when it took effect while that base was in force; a later base measure replaces both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tariffbook.data.countries import covers, resolve_country
from tariffbook.data.load import load_figures
from tariffbook.domain import (
    BASE_IN_FORCE,
    DEAL_REPLACED_BY,
    HEADLINE,
    IN_FORCE_PERIOD,
    NOT_MODELLED,
    SPECIFIC_GROUPS,
    STAGES,
    SURCHARGE,
)


@dataclass(frozen=True)
class RateInForce:
    """The headline rate in force for a country on a day, with the rows it comes from.

    Attributes:
        country: ISO3 code.
        on: the day asked about.
        rate: percent, the base rate plus any stacked surcharge.
        base_rate: percent, the base rate alone.
        figure_ids: the rows used, the base row first, then the surcharges.
        source_ids: the sources of those rows, in the same order.
    """

    country: str
    on: pd.Timestamp
    rate: float
    base_rate: float
    figure_ids: tuple[str, ...]
    source_ids: tuple[str, ...]


def to_day(value, name: str) -> pd.Timestamp:
    """A date argument as a day (midnight), or a ValueError naming the argument.

    Args:
        value: anything pandas reads as a date: '2025-08-07', a date, a Timestamp.
        name: the argument's name, for the message.
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {value!r}") from exc
    if pd.isna(ts):
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), got {value!r}")
    return ts.normalize()


def _specificity(code: str, country: str) -> int:
    return 2 if code == country else (1 if code in SPECIFIC_GROUPS else 0)


def not_in_annex_i(figures: pd.DataFrame, country: str) -> bool:
    """Does the 'not listed in Annex I' rate of 7 August 2025 apply to the country?

    Only if it has no rate of its own in that Annex and is not an EU member (the EU has its own row).
    """
    own = figures[
        (figures["metric"] == "tariff_rate_in_force")
        & (figures["country"] == country)
        & (figures["period"] == IN_FORCE_PERIOD)
    ]
    return own.empty and not covers("EU", country)


def _applicable(figures: pd.DataFrame, country: str, metrics) -> pd.DataFrame:
    """Preferred rows of the given metrics that apply to the country (its own rows or its groups')."""
    rows = figures[figures["metric"].isin(metrics) & figures["preferred"]].copy()
    rows["metric"] = rows["metric"].astype(str)
    unlisted = not_in_annex_i(figures[figures["preferred"]], country)
    rows = rows[rows["country"].map(lambda code: covers(code, country, not_in_annex_i=unlisted))]
    rows["specificity"] = [_specificity(c, country) for c in rows["country"]]
    return rows


def _country(country: str) -> str:
    code = resolve_country(country)
    if code in NOT_MODELLED:
        raise ValueError(f"rate_in_force does not cover {code}: {NOT_MODELLED[code]}")
    return code


def _in_force(rows: pd.DataFrame, day: pd.Timestamp, country: str):
    base = rows[rows["metric"].isin(BASE_IN_FORCE) & rows["effective_on"].notna() & (rows["effective_on"] <= day)]
    if base.empty:
        return None, []
    base = base.sort_values(["effective_on", "announced_on", "specificity"], na_position="first")
    top = base.iloc[-1]
    extra = rows[
        (rows["metric"] == SURCHARGE)
        & rows["effective_on"].notna()
        & (rows["effective_on"] <= day)
        & (rows["effective_on"] >= top["effective_on"])
    ]
    return top, [r for _, r in extra.iterrows()]


def rate_in_force(country: str, on, *, known_on=None, figures: pd.DataFrame | None = None) -> RateInForce | None:
    """The headline tariff rate in force for a country on a day.

    The applicable rate row with the latest effective date wins; ties go to the later announcement, then to
    the more specific row. A surcharge that took effect while that rate stood is added to it.

    Args:
        country: ISO3 code or English name.
        on: the day.
        known_on: only use what had been announced by that date (default: everything the dataset knows,
            including measures later made retroactive).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        The rate and its rows, or None before any reciprocal tariff.

    Raises:
        ValueError: an unknown country, one outside the model (domain.NOT_MODELLED), or a bad date.
    """
    code = _country(country)
    day = to_day(on, "on")
    figs = load_figures() if figures is None else figures
    rows = _applicable(figs, code, (*BASE_IN_FORCE, SURCHARGE))
    if known_on is not None:
        rows = rows[rows["announced_on"].notna() & (rows["announced_on"] <= to_day(known_on, "known_on"))]
    top, extra = _in_force(rows, day, code)
    if top is None:
        return None
    parts = [top, *extra]
    return RateInForce(
        country=code,
        on=day,
        rate=float(sum(r["value"] for r in parts)),
        base_rate=float(top["value"]),
        figure_ids=tuple(r["figure_id"] for r in parts),
        source_ids=tuple(r["source_id"] for r in parts),
    )


def _status(r: pd.Series, rows: pd.DataFrame, day: pd.Timestamp, top, live: set[str]) -> str:
    """The status of one announced rate on `day` (see rates_announced)."""
    if r["figure_id"] in live:
        return "in_force"
    if r["metric"] == "tariff_rate_threatened":
        return "threatened"
    if pd.notna(r["effective_on"]) and r["effective_on"] <= day:
        return "paused" if top is not None and top["effective_on"] == r["effective_on"] else "superseded"
    # a deal stands until another letter or deal replaces it; the order implementing it does not
    kinds = DEAL_REPLACED_BY if r["metric"] == "tariff_rate_deal" else STAGES
    later = rows[rows["metric"].isin(kinds) & (rows["announced_on"] > r["announced_on"])]
    if r["metric"] != SURCHARGE and not later.empty:
        return "superseded"
    if pd.isna(r["effective_on"]) and r["metric"] == "tariff_rate_deal":
        return "agreed"
    return "announced"


def rates_announced(country: str, as_of, *, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every headline rate announced for a country by a day, with its status on that day.

    Status is one of: in_force; announced (set to take effect later); agreed (a deal rate with no effective
    date); threatened; paused (took effect but was overtaken the same day, like the Annex I rates on 9 April);
    superseded (overtaken by a later measure or announcement).

    Args:
        country: ISO3 code or English name.
        as_of: the day.
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        One row per rate, by announcement date: figure_id, metric, country, value, announced_on, effective_on,
        status, source_id, quote.
    """
    code = _country(country)
    day = to_day(as_of, "as_of")
    figs = load_figures() if figures is None else figures
    rows = _applicable(figs, code, HEADLINE)
    rows = rows[rows["announced_on"].notna() & (rows["announced_on"] <= day)].copy()
    top, extra = _in_force(rows, day, code)
    live = {top["figure_id"]} | {r["figure_id"] for r in extra} if top is not None else set()
    rows["status"] = [_status(r, rows, day, top, live) for _, r in rows.iterrows()]
    cols = ["figure_id", "metric", "country", "value", "announced_on", "effective_on", "status", "source_id", "quote"]
    return rows.sort_values(["announced_on", "effective_on"], na_position="last")[cols].reset_index(drop=True)


def headline_announced(country: str, as_of, *, figures: pd.DataFrame | None = None) -> pd.Series | None:
    """The latest-announced stage rate still standing on `as_of` (in force, announced or agreed)."""
    table = rates_announced(country, as_of, figures=figures)
    live = table[table["status"].isin(["in_force", "announced", "agreed"]) & table["metric"].isin(STAGES)]
    return None if live.empty else live.sort_values("announced_on").iloc[-1]
