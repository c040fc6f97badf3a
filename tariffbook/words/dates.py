"""Days and months in words: '7 April 2025', '7 Apr 2025', 'March 2025', '4 February to 14 December 2025'.

Portable: only Python's own arithmetic on a day (no platform-dependent strftime directive), English month names on
every machine and locale. VEGA_DAY is the same day's format for a chart, which the browser formats.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

MONTHS = ("January February March April May June July August September October November December").split()
"""English month names: a day reads the same on every machine, whatever its locale."""

VEGA_DAY = "%-d %b %Y"
"""d3-time-format, evaluated by Vega in the browser ('7 Jul 2025'): must show the same day as day(v, month="short")."""


def _day(value) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    ts = pd.Timestamp(value)
    return None if pd.isna(ts) else ts


def day(value, month: str = "long", year: bool = True) -> str:
    """A day in words: '7 April 2025' (month="long"), '7 Apr 2025' ("short"); '' for a missing day.

    Args:
        value: a date, a Timestamp or an ISO string ('2025-04-07').
        month: "long" for the month's name, "short" for its first three letters.
        year: whether to add the year.
    """
    ts = _day(value)
    if ts is None:
        return ""
    name = MONTHS[ts.month - 1]
    text = f"{ts.day} {name if month == 'long' else name[:3]}"
    return f"{text} {ts.year}" if year else text


def month(value) -> str:
    """A month in words: 'March 2025'; '' for a missing day."""
    ts = _day(value)
    return "" if ts is None else f"{MONTHS[ts.month - 1]} {ts.year}"


def iso(value) -> str:
    """A day as ISO 8601 ('2025-04-07'); '' for a missing day."""
    ts = _day(value)
    return "" if ts is None else f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"


def day_span(first, last, month: str = "long") -> str:
    """'4 February to 14 December 2025', '4 February 2025 to 3 March 2026': the first year only when it differs.

    month='short' writes '20 Feb to 5 Mar 2026'; within one month: '2 to 9 April 2025'.
    """
    a, b = _day(first), _day(last)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} to {day(b, month=month)}"
    return f"{day(a, month=month, year=a.year != b.year)} to {day(b, month=month)}"


def month_span(first, last) -> str:
    """'January to August 2026', 'November 2025 to February 2026', 'March 2026': the months a sum covers."""
    a, b = month(first), month(last)
    if a == b:
        return a
    return f"{a.split()[0]} to {b}" if a.split()[1] == b.split()[1] else f"{a} to {b}"
