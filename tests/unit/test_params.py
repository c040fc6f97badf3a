"""Notebook parameter checks: each kind of bad parameter gets its own clear error."""

from __future__ import annotations

import datetime as dt

import pytest

import tariffbook as tb
from tariffbook.notebook import params


def check(nb, **values):
    before = set()
    return params.check(nb, dict(values), before)


def test_good_values_are_converted():
    p = check("country_profile", country="south korea")
    assert p.country == "KOR"
    p = check("surpluses", top_n=10, highlight="JPN, Thailand")
    assert p.top_n == 10 and p.highlight == ["JPN", "THA"]
    p = check("reciprocal_formula", floor=15, discount=0.5)
    assert p.floor == 15.0 and isinstance(p.floor, float)
    assert check("reciprocal_formula", floor=None, discount=1).floor is None
    assert check("timeline", countries=["JPN"], as_of=dt.date(2025, 7, 8)).as_of == "2025-07-08"


def test_latest_resolves_to_the_horizon(monkeypatch):
    from tariffbook import settings

    monkeypatch.delenv(settings.AS_OF, raising=False)
    assert check("timeline", countries=["JPN"], as_of="latest").as_of == "2026-11-23"  # datapackage.json
    monkeypatch.setenv(settings.AS_OF, "2025-07-08")
    assert check("timeline", countries=["JPN"], as_of="latest").as_of == "2025-07-08"


def test_unknown_name():
    with pytest.raises(NameError, match=r"Unknown notebook parameter\(s\) \['regoin'\].*allowed: \['country'\]"):
        check("country_profile", country="JPN", regoin="x")


def test_wrong_type():
    with pytest.raises(TypeError, match="Parameter 'top_n' must be an integer, got 'lots'"):
        check("surpluses", top_n="lots", highlight=["JPN"])
    with pytest.raises(TypeError, match="Parameter 'discount' must be a number"):
        check("reciprocal_formula", floor=None, discount=True)


def test_unknown_country():
    with pytest.raises(ValueError, match="Parameter 'country': unknown country 'Atlantis'"):
        check("country_profile", country="Atlantis")


def test_out_of_range():
    with pytest.raises(ValueError, match=r"Parameter 'top_n' must be between 1 and 60, got 0"):
        check("surpluses", top_n=0, highlight=["JPN"])
    with pytest.raises(ValueError, match=r"Parameter 'discount' must be between 0.01 and 1"):
        check("reciprocal_formula", floor=None, discount=2.0)


def test_bad_dates():
    with pytest.raises(ValueError, match="Parameter 'as_of' must be a date YYYY-MM-DD, got 'yesterday'"):
        check("timeline", countries=["JPN"], as_of="yesterday")
    # the record's range: its first event to its horizon. The first event is read from the data: since December 2026
    # it is EO 14195 of 1 February 2025, the fentanyl duty on China (event 2025-02-01.CHN.executive_order)
    first = f"{tb.load_events()['announced_on'].min():%Y-%m-%d}"
    assert first == "2025-02-01"
    span = rf"must be a date from {first} \(the record's first event\) to 2026-11-23 \(the record is checked through"
    for day in ("2019-01-01", "2025-01-01", "2026-12-31"):
        with pytest.raises(ValueError, match=span):
            check("tariff_rates", countries=["JPN"], as_of=day)


@pytest.mark.parametrize("day", ["2025-02-01", "2025-02-07", "2025-03-01", "2025-04-15", "2026-11-23"])
def test_every_date_of_the_record_is_accepted(day):
    assert check("tariff_rates", countries=["JPN"], as_of=day).as_of == day


@pytest.mark.parametrize(
    "nb,values,match",
    [
        ("country_profile", {"country": "USA"}, "USA is refused: the book is about US tariffs on the United States'"),
        ("country_profile", {"country": "United States"}, "give a trading partner of the United States"),
        ("tariff_rates", {"countries": ["JPN", "USA"], "as_of": "latest"}, "USA is refused"),
        ("timeline", {"countries": "EU", "as_of": "latest"}, "EU is a group of countries"),
    ],
)
def test_countries_the_book_does_not_cover(nb, values, match):
    with pytest.raises(ValueError, match=match):
        check(nb, **values)


def test_errors_outside_a_kernel_are_plain(capsys):
    with pytest.raises(ValueError):
        check("country_profile", country="USA")
    assert capsys.readouterr().err == ""


def test_missing_parameter():
    with pytest.raises(NameError, match="not defined in the parameters cell"):
        check("surpluses", top_n=3)


def test_every_notebook_declares_exactly_its_checked_parameters():
    import papermill as pm

    from tariffbook.data.paths import REPO_ROOT

    for name, spec in params.SPECS.items():
        declared = pm.inspect_notebook(str(REPO_ROOT / "notebooks" / f"{name}.ipynb"))
        assert list(declared) == list(spec), name
        assert all(p["help"] for p in declared.values()), f"{name}: every parameter needs a comment papermill can read"
