"""Country codes, display names and group membership.

Rows carry ISO 3166-1 alpha-3 codes or a group code (listed in the descriptor). This module says which
countries a group covers (the fixed memberships are in tariffbook.domain), so that a query for Japan also
sees the rows for ALL or ALL_EX_CHN.
"""

from __future__ import annotations

import difflib

import pycountry

from tariffbook.domain import GROUP_MEMBERS
from tariffbook.words import and_join

NAMES = {
    "BGD": "Bangladesh",
    "BIH": "Bosnia and Herzegovina",
    "BRA": "Brazil",
    "BRN": "Brunei",
    "CAN": "Canada",
    "CHE": "Switzerland",
    "CHN": "China",
    "DEU": "Germany",
    "DZA": "Algeria",
    "GBR": "United Kingdom",
    "IDN": "Indonesia",
    "IND": "India",
    "IRL": "Ireland",
    "IRQ": "Iraq",
    "JPN": "Japan",
    "KAZ": "Kazakhstan",
    "KHM": "Cambodia",
    "KOR": "South Korea",
    "LAO": "Laos",
    "LBY": "Libya",
    "LKA": "Sri Lanka",
    "MDA": "Moldova",
    "MEX": "Mexico",
    "MMR": "Myanmar",
    "MYS": "Malaysia",
    "PHL": "Philippines",
    "SRB": "Serbia",
    "SYR": "Syria",
    "THA": "Thailand",
    "TUN": "Tunisia",
    "TWN": "Taiwan",
    "USA": "United States",
    "VNM": "Vietnam",
    "ZAF": "South Africa",
    "ALL": "All partners",
    "ALL_EX_CHN": "All partners except China",
    "ALL_EX_GBR": "All partners except the UK",
    "NOT_IN_ANNEX_I": "Partners not in Annex I",
    "EU": "European Union",
    "ASEAN": "ASEAN",
    "LETTER14": "The 14 letter countries",
    "WORLD": "World",
}
"""Short English names, as the book prints them (pycountry's official names read badly in charts)."""

ALIASES = {
    "korea": "KOR",
    "south korea": "KOR",
    "republic of korea": "KOR",
    "vietnam": "VNM",
    "laos": "LAO",
    "burma": "MMR",
    "myanmar": "MMR",
    "taiwan": "TWN",
    "brunei": "BRN",
    "uk": "GBR",
    "us": "USA",
    "usa": "USA",
    "united states": "USA",
    "russia": "RUS",
    "syria": "SYR",
    "moldova": "MDA",
    "eu": "EU",
}
"""Other names readers type for a country (lower case) -> its code."""


def is_iso3(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-3 country code (a group code is not)."""
    return pycountry.countries.get(alpha_3=code) is not None


def country_name(code: str) -> str:
    """A short English name for an ISO3 or group code."""
    if code in NAMES:
        return NAMES[code]
    c = pycountry.countries.get(alpha_3=code)
    return getattr(c, "common_name", None) or c.name if c else code


def resolve_country(text: str) -> str:
    """'Japan', 'jpn', 'South Korea', 'KR' -> ISO3; a clear ValueError naming close matches otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"country must be an ISO3 code or a country name, got {text!r}")
    key = text.strip()
    if key.upper() in NAMES:
        return key.upper()
    if key.lower() in ALIASES:
        return ALIASES[key.lower()]
    for code, name in NAMES.items():
        if name.lower() == key.lower():
            return code
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        pass
    close = difflib.get_close_matches(key.lower(), [n.lower() for n in NAMES.values()], n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c.title()) for c in close)}?" if close else ""
    raise ValueError(f"unknown country {text!r}: give an ISO 3166-1 alpha-3 code (e.g. JPN) or an English name{hint}")


def members(group: str) -> frozenset[str] | None:
    """ISO3 codes of a fixed-membership group (EU, ASEAN, LETTER14); None for the others."""
    return GROUP_MEMBERS.get(group)


def covers(code: str, country: str, *, not_in_annex_i: bool = False) -> bool:
    """Does a row for `code` (ISO3 or group) apply to `country`?

    Args:
        code: the row's `country` value: an ISO3 code or a group code.
        country: the ISO3 code of the country asked about.
        not_in_annex_i: whether the country had no rate of its own in Annex I of 7 August 2025
            (tariffbook.analysis.rates.not_in_annex_i), so the NOT_IN_ANNEX_I rows apply to it.
    """
    rules = {
        "ALL": True,
        "ALL_EX_CHN": country != "CHN",
        "ALL_EX_GBR": country != "GBR",
        "NOT_IN_ANNEX_I": not_in_annex_i,
    }
    if code == country:
        return True
    if code in rules:
        return rules[code]
    group = members(code)
    return group is not None and country in group


def names_text(codes, alphabetical: bool = False) -> str:
    """'Japan, South Korea and Taiwan': the countries' names, in the order given or in alphabetical order."""
    found = [country_name(c) for c in codes]
    return and_join(sorted(found) if alphabetical else found)
