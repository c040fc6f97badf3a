"""Load the three tables as typed DataFrames, validated first.

Loading refuses invalid data (DataValidationError lists every problem), so a notebook can never draw a chart
from a row that breaks the schema. Validation runs once per dataset state: the result is cached on the files'
modification times.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from tariffbook.paths import data_dir
from tariffbook.schema import DESCRIPTOR, load_schema
from tariffbook.validate import RESOURCES, Problem, validate

SHOWN = 25


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


@lru_cache(maxsize=8)
def _checked(folder: str, state: tuple) -> None:
    problems = validate(folder)
    if problems:
        raise DataValidationError(Path(folder), problems)


def _load(name: str, folder) -> pd.DataFrame:
    folder = data_dir(folder)
    _checked(str(folder), _state(folder))
    schema = load_schema(folder)
    df = pd.read_csv(folder / schema.path(name), dtype=str, keep_default_na=False, encoding="utf-8")
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


def load_sources(folder=None) -> pd.DataFrame:
    """sources.csv: one row per cited source."""
    return _load("sources", folder)


def load_events(folder=None) -> pd.DataFrame:
    """events.csv: dated events; announced_on/effective_on as datetimes, vocabularies as categoricals."""
    return _load("events", folder)


def load_figures(folder=None) -> pd.DataFrame:
    """figures.csv: figures with value as float in its own unit (see tariffbook.units to convert)."""
    return _load("figures", folder)


__all__ = ["DataValidationError", "load_sources", "load_events", "load_figures", "RESOURCES"]
