"""Fixtures every test may use. The real data/ is never modified: tests that break data work on a copy in
tmp_path, and a session-wide check fails the run if data/ changed anyway."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tariffbook.data.paths import data_dir, files_sha256
from tests.helpers import Table


@pytest.fixture(scope="session", autouse=True)
def data_untouched():
    folder = data_dir()
    before = files_sha256(folder.iterdir(), label=lambda p: p.name)
    yield
    assert files_sha256(folder.iterdir(), label=lambda p: p.name) == before, "a test modified the real data/ folder"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the dataset to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(data_dir(), dst)
    return dst


@pytest.fixture
def table(data_copy):
    """table("figures"): an editor for one CSV of the private copy."""
    return lambda name: Table(data_copy, name)


@pytest.fixture(scope="session")
def built() -> dict:
    """Every chart of the book, built once per test process (a country page's for Japan).

    For the unit tests of the charts and the integration tests that draw them in other processes.
    """
    from tariffbook import charts, domain
    from tariffbook.analysis import cost, formula, refunds, spans, stages, talks, trade
    from tariffbook.analysis import queries as q
    from tariffbook.analysis.duties_over_time import group_spans
    from tariffbook.analysis.events import regime_notes
    from tariffbook.analysis.world import world_spans
    from tariffbook.charts import regimes as regime_charts
    from tariffbook.data.load import load_events

    end = load_events()["announced_on"].max()
    events = q.timeline()
    letters = spans.basis_segments(sorted(domain.LETTER14_MEMBERS))
    partners = spans.basis_segments(["JPN", "KOR", "TWN", "VNM"])
    return {
        "basis": regime_charts.basis_chart(partners, regime_notes(partners)),
        "letters": regime_charts.letter_partners_chart(letters, regime_notes(letters)),
        "refunds": charts.refunds_chart(refunds.refund_figures()),
        "trade years": charts.trade_years_chart(trade.trade_years(["JPN", "KOR", "TWN", "CHN"])),
        "stages": charts.stage_chart(stages.stage_points(["JPN", "KOR", "THA", "SGP"]), ["JPN", "KOR"]),
        "sectoral": charts.sectoral_chart(q.sectoral_rates()),
        "japan": charts.rate_step_chart(
            spans.rate_steps("JPN", end=end), q.announced_rates("JPN", end), "Japan", q.timeline(["JPN"])
        ),
        "timeline": charts.timeline_chart(events, ["JPN", "KOR", "THA", "IDN", "VNM"], end),
        "surplus": charts.surplus_chart(trade.trade_2024(), 15, ["JPN", "KOR"]),
        "flows": charts.trade_flows_chart(trade.trade_2024(), ["JPN"]),
        "surplus change": charts.surplus_change_chart(trade.trade_change(), ["JPN", "KOR"]),
        "formula": charts.formula_chart(formula.reconstruct(None, 0.5)),
        "talks": charts.talks_chart(talks.talks(["JPN", "KOR"])),
        "effective rate": charts.effective_rate_chart(cost.effective_rates(), cost.published_rates(), events),
        "partner gap": charts.partner_gap_chart(cost.partner_gap()),
        "customs duties": charts.customs_duties_chart(cost.customs_duties()),
        "duties": charts.duties_chart(group_spans("JPN"), "Japan"),
        "duties china": charts.duties_chart(group_spans("CHN"), "China"),
        "world": charts.world_map(world_spans(), "2025-08-07"),
    }
