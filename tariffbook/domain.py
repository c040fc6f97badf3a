"""What the book knows about the 2025-2026 tariffs that is not a row of data: one place for each such fact.

What belongs here: constants of the subject (which countries a group covers, which countries the rate model
leaves out and why, the stages a headline rate goes through, the dates the book is bounded by), and constants
of the book that several layers share (the pages the findings link to). What a code reads as (labels, phrases,
headings) is tariffbook.words. What does not: the schema (types, vocabularies, metric units, the group codes
themselves), which data/datapackage.json states and tariffbook.data.schema reads; settings read from the
environment (tariffbook.settings); paths (tariffbook.data.paths).

Typical use::

    from tariffbook import domain

    if code in domain.NOT_MODELLED: ...
    if metric in domain.STAGES: ...
"""

from __future__ import annotations

import pandas as pd

# ---------------------------------------------------------------- country groups
EU_MEMBERS = frozenset(
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD "
    "POL PRT ROU SVK SVN ESP SWE".split()
)
"""The 27 member states of the European Union in 2025 (the EU's tariff rows apply to each)."""

ASEAN_MEMBERS = frozenset("BRN KHM IDN LAO MYS MMR PHL SGP THA VNM".split())
"""The ten members of ASEAN."""

LETTER14_MEMBERS = frozenset("JPN KOR MYS KAZ ZAF MMR LAO TUN IDN BGD SRB BIH KHM THA".split())
"""The 14 countries that received the tariff letters of 7 July 2025."""

GROUP_MEMBERS: dict[str, frozenset[str]] = {"EU": EU_MEMBERS, "ASEAN": ASEAN_MEMBERS, "LETTER14": LETTER14_MEMBERS}
"""Group code -> ISO3 members, for the groups with a fixed membership. The other group codes (ALL,
ALL_EX_CHN, ALL_EX_GBR, NOT_IN_ANNEX_I, WORLD) are defined by a rule (tariffbook.data.countries.covers)."""

ALL_PARTNER_GROUPS = ("ALL", "ALL_EX_CHN", "ALL_EX_GBR", "NOT_IN_ANNEX_I")
"""Group codes whose rows concern (nearly) every partner: a country page lists their events on the timeline
page instead of its own table."""

SPECIFIC_GROUPS = ("EU", "ASEAN", "NOT_IN_ANNEX_I")
"""Group codes more specific than 'all partners': a row for one of them beats an ALL row of the same date
(a country's own row beats both)."""

# ---------------------------------------------------------------- the rate model
NOT_MODELLED = {
    "CAN": "Canada was exempt from the reciprocal tariffs; its IEEPA fentanyl tariff is a separate track "
    "(metric tariff_rate_fentanyl)",
    "MEX": "Mexico was exempt from the reciprocal tariffs; its fentanyl tariff rate from 1 August 2025 is unconfirmed",
}
"""Countries whose headline rate the record cannot follow, with the reason: their tariffs ran on separate
tracks that the sources here do not cover after April 2025. Refusing is better than printing a wrong number."""

NOT_A_PARTNER = {
    "USA": "the book is about US tariffs on the United States' trading partners, and the United States is not one"
}
"""Codes the book refuses as a country to ask about, with the reason."""

IN_FORCE_PERIOD = "2025-08-07"
"""The executive order of 31 July 2025 (EO 14326) set the rates in force from this day: the last stage compared."""

BASE_IN_FORCE = ("tariff_rate_baseline", "tariff_rate_reciprocal", "tariff_rate_in_force")
"""Metrics that set the base rate in force once they take effect (a later one replaces an earlier one, even one that
has since ended)."""

SURCHARGE = "tariff_rate_additional"
"""A country surcharge: stacks on the base rate while its own legal basis stands (Brazil's 40% of EO 14323 from
6 August 2025, India's 25% of EO 14329 from 27 August 2025; both ended with IEEPA)."""

STACKED = (SURCHARGE, "tariff_rate_fentanyl")
"""Country-wide duties that stack on the base rate, each on its own track: a surcharge, and the IEEPA 'fentanyl'
duty on China (EO 14195 of 1 February 2025: 'in addition to any other duties'; 20% from 4 March 2025, 10% from
10 November 2025; it ended with IEEPA). Within one track (metric and legal basis) a later rate replaces an earlier
one; the tracks add up."""

BASIS_ENDED = {"ieepa": (pd.Timestamp("2026-02-23"), pd.Timestamp("2026-02-20"))}
"""Legal basis -> (the last day its duties applied, the day that end was announced), for a statute whose duties all
ended together. IEEPA: the Supreme Court held on 20 February 2026 that IEEPA does not authorise tariffs (event
2026-02-20.ALL.court_ruling.2), the order 'Ending Certain Tariff Actions' of that day ended them
(2026-02-20.ALL.executive_order.4), and CBP stopped collecting them on goods entered from 12:00 a.m. EST
24 February 2026 (CSMS #67834313, event 2026-02-24.ALL.tariff_change.2). A rate whose own source states its end
carries it in its `period` (start/end) instead, like the Section 122 surcharge (2026-02-24/2026-07-23)."""

STAGES = (
    "tariff_rate_baseline",
    "tariff_rate_reciprocal",
    "tariff_rate_letter",
    "tariff_rate_deal",
    "tariff_rate_in_force",
)
"""The stages a headline rate went through in 2025, in order."""

ROUNDING_EPSILON = 1e-9
"""Added before a half is rounded up, so that a product that is a half in exact arithmetic (0.5 × 49) rounds up as it
does on paper, in pandas (tariffbook.analysis.formula) and in the formula chart's spec alike. Here, not in the
analysis module, so that the chart module (which every page imports) does not read the formula's."""

STAGE_DAY = {"tariff_rate_baseline": "effective_on", "tariff_rate_in_force": "effective_on"}
"""The day a stage is drawn at on a date axis: a rate that took effect at the day it did (the baseline on 5 April,
the rates in force on 7 August 2025); any other stage (the 2 April rate, a letter, a deal) at the day it was
announced."""

DEAL_REPLACED_BY = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal")
"""What supersedes a deal: another letter or deal (the order that implements it does not)."""

HEADLINE = (*STAGES, *STACKED, "tariff_rate_threatened")
"""Every headline-rate metric: the stages, the stacked duties and threats."""

RATES_ON_GOODS = (
    "tariff_rate_baseline",
    "tariff_rate_reciprocal",
    "tariff_rate_in_force",
    "tariff_rate_additional",
    "tariff_rate_sectoral",
    "tariff_rate_product_list",
    "tariff_rate_fentanyl",
    "tariff_rate_transshipment",
)
"""The rate metrics that apply to goods: their preferred rows state a legal basis and how they apply."""

PRODUCT_LIST = "tariff_rate_product_list"
"""Duties on the products of a list (China's Section 301 lists of 2018-2019 and the 2024 increases, the maritime
action): product by product, never country-wide; `sector` names the list."""

PRODUCT_RATES = ("tariff_rate_sectoral", PRODUCT_LIST)
"""The metrics of a duty on a group of products rather than on all of a country's goods: their rows name the group
in `sector` (a Section 232 sector, or a Section 301 list), and duties_in_force reads them."""

STACKS_BY_BASIS = {"section_232": "no", "section_301": "yes"}
"""Whether a product duty under a statute adds to the country-wide duty. Section 232 goods were exempt from the
reciprocal duty (EO 14257 sec. 3(b)(ii)-(iv) and (vi)), and the Section 122 surcharge 'shall not apply in addition
to tariffs imposed under section 232' (Proclamation of 20 February 2026, cl. 4). China's Section 301 list duties
stayed on top of the 2025 duties ('all duties imposed on China prior to April 2, 2025' remained: the White House
fact sheet on the Geneva talks, 12 May 2025)."""

METAL_CONTENT = {
    "steel": (pd.Timestamp("2025-06-04"), pd.Timestamp("2026-04-05")),
    "aluminium": (pd.Timestamp("2025-06-04"), pd.Timestamp("2026-04-05")),
    "copper": (pd.Timestamp("2025-08-01"), pd.Timestamp("2026-04-05")),
}
"""Sector -> (first, last day) when its Section 232 duty applied to the metal content only, the rest of the good
paying the country-wide duty (Proclamation 10947 cl. 6, Proclamation 10962 cl. 4); from 6 April 2026 the duty
applies to the full value (the metals proclamation of 2 April 2026)."""

SECONDARY = "Secondary:"
"""How the note of a row starts when its only source is a secondary one and the document was not found: such a
quantity may have no preferred row. The book keeps it as reported, and never shows it as in force."""

INSTRUMENT_UNKNOWN = "Instrument not identified in the sources searched"
"""What a rate row's note says when its `instrument` is empty."""

DERIVED = "derived"
"""The word a preferred figure's note uses when its value is not written in its quote but worked out from it (the
note then says how): a 0% 'no duty' read from a list that leaves a country out."""

OUTCOME_UNKNOWN = "not found in the sources searched"
"""What an announced or threatened event's note says when its effective day has passed and the sources searched do
not say whether it took effect (a deadline of 10 November 2026 for China's exclusions)."""

PASSED_STATUSES = ("announced", "threatened")
"""Event statuses that describe a measure not (yet) taken: once its effective day has passed, the status says what
became of it (superseded, in_force, paused, ...) or the note says that the outcome was not found (OUTCOME_UNKNOWN)."""

URL_DEBRIS = (
    "httponly",
    "utm_",
    "jsessionid",
    "sessionid",
    "phpsessid",
    "fbclid",
    "gclid",
    "outputtype=amp",
    "amp=1",
    "hs_amp",
    "/amp/",
    ".amp.html",
    "showcomment=",
    "search_id=",
)
"""Pieces of an address that belong to a browsing session or a page's rendering (tracking, session and cookie
parameters, AMP pages), not to the document's address: sources.csv's url and read_at may not contain them (case
aside)."""

VIEWER_LABELS = (
    "Details FieldValue",
    "FieldValue",
    "Unit of Quantity",
    "General Rate of Duty",
    "Special Rate of Duty",
    "Column 2 Rate of Duty",
)
"""Screen labels of the HTS viewers (portoria.app, dutydesk.app) the record once quoted: a quote that holds one is a
viewer's interface text, not the document's words."""

SECTORAL = "tariff_rate_sectoral"
"""Section 232 rates on one sector (autos, steel, pharmaceuticals, ...): they run beside the headline rate."""

ANNOUNCED = (*HEADLINE, "tariff_rate_proposed", SECTORAL)
"""What rates_announced lists: the headline rates, proposals (India's 12.5% of 2 June 2026) and sectoral rates."""

DID_NOT_APPLY = {
    ("CAN", "tariff_rate_baseline"): "Canada was exempt from the reciprocal tariffs of EO 14257",
    ("CAN", "tariff_rate_reciprocal"): "Canada was exempt from the reciprocal tariffs of EO 14257",
    ("MEX", "tariff_rate_baseline"): "Mexico was exempt from the reciprocal tariffs of EO 14257",
    ("MEX", "tariff_rate_reciprocal"): "Mexico was exempt from the reciprocal tariffs of EO 14257",
    ("CHN", "tariff_rate_in_force"): "EO 14326 of 31 July 2025 did not modify the reciprocal tariff on China",
}
"""(country, stage metric) -> why that stage did not apply to the country. Any other stage a country has no row
for is 'not in the record': the sources searched did not give it."""

PRIMARY_KINDS = ("government", "court")
"""Source kinds that are the documents themselves: ranked first when a row is chosen among reports, and listed
first under a chart."""

# ---------------------------------------------------------------- the story the book follows
ARTICLE_SOURCES = ("agencies-2025-07-08-japan-auto-concessions", "asianfin-2025-06-14-japan-explores-deal")
"""The two source articles the book follows (/work/shared/sources/000_*.txt and 002_*.txt), as sources.csv rows:
the wire report of 8 July 2025 ("Japan says trade deal with US must include auto tariff concessions") and
AsianFin's analysis of 14 June 2025 of Japan's sixth round of talks."""

ARTICLE_PARTNERS = ("JPN", "KOR", "THA", "IDN")
"""The partners the source articles name, whose pages say what came of the story ("What came of it"). The wire
report of 8 July 2025 names the 2024 surpluses of Japan (US$68.5 billion), South Korea (US$66 billion), Thailand
(US$45.6 billion) and Indonesia (US$17.9 billion), quotes Japan's negotiator Ryosei Akazawa ("no point striking a
deal with the US without an agreement on automobile tariffs") and reports South Korea's envoy Yeo Han-koo asking
for "exemptions or reductions" in the 25% auto and 50% steel tariffs; AsianFin's analysis of 14 June 2025 follows
Japan's negotiator in his sixth round. Order: as the wire report names them."""

ARTICLE_ASKS = {"JPN": "2025-07-08.JPN.statement.4", "KOR": "2025-07-07.KOR.negotiation_round"}
"""Partner -> the event of the record in which, per the wire report, it said what a deal had to give it: Akazawa's
"no point" without cars, and Yeo Han-koo's ask for relief on the car and steel tariffs. Thailand and Indonesia
appear in the articles through their surpluses only."""

ARTICLE_GROUPS = ("autos", "auto_parts", "steel", "metal_derivatives")
"""The product groups the source articles' story turns on (cars, their parts, steel), and the steel and aluminium
derivatives that some partners pay a rate of their own on: what "What came of it" says each partner's goods pay."""

BINDING_WORDS = ("binding", "bind")
"""Words by which an event row speaks to whether a deal binds the parties (Thailand's Commerce Ministry,
28 January 2026: "not yet a formally binding agreement"): "What came of it" quotes those events, and says so
plainly where a partner has none after the Supreme Court's ruling."""

CENSUS_PUBLISHER = "U.S. Census Bureau"
"""How sources.csv names the Census Bureau as publisher (its own files, or copies of them: 'U.S. Census Bureau (via
...)'): the partner trade figures of the book are the Census Bureau's, except where a row says another publisher's."""

# ---------------------------------------------------------------- dates
SECTION_301_MEMORANDUM = "whitehouse-2026-07-23-memorandum-section-301-forced-labor"
"""The presidential memorandum of 23 July 2026 that set the forced-labor Section 301 duties: its recitals tell the
investigations, the proposal and the reasons for each rate (the rows quoting it tell the story of those duties)."""

RULING_ROUND_DAYS = 45
"""Court rulings less than this many days after the previous one are one round of litigation (one note on a chart)."""

EARLIEST_AS_OF = pd.Timestamp("2025-04-02")
"""The earliest day an 'as of' book can show: the 2 April 2025 announcement of the reciprocal tariffs. The latest is
the record's horizon (datapackage.json `tariffbook:horizon`, tariffbook.data.load.horizon)."""

# ---------------------------------------------------------------- the book's pages
PAGE_PATHS = {
    "rates": "../notebooks/tariff_rates.html",
    "surpluses": "../notebooks/surpluses.html",
    "formula": "../notebooks/reciprocal_formula.html",
    "timeline": "../notebooks/timeline.html",
}
"""Links the introduction's key findings make, relative to book/intro.html."""

REFERENCES_PAGE = "book/generated/references.html"
"""The references page, relative to the site root: chart source lines link to its anchors."""

OFFICIAL_HOSTS = (".gov", ".govdelivery.com", ".go.jp", ".go.kr", ".gov.cn", ".gov.tw", ".europa.eu")
"""Ends of the hosts that publish governments' documents at their own address (CBP's messages are sent from
content.govdelivery.com): a source of kind government or court whose url ends so cites the document itself."""
