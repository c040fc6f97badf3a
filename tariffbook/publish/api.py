"""Stable addresses for re-users: the latest data at an address that does not change, and a static JSON API.

Written into the site at build time, from the record, next to the versioned release (tariffbook.publish.release):

- `data/latest/` and `data/<version>/`: every file of the data package (the descriptor, the tables, the archived
  documents and the published series), `data/latest/` always the current release;
- `api/v1/partners.json`: every partner the book has a page for, with its name and the address of its file;
- `api/v1/partners/<ISO3>.json`: one partner's duty spans (duty_spans: rate, status, legal basis, how it
  applies, instrument, dates, the rows and sources), its goods trade with the US by year, and its events.

The files are plain JSON with ISO dates, written with sorted keys, so the same record gives the same bytes. The
page book/generated/api.md documents them (FIELDS, written by write_api_page). Tests check the spans against
rate_in_force for every partner and every day its duty changes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from tariffbook import words
from tariffbook.analysis.queries import timeline
from tariffbook.analysis.spans import duty_spans
from tariffbook.analysis.trade import trade_year
from tariffbook.data.citation import citation
from tariffbook.data.countries import country_name
from tariffbook.data.load import horizon
from tariffbook.data.paths import data_dir, update_file
from tariffbook.data.schema import DESCRIPTOR, load_schema
from tariffbook.domain import NOT_MODELLED

VERSION = "v1"
"""The API's version: a field is never removed or changes meaning within it."""

SPAN_FIELDS = {
    "start": "first day of the span (ISO date)",
    "end": "last day of the span (ISO date)",
    "rate": "the duty in percent (all the parts added up); null where the record has no rate",
    "status": "in_force, no_tariff (no country-wide duty applied) or not_in_record (a rate ended and the record "
    "has none after it)",
    "legal_basis": "the statute of the base rate: ieepa, section_122, section_301, ...",
    "applies_as": "additional (on top of the normal duty) or minimum_total (the normal duty included)",
    "instrument": "the document that set the base rate (an executive order, a proclamation, a notice)",
    "parts": "each duty that adds up to the rate: value, legal_basis, applies_as, instrument",
    "figure_ids": "the rows of figures.csv the span comes from",
    "source_ids": "their sources (sources.csv)",
    "note": "why there is no rate, where there is none",
}
"""The fields of a duty span in a partner's file, with what each holds."""

FIELDS = {
    "country": "ISO 3166-1 alpha-3 code",
    "name": "the partner's name as the book prints it",
    "horizon": "the day through which the record was checked (ISO date): nothing after it is known",
    "record_version": "the release of the record the file was written from",
    "followed": "whether the book follows this partner's country-wide duty (false: see `not_followed`)",
    "not_followed": "why the book does not follow it, where it does not",
    "duty_spans": "the country-wide duty from 2 April 2025 to the horizon, one entry per span of days with one "
    "answer (fields below)",
    "trade": "US goods trade with the partner by year, in USD billion: exports, imports, balance (the US "
    "balance), and the figure rows",
    "events": "the partner's own events (not those of all partners): event_id, announced_on, effective_on, "
    "event_type, status, summary, source_id",
}
"""The top-level fields of a partner's file."""


def _iso(value) -> str | None:
    return words.iso(value) or None


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def partner_spans(code: str, figures: pd.DataFrame | None = None) -> list[dict]:
    """A partner's duty spans as the API writes them (SPAN_FIELDS)."""
    spans = duty_spans(code, figures=figures)
    out = []
    for s in spans.to_dict("records"):
        answer = s["answer"]
        parts = (
            []
            if answer is None
            else [
                {"value": p.value, "legal_basis": p.legal_basis, "applies_as": p.applies_as, "instrument": p.instrument}
                for p in answer.parts
            ]
        )
        out.append(
            {
                "start": _iso(s["start"]),
                "end": _iso(s["end"]),
                "rate": _number(s["rate"]),
                "status": str(s["status"]),
                "legal_basis": _text(s["legal_basis"]),
                "applies_as": _text(s["applies_as"]),
                "instrument": s["instrument"] or None,
                "parts": parts,
                "figure_ids": [i for i in s["figure_ids"].split(";") if i],
                "source_ids": [i for i in s["source_id"].split(";") if i],
                "note": s["note"] or None,
            }
        )
    return out


def partner_trade(code: str, figures: pd.DataFrame | None = None) -> dict[str, dict]:
    """The partner's goods trade with the US by year (the years the record has), in USD billion."""
    years = sorted({str(p) for p in (figures if figures is not None else _figures())["period"] if str(p).isdigit()})
    out = {}
    for year in years:
        t = trade_year(year, figures).set_index("country")
        if code in t.index:
            r = t.loc[code]
            out[year] = {
                "exports_usd_bn": _number(r["exports_bn"]),
                "imports_usd_bn": _number(r["imports_bn"]),
                "balance_usd_bn": _number(r["balance_bn"]),
                "figure_ids": [i for i in str(r["figure_ids"]).split(";") if i],
            }
    return out


def _figures() -> pd.DataFrame:
    from tariffbook.data.load import load_figures

    return load_figures()


def partner_events(code: str) -> list[dict]:
    """The partner's own events (its code, not its groups'), by date."""
    ev = timeline([code])
    ev = ev[ev["country"] == code]
    cols = ["event_id", "announced_on", "effective_on", "event_type", "status", "summary", "source_id"]
    rows = ev[cols].to_dict("records")
    return [{k: (_iso(v) if k.endswith("_on") else v) for k, v in r.items()} for r in rows]


def partner_file(code: str, figures: pd.DataFrame | None = None) -> dict:
    """Everything the API says about one partner (FIELDS)."""
    followed = code not in NOT_MODELLED
    return {
        "country": code,
        "name": country_name(code),
        "horizon": _iso(horizon()),
        "record_version": citation().release.version,
        "followed": followed,
        "not_followed": None if followed else NOT_MODELLED[code],
        "duty_spans": partner_spans(code, figures) if followed else [],
        "trade": partner_trade(code, figures),
        "events": partner_events(code),
    }


def _text(value) -> str | None:
    """A code as JSON has it: its text, or null (never NaN, which is not JSON)."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _json(value) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def write_api(site: Path, codes: list[str]) -> list[Path]:
    """Write api/v1/partners.json and one file per partner into the site; return the files that changed."""
    root = site / "api" / VERSION
    figures = _figures()
    index = [
        {"country": c, "name": country_name(c), "file": f"partners/{c}.json", "page": f"book/countries/{c}.html"}
        for c in codes
    ]
    changed = []
    if update_file(root / "partners.json", _json({"horizon": _iso(horizon()), "partners": index})):
        changed.append(root / "partners.json")
    for c in codes:
        path = root / "partners" / f"{c}.json"
        if update_file(path, _json(partner_file(c, figures))):
            changed.append(path)
    for stale in (root / "partners").glob("*.json"):
        if stale.stem not in codes:
            stale.unlink()
    return changed


def package_files(folder: Path | None = None) -> list[str]:
    """The data package's files, relative to its folder: the descriptor, every resource's file, the archive."""
    folder = data_dir(folder)
    schema = load_schema(folder)
    files = [DESCRIPTOR, *(r["path"] for r in schema.descriptor["resources"])]
    docs = folder / "documents"
    if docs.is_dir():
        files += [p.relative_to(folder).as_posix() for p in sorted(docs.rglob("*")) if p.is_file()]
    return sorted(dict.fromkeys(files))


def write_data(site: Path, folder: Path | None = None) -> list[str]:
    """Copy the data package to `data/latest/` and `data/<version>/` in the site; return the files."""
    folder = data_dir(folder)
    version = citation(folder).release.version
    files = package_files(folder)
    for where in ("latest", version):
        out = site / "data" / where
        for name in files:
            update_file(out / name, (folder / name).read_bytes())
        for stale in [p for p in out.rglob("*") if p.is_file()]:
            if stale.relative_to(out).as_posix() not in files:
                stale.unlink()
    return files


def remove(site: Path) -> None:
    """Remove what write_api and write_data wrote (a build that writes no API)."""
    for where in (site / "api", site / "data"):
        shutil.rmtree(where, ignore_errors=True)


def write_api_page(out: Path, site_url: str = "") -> Path:
    """book/generated/api.md: the stable addresses and the JSON files, with every field, for re-users."""
    base = site_url.rstrip("/") + "/" if site_url else "../../"
    lines = [
        "# Data at stable addresses",
        "",
        "The record is released in versions (see [What changed](changes.md)). Each version's files stay at their "
        "own address, and the latest version is always at the same one, so a script or a spreadsheet can fetch it "
        "without knowing the version:",
        "",
        f"- `{base}data/latest/` holds the data package: `datapackage.json` (the schema of every table), "
        "`sources.csv`, `events.csv`, `figures.csv`, the archived texts of the documents (`documents/`) and the "
        "published series (`series/`);",
        f"- `{base}data/<version>/` holds the same files for one version (for example `data/"
        f"{citation().release.version}/`).",
        "",
        'For the question "what duty did this partner face on a day" there is no need to run Python: each partner '
        "the book has a page for has a JSON file with its duty over time.",
        "",
        f"- `{base}api/{VERSION}/partners.json`: every partner, with its name, the address of its file and of its "
        "page;",
        f"- `{base}api/{VERSION}/partners/<ISO3>.json`: one partner (for example `api/{VERSION}/partners/JPN.json`).",
        "",
        "## A partner's file",
        "",
        *[f"- `{k}`: {v}." for k, v in FIELDS.items()],
        "",
        "## A duty span",
        "",
        "The spans run from 2 April 2025 to the record's horizon without gaps; a span ends where anything below "
        "changes. To find the duty on a day, take the span whose `start` and `end` hold it.",
        "",
        *[f"- `{k}`: {v}." for k, v in SPAN_FIELDS.items()],
        "",
        "The files are written from the record each time the book is built; they say the same as "
        "`tariffbook.rate_in_force` (a test checks every partner on every day its duty changes). The API's "
        f"version (`{VERSION}`) changes only if a field is removed or changes meaning.",
        "",
    ]
    path = out / "api.md"
    update_file(path, "\n".join(lines))
    return path
