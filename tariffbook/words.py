"""How the book says things: every word a reader sees for a code, a day, a count, an amount or a gap, once.

What belongs here: the formatters of days (portable: no `%-d`, English month names on every machine and
locale), counts, lists of names, percents and amounts; the phrases for what the record does not hold; and one
label table per code of the data (LABELS: the label a chart or a table prints, and the form a sentence uses).
Charts, tables, prose, the "What changed" page and the feed all read these. What does not: the codes
themselves and the facts of the subject (tariffbook.domain), the schema (data/datapackage.json).

This module imports nothing from the package, so every layer can use it (a list of countries in words is
tariffbook.data.countries.names_text, which knows the names).

Typical use::

    from tariffbook import words

    words.day("2025-04-07")                        # '7 April 2025'
    words.day("2025-04-07", month="short")         # '7 Apr 2025'
    words.count(3, "partner")                      # '3 partners'
    words.label("minimum_total", "applies_as")     # 'In total, including the normal duty'
    words.phrase("tariff_rate_letter", "metric")   # 'letter rate'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

MONTHS = ("January February March April May June July August September October November December").split()
"""English month names: a day reads the same on every machine, whatever its locale."""

NOT_IN_RECORD = "not in the record"
"""Where the record holds no row: the fact may exist, but the sources searched did not give it."""

DID_NOT_APPLY = "did not apply"
"""Where a stage of the 2025 rates did not apply to a partner (tariffbook.domain.DID_NOT_APPLY says why)."""

NO_DUTY = "no duty"
"""Where the record shows that no country-wide duty applied (an instrument's own list leaves the partner out)."""


class RateStatus(StrEnum):
    """What the record says of a partner's country-wide duty on a day (RateInForce.status, a span's status)."""

    IN_FORCE = "in_force"
    """A duty applied: the rate and the rows it comes from are known."""
    NO_TARIFF = "no_tariff"
    """No country-wide duty applied: before the first one, or outside the list of an instrument that names whom
    it covers (the reason says which)."""
    NOT_IN_RECORD = "not_in_record"
    """A duty ended and the record has nothing after it: the sources searched do not settle what applied."""


# ---------------------------------------------------------------- days
def _day(value) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    ts = pd.Timestamp(value)
    return None if pd.isna(ts) else ts


def day(value, month: str = "long", year: bool = True) -> str:
    """A day in words: '7 April 2025' (month="long"), '7 Apr 2025' ("short"); '' for a missing day.

    Args:
        value: a date, a Timestamp or an ISO string ('2025-04-07').
        month: "long" for the month's name, "short" for its first three letters.
        year: whether to add the year.
    """
    ts = _day(value)
    if ts is None:
        return ""
    name = MONTHS[ts.month - 1]
    text = f"{ts.day} {name if month == 'long' else name[:3]}"
    return f"{text} {ts.year}" if year else text


def month(value) -> str:
    """A month in words: 'March 2025'; '' for a missing day."""
    ts = _day(value)
    return "" if ts is None else f"{MONTHS[ts.month - 1]} {ts.year}"


def iso(value) -> str:
    """A day as ISO 8601 ('2025-04-07'); '' for a missing day."""
    ts = _day(value)
    return "" if ts is None else f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"


def day_span(first, last, month: str = "long") -> str:
    """'4 February to 14 December 2025', '4 February 2025 to 3 March 2026': the first year only when it differs.

    month='short' writes '20 Feb to 5 Mar 2026'; within one month: '2 to 9 April 2025'.
    """
    a, b = _day(first), _day(last)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} to {day(b, month=month)}"
    return f"{day(a, month=month, year=a.year != b.year)} to {day(b, month=month)}"


# ---------------------------------------------------------------- counts, names, numbers
def upper_first(text: str) -> str:
    """The text with its first letter in capitals ('not in the record' -> 'Not in the record')."""
    return text[:1].upper() + text[1:]


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 partner', '3 partners' ('2 economies' with plural='economies')."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '22nd'."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month_span(first, last) -> str:
    """'January to August 2026', 'November 2025 to February 2026', 'March 2026': the months a sum covers."""
    a, b = month(first), month(last)
    if a == b:
        return a
    return f"{a.split()[0]} to {b}" if a.split()[1] == b.split()[1] else f"{a} to {b}"


def and_join(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    return "".join(items) if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


ARTICLE_NOUNS = ("Institute", "Bureau", "Office", "Council", "Foundation", "Center", "Centre", "Association",
                 "Commission", "Department", "Administration", "Union")  # fmt: skip
"""The last words of an organisation's name that make a sentence say 'the' before it (the Census Bureau)."""


def organisation(name: str) -> str:
    """An organisation's name as a sentence says it: 'the American Enterprise Institute', 'Reuters'."""
    name = str(name).strip()
    if not name or name.lower().startswith("the ") or name.split()[-1] not in ARTICLE_NOUNS:
        return name
    return f"the {name}"


def percent(value) -> str:
    """'12.5%', '10%'."""
    return f"{value:g}%"


def qualified(text: str, qualifier) -> str:
    """The source's hedge before a number: 'about USD 166 billion' (no hedge: the text as it is)."""
    return f"{qualifier} {text}" if isinstance(qualifier, str) and qualifier else text


def number(value) -> str:
    """A number as prose writes it, every digit the source gave: '166', '1,240.5', '-295,401.6'."""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def amount(value, unit: str, qualifier=None) -> str:
    """A figure as prose writes it: 'about USD 166 billion', '82%', 'about 330,000 importers', '16 million entries'.

    Args:
        value: the number, in its own unit.
        unit: the row's unit ('USD billion', 'percent', 'importers', ...).
        qualifier: the source's hedge (about, over, nearly, almost), if any.
    """
    if unit.startswith("USD "):
        text = f"USD {number(value)} {unit.removeprefix('USD ')}"
    elif unit == "percent":
        text = percent(value)
    else:
        text = f"{number(value)} {unit}" if unit else number(value)
    return qualified(text, qualifier)


def source_label(publisher: str, published) -> str:
    """How a source is named under a chart and in a table: 'Publisher (7 Apr 2025)', or the publisher alone."""
    when = day(published, month="short")
    return f"{publisher} ({when})" if when else str(publisher)


# ---------------------------------------------------------------- codes as words
@dataclass(frozen=True)
class Label:
    """A code in words.

    Attributes:
        label: what a chart's legend or axis, or a table's cell or heading, prints ('Court ruling').
        phrase: what a sentence says ('court ruling'); the label in lower case unless given.
    """

    label: str
    phrase: str = ""

    def __post_init__(self):
        """Give the phrase its default: the label with its first letter in lower case (acronyms stay)."""
        if not self.phrase:
            lower = self.label if self.label[:2].isupper() else self.label[:1].lower() + self.label[1:]
            object.__setattr__(self, "phrase", lower)


def _table(**entries) -> dict[str, Label]:
    return {code: v if isinstance(v, Label) else Label(v) for code, v in entries.items()}


STAGES = {
    "tariff_rate_baseline": Label("Baseline (5 Apr)", "baseline rate"),
    "tariff_rate_reciprocal": Label("2 April rate", "2 April rate"),
    "tariff_rate_letter": Label("Letter", "letter rate"),
    "tariff_rate_deal": Label("Deal", "deal rate"),
    "tariff_rate_in_force": Label("In force (7 Aug)", "rate in force"),
}
"""The stages of a headline rate in 2025, in order (tariffbook.domain.STAGES): the stage chart's axis."""

LABELS: dict[str, dict[str, Label]] = {
    "event_type": _table(
        executive_order="Executive order",
        letter="Letter",
        deadline="Deadline",
        negotiation_round="Negotiation round",
        phone_call="Phone call",
        meeting="Meeting",
        statement="Statement",
        agreement="Agreement",
        court_ruling="Court ruling",
        tariff_change="Tariff change",
        election="Election",
        investigation="Investigation",
        lawsuit="Lawsuit",
        legislation="Legislation",
        refund="Refund",
    ),
    "status": _table(
        threatened="Threatened",
        announced="Announced",
        agreed="Agreed",
        in_force="In force",
        paused="Paused",
        superseded="Superseded",
        struck_down="Struck down",
        held="Held",
        issued="Issued",
        ended="Ended",
        scheduled="Scheduled",
        no_tariff=Label(upper_first(NO_DUTY), NO_DUTY),
        not_in_record=Label(upper_first(NOT_IN_RECORD), NOT_IN_RECORD),
    ),
    "sector": _table(
        autos="Autos",
        auto_parts="Auto parts",
        steel="Steel",
        aluminium="Aluminium",
        pharmaceuticals="Pharmaceuticals",
        pharmaceuticals_specialty=Label("Specialty pharmaceuticals", "specialty pharmaceuticals"),
        metal_derivatives="Metal derivatives",
        polysilicon="Polysilicon",
        copper="Copper",
        lumber="Lumber",
        upholstered_furniture="Upholstered furniture",
        kitchen_cabinets="Kitchen cabinets",
        trucks="Trucks",
        buses="Buses",
        semiconductors="Semiconductors",
        drones=Label("Drones (certified)", "drones with certified components"),
        drones_sensitive=Label("Drones (Annex I)", "drones of Annex I"),
        drones_small=Label("Drones of 25 kg or less", "drones of 25 kg or less"),
        drone_components="Drone components",
        s301_list_1=Label("Section 301 List 1", "Section 301 List 1"),
        s301_list_2=Label("Section 301 List 2", "Section 301 List 2"),
        s301_list_3=Label("Section 301 List 3", "Section 301 List 3"),
        s301_list_4a=Label("Section 301 List 4A", "Section 301 List 4A"),
        s301_ev=Label("Electric vehicles (Section 301)", "electric vehicles (Section 301)"),
        s301_ev_batteries=Label("EV batteries (Section 301)", "EV batteries (Section 301)"),
        s301_non_ev_batteries=Label(
            "Other lithium-ion batteries (Section 301)", "other lithium-ion batteries (Section 301)"
        ),
        s301_battery_parts=Label("Battery parts (Section 301)", "battery parts (Section 301)"),
        s301_semiconductors=Label("Semiconductors (Section 301)", "semiconductors (Section 301)"),
        s301_solar_cells=Label("Solar cells (Section 301)", "solar cells (Section 301)"),
        s301_permanent_magnets=Label("Permanent magnets (Section 301)", "permanent magnets (Section 301)"),
        s301_natural_graphite=Label("Natural graphite (Section 301)", "natural graphite (Section 301)"),
        s301_critical_minerals=Label("Critical minerals (Section 301)", "critical minerals (Section 301)"),
        s301_steel_aluminium=Label("Steel and aluminium (Section 301)", "steel and aluminium (Section 301)"),
        s301_ship_to_shore_cranes=Label("Ship-to-shore cranes (Section 301)", "ship-to-shore cranes (Section 301)"),
        s301_maritime_cranes=Label("Cranes, maritime action (Section 301)", "cranes, maritime action (Section 301)"),
        s301_maritime_chassis=Label("Chassis, maritime action (Section 301)", "chassis, maritime action (Section 301)"),
    ),
    "legal_basis": _table(
        ieepa=Label("IEEPA", "IEEPA"),
        section_232=Label("Section 232", "Section 232"),
        section_122=Label("Section 122", "Section 122"),
        section_301=Label("Section 301", "Section 301"),
        section_338=Label("Section 338", "Section 338"),
    ),
    "applies_as": _table(
        additional=Label("On top of the normal duty", "on top of the normal duty"),
        minimum_total=Label("In total, including the normal duty", "in total, including the normal duty"),
    ),
    "metric": _table(
        **STAGES,
        tariff_rate_threatened=Label("Threatened", "threatened rate"),
        tariff_rate_additional=Label("Additional", "additional duty"),
        tariff_rate_sectoral=Label("Sectoral", "sectoral rate"),
        tariff_rate_product_list=Label("Product list", "product-list duty"),
        tariff_rate_fentanyl=Label("Fentanyl", "fentanyl duty"),
        tariff_rate_transshipment=Label("Transshipment", "transshipment penalty"),
        tariff_rate_proposed=Label("Proposed", "proposed rate"),
        ieepa_duties_collected="IEEPA duties collected",
        ieepa_importers_paid="Importers who paid IEEPA duties",
        ieepa_refunds_eligible_phase1="Eligible for refund in CAPE's first phase",
        ieepa_refunds_phase1_share_of_entries="Share of the entries in CAPE's first phase",
        ieepa_refunds_entries_accepted="Entries accepted for refund through CAPE",
        ieepa_refunds_submitted="Refunds submitted through CAPE",
        ieepa_refunds_certified="Refunds certified to the Treasury",
    ),
    "kind": _table(
        news="News",
        government="Government",
        think_tank="Think tank",
        dataset="Dataset",
        court="Court",
        legal_commentary="Legal commentary",
        trade_association="Trade association",
        reference="Reference",
    ),
    "stacks": _table(
        no=Label("In place of it", "in place of the country-wide duty"),
        yes=Label("On top of it", "on top of the country-wide duty"),
        **{
            "non-metal content": Label(
                "On the rest of the good only", "in place of it on the metal; the country-wide duty on the rest"
            )
        },
    ),
    "value_qualifier": _table(
        about="About", over="Over", nearly="Nearly", almost="Almost", at_least="At least", up_to="Up to"
    ),
    "authority": _table(
        all=Label("All duties", "all duties"),
        ieepa_reciprocal=Label("IEEPA reciprocal", "IEEPA reciprocal"),
        ieepa_fentanyl=Label("IEEPA fentanyl", "IEEPA fentanyl"),
        section_232=Label("Section 232", "Section 232"),
        section_301=Label("Section 301", "Section 301"),
        section_122=Label("Section 122", "Section 122"),
        other=Label("Other", "other authorities"),
    ),
    "partner_group": _table(
        japan="Japan",
        china="China",
        eu="European Union",
        uk="United Kingdom",
        canada="Canada",
        mexico="Mexico",
        ftrow=Label("Free-trade partners", "free-trade partners"),
        row=Label("Rest of the world", "the rest of the world"),
    ),
}
"""Field -> code -> its words, for every code of the data package's enums (a unit test holds this) and the
statuses the analysis adds (ended, scheduled, no_tariff, not_in_record). A metric that is not listed reads as its
descriptor's description or its code in words (label())."""

KIND_HEADINGS = {
    "government": "Government documents",
    "court": "Courts",
    "dataset": "Datasets",
    "think_tank": "Think tanks and research",
    "legal_commentary": "Legal and trade commentary",
    "trade_association": "Trade associations and firms",
    "news": "News",
    "reference": "Reference works",
}
"""Source kind -> its heading on the references page, in the order the page lists them."""

SERIES_HEADING = "Published series"
"""The references page's heading for the series of the data package (after the sources' kinds)."""

COLUMNS = _table(
    announced_on=Label("Announced", "announced"),
    effective_on=Label("Effective", "effective"),
    event_type=Label("Kind", "type"),
    event_id=Label("Event", "event"),
    figure_id=Label("Figure", "figure"),
    figure_ids=Label("Figures", "figures"),
    source_id=Label("Source", "source"),
    legal_basis=Label("Legal basis", "legal basis"),
    applies_as=Label("Applies as", "applies as"),
    name=Label("Who", "who"),
    value=Label("Rate (%)", "value"),
    rate=Label("Rate in force (%)", "rate"),
    date=Label("From", "from"),
    surplus_bn=Label("Partner surplus (USD bn)", "partner surplus"),
    exports_bn=Label("US exports (USD bn)", "US exports"),
    imports_bn=Label("US imports (USD bn)", "US imports"),
    balance_bn=Label("US balance (USD bn)", "US balance"),
    usd_bn=Label("USD bn", "USD bn"),
    charged_computed=Label("Deficit ÷ imports (%)", "deficit ÷ imports"),
    computed=Label("Formula rate (%)", "formula rate"),
    charged_rounded=Label("Rounded (%)", "deficit ÷ imports, rounded"),
    two_step=Label("Two-step rule (%)", "two-step rule"),
    published=Label("Published (%)", "published"),
    first_annex_i=Label("First Annex I (%)", "first Annex I"),
    residual=Label("Published − formula", "published − formula"),
    country=Label("Country code", "country"),
    publisher=Label("Source", "publisher"),
    unit=Label("Unit", "unit"),
    value_qualifier=Label("Qualifier", "qualifier"),
    period=Label("Period", "period"),
    retroactive=Label("Retroactive", "retroactive"),
    status=Label("Status", "status"),
    preferred=Label("Preferred", "preferred"),
    instrument=Label("Instrument", "instrument"),
    metric=Label("Measure", "measure"),
    sector=Label("Sector", "sector"),
    summary=Label("Summary", "summary"),
    quote=Label("Quote", "quote"),
    title=Label("Title", "title"),
    author=Label("Author", "author"),
    url=Label("Link", "link"),
    kind=Label("Kind", "kind"),
    is_copy=Label("Copy", "copy of another publisher's text"),
    product_group=Label("Product group", "product group"),
    duty=Label("Duty", "duty"),
    stacks=Label("With the country-wide duty", "with the country-wide duty"),
    since=Label("Since", "since"),
)
"""Column -> its heading in a table (label) and its name in a sentence (phrase: the "What changed" page)."""


def _plain(code: str) -> str:
    plain = code.replace("_", " ")
    return plain[:1].upper() + plain[1:]


def _entry(code: str, field: str | None) -> Label | None:
    if field == "column":
        return COLUMNS.get(code)
    if field is not None:
        return LABELS.get(field, {}).get(code)
    for table in LABELS.values():
        if code in table:
            return table[code]
    return COLUMNS.get(code)


def label(code, field: str | None = None) -> str:
    """A code as a chart or a table prints it ('' for a missing value).

    Args:
        code: a code from the data (an event type, a status, a sector, a legal basis, a metric, a column).
        field: where the code comes from ('status', 'metric', 'column', ...): needed only where a code means
            different things in two fields; without it, the fields are searched in LABELS order, then COLUMNS.

    A code with no entry still reads as words (underscores as spaces, first letter in capitals), so a new code in
    the data never shows raw; text that is already words ('Japan', 'Letter') comes back as it is.
    """
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    code = str(code)
    found = _entry(code, field)
    if found is not None:
        return found.label
    if not code or code != code.lower():
        return code
    return _plain(code)


def phrase(code, field: str | None = None) -> str:
    """A code as a sentence says it ('letter rate', 'on top of the normal duty'); '' for a missing value."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    code = str(code)
    found = _entry(code, field)
    return found.phrase if found is not None else code.replace("_", " ")


def relabel(df: pd.DataFrame, columns) -> pd.DataFrame:
    """A copy of `df` with the codes in `columns` replaced by their labels (columns that are absent are skipped)."""
    out = df.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].astype("object").map(label)
    return out


def legal_basis_text(legal_basis, instrument=None, applies_as=None) -> str:
    """'Section 301, EO 14257; in total, including the normal duty': a rate's legal basis in words ('' if unknown).

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
