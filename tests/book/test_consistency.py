"""Every page agrees with the record and with every other page (issue 19, item 3): for every partner the book
follows and every day its duty changes, the rate rate_in_force gives is the one each place of the built site
shows on that day: the partner's page (its step chart's CSV), the front page and the chapter after the ruling
(the strips' CSVs), the country index (its two "In force" columns), the tariff-rate page's stages (the "In force"
stages' CSV) and the JSON API. A page that computed its own rate, or kept a stale one, fails here.

Needs `make book` first.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache

import pandas as pd
import pytest

import tariffbook as tb
from tariffbook.charts.common import slug
from tariffbook.data.countries import country_name, resolve_country
from tariffbook.data.load import horizon
from tariffbook.domain import NOT_MODELLED
from tariffbook.words import NO_DUTY
from tests.helpers import SITE

CHARTS = SITE / "_static" / "charts"
API = SITE / "api" / "v1"


@cache
def partners() -> list[str]:
    index = json.loads((API / "partners.json").read_text(encoding="utf-8"))
    return sorted(p["country"] for p in index["partners"] if p["country"] not in NOT_MODELLED)


def change_days(code: str) -> list[pd.Timestamp]:
    """The days the partner's duty changes: the first day of each span of its API file."""
    spans = json.loads((API / "partners" / f"{code}.json").read_text(encoding="utf-8"))["duty_spans"]
    return [pd.Timestamp(s["start"]) for s in spans]


def expected(code: str, day: pd.Timestamp) -> float | None:
    answer = tb.rate_in_force(code, day)
    return None if answer is None or answer.rate is None else float(answer.rate)


def _csv(name: str) -> list[dict]:
    with (CHARTS / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def step_rate(rows: list[dict], day: pd.Timestamp) -> float | None:
    """The rate a step chart draws on a day: its last step on or before the day (announced marks left out)."""
    steps = [r for r in rows if r["date"] and not r.get("stage")]
    before = [r for r in steps if pd.Timestamp(r["date"]) <= day]
    return _number(before[-1]["rate"]) if before else None


def strip_rates(name: str) -> dict[str, list[tuple[pd.Timestamp, pd.Timestamp, float | None]]]:
    out: dict[str, list] = {}
    for r in _csv(name):
        out.setdefault(resolve_country(r["name"]), []).append(
            (pd.Timestamp(r["start"]), pd.Timestamp(r["end"]), _number(r["rate"]))
        )
    return out


def strip_rate(spans, day: pd.Timestamp):
    found = [rate for start, end, rate in spans if start <= day <= end]
    return found[0] if found else "no strip"


@pytest.mark.parametrize("code", partners())
def test_the_partners_page_shows_the_rate_in_force_on_every_change_day(code):
    rows = _csv(f"{slug(country_name(code))}-rate-in-force")
    for day in change_days(code):
        assert step_rate(rows, day) == expected(code, day), (code, day.date())


@pytest.mark.parametrize("chart", ["letter-partners-by-legal-basis", "duty-by-legal-basis"])
def test_the_front_page_and_the_chapter_show_the_rate_in_force_on_every_change_day(chart):
    """The front page's strips (the letter partners) and the chapter's (its partners): a day inside a strip shows
    that strip's rate; a day with no rate in the record has no strip (a gap), never the last rate carried on."""
    for code, spans in strip_rates(chart).items():
        for day in change_days(code):
            want = expected(code, day)
            got = strip_rate(spans, day)
            assert got == want or (want is None and got in ("no strip", None)), (chart, code, day.date(), got, want)


def _index_cells() -> dict[str, dict[str, str]]:
    html = (SITE / "book" / "countries" / "index.html").read_text(encoding="utf-8")
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    text = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)]
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    width = len(heads)
    rows = [text[i : i + width] for i in range(width, len(text), width)]
    return {r[0]: dict(zip(heads, r, strict=True)) for r in rows}


def _cell_rate(text: str) -> float | None:
    if text == NO_DUTY:
        return 0.0
    found = re.search(r"(\d+(?:\.\d+)?)\s*%?", text)
    return float(found.group(1)) if found else None


@pytest.mark.parametrize("day", ["2025-08-07", "horizon"])
def test_the_country_index_shows_the_rate_in_force_of_its_two_days(day):
    when = horizon() if day == "horizon" else pd.Timestamp(day)
    column = f"In force {when.day} {when:%b %Y}"
    cells = _index_cells()
    checked = 0
    for name, row in cells.items():
        code = resolve_country(name)
        if code not in partners():
            continue
        want = expected(code, when)
        got = _cell_rate(row[column])
        assert got == want or (want is None and got is None), (name, column, row[column], want)
        checked += 1
    assert checked >= 20


def test_the_stage_chart_shows_the_rate_in_force_of_its_in_force_stages():
    rows = [r for r in _csv("tariff-rates-by-stage") if r["stage"].startswith("In force")]
    assert rows
    for r in rows:
        day = pd.Timestamp(r["effective_on"])
        assert _number(r["value"]) == expected(r["country"], day), r
