"""The world on a day: the headline duty of every partner the record names, for the map of the tariff-rate page.

The record names a partner when a headline-rate row is its own or its group's (an EU member through the EU's
rows). A country the record does not name is left out, not given the rows that concern every partner: EO 14257
exempts some of them (its sec. 3(b)(v): the partners under Column 2 of the HTSUS). The record names two of those,
Russia and Belarus (no duty under EO 14257), and cannot confirm the others from a primary text, so the map shows
every partner it does not name as not in the record.

Typical use::

    from tariffbook.analysis.world import named_partners, world_spans

    spans = world_spans()           # each named partner's duty spans, with its ISO numeric code for the map
"""

from __future__ import annotations

import pandas as pd
import pycountry

from tariffbook.analysis.spans import FIRST_DAY, day_of_record, duty_spans, rate_label
from tariffbook.data.countries import is_iso3
from tariffbook.data.load import load_figures
from tariffbook.domain import GROUP_MEMBERS, NOT_A_PARTNER, NOT_MODELLED

HEADLINE = "tariff_rate_"
"""The metrics of rates: the headline ones are those that are not sectoral."""

COLUMNS = ["country", "name", "numeric", "start", "end", "rate", "label", "applies_as", "legal_basis", "status",
           "source_id"]  # fmt: skip
"""The columns of world_spans."""


def numeric(code: str) -> str | None:
    """A country's ISO 3166-1 numeric code, as the map's geometry names it ('392' for Japan); None if none."""
    found = pycountry.countries.get(alpha_3=code)
    return None if found is None else found.numeric


def named_partners(figures: pd.DataFrame | None = None) -> list[str]:
    """The partners a headline-rate row names, by their own code or their group's, in code order.

    Canada, Mexico (their tariffs ran on tracks the record does not follow) and the United States are left out.
    """
    figs = load_figures() if figures is None else figures
    rates = figs[figs["metric"].astype(str).str.startswith(HEADLINE) & (figs["metric"] != "tariff_rate_sectoral")]
    named: set[str] = set()
    for code in set(rates["country"].astype(str)):
        if is_iso3(code):
            named.add(code)
        named |= set(GROUP_MEMBERS.get(code, ()))
    return sorted(c for c in named if c not in NOT_MODELLED and c not in NOT_A_PARTNER)


def world_spans(as_of=None, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each named partner's headline duty, as spans of days with one answer, up to `as_of` (default: the horizon).

    Returns:
        COLUMNS: one row per span from the partner's first headline tariff; numeric is the ISO numeric code the
        map joins on; label is how a chart writes the rate ('+10%', '15% total', 'no duty', 'not in the record').
    """
    day = day_of_record(as_of)
    figs = load_figures() if figures is None else figures
    frames = []
    for code in named_partners(figs):
        spans = duty_spans(code, FIRST_DAY, day, figures=figs)
        frames.append(spans.assign(numeric=numeric(code)))
    out = pd.concat(frames, ignore_index=True)
    before_any = (out["status"].astype(str) == "no_tariff") & out["rate"].isna()  # before the first headline tariff
    out = out[~before_any].reset_index(drop=True)
    out["label"] = [rate_label(r, a) for r, a in zip(out["rate"], out["applies_as"], strict=True)]
    return out[COLUMNS]
