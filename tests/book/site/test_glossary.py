"""The glossary: each term linked where it first appears on a page (issue 4)."""

from __future__ import annotations

import pytest

from tests.helpers import PAGES, SITE


def _without_html_outputs(markup: str) -> str:
    """Drop every <div class="output text_html"> (with its nested divs) from a page's markup."""
    out, i = [], 0
    marker = '<div class="output text_html">'
    while (j := markup.find(marker, i)) != -1:
        out.append(markup[i:j])
        depth, k = 0, j
        while True:
            nxt_open, nxt_close = markup.find("<div", k + 1), markup.find("</div>", k + 1)
            if nxt_open != -1 and nxt_open < nxt_close:
                depth, k = depth + 1, nxt_open
            else:
                if depth == 0:
                    i = nxt_close + len("</div>")
                    break
                depth, k = depth - 1, nxt_close
    out.append(markup[i:])
    return "".join(out)


def _glossary_terms():
    import re

    page = (SITE / "book" / "glossary.html").read_text(encoding="utf-8")
    return dict(re.findall(r'<dt id="(term-[^"]+)">([^<]+)', page))


@pytest.mark.parametrize(
    "path", [p for p in PAGES if p.startswith(("notebooks/", "book/intro", "book/method", "book/countries/"))]
)
def test_glossary_terms_are_linked_where_they_first_appear(path):
    """Issue 4: each glossary term is linked at its first appearance on a page."""
    import re

    terms = _glossary_terms()
    assert len(terms) >= 10
    html_ = (SITE / path).read_text(encoding="utf-8")
    article = html_[html_.index('<article class="bd-article">') : html_.index("</article>")]
    # prose only: the raw-HTML outputs (charts, data tables) are data, not text
    text = _without_html_outputs(re.sub(r"<script.*?</script>", "", article, flags=re.S))
    for anchor, name in terms.items():
        rx = re.compile(rf"(?<![\w-]){re.escape(name.strip())}(?![\w-])", re.I)
        visible = re.sub(r"<[^>]+>", "", text)
        if not rx.search(visible):
            continue
        link = re.search(rf'<a [^>]*href="[^"]*glossary.html#{anchor}"[^>]*>([^<]+)</a>', text)
        assert link, f"{path}: '{name}' appears but is not linked to the glossary"
        # the link sits on the first appearance: nothing before it in the page text names the term
        before = re.sub(r"<[^>]+>", "", text[: link.start()])
        assert not rx.search(before), f"{path}: '{name}' is linked, but not where it first appears"
