"""The build's settings: every `TARIFFBOOK_*` environment variable is read (and set) here, and nowhere else.

The environment is how `make`, the book's executor and the tests reach the code that runs inside a kernel
(papermill, nbclient, myst-nb): a kernel inherits its parent's environment and nothing else. So each variable
has one name below, one reader and, where the build sets it for its kernels, one setter.

- TARIFFBOOK_DATA (a user, the tests): use this copy of the dataset instead of <repo>/data.
- TARIFFBOOK_AS_OF (`AS_OF=... make book`): build the book as it stood on that day.
- TARIFFBOOK_CHARTS (the Makefile, the executor): `book`, charts call the vegaEmbed the site serves; `inline`
  (the default), the first chart of a session carries the Vega bundle itself, so it draws offline anywhere.
- TARIFFBOOK_EXPORTS (`make book`): `1`, each chart writes its CSV, PNG and SVG and the caption under it.
- TARIFFBOOK_EXPORTS_DEFER (the executor): `1`, kernels leave the PNG and SVG to the executor's workers.
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
import os
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
"""The settings that change what a notebook outputs: the executor runs a page again when one of them changes."""


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
    value = os.environ.get(AS_OF, "").strip()
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
    value = os.environ.get(COUNTRIES, "")
    codes = {c.strip().upper() for c in value.split(",") if c.strip()}
    return codes or None


def charts_inline() -> bool:
    """Whether a chart must carry the Vega bundle itself (outside the book: Jupyter, a papermill run)."""
    return os.environ.get(CHARTS, "inline") == "inline"


def use_book_charts() -> None:
    """Make this process and the kernels it starts draw charts with the vegaEmbed the site serves."""
    os.environ[CHARTS] = "book"


def exports_enabled() -> bool:
    """Whether charts write their files and caption (the book build), or are bare (a notebook run)."""
    return os.environ.get(EXPORTS) == "1"


def exports_deferred() -> bool:
    """Whether a kernel leaves the PNG and SVG renderings to the executor's workers."""
    return os.environ.get(EXPORTS_DEFER) == "1"


def defer_exports() -> None:
    """Make the kernels this process starts leave the PNG and SVG renderings to it."""
    os.environ[EXPORTS_DEFER] = "1"


def vouched_fingerprint() -> str | None:
    """The fingerprint of the dataset the executor has validated, if it vouched for one."""
    return os.environ.get(VALIDATED) or None


def vouch_for(fingerprint: str) -> None:
    """Tell the kernels this process starts that the dataset with this fingerprint is valid."""
    os.environ[VALIDATED] = fingerprint


def output_settings() -> dict[str, str]:
    """The current value of each setting that changes notebook outputs (unset = empty)."""
    return {name: os.environ.get(name, "") for name in OUTPUT_SETTINGS}
