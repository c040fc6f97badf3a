"""Prepare the book's generated pages before `jupyter-book build` (`python -m tariffbook prepare-book`).

- _static/vega-offline.js: Vega served by the site itself (tariffbook.charts.offline);
- book/generated/references.md: the references, from data/sources.csv (never a second hand-kept list);
- book/generated/rerun.md: each notebook's parameters, read from the notebooks themselves;
- book/countries/<ISO3>.ipynb and index.md: one page per country with tariff rates, from
  notebooks/country_profile.ipynb with the country injected by papermill;
- every executed page run ahead of Sphinx, on all cores, only when its inputs changed (tariffbook.build.executor);
- book/generated/release/: the data release (tariffbook.build.release) and the 'what changed' page;
- book/generated/_config_asof.yml: the configuration of an 'as of' book (AS_OF=... make book).

Generated files live in ignored folders: they are build output, not sources. Each is rewritten only when its
content changes, so Sphinx's incremental build re-reads only what did.

Typical use: `make book` runs prepare(); nothing else calls these functions but the tests.
"""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import pandas as pd

from tariffbook import settings
from tariffbook.analysis.queries import stage_rates, trade_2024
from tariffbook.build import executor
from tariffbook.build.executor import COUNTRIES, NOTEBOOKS
from tariffbook.build.params import SPECS, describe
from tariffbook.charts.offline import write_bundle
from tariffbook.data.countries import country_name, is_iso3
from tariffbook.data.load import DataValidationError, fingerprint, load_figures, load_sources
from tariffbook.data.paths import CHART_DIR, REPO_ROOT, data_dir, update_file
from tariffbook.data.validate import validate
from tariffbook.domain import SOURCE_KINDS, STAGE_LABELS

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


def write_references(out: Path = GENERATED) -> Path:
    """book/generated/references.md: every source, by kind, each with an anchor the charts' source lines link to."""
    src = load_sources()
    lines = [
        "# References",
        "",
        f"Every source the dataset cites: {len(src)} in all, generated from `data/sources.csv`. "
        "Each event and figure names its source and quotes it; the two source articles are quoted, not republished.",
        "",
    ]
    for kind, title in SOURCE_KINDS.items():
        rows = src[src["kind"] == kind].sort_values(["publisher", "published", "title"], na_position="last")
        if rows.empty:
            continue
        lines += [f"## {title}", ""]
        for _, r in rows.iterrows():
            date = f", {r['published']:%d %B %Y}" if pd.notna(r["published"]) else ""
            title_txt = html.escape(r["title"]).replace("*", r"\*").replace("_", r"\_")
            link = f"[{title_txt}]({r['url']})" if r["url"] else f"*{title_txt}*"
            lines.append(f"(src-{r['source_id']})=")
            lines.append(
                f"- {html.escape(r['publisher'])}{date}. {link}. `{r['source_id']}`"
                + (f"  \n  {html.escape(r['note'])}" if r["note"] else "")
            )
        lines.append("")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "references.md"
    update_file(path, "\n".join(lines) + "\n")
    return path


def write_rerun(out: Path = GENERATED) -> Path:
    """book/generated/rerun.md: how to rerun each notebook, and its parameters as the notebook declares them."""
    import papermill as pm

    lines = [
        "# Rerun it",
        "",
        "Every notebook has a `parameters` cell, so papermill can run it again with other values. From the repository "
        "root, after `make book` (which creates `.venv`):",
        "",
        "```bash",
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


def _country_page(job) -> nbformat.NotebookNode:
    """The country template's current text with the outputs of the run for this country."""
    nb = executor.merged(job)
    # Show the values this page was run with (the injected cell), not the template's defaults.
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "parameters" in tags:
            cell.metadata["tags"] = sorted(set(tags) | {"remove-cell"})
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    first.source = f"# {country_name(job.country)}\n\n" + first.source.split("\n", 1)[1].strip()
    return nb


def execute_book(out: Path = COUNTRIES, workers: int | None = None, alongside=()) -> dict:
    """Run every executed page of the book and write the country pages.

    The book's notebooks and one page per country run on all cores, skipping those whose code, inputs and
    settings are unchanged (tariffbook.build.executor).

    Args:
        out: where the country pages go.
        workers: worker processes (default: cores + 1).
        alongside: callables to run in this process while the kernels work.

    Returns:
        The executor's summary: what was executed, reused, and whose outputs changed.
    """
    codes = countries_with_rates()
    wanted = settings.country_pages()
    if wanted is not None:  # a preview build: only these country pages
        codes = [c for c in codes if c in wanted]
    countries = executor.country_jobs(codes)
    settings.use_book_charts()  # pages load Vega from the site; kernels inherit this
    summary = executor.run(executor.book_jobs() + countries, workers=workers, alongside=alongside)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.ipynb"):
        if stale.stem not in codes:
            stale.unlink()
    for job in countries:
        update_file(out / f"{job.country}.ipynb", nbformat.writes(_country_page(job)) + "\n")
    _write_country_index(out, codes)
    if settings.exports_enabled():
        executor.prune_charts(CHART_DIR)
    return summary


INDEX_STAGES = ("tariff_rate_reciprocal", "tariff_rate_letter", "tariff_rate_deal", "tariff_rate_in_force")
"""The stages the country index has a column for."""


def _write_country_index(out: Path, codes: list[str]) -> None:
    trade = trade_2024().set_index("country")
    stages = stage_rates(codes).pivot_table(index="country", columns="stage", values="value", aggfunc="first")
    lines = [
        "# Countries",
        "",
        f"One page per country with tariff rates in the record ({len(codes)} in all). "
        "The table gives the 2024 US goods deficit with the country and its headline rate "
        "at each stage (percent). Select a column heading to sort by it.",
        "",
        ":::{table} Countries with tariff rates",
        ":class: sortable",
        ":name: country-index",
        "",
        "| Country | Partner surplus 2024 (USD bn) | 2 April | Letter | Deal | In force 7 Aug |",
        "|---|---:|---:|---:|---:|---:|",
    ]

    def cell(code, col):
        v = stages.loc[code, col] if code in stages.index and col in stages.columns else None
        return "" if v is None or pd.isna(v) else f"{v:g}"

    for code in sorted(codes, key=country_name):
        s = trade.loc[code, "surplus_bn"] if code in trade.index else None
        surplus = "" if s is None or pd.isna(s) else f"{s:,.1f}"
        rates = " | ".join(cell(code, STAGE_LABELS[stage]) for stage in INDEX_STAGES)
        lines.append(f"| [{country_name(code)}]({code}.ipynb) | {surplus} | {rates} |")
    lines.append(":::")
    update_file(out / "index.md", "\n".join(lines) + "\n")


def prepare(countries: bool = True) -> None:
    """Write everything `jupyter-book build` reads that is not a source file, and run the executed pages.

    Validates the data once and vouches for it to the kernels (tariffbook.settings.VALIDATED), which then
    skip validating it again.

    Args:
        countries: also run the book's notebooks and the country pages (False: only the generated pages).

    Raises:
        DataValidationError: the data is not valid; nothing is built.
    """
    from tariffbook.build.release import write_changes_page, write_release

    folder = data_dir()
    problems = validate(folder)
    if problems:
        raise DataValidationError(folder, problems)
    settings.vouch_for(fingerprint(folder))

    pages = [
        lambda: write_bundle(STATIC),
        write_references,
        write_rerun,
        lambda: write_release(RELEASE),
        lambda: write_changes_page(GENERATED / "changes.md"),
        write_as_of_config,
    ]
    if countries:
        execute_book(alongside=pages)  # written while the kernels run
    else:
        for write in pages:
            write()


def write_as_of_config() -> Path | None:
    """For `AS_OF=... make book`: _config.yml plus a banner on every page saying which day the book shows.

    Returns:
        The configuration written, or None (and any old one removed) when the book is not 'as of' a day.
    """
    import yaml

    day = settings.as_of()
    if day is None:
        AS_OF_CONFIG.unlink(missing_ok=True)
        return None
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} as of {day:%-d %B %Y}"
    config.setdefault("html", {})["announcement"] = (
        f"This is tariffbook as it stood on {day:%-d %B %Y}: only events and figures announced by then. "
        "The current edition of the book shows the whole record."
    )
    AS_OF_CONFIG.parent.mkdir(parents=True, exist_ok=True)
    update_file(AS_OF_CONFIG, yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return AS_OF_CONFIG
