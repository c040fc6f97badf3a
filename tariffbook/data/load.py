"""Load the three tables as typed DataFrames, validated first.

Loading refuses invalid data (DataValidationError lists every problem), so a notebook can never draw a chart
from a row that breaks the schema. Validation runs once per dataset state: the result is cached on the files'
modification times, and skipped in a process whose environment vouches for this exact content
(tariffbook.settings.VALIDATED, set by the book's executor after it has validated once, so thirty kernels do
not repeat it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from tariffbook import settings
from tariffbook.data.paths import data_dir, files_sha256, note_read
from tariffbook.data.schema import DESCRIPTOR, load_schema
from tariffbook.data.validate import Problem, validate
from tariffbook.settings import as_of

__all__ = ["DataValidationError", "as_of", "fingerprint", "load_events", "load_figures", "load_sources"]

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
    return [folder / DESCRIPTOR, *sorted(folder.glob("*.csv"))]


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


def _known_events(df: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    return df[df["announced_on"] <= day].reset_index(drop=True)


def _known_figures(df: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Figures announced by `day`.

    Statistics without an announcement date count from the start of their period (or their effective date).
    """
    start = pd.to_datetime(df["period"].str[:10], format="mixed", errors="coerce")  # '2024' -> 1 Jan 2024
    undated = df["announced_on"].isna()
    known = (
        (df["announced_on"] <= day)
        | (undated & df["effective_on"].notna() & (df["effective_on"] <= day))
        | (undated & df["effective_on"].isna() & (start <= day))
    )
    return df[known].reset_index(drop=True)


def load_sources(folder=None) -> pd.DataFrame:
    """sources.csv: one row per cited source (in an 'as of' book, those cited by what was known then).

    Args:
        folder: the dataset folder (default: TARIFFBOOK_DATA, else the repo's data/).

    Raises:
        DataValidationError: the dataset is not valid.
    """
    df = _load("sources", folder)
    if as_of() is not None:
        cited = set(load_events(folder)["source_id"]) | set(load_figures(folder)["source_id"])
        df = df[df["source_id"].isin(cited)].reset_index(drop=True)
    return df


def load_events(folder=None) -> pd.DataFrame:
    """events.csv: dated events; announced_on/effective_on as datetimes, vocabularies as categoricals.

    In an 'as of' book (TARIFFBOOK_AS_OF), only the events announced by that day.
    """
    df = _load("events", folder)
    day = as_of()
    return df if day is None else _known_events(df, day)


def load_figures(folder=None) -> pd.DataFrame:
    """figures.csv: figures with value as float in its own unit (see tariffbook.data.units to convert).

    In an 'as of' book (TARIFFBOOK_AS_OF), only the figures known by that day.
    """
    df = _load("figures", folder)
    day = as_of()
    return df if day is None else _known_figures(df, day)
