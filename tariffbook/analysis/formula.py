"""Reconstruct the 2 April 'reciprocal' rates from 2024 trade (USTR's published formula).

USTR: Δτ = (x − m) / (ε · φ · m), with ε = 4 and φ = 0.25 (both in data/), so ε·φ = 1 and the 'tariff
charged to the US' is the deficit over imports. The announced rate is that, times a discount (half, per the
2 April remarks), floored at 10% (data/). Floor and discount are the what-if knobs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tariffbook.analysis.queries import preferred
from tariffbook.analysis.trade import trade_2024
from tariffbook.data.load import load_figures


def formula_inputs(figures: pd.DataFrame | None = None) -> dict[str, float]:
    """USTR's parameters as the dataset states them: elasticity, passthrough and the 10% floor.

    Raises:
        LookupError: the dataset does not have exactly one preferred row of one of them.
    """
    figs = preferred(figures)

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


def reconstruct(floor: float | None = None, discount: float = 0.5, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Computed vs published 2 April rate for every partner with 2024 trade data and a published rate.

    Args:
        floor: the minimum rate in percent (default: the dataset's, 10%).
        discount: the share of the computed 'tariff charged' the US applies (0.5: half, per the 2 April
            remarks).
        figures: the figures to read (default: tariffbook.load_figures()).

    Returns:
        One row per partner, by residual (published minus computed): the trade columns of trade_2024, then
        charged_computed, computed, published, published_id, published_source, first_annex_i, residual,
        floor, discount.
    """
    figs = preferred(figures)
    k = formula_inputs(figures)
    floor = k["floor"] if floor is None else float(floor)
    trade = trade_2024(figures)
    deficit = trade["imports_bn"] - trade["exports_bn"]
    charged = 100 * deficit / (k["elasticity"] * k["passthrough"] * trade["imports_bn"])
    trade["charged_computed"] = charged.clip(lower=0)
    trade["computed"] = np.maximum(floor, discount * trade["charged_computed"])
    pub = figs[figs["metric"] == "tariff_rate_reciprocal"].set_index("country")
    trade = trade[trade["country"].isin(pub.index)].copy()
    trade["published"] = trade["country"].map(pub["value"])
    trade["published_id"] = trade["country"].map(pub["figure_id"])
    trade["published_source"] = trade["country"].map(pub["source_id"])
    all_figs = figures if figures is not None else load_figures()
    first = all_figs[
        (all_figs["metric"] == "tariff_rate_reciprocal")
        & ~all_figs["preferred"]
        & all_figs["note"].str.contains("First published Annex I")
    ].set_index("country")["value"]
    trade["first_annex_i"] = trade["country"].map(first)
    trade["residual"] = trade["published"] - trade["computed"]
    trade["floor"], trade["discount"] = floor, discount
    return trade.sort_values("residual").reset_index(drop=True)
