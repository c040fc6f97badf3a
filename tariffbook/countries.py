"""Country codes, display names and group membership.

Rows carry ISO 3166-1 alpha-3 codes or a group code (listed in the descriptor). This module says which
countries a group covers, so that a query for Japan also sees the rows for ALL or ALL_EX_CHN.
"""
from __future__ import annotations

import difflib

import pycountry

# Short English names, as the book prints them (pycountry's official names read badly in charts).
NAMES = {
    "BGD": "Bangladesh", "BIH": "Bosnia and Herzegovina", "BRA": "Brazil", "BRN": "Brunei", "CAN": "Canada",
    "CHE": "Switzerland", "CHN": "China", "DEU": "Germany", "DZA": "Algeria", "GBR": "United Kingdom",
    "IDN": "Indonesia", "IND": "India", "IRL": "Ireland", "IRQ": "Iraq", "JPN": "Japan", "KAZ": "Kazakhstan",
    "KHM": "Cambodia", "KOR": "South Korea", "LAO": "Laos", "LBY": "Libya", "LKA": "Sri Lanka", "MDA": "Moldova",
    "MEX": "Mexico", "MMR": "Myanmar", "MYS": "Malaysia", "PHL": "Philippines", "SRB": "Serbia", "SYR": "Syria",
    "THA": "Thailand", "TUN": "Tunisia", "TWN": "Taiwan", "USA": "United States", "VNM": "Vietnam",
    "ZAF": "South Africa",
    "ALL": "All partners", "ALL_EX_CHN": "All partners except China", "ALL_EX_GBR": "All partners except the UK",
    "NOT_IN_ANNEX_I": "Partners not in Annex I", "EU": "European Union", "ASEAN": "ASEAN",
    "LETTER14": "The 14 letter countries", "WORLD": "World",
}
ALIASES = {"korea": "KOR", "south korea": "KOR", "republic of korea": "KOR", "vietnam": "VNM", "laos": "LAO",
           "burma": "MMR", "myanmar": "MMR", "taiwan": "TWN", "brunei": "BRN", "uk": "GBR", "us": "USA",
           "usa": "USA", "united states": "USA", "russia": "RUS", "syria": "SYR", "moldova": "MDA", "eu": "EU"}

EU_MEMBERS = frozenset("AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT "
                       "ROU SVK SVN ESP SWE".split())
ASEAN_MEMBERS = frozenset("BRN KHM IDN LAO MYS MMR PHL SGP THA VNM".split())
LETTER14_MEMBERS = frozenset("JPN KOR MYS KAZ ZAF MMR LAO TUN IDN BGD SRB BIH KHM THA".split())


def is_iso3(code: str) -> bool:
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
    return {"EU": EU_MEMBERS, "ASEAN": ASEAN_MEMBERS, "LETTER14": LETTER14_MEMBERS}.get(group)


def covers(code: str, country: str, *, not_in_annex_i: bool = False) -> bool:
    """Does a row for `code` (ISO3 or group) apply to `country`?"""
    if code == country:
        return True
    if code == "ALL":
        return True
    if code == "ALL_EX_CHN":
        return country != "CHN"
    if code == "ALL_EX_GBR":
        return country != "GBR"
    if code == "NOT_IN_ANNEX_I":
        return not_in_annex_i
    group = members(code)
    return group is not None and country in group
