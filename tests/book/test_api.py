"""The JSON API and the stable addresses in the built site agree with the record (issue 22, item 3).

Every partner's file says what rate_in_force says, on every day its duty changes (each span's first and last
day), and data/latest/ holds the files of the data package as they are."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import tariffbook as tb
from tariffbook.analysis.spans import FIRST_DAY
from tariffbook.data.paths import data_dir
from tariffbook.publish.api import package_files
from tests.helpers import SITE

API = SITE / "api" / "v1"


def partners() -> list[dict]:
    return json.loads((API / "partners.json").read_text(encoding="utf-8"))["partners"]


def test_every_partner_page_has_a_file_and_every_file_a_page():
    listed = {p["country"] for p in partners()}
    pages = {p.stem for p in (SITE / "book" / "countries").glob("[A-Z][A-Z][A-Z].html")}
    assert listed == pages and len(listed) > 20
    assert {p.stem for p in (API / "partners").glob("*.json")} == listed


@pytest.mark.parametrize("code", [p["country"] for p in partners()] if (API / "partners.json").exists() else [])
def test_a_partners_spans_agree_with_rate_in_force(code):
    doc = json.loads((API / "partners" / f"{code}.json").read_text(encoding="utf-8"))
    if not doc["followed"]:
        assert doc["duty_spans"] == [] and doc["not_followed"]
        return
    spans = doc["duty_spans"]
    assert spans[0]["start"] == FIRST_DAY.strftime("%Y-%m-%d") and spans[-1]["end"] == doc["horizon"]
    for before, after in zip(spans, spans[1:], strict=False):  # no gap, no overlap
        assert pd.Timestamp(after["start"]) - pd.Timestamp(before["end"]) == pd.Timedelta(days=1)
    for span in spans:
        for day in (span["start"], span["end"]):
            r = tb.rate_in_force(code, day)
            if r is None:
                assert span["status"] == "no_tariff" and span["rate"] is None, (code, day)
                continue
            assert span["status"] == str(r.status), (code, day)
            assert span["rate"] == r.rate, (code, day)
            assert span["figure_ids"] == list(r.figure_ids), (code, day)


def test_latest_data_is_the_package_as_it_is():
    latest = SITE / "data" / "latest"
    for name in package_files():
        assert (latest / name).read_bytes() == (data_dir() / name).read_bytes(), name
    version = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert (SITE / "data" / version / "figures.csv").read_bytes() == (latest / "figures.csv").read_bytes()


def test_every_api_file_is_strict_json():
    """NaN and Infinity are not JSON: a re-user's parser (JavaScript's JSON.parse) refuses them."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    for path in (SITE / "api" / "v1").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
