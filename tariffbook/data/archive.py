"""The rules of the archive: the documents' texts kept in the dataset, and the series published as they are.

- archive_is_whole: every archived text is listed in documents/manifest.csv with its sha256, and every source's
  archive cell names a file that exists (or says why the text is not archived);
- quotes_in_documents: a preferred row whose source has an archived text quotes it verbatim;
- series_unchanged: a published series is the file its publisher committed (its resource's hash).

quote_coverage() counts what quotes_in_documents checks: the share of preferred rows whose quote is
machine-checked, which the build states (the method page, `python -m tariffbook validate`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from tariffbook.data.dataset import Dataset, Problem, line, read_rows
from tariffbook.data.schema import TABLES

DOCUMENTS = "documents"
"""The folder of the archived texts, in the dataset folder."""

MANIFEST = "documents/manifest.csv"
"""The archived texts' manifest (resource 'documents'), relative to the dataset folder."""

NOT_ARCHIVED = "not archived: "
"""How a source's archive cell starts when it gives a reason instead of a path."""


def _manifest(ds: Dataset) -> list[dict[str, str]]:
    path = ds.folder / MANIFEST
    return read_rows(path)[1] if path.is_file() else []


def archive_is_whole(ds: Dataset) -> Iterator[Problem]:
    """The archive is complete and unchanged.

    Every source's archive path exists and has its manifest row, every file in documents/ is listed in the manifest,
    and each file has the sha256 the manifest states.
    """
    rows = _manifest(ds)
    listed = {m.get("file", ""): (line(i), m) for i, m in enumerate(rows)}
    by_source = {m.get("source_id", ""): m for m in rows}
    for file, at, r in ds.each("sources"):
        archive = r.get("archive", "")
        if not archive or archive.startswith(NOT_ARCHIVED):
            continue
        if not (ds.folder / archive).is_file():
            yield Problem(file, at, "archive", archive, "archive", "no such file in the dataset folder")
        elif by_source.get(r.get("source_id"), {}).get("file") != archive:
            yield Problem(file, at, "archive", archive, "archive", f"no row of {MANIFEST} lists this source's file")
    folder = ds.folder / DOCUMENTS
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.name != "manifest.csv") if folder.is_dir() else []
    for path in files:
        name = f"{DOCUMENTS}/{path.name}"
        if name not in listed:
            yield Problem(name, 0, "", "", "archive", f"not listed in {MANIFEST}")
            continue
        at, m = listed[name]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if m.get("sha256") != digest:
            yield Problem(
                MANIFEST, at, "sha256", m.get("sha256", ""), "archive", f"{name} has sha256 {digest}: the file changed"
            )
    for name, (at, _) in listed.items():
        if name and not (ds.folder / name).is_file():
            yield Problem(MANIFEST, at, "file", name, "archive", "no such file in the dataset folder")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _not_found(quote: str, text: str) -> str | None:
    """The words from which a quote is not in the text ('...' separates fragments, found in order), or None."""
    at = 0
    for fragment in (f for f in (_normal(x) for x in _normal(quote).split(" ... ")) if f):
        found = text.find(fragment, at)
        if found >= 0:
            at = found + len(fragment)
            continue
        words = fragment.split(" ")
        good = 0  # how many of its first words are found, in one piece, from here on
        while good < len(words) and text.find(" ".join(words[: good + 1]), at) >= 0:
            good += 1
        return " ".join(words[good : good + 6])
    return None


def quotes_in_documents(ds: Dataset) -> Iterator[Problem]:
    """A preferred row whose source has an archived text quotes it verbatim.

    Runs of whitespace count as one space; ' ... ' separates fragments that must each appear, in order. Anyone can
    check the quote against the text.
    """
    archived = {
        r.get("source_id"): r["archive"]
        for _, _, r in ds.each("sources")
        if r.get("archive") and not r["archive"].startswith(NOT_ARCHIVED) and (ds.folder / r["archive"]).is_file()
    }
    texts: dict[str, str] = {}
    for file, at, r in ds.each("events", "figures"):
        document = archived.get(r.get("source_id"))
        if r.get("preferred") != "true" or document is None:
            continue
        if document not in texts:
            texts[document] = _normal((ds.folder / document).read_text(encoding="utf-8", errors="replace"))
        missing = _not_found(r.get("quote", ""), texts[document])
        if missing is not None:
            row = r.get("event_id") or r.get("figure_id", "")
            yield Problem(
                file,
                at,
                "quote",
                r.get("quote", ""),
                "quote-in-document",
                f"{row}: quote not found in {document} from '{missing}...'",
            )


def series_unchanged(ds: Dataset) -> Iterator[Problem]:
    """A published series is the file its publisher committed.

    Its sha256 is the one its resource's `hash` states (datapackage.json), so a re-saved or edited copy is caught.
    """
    for res in ds.schema.descriptor.get("resources", []):
        if res.get("name") in TABLES or not str(res.get("hash", "")).startswith("sha256:"):
            continue
        path = ds.folder / res["path"]
        if not path.is_file():
            yield Problem(res["path"], 0, "", "", "series-hash", f"file not found in {ds.folder}")
            continue
        stated, digest = res["hash"].removeprefix("sha256:"), hashlib.sha256(path.read_bytes()).hexdigest()
        if stated != digest:
            yield Problem(
                res["path"],
                0,
                "hash",
                res["hash"],
                "series-hash",
                f"the file's sha256 is {digest}, not the one its resource states (datapackage.json {res['name']!r}): "
                "restore the published file",
            )


LEGAL_RATES = ("tariff_rate_reciprocal", "tariff_rate_baseline", "tariff_rate_in_force", "tariff_rate_sectoral")
"""The legal-rate rows whose checking the book reports apart: the 2 April rates, the rates in force, sectoral rates."""

PRIMARY = ("government", "court")
"""Source kinds whose rows cite a government document (the share the book states for them)."""


def quote_coverage(ds: Dataset) -> dict[str, tuple[int, int]]:
    """How many preferred rows are checked against an archived text, of how many.

    Overall, for the legal rates, and for the rows citing a government document.

    A row counts as checked when its source has an archived text and its quote is found in it (the rule
    quotes_in_documents fails the build otherwise).

    Returns:
        {"all": (checked, rows), "legal_rates": (...), "government": (...)}.
    """
    sources = {r.get("source_id"): r for _, _, r in ds.each("sources")}
    texts: dict[str, str] = {}
    counts = {"all": [0, 0], "legal_rates": [0, 0], "government": [0, 0]}
    for _, _, r in ds.each("events", "figures"):
        if r.get("preferred") != "true":
            continue
        src = sources.get(r.get("source_id"), {})
        archive = src.get("archive", "")
        checked = False
        if archive and not archive.startswith(NOT_ARCHIVED) and (ds.folder / archive).is_file():
            if archive not in texts:
                texts[archive] = _normal((ds.folder / archive).read_text(encoding="utf-8", errors="replace"))
            checked = _not_found(r.get("quote", ""), texts[archive]) is None
        kinds = ["all"]
        if r.get("metric") in LEGAL_RATES:
            kinds.append("legal_rates")
        if src.get("kind") in PRIMARY:
            kinds.append("government")
        for k in kinds:
            counts[k][0] += checked
            counts[k][1] += 1
    return {k: (a, b) for k, (a, b) in counts.items()}
