"""The world on a day (issue 22, item 4): the partners the record names, their duty spans, and the map.

Expected values are the record's rows named in each test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tariffbook.analysis.world import named_partners, numeric, world_spans
from tariffbook.charts.common import meta
from tariffbook.charts.world import ANTARCTICA, geometry, world_map


@pytest.fixture(scope="module")
def spans() -> pd.DataFrame:
    """world_spans() to the horizon, computed once for the module (it asks rate_in_force of every partner)."""
    return world_spans()


def test_the_partners_named_are_the_records_own_and_their_groups_members():
    named = named_partners()
    assert {"JPN", "KOR", "CHN", "VNM", "BRA"} <= set(named)
    assert "DEU" in named and "FRA" in named  # through the EU's rows (EU.tariff_rate_in_force.2026-07-24)
    assert not {"CAN", "MEX", "USA"} & set(named)  # outside the rate model, or not a partner
    assert "CUB" not in named  # Column 2 (EO 14257 sec. 3(b)(v)) is not confirmed for it: not drawn as paying 10%


def test_each_span_has_the_rate_and_how_a_chart_writes_it(spans):
    korea = spans[spans["country"] == "KOR"].set_index("start")
    # KOR.tariff_rate_in_force.2025-11-14: 15% in total, including the normal duty (CSMS # 67045953)
    assert korea.loc[pd.Timestamp("2025-11-14"), "label"] == "15% total"
    # KOR.tariff_rate_in_force.2025-08-07: 15% on top of the normal duty (EO 14326)
    assert korea.loc[pd.Timestamp("2025-08-07"), "label"] == "+15%"
    assert (spans["numeric"] == numeric("KOR")).sum() == len(korea) and numeric("JPN") == "392"
    firsts = spans.groupby("country")["start"].min()
    assert firsts["CHN"] == pd.Timestamp("2025-04-02")  # the fentanyl duty of March 2025 is in force on day one
    assert firsts.drop("CHN").min() == pd.Timestamp("2025-04-05")  # the 10% baseline, the first headline tariff
    assert spans["end"].max() == pd.Timestamp("2026-11-23")  # the horizon


def test_a_day_before_the_horizon_ends_the_spans_there():
    assert world_spans("2025-12-31")["end"].max() == pd.Timestamp("2025-12-31")


def test_the_map_has_the_world_without_antarctica_and_a_day_control(spans):
    assert all(g.get("id") != ANTARCTICA for g in geometry()["objects"]["countries"]["geometries"])
    spec = world_map(spans, "2025-08-07").to_dict()
    controls = meta(spec)["controls"]
    assert [c["param"] for c in controls] == ["on"] and controls[0]["value"] == "2025-08-07"
    # JPN.tariff_rate_in_force.2025-08-07: 15% in total, as EO 14345 set it retroactively (the preferred row)
    assert "Japan 15% total" in spec["description"]


def test_a_column_2_partner_paid_no_reciprocal_duty_but_the_section_122_surcharge(spans):
    """RUS.tariff_rate_baseline.2025-04-05 and RUS.tariff_rate_in_force.2025-04-10 (EO 14257 sec. 3(b)(v); HTSUS
    9903.01.25 excepts 9903.01.29), ALL.tariff_rate_in_force.2026-02 (Section 122, no Column 2 exception) and
    RUS.tariff_rate_in_force.2026-07-24 (the forced-labor memorandum's 12.5% for all other investigated economies)."""
    russia = spans.query("country == 'RUS'").set_index("start")["label"]
    assert russia[pd.Timestamp("2025-04-05")] == "no duty"
    assert russia[pd.Timestamp("2026-02-24")] == "+10%"
    assert russia[pd.Timestamp("2026-07-24")] == "+12.5%"


def test_the_maps_export_holds_the_rates_not_the_geometry(spans):
    """The map's TopoJSON is a dataset too (a dict, not rows): the CSV under the map holds the sourced rates only."""
    from tariffbook.charts import exports

    spec = world_map(spans, "2025-08-07").to_dict()
    assert any(isinstance(rows, dict) for rows in spec["datasets"].values())
    rows = exports.plotted_rows(spec)
    assert rows and all("source_id" in r for r in rows)
    assert "arcs" not in exports.csv_text(rows).splitlines()[0]
