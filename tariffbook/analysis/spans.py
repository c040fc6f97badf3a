"""One partner's duty over time: the spans of days with one answer from rate_in_force, and the views of them.

duty_spans() is the one duty timeline of the book: it walks rate_in_force over the days a partner's duty can
change and cuts a span wherever what a reader sees changes (the rate, its status, its legal basis, the way it
applies). Every page that shows a duty over time reads it through one of the views below, so no two pages can
walk the record differently:

- rate_steps: a step series for the rate-in-force line of a country page;
- basis_segments: spans by legal basis for the strips of the chapter after the ruling and the front page;
- phases, on_day, gaps: what the sentences about those strips need.

A span where a rate ended and the record has nothing after it has status NOT_IN_RECORD and no rate: the
previous rate is never carried forward. Days before the first tariff have status NO_TARIFF.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.rates import RateInForce, answer, check_country, partner_rows
from tariffbook.data.countries import country_name, resolve_country
from tariffbook.data.load import as_known_on, horizon, load_figures, within_record
from tariffbook.domain import BASIS_ENDED, EARLIEST_AS_OF, NOT_MODELLED
from tariffbook.words import RateStatus

FIRST_DAY = EARLIEST_AS_OF
"""Where the duty timelines start: the announcement of 2 April 2025 (the first tariff applied from 5 April)."""

SEEN = ("status", "rate", "legal_basis", "applies_as", "instrument", "parts")
"""The fields of an answer a reader sees: a span ends where one of them changes (the rate, how it applies, its
statute, the document that set it, or the duties it adds up: Brazil's 10% and 40% are not one 50%)."""

SPAN_COLUMNS = [
    "country",
    "name",
    "start",
    "end",
    "rate",
    "status",
    "legal_basis",
    "applies_as",
    "instrument",
    "figure_ids",
    "source_id",
    "note",
    "parts",
    "answer",
]
"""The columns of duty_spans: `figure_ids` and `source_id` join the rows' ids with ';'; `answer` is the
RateInForce of the span's first day (None where no tariff applied or the record has no rate)."""

GAP = words.upper_first(words.NOT_IN_RECORD)
"""The legal-basis label of a span where a rate ended and the record has no later rate for the partner."""

NO_DUTY = words.upper_first(words.NO_DUTY)
"""The legal-basis label of a span where the record shows that no country-wide duty applied (a rate of 0)."""

SEGMENT_COLUMNS = [
    "country",
    "name",
    "start",
    "end",
    "rate",
    "status",
    "legal_basis",
    "basis",
    "applies_as",
    "how",
    "label",
    "instrument",
    "figure_ids",
    "source_id",
    "note",
]
"""The columns of basis_segments."""


def change_days(rows: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """The days a partner's duty can change: effective dates, the day after a stated end or a statute's end."""
    days = set(rows["effective_on"].dropna())
    ends = rows["period"].astype(str).str.split("/").str[1].dropna()
    days |= {pd.Timestamp(e) + pd.Timedelta(days=1) for e in ends}
    days |= {end + pd.Timedelta(days=1) for end, _ in BASIS_ENDED.values()}
    return sorted({d for d in days if first < d <= last} | {first})


def _fields(code: str, day: pd.Timestamp, r: RateInForce | None) -> dict:
    """One span's fields, from what rate_in_force answered on its first day."""
    base = {"country": code, "name": country_name(code), "start": day, "end": day, "answer": r}
    blank = {
        "rate": None,
        "legal_basis": None,
        "applies_as": None,
        "instrument": "",
        "figure_ids": "",
        "source_id": "",
        "parts": (),
    }
    if r is None:
        return {**base, **blank, "status": RateStatus.NO_TARIFF, "note": ""}
    if not r.in_record:
        return {**base, **blank, "status": r.status, "note": r.reason}
    return {
        **base,
        "rate": r.rate,
        "status": r.status,
        "legal_basis": r.legal_basis,
        "applies_as": r.applies_as,
        "instrument": r.instrument or "",
        "figure_ids": ";".join(r.figure_ids),
        "source_id": ";".join(r.source_ids),
        "note": "",
        "parts": tuple((p.value, p.legal_basis, p.applies_as, p.instrument) for p in r.parts),
    }


def duty_spans(country: str, start=FIRST_DAY, end=None, *, figures=None, known_on=None) -> pd.DataFrame:
    """A partner's headline duty from `start` to `end`, as spans of days with one answer.

    A span ends where the rate, its status, its legal basis or the way it applies changes (South Korea's 15%
    became a minimum total on 14 November 2025).

    Args:
        country: ISO3 code or name (a partner outside the rate model raises, as rate_in_force does).
        start: the first day.
        end: the last day (default and at most: the horizon).
        figures: the figures to read (default: tariffbook.load_figures()).
        known_on: read the record as it stood that day (as rate_in_force).

    Returns:
        One row per span (SPAN_COLUMNS), in order; the last ends on `end`.
    """
    code = check_country(country)
    figs = load_figures() if figures is None else figures
    known = None
    if known_on is not None:
        from tariffbook.analysis.rates import to_day

        known = within_record(to_day(known_on, "known_on"), "known_on")
        figs = as_known_on(figs, known)
    last = horizon()
    first = pd.Timestamp(start)
    last = min(pd.Timestamp(end), last) if end is not None else last
    rows = partner_rows(figs, code)
    spans: list[dict] = []
    for day in change_days(rows, first, last):
        fields = _fields(code, day, answer(code, day, rows, known))
        if spans and all(spans[-1][k] == fields[k] for k in SEEN):
            continue
        if spans:
            spans[-1]["end"] = day - pd.Timedelta(days=1)
        spans.append(fields)
    if spans:
        spans[-1]["end"] = last
    return pd.DataFrame(spans, columns=SPAN_COLUMNS)


def _merged(spans: pd.DataFrame, key) -> list[dict]:
    """Consecutive spans equal in `key` as one (the first one's fields, the last one's end)."""
    out: list[dict] = []
    for s in spans.to_dict("records"):
        if out and all(_same(out[-1][k], s[k]) for k in key):
            out[-1]["end"] = s["end"]
            continue
        out.append(s)
    return out


def _same(a, b) -> bool:
    return (
        (a is None or (isinstance(a, float) and pd.isna(a)))
        and (b is None or (isinstance(b, float) and pd.isna(b)))
        or a == b
    )


STEP_COLUMNS = ["date", "rate", "status", "legal_basis", "applies_as", "figure_ids", "source_id", "note"]
"""The columns of rate_steps."""


def rate_steps(
    country: str, start="2025-04-01", end=None, figures: pd.DataFrame | None = None, known_on=None
) -> pd.DataFrame:
    """The headline rate in force as a step series: one row per change, from start to end (default: the horizon).

    A view of duty_spans, one row per span: a new row starts wherever what a reader sees changes (Singapore's
    10% under IEEPA, then under Section 122; South Korea's 15% on top of the normal duty, then 15% in total
    from 14 November 2025). Each row says what applied from its date: `rate` (None before any
    tariff, or where the record has no rate), `status`, the `legal_basis` and `applies_as` of the base rate, and
    the rows and sources. Where a rate stops and nothing in the record follows, a row on its last day closes the
    step before the gap; a last row on `end` closes the series.

    Args:
        country: ISO3 code or name.
        start: the first day.
        end: the last day (at most the horizon).
        figures: the figures to read (default: tariffbook.load_figures()).
        known_on: read the record as it stood that day (as rate_in_force).
    """
    code = resolve_country(country)
    if code in NOT_MODELLED:
        raise ValueError(f"no rate steps for {code}: {NOT_MODELLED[code]}")
    spans = duty_spans(code, start, end, figures=figures, known_on=known_on)
    rows: list[dict] = []
    steps = spans.to_dict("records")
    for i, s in enumerate(steps):
        step = {k: s[k] for k in STEP_COLUMNS if k != "date"}
        rows.append({"date": s["start"], **step})
        after = steps[i + 1]["status"] if i + 1 < len(steps) else None
        if s["status"] == RateStatus.IN_FORCE and after == RateStatus.NOT_IN_RECORD:
            rows.append({"date": s["end"], **step})  # the last day the rate applied
    out = pd.DataFrame(rows, columns=STEP_COLUMNS)
    out["status"] = out["status"].astype(str)
    last = spans["end"].iloc[-1] if len(spans) else None
    if not out.empty and out["date"].iloc[-1] < last:
        tail = out.iloc[[-1]].copy()
        tail["date"] = last
        out = pd.concat([out, tail], ignore_index=True)
    return out


# ---------------------------------------------------------------- by legal basis


def rate_label(rate: float | None, applies_as: str | None) -> str:
    """How a chart writes a rate: '+10%', '15% total' (a minimum total), 'no duty' or 'not in the record'."""
    if rate is None or pd.isna(rate):
        return words.NOT_IN_RECORD
    if rate == 0:
        return words.NO_DUTY
    return f"{rate:g}% total" if applies_as == "minimum_total" else f"+{rate:g}%"


def day_of_record(as_of) -> pd.Timestamp:
    """as_of as a day of the record; None: the horizon (the record as a whole). The one meaning of as_of=None."""
    from tariffbook.analysis.rates import to_day

    return horizon() if as_of is None else within_record(to_day(as_of, "as_of"), "as_of")


def basis_segments(countries, as_of=None) -> pd.DataFrame:
    """Each partner's headline duty from 2 April 2025 to `as_of`, as spans with one rate and one legal basis.

    A view of duty_spans, as the record stood on `as_of`: the spans before the first tariff are left out, and a
    span not in the record cites the row that ended (whose source states the end). Partners outside the rate
    model (domain.NOT_MODELLED) have no spans; not_modelled() says which and why.

    Args:
        countries: codes or names.
        as_of: the last day, read as the record stood then (default: the horizon).

    Returns:
        One row per span (SEGMENT_COLUMNS): the partners with a rate on `as_of` first, then those without, each
        by name; `start` and `end` are the span's first and last days; `basis` the statute's name (GAP for a
        span not in the record); `label` the rate as a chart writes it ('+10%', '15% total').
    """
    day = day_of_record(as_of)
    codes = [resolve_country(c) for c in countries]
    if day < FIRST_DAY:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    figures = as_known_on(load_figures(), day)
    found = []
    for code in codes:
        if code in NOT_MODELLED:
            continue
        spans = duty_spans(code, FIRST_DAY, day, figures=figures).to_dict("records")
        for i, s in enumerate(spans):
            if s["status"] == RateStatus.NOT_IN_RECORD and i:
                s.update(figure_ids=spans[i - 1]["figure_ids"], source_id=spans[i - 1]["source_id"])
        found += [s for s in spans if s["answer"] is not None or s["status"] != RateStatus.NO_TARIFF]
    out = pd.DataFrame(found, columns=SPAN_COLUMNS).drop(columns=["answer", "parts"])
    if out.empty:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    out["status"] = out["status"].astype(str)
    out["basis"] = [
        NO_DUTY if st == RateStatus.NO_TARIFF else words.label(b, "legal_basis") if isinstance(b, str) else GAP
        for b, st in zip(out["legal_basis"], out["status"], strict=True)
    ]
    out["how"] = [words.phrase(a, "applies_as") if isinstance(a, str) else "" for a in out["applies_as"]]
    out["label"] = [rate_label(r, a) for r, a in zip(out["rate"], out["applies_as"], strict=True)]
    out["rate"] = out["rate"].astype(float)
    last = out.groupby("country")["status"].last()
    out["gap_at_end"] = out["country"].map(last != RateStatus.IN_FORCE)
    out = out.sort_values(["gap_at_end", "name", "start"]).drop(columns="gap_at_end")
    return out[SEGMENT_COLUMNS].reset_index(drop=True)


def not_modelled(countries) -> dict[str, str]:
    """The partners chosen that the rate model leaves out (China), each with the reason."""
    codes = [resolve_country(c) for c in countries]
    return {c: NOT_MODELLED[c] for c in codes if c in NOT_MODELLED}


def on_day(segments: pd.DataFrame, day) -> pd.DataFrame:
    """The span of each partner that covers `day` (one row per partner that had a duty then)."""
    day = pd.Timestamp(day)
    return segments[(segments["start"] <= day) & (segments["end"] >= day)].reset_index(drop=True)


def phases(segments: pd.DataFrame) -> pd.DataFrame:
    """The legal bases in the order they began: basis, first day, last day, the partners and the labels.

    Returns:
        One row per legal basis (gaps left out): basis, legal_basis, start, end, countries (tuple of codes),
        labels (the distinct rate labels, in order of first use).
    """
    live = segments[segments["status"] == RateStatus.IN_FORCE]
    rows = []
    for basis, g in live.groupby("basis", sort=False):
        rows.append(
            {
                "basis": basis,
                "legal_basis": g["legal_basis"].iloc[0],
                "start": g["start"].min(),
                "end": g["end"].max(),
                "countries": tuple(dict.fromkeys(g.sort_values("name")["country"])),
                "labels": tuple(dict.fromkeys(g.sort_values("start")["label"])),
            }
        )
    cols = ["basis", "legal_basis", "start", "end", "countries", "labels"]
    return pd.DataFrame(rows, columns=cols).sort_values("start").reset_index(drop=True)


def gaps(segments: pd.DataFrame, day) -> pd.DataFrame:
    """The partners with no rate in the record on `day` (a regime ended, nothing followed), with the reason."""
    now = on_day(segments, day)
    return now[now["status"] == RateStatus.NOT_IN_RECORD].reset_index(drop=True)


def after_ieepa(country: str, day: pd.Timestamp) -> list[dict]:
    """What followed IEEPA for a partner, to `day`, as the record stood then: one entry per rate and legal basis.

    Each entry: start, status, and (where a rate applied) the RateInForce of its first day. Empty before IEEPA
    ended, or for a partner outside the rate model.
    """
    code = resolve_country(country)
    last_ieepa, _ = BASIS_ENDED["ieepa"]
    begin = last_ieepa + pd.Timedelta(days=1)
    if code in NOT_MODELLED or day < begin:
        return []
    spans = duty_spans(code, begin, day, figures=as_known_on(load_figures(), day))
    return [
        {"start": s["start"], "status": s["status"], "answer": s["answer"]}
        for s in _merged(spans, ("rate", "status", "legal_basis", "applies_as"))
    ]
