"""The charts without a book: builders, size rules, controls, notes, labels, tables, exports, the notebook output.

Exports are drawn with vl-convert here (a second each at most), so the rules the page relies on are checked
on the images themselves: no label cut short, the formula's what-if arithmetic in the spec equal to pandas'. The
same bytes from every process whatever its time zone: tests/integration/test_charts.py. The charts themselves are
built once, by the `built` fixture (tests/conftest.py).
"""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest

from tariffbook import charts, words
from tariffbook.analysis import formula, stages
from tariffbook.analysis import queries as q
from tariffbook.charts import controls, exports, notes, render, tables
from tariffbook.charts.common import meta


def _words(svg: str) -> str:
    """The text of an SVG, each text element's lines joined by spaces."""
    found = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in found)


def _svg(spec: dict, narrow: bool = False, mode: str = "light") -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(exports.export_spec(spec, narrow, mode))


def test_every_chart_is_one_view_with_a_name_a_description_and_narrow_values(built):
    names = set()
    for chart in built.values():
        spec = chart.to_dict()
        info = meta(spec)
        assert "mark" in spec or "layer" in spec  # never a concat or facet: they cannot fit their box
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert re.fullmatch(r"[a-z0-9-]+", info["name"]) and info["name"] not in names
        names.add(info["name"])
        assert len(spec["description"]) > 40
        assert info["narrow"]["width"] == 358 and info["narrow"]["title"]["text"]
        assert {p["name"] for p in spec["params"]} >= {"narrow", *(c["param"] for c in info["controls"])}
    assert "japan-rate-in-force" in names


def test_a_sectoral_rate_due_after_the_books_day_reads_as_scheduled(built):
    """The polysilicon proclamation of 6 August 2026 sets 15% from 4 December 2026, after the record's horizon
    (23 November 2026): the chart must not say the rate took effect."""
    rows = [r["row"] for r in next(iter(built["sectoral"].to_dict()["datasets"].values()))]
    poly = [r for r in rows if r.startswith("Polysilicon")]
    assert poly and all(r.endswith("from 4\u00a0Dec\u00a02026, scheduled") for r in poly), poly
    # the other rates due after the horizon, since December 2026: upholstered furniture 30% and kitchen cabinets 50%
    # from 1 January 2027 (ALL.tariff_rate_sectoral.upholstered_furniture.2027-01-01, .kitchen_cabinets.2027-01-01)
    # and drone components 25% from 9 February 2027 (ALL.tariff_rate_sectoral.drone_components.2027-02-09)
    later = ("Upholstered furniture · All partners · from 1\u00a0Jan\u00a02027, scheduled",
             "Kitchen cabinets · All partners · from 1\u00a0Jan\u00a02027, scheduled",
             "Drone components · All partners · from 9\u00a0Feb\u00a02027, scheduled")  # fmt: skip
    assert sorted(r for r in rows if r.endswith("scheduled") and not r.startswith("Polysilicon")) == sorted(later)


def test_the_timeline_reaches_the_horizon_not_only_the_last_event():
    """The record is checked through 23 November 2026 (data/datapackage.json) though its last event is of
    25 September: the timeline's 'as of' runs to the horizon, so the default view reads 'as of 23 Nov 2026'."""
    from tariffbook.data.load import horizon

    info = meta(charts.timeline_chart(q.timeline(), ["JPN"], "2026-11-23").to_dict())
    (day,) = [c for c in info["controls"] if c["param"] == "as_of"]
    assert day["high"] == horizon().date().isoformat() == "2026-11-23" and day["value"] == "2026-11-23"


def test_pages_controls_are_the_ones_the_issue_asks_for(built):
    wanted = {
        "stages": ["countries", "as_of"],
        "timeline": ["countries", "as_of"],
        "surplus": ["top_n", "highlighted"],
        "formula": ["floor", "discount"],
        "japan": ["as_of"],
        "basis": ["as_of"],
        "letters": [],
        "effective rate": ["start", "end"],
        "partner gap": ["on"],
        "customs duties": [],
        "world": ["on"],
    }
    for key, params in wanted.items():
        assert [c["param"] for c in meta(built[key].to_dict())["controls"]] == params, key


@pytest.mark.parametrize("narrow", [False, True])
def test_no_exported_label_is_cut_short_and_the_width_is_the_boxs(built, narrow):
    for key, chart in built.items():
        svg = _svg(chart.to_dict(), narrow)
        assert not re.search(r"…\s*</text>", svg), key
        width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
        assert width == (358 if narrow else 640), key


def test_dark_exports_have_the_light_ones_size(built):
    spec = built["timeline"].to_dict()
    size = re.compile(r'<svg[^>]*\swidth="([\d.]+)" height="([\d.]+)"')
    assert size.search(_svg(spec, False, "light")).groups() == size.search(_svg(spec, False, "dark")).groups()
    assert "#ced6dd" in _svg(spec, False, "dark") and "#ced6dd" not in _svg(spec, False, "light")


@pytest.mark.parametrize(("floor", "discount"), [(10, 0.5), (15, 0.6), (5, 0.3)])
def test_formula_what_if_in_the_spec_matches_pandas(built, floor, discount):
    """The page recomputes the formula in the spec's transforms: drawn with other control values, the chart
    says how many published rates the two-step rule gives exactly, as pandas counts them."""
    spec = built["formula"].to_dict()
    for p in spec["params"]:
        if p["name"] in ("floor", "discount"):
            p["value"] = str(floor if p["name"] == "floor" else discount)  # an input's value is a string
    recon = formula.reconstruct(floor, discount)
    expected = int(recon["two_step_exact"].sum())
    text = _words(_svg(spec))
    assert f"{expected} of {len(recon)} published rates as the two-step rule gives them" in text


def test_notes_never_overlap_and_the_letters_of_7_july_are_one(built):
    events = q.timeline()
    found = notes.key_events(events, ("letter",))
    july = found[found["day"] == pd.Timestamp("2025-07-07")]
    assert list(july["lines"].iloc[0]) == ["7\u00a0Jul\u00a02025", "Letters to 14 partners"]
    placed = notes.place(notes.key_events(events), events["announced_on"].min(), events["announced_on"].max(),
                         {False: 400, True: 200})  # fmt: skip
    span = (events["announced_on"].max() - events["announced_on"].min()).days
    for narrow, suffix in ((False, "w"), (True, "n")):
        px = 200 if narrow else 400
        boxes = {}
        for _, n in placed[placed[f"lane_{suffix}"] >= 0].iterrows():
            x = (n["day"] - events["announced_on"].min()).days / span * px
            w = max(map(len, n["lines"])) * notes.CHAR_PX + 8
            box = (x, x + w) if n[f"align_{suffix}"] == "left" else (x - w, x)
            assert box[0] >= -1 and box[1] <= px + 1
            for other in boxes.get(n[f"lane_{suffix}"], []):
                assert box[1] < other[0] or box[0] > other[1]
            boxes.setdefault(n[f"lane_{suffix}"], []).append(box)
        assert boxes  # some notes placed


def test_rate_chart_reads_out_the_legal_basis_where_the_data_has_it(built):
    """The analysis layer adds legal_basis, instrument and applies_as to the rate steps: the chart names each
    change of legal basis above the plot and reads it out under it; without them it still draws."""
    steps = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-04-05", "2026-02-24", "2026-07-24", "2026-09-30"]),
            "rate": [10.0, 10.0, 12.5, 12.5],
            "figure_ids": ["a", "b", "c", "c"],
            "source_id": ["s", "s", "s", "s"],
            "legal_basis": ["ieepa", "section_122", "section_301", "section_301"],
            "instrument": ["EO 14257", "Proclamation 11012", None, None],
            "applies_as": ["additional", "additional", "minimum_total", "minimum_total"],
        }
    )
    announced = q.announced_rates("JPN", "2025-12-31").iloc[0:0]
    svg = _svg(charts.rate_step_chart(steps, announced, "Japan").to_dict())
    text = _words(svg)
    assert "Section 122: 10%" in text and "Section 301: 12.5%" in text
    assert "On 30 Sep 2026: 12.5% in force (Section 301; in total, including the normal duty)" in text


def test_controls_are_labelled_native_inputs_with_dates_in_words():
    day = controls.date("as_of", "As of", "2025-04-02", "2026-11-23", "2025-07-08")
    assert day.vega_value() == 97 and day.shown() == "8 Jul 2025"
    box = controls.checklist("countries", "Countries", [(f"C{i}", f"Country {i}") for i in range(9)], ["C1", "X"])
    assert box.value == ["C1"]  # unknown codes dropped
    html_ = controls.form_html("timeline", "What was announced", [day, box])
    assert '<label for="tb-timeline-as-of">As of</label>' in html_
    assert 'aria-valuetext="8 Jul 2025"' in html_ and ">8 Jul 2025</output>" in html_
    assert "<legend>Countries</legend>" in html_ and "<summary>1 of 9 chosen: Country 1</summary>" in html_
    assert 'role="status" aria-live="polite"' in html_
    spec = {"params": [day.vega_param("timeline").param.to_dict(), box.vega_param("timeline").param.to_dict()]}
    bound = controls.jupyter_bindings(spec, [day, box])
    assert bound["params"][0]["bind"]["input"] == "range" and "bind" not in bound["params"][1]


def test_labels_are_words_never_codes():
    assert [words.label(c) for c in ("court_ruling", "struck_down", "auto_parts", "section_301", "ieepa")] == [
        "Court ruling",
        "Struck down",
        "Auto parts",
        "Section 301",
        "IEEPA",
    ]
    assert words.label("a_new_code") == "A new code" and words.label("Japan") == "Japan"
    assert words.legal_basis_text("section_122", "Proclamation 11012", "additional") == (
        "Section 122, Proclamation 11012; on top of the normal duty"
    )


def test_table_cells_read_as_numbers_and_dates():
    cell = tables.cell_text
    assert cell(42.316300000000005) == "42.3" and cell(15.0) == "15" and cell(0.04041) == "0.0404"
    assert cell(pd.Timestamp("2025-07-07")) == "7 Jul 2025" and cell("2025-07-07T00:00:00") == "7 Jul 2025"
    assert cell("struck_down", "status") == "Struck down" and cell(-0.21, "residual") == "−0.21"
    # a gap to the formula in hundredths: Laos's 0.5146 is over half a point (LAO.tariff_rate_reciprocal.2025-04-02)
    assert cell(0.5146, "residual") == "+0.51" and cell(-93.3302, "change") == "−93.3"
    assert cell(None) == "" and cell(float("nan")) == ""
    assert cell("2026-03") == "March 2026" and cell("2026-03", "period") == "March 2026"  # a month period


def test_chart_csv_keeps_raw_values_with_iso_dates(built):
    spec = built["timeline"].to_dict()
    text = exports.csv_text(exports.plotted_rows(spec))
    header = text.splitlines()[0].split(",")
    assert "event_type" in header and "status" in header and "covers" not in header
    assert "event_type_label" not in header and "T00:00:00" not in text
    assert "court_ruling" in text  # raw codes stay in the CSV


def test_svg_ids_are_renumbered_per_file():
    one = '<clipPath id="clip7"/><g clip-path="url(#clip7)"/><linearGradient id="gradient_3"/><x href="#clip9"/>'
    assert exports.normalise_svg(one) == (
        '<clipPath id="clip1"/><g clip-path="url(#clip1)"/><linearGradient id="gradient_0"/><x href="#clip2"/>'
    )


def test_notebook_output_carries_a_static_image_inside_its_html(built):
    bundle = render.notebook_output(built["flows"].to_dict(), static=True)
    assert bundle["image/svg+xml"].startswith("<svg")
    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', bundle["text/html"])
    assert found and base64.b64decode(found.group(1)).decode() == bundle["image/svg+xml"]
    assert found.group(2).startswith("Dot plot of US goods exports")
    assert "vegaEmbed" in bundle["text/html"]


def test_the_duties_chart_draws_each_group_with_a_rate_the_country_wide_first(built):
    """Japan's page: the country-wide row first, then each product group with a rate of its own (autos '+25%' then
    '15% total': ALL.tariff_rate_sectoral.autos.2025-04-03.3, JPN.tariff_rate_sectoral.autos.2025-09-16.4);
    polysilicon (15% from 4 December 2026, JPN.tariff_rate_sectoral.polysilicon.2026-12-04) has no rate by the
    horizon: not drawn, and the subtitle says so."""
    spec = built["duties"].to_dict()
    rows = exports.plotted_rows(spec)
    groups = list(dict.fromkeys(r["product_group"] for r in rows))
    assert groups[0] == "All goods (country-wide)" and "Polysilicon" not in groups
    cars = [r["duty"] for r in rows if r["group"] == "autos"]
    assert cars == ["+25%", "15% total"]
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "rates due later: Polysilicon (4 December 2026)" in subtitle
    assert "'+25%': on top of the normal duty; '15% total'" in subtitle
    text = _words(_svg(spec))
    assert "15% total" in text and "+50%" in text  # the labels are drawn, not only in the data


def test_the_duties_chart_tells_china_s_lists_apart_by_colour_not_by_name(built):
    rows = exports.plotted_rows(built["duties china"].to_dict())
    names = set(r["product_group"] for r in rows)
    # ' (Section 301)' dropped where no other group is then called the same; kept for semiconductors
    assert "Section 301 List 3" in names and "Semiconductors (Section 301)" in names and "Semiconductors" in names
    assert "Electric vehicles" in names and "Electric vehicles (Section 301)" not in names


def test_the_stage_chart_is_on_a_date_axis_through_the_horizon(built):
    """Issue 19, item 7: stages on a date axis, the slider through the record's horizon, a title saying the period
    from the data, and totals told apart from rates on top, with a legend."""
    spec = built["stages"].to_dict()
    info = meta(spec)
    (day,) = [c for c in info["controls"] if c["param"] == "as_of"]
    assert day["high"] == "2026-11-23" and day["value"] == "2026-11-23"  # the horizon (datapackage.json)
    assert info["title"] == "Each partner's headline rate, stage by stage, from 2 April 2025 to 23 November 2026"
    encodings = [layer.get("encoding", {}) for layer in spec["layer"]]
    assert all(e["x"]["type"] == "temporal" for e in encodings if "x" in e)
    text = _words(_svg(spec))
    assert "How the rate applies" in text
    assert "In total, including the normal duty" in text and "On top of the normal duty" in text
    assert "12.5% total" not in text  # labels only when one partner is compared
    one = charts.stage_chart(stages.stage_points(["JPN"]), ["JPN"])
    said = _words(_svg(one.to_dict()))
    # ALL.tariff_rate_in_force.2026-02 (+10%), JPN.tariff_rate_in_force.2026-07-24 (12.5% in total)
    assert "+10%" in said and "12.5% total" in said


def test_the_country_chart_tells_totals_from_rates_on_top_and_names_its_hollow_marks(built):
    """Issue 19, item 7: Japan's 12.5% in total from 24 July 2026 (JPN.tariff_rate_in_force.2026-07-24) drawn like
    the 10% on top before it read as a rise; the hollow marks had no legend."""
    spec = built["japan"].to_dict()
    dashes = [layer["encoding"]["strokeDash"] for layer in spec["layer"] if "strokeDash" in layer.get("encoding", {})]
    assert dashes and dashes[0]["scale"]["domain"] == [
        "On top of the normal duty",
        "In total, including the normal duty",
    ]
    for narrow in (False, True):
        text = _words(_svg(spec, narrow))
        assert "Rate in force" in text and "Announced, not (yet) in force" in text
        assert "In total, including the normal duty" in text
