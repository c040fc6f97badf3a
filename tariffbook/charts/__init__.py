"""The presentation layer: charts, tables and what goes under them in the built book.

What belongs here: the Altair theme (theme) and the renderer (render), one module per chart family (trade,
rates, rate_steps, timeline, formula, regimes, refunds, cost, duties, world) built on common, the reader's
controls (controls), key events in words (notes) and the notes above the legal-basis strips (strip_notes), the
HTML tables (tables), the files and caption under each chart (exports), and the Vega bundle the site serves
(offline). The page side is _static/tb-charts.js and _static/tb-charts.css. What does not: the numbers themselves
(tariffbook.analysis) and the book build (tariffbook.publish).

Importing this package registers and enables the theme and the renderer: it is the one place in tariffbook
where an import changes global state.

Typical use, in a notebook::

    from tariffbook import charts
    from tariffbook.analysis import trade as q

    charts.surplus_chart(q.trade_2024(), top_n=15, highlight=["JPN"])

A chart is one view or a layer of views, built as data -> base -> layers by role, ended by
tariffbook.charts.common.finish() (CONTRIBUTING.md, "Add a chart").
"""

from __future__ import annotations

import altair as alt

from tariffbook.charts import render, theme
from tariffbook.charts.cost import customs_duties_chart, effective_rate_chart, partner_gap_chart
from tariffbook.charts.duties import duties_chart
from tariffbook.charts.formula import formula_chart
from tariffbook.charts.rate_steps import rate_step_chart
from tariffbook.charts.rates import sectoral_chart, stage_chart
from tariffbook.charts.refunds import refunds_chart
from tariffbook.charts.regimes import basis_chart, letter_partners_chart
from tariffbook.charts.timeline import event_covers, talks_chart, timeline_chart
from tariffbook.charts.trade import surplus_change_chart, surplus_chart, trade_flows_chart, trade_years_chart
from tariffbook.charts.world import world_map

__all__ = [
    "basis_chart",
    "customs_duties_chart",
    "effective_rate_chart",
    "duties_chart",
    "event_covers",
    "formula_chart",
    "letter_partners_chart",
    "partner_gap_chart",
    "rate_step_chart",
    "refunds_chart",
    "sectoral_chart",
    "stage_chart",
    "surplus_change_chart",
    "surplus_chart",
    "talks_chart",
    "timeline_chart",
    "trade_flows_chart",
    "trade_years_chart",
    "world_map",
]

alt.theme.register(theme.NAME, enable=True)(theme.theme)
alt.renderers.register(render.NAME, render.render)
alt.renderers.enable(render.NAME)
