"""The reader's controls of a chart: native, labelled inputs the page owns, bound to the chart's Vega params.

A builder declares its controls (select, date, number, checklist below) and passes them to finish(); the chart's
spec then has one Vega param per control, and the renderer writes the controls' HTML above the chart
(form_html). Single values (a select, a slider) are bound to their input with `bind: {"element": "#id"}`:
Vega reads the input's value when it binds, and listens to its `input` events. Lists (a group of checkboxes)
are array params that the page script sets. The page script (_static/tb-charts.js) keeps every control's
value in the page's URL (`?countries=JPN,KOR&as_of=2025-07-08`) and restores it from there.

A param's name is its URL key, and is the notebook parameter it mirrors where there is one, so a reader's
URL and a papermill run speak the same language. Bound values reach Vega as strings: expressions read
them through value_expr() (toNumber), never directly.

A date control is a slider over whole days from its first day (value = days since `first`), whose visible
value and aria-valuetext are the date in words; its URL value is the ISO date.

In Jupyter there is no page script: jupyter_bindings() turns the same params into Vega's own inputs.

Typical use, in a builder::

    pick = controls.checklist("countries", "Compare", options, checked=["JPN"])
    day = controls.date("as_of", "As of", first="2025-04-02", last="2026-11-23", value="2025-08-07")
    keep = f"indexof(countries, datum.country) >= 0 && datum.t <= {day.ms_expr()}"
    ...
    return finish(chart, name, ..., controls=(pick, day))
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from typing import Any

import altair as alt
import pandas as pd

from tariffbook import words

DAY_MS = 86_400_000


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def date_words(day) -> str:
    """'8 Jul 2025': how a date control shows its value (the same format as tb-charts.js)."""
    return words.day(_day(day), month="short")


@dataclass(frozen=True)
class Control:
    """One control: its param, its label, its kind and the values it takes.

    Attributes:
        param: the Vega param's name, the URL key and (where there is one) the notebook parameter's name.
        label: what the control is called on the page.
        kind: 'select', 'date', 'number' or 'list'.
        value: the default: an option's value, an ISO date, a number, or a list of option values.
        options: (value, label) pairs of a select or a list.
        low: the smallest value of a number, or the first day of a date ('YYYY-MM-DD').
        high: the largest value of a number, or the last day of a date.
        step: a number's step.
        format: how a number shows, '{}' standing for the value ('{}%', '× {}').
    """

    param: str
    label: str
    kind: str
    value: Any
    options: tuple[tuple[str, str], ...] = field(default=())
    low: Any = None
    high: Any = None
    step: float | None = None
    format: str = "{}"

    def element_id(self, chart: str) -> str:
        """The id of the control's input on the page (unique: charts have unique names)."""
        return f"tb-{chart}-{self.param.replace('_', '-')}"

    def days(self, day) -> int:
        """A date control's value for a day: whole days since its first day."""
        return int((_day(day) - _day(self.low)).days)

    def vega_value(self):
        """The param's default as Vega holds it (a date control: days since its first day)."""
        if self.kind == "date":
            return self.days(self.value)
        return list(self.value) if self.kind == "list" else self.value

    def vega_param(self, chart: str) -> alt.Parameter:
        """The chart's Vega param for this control, bound to the page's input (lists: set by the page script)."""
        if self.kind == "list":
            return alt.param(name=self.param, value=self.vega_value())
        return alt.param(
            name=self.param, value=self.vega_value(), bind=alt.BindDirect(element=f"#{self.element_id(chart)}")
        )

    def value_expr(self) -> str:
        """The param's value in a Vega expression, as a number for sliders (bound inputs give strings)."""
        return self.param if self.kind in ("list", "select") else f"toNumber({self.param})"

    def ms_expr(self) -> str:
        """A date control's chosen day as milliseconds since 1970, in a Vega expression (end of that day)."""
        first = int((_day(self.low) - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1))
        return f"({first} + toNumber({self.param}) * {DAY_MS})"

    def shown(self, value=None) -> str:
        """How the control shows a value (default: its default) in words."""
        value = self.value if value is None else value
        if self.kind == "date":
            return date_words(value)
        if self.kind == "number":
            return self.format.format(f"{value:g}")
        labels = dict(self.options)
        if self.kind == "list":
            return ", ".join(labels.get(v, v) for v in value)
        return labels.get(value, str(value))

    def to_dict(self) -> dict:
        """The control as plain data (kept in the chart's usermeta)."""
        return {k: (list(map(list, v)) if k == "options" else v) for k, v in asdict(self).items()}


def select(param: str, label: str, options, value: str) -> Control:
    """A dropdown: one of `options` ((value, label) pairs)."""
    return Control(param, label, "select", value, options=tuple(options))


def date(param: str, label: str, first, last, value) -> Control:
    """A day between `first` and `last` (inclusive), as a slider labelled with the date in words."""
    first, last = _day(first), _day(last)
    value = min(max(_day(value), first), last)
    return Control(
        param, label, "date", value.strftime("%Y-%m-%d"), low=first.strftime("%Y-%m-%d"), high=last.strftime("%Y-%m-%d")
    )


def number(param: str, label: str, low: float, high: float, step: float, value: float, format: str = "{}") -> Control:
    """A number between `low` and `high` by `step`, as a slider showing its value through `format`."""
    return Control(param, label, "number", value, low=low, high=high, step=step, format=format)


def checklist(param: str, label: str, options, checked) -> Control:
    """Several of `options` ((value, label) pairs), as a group of checkboxes; the param is the list checked."""
    options = tuple(options)
    known = {v for v, _ in options}
    return Control(param, label, "list", [v for v in checked if v in known], options=options)


# ---------------------------------------------------------------- the page's HTML
LONG_LIST = 6
"""A checklist with more options than this folds away in a disclosure (its summary says how many are checked)."""


def _select_html(c: Control, cid: str) -> str:
    opts = "".join(
        f'<option value="{_e(v)}"{" selected" if v == c.value else ""}>{_e(t)}</option>' for v, t in c.options
    )
    return (
        f'<div class="tb-control"><label for="{cid}">{_e(c.label)}</label>'
        f'<select id="{cid}" name="{_e(c.param)}" data-param="{_e(c.param)}">{opts}</select></div>'
    )


def _range_html(c: Control, cid: str) -> str:
    if c.kind == "date":
        attrs = f'data-kind="date" data-t0="{c.low}" min="0" max="{c.days(c.high)}" step="1" value="{c.vega_value()}"'
    else:
        attrs = f'data-kind="number" data-format="{_e(c.format)}" min="{c.low:g}" max="{c.high:g}" step="{c.step:g}"'
        attrs += f' value="{c.value:g}"'
    text = _e(c.shown())
    return (
        f'<div class="tb-control tb-range"><label for="{cid}">{_e(c.label)}</label>'
        f'<input type="range" id="{cid}" name="{_e(c.param)}" data-param="{_e(c.param)}" {attrs} '
        f'aria-valuetext="{text}"><output id="{cid}-out" for="{cid}" aria-hidden="true">{text}</output></div>'
    )


def _list_html(c: Control, cid: str) -> str:
    boxes = "".join(
        f'<label class="tb-check"><input type="checkbox" name="{_e(c.param)}" value="{_e(v)}"'
        f"{' checked' if v in c.value else ''}> {_e(t)}</label>"
        for v, t in c.options
    )
    boxes = f'<div class="tb-checks">{boxes}</div>'
    if len(c.options) > LONG_LIST:
        summary = f"{len(c.value)} of {len(c.options)} chosen: {_e(c.shown())}"
        boxes = f'<details class="tb-more"><summary>{summary}</summary>{boxes}</details>'
    return (
        f'<fieldset class="tb-control tb-list" id="{cid}" data-param="{_e(c.param)}" data-kind="list">'
        f"<legend>{_e(c.label)}</legend>{boxes}</fieldset>"
    )


def control_html(c: Control, chart: str) -> str:
    """One control's HTML: a labelled select, slider (with its value in words) or group of checkboxes."""
    cid = c.element_id(chart)
    if c.kind == "select":
        return _select_html(c, cid)
    if c.kind == "list":
        return _list_html(c, cid)
    return _range_html(c, cid)


def form_html(chart: str, title: str, controls: list[Control]) -> str:
    """The controls of one chart, as a form above it, with a live region that tells screen readers the result.

    Hidden without JavaScript (nothing could act on them): the static chart shows the defaults then.
    """
    if not controls:
        return ""
    body = "".join(control_html(c, chart) for c in controls)
    return (
        f'<form class="tb-controls" data-chart="{_e(chart)}" aria-label="{_e(title)}: chart controls">{body}'
        '<p class="tb-status" role="status" aria-live="polite" aria-atomic="true"></p></form>'
        "<noscript><style>.tb-controls { display: none; }</style></noscript>"
    )


def from_dict(d: dict) -> Control:
    """A control from its to_dict() form (the renderer reads controls back from a spec's usermeta)."""
    d = dict(d)
    d["options"] = tuple(tuple(o) for o in d.get("options", ()))
    return Control(**d)


def jupyter_bindings(spec: dict, controls: list[Control]) -> dict:
    """The spec with each bound param bound to Vega's own input instead (no page script in Jupyter)."""
    by_name = {c.param: c for c in controls}
    out = dict(spec)
    params = []
    for p in spec.get("params", []):
        c = by_name.get(p.get("name"))
        if c is not None and "bind" in p:
            p = dict(p, bind=_vega_input(c))
        params.append(p)
    out["params"] = params
    return out


def _vega_input(c: Control) -> dict:
    if c.kind == "select":
        return {"input": "select", "options": [v for v, _ in c.options], "labels": [t for _, t in c.options],
                "name": c.label + " "}  # fmt: skip
    if c.kind == "date":
        return {"input": "range", "min": 0, "max": c.days(c.high), "step": 1,
                "name": f"{c.label} (days after {date_words(c.low)}) "}  # fmt: skip
    return {"input": "range", "min": c.low, "max": c.high, "step": c.step, "name": c.label + " "}
