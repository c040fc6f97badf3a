"""US goods trade with each partner: a year's Census figures, two years compared, and the surpluses reported.

Each table keeps the ids and sources of the rows it used. Values come in each row's own unit and are converted
in code (tariffbook.data.units), never by hand.
"""

from __future__ import annotations

import pandas as pd

from tariffbook.analysis.queries import preferred
from tariffbook.analysis.spans import day_of_record
from tariffbook.data.countries import country_name, is_iso3, resolve_country
from tariffbook.data.load import as_known_on, known_figures, load_figures
from tariffbook.data.units import usd_billion
from tariffbook.domain import LETTER14_MEMBERS


def trade_2024(figures: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """US goods trade with each partner in 2024 (Census basis), in USD billion, one row per ISO3 partner."""
    return trade_year("2024", figures, as_of)


def trade_year(year: str, figures: pd.DataFrame | None = None, as_of=None) -> pd.DataFrame:
    """US goods trade with each partner in a year (Census basis), in USD billion, one row per ISO3 partner.

    The balance is the row that states it, else exports minus imports computed here from the two rows (the
    Census country file states no balance): `balance_computed` says which. A partner without a row is not in the
    record.
    """
    figs = preferred(known_figures(as_of) if figures is None else figures)
    flows = ["us_goods_balance", "us_goods_exports", "us_goods_imports"]
    rows = figs[figs["metric"].isin(flows) & (figs["period"] == year) & figs["country"].map(is_iso3)].copy()
    if rows.empty:
        cols = ["country", "name", "balance_bn", "exports_bn", "imports_bn", "source_id", "figure_ids"]
        cols += ["balance_computed", "surplus_bn"]
        return pd.DataFrame(columns=cols)
    rows["usd_bn"] = usd_billion(rows["value"], rows["unit"].astype(str))
    wide = rows.pivot_table(index="country", columns="metric", values="usd_bn", aggfunc="first")
    wide = wide.reindex(columns=flows)
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
    out["surplus_bn"] = -out["balance_bn"]
    return out.sort_values("surplus_bn", ascending=False).reset_index(drop=True)


def trade_change(
    earlier: str = "2024", later: str = "2025", figures: pd.DataFrame | None = None, as_of=None
) -> pd.DataFrame:
    """Each partner's surplus with the US in two years, for the partners the record has both years for.

    Returns:
        country, name, surplus_<earlier>, surplus_<later> (USD billion), change (later minus earlier), source_id
        (the later year's source), source_id_<earlier>, and revised (the later year's figure is a revision of the
        Census Bureau's first release, which the record does not have).
    """
    a, b = trade_year(earlier, figures, as_of), trade_year(later, figures, as_of)
    both = a.merge(b, on=["country", "name"], suffixes=(f"_{earlier}", f"_{later}")).dropna(
        subset=[f"surplus_bn_{earlier}", f"surplus_bn_{later}"]
    )
    out = pd.DataFrame(
        {
            "country": both["country"],
            "name": both["name"],
            f"surplus_{earlier}": both[f"surplus_bn_{earlier}"],
            f"surplus_{later}": both[f"surplus_bn_{later}"],
            "source_id": both[f"source_id_{later}"],
            f"source_id_{earlier}": both[f"source_id_{earlier}"],
        }
    )
    out["change"] = out[f"surplus_{later}"] - out[f"surplus_{earlier}"]
    # a first release carries its release date (announced_on, e.g. 19 February 2026 for 2025); a later revision,
    # read where the first release was not found, does not
    figs = known_figures(as_of) if figures is None else figures
    released = figs.set_index("figure_id")["announced_on"]
    out["revised"] = [
        not all(pd.notna(released.get(i)) for i in str(ids).split(";") if i) for ids in both[f"figure_ids_{later}"]
    ]
    return out.sort_values(f"surplus_{later}", ascending=False).reset_index(drop=True)


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

    The preferred rows known by `as_of` (the 2025 Census figures were released on 19 February 2026): both years
    are Census first releases, compared at the same stage of revision (see the rows' notes). Before the later
    year's preferred row was known there is nothing to compare.

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
    # the preferred rows (first releases, one vintage) that were known by then; never another vintage in their
    # place (a later revision's row without a date of its own would otherwise stand in for a year not yet out)
    known = set(as_known_on(figs, day)["figure_id"])
    out = trade_change(earlier, later, figs[figs["preferred"] & figs["figure_id"].isin(known)])
    if countries is not None:
        out = out[out["country"].isin([resolve_country(c) for c in countries])]
    out = out.copy()
    out["letter"] = out["country"].isin(LETTER14_MEMBERS)
    return out.reset_index(drop=True)
