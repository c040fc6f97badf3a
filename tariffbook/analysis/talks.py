"""The talks of a negotiation and what followed a deal: the tables of Japan's chapter.

talks: a partner's rounds, calls, meetings and deals, each once, with the length the record reports (talk_lengths
joins a length to its talk); after_the_deal: what the record holds on a partner after its first deal.
"""

from __future__ import annotations

import pandas as pd

from tariffbook.analysis.events import regime_notes
from tariffbook.analysis.queries import _countries, preferred, timeline  # _countries: a helper, not a query
from tariffbook.analysis.spans import basis_segments
from tariffbook.data.countries import country_name, resolve_country
from tariffbook.data.load import known_figures

TALK_KINDS = ("negotiation_round", "phone_call", "meeting", "agreement")
"""The event types that make up a negotiation (talks())."""


def talk_lengths(events: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The reported length of each talk, joined to its event by the rule the record supports.

    A talk_length_minutes row belongs to the talk of the same country on the day its period names (the period
    of a length is the day of the talk). Where several talks fall on that day, the one quoting the same sentence
    of the same source, else the one of the same source; a length that still fits none or several events is left
    unjoined (tests/unit/test_talks.py checks that none is). Never joined by source or quote alone: one sentence
    of 6 July 2025 gives the lengths of two calls, of 3 and 5 July.

    Args:
        events: talk events (event_id, country, announced_on, source_id, quote).
        figures: the preferred figures to read the lengths from.

    Returns:
        One row per length joined: event_id, minutes, minutes_qualifier, length_figure_id, length_source_id.
    """
    rows = figures[figures["metric"] == "talk_length_minutes"]
    found = []
    for _, f in rows.iterrows():
        day = pd.Timestamp(f["period"])
        on_day = events[(events["country"] == f["country"]) & (events["announced_on"] == day)]
        for narrower in (
            on_day[(on_day["source_id"] == f["source_id"]) & (on_day["quote"] == f["quote"])],
            on_day[on_day["source_id"] == f["source_id"]],
        ):
            if len(on_day) > 1 and len(narrower):
                on_day = narrower
        if len(on_day) == 1:
            found.append(
                {
                    "event_id": on_day["event_id"].iloc[0],
                    "minutes": float(f["value"]),
                    "minutes_qualifier": f["value_qualifier"] if isinstance(f["value_qualifier"], str) else "",
                    "length_figure_id": f["figure_id"],
                    "length_source_id": f["source_id"],
                }
            )
    cols = ["event_id", "minutes", "minutes_qualifier", "length_figure_id", "length_source_id"]
    return pd.DataFrame(found, columns=cols)


def talks(countries=("JPN", "KOR"), as_of=None) -> pd.DataFrame:
    """Rounds, calls, meetings and deals of the given countries, with the reported length in minutes.

    One row per event (its id once): the length is joined by talk_lengths, by the day and country of the talk,
    never by source or quote alone.

    Args:
        countries: codes or names.
        as_of: the talks as they stood that day: announced by then, lengths as known then (default: all).
    """
    wanted = _countries(countries)
    ev = timeline(wanted, as_of)
    ev = ev[ev["event_type"].isin(TALK_KINDS) & ev["country"].isin(wanted)]
    figs = preferred(known_figures(as_of))
    out = ev.merge(talk_lengths(ev, figs), on="event_id", how="left", validate="one_to_one")
    out["minutes_qualifier"] = out["minutes_qualifier"].astype("object").where(out["minutes_qualifier"].notna(), "")
    pairs = zip(out["minutes_qualifier"], out["minutes"], strict=True)
    out["length"] = [f"{q} {m:g} min".strip() if pd.notna(m) else "" for q, m in pairs]
    return out.reset_index(drop=True)


def after_the_deal(country: str, as_of=None) -> pd.DataFrame:
    """What the record holds on a partner after its first deal, to `as_of`, in date order.

    Its own events; the measures for all partners whose summary names it (the proclamations that gave it a rate of
    its own, the investigations that include it); and the ruling that ended the IEEPA duties and the regime changes
    that followed for it (tariffbook.analysis.events.regime_notes), which changed what the deal had bought.

    Args:
        country: code or name.
        as_of: the last day (default: everything the record holds).

    Returns:
        timeline()'s columns; empty before the partner's first deal.
    """
    code = resolve_country(country)
    ev = timeline([code], as_of)
    deals = ev[(ev["country"] == code) & (ev["event_type"] == "agreement")]
    if deals.empty:
        return ev.iloc[0:0]
    later = ev[ev["announced_on"] > deals["announced_on"].min()]
    named = later["summary"].astype(str).str.contains(country_name(code), regex=False)
    notes = regime_notes(basis_segments([code], as_of), as_of)
    turns = set(notes.loc[notes["decisive"] | (notes["kind"] == "regime"), "event_id"])
    keep = (later["country"] == code) | named | later["event_id"].isin(turns)
    return later[keep].reset_index(drop=True)
