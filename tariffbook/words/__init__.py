"""How the book says things: every word a reader sees for a code, a day, a count, an amount or a gap, once.

What belongs here: the formatters of days (dates: portable, English month names on every machine and locale;
VEGA_DAY, the same day in a chart), of counts, numbers, percents and amounts (numbers) and of names and lists of
them (names); the statuses of a duty and the phrases for what the record does not hold (status); and one label
table per code of the data (labels: LABELS, the label a chart or a table prints, and the form a sentence uses).
Charts, tables, prose, the "What changed" page and the feed all read these, through this package: every name is
here (`words.day`, `words.label`, ...), whichever module defines it. What does not: the codes themselves and the
facts of the subject (tariffbook.domain), the schema (data/datapackage.json).

This package imports nothing else from tariffbook, so every layer can use it (a list of countries in words is
tariffbook.data.countries.names_text, which knows the names).

Typical use::

    from tariffbook import words

    words.day("2025-04-07")                        # '7 April 2025'
    words.day("2025-04-07", month="short")         # '7 Apr 2025'
    words.count(3, "partner")                      # '3 partners'
    words.label("minimum_total", "applies_as")     # 'In total, including the normal duty'
    words.phrase("tariff_rate_letter", "metric")   # 'letter rate'
"""

from __future__ import annotations

from tariffbook.words.dates import MONTHS, VEGA_DAY, day, day_span, iso, month, month_span
from tariffbook.words.labels import (
    COLUMNS,
    KIND_HEADINGS,
    LABELS,
    SERIES_HEADING,
    STAGES,
    Label,
    label,
    legal_basis_text,
    phrase,
    relabel,
)
from tariffbook.words.names import ARTICLE_NOUNS, and_join, organisation, source_label, upper_first
from tariffbook.words.numbers import amount, count, number, ordinal, percent, qualified
from tariffbook.words.status import DID_NOT_APPLY, NO_DUTY, NOT_IN_RECORD, RateStatus

__all__ = [
    "ARTICLE_NOUNS",
    "COLUMNS",
    "DID_NOT_APPLY",
    "KIND_HEADINGS",
    "SERIES_HEADING",
    "LABELS",
    "MONTHS",
    "NOT_IN_RECORD",
    "NO_DUTY",
    "STAGES",
    "VEGA_DAY",
    "Label",
    "RateStatus",
    "amount",
    "and_join",
    "count",
    "day",
    "day_span",
    "iso",
    "label",
    "legal_basis_text",
    "month",
    "month_span",
    "number",
    "ordinal",
    "organisation",
    "percent",
    "phrase",
    "qualified",
    "relabel",
    "source_label",
    "upper_first",
]
