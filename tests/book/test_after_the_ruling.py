"""The chapter after the Supreme Court ruling, in the built site and rerun with papermill.

The page: its three charts (the legal basis of each partner's duty, the refunds, trade in two years), the notes
written on the first in the words of the event rows, the gaps said as gaps, and what the record does not know.
The rerun: another date and other partners (papermill, from the repository root, in the background).
"""

from __future__ import annotations

import json
import re

from tariffbook.data.paths import REPO_ROOT
from tests.book import background
from tests.book.test_papermill import outputs_text, run
from tests.helpers import SITE

PAGE = SITE / "notebooks" / "after_the_ruling.html"


def page_text() -> str:
    return re.sub(r"<[^>]+>", " ", PAGE.read_text(encoding="utf-8"))


def specs() -> list[dict]:
    """The Vega-Lite spec of each chart on the page, in page order."""
    html = PAGE.read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/json" class="tb-spec">(.*?)</script>', html, flags=re.S)
    return [json.loads(text.replace("<\\/", "</")) for text in found]


def test_the_page_is_in_the_story_after_japan():
    toc = (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert (
        toc.index("notebooks/japan_negotiations")
        < toc.index("notebooks/after_the_ruling")
        < toc.index("caption: The numbers")
    )
    assert PAGE.exists()


def test_the_page_draws_its_charts_with_the_notes_in_words():
    charts = specs()
    titles = [c["usermeta"]["tariffbook"]["title"] for c in charts]
    assert len(titles) == 3 and titles[0].startswith("Under which law each partner paid, 2 Apr 2025 to")
    assert titles[1:] == ["The IEEPA duties paid, and what came back", "Did the surpluses shrink? 2024 against 2025"]
    lines = [" ".join(row["lines"]) for rows in charts[0]["datasets"].values() for row in rows if "lines" in row]
    assert any("Supreme Court: IEEPA does not authorise tariffs" in line for line in lines)
    assert any("Section 301" in line for line in lines)


def test_the_page_says_what_it_does_not_know():
    text = page_text()
    assert "Record checked through 23 November 2026" in text
    assert "The book answers no question about a day after 23 November 2026" in text
    assert "Left out as unconfirmed" in text and "not that nothing happened" in text
    assert "China is not drawn" not in text  # China is in the rate model (issue 18)
    assert "about USD 20.6 billion certified to the Treasury" in text


@background.job
def chapter_rerun(folder):
    return run(folder, "after_the_ruling", ["-p", "as_of", "2026-03-01", "-y", "countries: [JPN, LAO, CHN]"], REPO_ROOT)


def test_a_rerun_on_another_day_for_other_partners():
    r, out = background.result(chapter_rerun)
    assert r.returncode == 0, r.stderr[-2000:]
    text = outputs_text(out)
    # on 1 March 2026: Section 122 for both, nothing after it yet, and only what was reported by then
    assert "By 1 March 2026, the headline duty on goods from the 3 partners drawn had run under 2 statutes" in text
    assert "then Section 301" not in text and "Section 122 (+10%) from 24 February 2026" in text
    assert "over USD 175 billion" in text and "CAPE" not in text.split("What the record does not know")[0]
    assert "This page reads the record as it stood on 1 March 2026" in text
    assert "Laos" in text and "South Korea" not in text
