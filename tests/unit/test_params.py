"""Notebook parameter checks: each kind of bad parameter gets its own clear error."""

from __future__ import annotations

import datetime as dt

import pytest

from tariffbook.build import params


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


def test_latest_resolves_to_the_last_event_date():
    assert check("timeline", countries=["JPN"], as_of="latest").as_of >= "2026-01-01"


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
    with pytest.raises(ValueError, match="must be a date in 2025–2026"):
        check("timeline", countries=["JPN"], as_of="2019-01-01")


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
