"""HTML tables for the pages: plain, accessible (<th scope>), every row linked to its source."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from tariffbook.load import load_sources


def _cell(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%d %b %Y")
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return ""
    if isinstance(v, float):
        return f"{v:,.1f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"
    return html.escape(str(v))


def source_link(source_id: str) -> str:
    src = load_sources().set_index("source_id")
    if source_id not in src.index:
        return html.escape(source_id)
    r = src.loc[source_id]
    label = html.escape(r["publisher"])
    if pd.notna(r["published"]):
        label += f" ({r['published']:%d %b %Y})"
    return f'<a href="{html.escape(r["url"])}">{label}</a>' if r["url"] else label


def table(df: pd.DataFrame, columns: dict[str, str], caption: str, source_col: str | None = "source_id") -> HTML:
    """columns: {dataframe column: header}. A 'Source' column links each row to its source when source_col is set."""
    heads = list(columns.values()) + (["Source"] if source_col else [])
    out = [f'<table class="tariffbook-table"><caption>{html.escape(caption)}</caption><thead><tr>']
    out += [f'<th scope="col">{html.escape(h)}</th>' for h in heads]
    out.append("</tr></thead><tbody>")
    for _, r in df.iterrows():
        cells = [_cell(r[c]) for c in columns]
        if source_col:
            cells.append(source_link(r[source_col]))
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return HTML("".join(out))
