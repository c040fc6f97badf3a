"""Codes as words: one label table per code of the data (LABELS), the table headings (COLUMNS), and the stages.

For each code, the label a chart or a table prints and the phrase a sentence uses (Label); label(), phrase() and
relabel() read them, legal_basis_text() writes a rate's legal basis.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tariffbook.words.names import upper_first
from tariffbook.words.status import NO_DUTY, NOT_IN_RECORD


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
