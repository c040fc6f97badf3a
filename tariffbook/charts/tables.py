"""HTML tables for the pages: plain, accessible (<th scope>), formatted for reading, every row linked to its source.

What belongs here: the one builder of table markup (html_table), how a value reads in a cell (cell_text: '7 Jul
2025', not '2025-07-07T00:00:00'; '42.3', not '42.316300000000005'; 'Struck down', not 'struck_down'), a page's
table (table()), the data table under each chart (data_table) and the list of a chart's sources
(source_list). The raw values stay in the chart's CSV (tariffbook.charts.exports).

A page's table can follow a chart's controls: table(..., follows="timeline", attrs={"day": "announced_on"})
gives each row data attributes, and the page script shows only the rows the chart's state selects and rewrites
the caption from its `template` (_static/tb-charts.js, "tables that follow a chart").

Tables scroll sideways in their own box on a phone, never the page.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

import pandas as pd
from IPython.display import HTML

from tariffbook import words
from tariffbook.data.load import load_sources
from tariffbook.domain import PRIMARY_KINDS, REFERENCES_PAGE
from tariffbook.words import label

CODE_COLUMNS = {
    "event_type",
    "status",
    "sector",
    "legal_basis",
    "applies_as",
    "metric",
    "kind",
    "flow",
    "stacks",
    "authority",
    "headline_how",
}
"""Columns whose values are codes: a cell shows their label (tariffbook.words)."""

FORMATS = {"residual": "{:+.2f}", "charged_computed": "{:.1f}", "computed": "{:.2f}", "change": "{:+,.1f}"}
"""Columns shown with a fixed number of decimals or a sign: the formula's rate and its gap to 2 decimals, so a gap
just over half a point (Laos, 0.51) does not read as half a point; a change with its sign."""

TABLE_HIDDEN = {"quote", "note", "figure_id", "figure_ids", "event_id", "group_id", "preferred", "published_id",
                "published_source", "source_all", "country", "retroactive", "stage_order", "period", "unit",
                "last", "basis", "group", "census", "value_text", "vintage", "balance_computed", "same_vintage",
                "revised", "figure_ids_2024", "figure_ids_2025", "source_id_2024"}  # fmt: skip
"""Columns the data table under a chart leaves out (ids, long quotes, helpers): they stay in the CSV."""

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(T00:00:00)?$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _number(v: float, column: str = "") -> str:
    if column in FORMATS:
        return FORMATS[column].format(v).replace("-", "−")
    if float(v).is_integer():
        return f"{v:,.0f}"
    if abs(v) >= 1:
        return f"{v:,.1f}".rstrip("0").rstrip(".")
    digits = max(1, 2 - int(math.floor(math.log10(abs(v)))))  # three significant digits under 1
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def cell_text(v, column: str = "") -> str:
    """How a value reads in a table cell, as escaped HTML text.

    Args:
        v: the value (a date, a number, a code, a list, text).
        column: its column: codes in CODE_COLUMNS show their labels, FORMATS fix some numbers' decimals.
    """
    if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (pd.Timestamp, dt.date)):
        return words.day(v, month="short")
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if isinstance(v, (int, float)):
        return _number(v, column)
    if isinstance(v, (list, tuple)):
        return html.escape(", ".join(str(x) for x in v))
    if isinstance(v, str) and ISO_DAY.match(v):
        return cell_text(pd.Timestamp(v[:10]))
    if isinstance(v, str) and ISO_MONTH.match(v):  # a period that is a month: 'March 2026'
        return words.month(v)
    if column in CODE_COLUMNS:
        return html.escape(label(v))
    return html.escape(str(v))


def html_table(
    heads: list[str],
    rows: list[list[str]],
    caption: str | None = None,
    css_class: str | None = None,
    row_attrs: list[str] | None = None,
    caption_attrs: str = "",
) -> str:
    """Table markup with a header row of column headings (<th scope="col">).

    Args:
        heads: the column headings, as text (escaped here).
        rows: each row's cells, as HTML (escape text before).
        caption: the table's caption, as text, if any.
        css_class: the <table>'s class, if any.
        row_attrs: each row's extra attributes, as HTML (' data-day="2025-07-07" hidden').
        caption_attrs: the caption's extra attributes, as HTML.
    """
    attrs = f' class="{css_class}"' if css_class else ""
    cap = f"<caption{caption_attrs}>{html.escape(caption)}</caption>" if caption is not None else ""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    extra = row_attrs or [""] * len(rows)
    body = "".join(
        f"<tr{a}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for a, cells in zip(extra, rows, strict=True)
    )
    return f"<table{attrs}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def scroll_box(markup: str, name: str, css_class: str = "") -> str:
    """A table in its own box, which scrolls sideways on a narrow screen (focusable, so keyboards can scroll it)."""
    classes = f"tb-table-scroll {css_class}".strip()
    return f'<div class="{classes}" tabindex="0" role="region" aria-label="{html.escape(name)}">{markup}</div>'


def source_label(source_id: str) -> str:
    """'Publisher (7 Jul 2025)', as text; the id itself if the source is unknown."""
    src = load_sources().set_index("source_id")
    if source_id not in src.index:
        return source_id
    r = src.loc[source_id]
    return words.source_label(r["publisher"], r["published"])


def _sources(source_ids: str) -> str:
    """'Publisher (date); Publisher' for one source id or several joined with ';' (never the ids themselves)."""
    return "; ".join(dict.fromkeys(source_label(s) for s in str(source_ids).split(";") if s))


def source_link(source_id: str) -> str:
    """A link to a source's page, labelled 'Publisher (date)'; the bare label when it has no URL."""
    src = load_sources().set_index("source_id")
    text = html.escape(source_label(source_id))
    if source_id not in src.index or not src.loc[source_id, "url"]:
        return text
    return f'<a href="{html.escape(src.loc[source_id, "url"])}">{text}</a>'


def _attrs(r: pd.Series, attrs: dict[str, str], hidden: bool) -> str:
    parts = []
    for name, col in attrs.items():
        v = r[col]
        v = (
            " ".join(map(str, v))
            if isinstance(v, (list, tuple))
            else (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v)
        )
        parts.append(f' data-{name}="{html.escape(str(v), quote=True)}"')
    return "".join(parts) + (" hidden" if hidden else "")


def table(
    df: pd.DataFrame,
    columns: dict[str, str],
    caption: str,
    source_col: str | None = "source_id",
    follows: str | None = None,
    attrs: dict[str, str] | None = None,
    shown: pd.Series | None = None,
    template: str | None = None,
) -> HTML:
    """A page's table of some rows, each linked to its source, values formatted for reading.

    Args:
        df: the rows.
        columns: {DataFrame column: heading}, in the order shown.
        caption: what the table shows.
        source_col: the column of source ids; a 'Source' column links each row to its source. None: no
            source column (the rows are not one source each).
        follows: the name of a chart whose controls choose the rows shown (the page script filters them).
        attrs: {data attribute: column} the page script filters on: a param's name and a date column (the row
            shows from that day), '<param>-until' and a date column (the row shows up to that day: a span),
            or a param's name and a column of codes ('covers').
        shown: which rows show before the reader changes anything (the others are hidden).
        template: the caption, rewritten by the page script: {n} rows shown, {as_of} the day, {countries}.
    """
    heads = list(columns.values()) + (["Source"] if source_col else [])
    rows, row_attrs = [], []
    for i, r in df.iterrows():
        cells = [cell_text(r[c], c) for c in columns]
        if source_col:  # several sources joined with ';' are linked each (a year's exports and a press balance)
            cells.append("; ".join(dict.fromkeys(source_link(s) for s in str(r[source_col]).split(";") if s)))
        rows.append(cells)
        row_attrs.append(_attrs(r, attrs or {}, shown is not None and not bool(shown.loc[i])))
    cap = ""
    if follows:
        cap = f' data-follows="{html.escape(follows)}"' + (
            f' data-template="{html.escape(template)}"' if template else ""
        )
    markup = html_table(heads, rows, caption=caption, css_class="tariffbook-table", row_attrs=row_attrs,
                        caption_attrs=cap)  # fmt: skip
    return HTML(scroll_box(markup, caption))


def data_table(rows: list[dict], helper: re.Pattern) -> str:
    """The rows a chart draws, as a table for reading.

    Codes and columns show their labels, dates and numbers are formatted, sources named; ids, quotes and helper
    columns are left out (they stay in the CSV).
    """
    keys = list(dict.fromkeys(k for r in rows for k in r))
    cols = [k for k in keys if not helper.match(k) and k not in TABLE_HIDDEN and f"{k}_label" not in keys]
    heads = [label(c.removesuffix("_label")) for c in cols]
    cells = [[html.escape(_sources(r[c])) if c == "source_id" else cell_text(r.get(c), c) for c in cols]
             for r in rows]  # fmt: skip
    return scroll_box(html_table(heads, cells), "Data table", "tariffbook-datatable")


def source_list(source_ids, pre: str = "") -> str:
    """A chart's sources, each linked to its entry on the references page.

    Up to three on a line; more in a list that opens ('61 sources'), the primary documents (government, court)
    first.
    """
    src = load_sources().set_index("source_id")
    # the id breaks ties between sources with one label (several HTS headings read from one site): without it
    # the order was the set's, which differs from process to process, and every rerun changed the page
    ids = sorted(set(source_ids), key=lambda s: (src.loc[s, "kind"] not in PRIMARY_KINDS, source_label(s), s)
                 if s in src.index else (True, s, s))  # fmt: skip
    links = [f'<a href="{pre}{REFERENCES_PAGE}#src-{html.escape(s)}">{html.escape(source_label(s))}</a>' for s in ids]
    if len(links) <= 3:
        word = "Source" if len(links) == 1 else "Sources"
        return f'<p class="tariffbook-sources">{word}: {"; ".join(links)}</p>'
    primary = sum(1 for s in ids if s in src.index and src.loc[s, "kind"] in PRIMARY_KINDS)
    items = "".join(f"<li>{a}</li>" for a in links)
    first = f" ({primary} primary documents, listed first)" if primary else ""
    summary = f"<summary>{len(links)} sources{first}</summary>"
    return f'<details class="tariffbook-sources">{summary}<ul>{items}</ul></details>'
