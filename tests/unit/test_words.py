"""The one vocabulary (tariffbook.words): every code of the data package has its words, and each way of writing a
day, a span, a number or an amount is the one the pages use."""

from __future__ import annotations

import pandas as pd
import pytest

from tariffbook import words
from tariffbook.data.paths import data_dir
from tariffbook.data.schema import TABLES, load_schema

SPOKEN_AS_ID = {"metric", "unit"}
"""Fields whose codes need no entry: a metric reads as its id in words ('us goods imports'), a unit as written
('USD billion')."""


def _enums() -> list[tuple[str, str]]:
    schema = load_schema(data_dir()).descriptor
    found = set()
    for res in schema["resources"]:
        if res["name"] not in TABLES:
            continue
        for f in res["schema"]["fields"]:
            for code in (f.get("constraints") or {}).get("enum", []):
                if f["name"] not in SPOKEN_AS_ID:
                    found.add((f["name"], code))
    return sorted(found)


@pytest.mark.parametrize(("field", "code"), _enums())
def test_every_code_of_the_data_package_has_words_of_its_own(field, code):
    assert code in words.LABELS.get(field, {}), f"add {code!r} to words.LABELS[{field!r}]"


def test_days_spans_and_months():
    assert words.day("2025-04-07") == "7 April 2025" and words.day("2025-04-07", month="short") == "7 Apr 2025"
    assert words.day_span("2025-02-04", "2025-12-14") == "4 February to 14 December 2025"
    assert words.day_span("2025-04-02", "2025-04-09", month="short") == "2 to 9 Apr 2025"
    assert words.day_span("2025-12-20", "2026-01-05") == "20 December 2025 to 5 January 2026"
    assert words.month(pd.Timestamp("2025-03-01")) == "March 2025" and words.month(None) == ""


def test_numbers_and_amounts_keep_every_digit_the_source_gave():
    assert words.number(166) == "166" and words.number(1240.5) == "1,240.5"
    assert words.amount(20.6, "USD billion", "about") == "about USD 20.6 billion"
