"""Tables the notebooks chart, built from preferred rows only.

Each keeps the ids and sources of the rows it used, so a chart can name its sources.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.announced import rates_announced
from tariffbook.analysis.events import regime_notes
from tariffbook.analysis.rates import not_in_annex_i, to_day
from tariffbook.analysis.spans import basis_segments
from tariffbook.data.countries import country_name, covers, is_iso3, resolve_country
from tariffbook.data.load import as_known_on, known_figures, load_events, load_figures, load_sources, within_record
from tariffbook.data.series import series_sources
from tariffbook.domain import (
    DID_NOT_APPLY,
    IN_FORCE_PERIOD,
    NOT_MODELLED,
    STAGE_DAY,
)
from tariffbook.words import RateStatus

STAGE_ORDER = [s.label for s in words.STAGES.values()]
"""The stage labels in order (the columns of the stage table)."""

IN_FORCE_AFTER = "Rate in force"
"""The stage of a change of the rate in force after the stages of 2025 (stage_points): Section 122, Section 301."""

STAGE_COLUMNS = ["country", "name", "stage", "stage_order", "value", "applies_as", "legal_basis", "date",
                 "announced_on", "effective_on", "figure_id", "source_id"]  # fmt: skip
"""The columns of stage_rates and stage_points."""

TALK_KINDS = ("negotiation_round", "phone_call", "meeting", "agreement")
"""The event types that make up a negotiation (talks())."""


def preferred(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The preferred figure rows (one per quantity), with `metric` as plain strings.

    Args:
        figures: the figures to read (default: tariffbook.load_figures()).
    """
    figs = load_figures() if figures is None else figures
    out = figs[figs["preferred"]].copy()
    out["metric"] = out["metric"].astype(str)
    return out


def preferred_row(metric: str, country: str, period: str | None = None, as_of=None) -> pd.Series | None:
    """The preferred row of one quantity (the latest announced, if the period is not given), or None.

    Args:
        metric: the metric, e.g. "tariff_rate_deal".
        country: the row's country code (ISO3 or group) exactly.
        period: the period, when the metric has several.
        as_of: the row as known that day (the best row known then), or None if none was known.
    """
    figs = load_figures()
    if as_of is not None:
        figs = as_known_on(figs, within_record(to_day(as_of, "as_of"), "as_of"))
    sel = figs[figs["preferred"] & (figs["metric"] == metric) & (figs["country"] == country)]
    if period is not None:
        sel = sel[sel["period"] == period]
    return None if sel.empty else sel.sort_values("announced_on", na_position="first").iloc[-1]


def _countries(countries) -> list[str] | None:
    """Codes for a list of countries or a comma-separated string; None for None (no filter)."""
    if countries is None:
        return None
    if isinstance(countries, str):
        countries = [c for c in countries.split(",") if c.strip()]
    return [resolve_country(c) for c in countries]


def _stage_row(figs: pd.DataFrame, code: str, metric: str) -> pd.Series | None:
    """The row giving a country's rate at one stage: its own, else the group rate that applied to it."""
    if (code, metric) in DID_NOT_APPLY:
        return None
    sel = figs[figs["metric"] == metric]
    if metric == "tariff_rate_in_force":
        sel = sel[sel["period"] == IN_FORCE_PERIOD]
    own = sel[sel["country"] == code]
    if own.empty and (code not in NOT_MODELLED or metric == "tariff_rate_baseline"):
        # a group's rate applies; EU members take the EU rate, other partners without a rate of their own take
        # the 'not in Annex I' one. Countries outside the model (China, Canada, Mexico) had their own tracks:
        # only their own rows are shown, and the 10% baseline of 5 April where it applied (China).
        unlisted = not_in_annex_i(figs, code)
        own = sel[sel["country"].map(lambda g: covers(g, code, not_in_annex_i=unlisted))]
    return None if own.empty else own.sort_values("announced_on").iloc[0]


def _stage_figures(figures: pd.DataFrame | None, as_of) -> pd.DataFrame:
    """Preferred figures, as known on `as_of` when given (the best row known then for each quantity)."""
    if as_of is None:
        return preferred(figures)
    day = within_record(to_day(as_of, "as_of"), "as_of")
    return preferred(as_known_on(load_figures() if figures is None else figures, day))


def _stage_countries(figs: pd.DataFrame, countries) -> list[str]:
    wanted = _countries(countries)
    if wanted is None:
        has = figs[figs["metric"].isin(["tariff_rate_reciprocal", "tariff_rate_letter"])]["country"]
        wanted = sorted(c for c in set(has) if is_iso3(c))
    return wanted


def stage_rates(countries=None, as_of=None, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each country's headline rate at each stage: baseline, 2 April, letter, deal, in force from 7 August.

    A stage the record has no rate for, or that did not apply, has no row (stage_table says which).

    Args:
        countries: codes or names, a list or a comma-separated string (default: every ISO3 country with a
            2 April or letter rate).
        as_of: only what had been announced by that day (as the record stood then: see
            tariffbook.data.load.as_known_on).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        One row per country and stage (STAGE_COLUMNS): country, name, stage, stage_order, value, applies_as,
        legal_basis, date (the day a date axis draws it at: domain.STAGE_DAY), announced_on, effective_on,
        figure_id, source_id.
    """
    figs = _stage_figures(figures, as_of)
    wanted = _stage_countries(figs, countries)
    rows = []
    for code in wanted:
        for metric, stage in words.STAGES.items():
            label = stage.label
            r = _stage_row(figs, code, metric)
            if r is None:
                continue
            rows.append(
                {
                    "country": code,
                    "name": country_name(code),
                    "stage": label,
                    "stage_order": STAGE_ORDER.index(label),
                    "value": r["value"],
                    "applies_as": r["applies_as"] if isinstance(r["applies_as"], str) else None,
                    "legal_basis": r["legal_basis"] if isinstance(r["legal_basis"], str) else None,
                    "date": r[STAGE_DAY.get(metric, "announced_on")],
                    "announced_on": r["announced_on"],
                    "effective_on": r["effective_on"],
                    "figure_id": r["figure_id"],
                    "source_id": r["source_id"],
                }
            )
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def stage_points(countries=None, as_of=None) -> pd.DataFrame:
    """stage_rates, then each change of the rate in force after the stages of 2025, through `as_of`.

    The changes come from the one duty timeline (tariffbook.analysis.spans.rate_steps, read through rate_in_force):
    South Korea's 15% as a minimum total from 14 November 2025, the Section 122 surcharge from 24 February 2026,
    the Section 301 duties from 24 July 2026. A rate of 0 is 'no duty'; where a rate ended and the record has
    nothing after it the row has no value (the chart breaks its line there). Partners outside the rate model have
    their stages only.

    Args:
        countries: as stage_rates.
        as_of: the last day, read as the record stood then (default: the horizon).

    Returns:
        STAGE_COLUMNS, plus `run` (a partner's line is broken where it changes); by partner and date.
    """
    from tariffbook.analysis.spans import day_of_record, rate_steps  # spans reads rates, as this module does

    day = day_of_record(as_of)
    stages = stage_rates(countries, day)
    figs = load_figures().set_index("figure_id")
    rows = []
    start = pd.Timestamp(IN_FORCE_PERIOD)
    for code in stages["country"].unique():
        if code in NOT_MODELLED or day <= start:
            continue
        steps = rate_steps(code, start, day, known_on=day)
        seen = None
        for st in steps.to_dict("records"):
            now = tuple(None if pd.isna(st[k]) else st[k] for k in ("rate", "status", "applies_as", "legal_basis"))
            if st["date"] <= start or now == seen:
                seen = now
                continue  # the stage of 7 August itself, and the rows that only close a step
            seen = now
            ids = [i for i in str(st["figure_ids"]).split(";") if i in figs.index]
            gap = st["status"] == RateStatus.NOT_IN_RECORD
            rows.append(
                {
                    "country": code,
                    "name": country_name(code),
                    "stage": IN_FORCE_AFTER,
                    "stage_order": len(STAGE_ORDER),
                    "value": None if gap else st["rate"],
                    "applies_as": st["applies_as"] if isinstance(st["applies_as"], str) else None,
                    "legal_basis": st["legal_basis"] if isinstance(st["legal_basis"], str) else None,
                    "date": st["date"],
                    "announced_on": figs.loc[ids, "announced_on"].max() if ids else st["date"],
                    "effective_on": st["date"],
                    "figure_id": ids[0] if ids else "",
                    "source_id": st["source_id"],
                }
            )
    out = pd.concat([stages, pd.DataFrame(rows, columns=STAGE_COLUMNS)], ignore_index=True)
    out = out.sort_values(["name", "date", "stage_order"]).reset_index(drop=True)
    out["run"] = out.groupby("country")["value"].transform(lambda v: v.isna().cumsum())
    return out


def stage_table(countries=None, as_of=None, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """stage_rates as a table to print: one row per country, one column per stage, every blank said.

    A cell holds the rate (percent, as text), or "did not apply" (domain.DID_NOT_APPLY: Canada and Mexico were
    exempt from the 2 April tariffs; EO 14326 did not change China's rate), or "not in the record" (the sources
    searched did not give it: Libya's and Moldova's 2 April rates, a deal the record has no rate for).
    Only the stages that had begun by `as_of` (any country's) get a column.

    Args:
        countries: as stage_rates.
        as_of: as stage_rates.
        figures: as stage_rates.

    Returns:
        Columns: country, name, then one per stage label, in stage order.
    """
    figs = _stage_figures(figures, as_of)
    wanted = _stage_countries(figs, countries)
    long = stage_rates(wanted, as_of, figures)
    labels = [s for s in STAGE_ORDER if s in set(long["stage"])]
    metric_of = {stage.label: metric for metric, stage in words.STAGES.items()}
    values = {(r["country"], r["stage"]): f"{r['value']:g}" for _, r in long.iterrows()}
    rows = []
    for code in wanted:
        row = {"country": code, "name": country_name(code)}
        for label in labels:
            blank = words.DID_NOT_APPLY if (code, metric_of[label]) in DID_NOT_APPLY else words.NOT_IN_RECORD
            row[label] = values.get((code, label), blank)
        rows.append(row)
    return pd.DataFrame(rows, columns=["country", "name", *labels])


def sectoral_rates(countries=None, figures: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """The Section 232 sectoral rates (autos, parts, steel, aluminium, ...), by sector and start date.

    Args:
        countries: only the rows that apply to these countries (their own and their groups'); default all.
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).
    """
    figs = preferred(known_figures(as_of) if figures is None else figures)
    rows = figs[figs["metric"] == "tariff_rate_sectoral"].copy()
    wanted = _countries(countries)
    if wanted:
        rows = rows[[any(covers(code, c) for c in wanted) for code in rows["country"]]]
    rows["sector"] = rows["sector"].astype(str)
    rows["name"] = rows["country"].map(country_name)
    cols = ["figure_id", "country", "name", "sector", "value", "period", "announced_on", "effective_on", "source_id"]
    return rows[cols].sort_values(["sector", "effective_on"]).reset_index(drop=True)


def timeline(countries=None, as_of=None, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Preferred events that concern the countries (their own or their groups'), announced by as_of."""
    ev = load_events() if events is None else events
    ev = ev[ev["preferred"]].copy()
    wanted = _countries(countries)
    if wanted:
        ev = ev[[any(covers(code, c) for c in wanted) for code in ev["country"]]]
    day = None if as_of is None else to_day(as_of, "as_of")
    if day is not None:
        ev = ev[ev["announced_on"] <= day]
    pub = load_sources().set_index("source_id")["publisher"]
    ev["publisher"] = ev["source_id"].map(pub)
    ev["name"] = ev["country"].map(country_name)
    for col in ("event_type", "status"):
        ev[col] = ev[col].astype(str)
    return ev.sort_values(["announced_on", "event_id"]).reset_index(drop=True)


def announced_rates(country: str, as_of, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """rates_announced for the headline-rate chart: without the sectoral rates, with a printable `stage`.

    The stage is the stage label, else the metric's last word ('Threatened', 'Proposed').
    """
    table = rates_announced(country, as_of, figures=figures)
    table = table[table["metric"] != "tariff_rate_sectoral"].reset_index(drop=True)
    plain = table["metric"].str.replace("tariff_rate_", "").str.capitalize()
    table["stage"] = table["metric"].map({m: s.label for m, s in words.STAGES.items()}).fillna(plain)
    return table


def source_labels(source_ids) -> list[tuple[str, str]]:
    """(source_id, 'Publisher (date)') for the distinct sources, each label once: published series first."""
    series = series_sources()
    published = set(series["source_id"])
    ids = sorted({s for v in source_ids for s in str(v).split(";") if s}, key=lambda i: (i not in published, i))
    src = pd.concat([load_sources(), series]).set_index("source_id")
    out, seen = [], set()
    for i in ids:
        p = src.loc[i, "publisher"] if i in src.index else i
        date = src.loc[i, "published"] if i in src.index else None
        label = words.source_label(p, date)
        if label not in seen:
            seen.add(label)
            out.append((i, label))
    return out


def source_line(source_ids) -> str:
    """'Source: A; B' for the distinct sources of plotted rows, publishers named once each."""
    pubs = [label for _, label in source_labels(source_ids)]
    if len(pubs) > 3:
        return "Sources: " + "; ".join(pubs[:3]) + f"; and {len(pubs) - 3} more (see the references page)"
    return ("Source: " if len(pubs) == 1 else "Sources: ") + "; ".join(pubs)


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
