"""A partner's duty by product group (tb.duties_in_force) and over time (group_spans), against dated facts.

The facts are those of the cost round's fact sheet (staging/cost/sectoral_facts_jpn_kor.csv, issue 20) whose
figure rows are in data/figures.csv: each line cites the row. Where the sheet cites a report that is not the
preferred one, the preferred row of the same quantity answers (its id is the cited id with a '.N' suffix) and
the comment names it. Left out: the sheet's facts with no row in the record (Japan's lumber on 1 September 2025
and patented pharmaceuticals on 1 March 2026, exempt from the reciprocal and Section 122 duties: no row says so;
Korea's small drones: its row id is not in the record).
"""

from __future__ import annotations

import pandas as pd
import pytest

import tariffbook as tb
from tariffbook.analysis.duties import COUNTRY_WIDE, SCHEDULED
from tariffbook.analysis.duties_over_time import group_spans

NON_METAL = "non-metal content"
"""`stacks` while a metal's Section 232 duty applied to the metal content only (the rest paid the country-wide duty)."""

FACTS = [
    # (country, group, day, rate, applies_as, stacks, legal basis, instrument, figure row)
    # Proclamation 10908: 25% on cars from 3 April 2025 (ALL.tariff_rate_sectoral.autos.2025-04-03; preferred: .3,
    # the proclamation's own text); EO 14257 sec. 3(b)(iii): no reciprocal duty on top
    ("JPN", "autos", "2025-06-01", 25, "additional", "no", "section_232", "Proclamation 10908",
     "ALL.tariff_rate_sectoral.autos.2025-04-03"),
    # EO 14345 and FR 2025-17908: Japan's cars 15% in total from 16 September 2025
    # (JPN.tariff_rate_sectoral.autos.2025-09-16; preferred: .4, the order's text)
    ("JPN", "autos", "2025-10-01", 15, "minimum_total", "no", "section_232", "EO 14345; FR 2025-17908",
     "JPN.tariff_rate_sectoral.autos.2025-09-16"),
    # auto parts: 25% from 3 May 2025 (ALL.tariff_rate_sectoral.auto_parts.2025-05-03; preferred: .3)
    ("JPN", "auto_parts", "2025-06-01", 25, "additional", "no", "section_232", "Proclamation 10908",
     "ALL.tariff_rate_sectoral.auto_parts.2025-05-03"),
    # then 15% in total with the cars (JPN.tariff_rate_sectoral.auto_parts.2025-09-16; preferred: .4)
    ("JPN", "auto_parts", "2025-10-01", 15, "minimum_total", "no", "section_232", "EO 14345; FR 2025-17908",
     "JPN.tariff_rate_sectoral.auto_parts.2025-09-16"),
    # steel 25% from 12 March 2025 (Proclamation 10896)
    ("JPN", "steel", "2025-05-01", 25, "additional", "no", "section_232", "Proclamation 10896",
     "ALL.tariff_rate_sectoral.steel.2025-03-12"),
    # 50% from 4 June 2025, the country-wide duty on the rest of a derivative (Proclamation 10947 cl. 1 and 6)
    ("JPN", "steel", "2025-07-01", 50, "additional", NON_METAL, "section_232", "Proclamation 10947",
     "ALL_EX_GBR.tariff_rate_sectoral.steel.2025-06-04.3"),
    ("JPN", "aluminium", "2025-07-01", 50, "additional", NON_METAL, "section_232", "Proclamation 10947",
     "ALL_EX_GBR.tariff_rate_sectoral.aluminium.2025-06-04.3"),
    # 50% on the full value from 6 April 2026 (the metals proclamation of 2 April 2026)
    ("JPN", "steel", "2026-05-01", 50, "additional", "no", "section_232", "Proclamation 11021",
     "ALL.tariff_rate_sectoral.steel.2026-04-06"),
    # Annex I-C steel and aluminium articles: 15% in total for Japan from 8 June 2026
    ("JPN", "metal_derivatives", "2026-07-01", 15, "minimum_total", "no", "section_232",
     "Proclamation 11021; Proclamation 11032", "JPN.tariff_rate_sectoral.metal_derivatives.2026-06-08"),
    # copper 50% from 1 August 2025 on the copper content (Proclamation 10962 cl. 1 and 4), full value from 2026
    ("JPN", "copper", "2025-09-01", 50, "additional", NON_METAL, "section_232", "Proclamation 10962",
     "ALL.tariff_rate_sectoral.copper.2025-08-01"),
    ("JPN", "copper", "2026-05-01", 50, "additional", "no", "section_232", "Proclamation 11021",
     "ALL.tariff_rate_sectoral.copper.2026-04-06"),
    # medium and heavy trucks 25%, buses 10%, from 1 November 2025 (Proclamation 10984)
    ("JPN", "trucks", "2025-12-01", 25, "additional", "no", "section_232", "Proclamation 10984",
     "ALL.tariff_rate_sectoral.trucks.2025-11-01"),
    ("JPN", "buses", "2025-12-01", 10, "additional", "no", "section_232", "Proclamation 10984",
     "ALL.tariff_rate_sectoral.buses.2025-11-01"),
    # softwood lumber 10%, Japan's upholstered furniture and kitchen cabinets 15% in total, from 14 October 2025
    ("JPN", "lumber", "2025-11-01", 10, "additional", "no", "section_232", "Proclamation 10976",
     "ALL.tariff_rate_sectoral.lumber.2025-10-14"),
    ("JPN", "upholstered_furniture", "2025-11-01", 15, "minimum_total", "no", "section_232", "Proclamation 10976",
     "JPN.tariff_rate_sectoral.upholstered_furniture.2025-10-14"),
    ("JPN", "kitchen_cabinets", "2026-03-01", 15, "minimum_total", "no", "section_232", "Proclamation 10976",
     "JPN.tariff_rate_sectoral.kitchen_cabinets.2025-10-14"),
    # the semiconductors of Proclamation 11002's Annex: 25% from 15 January 2026
    ("JPN", "semiconductors", "2026-02-01", 25, "additional", "no", "section_232", "Proclamation 11002",
     "ALL.tariff_rate_sectoral.semiconductors.2026-01-15"),
    # patented pharmaceuticals: 15% in total for Japan from 31 July 2026 (Proclamation 11020 cl. 3(c))
    ("JPN", "pharmaceuticals", "2026-08-15", 15, "minimum_total", "no", "section_232", "Proclamation 11020",
     "JPN.tariff_rate_sectoral.pharmaceuticals.2026-07-31"),
    # drones: at most 15% in total for Japan from 3 September 2026 (instrument not identified in the sources)
    ("JPN", "drones", "2026-10-01", 15, "minimum_total", "no", "section_232", None,
     "JPN.tariff_rate_sectoral.drones.2026-09-03"),
    # Korea's cars paid the 25% until its deal was implemented (ALL.tariff_rate_sectoral.autos.2025-04-03; .3)
    ("KOR", "autos", "2025-10-01", 25, "additional", "no", "section_232", "Proclamation 10908",
     "ALL.tariff_rate_sectoral.autos.2025-04-03"),
    # FR 2025-21940: 15% in total on Korean cars and parts, retroactive to 1 November 2025
    ("KOR", "autos", "2025-12-01", 15, "minimum_total", "no", "section_232", "FR 2025-21940",
     "KOR.tariff_rate_sectoral.autos.2025-11-01"),
    ("KOR", "auto_parts", "2025-11-05", 15, "minimum_total", "no", "section_232", "FR 2025-21940",
     "KOR.tariff_rate_sectoral.auto_parts.2025-11-01"),
    # upholstered furniture: 25% from 14 October 2025, Korea capped at 15% in total from 14 November 2025
    ("KOR", "upholstered_furniture", "2025-11-01", 25, "additional", "no", "section_232", "Proclamation 10976",
     "ALL.tariff_rate_sectoral.upholstered_furniture.2025-10-14"),
    ("KOR", "upholstered_furniture", "2025-12-01", 15, "minimum_total", "no", "section_232", "FR 2025-21940",
     "KOR.tariff_rate_sectoral.upholstered_furniture.2025-11-14"),
    ("KOR", "kitchen_cabinets", "2026-01-15", 15, "minimum_total", "no", "section_232", "FR 2025-21940",
     "KOR.tariff_rate_sectoral.kitchen_cabinets.2025-11-14"),
    ("KOR", "lumber", "2025-12-01", 10, "additional", "no", "section_232", "Proclamation 10976",
     "ALL.tariff_rate_sectoral.lumber.2025-10-14"),
    ("KOR", "metal_derivatives", "2026-07-01", 15, "minimum_total", "no", "section_232",
     "Proclamation 11021; Proclamation 11032", "KOR.tariff_rate_sectoral.metal_derivatives.2026-06-08"),
    # Korea's steel: the 50% of all partners, no rate of its own (the relief it asked for is not in the record)
    ("KOR", "steel", "2025-07-01", 50, "additional", NON_METAL, "section_232", "Proclamation 10947",
     "ALL_EX_GBR.tariff_rate_sectoral.steel.2025-06-04.3"),
    ("KOR", "copper", "2026-05-01", 50, "additional", "no", "section_232", "Proclamation 11021",
     "ALL.tariff_rate_sectoral.copper.2026-04-06"),
    # Section 122 'shall not apply in addition to tariffs imposed under section 232' (cl. 4)
    ("KOR", "trucks", "2026-03-01", 25, "additional", "no", "section_232", "Proclamation 10984",
     "ALL.tariff_rate_sectoral.trucks.2025-11-01"),
    ("KOR", "semiconductors", "2026-02-01", 25, "additional", "no", "section_232", "Proclamation 11002",
     "ALL.tariff_rate_sectoral.semiconductors.2026-01-15"),
    # the second stage of Proclamation 11020, 29 September 2026, covers all companies
    ("KOR", "pharmaceuticals", "2026-10-01", 15, "minimum_total", "no", "section_232", "Proclamation 11020",
     "KOR.tariff_rate_sectoral.pharmaceuticals.2026-07-31"),
]  # fmt: skip


def _same_quantity(found: str, cited: str) -> bool:
    """The row cited, or another report of the same quantity (its id with a '.N' suffix)."""
    return found == cited or (found.startswith(cited + ".") and found[len(cited) + 1 :].isdigit())


@pytest.mark.parametrize("country,group,day,rate,applies_as,stacks,basis,instrument,figure_id", FACTS)
def test_a_product_groups_duty_on_a_day(country, group, day, rate, applies_as, stacks, basis, instrument, figure_id):
    assert figure_id in set(tb.load_figures()["figure_id"])  # the fact's row is in the record
    row = tb.duties_in_force(country, day).set_index("group").loc[group]
    assert row["status"] == "in_force"
    assert (row["rate"], row["applies_as"], row["stacks"]) == (rate, applies_as, stacks)
    assert row["legal_basis"] == basis
    assert row["instrument"] == instrument if instrument else pd.isna(row["instrument"])
    assert _same_quantity(row["figure_id"], figure_id), row["figure_id"]


def test_the_facts_are_at_least_twelve_for_each_partner():
    assert sum(f[0] == "JPN" for f in FACTS) >= 12 and sum(f[0] == "KOR" for f in FACTS) >= 12


def test_a_group_without_a_rate_of_its_own_is_said_so_and_the_country_wide_row_answers():
    """1 September 2025: Japan's furniture had no Section 232 rate yet (it came on 14 October 2025); the first row
    is Japan's 15% in total under EO 14345 (JPN.tariff_rate_in_force.2025-08-07)."""
    d = tb.duties_in_force("JPN", "2025-09-01").set_index("group")
    assert d.index[0] == COUNTRY_WIDE
    wide = d.loc[COUNTRY_WIDE]
    assert (wide["rate"], wide["applies_as"], wide["legal_basis"], wide["instrument"]) == (
        15, "minimum_total", "ieepa", "EO 14345"
    )  # fmt: skip
    assert wide["figure_id"] == "JPN.tariff_rate_in_force.2025-08-07"
    assert d.loc["upholstered_furniture", "status"] == "not_in_record"
    assert pd.isna(d.loc["upholstered_furniture", "rate"])


def test_a_rate_announced_for_after_the_day_is_scheduled_with_no_rate_yet():
    """Polysilicon: 15% in total for Japan from 4 December 2026 (JPN.tariff_rate_sectoral.polysilicon.2026-12-04,
    proclaimed 6 August 2026), after the horizon: on 23 November 2026 the group has no duty of its own yet."""
    row = tb.duties_in_force("JPN", "2026-11-23").set_index("group").loc["polysilicon"]
    assert row["status"] == SCHEDULED and pd.isna(row["rate"])
    assert row["note"] == "15% in total, including the normal duty from 4 December 2026"
    assert row["figure_id"] == "JPN.tariff_rate_sectoral.polysilicon.2026-12-04"


def test_a_retroactive_rate_is_read_as_the_record_stood():
    """Korea's 15% on cars was published on 3 December 2025, retroactive to 1 November
    (KOR.tariff_rate_sectoral.autos.2025-11-01): on 15 November as known then, still the 25%."""
    then = tb.duties_in_force("KOR", "2025-11-15", known_on="2025-11-15").set_index("group").loc["autos"]
    now = tb.duties_in_force("KOR", "2025-11-15").set_index("group").loc["autos"]
    assert (then["rate"], now["rate"]) == (25, 15)


# ---------------------------------------------------------------- over time


@pytest.fixture(scope="module")
def japan() -> pd.DataFrame:
    return group_spans("JPN")


def test_japans_cars_fall_from_25_on_top_to_15_in_total(japan):
    """The issue's "27.5% to 15%": the rows say 25% on top of the normal duty (Proclamation 10908) from 3 April
    2025, then 15% in total (EO 14345; FR 2025-17908) from 16 September 2025."""
    cars = japan[(japan["group"] == "autos") & (japan["status"] == "in_force")]
    assert cars[["start", "rate", "applies_as"]].values.tolist() == [
        [pd.Timestamp("2025-04-03"), 25, "additional"],
        [pd.Timestamp("2025-09-16"), 15, "minimum_total"],
    ]
    assert cars["end"].iloc[-1] == tb.horizon()


def test_steel_stays_at_50_while_the_headline_moves(japan):
    """From 4 June 2025 (Proclamation 10947) to the horizon Japan's steel paid 50%; the headline went from 10% to
    15% (EO 14345), 10% (Section 122) and 12.5% (Section 301) meanwhile."""
    steel = japan[(japan["group"] == "steel") & (japan["start"] >= pd.Timestamp("2025-06-04"))]
    assert set(steel["rate"]) == {50} and steel["end"].iloc[-1] == tb.horizon()
    wide = japan[(japan["group"] == COUNTRY_WIDE) & (japan["start"] >= pd.Timestamp("2025-06-04"))]
    assert {10, 15, 12.5} <= set(wide["rate"])
    assert list(dict.fromkeys(wide["legal_basis"])) == ["ieepa", "section_122", "section_301"]


@pytest.mark.parametrize("country", ["JPN", "KOR", "CHN"])
def test_each_span_is_duties_in_force_on_its_first_day(country):
    spans = group_spans(country)
    for _, g in spans.groupby("group", sort=False):
        assert (g["start"].iloc[1:].to_numpy() == (g["end"].iloc[:-1] + pd.Timedelta(days=1)).to_numpy()).all()
    fields = ["rate", "status", "applies_as", "legal_basis", "instrument", "stacks", "figure_id"]
    for day in sorted(set(spans["start"]) | {tb.horizon()}):  # spans meet: each ends the day before the next
        on = tb.duties_in_force(country, day).set_index("group")
        now = spans[(spans["start"] <= day) & (spans["end"] >= day)].set_index("group")
        assert list(now.index) == list(on.index)  # one span per group on every day, in the table's order
        for col in fields:
            a, b = now[col], on[col]
            assert all((pd.isna(x) and pd.isna(y)) or x == y for x, y in zip(a, b, strict=True)), (day, col)
