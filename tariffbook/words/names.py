"""Names and lists of them as a sentence says them: 'a, b and c', 'the Census Bureau', 'Reuters (7 Apr 2025)'."""

from __future__ import annotations

from tariffbook.words.dates import day


def upper_first(text: str) -> str:
    """The text with its first letter in capitals ('not in the record' -> 'Not in the record')."""
    return text[:1].upper() + text[1:]


def and_join(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    return "".join(items) if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


ARTICLE_NOUNS = ("Institute", "Bureau", "Office", "Council", "Foundation", "Center", "Centre", "Association",
                 "Commission", "Department", "Administration", "Union")  # fmt: skip
"""The last words of an organisation's name that make a sentence say 'the' before it (the Census Bureau)."""


def organisation(name: str) -> str:
    """An organisation's name as a sentence says it: 'the American Enterprise Institute', 'Reuters'."""
    name = str(name).strip()
    if not name or name.lower().startswith("the ") or name.split()[-1] not in ARTICLE_NOUNS:
        return name
    return f"the {name}"


def source_label(publisher: str, published) -> str:
    """How a source is named under a chart and in a table: 'Publisher (7 Apr 2025)', or the publisher alone."""
    when = day(published, month="short")
    return f"{publisher} ({when})" if when else str(publisher)
