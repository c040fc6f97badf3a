"""Unit conversion in code, never by hand: the dataset keeps values in the unit the source used."""

from __future__ import annotations

import pandas as pd

TO_USD_BILLION = {"USD million": 1e-3, "USD billion": 1.0, "USD trillion": 1e3}
"""USD unit -> its factor to USD billion."""


def usd_billion(values: pd.Series, units: pd.Series) -> pd.Series:
    """Convert USD amounts to USD billion; a unit that is not USD is an error, not a silent NaN."""
    bad = set(units) - set(TO_USD_BILLION)
    if bad:
        raise ValueError(f"cannot convert {sorted(bad)} to USD billion; convertible units: {sorted(TO_USD_BILLION)}")
    return values * units.map(TO_USD_BILLION).astype(float)
