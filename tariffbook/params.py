"""Notebook parameters, checked: papermill only warns on unknown names and never checks types.

Each notebook declares its parameters in a `parameters` cell and then calls check(), which fails with a
message naming the parameter and what is allowed: NameError for an unknown name, TypeError for a wrong type,
ValueError for a bad value.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable

from tariffbook.countries import resolve_country


@dataclass(frozen=True)
class Param:
    kind: str                       # 'str', 'int', 'float', 'date', 'countries', 'country', 'float_or_none'
    help: str
    low: float | None = None
    high: float | None = None
    check: Callable[[Any], Any] | None = field(default=None, compare=False)


def _date(name: str, v: Any) -> str:
    if v == "latest":
        from tariffbook.load import as_of, load_events
        day = as_of()
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
        raise TypeError(f"Parameter {name!r} must be {'an integer' if kind == 'int' else 'a number'}, got {v!r} ({type(v).__name__})")
    if kind == "int" and isinstance(v, float):
        if not v.is_integer():
            raise TypeError(f"Parameter {name!r} must be an integer, got {v!r}")
        v = int(v)
    return float(v) if kind == "float" else v


def _convert(name: str, spec: Param, v: Any) -> Any:
    if spec.kind == "str":
        if not isinstance(v, str):
            raise TypeError(f"Parameter {name!r} must be a string, got {v!r} ({type(v).__name__})")
        out = v
    elif spec.kind in ("int", "float"):
        out = _number(name, v, spec.kind)
    elif spec.kind == "float_or_none":
        out = None if v is None else _number(name, v, "float")
    elif spec.kind == "date":
        out = _date(name, v)
    elif spec.kind == "country":
        out = _country(name, v)
    elif spec.kind == "countries":
        items = v.split(",") if isinstance(v, str) else v
        if not isinstance(items, (list, tuple)) or not items:
            raise TypeError(f"Parameter {name!r} must be a list of countries or a comma-separated string, got {v!r}")
        out = [_country(name, c) for c in items if str(c).strip()]
    else:  # pragma: no cover - a programming error in a spec
        raise AssertionError(spec.kind)
    too_low = out is not None and spec.low is not None and out < spec.low
    too_high = out is not None and spec.high is not None and out > spec.high
    if too_low or too_high:
        raise ValueError(f"Parameter {name!r} must be between {spec.low} and {spec.high}, got {out!r}")
    if spec.check is not None:
        out = spec.check(name, out)
    return out


def _known_dates(name: str, v: str) -> str:
    if not "2025-01-01" <= v <= "2026-12-31":
        raise ValueError(f"Parameter {name!r} must be a date in 2025–2026 (the period the dataset covers), got {v!r}")
    return v


SPECS: dict[str, dict[str, Param]] = {
    "timeline": {
        "countries": Param("countries", "ISO3 codes or names, list or comma-separated"),
        "as_of": Param("date", "show only what had been announced by this date (YYYY-MM-DD, or latest)", check=_known_dates),
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
        "discount": Param("float", "share of the computed 'tariff charged' the US applies (0.5 = half)", low=0.01, high=1),
    },
    "japan_negotiations": {
        "as_of": Param("date", "show the talks as they stood on this date (YYYY-MM-DD, or latest)", check=_known_dates),
    },
    "country_profile": {
        "country": Param("country", "ISO3 code or English name, e.g. KOR or 'South Korea'"),
    },
}


def check(notebook: str, namespace: dict, before: set[str]) -> SimpleNamespace:
    """Validate the parameters `notebook` defined in `namespace` since `before`; return them, converted."""
    spec = SPECS[notebook]
    unknown = sorted(k for k in set(namespace) - before - set(spec) if not k.startswith("_"))
    if unknown:
        raise NameError(f"Unknown notebook parameter(s) {unknown} for {notebook}; allowed: {sorted(spec)}")
    missing = [k for k in spec if k not in namespace]
    if missing:
        raise NameError(f"Parameter(s) {missing} not defined in the parameters cell of {notebook}")
    return SimpleNamespace(**{k: _convert(k, p, namespace[k]) for k, p in spec.items()})


def describe(notebook: str) -> list[tuple[str, str, str]]:
    """(name, kind, help) for the 'rerun it' page."""
    return [(k, p.kind, p.help) for k, p in SPECS[notebook].items()]
