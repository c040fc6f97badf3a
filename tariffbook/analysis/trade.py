"""US goods trade with each partner: a year's Census figures, two years compared, months summed, the surpluses reported.

Each table keeps the ids and sources of the rows it used. Values come in each row's own unit and are converted
in code (tariffbook.data.units), never by hand; a balance the rows do not state, and a sum of months, are computed
here.

Which release a figure is (the Census Bureau's first release of a year, or one of its annual revisions) is read
from the figure row itself (vintage()): the curators' note names the revision a row comes from; a row from a Census
publication whose note names none is a first release; a row from any other publisher (a press table, a news report)
has no vintage. Two years are compared within one vintage where the record has both (trade_change).
"""

from __future__ import annotations

import re

import pandas as pd

from tariffbook.analysis.queries import preferred
from tariffbook.analysis.spans import day_of_record
from tariffbook.data.countries import country_name, is_iso3, members, resolve_country
from tariffbook.data.load import as_known_on, known_figures, load_figures, load_sources
from tariffbook.data.units import usd_billion
from tariffbook.domain import CENSUS_PUBLISHER, LETTER14_MEMBERS

FLOWS = ["us_goods_balance", "us_goods_exports", "us_goods_imports"]
"""The trade metrics of a partner: the balance (where a row states it), exports and imports."""

FIRST_RELEASE = "first release"
"""The vintage of a Census figure as first published (for 2025: 19 February 2026)."""

_REVISION = re.compile(r"annual revision of ([A-Z][a-z]+ \d{4})|the ([A-Z][a-z]+ \d{4}) annual revision")
"""How a row's note names the Census revision it comes from ('Census's annual revision of June 2026')."""

YEAR_COLUMNS = [
    "country",
    "name",
    "balance_bn",
    "exports_bn",
    "imports_bn",
    "source_id",
    "figure_ids",
    "balance_computed",
    "census",
    "vintage",
    "surplus_bn",
]
"""The columns of trade_year."""


def census_sources(folder=None) -> set[str]:
    """The sources published by the Census Bureau (directly or through a copy of its files)."""
    src = load_sources(folder)
    return set(src.loc[src["publisher"].astype(str).str.startswith(CENSUS_PUBLISHER), "source_id"])


def vintage(note, census: bool) -> str | None:
    """Which release of the Census figures a row is: 'first release', 'annual revision of June 2026', or None.

    Args:
        note: the row's note, where the curators name the revision a row comes from.
        census: whether the row's source is a Census publication (a press figure has no vintage).
    """
    if not census:
        return None
    found = _REVISION.search(note if isinstance(note, str) else "")
    if found is None:
        return FIRST_RELEASE
    return f"annual revision of {found.group(1) or found.group(2)}"


def vintages(rows: pd.DataFrame) -> pd.Series:
    """vintage() of each figure row, aligned with `rows`."""
    census = census_sources()
    return pd.Series(
        [vintage(n, s in census) for n, s in zip(rows["note"], rows["source_id"], strict=True)],
        index=rows.index,
        dtype="object",
    )


def _partner(code: str, groups: bool) -> bool:
    """A partner row of a trade table: an ISO3 country, or (with groups) a group of fixed members (the EU)."""
    return is_iso3(code) or (groups and members(code) is not None)


def _wide(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per partner from its trade rows (one per metric), in USD billion, sorted by the partner's surplus."""
    if rows.empty:
        return pd.DataFrame(columns=YEAR_COLUMNS)
    rows = rows.copy()
    rows["usd_bn"] = usd_billion(rows["value"], rows["unit"].astype(str))
    rows["metric"] = rows["metric"].astype(str)
    rows["census"] = rows["source_id"].isin(census_sources())
    rows["vintage"] = vintages(rows)
    wide = rows.pivot_table(index="country", columns="metric", values="usd_bn", aggfunc="first")
    wide = wide.reindex(columns=FLOWS)
    src = rows.groupby("country")["source_id"].agg(lambda s: ";".join(sorted(set(s))))
    ids = rows.groupby("country")["figure_id"].agg(lambda s: ";".join(sorted(s)))
    out = pd.DataFrame(
        {
            "country": wide.index,
            "name": [country_name(c) for c in wide.index],
            "balance_bn": wide["us_goods_balance"].values,
            "exports_bn": wide["us_goods_exports"].values,
            "imports_bn": wide["us_goods_imports"].values,
            "source_id": src.reindex(wide.index).values,
            "figure_ids": ids.reindex(wide.index).values,
        }
    )
    missing = out["balance_bn"].isna() & out["exports_bn"].notna() & out["imports_bn"].notna()
    out["balance_computed"] = missing
    out.loc[missing, "balance_bn"] = out.loc[missing, "exports_bn"] - out.loc[missing, "imports_bn"]
    # the rows behind the balance: the stated balance's, else the exports' and imports'
    behind = rows[rows["metric"] == "us_goods_balance"]
    behind = pd.concat([behind, rows[~rows["country"].isin(behind["country"])]])
    out["census"] = out["country"].map(behind.groupby("country")["census"].all()).astype(bool)
    one = behind.groupby("country")["vintage"].agg(lambda v: v.iloc[0] if v.nunique(dropna=False) == 1 else None)
    out["vintage"] = out["country"].map(one).astype("object")
    out["surplus_bn"] = -out["balance_bn"]
    return out.sort_values("surplus_bn", ascending=False).reset_index(drop=True)[YEAR_COLUMNS]


def _year_rows(figs: pd.DataFrame, year: str, groups: bool = False) -> pd.DataFrame:
    partner = figs["country"].map(lambda c: _partner(c, groups))
    return figs[figs["metric"].isin(FLOWS) & (figs["period"] == year) & partner]


def trade_2024(figures: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """US goods trade with each partner in 2024, in USD billion, one row per ISO3 partner (trade_year)."""
    return trade_year("2024", figures, as_of)


def trade_year(year: str, figures: pd.DataFrame | None = None, as_of=None, groups: bool = False) -> pd.DataFrame:
    """US goods trade with each partner in a year, in USD billion, one row per partner, by surplus.

    The preferred rows: the balance is the row that states it, else exports minus imports computed here from the
    two rows (the Census country file states no balance): `balance_computed` says which. `census` says whether the
    rows behind the balance are the Census Bureau's (Germany's and Ireland's 2024 balances are a press table's,
    rounded); `vintage` which Census release they are (vintage()). A partner without a row is not in the record.

    Args:
        year: the year ('2024').
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).
        groups: also the groups of fixed members the record has trade for (the European Union).
    """
    figs = preferred(_published(known_figures(as_of) if figures is None else figures, as_of))
    return _wide(_year_rows(figs, year, groups))


def trade_change(
    earlier: str = "2024", later: str = "2025", figures: pd.DataFrame | None = None, as_of=None
) -> pd.DataFrame:
    """Each partner's surplus with the US in two years, for every partner the record has both years for.

    The later year is its preferred rows (trade_year). The earlier year is taken from rows of the same vintage
    where the record has them, else from its preferred rows: the 2025 figures of most partners are the Census
    Bureau's annual revision of June 2026 (their first release was not found), and the record keeps that
    revision's 2024 figures beside the first release for the comparison; Japan's 2025 figure is a first release,
    set against the first release of 2024. `same_vintage` says where both years are one vintage.

    Args:
        earlier: the first year.
        later: the second year.
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).

    Returns:
        country, name, surplus_<earlier>, surplus_<later> (USD billion), change (later minus earlier), source_id
        (the later year's sources), source_id_<earlier>, vintage_<earlier>, vintage_<later>, same_vintage, revised
        (the later year's figure is a revision of the Census Bureau's first release, which the record does not
        have), figure_ids_<earlier>, figure_ids_<later>; by the later year's surplus.
    """
    figs = _published(known_figures(as_of) if figures is None else figures, as_of)
    a, b = trade_year(earlier, figs), trade_year(later, figs)
    pool = _year_rows(figs, earlier)
    pool = pool.assign(vintage=vintages(pool))
    rows = []
    for r in b[b["surplus_bn"].notna()].to_dict("records"):
        e = _same_vintage(pool, r["country"], r["vintage"], a)
        if e is None:
            continue
        rows.append(
            {
                "country": r["country"],
                "name": r["name"],
                f"surplus_{earlier}": e["surplus_bn"],
                f"surplus_{later}": r["surplus_bn"],
                "change": r["surplus_bn"] - e["surplus_bn"],
                "source_id": r["source_id"],
                f"source_id_{earlier}": e["source_id"],
                f"vintage_{earlier}": e["vintage"],
                f"vintage_{later}": r["vintage"],
                "same_vintage": r["vintage"] is not None and e["vintage"] == r["vintage"],
                "revised": r["vintage"] is not None and r["vintage"] != FIRST_RELEASE,
                f"figure_ids_{earlier}": e["figure_ids"],
                f"figure_ids_{later}": r["figure_ids"],
            }
        )
    cols = ["country", "name", f"surplus_{earlier}", f"surplus_{later}", "change", "source_id",
            f"source_id_{earlier}", f"vintage_{earlier}", f"vintage_{later}", "same_vintage", "revised",
            f"figure_ids_{earlier}", f"figure_ids_{later}"]  # fmt: skip
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(f"surplus_{later}", ascending=False).reset_index(drop=True)


def _same_vintage(pool: pd.DataFrame, code: str, want, preferred_year: pd.DataFrame) -> dict | None:
    """A partner's earlier year: from its rows of vintage `want` if they give a balance, else its preferred rows."""
    pre = preferred_year[preferred_year["country"] == code].to_dict("records")
    pre = pre[0] if pre and pd.notna(pre[0]["surplus_bn"]) else None
    if want is None or (pre is not None and pre["vintage"] == want):
        return pre
    same = pool[(pool["country"] == code) & (pool["vintage"] == want)]
    same = same.sort_values(["preferred", "figure_id"], ascending=[False, True]).drop_duplicates("metric")
    found = _wide(same).to_dict("records")
    return found[0] if found and pd.notna(found[0]["surplus_bn"]) else pre


def _published(figs: pd.DataFrame, as_of) -> pd.DataFrame:
    """The rows, less those of a Census revision not yet published on `as_of` (None: the record as a whole).

    A revision's rows carry no date of their own: the record would count the June 2026 revision of 2025 from
    the end of 2025. They count from the end of the month of the revision their note names.
    """
    if as_of is None:
        return figs
    day = day_of_record(as_of)
    trade = figs["metric"].astype(str).isin(FLOWS)
    named = figs["note"].where(trade, "").astype(str).str.extract(_REVISION)
    month = named[0].fillna(named[1])
    out_on = pd.to_datetime(month, format="%B %Y", errors="coerce") + pd.offsets.MonthEnd(0)
    undated = figs["announced_on"].isna()
    return figs[~(trade & undated & out_on.notna() & (out_on > day))]


def year_to_date(year: str, figures: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """Each partner's goods trade with the US in the months of `year` the record has, summed here, in USD billion.

    The record has one row per month and flow (no total of the year so far); the sum is of the months that have
    both exports and imports, the balance computed from them. `first` and `last` name the months summed.

    Args:
        year: the year ('2026').
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).

    Returns:
        country, name, first, last (periods 'YYYY-MM'), months (how many), exports_bn, imports_bn, surplus_bn,
        source_id, census; by surplus.
    """
    figs = preferred(known_figures(as_of) if figures is None else figures)
    flows = ["us_goods_exports", "us_goods_imports"]
    rows = figs[
        figs["metric"].isin(flows)
        & figs["period"].astype(str).str.fullmatch(rf"{year}-\d\d")
        & figs["country"].map(is_iso3)
    ].copy()
    cols = ["country", "name", "first", "last", "months", "exports_bn", "imports_bn", "surplus_bn", "source_id",
            "census"]  # fmt: skip
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows["usd_bn"] = usd_billion(rows["value"], rows["unit"].astype(str))
    both = rows.groupby(["country", "period"])["metric"].transform("nunique") == len(flows)
    rows = rows[both]
    census = census_sources()
    out = []
    for code, g in rows.groupby("country"):
        sums = g.groupby("metric")["usd_bn"].sum()
        out.append(
            {
                "country": code,
                "name": country_name(code),
                "first": g["period"].min(),
                "last": g["period"].max(),
                "months": g["period"].nunique(),
                "exports_bn": sums["us_goods_exports"],
                "imports_bn": sums["us_goods_imports"],
                "surplus_bn": sums["us_goods_imports"] - sums["us_goods_exports"],
                "source_id": ";".join(sorted(set(g["source_id"]))),
                "census": bool(g["source_id"].isin(census).all()),
            }
        )
    return pd.DataFrame(out, columns=cols).sort_values("surplus_bn", ascending=False).reset_index(drop=True)


def total_deficit(year: str, as_of=None) -> pd.Series | None:
    """The whole US goods deficit of a year as the record states it (us_goods_deficit_total, WORLD), or None."""
    figs = preferred(known_figures(as_of))
    rows = figs[(figs["metric"] == "us_goods_deficit_total") & (figs["country"] == "WORLD") & (figs["period"] == year)]
    return None if rows.empty else rows.iloc[0]


def reported_surpluses(period: str | None = None, figures: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """Partner surpluses with the US as the articles report them (metric partner_surplus_with_us, USD).

    Args:
        period: only this year ("2024": the surpluses the July 2025 letters were reported against); default all.
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).
    """
    figs = preferred(known_figures(as_of) if figures is None else figures)
    rows = figs[(figs["metric"] == "partner_surplus_with_us") & (figs["unit"] == "USD billion")].copy()
    if period is not None:
        rows = rows[rows["period"] == period]
    rows["name"] = rows["country"].map(country_name)
    cols = ["figure_id", "country", "name", "value", "unit", "period", "source_id", "quote"]
    return rows[cols].reset_index(drop=True)


def trade_years(countries=None, as_of=None, earlier: str = "2024", later: str = "2025") -> pd.DataFrame:
    """Each partner's goods surplus with the US in two years, for the partners the record has both years for.

    The rows known by `as_of` (the first release of the 2025 Census figures came out on 19 February 2026, the
    annual revision on which most partners' 2025 figures are in the record in June 2026), compared as trade_change
    compares them: within one vintage where the record has both years in it. Before the later year's figures were
    known there is nothing to compare.

    Args:
        countries: only these partners (default: all with both years).
        as_of: as the record stood that day.
        earlier: the first year.
        later: the second year.

    Returns:
        queries.trade_change's columns, plus `letter` (the partner received a letter of 7 July 2025).
    """
    day = day_of_record(as_of)
    figs = load_figures()
    # the rows known by then, each with the curators' choice of preferred row: never another report promoted in
    # the place of a figure not yet out (trade_change takes the earlier year's rows of the later year's vintage)
    known = set(as_known_on(figs, day)["figure_id"])
    out = trade_change(earlier, later, figs[figs["figure_id"].isin(known)], as_of=day)
    if countries is not None:
        out = out[out["country"].isin([resolve_country(c) for c in countries])]
    out = out.copy()
    out["letter"] = out["country"].isin(LETTER14_MEMBERS)
    return out.reset_index(drop=True)
