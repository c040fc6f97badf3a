"""The rules of provenance: where each row's words and number come from.

Every row quotes its source, and a preferred figure's quote carries its value; every source is cited; an address
is the document's own and clean; no copy is preferred over its original; no viewer's screen passes for a document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlsplit

from tariffbook.data.dataset import Dataset, Problem, line
from tariffbook.domain import DERIVED, OFFICIAL_HOSTS, URL_DEBRIS, VIEWER_LABELS


def quotes_not_blank(ds: Dataset) -> Iterator[Problem]:
    """A quote of only spaces is no quote (the schema catches an empty one)."""
    for file, at, r in ds.each("events", "figures"):
        quote = r.get("quote")
        if quote and not quote.strip():
            yield Problem(file, at, "quote", quote, "required", "must not be blank")


def every_source_cited(ds: Dataset) -> Iterator[Problem]:
    """Every source is cited by at least one event or figure (the references page lists no dead weight)."""
    cited = {r.get("source_id", "") for _, _, r in ds.each("events", "figures")}
    for file, at, r in ds.each("sources"):
        if r.get("source_id") and r["source_id"] not in cited:
            yield Problem(
                file, at, "source_id", r["source_id"], "uncited-source", "no event or figure cites this source"
            )


def _original_publisher(publisher: str) -> str:
    """'The White House (via GitHub mirror ...)' -> 'The White House': whose text a copy reproduces."""
    return publisher.split(" (via ")[0].strip()


def no_copy_over_its_original(ds: Dataset) -> Iterator[Problem]:
    """A preferred row does not cite a copy when another row of the same quantity cites the original publisher.

    A copy (sources.csv is_copy) reproduces another publisher's text; the original is preferred wherever the
    record has it. A government text read only in a copy may still be preferred over news originals (other
    publishers): only an original of the same publisher (the part of `publisher` before ' (via') counts.
    """
    sources = {r.get("source_id"): r for _, _, r in ds.each("sources")}
    rows, file = ds.rows.get("figures", []), ds.schema.path("figures")
    quantities = defaultdict(list)
    for i, r in enumerate(rows):
        quantities[(r.get("metric"), r.get("country"), r.get("sector", ""), r.get("period"))].append(i)
    for indexes in quantities.values():
        for i in indexes:
            src = sources.get(rows[i].get("source_id"), {})
            if rows[i].get("preferred") != "true" or src.get("is_copy") != "true":
                continue
            origin = _original_publisher(src.get("publisher", ""))
            for j in indexes:
                other = sources.get(rows[j].get("source_id"), {})
                if (
                    j != i
                    and other.get("is_copy") == "false"
                    and _original_publisher(other.get("publisher", "")) == origin
                ):
                    yield Problem(
                        file,
                        line(i),
                        "preferred",
                        "true",
                        "copy-preferred",
                        f"cites a copy of {origin}, whose original row {line(j)} cites: prefer the original",
                    )
                    break


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
"""A number as a quote writes it: with or without thousands commas and decimals (signs and currency aside)."""


NUMBER_WORDS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))
"""Small numbers a source writes in words ('visited the United States seven times')."""


def _written(value: str, quote: str) -> bool:
    """Whether a quote writes the value: a number in it equal to the value (sign aside), or its word."""
    try:
        target = abs(float(value))
    except ValueError:
        return True  # the schema check reports it
    for token in _NUMBER.findall(quote):
        # a run like '770.1,876' in a JSON array reads as one grouped number: try its parts too
        for part in {token, *token.split(",")}:
            try:
                if part and abs(float(part.replace(",", "")) - target) < 1e-9:
                    return True
            except ValueError:
                continue
    word = NUMBER_WORDS.get(int(target)) if target == int(target) else None
    return bool(word and re.search(rf"\b{word}\b", quote, re.IGNORECASE))


def value_in_quote(ds: Dataset) -> Iterator[Problem]:
    """A preferred figure's value is written in its quote, or its note says it is derived (DERIVED) and how.

    As written there: 12.5, '12.5%', '25 percent', '$15 billion', '6,151.8'. A number the source does not state does
    not go in: the quote is where a reader checks it.
    """
    for file, at, r in ds.each("figures"):
        if r.get("preferred") != "true" or DERIVED in r.get("note", "").lower():
            continue
        if not _written(r.get("value", ""), r.get("quote", "")):
            yield Problem(
                file,
                at,
                "value",
                r["value"],
                "value-in-quote",
                f"{r.get('figure_id', '')}: the value is not written in the quote: quote the words that state it, or "
                f"say in the note that it is {DERIVED} and how",
            )


def addresses_are_clean(ds: Dataset) -> Iterator[Problem]:
    """Every url and read_at is an absolute http(s) address without a browsing session's debris.

    URL_DEBRIS lists them: tracking and session parameters, AMP renderings. The address is the one another reader
    can open tomorrow.
    """
    for file, at, r in ds.each("sources"):
        for column in ("url", "read_at"):
            address = r.get(column, "")
            if not address:
                continue
            if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(/\S*)?", address):
                yield Problem(
                    file, at, column, address, "address", "must be an absolute http(s) address (https://host/path)"
                )
                continue
            debris = [d for d in URL_DEBRIS if d in address.lower()]
            if debris:
                yield Problem(
                    file,
                    at,
                    column,
                    address,
                    "address",
                    f"holds {debris[0]!r}, a browsing session's or a page rendering's part, not the document's "
                    "address: remove it",
                )


def no_viewer_text(ds: Dataset) -> Iterator[Problem]:
    """A quote holds the document's words, not a viewer's screen labels.

    VIEWER_LABELS lists them: 'Details FieldValue', 'Unit of Quantity', 'General Rate of Duty' ...
    """
    for file, at, r in ds.each("events", "figures"):
        found = [label for label in VIEWER_LABELS if label in r.get("quote", "")]
        if found:
            yield Problem(
                file,
                at,
                "quote",
                r["quote"],
                "viewer-text",
                f"holds a viewer's screen label ({found[0]!r}): quote the document itself",
            )


def _official(url: str) -> bool:
    host = urlsplit(url).netloc.lower()
    return any(f".{host}".endswith(end) for end in OFFICIAL_HOSTS)


def at_own_address(ds: Dataset, metrics: tuple[str, ...], year: str) -> tuple[int, int]:
    """How many preferred figures of `metrics` for `year` cite a government or court document at its own address.

    The year is the effective day's, else the announcement's, else the period's. A source read in a copy counts
    when its url is the original's (the copy is in read_at).

    Returns:
        (citing one, rows).
    """
    sources = {r.get("source_id"): r for _, _, r in ds.each("sources")}
    cited = rows = 0
    for _, _, r in ds.each("figures"):
        when = r.get("effective_on") or r.get("announced_on") or r.get("period", "")
        if r.get("preferred") != "true" or r.get("metric") not in metrics or not when.startswith(year):
            continue
        src = sources.get(r.get("source_id"), {})
        rows += 1
        cited += src.get("kind") in ("government", "court") and _official(src.get("url", ""))
    return cited, rows
