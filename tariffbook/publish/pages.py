"""Prepare the book's generated pages before `jupyter-book build` (`python -m tariffbook prepare-book`).

- _static/vega-offline.js: Vega served by the site itself (tariffbook.charts.offline);
- book/generated/references.md: the references, from data/sources.csv (never a second hand-kept list);
- book/generated/rerun.md: each notebook's parameters, read from the notebooks themselves;
- book/countries/<ISO3>.ipynb and index.md: one page per country with tariff rates, from
  notebooks/country_profile.ipynb with the country injected by papermill;
- every executed page run ahead of Sphinx, on all cores, only when its inputs changed (tariffbook.publish.executor);
- book/generated/release/: the data release (tariffbook.publish.release) and the Atom feed of its releases;
- book/generated/changes.md: the 'What changed' page (tariffbook.publish.changes);
- book/generated/_config_asof.yml: the configuration of an 'as of' book (AS_OF=... make book).

Generated files live in ignored folders: they are build output, not sources. Each is rewritten only when its
content changes, so Sphinx's incremental build re-reads only what did.

Typical use: `make book` runs prepare(); nothing else calls these functions but the tests.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pandas as pd

from tariffbook import settings, words
from tariffbook.analysis.queries import stage_rates
from tariffbook.analysis.rates import rate_in_force
from tariffbook.analysis.spans import day_of_record, rate_label
from tariffbook.analysis.trade import trade_2024
from tariffbook.charts.offline import write_bundle
from tariffbook.data.citation import citation
from tariffbook.data.countries import country_name, is_iso3
from tariffbook.data.load import (
    DataValidationError,
    cited_sources,
    fingerprint,
    horizon,
    known_figures,
    load_figures,
)
from tariffbook.data.paths import CHART_DIR, REPO_ROOT, data_dir, files_sha256, sha256, update_file
from tariffbook.data.validate import validate
from tariffbook.domain import DID_NOT_APPLY, IN_FORCE_PERIOD, NOT_MODELLED
from tariffbook.notebook.params import SPECS, describe
from tariffbook.publish.changes import md_escape
from tariffbook.publish.executor import manifest
from tariffbook.publish.executor.jobs import COUNTRIES, NOTEBOOKS, book_jobs, country_jobs
from tariffbook.publish.executor.kernels import Workers, default_workers
from tariffbook.publish.executor.runner import run
from tariffbook.words import RateStatus

GENERATED = REPO_ROOT / "book" / "generated"
"""Generated pages (ignored by git): references, rerun, changes, the release, the as-of configuration."""

STATIC = REPO_ROOT / "_static"
"""The site's static files; the Vega bundle is written here."""

RELEASE = GENERATED / "release"
"""The data release, copied to the site root (html_extra_path in _config.yml)."""

AS_OF_CONFIG = GENERATED / "_config_asof.yml"
"""_config.yml plus the 'as of' title and banner, for `AS_OF=... make book`."""


def countries_with_rates(figures: pd.DataFrame | None = None) -> list[str]:
    """ISO3 codes with at least one tariff-rate row of their own (sectoral included)."""
    figs = load_figures() if figures is None else figures
    rates = figs[figs["metric"].astype(str).str.startswith("tariff_rate")]
    return sorted(c for c in set(rates["country"]) if is_iso3(c))


COPY_OF = re.compile(r"^(?P<original>.+?) \((?:via|quoted on|quoted by|(?:text )?reproduced on) (?P<host>.+)\)$")
"""A publisher written "X (via Y)": X's text, read on Y."""


def _is_copy(row: pd.Series) -> bool:
    """Whether the page consulted is a copy of another publisher's text (sources.csv `is_copy`, if present)."""
    value = row.get("is_copy", False)
    return value is True or str(value).lower() == "true"


def _original(row: pd.Series) -> str:
    """The publisher of the text: for a copy written "X (via Y)", X."""
    found = COPY_OF.match(row["publisher"]) if _is_copy(row) else None
    return found["original"] if found else row["publisher"]


def _host(url: str, whole: bool = False) -> str:
    """The site a link goes to (or, `whole`, the address without its scheme: an untitled source's only name)."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.") or url
    address = f"{host}{parts.path}".rstrip("/")
    return (address if len(address) <= 70 else address[:69] + "…") if whole else host


def _document(row: pd.Series) -> tuple:
    """What identifies a document: its original publisher, title and date.

    Copies of one document read in two places share it; a source without a title of its own or a date is a
    document of its own.
    """
    title = " ".join(row["title"].lower().split())
    if not title or title == row["publisher"].lower() or pd.isna(row["published"]):
        return ("source", row["source_id"])
    return (_original(row).lower(), title, row["published"])


def _reference(rows: list[pd.Series]) -> str:
    """One document: publisher, title, date, link; a copy says so, and where it was read."""
    first = rows[0]
    publisher = _original(first)
    parts = [md_escape(publisher)]
    titled = bool(first["title"]) and first["title"] != first["publisher"]
    if titled:
        parts.append(f"“{md_escape(first['title'])}”")
    if pd.notna(first["published"]):
        parts.append(f"{words.day(first['published'])}")

    def link(url: str) -> str:
        return f"[{md_escape(_host(url, not titled))}](<{url}>)"

    # the document's own address; where a row says it was read in a copy (read_at), that copy. Older rows name
    # the copy's address as their url and say so in the publisher ("X (via Y)"): the same, in other columns.
    read_at = [r.get("read_at") for r in rows if isinstance(r.get("read_at"), str) and r.get("read_at")]
    originals = dict.fromkeys(link(r["url"]) for r in rows if r["url"] and (not _is_copy(r) or r.get("read_at")))
    copies = dict.fromkeys(
        [link(u) for u in read_at] + [link(r["url"]) for r in rows if r["url"] and _is_copy(r) and not r.get("read_at")]
    )
    if originals:
        parts.append(" and ".join(originals))
    if copies:
        read = "a copy" if len(copies) == 1 else "copies"
        parts.append(f"read in {read} on {' and '.join(copies)}")
    if not first["url"] and not copies:
        parts.append("quoted from a copy kept by the authors, not republished")
    archived = [
        a
        for a in dict.fromkeys(r.get("archive", "") for r in rows)
        if isinstance(a, str) and a.startswith("documents/")
    ]
    for path in archived:
        when = _retrieved().get(path)
        parts.append(
            # raw HTML: a Markdown link to a file outside the book would be read as a cross-reference
            f'<a href="../../data/latest/{html.escape(path)}">its text as archived</a>'
            + (f", retrieved {words.day(when)}" if when else "")
        )
    return ", ".join(parts) + "."


@functools.cache
def _retrieved() -> dict[str, str]:
    """Archived text -> the day it was retrieved (data/documents/manifest.csv)."""
    path = data_dir() / "documents" / "manifest.csv"
    if not path.is_file():
        return {}
    return {m["file"]: m["retrieved"] for m in pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")}


def write_references(out: Path = GENERATED, day=None, sources: pd.DataFrame | None = None) -> Path:
    """book/generated/references.md: every source once, by kind, as a reader cites it.

    Government documents and court records first. Each entry is publisher, title, date and link; a copy of
    another publisher's text says so in words; copies of one document are one entry. The curators' notes stay
    in the data. Every source keeps its anchor (src-<source_id>), which the charts' source lines link to.

    Args:
        out: the folder to write it in.
        day: the book's day (an 'as of' book lists the sources cited by what was known then); None: every source.
        sources: the sources to list (default: read from the record, as of `day`).
    """
    src = cited_sources(day) if sources is None else sources
    lines = [
        "# References",
        "",
        "Every source the record cites, government documents and court records first. Each event and figure in "
        "the book names its source and quotes it. Each entry links the document at its own address; where the text "
        "was read in a copy (a republication or a mirror), the entry says so; the book prefers the original wherever "
        "it was found. Where the book keeps the text of a government document (public domain), the entry links that "
        "text as it was retrieved, so a reader can check a quote when the original page moves. "
        "The curators' notes on each source are in the data (`sources.csv`, in the release).",
        "",
    ]
    for kind, title in words.KIND_HEADINGS.items():
        rows = src[src["kind"] == kind].sort_values(["publisher", "published", "title"], na_position="last")
        if rows.empty:
            continue
        documents: dict[tuple, list[pd.Series]] = {}
        for _, r in rows.iterrows():
            documents.setdefault(_document(r), []).append(r)
        lines += [f"## {title}", ""]
        for group in sorted(documents.values(), key=lambda g: (_original(g[0]).lower(), str(g[0]["published"]))):
            lines += [f"(src-{r['source_id']})=" for r in group]
            lines.append(f"- {_reference(group)}")
        lines.append("")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "references.md"
    update_file(path, "\n".join(lines) + "\n")
    return path


def write_rerun(out: Path = GENERATED) -> Path:
    """book/generated/rerun.md: how to rerun each notebook, and its parameters as the notebook declares them."""
    import papermill as pm

    repository = citation().repository_url
    folder = repository.rstrip("/").rsplit("/", 1)[-1] if repository else ""
    clone = [f"git clone {repository} && cd {folder}", "make book"] if repository else []
    lines = [
        "# Rerun it",
        "",
        "Every notebook has a `parameters` cell, so papermill can run it again with other values. In a clone of "
        + (f"[the repository]({repository})" if repository else "the repository")
        + ", build the book once (`make book` creates `.venv`), then run a notebook from the repository's root:",
        "",
        "```bash",
        *clone,
        ".venv/bin/papermill notebooks/country_profile.ipynb out.ipynb -p country KOR",
        ".venv/bin/papermill notebooks/tariff_rates.ipynb out.ipynb -p as_of 2025-07-08",
        ".venv/bin/papermill notebooks/timeline.ipynb out.ipynb -y 'countries: [JPN, KOR]'",
        "```",
        "",
        "Lists go in with `-y` (YAML) or as a comma-separated string. An unknown parameter name, a wrong type, "
        "an unknown country or an out-of-range value stops the run with a message naming the parameter "
        "and what is allowed. "
        "The table below is read from the notebooks themselves.",
        "",
    ]
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        declared = pm.inspect_notebook(str(nb))
        helps = {n: (k, h) for n, k, h in describe(nb.stem)} if nb.stem in SPECS else {}
        lines += [f"## `{nb.name}`", "", "| parameter | default | type | what it does |", "|---|---|---|---|"]
        for name, p in declared.items():
            kind, help_ = helps.get(name, (p.get("inferred_type_name", ""), p.get("help", "")))
            default = str(p["default"]).replace("|", r"\|")
            lines.append(f"| `{name}` | `{default}` | {kind} | {help_} |")
        lines.append("")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "rerun.md"
    update_file(path, "\n".join(lines) + "\n")
    return path


def executed_already(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Mark a notebook whose outputs are final: myst-nb reads it as it is and logs nothing about it.

    An exclude pattern in _config.yml would have the same effect, but myst-nb logs "Excluded from execution"
    for every page it matches: a line per country page in every clean build's log.
    """
    nb.metadata["mystnb"] = {"execution_mode": "off"}
    return nb


def _country_page(job, cache=None) -> nbformat.NotebookNode:
    """The country template's current text with the outputs of the run for this country (from `cache`)."""
    nb = manifest.merged(job, cache)
    # Show the values this page was run with (the injected cell), not the template's defaults.
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "parameters" in tags:
            cell.metadata["tags"] = sorted(set(tags) | {"remove-cell"})
    executed_already(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    first.source = f"# {country_name(job.country)}\n\n" + first.source.split("\n", 1)[1].strip()
    return nb


def book_day_of(context: settings.BookContext) -> pd.Timestamp | None:
    """The day an 'as of' book shows (its AS_OF, checked against the record's horizon); None for the book as is.

    The one reading of the day for the pages prepare() writes and runs.
    """
    return None if context.day is None else context.book_day(horizon())


def execute_book(
    context: settings.BookContext, out: Path = COUNTRIES, workers: int | None = None, alongside=()
) -> dict:
    """Run every executed page of the book and write the country pages.

    The book's notebooks and one page per country run on all cores, skipping those whose code, inputs and
    settings are unchanged (tariffbook.publish.executor).

    Args:
        context: the book's context (its country pages, whether charts are exported); the pages load Vega from the
            site whatever its charts mode.
        out: where the country pages go.
        workers: worker processes (default: one per core).
        alongside: callables to run in this process while the kernels work.

    Returns:
        The executor's summary: what was executed, reused, and whose outputs changed.
    """
    book = dataclasses.replace(context, charts_mode="book")
    count = workers or default_workers()
    # no record of any execution: every page runs, so the kernels start now, while the jobs are made
    kernels = Workers(book, count).start() if not manifest.MANIFEST.exists() else count
    try:
        day = book_day_of(context)
        codes = countries_with_rates(known_figures(day))
        if context.countries is not None:  # a preview build: only these country pages
            codes = [c for c in codes if c in context.countries]
        countries = country_jobs(codes)
        written = _Written.read()
        index = functools.partial(written.index, out, codes, book, day)  # written while the kernels run
        jobs = book_jobs() + countries
    except BaseException:
        if isinstance(kernels, Workers):
            kernels.close()
        raise
    summary = run(jobs, book, workers=kernels, alongside=[*alongside, index])
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.ipynb"):
        if stale.stem not in codes:
            stale.unlink()
    for job in countries:
        written.page(out / f"{job.country}.ipynb", job, job.name in summary["executed"])
    written.save()
    if context.exports:
        manifest.prune_charts(CHART_DIR)
    return summary


class _Written:
    """What the country pages and their index were last written from, so that unchanged ones are not made again.

    A page is its notebook (the template's text, the country injected) with the outputs of its latest execution:
    written again when the notebook changed, when it ran, or when the file is not what was written. The index is
    written again when the record, the package, the book's settings or the list of countries changed.
    """

    PATH = manifest.STATE / "country-pages.json"

    def __init__(self, known: dict) -> None:
        self.known = known
        self._cache = None  # the build's jupyter-cache, opened for the first page made

    @classmethod
    def read(cls) -> _Written:
        return cls(json.loads(cls.PATH.read_text(encoding="utf-8")) if cls.PATH.is_file() else {})

    def save(self) -> None:
        self.PATH.parent.mkdir(parents=True, exist_ok=True)
        self.PATH.write_text(json.dumps(self.known, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def page(self, path: Path, job, executed: bool) -> None:
        made = sha256((nbformat.writes(job.nb) + _PAGES).encode())
        seen = self.known.get(path.name, {})
        if not executed and seen.get("from") == made and path.is_file() and sha256(path.read_bytes()) == seen["page"]:
            return
        self._cache = self._cache or manifest.open_cache()
        text = nbformat.writes(_country_page(job, self._cache)) + "\n"
        update_file(path, text)
        self.known[path.name] = {"from": made, "page": sha256(text.encode())}

    def index(self, out: Path, codes: list[str], context: settings.BookContext, day=None) -> None:
        package = Path(__file__).resolve().parent.parent
        made = sha256(
            json.dumps(
                [files_sha256([*data_dir().iterdir(), *package.rglob("*.py")]), codes, context.output_settings()]
            ).encode()
        )
        path = out / "index.md"
        seen = self.known.get(path.name, {})
        if seen.get("from") == made and path.is_file() and sha256(path.read_bytes()) == seen["page"]:
            return
        _write_country_index(out, codes, day)
        self.known[path.name] = {"from": made, "page": sha256(path.read_bytes())}


_PAGES = sha256(Path(__file__).read_bytes())
"""This module's own text: a change to how a country page is made writes every page again."""


INDEX_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal")
"""The stages of 2025 the country index has a column for (then the rate in force on 7 August and today)."""


def _in_force_cell(code: str, day: pd.Timestamp) -> str:
    """The rate in force on a day as the strips label it ('+10%', '15% total', 'no duty', 'not in the record')."""
    if code in NOT_MODELLED:
        return "not followed"
    r = rate_in_force(code, day)
    if r is None:
        return ""
    if r.status == RateStatus.NO_TARIFF:
        return words.NO_DUTY
    return rate_label(r.rate, r.applies_as)


def _write_country_index(out: Path, codes: list[str], day=None) -> None:
    day = day_of_record(day)
    trade = trade_2024(as_of=day).set_index("country")
    stages = stage_rates(codes, day).pivot_table(index="country", columns="stage", values="value", aggfunc="first")
    lines = [
        "# Countries",
        "",
        f"One page per country with tariff rates in the record ({len(codes)} in all). "
        "The table gives the 2024 US goods deficit with the country, its headline rate at each stage of 2025 "
        f"(percent), and the duty in force on 7 August 2025 and on {words.day(day)} ('+10%': on top of the normal "
        "duty; '15% total': the normal duty included). An empty cell means the record has no figure for it (the "
        "sources searched give none); 'did not apply' marks a stage that did not apply to the country. Select a "
        "column heading to sort by it.",
        "",
        ":::{table} Countries with tariff rates",
        ":class: sortable",
        ":name: country-index",
        "",
        f"| Country | Partner surplus 2024 (USD bn) | 2 April | Letter | Deal | In force 7 Aug 2025 | "
        f"In force {words.day(day, month='short')} |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def cell(code, stage):
        if (code, stage) in DID_NOT_APPLY:
            return words.DID_NOT_APPLY
        col = words.STAGES[stage].label
        v = stages.loc[code, col] if code in stages.index and col in stages.columns else None
        return "" if v is None or pd.isna(v) else f"{v:g}"

    august = pd.Timestamp(IN_FORCE_PERIOD)
    for code in sorted(codes, key=country_name):
        s = trade.loc[code, "surplus_bn"] if code in trade.index else None
        surplus = "" if s is None or pd.isna(s) else f"{s:,.1f}"
        rates = " | ".join(
            [*(cell(code, stage) for stage in INDEX_STAGES), _in_force_cell(code, august), _in_force_cell(code, day)]
        )
        lines.append(f"| [{country_name(code)}]({code}.ipynb) | {surplus} | {rates} |")
    lines.append(":::")
    update_file(out / "index.md", "\n".join(lines) + "\n")


def prepare(context: settings.BookContext, countries: bool = True) -> None:
    """Write everything `jupyter-book build` reads that is not a source file, and run the executed pages.

    Validates the data once and vouches for it to the kernels (tariffbook.settings.VALIDATED), which then
    skip validating it again.

    Args:
        context: the book's context, read from the environment by the command line.
        countries: also run the book's notebooks and the country pages (False: only the generated pages).

    Raises:
        DataValidationError: the data is not valid; nothing is built.
    """
    from tariffbook.publish.changes import write_changes
    from tariffbook.publish.release import write_release

    folder = data_dir()
    problems = validate(folder)
    if problems:
        raise DataValidationError(folder, problems)
    settings.vouch_for(fingerprint(folder))
    day = book_day_of(context)  # the book's day (None: the book as it stands), passed on from here

    pages = [
        lambda: write_bundle(STATIC),
        lambda: write_references(day=day),
        write_rerun,
        lambda: write_release(RELEASE),
        lambda: write_stable_addresses(day),
        lambda: write_changes(GENERATED / "changes.md", RELEASE),
        lambda: write_as_of_config(day),
    ]
    if countries:
        execute_book(context, alongside=pages)  # written while the kernels run
    else:
        for write in pages:
            write()


def write_stable_addresses(day=None) -> None:
    """The data at stable addresses and the JSON API (tariffbook.publish.api), and the page that documents them.

    Only the book as it stands has them: an 'as of' book is a view of the past, not a release.
    """
    from tariffbook.publish import api

    api.write_api_page(GENERATED, citation().site_url)
    if day is not None:
        api.remove(RELEASE)
        return
    api.write_data(RELEASE)
    api.write_api(RELEASE, countries_with_rates())


def write_as_of_config(day=None) -> Path | None:
    """For `AS_OF=... make book`: _config.yml plus a banner on every page saying which day the book shows.

    Args:
        day: the book's day (None: the book as it stands).

    Returns:
        The configuration written, or None (and any old one removed) when the book is not 'as of' a day.
    """
    import yaml

    if day is None:
        AS_OF_CONFIG.unlink(missing_ok=True)
        return None
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} as of {words.day(day)}"
    site = citation().site_url
    current = f' The book as it stands today: <a href="{site}">{site}</a>.' if site else ""
    config.setdefault("html", {})["announcement"] = (
        f"This is tariffbook as it stood on {words.day(day)}: only events and figures announced by then.{current}"
    )
    AS_OF_CONFIG.parent.mkdir(parents=True, exist_ok=True)
    update_file(AS_OF_CONFIG, yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return AS_OF_CONFIG
