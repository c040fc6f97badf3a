"""Tables the notebooks chart, built from preferred rows only.

Each keeps the ids and sources of the rows it used, so a chart can name its sources. Here: the preferred rows
(preferred, preferred_row), the events of some countries (timeline), the sectoral rates, the rates announced for
the headline chart, and the sources under a chart (source_labels, source_line). The headline rate stage by stage
is tariffbook.analysis.stages; the talks of a negotiation, and what followed a deal, tariffbook.analysis.talks.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.announced import rates_announced
from tariffbook.analysis.rates import to_day
from tariffbook.data.countries import country_name, covers, resolve_country
from tariffbook.data.load import as_known_on, known_figures, load_events, load_figures, load_sources, within_record
from tariffbook.data.series import series_sources


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
    """Codes for a list of countries or a comma-separated string; None for None (no filter).

    Private, though tariffbook.analysis.stages and .talks use it too: every public function of the analysis package
    is a query that tariffbook.notebook.trace records, and this is a helper.
    """
    if countries is None:
        return None
    if isinstance(countries, str):
        countries = [c for c in countries.split(",") if c.strip()]
    return [resolve_country(c) for c in countries]


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
