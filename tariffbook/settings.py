"""The build's settings: every `TARIFFBOOK_*` environment variable is read (and set) here, and nowhere else.

The environment is how `make` and the tests reach the code that runs inside a kernel (papermill, nbclient,
myst-nb): a kernel inherits its parent's environment and nothing else. So each variable has one name below and
one reader. What a build or a notebook run is asked for (the book's day, how charts are drawn, whether they are
exported) is read once, at the edge, into a frozen BookContext (from_environment: the command line and
tariffbook.notebook.params.check call it) and passed on from there as an argument: to the executor, which hands
it to its kernels, and to the chart renderer through Altair's renderer options.

- TARIFFBOOK_DATA (a user, the tests): use this copy of the dataset instead of <repo>/data.
- TARIFFBOOK_AS_OF (`AS_OF=... make book`): build the book as it stood on that day.
- TARIFFBOOK_CHARTS (the Makefile, the executor's kernels): `book`, charts call the vegaEmbed the site serves;
  `inline` (the default), the first chart of a session carries the Vega bundle itself, so it draws offline anywhere.
- TARIFFBOOK_EXPORTS (`make book`): `1`, each chart writes its CSV, PNG and SVG and the caption under it.
- TARIFFBOOK_EXPORTS_DEFER (the executor's kernels): `1`, kernels leave the PNG and SVG to the executor's workers.
- TARIFFBOOK_COUNTRIES (`COUNTRIES=JPN,KOR make book`): build only these country pages (a quick preview; the
  tests that build a copy of the book use it). Unset: every country with a tariff rate.
- TARIFFBOOK_VALIDATED (the executor): the fingerprint of a dataset already validated; kernels skip validating
  it again.
- TARIFFBOOK_DEBUG (a user): `1`, errors keep their full traceback (a bad notebook parameter, a bad AS_OF);
  unset, they are one line.
- TARIFFBOOK_FACT_SHEETS (the tests): the folder of the curators' fact sheets (public-facts.csv,
  public-facts-2026.csv and the two source articles) that the provenance tests check the data against. Unset:
  ../shared/sources next to the repository; absent, those tests are skipped and say why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tariffbook.domain import EARLIEST_AS_OF

DATA = "TARIFFBOOK_DATA"
AS_OF = "TARIFFBOOK_AS_OF"
CHARTS = "TARIFFBOOK_CHARTS"
EXPORTS = "TARIFFBOOK_EXPORTS"
EXPORTS_DEFER = "TARIFFBOOK_EXPORTS_DEFER"
VALIDATED = "TARIFFBOOK_VALIDATED"
COUNTRIES = "TARIFFBOOK_COUNTRIES"
DEBUG = "TARIFFBOOK_DEBUG"
FACT_SHEETS = "TARIFFBOOK_FACT_SHEETS"

OUTPUT_SETTINGS = (AS_OF, CHARTS, EXPORTS)
"""The settings that change what a notebook outputs (BookContext.output_settings): the executor runs a page again
when one of them changes."""


def data_folder() -> Path | None:
    """The dataset folder named by TARIFFBOOK_DATA, or None when it is unset or empty."""
    value = os.environ.get(DATA)
    return Path(value).resolve() if value else None


def as_of(latest: pd.Timestamp | None = None) -> pd.Timestamp | None:
    """The day the whole book is built 'as of' (TARIFFBOOK_AS_OF), or None for the book as it stands.

    Args:
        latest: the last day allowed: the record's horizon (tariffbook.data.load.as_of passes it; this module
            does not read the data).

    Raises:
        ValueError: the value is not a date, or is outside the days the book can show: from the 2 April 2025
            announcement (domain.EARLIEST_AS_OF) to `latest`. The message is one line naming the range.
    """
    return _day(os.environ.get(AS_OF, ""), latest)


def _day(value: str, latest: pd.Timestamp | None = None) -> pd.Timestamp | None:
    """An AS_OF value as a day (None when empty), checked against the days the book can show."""
    value = value.strip()
    if not value:
        return None
    try:
        day = pd.Timestamp(dt.date.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{AS_OF} (AS_OF) must be a date YYYY-MM-DD, got {value!r}") from None
    if day < EARLIEST_AS_OF or (latest is not None and day > latest):
        span = f"from {EARLIEST_AS_OF:%Y-%m-%d} (the 2 April 2025 announcement)"
        if latest is not None:
            span += f" to {latest:%Y-%m-%d} (the record is checked through {latest:%Y-%m-%d})"
        raise ValueError(f"{AS_OF} (AS_OF) must be a date {span}, got {value!r}")
    return day


def debug() -> bool:
    """Whether errors keep their full traceback (TARIFFBOOK_DEBUG=1) instead of one line."""
    return os.environ.get(DEBUG, "") not in ("", "0")


def fact_sheets(repo: Path) -> Path:
    """The fact-sheet folder the provenance tests read.

    TARIFFBOOK_FACT_SHEETS, else ../shared/sources next to `repo`. It may not exist: a clone of the repository
    alone does not have it.
    """
    value = os.environ.get(FACT_SHEETS)
    return Path(value).resolve() if value else repo.parent / "shared" / "sources"


def country_pages() -> set[str] | None:
    """The country pages to build (TARIFFBOOK_COUNTRIES, ISO3 codes separated by commas), or None for all."""
    return _codes(os.environ.get(COUNTRIES, ""))


def _codes(value: str) -> set[str] | None:
    codes = {c.strip().upper() for c in value.split(",") if c.strip()}
    return codes or None


def vouched_fingerprint() -> str | None:
    """The fingerprint of the dataset the executor has validated, if it vouched for one."""
    return os.environ.get(VALIDATED) or None


def vouch_for(fingerprint: str) -> None:
    """Tell the kernels this process starts that the dataset with this fingerprint is valid."""
    os.environ[VALIDATED] = fingerprint


# ---------------------------------------------------------------- the book's context, read once
CHARTS_MODES = ("inline", "book")
"""How a chart is drawn in a notebook's output: `inline` carries Vega itself (Jupyter, papermill); `book` calls the
vegaEmbed the site serves."""


@dataclass(frozen=True)
class BookContext:
    """What a build or a notebook run is asked for: read once from the environment (from_environment), then passed.

    Attributes:
        day: the day the book is built 'as of' (AS_OF), or None for the book as it stands (the record's horizon).
            Checked against the earliest day here; against the horizon by whoever reads the record (book_day).
        charts_mode: one of CHARTS_MODES.
        exports: charts write their files and the caption under them (the book build).
        deferred: a kernel leaves the charts' PNG and SVG to the executor's workers.
        countries: the country pages to build (a preview build), or None for all of them.
    """

    day: pd.Timestamp | None = None
    charts_mode: str = "inline"
    exports: bool = False
    deferred: bool = False
    countries: frozenset[str] | None = None

    def __post_init__(self) -> None:
        """Refuse a charts mode that is not one of CHARTS_MODES."""
        if self.charts_mode not in CHARTS_MODES:
            raise ValueError(f"{CHARTS} must be one of {list(CHARTS_MODES)}, got {self.charts_mode!r}")

    @property
    def charts_inline(self) -> bool:
        """Whether a chart must carry the Vega bundle itself (outside the book: Jupyter, a papermill run)."""
        return self.charts_mode == "inline"

    def book_day(self, latest: pd.Timestamp) -> pd.Timestamp:
        """The day the book shows: `day`, else `latest` (the record's horizon).

        Raises:
            ValueError: `day` is after `latest`, in the words of as_of().
        """
        if self.day is None:
            return latest
        return _day(f"{self.day:%Y-%m-%d}", latest)

    def output_settings(self) -> dict[str, str]:
        """The settings that change what a notebook outputs, as strings: the executor records them per page."""
        return {
            AS_OF: "" if self.day is None else f"{self.day:%Y-%m-%d}",
            CHARTS: self.charts_mode,
            EXPORTS: "1" if self.exports else "",
        }

    def environment(self) -> dict[str, str]:
        """This context as the environment variables a kernel reads it from (from_environment's inverse)."""
        return {
            **self.output_settings(),
            EXPORTS_DEFER: "1" if self.deferred else "",
            COUNTRIES: ",".join(sorted(self.countries or ())),
        }

    def to_json(self) -> str:
        """The context as JSON (what the executor hands a kernel); from_json reads it back."""
        return json.dumps(self.environment(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> BookContext:
        """A context from to_json's text."""
        return from_environment(json.loads(text))


def from_environment(environ: Mapping[str, str] | None = None, latest: pd.Timestamp | None = None) -> BookContext:
    """The book's context, read from the environment (AS_OF, CHARTS, EXPORTS, EXPORTS_DEFER and COUNTRIES).

    Called at the edge only: the command line (`prepare-book`, `refresh-outputs`) and params.check, in a kernel.

    Args:
        environ: the variables to read (default: os.environ).
        latest: the last day AS_OF may be: the record's horizon, when the caller has read it.

    Raises:
        ValueError: AS_OF is not a date or is outside the days the book can show (as_of()); CHARTS is not a mode.
    """
    env = os.environ if environ is None else environ
    return BookContext(
        day=_day(env.get(AS_OF, ""), latest),
        charts_mode=env.get(CHARTS) or "inline",
        exports=env.get(EXPORTS) == "1",
        deferred=env.get(EXPORTS_DEFER) == "1",
        countries=frozenset(codes) if (codes := _codes(env.get(COUNTRIES, ""))) else None,
    )
