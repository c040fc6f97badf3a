"""HTML tables for the pages: plain, accessible (<th scope>), every row linked to its source.

html_table is the one builder of table markup; table() makes a page's table from a DataFrame, and
tariffbook.charts.exports uses html_table for the data table under each chart.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from tariffbook.data.load import load_sources


def _cell(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%d %b %Y")
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return ""
    if isinstance(v, float):
        return f"{v:,.1f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"
    return html.escape(str(v))


def html_table(
    heads: list[str], rows: list[list[str]], caption: str | None = None, css_class: str | None = None
) -> str:
    """Table markup with a header row of column headings (<th scope="col">).

    Args:
        heads: the column headings, as text (escaped here).
        rows: each row's cells, as HTML (escape text before).
        caption: the table's caption, as text, if any.
        css_class: the <table>'s class, if any.
    """
    attrs = f' class="{css_class}"' if css_class else ""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption is not None else ""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for cells in rows)
    return f"<table{attrs}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def source_link(source_id: str) -> str:
    """A link to a source's page, labelled 'Publisher (date)'; the bare label when it has no URL."""
    src = load_sources().set_index("source_id")
    if source_id not in src.index:
        return html.escape(source_id)
    r = src.loc[source_id]
    label = html.escape(r["publisher"])
    if pd.notna(r["published"]):
        label += f" ({r['published']:%d %b %Y})"
    return f'<a href="{html.escape(r["url"])}">{label}</a>' if r["url"] else label


def table(df: pd.DataFrame, columns: dict[str, str], caption: str, source_col: str | None = "source_id") -> HTML:
    """A page's table of some rows, each linked to its source.

    Args:
        df: the rows.
        columns: {DataFrame column: heading}, in the order shown.
        caption: what the table shows.
        source_col: the column of source ids; a 'Source' column links each row to its source. None: no
            source column (the rows are not one source each).
    """
    heads = list(columns.values()) + (["Source"] if source_col else [])
    rows = []
    for _, r in df.iterrows():
        cells = [_cell(r[c]) for c in columns]
        if source_col:
            cells.append(source_link(r[source_col]))
        rows.append(cells)
    return HTML(html_table(heads, rows, caption=caption, css_class="tariffbook-table"))
