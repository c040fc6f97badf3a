"""Counts, numbers, percents and amounts as prose writes them: '3 partners', '1,240.5', 'about USD 166 billion'."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 partner', '3 partners' ('2 economies' with plural='economies')."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '22nd'."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def percent(value) -> str:
    """'12.5%', '10%'."""
    return f"{value:g}%"


def qualified(text: str, qualifier) -> str:
    """The source's hedge before a number: 'about USD 166 billion' (no hedge: the text as it is)."""
    return f"{qualifier} {text}" if isinstance(qualifier, str) and qualifier else text


def number(value) -> str:
    """A number as prose writes it, every digit the source gave: '166', '1,240.5', '-295,401.6'."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def amount(value, unit: str, qualifier=None) -> str:
    """A figure as prose writes it: 'about USD 166 billion', '82%', 'about 330,000 importers', '16 million entries'.

    Args:
        value: the number, in its own unit.
        unit: the row's unit ('USD billion', 'percent', 'importers', ...).
        qualifier: the source's hedge (about, over, nearly, almost), if any.
    """
    if unit.startswith("USD "):
        text = f"USD {number(value)} {unit.removeprefix('USD ')}"
    elif unit == "percent":
        text = percent(value)
    else:
        text = f"{number(value)} {unit}" if unit else number(value)
    return qualified(text, qualifier)
