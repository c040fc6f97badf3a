"""Notebook parameters, checked: papermill only warns on unknown names and never checks types.

Each notebook declares its parameters in a `parameters` cell and then calls check(), which fails with a
message naming the parameter and what is allowed: NameError for an unknown name, TypeError for a wrong type,
ValueError for a bad value (a date outside the record, a country the book does not cover).

In a kernel (papermill, Jupyter), a failed check prints its one-line message on the kernel's own stderr, which
papermill's terminal shows before its own traceback, and switches IPython to `%xmode Minimal`, so the cell's
error is that one line too. TARIFFBOOK_DEBUG=1 (tariffbook.settings.debug) keeps the full traceback.

check() is also where a kernel reads the book's context (tariffbook.settings.BookContext: the book's day, how charts
are drawn, whether they are exported), once: from the environment, or as the book's executor handed it to the
kernel (tariffbook.notebook.kernel). It enables the chart renderer in that mode (tariffbook.charts.render.enable),
and the parameters it returns carry it: `P.day`, the day the book shows (AS_OF, else the record's horizon), and
`P.mode`, the charts mode.

To add a notebook: give it a `parameters` cell (each parameter with a comment papermill shows as its help),
add its entry to SPECS, and call `P = params.check("<name>", globals(), _before)` after the parameters cell.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pandas as pd

from tariffbook import settings
from tariffbook.data.countries import is_iso3, resolve_country
from tariffbook.data.load import horizon, load_events
from tariffbook.domain import NOT_A_PARTNER
from tariffbook.notebook import kernel


@dataclass(frozen=True)
class Param:
    """One notebook parameter: its kind, its help, and the values it may take.

    Attributes:
        kind: 'str', 'int', 'float', 'float_or_none', 'date', 'country', 'countries' or 'names' (a list of
            words, lower-cased).
        help: what it does, for the 'Rerun it' page.
        low: the smallest value allowed, if any.
        high: the largest value allowed, if any.
        check: a further check, called with (name, converted value, the book's day); returns the value or raises.
    """

    kind: str
    help: str
    low: float | None = None
    high: float | None = None
    check: Callable[[str, Any, pd.Timestamp], Any] | None = field(default=None, compare=False)


LATEST = "latest"
"""The value of a date parameter that means the day the book shows (AS_OF when the book is built as of a day, else
the record's horizon)."""


def _date(name: str, v: Any) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if not isinstance(v, str):
        raise TypeError(f"Parameter {name!r} must be a date string YYYY-MM-DD, got {v!r} ({type(v).__name__})")
    try:
        return dt.date.fromisoformat(v.strip()).isoformat()
    except ValueError:
        raise ValueError(f"Parameter {name!r} must be a date YYYY-MM-DD, got {v!r}") from None


PARTNER_HELP = "a trading partner of the United States: an ISO 3166-1 alpha-3 code or an English name (e.g. JPN, KOR)"
"""What a country parameter takes, for the messages."""


def _country(name: str, v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"Parameter {name!r} must be a country code or name (str), got {v!r} ({type(v).__name__})")
    try:
        code = resolve_country(v)
    except ValueError as exc:
        raise ValueError(f"Parameter {name!r}: {exc}") from None
    if code in NOT_A_PARTNER:
        raise ValueError(f"Parameter {name!r}: {code} is refused: {NOT_A_PARTNER[code]}; give {PARTNER_HELP}")
    if not is_iso3(code):
        raise ValueError(f"Parameter {name!r}: {code} is a group of countries; give {PARTNER_HELP}")
    return code


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


def _names(name: str, v: Any) -> list[str]:
    items = v.split(",") if isinstance(v, str) else v
    if not isinstance(items, (list, tuple)) or not items or not all(isinstance(i, str) for i in items):
        raise TypeError(f"Parameter {name!r} must be a list of names or a comma-separated string, got {v!r}")
    return [i.strip().lower() for i in items if i.strip()]


CONVERTERS: dict[str, Callable[[str, Any], Any]] = {
    "str": _string,
    "int": lambda name, v: _number(name, v, "int"),
    "float": lambda name, v: _number(name, v, "float"),
    "float_or_none": lambda name, v: None if v is None else _number(name, v, "float"),
    "date": _date,
    "country": _country,
    "countries": _countries,
    "names": _names,
}
"""Param kind -> the function that checks and converts a value of that kind."""


def _convert(name: str, spec: Param, v: Any, day: pd.Timestamp) -> Any:
    if spec.kind == "date" and v == LATEST:
        v = day
    out = CONVERTERS[spec.kind](name, v)
    too_low = out is not None and spec.low is not None and out < spec.low
    too_high = out is not None and spec.high is not None and out > spec.high
    if too_low or too_high:
        raise ValueError(f"Parameter {name!r} must be between {spec.low} and {spec.high}, got {out!r}")
    if spec.check is not None:
        out = spec.check(name, out, day)
    return out


def record_dates(day: pd.Timestamp) -> tuple[str, str]:
    """The first and last dates a date parameter may take.

    From the record's first event to `day`, the day the book shows: the horizon, or AS_OF in a book built as of a
    day.
    """
    return load_events()["announced_on"].min().strftime("%Y-%m-%d"), day.strftime("%Y-%m-%d")


def _known_dates(name: str, v: str, day: pd.Timestamp) -> str:
    first, last = record_dates(day)
    if not first <= v <= last:
        end = (
            f"the record is checked through {last}"
            if last == horizon().strftime("%Y-%m-%d")
            else "the day this book is built as of (AS_OF)"
        )
        raise ValueError(
            f"Parameter {name!r} must be a date from {first} (the record's first event) to {last} ({end}), got {v!r}"
        )
    return v


def _series_dates(name: str, v: str, day: pd.Timestamp) -> str:
    from tariffbook.analysis.cost import coverage

    first, last = coverage()
    if not first <= v:
        raise ValueError(f"Parameter {name!r} must be a date from {first} (the series' first day), got {v!r}")
    if v > day.strftime("%Y-%m-%d"):
        raise ValueError(f"Parameter {name!r} must be a date up to {day:%Y-%m-%d} (the book's day), got {v!r}")
    return v


def _partner_groups(name: str, v: list[str], day: pd.Timestamp) -> list[str]:
    from tariffbook.analysis.cost import PARTNER_GROUPS

    unknown = [g for g in v if g not in PARTNER_GROUPS]
    if unknown:
        raise ValueError(
            f"Parameter {name!r}: {', '.join(unknown)} is not a partner group the Budget Lab publishes and the "
            f"book compares; allowed: {', '.join(PARTNER_GROUPS)}"
        )
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
        "floor": Param(
            "float_or_none", "minimum rate in percent; None = the record's floor of 2 April", low=0, high=100
        ),
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
    "after_the_ruling": {
        "countries": Param("countries", "ISO3 codes or names, list or comma-separated"),
        "as_of": Param("date", "the record as it stood on this date (YYYY-MM-DD, or latest)", check=_known_dates),
    },
    "what_it_cost": {
        "start": Param("date", "the first day the chart of the average rate shows (YYYY-MM-DD)", check=_series_dates),
        "end": Param("date", "its last day (YYYY-MM-DD, or latest: the series' last day)", check=_series_dates),
        "partners": Param("names", "the partner groups compared, e.g. japan, china, eu", check=_partner_groups),
    },
}


def check(notebook: str, namespace: dict, before: set[str]) -> SimpleNamespace:
    """Check the parameters a notebook defined; return them, converted.

    Args:
        notebook: the notebook's name (a key of SPECS).
        namespace: the notebook's globals() after its parameters cell (and papermill's injected cell).
        before: the names defined before the parameters cell, which are not parameters.

    Returns:
        The parameters as attributes, converted (country names to ISO3 codes, 'latest' to a date, ...), and the
        book's context they were read in: `day`, the day the book shows (a Timestamp), and `mode`, how charts are
        drawn ('book' or 'inline'). The chart renderer is enabled in that mode.

    Raises:
        NameError: an unknown parameter, or one missing from the parameters cell.
        TypeError: a value of the wrong type.
        ValueError: a value out of range or unknown: a country (or the United States, or a group), a date outside
            the record (from its first event to its horizon).
    """
    try:
        return _check(notebook, namespace, before)
    except (NameError, TypeError, ValueError) as exc:
        _one_line(exc)
        raise


def _check(notebook: str, namespace: dict, before: set[str]) -> SimpleNamespace:
    spec = SPECS[notebook]
    unknown = sorted(k for k in set(namespace) - before - set(spec) if not k.startswith("_"))
    if unknown:
        raise NameError(f"Unknown notebook parameter(s) {unknown} for {notebook}; allowed: {sorted(spec)}")
    missing = [k for k in spec if k not in namespace]
    if missing:
        raise NameError(f"Parameter(s) {missing} not defined in the parameters cell of {notebook}")
    run = namespace.get(kernel.RUN)  # the book's executor ran this kernel, and handed it the context
    latest = horizon()
    context = run.context if run is not None else settings.from_environment(latest=latest)
    day = context.book_day(latest)
    values = {k: _convert(k, p, namespace[k], day) for k, p in spec.items()}
    from tariffbook.charts import render

    render.enable(context, run.chart_files() if run is not None else None)
    return SimpleNamespace(**values, day=day, mode=context.charts_mode)


def _one_line(exc: Exception) -> None:
    """In a kernel, say the error in one line, first, as a command-line user expects (not with TARIFFBOOK_DEBUG).

    papermill shows the kernel's own stderr in the terminal before its own traceback; `%xmode Minimal` makes the
    cell's error, which papermill repeats last, that same line.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed with the book
        return
    shell = get_ipython()
    if shell is None or type(shell).__name__ != "ZMQInteractiveShell" or settings.debug():
        return
    shell.run_line_magic("xmode", "Minimal")
    print(f"{type(exc).__name__}: {exc}", file=sys.__stderr__, flush=True)


def describe(notebook: str) -> list[tuple[str, str, str]]:
    """(name, kind, help) of each parameter of a notebook, for the 'Rerun it' page."""
    return [(k, p.kind, p.help) for k, p in SPECS[notebook].items()]
