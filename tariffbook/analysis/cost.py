"""What the tariffs cost: the average rate on imports, beside the headline rates, and the duties collected.

Published series are read from the data package as their publisher committed them (tariffbook.data.series), with
their source, licence and the day they run through; the record's own rows give the published headline figures,
the customs duties by month and the IEEPA refunds. Nothing here is typed: every number is a series' value or a row.

- effective_rates: the Budget Lab's daily statutory rate weighted by 2024 imports, overall and by legal authority;
- partner_gap: for the partner groups the Budget Lab publishes (Japan, China, the EU, the UK, ...), its effective
  rate on each of its dates beside the headline rate the book records for a partner of the group on that day;
- published_rates: the Budget Lab's own headline figures in the record (USA.us_avg_effective_tariff_rate);
- customs_duties: the customs duties by month the record holds.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import preferred
from tariffbook.analysis.rates import rate_in_force
from tariffbook.analysis.spans import day_of_record, rate_label
from tariffbook.data.load import known_figures
from tariffbook.data.series import series, series_info
from tariffbook.domain import NOT_MODELLED

OVERALL = "series-daily-overall"
"""The daily rate, all partners (resource name)."""

BY_AUTHORITY = "series-daily-by-authority"
"""The daily rate by legal authority (resource name)."""

BY_PARTNER = "series-etr-by-partner"
"""The rate by partner group at the publisher's policy dates (resource name)."""

AUTHORITIES = {
    "etr_ieepa": "ieepa_reciprocal",
    "etr_fentanyl": "ieepa_fentanyl",
    "etr_232": "section_232",
    "etr_301": "section_301",
    "etr_s122": "section_122",
    "etr_other": "other",
}
"""The by-authority series' columns -> the book's code for the authority (words.LABELS['authority'])."""

PARTNER_GROUPS = {"japan": "JPN", "china": "CHN", "eu": "DEU", "uk": "GBR", "canada": "CAN", "mexico": "MEX"}
"""The publisher's partner groups the book compares, with a partner of each whose headline rate it follows (the
EU's rate is the same for every member: Germany's is the EU's). Canada and Mexico are outside the rate model."""


GAP_COLUMNS = [
    "date",
    "label",
    "group",
    "country",
    "effective",
    "headline",
    "headline_how",
    "headline_label",
    "headline_text",
    "gap",
    "source_id",
    "headline_source_id",
]
"""The columns of partner_gap()."""


def coverage(name: str = OVERALL) -> tuple[str, str]:
    """The first day of a daily series and the day it runs through, as ISO dates."""
    return words.iso(series(name)["date"].min()), series_info(name)["runs_through"]


def _in_range(df: pd.DataFrame, start, end) -> pd.DataFrame:
    if start is not None and end is not None and pd.Timestamp(start) > pd.Timestamp(end):
        raise ValueError(f"start ({words.iso(start)}) must not be after end ({words.iso(end)})")
    keep = pd.Series(True, index=df.index)
    if start is not None:
        keep &= df["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= df["date"] <= pd.Timestamp(end)
    return df[keep]


def effective_rates(start=None, end=None, as_of=None) -> pd.DataFrame:
    """The daily statutory rate weighted by 2024 imports, overall and by legal authority, in percent.

    Only the days the series runs through (its resource's `tariffbook:runs_through`), and only if it was published
    by `as_of` (a series is known from the day its publisher committed it: `tariffbook:source.committed`).

    Raises:
        ValueError: start is after end.

    Returns:
        date, authority ('all' for the overall rate, the normal duty included; else an authority's code: its
        additional duties, which add up to the additional rate), rate (percent), source_id (the resource's name).
    """
    day = day_of_record(as_of)
    info = series_info(OVERALL)
    through = pd.Timestamp(info["runs_through"])
    if pd.Timestamp(info["committed"]) > day:
        return pd.DataFrame(columns=["date", "authority", "rate", "source_id"])
    overall = series(OVERALL)
    rows = [overall.assign(authority="all", rate=100 * overall["weighted_etr"], source_id=OVERALL)]
    by = series(BY_AUTHORITY)
    for col, code in AUTHORITIES.items():
        if col in by:
            rows.append(by.assign(authority=code, rate=100 * by[col], source_id=BY_AUTHORITY))
    out = pd.concat([r[["date", "authority", "rate", "source_id"]] for r in rows], ignore_index=True)
    out = out[out["date"] <= through]
    return _in_range(out, start, end).reset_index(drop=True)


def partner_gap(groups=None, as_of=None) -> pd.DataFrame:
    """The publisher's effective rate for each partner group on its dates, beside the book's headline rate.

    Args:
        groups: the publisher's partner groups to compare (keys of PARTNER_GROUPS; default: all of them).
        as_of: the day the record is read as of (default: its horizon); a series not committed by then is left out.

    The gap is what a headline rate does not say: the goods exempt from it, the product mix, the sectoral duties
    that replace it (Section 232), the duties that add to it (China's Section 301 lists).

    Returns:
        date, label (the publisher's name for the date), group, country (the partner whose headline rate is
        shown), effective (percent: the total rate, the normal duty included), headline (percent, the rate in force
        that day; None where the book does not follow the partner or the record has no rate), headline_how
        (applies_as: on top of the normal duty, or a total including it), headline_label ('+10%', '15% total'),
        headline_text ('10% on top of the normal duty'), gap (effective minus headline, whatever its form),
        source_id (the series), headline_source_id (the sources of the headline rate, ';'-joined).
    """
    day = day_of_record(as_of)
    info = series_info(BY_PARTNER)
    if pd.Timestamp(info["committed"]) > day:
        return pd.DataFrame(columns=GAP_COLUMNS)
    table = series(BY_PARTNER)
    wanted = list(PARTNER_GROUPS) if groups is None else list(groups)
    unknown = [g for g in wanted if g not in PARTNER_GROUPS]
    if unknown:
        raise ValueError(f"unknown partner group(s) {unknown}; allowed: {', '.join(PARTNER_GROUPS)}")
    table = table[table["partner"].isin(wanted)]
    rows = []
    for _, r in table.iterrows():
        code = PARTNER_GROUPS[r["partner"]]
        headline = how = None
        cited = ""
        label = text = words.NOT_IN_RECORD
        if code not in NOT_MODELLED:
            answer = rate_in_force(code, r["date"])
            if answer is not None and answer.rate is not None:
                headline, how, cited = answer.rate, answer.applies_as, ";".join(answer.source_ids)
                label = rate_label(headline, how)
                text = f"{headline:g}% {words.phrase(how, 'applies_as')}".strip()
        elif code in NOT_MODELLED:
            label = text = "not followed by the book"
        effective = 100 * r["etr"]
        rows.append(
            {
                "date": r["date"],
                "label": r["label"],
                "group": r["partner"],
                "country": code,
                "effective": effective,
                "headline": headline,
                "headline_how": how,
                "headline_label": label,
                "headline_text": text,
                "gap": None if headline is None else effective - headline,
                "source_id": BY_PARTNER,
                "headline_source_id": cited,
            }
        )
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def published_rates(as_of=None) -> pd.DataFrame:
    """The average effective and statutory rates as their publishers stated them, in the record's rows.

    Returns:
        figure_id, metric, period, value (percent), announced_on, source_id, quote.
    """
    figs = preferred(known_figures(as_of))
    rows = figs[figs["metric"].isin(["us_avg_effective_tariff_rate", "us_avg_statutory_tariff_rate"])]
    cols = ["figure_id", "metric", "period", "value", "announced_on", "source_id", "quote"]
    return rows[cols].sort_values("period").reset_index(drop=True)


def customs_duties(as_of=None) -> pd.DataFrame:
    """The customs duties by month the record holds (USD billion), the IEEPA refunds apart.

    Returns:
        figure_id, month (a Timestamp, the month's first day), value, unit, value_qualifier, source_id, quote. Only
        single months: the record's sums over several months stay rows of their own (a sum is never computed here).
    """
    figs = preferred(known_figures(as_of))
    rows = figs[(figs["metric"] == "us_customs_duties") & figs["period"].astype(str).str.fullmatch(r"\d{4}-\d{2}")]
    rows = rows.assign(month=pd.to_datetime(rows["period"].astype(str) + "-01"))
    cols = ["figure_id", "month", "value", "unit", "value_qualifier", "source_id", "quote"]
    return rows[cols].sort_values("month").reset_index(drop=True)


def what_it_measures(name: str = OVERALL) -> str:
    """What a series measures, in its publisher's words, and through which day it runs: a sentence for the page."""
    info = series_info(name)
    quote = info["measures"]["quote"]
    return (
        f"{info['publisher']}: “{quote}” Statutory rates, as the schedule states them on each day, weighted by 2024 "
        f"imports: not the duties collected. The series runs through {words.day(info['runs_through'])}."
    )
