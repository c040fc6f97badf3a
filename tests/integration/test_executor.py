"""The book's executor (tariffbook.publish.executor): records what each notebook read, runs it again only when that
changed, and stops with the page's name when a notebook fails. Runs real kernels on tiny notebooks, with the
executor's state in tmp_path."""

from __future__ import annotations

import json
import shutil

import pytest

from tariffbook import settings
from tariffbook.data.load import fingerprint
from tariffbook.notebook import recorded
from tariffbook.publish.executor import manifest, replay, runner
from tariffbook.publish.executor.kernels import NotebookFailed
from tests.helpers import one_cell_job as job


@pytest.fixture
def state(tmp_path, monkeypatch):
    for name, sub in (("STATE", "state"), ("CACHE", "cache"), ("STAMPS", "state/stamps")):
        monkeypatch.setattr(manifest, name, tmp_path / sub)
    monkeypatch.setattr(manifest, "MANIFEST", tmp_path / "state" / "executions.json")
    monkeypatch.setattr(manifest, "LAST_RUN", tmp_path / "state" / "last-run.json")
    monkeypatch.delenv(settings.EXPORTS, raising=False)
    return tmp_path


def run(jobs, monkeypatch) -> dict:
    return runner.run(jobs, settings.from_environment(), workers=2, progress=False)  # as the command line does


def test_reruns_exactly_the_notebooks_whose_inputs_changed(state, data_copy, monkeypatch):
    monkeypatch.setenv(settings.DATA, str(data_copy))
    monkeypatch.setenv(settings.VALIDATED, fingerprint(data_copy))  # as the book's executor vouches for it
    events = job(state, "events", "import tariffbook as tb\nprint(len(tb.load_events()))")
    figures = job(state, "figures", "import tariffbook as tb\nprint(len(tb.load_figures()))")
    first = run([events, figures], monkeypatch)
    assert first["executed"] == ["pages/events", "pages/figures"]
    records = json.loads(manifest.MANIFEST.read_text())
    assert str(data_copy / "events.csv") in records["pages/events"]["inputs"]
    assert str(data_copy / "figures.csv") not in records["pages/events"]["inputs"]
    assert "tariffbook/data/load.py" in records["pages/events"]["inputs"]

    assert run([events, figures], monkeypatch)["executed"] == []  # nothing changed
    events.nb.cells[0].source = "# Events, retitled"  # prose: nothing runs
    assert run([events, figures], monkeypatch)["executed"] == []

    lines = (data_copy / "figures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "figures.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # drop one figure
    result = run([events, figures], monkeypatch)
    assert result["executed"] == ["pages/figures"] and result["reused"] == ["pages/events"]
    assert result["outputs_changed"] == ["pages/figures"]
    out = manifest.merged(figures)
    assert out.cells[1].outputs[0]["text"].strip() == str(len(lines) - 2)  # header line, and one row fewer


def test_settings_change_reruns(state, monkeypatch):
    page = job(state, "plain", "print(6 * 7)")
    assert run([page], monkeypatch)["executed"] == ["pages/plain"]
    monkeypatch.setenv(settings.AS_OF, "2025-07-08")
    assert run([page], monkeypatch)["executed"] == ["pages/plain"]
    assert run([page], monkeypatch)["executed"] == []


def test_a_lost_cache_reruns(state, monkeypatch):
    page = job(state, "plain", "print(6 * 7)")
    run([page], monkeypatch)
    shutil.rmtree(manifest.CACHE)
    assert run([page], monkeypatch)["executed"] == ["pages/plain"]


def test_a_failing_notebook_names_its_page(state, monkeypatch):
    good, bad = job(state, "good", "print(1)"), job(state, "bad", "raise RuntimeError('boom from a notebook')")
    with pytest.raises(NotebookFailed, match=r"(?s)pages/bad .*failed.*boom from a notebook"):
        run([good, bad], monkeypatch)


def test_a_display_that_raises_fails_its_page(state, monkeypatch):
    """A chart that cannot be drawn raises in its display: the cell runs on, and nbclient would not fail it."""
    code = "class Chart:\n    def _repr_html_(self):\n        raise KeyError(0)\n\ndisplay(Chart())\nprint('after')"
    with pytest.raises(NotebookFailed, match=r"(?s)pages/drawn .*failed.*cell 1: KeyError: 0"):
        run([job(state, "drawn", code)], monkeypatch)


# ---------------------------------------------------------------- what a page read, asked again (no kernels)
EXPORTS_2024 = "JPN.us_goods_exports.2024"  # US goods exports to Japan in 2024 (Census), a row of figures.csv


def page(*calls: str) -> dict:
    """A page's record as its kernel reports it (trace.Recording), made here: each query asked of the record."""
    ask, hashes = replay.Replayer(), manifest.FileHashes()
    asked = []
    for fn in calls:
        args = recorded.pack((), {})
        digest, files = ask(fn, args)
        asked.append({"fn": fn, "args": args, "files": sorted(files), "result": digest})
    files = {f for call in asked for f in call["files"]}
    return {"inputs": {f: hashes(f) for f in sorted(files)}, "loose": [], "calls": asked}


def holds(record: dict) -> bool:
    return replay.still_holds(record, manifest.FileHashes(), replay.Replayer()) is not None  # a new build


@pytest.fixture
def record_copy(data_copy, monkeypatch, table):
    monkeypatch.setenv(settings.DATA, str(data_copy))
    monkeypatch.delenv(settings.AS_OF, raising=False)
    return table("figures")


def test_an_edit_that_changes_no_answer_runs_nothing(record_copy):
    trade, events = page("tariffbook.analysis.trade:trade_2024"), page("tariffbook.data.load:load_events")
    assert any(f.endswith("figures.csv") for f in trade["inputs"])
    record_copy.set(EXPORTS_2024, note=record_copy.row(EXPORTS_2024)["note"] + " (a curator's note, edited)")
    assert holds(trade) and holds(events)


def test_an_edit_runs_exactly_the_pages_whose_answers_change(record_copy):
    trade, figures = page("tariffbook.analysis.trade:trade_2024"), page("tariffbook.data.load:load_figures")
    events = page("tariffbook.data.load:load_events")
    record_copy.set(EXPORTS_2024, note="edited")
    assert holds(trade) and not holds(figures) and holds(events)  # the note is in the figures table only
    record_copy.set(EXPORTS_2024, value="80000.0")
    assert not holds(trade) and not holds(figures) and holds(events)


def test_a_query_that_is_gone_runs_the_page(record_copy):
    trade = page("tariffbook.analysis.trade:trade_2024")
    trade["calls"][0]["fn"] = "tariffbook.analysis.queries:trade_in_2024"  # renamed since the page ran
    record_copy.set(EXPORTS_2024, note="edited")
    assert not holds(trade)


def test_a_whole_file_input_that_changes_runs_the_page(record_copy):
    trade = page("tariffbook.analysis.trade:trade_2024")
    trade["loose"] = [f for f in trade["inputs"] if f.endswith("figures.csv")]  # read outside any query
    record_copy.set(EXPORTS_2024, note="edited")
    assert not holds(trade)


def test_an_unchanged_answer_brings_the_record_up_to_date(record_copy):
    trade = page("tariffbook.analysis.trade:trade_2024")
    record_copy.set(EXPORTS_2024, note="edited")
    updated = replay.still_holds(trade, manifest.FileHashes(), replay.Replayer())
    assert updated["inputs"] == {f: manifest.FileHashes()(f) for f in trade["inputs"]}  # the new content
    assert updated["inputs"] != trade["inputs"] and holds(updated)


def test_a_country_page_is_made_again_only_when_its_notebook_or_outputs_changed(tmp_path, monkeypatch):
    from tariffbook.publish import country_pages

    made = []

    def country_page(job, cache):
        made.append(job.name)
        return job.nb

    monkeypatch.setattr(country_pages, "_country_page", country_page)
    monkeypatch.setattr(manifest, "open_cache", lambda: "the build's cache")
    written = country_pages.Written({})
    page = job(tmp_path, "JPN", "print(1)")
    path = tmp_path / "JPN.ipynb"
    written.page(path, page, executed=True)
    written.page(path, page, executed=False)  # nothing changed: not made again
    assert made == ["pages/JPN"]
    written.page(path, page, executed=True)  # it ran: its outputs may have changed
    page.nb.cells[0].source = "# Japan, retitled"  # the template's prose
    written.page(path, page, executed=False)
    path.write_text("{}")  # not what was written
    written.page(path, page, executed=False)
    assert made == ["pages/JPN"] * 4
    assert path.read_text() != "{}"


def test_queries_asked_on_several_processes_answer_as_in_this_one(record_copy):
    calls = {
        ("tariffbook.analysis.trade:trade_2024", recorded.pack((), {})),
        ("tariffbook.data.load:load_figures", recorded.pack((), {})),
        ("tariffbook.data.countries:country_name", recorded.pack(("KOR",), {})),
        ("tariffbook.analysis.stages:stage_rates", recorded.pack((["JPN"],), {})),
        ("tariffbook.analysis.stages:stage_rates", recorded.pack((["KOR"],), {})),
        ("tariffbook.analysis.queries:no_such_query", recorded.pack((), {})),
    }
    here, there = replay.Replayer(), replay.Replayer()
    for call in calls:
        here(*call)
    there.prefetch(calls, workers=2)  # forked processes, each serving nested queries from memory
    assert there._asked == here._asked
    assert here("tariffbook.analysis.queries:no_such_query", recorded.pack((), {})) == (None, set())
    assert replay._subject(recorded.pack((["JPN"],), {"as_of": "2025-07-08"})) == "JPN"
