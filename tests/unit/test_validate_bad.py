"""Each kind of bad input gets its own precise message: file, line, column, value and rule."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tariffbook as tb

JPN_LETTER = "JPN.tariff_rate_letter.2025-07-07"  # preferred row of a group of three
SINGLE = "IDN.tariff_rate_deal.2025-07-15"  # a row that reports its quantity alone


def only(problems, rule):
    hits = [p for p in problems if p.rule == rule]
    assert hits, [str(p) for p in problems]
    assert {p.rule for p in problems} == {rule}, [str(p) for p in problems]
    return hits[0]


def test_missing_column(data_copy, table):
    table("figures").drop_column("unit")
    p = only(tb.validate(data_copy), "missing-column")
    assert (p.file, p.line, p.column) == ("figures.csv", 1, "unit")
    assert "column 'unit' is missing" in str(p)


def test_bad_date(data_copy, table):
    t = table("events")
    row = t.rows[3]["event_id"]
    line = t.set(row, announced_on="2025-02-30")
    p = only(tb.validate(data_copy), "date-type")
    assert (p.file, p.line, p.column, p.value) == ("events.csv", line, "announced_on", "2025-02-30")
    assert "YYYY-MM-DD" in p.message


@pytest.mark.parametrize("code", ["XYZ", "jp", "Japan"])
def test_unknown_country_code(data_copy, table, code):
    line = table("figures").set(SINGLE, country=code)
    p = only(tb.validate(data_copy), "country-code")
    assert (p.line, p.column, p.value) == (line, "country", code)


def test_unknown_source_id(data_copy, table):
    line = table("figures").set(SINGLE, source_id="no-such-source")
    p = only(tb.validate(data_copy), "unknown-source")
    assert (p.file, p.line, p.column, p.value) == ("figures.csv", line, "source_id", "no-such-source")


def test_duplicate_id(data_copy, table):
    t = table("events")
    first, second = t.rows[0]["event_id"], t.rows[1]["event_id"]
    line = t.set(second, event_id=first)
    p = only(tb.validate(data_copy), "duplicate-id")
    assert (p.line, p.column, p.value) == (line, "event_id", first)
    assert "already used on line 2" in p.message


def test_rate_out_of_range(data_copy, table):
    line = table("figures").set(SINGLE, value="125")
    p = only(tb.validate(data_copy), "rate-range")
    assert (p.line, p.column, p.value) == (line, "value", "125")


def test_rate_out_of_range_is_allowed_when_documented():
    # data/figures.csv keeps China's 125% (CHN.tariff_rate_in_force.2025-04-10, CBP CSMS # 64701128, and Trump's
    # post of 9 April as a second report) beside the 84% of 9 April (EO 14259, CSMS # 64687696) and the 12.5% of
    # 24 July 2026: every China rate above 100 carries the 'Outside 0–100' note that lets the rule accept it.
    figs = tb.load_figures()
    china = figs[(figs["country"] == "CHN") & (figs["metric"] == "tariff_rate_in_force")]
    above = china[china["value"] > 100]
    assert set(above["figure_id"]) >= {"CHN.tariff_rate_in_force.2025-04-10"}
    assert above["note"].str.contains("Outside 0–100").all()


def test_effective_before_announced(data_copy, table):
    t = table("events")
    row = next(r["event_id"] for r in t.rows if r["effective_on"] and r["retroactive"] == "false")
    line = t.set(row, effective_on="2024-01-01")
    p = only(tb.validate(data_copy), "effective-before-announced")
    assert (p.line, p.column, p.value) == (line, "effective_on", "2024-01-01")
    assert "retroactive" in p.message


def test_two_preferred_rows(data_copy, table):
    line = table("figures").set("KOR.tariff_rate_reciprocal.2025-04-02.2", preferred="true")
    p = only(tb.validate(data_copy), "one-preferred")
    assert p.line == line and "found 2" in p.message


def test_no_preferred_row_in_a_group(data_copy, table):
    table("figures").set("KOR.tariff_rate_reciprocal.2025-04-02", preferred="false")
    p = only(tb.validate(data_copy), "one-preferred")
    assert "found 0" in p.message


def test_event_group_needs_one_preferred(data_copy, table):
    t = table("events")
    row = next(r["event_id"] for r in t.rows if r["group_id"] and r["preferred"] == "false")
    t.set(row, preferred="true")
    p = only(tb.validate(data_copy), "one-preferred")
    assert p.column == "group_id"


def test_wrong_unit_for_metric(data_copy, table):
    line = table("figures").set(SINGLE, unit="USD billion")
    p = only(tb.validate(data_copy), "metric-unit")
    assert (p.line, p.column, p.value) == (line, "unit", "USD billion")
    assert "takes unit percent" in p.message


def test_empty_quote(data_copy, table):
    line = table("figures").set(SINGLE, quote="")
    p = only(tb.validate(data_copy), "required")
    assert (p.line, p.column) == (line, "quote")


def test_blank_quote(data_copy, table):
    line = table("events").set(table("events").rows[0]["event_id"], quote="   ")
    p = only(tb.validate(data_copy), "required")
    assert (p.line, p.column) == (line, "quote")


def test_non_numeric_value(data_copy, table):
    line = table("figures").set(SINGLE, value="about 25")
    p = only(tb.validate(data_copy), "number-type")
    assert (p.line, p.column, p.value) == (line, "value", "about 25")


@pytest.mark.parametrize("column,value", [("event_type", "tweet"), ("status", "rumoured")])
def test_unknown_enum_value(data_copy, table, column, value):
    t = table("events")
    line = t.set(t.rows[0]["event_id"], **{column: value})
    p = only(tb.validate(data_copy), "enum")
    assert (p.line, p.column, p.value) == (line, column, value)
    assert "must be one of" in p.message


def test_bad_boolean(data_copy, table):
    line = table("figures").set(SINGLE, preferred="yes")
    problems = tb.validate(data_copy)
    p = next(p for p in problems if p.rule == "boolean-type")
    assert (p.line, p.column, p.value) == (line, "preferred", "yes")


def test_sector_only_on_sectoral_rows(data_copy, table):
    line = table("figures").set(SINGLE, sector="steel")
    p = only(tb.validate(data_copy), "sector")
    assert p.line == line


def test_uncited_source(data_copy, table):
    t = table("sources")
    new = dict(t.rows[0], source_id="never-cited")
    t.rows.append(new)
    t.save()
    p = only(tb.validate(data_copy), "uncited-source")
    assert p.value == "never-cited" and p.line == len(t.rows) + 1


def test_all_problems_are_reported_not_just_the_first(data_copy, table):
    t = table("figures")
    t.set(JPN_LETTER, value="x")
    t.set("KOR.tariff_rate_letter.2025-07-07", unit="minutes")
    table("events").set(table("events").rows[0]["event_id"], status="maybe")
    rules = sorted(p.rule for p in tb.validate(data_copy))
    assert rules == ["enum", "metric-unit", "number-type"]


def test_loading_bad_data_raises_with_every_problem(data_copy, table, monkeypatch):
    table("figures").set(SINGLE, value="x")
    with pytest.raises(tb.DataValidationError) as exc:
        tb.load_figures(data_copy)
    assert "figures.csv" in str(exc.value) and "must be a number" in str(exc.value)
    assert len(exc.value.problems) == 1


def test_missing_descriptor(tmp_path):
    p = only(tb.validate(tmp_path), "missing-file")
    assert "datapackage.json" in p.message


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "tariffbook", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_valid_from_any_directory(tmp_path):
    r = run_cli("validate", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("valid:") and "figures" in lines[0]


def test_cli_lists_every_problem_and_exits_1(data_copy, table, tmp_path):
    table("figures").set(SINGLE, value="x", unit="minutes")
    table("events").set(table("events").rows[0]["event_id"], event_type="tweet")
    r = run_cli("validate", str(data_copy), cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(("figures.csv:", "events.csv:")) for line in lines)
    assert "3 problem(s)" in r.stderr


def test_cli_rejects_a_missing_folder(tmp_path):
    r = run_cli("validate", str(tmp_path / "nope"), cwd=tmp_path)
    assert r.returncode == 2 and "no such folder" in r.stderr
