"""Load the three tables as typed DataFrames, validated first.

Loading refuses invalid data (DataValidationError lists every problem), so a notebook can never draw a chart
from a row that breaks the schema. Validation runs once per dataset state: the result is cached on the files'
modification times, and skipped in a process whose environment vouches for this exact content
(VALIDATED_ENV, set by the book's executor after it has validated once, so thirty kernels do not repeat it).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tariffbook.paths import data_dir, note_read
from tariffbook.schema import DESCRIPTOR, load_schema
from tariffbook.validate import RESOURCES, Problem, validate

SHOWN = 25
EARLIEST_AS_OF = pd.Timestamp("2025-07-07")
VALIDATED_ENV = "TARIFFBOOK_VALIDATED"


class DataValidationError(ValueError):
    """The dataset breaks its schema or a domain rule; .problems holds every Problem."""

    def __init__(self, folder: Path, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:SHOWN]]
        more = f"\n... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset at {folder}:\n" + "\n".join(lines) + more)


def _state(folder: Path) -> tuple:
    files = [folder / DESCRIPTOR] + sorted(folder.glob("*.csv"))
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


def fingerprint(folder) -> str:
    """sha256 over the descriptor and every CSV in the folder: the dataset's content, not its mtimes."""
    folder = data_dir(folder)
    digest = hashlib.sha256()
    for f in [folder / DESCRIPTOR] + sorted(folder.glob("*.csv")):
        if f.exists():
            digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _checked(folder: str, state: tuple) -> None:
    vouched = os.environ.get(VALIDATED_ENV)
    if vouched and vouched == fingerprint(folder):
        return
    problems = validate(folder)
    if problems:
        raise DataValidationError(Path(folder), problems)


def _load(name: str, folder) -> pd.DataFrame:
    folder = data_dir(folder)
    _checked(str(folder), _state(folder))
    schema = load_schema(folder)
    df = pd.read_csv(note_read(folder / schema.path(name)), dtype=str, keep_default_na=False, encoding="utf-8")
    for f in schema.fields(name):
        col, kind = f["name"], f["type"]
        enum = f.get("constraints", {}).get("enum")
        if kind == "date":
            df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
        elif kind == "boolean":
            df[col] = df[col].map({"true": True, "false": False}).astype(bool)
        elif kind == "number":
            df[col] = pd.to_numeric(df[col]).astype(float)
        elif enum:
            df[col] = pd.Categorical(df[col].replace("", None), categories=enum)
    return df


def as_of() -> pd.Timestamp | None:
    """The date the whole book is built 'as of' (TARIFFBOOK_AS_OF, set by `AS_OF=... make book`), or None."""
    value = os.environ.get("TARIFFBOOK_AS_OF", "").strip()
    if not value:
        return None
    try:
        day = pd.Timestamp(dt.date.fromisoformat(value))
    except ValueError:
        raise ValueError(f"TARIFFBOOK_AS_OF must be a date YYYY-MM-DD, got {value!r}") from None
    if day < EARLIEST_AS_OF:
        # the timeline page describes the July letters; a book from before them is not written yet
        raise ValueError(f"TARIFFBOOK_AS_OF must be on or after {EARLIEST_AS_OF:%Y-%m-%d} (the July letters), got {value!r}")
    return day


def _known_events(df: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    return df[df["announced_on"] <= day].reset_index(drop=True)


def _known_figures(df: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Figures announced by `day`; statistics without an announcement date count from the start of their
    period (or their effective date)."""
    start = pd.to_datetime(df["period"].str[:10], format="mixed", errors="coerce")  # '2024' -> 1 Jan 2024
    undated = df["announced_on"].isna()
    known = (df["announced_on"] <= day) | (undated & df["effective_on"].notna() & (df["effective_on"] <= day)) \
        | (undated & df["effective_on"].isna() & (start <= day))
    return df[known].reset_index(drop=True)


def load_sources(folder=None) -> pd.DataFrame:
    """sources.csv: one row per cited source (in an 'as of' book, those cited by what was known then)."""
    df = _load("sources", folder)
    day = as_of()
    if day is not None:
        cited = set(load_events(folder)["source_id"]) | set(load_figures(folder)["source_id"])
        df = df[df["source_id"].isin(cited)].reset_index(drop=True)
    return df


def load_events(folder=None) -> pd.DataFrame:
    """events.csv: dated events; announced_on/effective_on as datetimes, vocabularies as categoricals."""
    df = _load("events", folder)
    day = as_of()
    return df if day is None else _known_events(df, day)


def load_figures(folder=None) -> pd.DataFrame:
    """figures.csv: figures with value as float in its own unit (see tariffbook.units to convert)."""
    df = _load("figures", folder)
    day = as_of()
    return df if day is None else _known_figures(df, day)


__all__ = ["DataValidationError", "as_of", "load_sources", "load_events", "load_figures", "RESOURCES"]
