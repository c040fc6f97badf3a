"""The dataset's schema, read from data/datapackage.json: the descriptor is its only statement.

Vocabularies, metric units and country group codes are all taken from the descriptor, never repeated in code.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tariffbook.data.paths import note_read

DESCRIPTOR = "datapackage.json"
"""The descriptor's file name, in every dataset folder."""

TABLES = ("sources", "events", "figures")
"""The descriptor's resources, sources first (events and figures cite them)."""

HORIZON = "tariffbook:horizon"
"""The descriptor's key for the day through which the record was checked (YYYY-MM-DD)."""


@dataclass(frozen=True)
class Schema:
    """The parsed descriptor, with the look-ups the package needs."""

    descriptor: dict

    def resource(self, name: str) -> dict:
        """The resource (table) called `name`; KeyError if there is none."""
        for res in self.descriptor["resources"]:
            if res["name"] == name:
                return res
        raise KeyError(name)

    def fields(self, name: str) -> list[dict]:
        """The field descriptors of a table, in column order."""
        return self.resource(name)["schema"]["fields"]

    def field(self, resource: str, name: str) -> dict:
        """One field descriptor."""
        return next(f for f in self.fields(resource) if f["name"] == name)

    def enum(self, resource: str, name: str) -> list[str]:
        """The allowed values of a field, or [] if it is not an enumeration."""
        return list(self.field(resource, name).get("constraints", {}).get("enum", []))

    @property
    def metrics(self) -> dict[str, dict]:
        """Metric name -> {"units": [...], "description": str}."""
        return self.resource("figures")["tariffbook:metrics"]

    @property
    def country_groups(self) -> dict[str, str]:
        """Group code -> what the group is (ALL, EU, LETTER14, ...)."""
        return self.descriptor["tariffbook:country_groups"]

    @property
    def horizon(self) -> dt.date | None:
        """The day through which the record was checked (`tariffbook:horizon`), or None if the descriptor has none."""
        value = self.descriptor.get(HORIZON)
        try:
            return dt.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None  # the validator reports it

    def path(self, resource: str) -> str:
        """The table's file name, relative to the dataset folder."""
        return self.resource(resource)["path"]


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> Schema:
    return Schema(json.loads(Path(path).read_text(encoding="utf-8")))


def load_schema(folder: Path) -> Schema:
    """The schema of the dataset in `folder`, re-read when the descriptor changes."""
    path = note_read(Path(folder) / DESCRIPTOR)
    return _read(str(path), path.stat().st_mtime)
