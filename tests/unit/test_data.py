"""The real dataset: valid, fully sourced, and faithful to the texts it quotes."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

import tariffbook as tb
from tests.helpers import SHARED_SOURCES


def test_dataset_validates():
    assert [str(p) for p in tb.validate()] == []


def test_every_source_is_cited():
    cited = set(tb.load_events()["source_id"]) | set(tb.load_figures()["source_id"])
    assert set(tb.load_sources()["source_id"]) == cited


@pytest.mark.parametrize("loader", [tb.load_events, tb.load_figures])
def test_every_row_has_a_quote(loader):
    df = loader()
    assert (df["quote"].str.strip().str.len() > 0).all()


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


ARTICLES = {
    "agencies-2025-07-08-japan-auto-concessions": "000_9dea9dbad38d178b.txt",
    "asianfin-2025-06-14-japan-explores-deal": "002_d4f426bc340d759c.txt",
}


@pytest.mark.skipif(not SHARED_SOURCES.exists(), reason="../shared/sources not present")
def test_article_quotes_are_verbatim():
    rows = [r for df in (tb.load_events(), tb.load_figures()) for _, r in df.iterrows() if r["source_id"] in ARTICLES]
    assert len(rows) >= 40
    for r in rows:
        text = _norm((SHARED_SOURCES / ARTICLES[r["source_id"]]).read_text(encoding="utf-8"))
        assert _norm(r["quote"]) in text, r["quote"]


@pytest.mark.skipif(not SHARED_SOURCES.exists(), reason="../shared/sources not present")
def test_other_quotes_come_from_the_fact_sheet():
    with (SHARED_SOURCES / "public-facts.csv").open(encoding="utf-8") as fh:
        facts = list(csv.DictReader(fh))
    quotes = {_norm(f["quote"]) for f in facts if f["confidence"] != "unconfirmed"}
    for df in (tb.load_events(), tb.load_figures()):
        for _, r in df[~df["source_id"].isin(ARTICLES)].iterrows():
            assert _norm(r["quote"]) in quotes, (r.iloc[0], r["quote"])


def test_no_unconfirmed_fact_went_in():
    # public-facts.md "Unconfirmed items": Mexico's rate from 1 August 2025, the 45-minute 'Thursday' call,
    # and the Germany revised-vintage sums are to stay out.
    figs = tb.load_figures()
    assert figs[(figs["country"] == "MEX") & (figs["metric"] == "tariff_rate_in_force")].empty
    assert not figs["quote"].str.contains("Thursday morning Japan time").any()
    assert figs[(figs["country"] == "DEU") & (figs["unit"] == "USD million")].empty


def _one(figs, **kw):
    sel = figs[figs["preferred"]]
    for k, v in kw.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, kw
    return sel.iloc[0]


def test_article_figures_are_in():
    figs = tb.load_figures()
    # 000_9dea9dbad38d178b.txt: "Japan (US$68.5 billion surplus in 2024), South Korea (US$66 billion),
    # Thailand (US$45.6 billion) and Indonesia (US$17.9 billion)"
    for code, value in {"JPN": 68.5, "KOR": 66, "THA": 45.6, "IDN": 17.9}.items():
        assert _one(figs, metric="partner_surplus_with_us", country=code, period="2024")["value"] == value
    # 000: "14 countries"; 002: "a bump to 24% from 10% for Japan"
    assert _one(figs, metric="letter_countries", country="LETTER14")["value"] == 14
    assert (
        figs[
            (figs["source_id"] == "asianfin-2025-06-14-japan-explores-deal")
            & (figs["metric"] == "tariff_rate_reciprocal")
        ]["value"]
        == 24
    ).all()


def test_census_figures_match_the_fact_sheet():
    figs = tb.load_figures()
    # public-facts.md section 1, Kaggle row ('Japan', -68467.7, 79740.8, 148208.6, ...)
    assert _one(figs, metric="us_goods_balance", country="JPN", period="2024")["value"] == -68467.7
    assert _one(figs, metric="us_goods_imports", country="JPN", period="2024")["value"] == 148208.6
    # ('Vietnam', -123463.0, 13098.2, 136561.2, ...)
    assert _one(figs, metric="us_goods_exports", country="VNM", period="2024")["value"] == 13098.2


def test_conflicts_are_kept_side_by_side():
    figs = tb.load_figures()
    kor = figs[
        (figs["metric"] == "tariff_rate_reciprocal") & (figs["country"] == "KOR") & (figs["period"] == "2025-04-02")
    ]
    # public-facts.md: South Korea 25 (corrected Annex I) vs 26 (first Annex I); the corrected rate is preferred.
    # Three rows: the government text (KOR.tariff_rate_reciprocal.2025-04-02, HTS heading 9903.01.54: 25),
    # the first Annex I as the Hindustan Times reported it (.2: 26) and Nomad Savings' copy of the White House
    # chart (.3: 25), which corroborates the preferred row.
    assert sorted(kor["value"]) == [25, 25, 26]
    assert kor[kor["preferred"]]["figure_id"].tolist() == ["KOR.tariff_rate_reciprocal.2025-04-02"]
    assert kor[kor["preferred"]]["value"].tolist() == [25]
    assert kor[~kor["preferred"]]["note"].str.contains("Not preferred").all()


def test_loaders_type_the_columns():
    ev, figs, src = tb.load_events(), tb.load_figures(), tb.load_sources()
    assert str(ev["announced_on"].dtype).startswith("datetime64")
    assert str(figs["effective_on"].dtype).startswith("datetime64")
    assert figs["value"].dtype == float
    assert figs["preferred"].dtype == bool
    assert isinstance(ev["event_type"].dtype, pd.CategoricalDtype)
    assert "news" in list(src["kind"].cat.categories)
