"""What the tariffs cost (issue 20): the published series, the headline rate beside them, the customs duties.

The expected values are the publishers' own: the Budget Lab at Yale's files in data/series/ (daily_overall.csv and
daily_by_authority.csv at commit 2e97e84, 10 March 2026; etr_by_partner.csv at commit 25e3deb, 4 March 2026), and
the record's rows named in each test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tariffbook.analysis import cost
from tariffbook.analysis.prose import cost as prose
from tariffbook.analysis.queries import source_line, timeline
from tariffbook.charts import cost as charts
from tariffbook.charts.common import meta
from tariffbook.data.series import series, series_info, series_sources
from tariffbook.notebook import params


def test_a_series_is_read_as_its_schema_types_it():
    daily = series("series-daily-overall")
    assert daily["date"].dtype.kind == "M" and daily["weighted_etr"].dtype.kind == "f"
    # daily_overall.csv, first row: 2025-01-01,basic,...,0.02546160095592477,...
    assert daily.iloc[0]["weighted_etr"] == pytest.approx(0.02546160095592477)


def test_an_unknown_series_names_the_series_there_are():
    with pytest.raises(KeyError, match="series-daily-overall"):
        series("series-daily-overal")


def test_a_series_says_who_published_it_when_and_under_which_licence():
    info = series_info("series-daily-overall")
    assert info["publisher"] == "The Budget Lab at Yale"
    assert info["commit"].startswith("2e97e84") and info["committed"] == "2026-03-10"
    assert info["licence"] == "MIT" and info["runs_through"] == "2026-03-10"
    assert info["hash"].startswith("sha256:")
    assert set(series_sources()["source_id"]) == {
        "series-daily-overall",
        "series-daily-by-authority",
        "series-etr-by-partner",
    }


def test_a_chart_of_a_series_cites_its_publisher_and_vintage():
    assert source_line(["series-daily-overall", "series-daily-by-authority"]) == (
        "Source: The Budget Lab at Yale (10 Mar 2026)"
    )


def test_the_average_rate_overall_and_by_authority():
    rates = cost.effective_rates()
    day = rates[rates["date"] == "2026-03-10"].set_index("authority")["rate"]
    # daily_overall.csv, 2026-03-10: weighted_etr 0.09991002053466118
    assert day["all"] == pytest.approx(9.991002053466118)
    # daily_by_authority.csv, 2026-03-10: etr_232 0.04425923641436981, etr_s122 0.033011411206007674
    assert day["section_232"] == pytest.approx(4.425923641436981)
    assert day["section_122"] == pytest.approx(3.3011411206007674)
    assert day["ieepa_reciprocal"] == 0 and day["ieepa_fentanyl"] == 0  # the ruling ended both on 24 Feb 2026


def test_the_authorities_add_up_to_the_additional_rate_on_every_day():
    """The publisher says each authority's rate is over all imports, so they add up to weighted_etr_additional."""
    rates = cost.effective_rates()
    parts = rates[rates["authority"] != "all"].groupby("date")["rate"].sum()
    additional = series("series-daily-overall").set_index("date")["weighted_etr_additional"] * 100
    assert (parts - additional.loc[parts.index]).abs().max() < 1e-9


def test_a_date_range_and_the_day_the_series_became_known():
    some = cost.effective_rates("2025-04-01", "2025-04-30")
    assert some["date"].min() == pd.Timestamp("2025-04-01") and some["date"].max() == pd.Timestamp("2025-04-30")
    assert cost.effective_rates(as_of="2026-03-09").empty  # committed on 10 March 2026
    assert not cost.effective_rates(as_of="2026-03-10").empty
    with pytest.raises(ValueError, match=r"start \(2025-05-01\) must not be after end \(2025-04-01\)"):
        cost.effective_rates("2025-05-01", "2025-04-01")


def test_the_headline_rate_beside_the_average_for_each_partner_group():
    gap = cost.partner_gap().set_index(["group", "date"])
    japan = gap.loc[("japan", pd.Timestamp("2025-10-17"))]
    # etr_by_partner.csv: 2025-10-17,Phase 2,japan,0.17817496...
    assert japan["effective"] == pytest.approx(17.8175, abs=1e-3)
    # JPN.tariff_rate_in_force.2025-08-07: 15% in total, the normal duty included (EO 14345)
    assert (japan["headline"], japan["headline_how"], japan["headline_label"]) == (15, "minimum_total", "15% total")
    assert japan["headline_text"] == "15% in total, including the normal duty"
    china = gap.loc[("china", pd.Timestamp("2025-04-17"))]
    assert china["headline"] == 145  # 125% reciprocal (EO 14266, as amended) and 20% fentanyl on 17 April 2025
    canada = gap.loc[("canada", pd.Timestamp("2026-02-25"))]
    assert pd.isna(canada["headline"]) and canada["headline_text"] == "not followed by the book"
    assert canada["effective"] == pytest.approx(3.8539, abs=1e-3)


def test_the_groups_compared_are_a_choice_and_an_unknown_one_is_named():
    assert set(cost.partner_gap(["japan", "eu"])["group"]) == {"japan", "eu"}
    with pytest.raises(ValueError, match=r"unknown partner group\(s\) \['narnia'\]; allowed: japan, china"):
        cost.partner_gap(["narnia"])


def test_the_publishers_own_figures_as_the_record_quotes_them():
    published = cost.published_rates().set_index("figure_id")["value"]
    # USA.us_avg_effective_tariff_rate.2025-09-04: the Budget Lab's 17.4% (State of U.S. Tariffs, 4 Sep 2025)
    assert published["USA.us_avg_effective_tariff_rate.2025-09-04"] == 17.4
    earlier = cost.published_rates(as_of="2025-08-01")["figure_id"]
    assert "USA.us_avg_effective_tariff_rate.2025-09-04" not in set(earlier)


def test_customs_duties_one_row_a_month_the_preferred_report():
    duties = cost.customs_duties().set_index("figure_id")
    # MNI: "USD8.2 billion" for March 2025 is preferred to Reuters' 8.75 (the Treasury's net figure agrees with it)
    assert duties.loc["USA.us_customs_duties.2025-03", "value"] == 8.2
    assert "USA.us_customs_duties.2025-03.2" not in duties.index
    assert "USA.us_customs_duties.2025-10-01_2026-01-31" not in duties.index  # a sum over months stays apart
    assert duties["month"].is_monotonic_increasing


def test_the_sentences_give_the_series_numbers_and_what_is_not_computed():
    text = prose.rate_summary(cost.effective_rates(), cost.OVERALL)
    assert text.startswith("In the series the Budget Lab at Yale committed on 10 March 2026")
    assert "stood at 10.0% on 10 March 2026, the series' last day, of which Section 232 4.4 points" in text
    assert "not computed here" in prose.duties_summary(cost.customs_duties())
    assert prose.rate_summary(cost.effective_rates(as_of="2026-01-01"), cost.OVERALL).startswith("The series is not")
    assert "“The Tariff Rate Tracker constructs statutory U.S. tariff rates" in cost.what_it_measures()


def test_the_charts_have_their_controls_notes_and_sources():
    rates, published = cost.effective_rates(), cost.published_rates()
    spec = charts.effective_rate_chart(rates, published, timeline(), "2025-03-01", "2099-01-01").to_dict()
    controls = {c["param"]: c for c in meta(spec)["controls"]}
    assert set(controls) == {"start", "end"}
    assert controls["end"]["value"] == "2026-03-10"  # a day after the series is its last day
    lines = [" ".join(r["lines"]) for rows in spec["datasets"].values() for r in rows if "lines" in r]
    assert any("EO 14257" in line for line in lines)
    gap = charts.partner_gap_chart(cost.partner_gap()).to_dict()
    options = meta(gap)["controls"][0]["options"]
    assert len(options) == 6 and options[-1][0] == "2026-02-25"


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"start": "2024-12-31"}, ValueError, r"'start' must be a date from 2025-01-01 \(the series' first day\)"),
        ({"end": "2027-01-01"}, ValueError, r"'end' must be a date up to 2026-11-23"),
        ({"partners": ["japan", "narnia"]}, ValueError, r"'partners': narnia is not a partner group"),
        ({"partners": 5}, TypeError, r"'partners' must be a list of names"),
    ],
)
def test_the_chapters_parameters_are_checked(values, error, message):
    given = {"start": "2025-01-01", "end": "latest", "partners": ["japan"], **values}
    with pytest.raises(error, match=message):
        params.check("what_it_cost", given, set())


def test_the_chapters_parameters_convert():
    p = params.check("what_it_cost", {"start": "2025-02-01", "end": "latest", "partners": "Japan, EU"}, set())
    assert (p.start, p.end, p.partners) == ("2025-02-01", "2026-11-23", ["japan", "eu"])
