"""Prepare the book's generated pages before `jupyter-book build` (`python -m tariffbook prepare-book`).

- _static/vega-offline.js: Vega served by the site itself (tariffbook.charts.offline);
- book/generated/references.md: the references, from data/sources.csv (tariffbook.publish.references);
- book/generated/quote-check.md: how many quotes the build checks against an archived text (publish.checked);
- book/generated/rerun.md: each notebook's parameters, read from the notebooks themselves;
- book/countries/<ISO3>.ipynb and index.md: one page per country with tariff rates, from
  notebooks/country_profile.ipynb with the country injected by papermill (tariffbook.publish.country_pages);
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
from pathlib import Path

import pandas as pd

from tariffbook import settings, words
from tariffbook.charts.offline import write_bundle
from tariffbook.data.citation import citation
from tariffbook.data.load import DataValidationError, fingerprint, horizon, known_figures
from tariffbook.data.paths import CHART_DIR, REPO_ROOT, data_dir, update_file
from tariffbook.data.validate import validate
from tariffbook.notebook.params import SPECS, describe
from tariffbook.publish.country_pages import Written, countries_with_rates
from tariffbook.publish.executor import manifest
from tariffbook.publish.executor.jobs import COUNTRIES, NOTEBOOKS, book_jobs, country_jobs
from tariffbook.publish.executor.kernels import Workers, default_workers
from tariffbook.publish.executor.runner import run
from tariffbook.publish.references import write_references

GENERATED = REPO_ROOT / "book" / "generated"
"""Generated pages (ignored by git): references, rerun, changes, the release, the as-of configuration."""

STATIC = REPO_ROOT / "_static"
"""The site's static files; the Vega bundle is written here."""

RELEASE = GENERATED / "release"
"""The data release, copied to the site root (html_extra_path in _config.yml)."""

AS_OF_CONFIG = GENERATED / "_config_asof.yml"
"""_config.yml plus the 'as of' title and banner, for `AS_OF=... make book`."""


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
        written = Written.read()
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
    from tariffbook.publish.checked import write_quote_check
    from tariffbook.publish.release import write_release

    folder = data_dir()
    problems = validate(folder)
    if problems:
        raise DataValidationError(folder, problems)
    settings.vouch_for(fingerprint(folder))
    day = book_day_of(context)  # the book's day (None: the book as it stands), passed on from here

    pages = [
        lambda: write_bundle(STATIC),
        lambda: write_references(GENERATED, day=day),
        lambda: write_quote_check(GENERATED),
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
