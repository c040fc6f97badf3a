"""The build's settings: each TARIFFBOOK_* variable read in tariffbook.settings, with a clear error."""

from __future__ import annotations

import pandas as pd
import pytest

from tariffbook import settings


def test_unset_means_the_defaults(monkeypatch):
    for name in (settings.DATA, settings.AS_OF, settings.CHARTS, settings.EXPORTS, settings.COUNTRIES):
        monkeypatch.delenv(name, raising=False)
    context = settings.from_environment()
    assert settings.data_folder() is None and settings.as_of() is None and settings.country_pages() is None
    assert context.day is None and context.countries is None
    assert context.charts_inline and not context.exports


def test_values_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv(settings.DATA, str(tmp_path))
    monkeypatch.setenv(settings.AS_OF, " 2025-07-08 ")
    monkeypatch.setenv(settings.COUNTRIES, "jpn, KOR,,")
    monkeypatch.setenv(settings.CHARTS, "book")
    assert settings.data_folder() == tmp_path.resolve()
    assert settings.as_of() == pd.Timestamp("2025-07-08")
    assert settings.country_pages() == {"JPN", "KOR"}
    context = settings.from_environment()
    assert context.day == pd.Timestamp("2025-07-08") and context.countries == {"JPN", "KOR"}
    assert not context.charts_inline


@pytest.mark.parametrize(
    "bad,match", [("8 July", "must be a date YYYY-MM-DD"), ("2025-01-01", "must be a date from 2025-04-02")]
)
def test_bad_as_of(monkeypatch, bad, match):
    monkeypatch.setenv(settings.AS_OF, bad)
    with pytest.raises(ValueError, match=match):
        settings.as_of()


def test_as_of_accepts_the_day_of_the_announcement_and_refuses_past_the_latest(monkeypatch):
    monkeypatch.setenv(settings.AS_OF, "2025-04-02")
    assert settings.as_of() == pd.Timestamp("2025-04-02")
    monkeypatch.setenv(settings.AS_OF, "2026-11-24")
    with pytest.raises(ValueError, match=r"to 2026-11-23 \(the record is checked through 2026-11-23\)"):
        settings.as_of(latest=pd.Timestamp("2026-11-23"))


def test_debug(monkeypatch):
    monkeypatch.delenv(settings.DEBUG, raising=False)
    assert not settings.debug()
    monkeypatch.setenv(settings.DEBUG, "1")
    assert settings.debug()


def test_output_settings_name_what_changes_outputs(monkeypatch):
    monkeypatch.setenv(settings.AS_OF, "2025-07-08")
    assert settings.from_environment().output_settings()[settings.AS_OF] == "2025-07-08"
    assert set(settings.from_environment().output_settings()) == set(settings.OUTPUT_SETTINGS)
