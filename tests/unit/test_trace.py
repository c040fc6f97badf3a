"""What a notebook read from the record (tariffbook.notebook.trace): stable hashes of query results
(tariffbook.notebook.recorded), and the record of each outermost query with the files it read. In this process,
with a tracer of the test's own (the kernel's is installed only in the executor's kernels)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tariffbook.data import paths
from tariffbook.notebook import recorded, trace


def frame(**changes) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "country": ["JPN", "KOR"],
            "value": [15.0, 25.0],
            "day": pd.to_datetime(["2025-07-08", "2025-08-01"]),
            "kind": pd.Categorical(["deal", "letter"], categories=["deal", "letter", "threat"]),
        }
    )
    for column, values in changes.items():
        df[column] = values
    return df


def test_equal_results_hash_equal_and_any_difference_shows():
    same = recorded.fingerprint(frame())
    assert recorded.fingerprint(frame()) == same
    assert recorded.fingerprint(frame(value=[15.0, 25.5])) != same  # a value
    assert recorded.fingerprint(frame(country=["JPN", "TWN"])) != same  # a label
    assert recorded.fingerprint(frame().rename(columns={"value": "rate"})) != same  # a column's name
    assert recorded.fingerprint(frame().astype({"value": "float32"})) != same  # a dtype
    categories = pd.Categorical(["deal", "letter"], categories=["deal", "letter"])
    assert recorded.fingerprint(frame(kind=categories)) != same  # the categories of a categorical
    assert recorded.fingerprint(frame().iloc[::-1]) != same  # the order (the index goes with it)
    assert recorded.fingerprint(pd.Series([1, "1"], dtype=object)) != recorded.fingerprint(
        pd.Series(["1", 1], dtype=object)
    )
    assert recorded.fingerprint([1, "a", None, dt.date(2025, 4, 2)]) == recorded.fingerprint(
        [1, "a", None, dt.date(2025, 4, 2)]
    )
    assert recorded.fingerprint((1,)) != recorded.fingerprint([1])
    with pytest.raises(recorded.Unhashable):
        recorded.fingerprint(object())


@pytest.fixture
def tracer():
    t = trace.Tracer()
    t.recording = trace.Recording()
    paths.listen(t.on_read)
    yield t
    paths.unlisten(t.on_read)


def test_outermost_queries_are_recorded_with_what_they_read(tracer, tmp_path):
    def rows(name):
        paths.note_read(tmp_path / f"{name}.csv")
        return frame()

    def summary(name):
        return f"{len(rows(name))} rows"  # a query calling a query: only the outer one is recorded

    rows, summary = tracer.wrap(rows, "m:rows"), tracer.wrap(summary, "m:summary")
    assert summary("figures") == "2 rows"
    paths.note_read(tmp_path / "sources.csv")  # outside any query: the whole file is an input
    report = tracer.recording.report()
    assert [c["fn"] for c in report["calls"]] == ["m:summary"]
    (call,) = report["calls"]
    assert call["files"] == [str((tmp_path / "figures.csv").resolve())]
    assert call["result"] == recorded.fingerprint("2 rows")
    assert recorded.unpack(call["args"]) == (("figures",), {})
    assert report["loose"] == [str((tmp_path / "sources.csv").resolve())]


def test_a_query_that_cannot_be_asked_again_makes_its_files_whole_inputs(tracer, tmp_path):
    def unpicklable(fn):
        paths.note_read(tmp_path / "events.csv")
        return 1

    def unhashable():
        paths.note_read(tmp_path / "figures.csv")
        return object()

    tracer.wrap(unpicklable, "m:unpicklable")(lambda: None)
    tracer.wrap(unhashable, "m:unhashable")()
    report = tracer.recording.report()
    assert report["calls"] == []
    assert report["loose"] == sorted(str((tmp_path / f).resolve()) for f in ("events.csv", "figures.csv"))


def test_a_query_that_raises_is_recorded_with_its_exception(tracer, tmp_path):
    def bad(day):
        paths.note_read(tmp_path / "figures.csv")
        raise ValueError(f"{day} is after the record's horizon")

    with pytest.raises(ValueError):
        tracer.wrap(bad, "m:bad")("2027-01-01")
    (call,) = tracer.recording.report()["calls"]
    assert call["result"] == recorded.fingerprint(
        recorded.Raised("builtins.ValueError", "2027-01-01 is after the record's horizon")
    )


def test_a_query_that_reads_nothing_is_not_recorded(tracer):
    assert tracer.wrap(lambda x: x * 2, "m:double")(21) == 42
    assert tracer.recording.report() == {"loose": [], "calls": []}


def test_the_query_modules_are_chosen_by_module_not_by_name():
    assert trace.traced("tariffbook.analysis.queries") and trace.traced("tariffbook.analysis.prose.intro")
    assert trace.traced("tariffbook.data.load") and trace.traced("tariffbook.data.countries")
    assert not trace.traced("tariffbook.charts.tables") and not trace.traced("tariffbook.data.loaders")


def test_a_recorded_function_that_no_longer_exists_is_none():
    assert recorded.function("tariffbook.analysis.stages:stage_rates") is not None
    assert recorded.function("tariffbook.analysis.queries:no_such_query") is None
    assert recorded.function("tariffbook.analysis.no_such_module:trade_2024") is None


def test_a_query_asked_again_is_served_from_memory_as_a_copy(tracer, tmp_path):
    ran = []

    def rows(country):
        ran.append(country)
        paths.note_read(tmp_path / "figures.csv")
        return frame()

    def table(country):
        return rows(country)  # nested: served from memory too, and its files still count for the outer call

    rows, table = tracer.wrap(rows, "m:rows"), tracer.wrap(table, "m:table")
    first = rows("JPN")
    first.loc[0, "value"] = -1.0  # the caller's copy: what is kept does not change
    assert rows("JPN").loc[0, "value"] == 15.0 and table("JPN").loc[0, "value"] == 15.0
    assert ran == ["JPN"]
    rows("KOR")
    assert ran == ["JPN", "KOR"]  # other arguments: asked
    calls = tracer.recording.report()["calls"]
    assert [(c["fn"], recorded.unpack(c["args"])[0]) for c in calls] == [
        ("m:rows", ("JPN",)),
        ("m:table", ("JPN",)),
        ("m:rows", ("KOR",)),
    ]
    assert all(c["files"] == [str((tmp_path / "figures.csv").resolve())] for c in calls)


def test_a_query_with_a_table_for_argument_is_asked_every_time(tracer, tmp_path):
    ran = []

    def count(df):
        ran.append(len(df))
        paths.note_read(tmp_path / "figures.csv")
        return len(df)

    count = tracer.wrap(count, "m:count")
    count(frame())
    count(frame())
    assert ran == [2, 2]


def test_a_query_served_from_memory_is_still_a_read_for_every_listener(tracer, tmp_path):
    def rows():
        paths.note_read(tmp_path / "figures.csv")
        return frame()

    rows = tracer.wrap(rows, "m:rows")
    rows()
    with paths.reads() as log:
        rows()  # from memory: the executor's replay reads what it read from such a log
    assert log.files == {str((tmp_path / "figures.csv").resolve())}
    assert tracer.recording.report()["loose"] == []
