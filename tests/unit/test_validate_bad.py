"""Each kind of bad input gets its own precise message: file, line, column, value and rule."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

import tariffbook as tb

JPN_LETTER = "JPN.tariff_rate_letter.2025-07-07"  # preferred row of a group of three
SINGLE = "IDN.tariff_rate_deal.2025-07-15"  # a row that reports its quantity alone
SECOND = "JPN.tariff_rate_deal.2025-07-22.2"  # a second report (not preferred), from a news page: its value and quote
# are not checked against each other or an archived text


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
    # two events announced the same day (2025-02-10), so the repeated id's date is still the row's announced_on
    first, second = t.rows[1]["event_id"], t.rows[2]["event_id"]
    assert t.rows[1]["announced_on"] == t.rows[2]["announced_on"]
    line = t.set(second, event_id=first)
    p = only(tb.validate(data_copy), "duplicate-id")
    assert (p.line, p.column, p.value) == (line, "event_id", first)
    assert "already used on line 3" in p.message


def test_rate_out_of_range(data_copy, table):
    line = table("figures").set(SECOND, value="125")
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


def test_a_secondary_report_alone_needs_no_preferred_row_but_any_other_does(data_copy, table):
    """Issue 18: a fact only a secondary source gives (the specialty-pharmaceutical 0% of 29 September 2026, from a
    tariff calculator's script; the BIS notice not found) is kept as reported, with no preferred row; a quantity
    with one row that is not marked secondary still needs it."""
    assert tb.validate(data_copy) == []  # the ten rows JPN... BGD.tariff_rate_sectoral.pharmaceuticals_specialty
    t = table("figures")
    row = "JPN.tariff_rate_sectoral.pharmaceuticals_specialty.2026-09-29"
    note = next(r["note"] for r in t.rows if r["figure_id"] == row)
    line = t.set(row, note=note.removeprefix("Secondary: "))
    p = only(tb.validate(data_copy), "one-preferred")
    assert p.line == line and "found 0" in p.message


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
    line = table("figures").set(SECOND, quote="")
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


# ---------------------------------------------------------------- files that cannot be read as their table


def test_byte_order_mark_is_named(data_copy):
    # what Excel's "CSV UTF-8" writes
    path = data_copy / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    p = only(tb.validate(data_copy), "byte-order-mark")
    assert (p.file, p.line) == ("events.csv", 1)
    assert "remove the byte-order mark" in str(p)


def test_a_deleted_column_is_one_root_cause_and_one_grouped_line(data_copy, table):
    table("figures").drop_column("source_id")
    problems = tb.validate(data_copy)
    assert [p.rule for p in problems] == ["missing-column", "uncited-source"]
    assert str(problems[0]).startswith("figures.csv:1: column 'source_id'")
    assert problems[1].line == 0
    assert str(problems[1]).startswith("sources.csv: and ")
    assert "sources no longer cited because figures.csv could not be read" in str(problems[1])


def test_an_empty_file_says_so_with_a_line_number(data_copy):
    (data_copy / "figures.csv").write_text("")
    problems = tb.validate(data_copy)
    assert [p.rule for p in problems] == ["empty-file", "uncited-source"]
    assert str(problems[0]).startswith("figures.csv:1: the file is empty (it needs a header row")
    assert "figure_id, metric, country" in str(problems[0])


def test_a_header_only_file_has_no_rows(data_copy):
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problems = tb.validate(data_copy)
    assert [p.rule for p in problems] == ["no-rows", "uncited-source"]
    assert "no rows" in str(problems[0]) and "because figures.csv has no rows" in str(problems[1])


def test_cli_refuses_a_bad_as_of_in_one_line(tmp_path):
    import os

    env = dict(os.environ, TARIFFBOOK_AS_OF="2025-03-01")
    env.pop("TARIFFBOOK_DEBUG", None)
    r = subprocess.run(
        [sys.executable, "-m", "tariffbook", "prepare-book", "--no-countries"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "tariffbook: TARIFFBOOK_AS_OF (AS_OF) must be a date from 2025-04-02 (the 2 April 2025 announcement) to "
        "2026-11-23 (the record is checked through 2026-11-23), got '2025-03-01'"
    ]
    assert "Traceback" not in r.stdout + r.stderr


# ---------------------------------------------------------------- the rules of this round's columns

RATE = "JPN.tariff_rate_in_force.2026-07-24"  # preferred: Section 301, FR 2026-15274; FR 2026-15181


@pytest.mark.parametrize("column", ["legal_basis", "applies_as"])
def test_a_preferred_rate_states_its_basis(data_copy, table, column):
    line = table("figures").set(RATE, **{column: ""})
    p = only(tb.validate(data_copy), "rate-basis")
    assert (p.line, p.column) == (line, column)


def test_an_instrument_or_why_not(data_copy, table):
    line = table("figures").set(RATE, instrument="")
    p = only(tb.validate(data_copy), "instrument")
    assert p.line == line and "Instrument not identified in the sources searched" in p.message


def test_a_trade_figure_has_no_legal_basis(data_copy, table):
    line = table("figures").set("LETTER14.letter_countries.2025-07-07", legal_basis="ieepa")
    p = only(tb.validate(data_copy), "rate-basis")
    assert (p.line, p.column, p.value) == (line, "legal_basis", "ieepa")


def test_a_period_range_ends_after_it_starts(data_copy, table):
    line = table("figures").set("USA.us_customs_duties.2025-10-01_2026-01-31", period="2026-01-31/2025-10-01")
    p = only(tb.validate(data_copy), "period-range")
    assert (p.line, p.column) == (line, "period") and "before the start" in p.message


def test_a_ranged_rate_takes_effect_when_its_period_starts(data_copy, table):
    line = table("figures").set("ALL.tariff_rate_in_force.2026-02", effective_on="2026-02-25")
    p = only(tb.validate(data_copy), "period-range")
    assert (p.line, p.column) == (line, "effective_on") and "2026-02-24" in p.message


def test_a_copy_is_not_preferred_over_its_original(data_copy, table):
    # the Section 122 proclamation is preferred as read in a mirror of whitehouse.gov; give a second row of the
    # same quantity an original White House source, and the mirror may no longer be preferred
    # (since December 2026 every White House text is read in the mirror: the Bangladesh statement is made an original
    # here, read at its own address)
    table("sources").set("whitehouse-2026-02-09-joint-statement-bangladesh", is_copy="false", read_at="")
    t = table("figures")
    t.set("ALL.tariff_rate_in_force.2026-02.3", source_id="whitehouse-2026-02-09-joint-statement-bangladesh")
    p = only(tb.validate(data_copy), "copy-preferred")
    assert p.line == t.line_of("ALL.tariff_rate_in_force.2026-02") and "prefer the original" in p.message


def test_a_government_copy_may_beat_news_originals():
    # PLAN.md: a government text read only in a copy may be preferred over news originals (other publishers):
    # the real data has such rows (the 2 April rates from the USITC schedule, read in the Budget Lab tracker's copy of
    # its chapter 99 text) and is valid.
    figs, src = tb.load_figures(), tb.load_sources().set_index("source_id")
    preferred = figs[figs["preferred"] & (figs["figure_id"] == "JPN.tariff_rate_reciprocal.2025-04-02")]
    assert src.loc[preferred["source_id"].iloc[0], "is_copy"]
    assert [p for p in tb.validate() if p.rule == "copy-preferred"] == []


def test_nothing_announced_after_the_horizon(data_copy, table):
    line = table("figures").set(SINGLE, announced_on="2026-12-01")
    p = only(tb.validate(data_copy), "after-horizon")
    assert (p.line, p.column) == (line, "announced_on") and "2026-11-23" in p.message


def test_the_descriptor_states_its_horizon(data_copy):
    import json

    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["tariffbook:horizon"] = "late 2026"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    p = only(tb.validate(data_copy), "horizon")
    assert (p.file, p.column, p.value) == ("datapackage.json", "tariffbook:horizon", "late 2026")


# ---------------------------------------------------------------- the rules of the archive round (December 2026)

ARCHIVED = "MYS.tariff_rate_in_force.2026-07-24"  # preferred, quoting the forced-labor memorandum (archived text)


def test_a_preferred_value_is_in_its_quote(data_copy, table):
    line = table("figures").set(SINGLE, value="21")  # the quote says 19%
    p = only(tb.validate(data_copy), "value-in-quote")
    assert (p.line, p.column, p.value) == (line, "value", "21") and SINGLE in p.message and "derived" in p.message


def test_an_event_id_is_dated_by_its_announcement(data_copy, table):
    t = table("events")
    row = next(r for r in t.rows if not r["effective_on"] and not r["group_id"])
    line = t.set(row["event_id"], announced_on="2025-01-02")
    p = only(tb.validate(data_copy), "event-id-date")
    assert (p.line, p.column, p.value) == (line, "event_id", row["event_id"]) and "2025-01-02" in p.message


def test_an_address_has_no_session_debris(data_copy, table):
    t = table("sources")
    url = t.row("shongjog")["url"]
    line = t.set("shongjog", url=url + "?utm_source=newsletter")
    p = only(tb.validate(data_copy), "address")
    assert (p.line, p.column) == (line, "url") and "'utm_'" in p.message


def test_in_force_needs_the_day_it_took_effect(data_copy, table):
    t = table("events")
    row = next(r for r in t.rows if r["status"] == "in_force" and r["effective_on"] and not r["group_id"])
    line = t.set(row["event_id"], effective_on="")
    p = only(tb.validate(data_copy), "status-dates")
    assert (p.line, p.column, p.value) == (line, "status", "in_force") and "no effective_on" in p.message


def test_a_quote_is_not_a_viewers_screen(data_copy, table):
    t = table("figures")
    quote = t.row(SECOND)["quote"]
    line = t.set(SECOND, quote="Details FieldValue " + quote)
    p = only(tb.validate(data_copy), "viewer-text")
    assert (p.line, p.column) == (line, "quote") and "'Details FieldValue'" in p.message


def test_an_archived_text_keeps_its_sha256(data_copy):
    path = data_copy / "documents" / "whitehouse-2026-07-23-memorandum-section-301-forced-labor.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    p = only(tb.validate(data_copy), "archive")
    assert (p.file, p.column) == ("documents/manifest.csv", "sha256") and path.name in p.message


def test_a_preferred_quote_is_in_the_archived_text(data_copy, table):
    t = table("figures")
    quote = t.row(ARCHIVED)["quote"]
    line = t.set(ARCHIVED, quote=quote.replace("goods of Argentina", "goods of Atlantis"))
    p = only(tb.validate(data_copy), "quote-in-document")
    assert (p.file, p.line, p.column) == ("figures.csv", line, "quote")
    assert p.message.startswith(
        f"{ARCHIVED}: quote not found in documents/whitehouse-2026-07-23-memorandum-section-301-forced-labor.txt "
        "from 'Atlantis, Bangladesh, Cambodia, Canada, Ecuador, El...'"
    )


def test_a_csv_separated_by_semicolons_is_one_problem(data_copy, table):
    # what a spreadsheet saves as 'CSV' in many locales
    t = table("figures")
    with t.path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, t.header, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(t.rows)
    p = only(tb.validate(data_copy), "separator")
    assert str(p) == (
        "figures.csv:1: the file is separated by ';', not ','; save it as comma-separated CSV [separator]"
    )


def test_a_series_keeps_its_published_bytes(data_copy):
    path = data_copy / "series" / "etr_by_partner.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("0.09083914245515552", "0.09083914245515553"))
    p = only(tb.validate(data_copy), "series-hash")
    assert (p.file, p.column) == ("series/etr_by_partner.csv", "hash") and "sha256" in p.message
