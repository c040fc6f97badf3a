"""Notebook parameters, checked: papermill only warns on unknown names and never checks types.

Each notebook declares its parameters in a `parameters` cell and then calls check(), which fails with a
message naming the parameter and what is allowed: NameError for an unknown name, TypeError for a wrong type,
ValueError for a bad value.

To add a notebook: give it a `parameters` cell (each parameter with a comment papermill shows as its help),
add its entry to SPECS, and call `P = params.check("<name>", globals(), _before)` after the parameters cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from tariffbook import settings
from tariffbook.data.countries import resolve_country
from tariffbook.domain import PARAMETER_DATES


@dataclass(frozen=True)
class Param:
    """One notebook parameter: its kind, its help, and the values it may take.

    Attributes:
        kind: 'str', 'int', 'float', 'float_or_none', 'date', 'country' or 'countries'.
        help: what it does, for the 'Rerun it' page.
        low: the smallest value allowed, if any.
        high: the largest value allowed, if any.
        check: a further check, called with (name, converted value); returns the value or raises.
    """

    kind: str
    help: str
    low: float | None = None
    high: float | None = None
    check: Callable[[str, Any], Any] | None = field(default=None, compare=False)


def _date(name: str, v: Any) -> str:
    if v == "latest":
        from tariffbook.data.load import load_events

        day = settings.as_of()
        return (day if day is not None else load_events()["announced_on"].max()).strftime("%Y-%m-%d")
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if not isinstance(v, str):
        raise TypeError(f"Parameter {name!r} must be a date string YYYY-MM-DD, got {v!r} ({type(v).__name__})")
    try:
        return dt.date.fromisoformat(v.strip()).isoformat()
    except ValueError:
        raise ValueError(f"Parameter {name!r} must be a date YYYY-MM-DD, got {v!r}") from None


def _country(name: str, v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"Parameter {name!r} must be a country code or name (str), got {v!r} ({type(v).__name__})")
    try:
        return resolve_country(v)
    except ValueError as exc:
        raise ValueError(f"Parameter {name!r}: {exc}") from None


def _number(name: str, v: Any, kind: str) -> float | int:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        what = "an integer" if kind == "int" else "a number"
        raise TypeError(f"Parameter {name!r} must be {what}, got {v!r} ({type(v).__name__})")
    if kind == "int" and isinstance(v, float):
        if not v.is_integer():
            raise TypeError(f"Parameter {name!r} must be an integer, got {v!r}")
        v = int(v)
    return float(v) if kind == "float" else v


def _string(name: str, v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"Parameter {name!r} must be a string, got {v!r} ({type(v).__name__})")
    return v


def _countries(name: str, v: Any) -> list[str]:
    items = v.split(",") if isinstance(v, str) else v
    if not isinstance(items, (list, tuple)) or not items:
        raise TypeError(f"Parameter {name!r} must be a list of countries or a comma-separated string, got {v!r}")
    return [_country(name, c) for c in items if str(c).strip()]


CONVERTERS: dict[str, Callable[[str, Any], Any]] = {
    "str": _string,
    "int": lambda name, v: _number(name, v, "int"),
    "float": lambda name, v: _number(name, v, "float"),
    "float_or_none": lambda name, v: None if v is None else _number(name, v, "float"),
    "date": _date,
    "country": _country,
    "countries": _countries,
}
"""Param kind -> the function that checks and converts a value of that kind."""


def _convert(name: str, spec: Param, v: Any) -> Any:
    out = CONVERTERS[spec.kind](name, v)
    too_low = out is not None and spec.low is not None and out < spec.low
    too_high = out is not None and spec.high is not None and out > spec.high
    if too_low or too_high:
        raise ValueError(f"Parameter {name!r} must be between {spec.low} and {spec.high}, got {out!r}")
    if spec.check is not None:
        out = spec.check(name, out)
    return out


def _known_dates(name: str, v: str) -> str:
    first, last = PARAMETER_DATES
    if not first <= v <= last:
        span = f"{first[:4]}–{last[:4]}"
        raise ValueError(f"Parameter {name!r} must be a date in {span} (the period the dataset covers), got {v!r}")
    return v


SPECS: dict[str, dict[str, Param]] = {  # notebook name -> its parameters, in the order of its parameters cell
    "timeline": {
        "countries": Param("countries", "ISO3 codes or names, list or comma-separated"),
        "as_of": Param(
            "date", "show only what had been announced by this date (YYYY-MM-DD, or latest)", check=_known_dates
        ),
    },
    "surpluses": {
        "top_n": Param("int", "how many partners to show, largest surplus first", low=1, high=60),
        "highlight": Param("countries", "partners to highlight"),
    },
    "tariff_rates": {
        "countries": Param("countries", "ISO3 codes or names, list or comma-separated"),
        "as_of": Param("date", "show only rates announced by this date (YYYY-MM-DD, or latest)", check=_known_dates),
    },
    "reciprocal_formula": {
        "floor": Param("float_or_none", "minimum rate in percent; None = the dataset's 10%", low=0, high=100),
        "discount": Param(
            "float", "share of the computed 'tariff charged' the US applies (0.5 = half)", low=0.01, high=1
        ),
    },
    "japan_negotiations": {
        "as_of": Param("date", "show the talks as they stood on this date (YYYY-MM-DD, or latest)", check=_known_dates),
    },
    "country_profile": {
        "country": Param("country", "ISO3 code or English name, e.g. KOR or 'South Korea'"),
    },
}


def check(notebook: str, namespace: dict, before: set[str]) -> SimpleNamespace:
    """Check the parameters a notebook defined; return them, converted.

    Args:
        notebook: the notebook's name (a key of SPECS).
        namespace: the notebook's globals() after its parameters cell (and papermill's injected cell).
        before: the names defined before the parameters cell, which are not parameters.

    Returns:
        The parameters as attributes, converted (country names to ISO3 codes, 'latest' to a date, ...).

    Raises:
        NameError: an unknown parameter, or one missing from the parameters cell.
        TypeError: a value of the wrong type.
        ValueError: a value out of range or unknown (a country, a date).
    """
    spec = SPECS[notebook]
    unknown = sorted(k for k in set(namespace) - before - set(spec) if not k.startswith("_"))
    if unknown:
        raise NameError(f"Unknown notebook parameter(s) {unknown} for {notebook}; allowed: {sorted(spec)}")
    missing = [k for k in spec if k not in namespace]
    if missing:
        raise NameError(f"Parameter(s) {missing} not defined in the parameters cell of {notebook}")
    return SimpleNamespace(**{k: _convert(k, p, namespace[k]) for k, p in spec.items()})


def describe(notebook: str) -> list[tuple[str, str, str]]:
    """(name, kind, help) of each parameter of a notebook, for the 'Rerun it' page."""
    return [(k, p.kind, p.help) for k, p in SPECS[notebook].items()]
