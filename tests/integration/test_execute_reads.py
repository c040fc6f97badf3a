"""The book's executor on tiny pages, in real kernels: each page's queries of the record are recorded, asked again
after an edit, and only the pages whose answers changed run again. The executor's state is in tmp_path."""

from __future__ import annotations

import json

import nbformat
import pytest

from tariffbook import settings
from tariffbook.data.load import fingerprint
from tariffbook.publish.executor import kernels, manifest, runner
from tariffbook.publish.executor.jobs import Job
from tests.helpers import one_cell_job as job

EXPORTS_2024 = "JPN.us_goods_exports.2024"  # US goods exports to Japan in 2024 (Census), a row of figures.csv


@pytest.fixture
def state(tmp_path, monkeypatch, data_copy):
    for name, sub in (("STATE", "state"), ("CACHE", "cache"), ("STAMPS", "state/stamps")):
        monkeypatch.setattr(manifest, name, tmp_path / sub)
    monkeypatch.setattr(manifest, "MANIFEST", tmp_path / "state" / "executions.json")
    monkeypatch.setattr(manifest, "LAST_RUN", tmp_path / "state" / "last-run.json")
    for name in (settings.EXPORTS, settings.AS_OF):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(settings.DATA, str(data_copy))
    monkeypatch.setenv(settings.VALIDATED, fingerprint(data_copy))
    return tmp_path


def run(jobs) -> dict:
    return runner.run(jobs, settings.from_environment(), workers=2, progress=False)


def output(page: Job) -> str:
    return manifest.merged(page).cells[1].outputs[0]["text"].strip()


def test_a_page_runs_again_only_when_an_answer_it_read_changes(state, table):
    trade = job(state, "trade", "from tariffbook.analysis import trade as q\nprint(q.trade_2024()['exports_bn'].sum())")
    figures = job(state, "figures", "import tariffbook as tb\nprint(len(tb.load_figures()))")
    events = job(state, "events", "import tariffbook as tb\nprint(len(tb.load_events()))")
    pages = [trade, figures, events]
    assert run(pages)["executed"] == ["pages/events", "pages/figures", "pages/trade"]
    records = json.loads(manifest.MANIFEST.read_text())
    assert [c["fn"] for c in records["pages/trade"]["calls"]] == ["tariffbook.analysis.trade:trade_2024"]
    assert records["pages/trade"]["loose"] == []  # every read of the record was inside a query
    before = output(trade)

    figures_csv = table("figures")
    figures_csv.set(EXPORTS_2024, note="A note edited on one partner's 2024 exports.")
    result = run(pages)  # the note is in the whole table only: the trade page's answer is the same
    assert result["executed"] == ["pages/figures"] and result["reused"] == ["pages/events", "pages/trade"]
    assert run(pages)["executed"] == []  # and the records were brought up to date

    figures_csv.set(EXPORTS_2024, value="80000.0", note="Derived for a test.")  # USD million: the sum moves
    result = run(pages)
    assert result["executed"] == ["pages/figures", "pages/trade"]
    assert result["outputs_changed"] == ["pages/trade"] and output(trade) != before


def test_a_query_that_is_gone_runs_its_page_again(state, table):
    trade = job(state, "trade", "from tariffbook.analysis import trade as q\nprint(len(q.trade_2024()))")
    run([trade])
    records = json.loads(manifest.MANIFEST.read_text())
    records["pages/trade"]["calls"][0]["fn"] = "tariffbook.analysis.queries:trade_in_2024"  # since renamed
    manifest.MANIFEST.write_text(json.dumps(records))
    table("figures").set(EXPORTS_2024, note="edited")
    assert run([trade])["executed"] == ["pages/trade"]


def test_pages_that_share_a_kernel_start_as_in_a_fresh_one(state):
    """One worker, one kernel, three pages: each starts from an empty namespace and execution count 1, reports
    only the modules it imports itself, and gives the outputs a kernel of its own gives."""
    first = job(state, "first", "from tariffbook.analysis import formula\nleft_over = 42\nleft_over")
    second = job(state, "second", "print(sorted(k for k in globals() if not k.startswith('_')))")
    second.nb.cells.append(nbformat.v4.new_code_cell("import tariffbook as tb\ntb.country_name('KOR')"))
    third = job(state, "third", "from tariffbook.analysis import trade as q\nlen(q.trade_2024())")
    shared = runner.run([first, second, third], settings.from_environment(), workers=1, progress=False)
    assert shared["executed"] == ["pages/first", "pages/second", "pages/third"]
    records = json.loads(manifest.MANIFEST.read_text())
    assert "tariffbook/analysis/formula.py" in records["pages/first"]["inputs"]
    assert "tariffbook/analysis/formula.py" not in records["pages/second"]["inputs"]
    outputs = {p.name: [c.get("outputs") for c in manifest.merged(p).cells[1:]] for p in (first, second, third)}
    assert "left_over" not in outputs["pages/second"][0][0]["text"]
    counts = [c.execution_count for c in manifest.merged(second).cells[1:]]
    assert counts == [1, 2]

    alone = {}
    for page in (first, second, third):  # each in a kernel of its own
        nb, _report, _seconds = kernels.execute(nbformat.writes(page.nb), str(page.cwd))
        alone[page.name] = [c.get("outputs") for c in nbformat.reads(nb, as_version=4).cells[1:]]
    assert outputs == alone


def test_pages_of_one_notebook_in_one_kernel_keep_its_modules(state):
    """The country pages: one template run again with another parameter. A page after a page of the same notebook
    keeps the modules imported before it (recorded: more than its own, never fewer), and its outputs are those of
    a kernel of its own."""
    source = state / "template.ipynb"
    pages = [job(state, name, code) for name, code in (("a", "from tariffbook.analysis import formula\n1"), ("b", "2"))]
    for page in pages:
        page.source = source
    runner.run(pages, settings.from_environment(), workers=1, progress=False)
    records = json.loads(manifest.MANIFEST.read_text())
    assert "tariffbook/analysis/formula.py" in records["pages/b"]["inputs"]
    alone = nbformat.reads(kernels.execute(nbformat.writes(pages[1].nb), str(state))[0], as_version=4)
    assert manifest.merged(pages[1]).cells[1].outputs == alone.cells[1].outputs
