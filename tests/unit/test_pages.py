"""The generated pages readers see: the references (each source once, for readers), 'Rerun it' and the 'as of'
banner."""

from __future__ import annotations

import pandas as pd
import yaml

from tariffbook.data.load import load_sources
from tariffbook.data.paths import REPO_ROOT
from tariffbook.publish import country_pages, pages, references

CONFIG = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))


def sources(*rows: dict) -> pd.DataFrame:
    blank = {"author": "", "url": "", "note": "", "is_copy": False}
    frame = pd.DataFrame([{**blank, **r} for r in rows])
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


def test_references_list_each_document_once_as_readers_cite_it(tmp_path, monkeypatch):
    ustr = {"title": "Reciprocal Tariff Calculations", "published": "2025-04-03", "kind": "government", "is_copy": True}
    table = sources(
            {"source_id": "news-1", "title": "Japan talks", "publisher": "Reuters", "published": "2025-07-01",
             "url": "https://www.reuters.com/a", "kind": "news", "note": "Title taken from the URL slug."},
            {**ustr, "source_id": "office-of-us", "url": "https://forum.example.com/t/1",
             "publisher": "Office of the United States Trade Representative (via forum.example.com)"},
            {**ustr, "source_id": "office-of-us-2", "url": "https://mirror.example.org/r/2",
             "publisher": "Office of the United States Trade Representative (via a Reddit mirror)",
             "note": "Fact sheet cites: the Reddit mirror."},
            {"source_id": "eo", "title": "Executive Order 14257", "publisher": "Federal Register",
             "published": "2025-04-07", "url": "https://www.federalregister.gov/d/2025-06063", "kind": "government"},
    )  # fmt: skip
    page = references.write_references(tmp_path, sources=table).read_text(encoding="utf-8")
    assert page.index("## Government documents") < page.index("## News")
    entries = [line for line in page.splitlines() if line.startswith("- ")]
    assert len(entries) == 3  # the two copies of USTR's calculations are one document
    assert entries[0] == (
        "- Federal Register, “Executive Order 14257”, 7 April 2025, "
        "[federalregister.gov](<https://www.federalregister.gov/d/2025-06063>)."
    )
    assert entries[1].startswith(
        "- Office of the United States Trade Representative, “Reciprocal Tariff Calculations”, "
    )
    assert "3 April 2025, read in copies on [" in entries[1] and "(via" not in entries[1]
    for anchor in ("(src-office-of-us)=", "(src-office-of-us-2)=", "(src-eo)=", "(src-news-1)="):
        assert anchor in page  # the charts' source lines link to every source id
    assert "Title taken from" not in page and "Fact sheet cites" not in page  # the curation notes stay in the data


def test_the_references_page_of_the_record_is_for_readers(tmp_path):
    page = references.write_references(tmp_path).read_text(encoding="utf-8")
    src = load_sources()
    assert all(f"(src-{sid})=" in page for sid in src["source_id"])
    for note in filter(None, src["note"]):
        assert note not in page
    assert "Title taken from the URL slug" not in page
    assert page.split("\n## ", 2)[1].startswith("Government documents")


def test_rerun_links_to_the_repository(tmp_path):
    page = pages.write_rerun(tmp_path).read_text(encoding="utf-8")
    assert f"[the repository]({CONFIG['repository']['url']})" in page
    assert f"git clone {CONFIG['repository']['url']} && cd tariffbook" in page


def test_the_as_of_banner_links_to_the_current_book(monkeypatch, tmp_path):
    monkeypatch.setattr(pages, "AS_OF_CONFIG", tmp_path / "_config_asof.yml")
    day = pd.Timestamp("2025-07-08")
    banner = yaml.safe_load(pages.write_as_of_config(day).read_text(encoding="utf-8"))["html"]["announcement"]
    assert "This is tariffbook as it stood on 8 July 2025" in banner
    assert "AS_OF" not in banner and CONFIG["html"]["baseurl"] in banner


def test_the_country_index_gives_the_rate_in_force_as_the_country_pages_do(tmp_path):
    """Issue 19, item 3: Brazil paid 50% from 6 August 2025 (10% and EO 14323's 40%: BRA.tariff_rate_additional.
    2025-08-06), which its page shows; the index said 10. It also has a column for the rate today."""
    country_pages._write_country_index(tmp_path, ["BRA", "JPN"])
    text = (tmp_path / "index.md").read_text(encoding="utf-8")
    brazil = next(line for line in text.splitlines() if line.startswith("| [Brazil]"))
    assert brazil.endswith("| +50% | +37.5% |")  # 7 Aug 2025; 23 Nov 2026: 12.5% and Section 301's 25%
    assert "In force 23 Nov 2026 |" in text
