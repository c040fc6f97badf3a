"""The command line: `python -m tariffbook validate [DATA_DIR]`, `prepare-book`, `refresh-outputs`.

`validate` exits 0 with a one-line summary when the dataset is valid, and 1 with one line per problem
otherwise. The other two are what `make book` and `make refresh-outputs` run.
"""

from __future__ import annotations

import csv
from pathlib import Path

import click

from tariffbook.data.paths import data_dir
from tariffbook.data.schema import TABLES
from tariffbook.data.validate import validate


@click.group()
def main() -> None:
    """tariffbook: check and query the curated dataset."""


@main.command("validate")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def validate_cmd(folder: Path | None) -> None:
    """Check DATA_DIR (default: the repo's data/) against datapackage.json and the domain rules."""
    target = data_dir(folder)
    if not target.is_dir():
        raise click.UsageError(f"no such folder: {target}")
    problems = validate(target)
    if problems:
        for p in problems:
            click.echo(str(p))
        click.echo(f"{len(problems)} problem(s) in {target}", err=True)
        raise SystemExit(1)
    counts = []
    for name in TABLES:
        with (target / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
            counts.append(f"{sum(1 for _ in csv.DictReader(fh))} {name}")
    click.echo(f"valid: {target} ({', '.join(counts)})")


@main.command("prepare-book")
@click.option("--no-countries", is_flag=True, help="Skip running the country pages.")
def prepare_book_cmd(no_countries: bool) -> None:
    """Validate the data, write the generated pages and the offline Vega bundle, run the notebooks that changed."""
    from tariffbook import settings
    from tariffbook.data.load import DataValidationError, horizon
    from tariffbook.publish.executor.kernels import NotebookFailed
    from tariffbook.publish.pages import prepare

    context = _check_settings(lambda: settings.from_environment(latest=horizon()))  # read here, once; passed on
    try:
        prepare(context, countries=not no_countries)
    except DataValidationError as exc:
        for p in exc.problems:
            click.echo(str(p))
        click.echo(f"{len(exc.problems)} problem(s) in the dataset: nothing was built", err=True)
        raise SystemExit(1) from None
    except NotebookFailed as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None


def _check_settings(check):
    """Run a settings check and return its value.

    A bad value is one line on stderr and exit 2 (TARIFFBOOK_DEBUG=1: the traceback).
    """
    from tariffbook import settings

    try:
        return check()
    except ValueError as exc:
        if settings.debug():
            raise
        click.echo(f"tariffbook: {exc}", err=True)
        raise SystemExit(2) from None


@main.command("refresh-outputs")
def refresh_outputs_cmd() -> None:
    """Re-run the notebooks and store the outputs nbval checks (cells marked NBVAL_CHECK_OUTPUT)."""
    from tariffbook import settings
    from tariffbook.publish.outputs import refresh_checked_outputs

    for path in refresh_checked_outputs(_check_settings(settings.from_environment)):
        click.echo(f"refreshed {path.relative_to(path.parent.parent)}")


if __name__ == "__main__":
    main(prog_name="python -m tariffbook")
