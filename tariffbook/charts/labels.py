"""What a reader sees instead of a code: one mapping, used by every chart, table and caption.

The data keeps its codes (`court_ruling`, `struck_down`, `auto_parts`, `section_301`, `announced_on`); charts,
tables and captions show `label(code)`: "Court ruling", "Struck down", "Auto parts", "Section 301", "Announced".
A code with no entry below still reads as words (underscores become spaces, first letter capitalised), so a new
code in the data never shows raw; give it an entry when the plain form is not right ("ieepa" -> "IEEPA").

Typical use::

    from tariffbook.charts.labels import label, relabel

    label("struck_down")                              # 'Struck down'
    relabel(events, ["event_type", "status"])         # a copy with reader labels in those columns
"""

from __future__ import annotations

import pandas as pd

from tariffbook.domain import STAGE_LABELS

WORDS = {
    # events.event_type
    "executive_order": "Executive order",
    "negotiation_round": "Negotiation round",
    "phone_call": "Phone call",
    "court_ruling": "Court ruling",
    "tariff_change": "Tariff change",
    # events.status
    "in_force": "In force",
    "struck_down": "Struck down",
    # figures.sector
    "auto_parts": "Auto parts",
    "metal_derivatives": "Metal derivatives",
    # figures.legal_basis
    "ieepa": "IEEPA",
    "section_232": "Section 232",
    "section_122": "Section 122",
    "section_301": "Section 301",
    "section_338": "Section 338",
    # figures.applies_as
    "additional": "On top of the normal duty",
    "minimum_total": "In total, normal duty included",
    # figures.metric (the stages have their own labels, below)
    "tariff_rate_threatened": "Threatened",
    "tariff_rate_additional": "Additional",
    "tariff_rate_sectoral": "Sectoral",
    "tariff_rate_fentanyl": "Fentanyl",
    "tariff_rate_transshipment": "Transshipment",
    "tariff_rate_proposed": "Proposed",
    **STAGE_LABELS,
    # sources.kind
    "think_tank": "Think tank",
    "legal_commentary": "Legal commentary",
    "trade_association": "Trade association",
    # column names of the tables under charts
    "announced_on": "Announced",
    "effective_on": "Effective",
    "event_type": "Kind",
    "event_id": "Event",
    "figure_id": "Figure",
    "figure_ids": "Figures",
    "source_id": "Source",
    "legal_basis": "Legal basis",
    "applies_as": "Applies as",
    "name": "Who",
    "value": "Rate (%)",
    "rate": "Rate in force (%)",
    "date": "From",
    "surplus_bn": "Partner surplus (USD bn)",
    "exports_bn": "US exports (USD bn)",
    "imports_bn": "US imports (USD bn)",
    "balance_bn": "US balance (USD bn)",
    "usd_bn": "USD bn",
    "charged_computed": "Deficit ÷ imports (%)",
    "computed": "Formula rate (%)",
    "published": "Published (%)",
    "first_annex_i": "First Annex I (%)",
    "residual": "Published − formula",
    "country": "Country code",
    "publisher": "Source",
}
"""Code -> reader's label, for every code whose plain form (underscores as spaces) is not right."""


def label(code) -> str:
    """The reader's label of a code; a missing value gives ''.

    Args:
        code: a code from the data (an event type, a status, a sector, a legal basis, a metric, a column name).
    """
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    code = str(code)
    if code in WORDS:
        return WORDS[code]
    if not code or code != code.lower():  # already words ("Japan", "Letter") or empty
        return code
    plain = code.replace("_", " ")
    return plain[:1].upper() + plain[1:]


def relabel(df: pd.DataFrame, columns) -> pd.DataFrame:
    """A copy of `df` with the codes in `columns` replaced by their labels (columns that are absent are skipped).

    Args:
        df: the rows.
        columns: the columns holding codes.
    """
    out = df.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].astype("object").map(label)
    return out


def legal_basis_text(legal_basis, instrument=None, applies_as=None) -> str:
    """'Section 301, EO 14257; in total, normal duty included': a rate's legal basis in words ('' if unknown).

    Args:
        legal_basis: the statute's code, e.g. 'section_301'.
        instrument: the document that set the rate, e.g. 'Proclamation 11012'.
        applies_as: 'additional' or 'minimum_total'.
    """
    parts = [p for p in (label(legal_basis), label(instrument)) if p]
    text = ", ".join(parts)
    how = label(applies_as)
    if how:
        text = f"{text}; {how[:1].lower() + how[1:]}" if text else how
    return text
