"""The presentation layer: charts, tables and what goes under them in the built book.

What belongs here: the Altair theme (theme) and the offline renderer (render), one module per chart family
(trade, rates, timeline, formula) built on common, the HTML tables (tables), the files and caption under
each chart (exports), the Vega bundle the site serves (offline), and myst-nb's glue for numbers in prose
(glue). What does not: the numbers themselves (tariffbook.analysis) and the book build (tariffbook.build).

Importing this package registers and enables the theme and the renderer: it is the one place in tariffbook
where an import changes global state.

Typical use, in a notebook::

    from tariffbook import charts
    from tariffbook.analysis import queries as q

    charts.surplus_chart(q.trade_2024(), top_n=15, highlight=["JPN"])
"""

from __future__ import annotations

import altair as alt

from tariffbook.charts import render, theme
from tariffbook.charts.formula import formula_chart
from tariffbook.charts.rates import rate_step_chart, sectoral_chart, stage_chart
from tariffbook.charts.timeline import talks_chart, timeline_chart
from tariffbook.charts.trade import surplus_chart, trade_flows_chart

__all__ = [
    "formula_chart",
    "rate_step_chart",
    "sectoral_chart",
    "stage_chart",
    "surplus_chart",
    "talks_chart",
    "timeline_chart",
    "trade_flows_chart",
]

alt.theme.register(theme.NAME, enable=True)(theme.theme)
alt.renderers.register(render.NAME, render.render)
alt.renderers.enable(render.NAME)
