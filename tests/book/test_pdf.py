"""`make pdf`: the whole book as one PDF, printed from the built site by Debian's Chromium.

The PDF is built in the background (tests.book.background) while the browser tests run, into a temporary
folder (the site's own tariffbook.pdf is left as it is)."""

from __future__ import annotations

import re
import unicodedata

from tariffbook.publish.pdf import book_order, build
from tests.book import background
from tests.helpers import PAGES, SITE


@background.job
def pdf_book(folder):
    return build(SITE, folder / "tariffbook.pdf")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_pdf_has_every_chapter_a_contents_page_and_an_outline():
    from pypdf import PdfReader

    made = background.result(pdf_book)
    reader = PdfReader(made["file"])
    entries = book_order()
    assert {e.path for e in entries} == set(PAGES)  # the whole book, not a sample
    assert len(reader.pages) == made["pdf_pages"] > len(entries)
    contents_pages = [_norm(page.extract_text()) for page in reader.pages[: made["starts"][0] - 1]]
    contents = " ".join(contents_pages)
    assert contents.startswith("tariffbook") and " Contents " in contents
    for entry, start in zip(entries, made["starts"], strict=True):
        title = _norm(entry.title)
        assert re.search(rf"{re.escape(title)} {start}\b", contents), (title, start)
        raw = reader.pages[start - 1].extract_text()
        assert title in _norm(raw), (title, start)  # the page starts with its own title
        assert "\ufb00" not in raw and "\ufb01" not in raw, title  # no ligatures: "tariff" reads as typed
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[0] == "Contents" and entries[0].title in top and "Countries" in top
    links = [a for a in reader.pages[0].get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link"]
    assert links  # the contents' page numbers are links
    assert sum(len(p.images) for p in reader.pages[: len(contents_pages) + 8]) == 0  # charts print as vectors
