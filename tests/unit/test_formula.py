"""The 2 April formula (tariffbook.analysis.formula) and its page's sentences (tariffbook.analysis.prose.formula).

Issue 19, item 5: the page said rounding alone leaves a gap of up to one point (rounding to a whole percent leaves
half a point), left the European Union out, and never mentioned the record's critique of φ. The counts here come
from the record; the facts asserted cite the rows they come from.
"""

from __future__ import annotations

import numpy as np
import pytest

from tariffbook.analysis import formula
from tariffbook.analysis.prose import formula as prose
from tariffbook.analysis.prose import intro


@pytest.fixture(scope="module")
def recon():
    return formula.reconstruct().set_index("country")


def test_round_half_up_rounds_a_half_up_whatever_floating_point_made_of_it():
    assert list(formula.round_half_up([23.5, 24.5, 46.196914, 0.49])) == [24, 25, 46, 0]
    # 0.35 * 10 is 3.4999999999999996 in floating point, 3.5 on paper
    assert formula.round_half_up(0.35 * 10) == 4


def test_the_two_step_rule_gives_every_rate_but_japans_and_vietnams(recon):
    # Japan: Census 2024 first release, exports 79,740.8 and imports 148,208.6 (JPN.us_goods_exports.2024,
    # JPN.us_goods_imports.2024): 46.2%, rounded 46, halved 23; published 24 (JPN.tariff_rate_reciprocal.2025-04-02)
    assert (recon.loc["JPN", "charged_rounded"], recon.loc["JPN", "two_step"], recon.loc["JPN", "published"]) == (
        46,
        23,
        24,
    )
    # Vietnam: 90.4% rounds to 90, halved 45; published 46 (VNM.tariff_rate_reciprocal.2025-04-02)
    assert (recon.loc["VNM", "two_step"], recon.loc["VNM", "published"]) == (45, 46)
    assert set(recon.index[~recon["two_step_exact"]]) == {"JPN", "VNM"}
    # Laos: 94.97% rounds to 95, whose half 47.5 rounds up to 48, as published (LAO.tariff_rate_reciprocal.2025-04-02),
    # where the unrounded formula's 47.49 rounds to 47
    assert recon.loc["LAO", "two_step"] == recon.loc["LAO", "published"] == 48
    assert round(recon.loc["LAO", "computed"]) == 47


def test_the_european_union_is_among_the_partners(recon):
    # EU.us_goods_exports.2024 (370,189.2) and EU.us_goods_imports.2024 (605,760.4), USD million: 38.9%, rounded
    # 39, halved 19.5, rounded up 20, the published rate (EU.tariff_rate_reciprocal.2025-04-02)
    assert recon.loc["EU", "name"] == "European Union"
    assert recon.loc["EU", "two_step"] == recon.loc["EU", "published"] == 20
    assert np.isclose(recon.loc["EU", "charged_computed"], 100 * (605760.4 - 370189.2) / 605760.4)


def test_the_rule_sentence_counts_from_the_record(recon):
    k = formula.formula_inputs()
    text = prose.rule_summary(recon.reset_index(), k)
    exact = int(recon["two_step_exact"].sum())
    assert f"Of the {len(recon)} partners with 2024 trade figures and a published 2 April rate in the record" in text
    assert (
        f"it gives {exact} rates exactly; the exceptions are Japan (46% gives 23%, published 24%) and Vietnam" in text
    )
    assert "the European Union among them" in text


def test_rounding_leaves_half_a_point_and_the_page_says_where_it_is_exceeded(recon):
    text = prose.rounding_summary(recon.reset_index())
    assert "at most half a point" in text and "one point" not in text
    beyond = recon[recon["residual"].abs() > 0.5]
    assert {"JPN", "VNM", "LAO", "EU"} <= set(beyond.index)
    assert f"For {len(beyond)} of the {len(recon)} partners the gap is larger: Japan (+0.90 points)" in text
    assert "For Japan and Vietnam the rule gives a point less than the published rate" in text


def test_the_critique_of_phi_is_quoted_with_its_source(recon):
    k = formula.formula_inputs()
    text = prose.critique(recon.reset_index(), k)
    # ALL.import_price_passthrough_aei.2025-04, american-enterprise-institute-current-events (Reason, 7 April 2025)
    assert "“the elasticity of import prices with respect to tariffs should be about one (actually 0.945)" in text
    assert "The American Enterprise Institute wrote (quoted by [Reason, The Volokh Conspiracy, 7 April 2025](" in text
    assert "references.html#src-american-enterprise-institute-current-events)" in text
    assert "With φ = 0.945, ε·φ is 3.78 instead of 1" in text
    # the words a reader sees name no row
    shown = text.split("](")[0] + text.split(")")[-1]
    assert "import_price_passthrough" not in shown and "american-enterprise" not in shown


def test_a_later_vintage_is_said_and_not_known_before_it_came_out():
    # Syria's 2024 figures are Census's annual revision of June 2026 (SYR.us_goods_exports.2024): said on the page,
    # and absent from a book as of April 2025
    now = formula.reconstruct()
    assert "For Syria the record's 2024 figures are the Census Bureau's annual revision of June 2026" in (
        prose.vintage_note(now)
    )
    assert "SYR" not in set(formula.reconstruct(as_of="2025-04-15")["country"])


def test_the_introduction_states_the_rule_and_its_exceptions(recon):
    text = intro.key_findings()
    exact = int(recon["two_step_exact"].sum())
    assert f"gives {exact} of the {len(recon)} published 2 April rates in the record exactly" in text
    assert "the exceptions are Japan and Vietnam, each published a point higher than the rule gives" in text
    assert "within one point" not in text
