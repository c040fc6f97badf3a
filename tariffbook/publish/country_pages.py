"""The country pages (book/countries/<ISO3>.ipynb) and their index (book/countries/index.md).

A country page is the country template (notebooks/country_profile.ipynb) as it is now, with the country injected
and the outputs of its latest execution by the book's executor; it says in its own metadata that it is executed
already. The index is a table of every country with tariff rates in the record: its 2024 deficit, its rate at each
stage of 2025, the duty in force on 7 August 2025 and on the book's day. Each is written again only when what it
is made from changed (Written), so Sphinx's incremental build re-reads only what did.

Typical use: tariffbook.publish.pages.execute_book runs the pages and writes them, with Written.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd

from tariffbook import settings, words
from tariffbook.analysis.rates import rate_in_force
from tariffbook.analysis.spans import day_of_record, rate_label
from tariffbook.analysis.stages import stage_rates
from tariffbook.analysis.trade import trade_2024
from tariffbook.data.countries import country_name, is_iso3
from tariffbook.data.load import load_figures
from tariffbook.data.paths import data_dir, files_sha256, sha256, update_file
from tariffbook.domain import DID_NOT_APPLY, IN_FORCE_PERIOD, NOT_MODELLED
from tariffbook.publish.executor import manifest
from tariffbook.words import RateStatus


def countries_with_rates(figures: pd.DataFrame | None = None) -> list[str]:
    """ISO3 codes with at least one tariff-rate row of their own (sectoral included)."""
    figs = load_figures() if figures is None else figures
    rates = figs[figs["metric"].astype(str).str.startswith("tariff_rate")]
    return sorted(c for c in set(rates["country"]) if is_iso3(c))


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


class Written:
    """What the country pages and their index were last written from, so that unchanged ones are not made again.

    A page is its notebook (the template's text, the country injected) with the outputs of its latest execution:
    written again when the notebook changed, when it ran, or when the file is not what was written. The index is
    written again when the record, the package, the book's settings or the list of countries changed.
    """

    PATH = manifest.STATE / "country-pages.json"

    def __init__(self, known: dict) -> None:
        """What each page was written from: file name -> {"from": its inputs' hash, "page": the file's hash}."""
        self.known = known
        self._cache = None  # the build's jupyter-cache, opened for the first page made

    @classmethod
    def read(cls) -> Written:
        """What the latest build wrote (nothing before the first)."""
        return cls(json.loads(cls.PATH.read_text(encoding="utf-8")) if cls.PATH.is_file() else {})

    def save(self) -> None:
        """Keep what was written for the next build."""
        self.PATH.parent.mkdir(parents=True, exist_ok=True)
        self.PATH.write_text(json.dumps(self.known, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def page(self, path: Path, job, executed: bool) -> None:
        """Write a country page at `path` from its job, unless it is what was written from the same notebook."""
        made = sha256((nbformat.writes(job.nb) + _PAGES).encode())
        seen = self.known.get(path.name, {})
        if not executed and seen.get("from") == made and path.is_file() and sha256(path.read_bytes()) == seen["page"]:
            return
        self._cache = self._cache or manifest.open_cache()
        text = nbformat.writes(_country_page(job, self._cache)) + "\n"
        update_file(path, text)
        self.known[path.name] = {"from": made, "page": sha256(text.encode())}

    def index(self, out: Path, codes: list[str], context: settings.BookContext, day=None) -> None:
        """Write the index of the country pages `codes` in `out`, unless it is what was written from the same inputs."""
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
