"""The dataset's schema, read from data/datapackage.json: the descriptor is its only statement.

Vocabularies, metric units and country groups are all taken from the descriptor, never repeated in code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tariffbook.paths import note_read

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Schema:
    descriptor: dict

    def resource(self, name: str) -> dict:
        for res in self.descriptor["resources"]:
            if res["name"] == name:
                return res
        raise KeyError(name)

    def fields(self, name: str) -> list[dict]:
        return self.resource(name)["schema"]["fields"]

    def field(self, resource: str, name: str) -> dict:
        return next(f for f in self.fields(resource) if f["name"] == name)

    def enum(self, resource: str, name: str) -> list[str]:
        return list(self.field(resource, name).get("constraints", {}).get("enum", []))

    @property
    def metrics(self) -> dict[str, dict]:
        """metric name -> {"units": [...], "description": str}."""
        return self.resource("figures")["tariffbook:metrics"]

    @property
    def country_groups(self) -> dict[str, str]:
        return self.descriptor["tariffbook:country_groups"]

    def path(self, resource: str) -> str:
        return self.resource(resource)["path"]


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> Schema:
    return Schema(json.loads(Path(path).read_text(encoding="utf-8")))


def load_schema(folder: Path) -> Schema:
    path = note_read(Path(folder) / DESCRIPTOR)
    return _read(str(path), path.stat().st_mtime)
