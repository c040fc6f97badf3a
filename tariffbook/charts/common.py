"""What every chart builder shares: the title block with its source line, and the metadata exports read.

Each builder (tariffbook.charts.trade, .rates, .timeline, .formula) ends with finish(), so that every chart
has a title, a wrapped subtitle naming the sources of the rows it plots, a description for screen readers,
and `usermeta` listing its source ids for the caption under it (tariffbook.charts.exports).
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from tariffbook.analysis.queries import source_line

SUBTITLE_CHARS = 95
"""Where subtitles wrap: Vega-Lite does not wrap titles, and a long source line would be clipped."""


def finish(chart, title: str, subtitle: str, rows: pd.DataFrame, description: str, source_col: str = "source_id"):
    """Give a chart its title, subtitle, source line, description and source ids.

    Args:
        chart: the composed Altair chart.
        title: what the chart shows, as a sentence.
        subtitle: how to read it (may be empty); the source line is added under it.
        rows: the rows plotted, whose `source_col` names their sources (several joined with ';').
        description: the text alternative for screen readers, with the chart's main numbers.
        source_col: the column of `rows` holding source ids.
    """
    lines = textwrap.wrap(subtitle, SUBTITLE_CHARS) if subtitle else []
    lines += textwrap.wrap(source_line(rows[source_col]), SUBTITLE_CHARS)
    ids = sorted({s for v in rows[source_col] for s in str(v).split(";") if s})
    return chart.properties(
        title=alt.TitleParams(title, subtitle=lines),
        description=description,
        usermeta={"tariffbook": {"title": title, "sources": ids}},
    )


def epoch_ms(ts: pd.Series) -> pd.Series:
    """Datetimes as milliseconds since 1970 (Vega's time unit in expressions)."""
    return (pd.to_datetime(ts) - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)
