"""book/generated/quote-check.md: how many of the record's quotes the build checks against a document's text.

The method page includes it (and the README states the same shares for the current release, which a unit test
keeps equal to these): the counts are `tariffbook.data.archive.quote_coverage`, the rule that checks the quotes is
`tariffbook.data.archive.quotes_in_documents`.
"""

from __future__ import annotations

from pathlib import Path

from tariffbook import words
from tariffbook.data.archive import quote_coverage
from tariffbook.data.dataset import Dataset
from tariffbook.data.paths import data_dir, update_file
from tariffbook.data.schema import load_schema


def coverage(folder: Path | None = None) -> dict[str, tuple[int, int]]:
    """quote_coverage of the record in `folder` (default: the record the book reads)."""
    folder = Path(folder) if folder is not None else data_dir()
    return quote_coverage(Dataset.read(folder, load_schema(folder)))


def share(checked: int, rows: int) -> str:
    """'142 of 148 (96%)': the share rounded down, so that 89.6% never reads as the 90% a target asks for."""
    return f"{checked} of {rows} ({checked * 100 // rows if rows else 0}%)"


def quote_check_text(cover: dict[str, tuple[int, int]]) -> str:
    """The paragraph that states the shares, in the words of the method page."""
    return (
        "Where the book keeps the text of the document a row cites (a government or court document, in the public "
        "domain, archived with the data), the build checks the row's quote against that text, word for word after "
        "the same whitespace normalisation, and fails if it is not there. Of the record's preferred rows, "
        f"{share(*cover['all'])} are checked this way; of the legal rates (the 2 April rates, the baselines, the "
        f"rates in force, the sectoral rates), {share(*cover['legal_rates'])}; of the rows citing a government or "
        f"court document, {share(*cover['government'])}. The others quote news reports and the pages of law firms, "
        "brokers and analysts, which the book cannot republish; the references page links each archived text "
        "beside its original address."
    )


def write_quote_check(out: Path, folder: Path | None = None) -> Path:
    """Write `out`/quote-check.md (rewritten only when its content changes)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "quote-check.md"
    update_file(path, words.upper_first(quote_check_text(coverage(folder))) + "\n")
    return path
