"""Reconstruct the 2 April 'reciprocal' rates from 2024 trade (USTR's published formula), and the rule they follow.

USTR: Δτ = (x − m) / (ε · φ · m), with ε = 4 and φ = 0.25 (both in data/), so ε·φ = 1 and the 'tariff
charged to the US' is the deficit over imports. The announced rate is that, times a discount (half, per the
2 April remarks), floored at 10% (data/). Floor and discount are the what-if knobs.

The published rates are whole numbers, and they follow a rule in two steps more closely than the formula itself:
round the deficit over imports to a whole percent (the 'tariff charged' of the White House chart), then take the
discount of that and round a half up (two_step). reconstruct() gives both, partner by partner: every partner with
2024 trade and a published 2 April rate, the European Union among them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tariffbook.analysis.queries import preferred
from tariffbook.analysis.trade import trade_year
from tariffbook.data.load import known_figures
from tariffbook.domain import ROUNDING_EPSILON

EPSILON = ROUNDING_EPSILON
"""Added before a half is rounded up (tariffbook.domain.ROUNDING_EPSILON); the chart's spec adds the same."""

HALF_POINT = 0.5
"""The most that rounding a rate to a whole percent can move it: a gap beyond it needs another explanation."""


def formula_inputs(figures: pd.DataFrame | None = None, as_of=None) -> dict[str, float]:
    """USTR's parameters as the dataset states them: elasticity, passthrough and the 10% floor.

    Args:
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).

    Raises:
        LookupError: the dataset does not have exactly one preferred row of one of them.
    """
    figs = preferred(known_figures(as_of) if figures is None else figures)

    def one(metric: str) -> float:
        v = figs[figs["metric"] == metric]["value"]
        if len(v) != 1:
            raise LookupError(f"expected one preferred {metric} row, found {len(v)}")
        return float(v.iloc[0])

    return {
        "elasticity": one("ustr_import_demand_elasticity"),
        "passthrough": one("ustr_import_price_passthrough"),
        "floor": one("reciprocal_rate_floor"),
    }


def round_half_up(values) -> np.ndarray:
    """Values rounded to whole numbers, a half up (as on paper: 23.5 -> 24), whatever floating point made of it."""
    return np.floor((np.asarray(values, dtype=float) + EPSILON) + 0.5)  # Math.round(x + EPSILON), as in the chart


def two_step(charged, floor: float, discount: float) -> np.ndarray:
    """The two-step rule: the 'tariff charged' to a whole percent, times the discount, a half up, at least the floor.

    Args:
        charged: deficit ÷ imports, in percent (unrounded).
        floor: the minimum rate in percent.
        discount: the share applied (0.5: half).
    """
    return np.maximum(floor, round_half_up(discount * round_half_up(charged)))


def reconstruct(
    floor: float | None = None, discount: float = 0.5, figures: pd.DataFrame | None = None, as_of=None
) -> pd.DataFrame:
    """Computed vs published 2 April rate for every partner with 2024 trade data and a published rate.

    The partners are the countries and the groups of fixed members (the European Union) that have both.

    Args:
        floor: the minimum rate in percent (default: the dataset's, 10%).
        discount: the share of the computed 'tariff charged' the US applies (0.5: half, per the 2 April
            remarks).
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).

    Returns:
        One row per partner, by residual (published minus computed): the trade columns of trade_year, then
        charged_computed, computed, charged_rounded, two_step, two_step_exact, published, published_id,
        published_source, first_annex_i, residual, beyond_rounding (the residual is more than HALF_POINT), floor,
        discount.
    """
    all_figs = known_figures(as_of) if figures is None else figures
    figs = preferred(all_figs)
    k = formula_inputs(all_figs)
    floor = k["floor"] if floor is None else float(floor)
    trade = trade_year("2024", all_figs, as_of, groups=True)
    deficit = trade["imports_bn"] - trade["exports_bn"]
    charged = 100 * deficit / (k["elasticity"] * k["passthrough"] * trade["imports_bn"])
    trade["charged_computed"] = charged.clip(lower=0)
    trade["computed"] = np.maximum(floor, discount * trade["charged_computed"])
    trade["charged_rounded"] = round_half_up(trade["charged_computed"])
    trade["two_step"] = two_step(trade["charged_computed"], floor, discount)
    pub = figs[figs["metric"] == "tariff_rate_reciprocal"].set_index("country")
    trade = trade[trade["country"].isin(pub.index) & trade["charged_computed"].notna()].copy()
    trade["published"] = trade["country"].map(pub["value"])
    trade["published_id"] = trade["country"].map(pub["figure_id"])
    trade["published_source"] = trade["country"].map(pub["source_id"])
    trade["two_step_exact"] = trade["two_step"] == trade["published"]
    first = all_figs[
        (all_figs["metric"] == "tariff_rate_reciprocal")
        & ~all_figs["preferred"]
        & all_figs["note"].str.contains("First published Annex I")
    ].set_index("country")["value"]
    trade["first_annex_i"] = trade["country"].map(first)
    trade["residual"] = trade["published"] - trade["computed"]
    trade["beyond_rounding"] = trade["residual"].abs() > HALF_POINT
    trade["floor"], trade["discount"] = floor, discount
    return trade.sort_values("residual").reset_index(drop=True)


def passthrough_critique(figures: pd.DataFrame | None = None, as_of=None) -> pd.Series | None:
    """The record's critique of USTR's passthrough φ (metric import_price_passthrough_aei), or None before it."""
    figs = preferred(known_figures(as_of) if figures is None else figures)
    rows = figs[figs["metric"] == "import_price_passthrough_aei"]
    return None if rows.empty else rows.iloc[0]


def with_passthrough(recon: pd.DataFrame, passthrough: float, inputs: dict[str, float]) -> pd.DataFrame:
    """reconstruct()'s partners with the formula computed with another passthrough φ (the critique's).

    Returns:
        country, name, charged (deficit ÷ (ε·φ·imports), percent), rate (its discount, at least the floor), floor.
    """
    scale = inputs["passthrough"] / passthrough  # the 'tariff charged' is inversely proportional to φ
    out = recon[["country", "name", "charged_computed", "floor", "discount"]].copy()
    out["charged"] = out["charged_computed"] * scale
    out["rate"] = np.maximum(out["floor"], out["discount"] * out["charged"])
    out["at_floor"] = out["rate"] <= out["floor"]
    return out.drop(columns=["charged_computed"])
