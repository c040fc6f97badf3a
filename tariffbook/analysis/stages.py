"""Each partner's headline rate stage by stage: the tables of the tariff-rate page and the country pages.

stage_rates: the rate at each stage of 2025 (baseline, 2 April, letter, deal, in force from 7 August); stage_points:
the same, then each change of the rate in force after them, on a date axis; stage_table: the stages as a table to
print, every blank said. Built from preferred rows only (tariffbook.analysis.queries.preferred), each row keeping
its figure_id and source_id.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import _countries, preferred  # _countries: a helper, not a query
from tariffbook.analysis.rates import not_in_annex_i, to_day
from tariffbook.data.countries import country_name, covers, is_iso3
from tariffbook.data.load import as_known_on, load_figures, within_record
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
