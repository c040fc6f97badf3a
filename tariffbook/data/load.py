"""Load the three tables as typed DataFrames, validated first; the record's horizon; the record as known on a day.

Loading refuses invalid data (DataValidationError lists every problem), so a notebook can never draw a chart
from a row that breaks the schema. Validation runs once per dataset state: the result is cached on the files'
modification times, and skipped in a process whose environment vouches for this exact content
(tariffbook.settings.VALIDATED, set by the book's executor after it has validated once, so thirty kernels do
not repeat it).

The loaders return the whole record; a caller that wants it as it stood on a day says so: as_known_on() gives the
figures as they stood then (each quantity represented by the best row known then), known_events() the events,
cited_sources() the sources they cite. The record is checked through its horizon (datapackage.json
`tariffbook:horizon`): horizon() returns it and within_record() refuses a later day. book_day() reads the day a
book build shows (AS_OF, else the horizon) from the environment: only the edges call it (the command line, a
notebook's first cell), and pass the day on.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from tariffbook import settings, words
from tariffbook.data.paths import data_dir, files_sha256, note_read
from tariffbook.data.schema import DESCRIPTOR, load_schema
from tariffbook.data.validate import Problem, validate
from tariffbook.domain import PRIMARY_KINDS

__all__ = [
    "DataValidationError",
    "as_known_on",
    "as_of",
    "book_day",
    "cited_sources",
    "fingerprint",
    "horizon",
    "known_events",
    "known_figures",
    "load_events",
    "load_figures",
    "load_sources",
    "record_checked",
    "within_record",
]

QUANTITY = ["metric", "country", "sector", "period"]
"""The columns that identify one quantity: rows that agree on them report the same thing (one is preferred)."""

SHOWN = 25
"""How many problems a DataValidationError's message lists (all are in .problems)."""


class DataValidationError(ValueError):
    """The dataset breaks its schema or a domain rule; .problems holds every Problem."""

    def __init__(self, folder: Path, problems: list[Problem]):
        """Say how many problems there are and list the first SHOWN of them."""
        self.problems = problems
        lines = [str(p) for p in problems[:SHOWN]]
        more = f"\n... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset at {folder}:\n" + "\n".join(lines) + more)


def _files(folder: Path) -> list[Path]:
    """Every file of the dataset: the descriptor, the tables, the published series and the archived texts."""
    extra = [p for sub in ("series", "documents") for p in sorted((folder / sub).glob("*")) if p.is_file()]
    return [folder / DESCRIPTOR, *sorted(folder.glob("*.csv")), *extra]


def _state(folder: Path) -> tuple:
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in _files(folder) if f.exists())


def fingerprint(folder) -> str:
    """sha256 over the descriptor and every CSV in the folder: the dataset's content, not its mtimes."""
    return files_sha256(_files(data_dir(folder)), label=lambda p: p.name)


@lru_cache(maxsize=8)
def _checked(folder: str, state: tuple) -> None:
    vouched = settings.vouched_fingerprint()
    if vouched and vouched == fingerprint(folder):
        return
    problems = validate(folder)
    if problems:
        raise DataValidationError(Path(folder), problems)


def _typed(column: pd.Series, field: dict) -> pd.Series:
    """A column of strings as the schema types it: dates, booleans, floats, or categoricals for enumerations."""
    kind, enum = field["type"], field.get("constraints", {}).get("enum")
    if kind == "date":
        return pd.to_datetime(column.replace("", None), format="%Y-%m-%d")
    if kind == "boolean":
        return column.map({"true": True, "false": False}).astype(bool)
    if kind == "number":
        return pd.to_numeric(column).astype(float)
    if enum:
        return pd.Categorical(column.replace("", None), categories=enum)
    return column


def _load(name: str, folder) -> pd.DataFrame:
    folder = data_dir(folder)
    _checked(str(folder), _state(folder))
    schema = load_schema(folder)
    df = pd.read_csv(note_read(folder / schema.path(name)), dtype=str, keep_default_na=False, encoding="utf-8")
    for field in schema.fields(name):
        df[field["name"]] = _typed(df[field["name"]], field)
    return df


def horizon(folder=None) -> pd.Timestamp:
    """The day through which the record was checked: `tariffbook:horizon` in datapackage.json.

    Args:
        folder: the dataset folder (default: TARIFFBOOK_DATA, else the repo's data/).

    Raises:
        ValueError: the descriptor states no horizon (the validator reports it too).
    """
    folder = data_dir(folder)
    day = load_schema(folder).horizon
    if day is None:
        raise ValueError(f"{folder / DESCRIPTOR} states no 'tariffbook:horizon' (YYYY-MM-DD)")
    return pd.Timestamp(day)


def within_record(day: pd.Timestamp, name: str, folder=None) -> pd.Timestamp:
    """`day`, or a ValueError naming the horizon when it is later: the record says nothing about later days.

    Args:
        day: the day asked about.
        name: what the day is (an argument's name), for the message.
        folder: the dataset folder.
    """
    last = horizon(folder)
    if day > last:
        raise ValueError(
            f"{name} {day:%Y-%m-%d} is after the record's horizon: the record is checked through {last:%Y-%m-%d}"
        )
    return day


def record_checked(folder=None) -> str:
    """'Record checked through 23 November 2026': the line every page of the book carries."""
    return f"Record checked through {words.day(horizon(folder))}"


def as_of(folder=None) -> pd.Timestamp | None:
    """The day the book is built 'as of' (TARIFFBOOK_AS_OF), checked against the record: None when unset.

    Raises:
        ValueError: not a date, or outside 2 April 2025 to the horizon (one line naming the range).
    """
    return settings.as_of(latest=horizon(folder))


def book_day(folder=None) -> pd.Timestamp:
    """The day the book shows: AS_OF when set, else the horizon (the default of every 'latest' parameter)."""
    day = as_of(folder)
    return horizon(folder) if day is None else day


def _known_events(df: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    return df[df["announced_on"] <= day].reset_index(drop=True)


def period_end(period: str) -> pd.Timestamp | pd.NaT:
    """The last day of a period: '2024' -> 31 Dec 2024, '2025-07' -> 31 Jul 2025, '2026-02-24/2026-07-23' -> 23 Jul."""
    last = period.split("/")[-1]
    try:
        start = pd.Timestamp(last)
    except ValueError:
        return pd.NaT
    if len(last) == 4:
        return start + pd.offsets.YearEnd(0)
    if len(last) == 7:
        return start + pd.offsets.MonthEnd(0)
    return start


def _source_dates(folder) -> pd.Series:
    """source_id -> the day a source is known from: its publication date, else its latest dated event."""
    src = _load("sources", folder).set_index("source_id")["published"]
    ev = _load("events", folder).groupby("source_id")["announced_on"].max()
    return src.fillna(ev.reindex(src.index))


def _known_figures(df: pd.DataFrame, day: pd.Timestamp, folder=None) -> pd.DataFrame:
    """Figures announced by `day`.

    A row without an announcement date counts from its effective date; a statistic without either counts from
    the end of its period (a 2025 trade total is not known in 2025), from its source's date if later (the 2024
    surpluses the July 2025 reporting gave are known from that reporting), and never before the first release of
    the same statistic that the record dates (a revision of the 2025 trade figures is not known before their first
    release of 19 February 2026).
    """
    end = df["period"].map(period_end)
    reported = df["source_id"].map(_source_dates(folder))
    end = end.where(reported.isna() | (reported <= end), reported)
    stat = df["metric"].astype(str) + "|" + df["period"].astype(str)
    first = df["announced_on"].groupby(stat).transform("min")
    end = end.where(first.isna() | (first <= end), first)
    undated = df["announced_on"].isna()
    known = (
        (df["announced_on"] <= day)
        | (undated & df["effective_on"].notna() & (df["effective_on"] <= day))
        | (undated & df["effective_on"].isna() & (end <= day))
    )
    return df[known].reset_index(drop=True)


def quantity_key(figures: pd.DataFrame) -> pd.Series:
    """'metric|country|sector|period' for each row: rows with the same key report the same quantity."""
    cols = [figures[c].astype(object).where(figures[c].notna(), "").astype(str) for c in QUANTITY]
    return cols[0].str.cat(cols[1:], sep="|")


def best_rows(rows: pd.DataFrame, groups: pd.Series, folder=None) -> pd.Index:
    """The index of the best row of each group (the order as_known_on uses).

    Best: a government or court source first, then an original before a copy, then the latest announced, then
    the row id.

    Args:
        rows: figure rows (with source_id, announced_on, figure_id).
        groups: the group of each row, aligned with `rows`.
        folder: the dataset folder whose sources rank the rows.
    """
    src = _load("sources", folder).set_index("source_id")
    rank = pd.DataFrame(
        {
            "group": groups,
            "primary": ~rows["source_id"].map(src["kind"]).isin(PRIMARY_KINDS),
            "copy": rows["source_id"].map(src["is_copy"]).fillna(True).astype(bool),
            "announced": -rows["announced_on"].map(lambda d: d.value if pd.notna(d) else 0),
            "figure_id": rows["figure_id"],
        },
        index=rows.index,
    )
    return rank.sort_values(["group", "primary", "copy", "announced", "figure_id"]).groupby("group").head(1).index


def as_known_on(figures: pd.DataFrame, day, folder=None) -> pd.DataFrame:
    """The figures as they stood on `day`: the rows known by then, with `preferred` chosen among them.

    A quantity whose preferred row was announced later (Japan's 15% from 7 August 2025 as a minimum total,
    set by EO 14345 on 4 September) is represented by the best row known on the day: a government or court
    source first, then an original before a copy, then the latest announced, then the row id (EO 14326's
    additional 15%, HTS 9903.02.30, on 10 August 2025). A preferred row known by then stays preferred.

    Args:
        figures: the figures (typed, as load_figures returns them).
        day: the day.
        folder: the dataset folder whose sources rank the rows.
    """
    day = pd.Timestamp(day)
    known = _known_figures(figures, day, folder).copy()
    key = quantity_key(known)
    settled = set(key[known["preferred"]])
    open_ = ~key.isin(settled)
    if not open_.any():
        return known
    best = best_rows(known[open_], key[open_], folder)
    known.loc[best, "preferred"] = True
    return known


def load_sources(folder=None) -> pd.DataFrame:
    """sources.csv: one row per cited source.

    Args:
        folder: the dataset folder (default: TARIFFBOOK_DATA, else the repo's data/).

    Raises:
        DataValidationError: the dataset is not valid.
    """
    return _load("sources", folder)


def load_events(folder=None) -> pd.DataFrame:
    """events.csv: dated events; announced_on/effective_on as datetimes, vocabularies as categoricals."""
    return _load("events", folder)


def load_figures(folder=None) -> pd.DataFrame:
    """figures.csv: figures with value as float in its own unit (see tariffbook.data.units to convert)."""
    return _load("figures", folder)


def known_events(day=None, folder=None) -> pd.DataFrame:
    """The events announced by `day` (all of them for None)."""
    df = load_events(folder)
    return df if day is None else _known_events(df, pd.Timestamp(day))


def known_figures(day=None, folder=None) -> pd.DataFrame:
    """The figures as the record stood on `day` (as_known_on; all of them for None)."""
    df = load_figures(folder)
    return df if day is None else as_known_on(df, day, folder)


def cited_sources(day=None, folder=None) -> pd.DataFrame:
    """The sources cited by the events and figures known on `day` (all sources for None)."""
    df = load_sources(folder)
    if day is None:
        return df
    cited = set(known_events(day, folder)["source_id"]) | set(known_figures(day, folder)["source_id"])
    return df[df["source_id"].isin(cited)].reset_index(drop=True)
