"""The site links the PDF only when it has it (issue 19, item 10: after `make book` alone the link was a 404)."""

from __future__ import annotations

from tariffbook.publish.pdf import PDF_NAME, link_pdf

SLOT = '<p>Take it: <span class="tb-pdf" data-text="the whole book as one PDF" data-after=" · "></span>data</p>'
FALLBACK = '<p><span class="tb-pdf" data-text="tariffbook.pdf">not included in this copy of the site</span>.</p>'


def site(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.html").write_text(SLOT, encoding="utf-8")
    (tmp_path / "book" / "method.html").write_text(FALLBACK, encoding="utf-8")
    (tmp_path / "index.html").write_text(SLOT, encoding="utf-8")
    return tmp_path


def test_no_pdf_no_link(tmp_path):
    root = site(tmp_path)
    assert link_pdf(root) == []
    assert "href" not in (root / "book" / "intro.html").read_text(encoding="utf-8")
    assert "not included in this copy" in (root / "book" / "method.html").read_text(encoding="utf-8")


def test_the_pdf_is_linked_from_every_page_that_offers_it(tmp_path):
    root = site(tmp_path)
    (root / PDF_NAME).write_bytes(b"%PDF-1.7")
    assert len(link_pdf(root)) == 3
    intro = (root / "book" / "intro.html").read_text(encoding="utf-8")
    assert '<a href="../tariffbook.pdf">the whole book as one PDF</a> · </span>data' in intro
    assert '<a href="tariffbook.pdf">' in (root / "index.html").read_text(encoding="utf-8")
    method = (root / "book" / "method.html").read_text(encoding="utf-8")
    assert '<a href="../tariffbook.pdf">tariffbook.pdf</a></span>.' in method and "not included" not in method
    assert link_pdf(root) == []  # once linked, the pages stay as they are
