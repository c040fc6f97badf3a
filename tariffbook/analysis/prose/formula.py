"""The formula page's sentences: where the 2 April rates came from, the rule they follow, and the critique of φ.

Every number is computed from the record (tariffbook.analysis.formula), for the floor and discount the page is
run with; a sentence about the published rates holds for the record's partners only, and says how many.
"""

from __future__ import annotations

import pandas as pd

from tariffbook import words
from tariffbook.analysis.formula import HALF_POINT, passthrough_critique, with_passthrough
from tariffbook.data.countries import is_iso3
from tariffbook.data.load import load_sources
from tariffbook.domain import REFERENCES_PAGE

REFERENCES = f"../{REFERENCES_PAGE}"
"""The references page, relative to a notebook's page."""


def _discount_words(discount: float) -> str:
    return "halve it" if discount == 0.5 else f"multiply it by {discount:g}"


def _rule_words(floor: float, discount: float) -> str:
    return (
        f"round the deficit over imports to a whole percent, {_discount_words(discount)}, round a half up, and "
        f"apply the {words.percent(floor)} floor"
    )


MOST_NAMED = 8
"""The most partners a sentence names one by one; beyond that it counts them and names the largest."""


def _name(r) -> str:
    """A partner's name in a sentence: 'Japan', 'the European Union' (a group takes the article)."""
    return r["name"] if is_iso3(r["country"]) else f"the {r['name']}"


def _names(rows: pd.DataFrame) -> str:
    return words.and_join(_name(r) for _, r in rows.iterrows())


def _names_values(rows: pd.DataFrame, text) -> str:
    return words.and_join(f"{_name(r)} ({text(r)})" for _, r in rows.iterrows())


def rule_summary(recon: pd.DataFrame, inputs: dict[str, float]) -> str:
    """The page's finding: how many published rates the two-step rule gives exactly, and the exceptions.

    Args:
        recon: tariffbook.analysis.formula.reconstruct(floor, discount).
        inputs: tariffbook.analysis.formula.formula_inputs().
    """
    if recon.empty:
        return "The record has no partner with both 2024 trade figures and a published 2 April rate by this date."
    floor, discount = float(recon["floor"].iloc[0]), float(recon["discount"].iloc[0])
    n, exact = len(recon), int(recon["two_step_exact"].sum())
    off = recon[~recon["two_step_exact"]].sort_values("name")
    groups = recon[~recon["country"].map(is_iso3)]
    who = f"the {words.count(n, 'partner')} with 2024 trade figures and a published 2 April rate in the record"
    if len(groups):
        who += f" ({_names(groups)} among them)"
    text = (
        f"USTR set the elasticity of import demand ε to {inputs['elasticity']:g} and the passthrough of tariffs to "
        f"import prices φ to {inputs['passthrough']:g}, so the 'tariff charged to the US' is "
        + (
            "simply the deficit divided by imports. "
            if inputs["elasticity"] * inputs["passthrough"] == 1
            else f"the deficit divided by imports and by {inputs['elasticity'] * inputs['passthrough']:g}. "
        )
        + f"The rule this page tests has two steps: {_rule_words(floor, discount)}. Of {who}, it gives "
        + (f"{exact} rates exactly" if exact else "none of the rates exactly")
    )
    if off.empty:
        return text + ": all of them."

    def how(r) -> str:
        return (
            f"{words.percent(r['charged_rounded'])} gives {words.percent(r['two_step'])}, published "
            f"{words.percent(r['published'])}"
        )

    if len(off) > MOST_NAMED:
        return (
            text
            + (f" and misses the other {len(off)}" if exact else "")
            + (": the published rates were not set with this floor and discount.")
        )
    return text + f"; the {'exception is' if len(off) == 1 else 'exceptions are'} {_names_values(off, how)}."


def rounding_summary(recon: pd.DataFrame) -> str:
    """Rounding's half point, and the partners whose published rate is further than that from the formula."""
    if recon.empty:
        return ""
    beyond = recon[recon["beyond_rounding"]].sort_values("residual", ascending=False)
    text = (
        "The published rates are whole numbers, and rounding the formula's rate to a whole percent moves it by at "
        f"most {'half a point' if HALF_POINT == 0.5 else f'{HALF_POINT:g} points'}."
    )
    if beyond.empty:
        return text + f" Every published rate of the {words.count(len(recon), 'partner')} is within that."

    def gap(r) -> str:  # two decimals: a gap just over half a point must not read as half a point
        return f"{r['residual']:+.2f} points".replace("-", "−")

    if len(beyond) > MOST_NAMED:
        top = beyond.reindex(beyond["residual"].abs().sort_values(ascending=False).index).iloc[0]
        return text + (
            f" With this floor and discount the gap is larger for {len(beyond)} of the {len(recon)} partners, up to "
            f"{gap(top)} for {_name(top)}."
        )
    text += f" For {len(beyond)} of the {len(recon)} partners the gap is larger: {_names_values(beyond, gap)}."
    explained = beyond[beyond["two_step_exact"]]
    if len(explained):
        text += (
            " Rounding twice explains "
            + ("it" if len(explained) == len(beyond) == 1 else f"{len(explained)} of them")
            + ": the deficit over imports rounded to a whole percent, then its half rounded up, can lift a"
            " rate by almost a point."
        )
    rest = beyond[~beyond["two_step_exact"]].sort_values("name")
    if len(rest):
        short = (rest["published"] - rest["two_step"]).unique()
        said = "gives a point less than the published rate" if list(short) == [1] else "misses the published rate too"
        text += f" For {_names(rest)} the rule {said}: the record does not say why."
    return text


def vintage_note(recon: pd.DataFrame) -> str:
    """Which partners' 2024 figures are not the first release USTR worked from (a later revision, a press table)."""
    if recon.empty:
        return ""
    later = recon[recon["vintage"].notna() & (recon["vintage"] != "first release")]
    other = recon[recon["vintage"].isna()]
    out = []
    if len(later):
        out.append(
            f"For {_names(later)} the record's 2024 figures are the Census Bureau's "
            f"{words.and_join(sorted(set(later['vintage'])))}, not the first release USTR worked from"
        )
    if len(other):
        out.append(f"for {_names(other)} they are not the Census Bureau's own")
    return (words.upper_first("; ".join(out)) + ".") if out else ""


def critique(recon: pd.DataFrame, inputs: dict[str, float], as_of=None) -> str:
    """What the record says against USTR's φ, quoted, with what the formula would give with the critique's value."""
    row = passthrough_critique(as_of=as_of)
    if row is None or recon.empty:
        return ""
    src = load_sources().set_index("source_id")
    publisher = str(src.loc[row["source_id"], "publisher"]) if row["source_id"] in src.index else ""
    author, _, via = publisher.partition(" (via ")
    when = src.loc[row["source_id"], "published"] if row["source_id"] in src.index else None
    cited = f"[{via.rstrip(')') or author}{', ' + words.day(when) if words.day(when) else ''}]"
    cited += f"({REFERENCES}#src-{row['source_id']})"
    alt = with_passthrough(recon, float(row["value"]), inputs)
    at_floor = int(alt["at_floor"].sum())
    top = alt.sort_values("rate", ascending=False).iloc[0]
    product = inputs["elasticity"] * float(row["value"])
    return (
        f"The record also holds a critique of φ. {words.upper_first(words.organisation(author))} wrote"
        f" ({'quoted by ' if via else ''}{cited}): “{row['quote'].strip()}” "
        f"With φ = {row['value']:g}, ε·φ is {product:g} instead of "
        f"{inputs['elasticity'] * inputs['passthrough']:g}: every 'tariff charged' would be "
        f"{product / (inputs['elasticity'] * inputs['passthrough']):.2g} times smaller, {at_floor} of the "
        f"{len(alt)} partners would be at the {words.percent(float(alt['floor'].iloc[0]))} floor, and the highest "
        f"rate would be {_name(top)}'s {top['rate']:.1f}%."
    )


def first_annex(recon: pd.DataFrame) -> str:
    """How many partners the first Annex I listed at another rate, and how many of them a point higher."""
    first = recon.dropna(subset=["first_annex_i"])
    if first.empty:
        return ""
    up = int((first["first_annex_i"] == first["published"] + 1).sum())
    text = f"In the first Annex I, corrected a day later, {len(first)} of them had another rate"
    if up == len(first):
        return text + ", each one point higher than the corrected rate."
    return text + f"; for {up} it was one point higher than the corrected rate."
