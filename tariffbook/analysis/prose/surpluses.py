"""The surplus page's opening paragraph: the surpluses reported in July 2025 against the Census figures."""

from __future__ import annotations

from tariffbook import words
from tariffbook.analysis.spans import day_of_record
from tariffbook.analysis.trade import reported_surpluses, trade_year
from tariffbook.data.countries import country_name, names_text, resolve_country


def surplus_summary(highlight, as_of=None) -> str:
    """The surplus page's opening paragraph for the partners highlighted.

    The surpluses reported in July 2025 against the Census figures, as far as the record knew by as_of (default:
    the record as a whole, through the horizon).
    """
    day = day_of_record(as_of)
    codes = [resolve_country(c) for c in highlight]
    trade = trade_year("2024", as_of=as_of)
    reported = reported_surpluses("2024", as_of=as_of).set_index("country")
    reported = reported[reported.index.isin(codes)]
    out = []
    if len(reported):
        out.append(
            "The press reported these 2024 surpluses with the US: "
            + ", ".join(f"{r['name']} USD {r['value']:g} billion" for _, r in reported.iterrows())
            + "."
        )
    else:
        out.append(
            f"By {words.day(day)} the reporting of the July 2025 letters, and its surplus figures, had not come yet."
        )
    census = trade.set_index("country")
    have = [c for c in codes if c in census.index]
    if have:
        rank = {c: i + 1 for i, c in enumerate(trade["country"])}
        out.append(
            "In the Census figures for 2024: "
            + ", ".join(
                f"{country_name(c)} USD {census.loc[c, 'surplus_bn']:,.1f} billion (rank {rank[c]})" for c in have
            )
            + f", among the {len(trade)} partners with 2024 figures in the record; the largest US deficit is with "
            f"{trade.iloc[0]['name']} (USD {trade.iloc[0]['surplus_bn']:,.1f} billion)."
        )
    missing = [c for c in codes if c not in census.index]
    if missing:
        out.append(f"The record has no 2024 Census figures for {names_text(missing, alphabetical=True)}.")
    return " ".join(out)
