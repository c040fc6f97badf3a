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
from tariffbook.data.load import known_figures


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


def reconstruct(
    floor: float | None = None, discount: float = 0.5, figures: pd.DataFrame | None = None, as_of=None
) -> pd.DataFrame:
    """Computed vs published 2 April rate for every partner with 2024 trade data and a published rate.

    Args:
        floor: the minimum rate in percent (default: the dataset's, 10%).
        discount: the share of the computed 'tariff charged' the US applies (0.5: half, per the 2 April
            remarks).
        figures: the figures to read (default: the record as it stood on `as_of`).
        as_of: the day the record is read as of (None: the record as a whole).

    Returns:
        One row per partner, by residual (published minus computed): the trade columns of trade_2024, then
        charged_computed, computed, published, published_id, published_source, first_annex_i, residual,
        floor, discount.
    """
    all_figs = known_figures(as_of) if figures is None else figures
    figs = preferred(all_figs)
    k = formula_inputs(all_figs)
    floor = k["floor"] if floor is None else float(floor)
    trade = trade_2024(all_figs)
    deficit = trade["imports_bn"] - trade["exports_bn"]
    charged = 100 * deficit / (k["elasticity"] * k["passthrough"] * trade["imports_bn"])
    trade["charged_computed"] = charged.clip(lower=0)
    trade["computed"] = np.maximum(floor, discount * trade["charged_computed"])
    pub = figs[figs["metric"] == "tariff_rate_reciprocal"].set_index("country")
    trade = trade[trade["country"].isin(pub.index)].copy()
    trade["published"] = trade["country"].map(pub["value"])
    trade["published_id"] = trade["country"].map(pub["figure_id"])
    trade["published_source"] = trade["country"].map(pub["source_id"])
    first = all_figs[
        (all_figs["metric"] == "tariff_rate_reciprocal")
        & ~all_figs["preferred"]
        & all_figs["note"].str.contains("First published Annex I")
    ].set_index("country")["value"]
    trade["first_annex_i"] = trade["country"].map(first)
    trade["residual"] = trade["published"] - trade["computed"]
    trade["floor"], trade["discount"] = floor, discount
    return trade.sort_values("residual").reset_index(drop=True)
