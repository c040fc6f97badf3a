"""Run the book's notebooks before Sphinx does: on all cores, and only those whose inputs changed.

Jupyter Book's cache keys on a notebook's code cells only, so an edited CSV would be served stale. Here every
execution also records what it read, as reported by its own kernel at the end of the run: the data files
(tariffbook.data.paths.FILES_READ) and the tariffbook modules it imported (by file path, so a module that
moves counts as a change). It runs again when its code cells, one
of those files, or the build settings (AS_OF, exports, the pinned requirements) change, and never otherwise:
editing prose re-executes nothing.

Results go where the build reads them: the book's notebooks into the jupyter-cache that myst-nb uses
(`execute_notebooks: cache`, which then only ever finds hits), plus a stamp per page that
tariffbook.sphinx.incremental makes Sphinx re-read when the outputs changed; the country pages, run from
notebooks/country_profile.ipynb with papermill's parameter injection, into book/countries/.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from tariffbook import settings
from tariffbook.data.paths import CHART_DIR, REPO_ROOT, sha256
from tariffbook.domain import ARTICLE_PARTNERS

NOTEBOOKS = REPO_ROOT / "notebooks"
TEMPLATE = NOTEBOOKS / "country_profile.ipynb"
COUNTRIES = REPO_ROOT / "book" / "countries"
BUILD = REPO_ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"  # myst-nb's default for a book built into _build/html
STATE = BUILD / ".tariffbook"
MANIFEST = STATE / "executions.json"  # per execution: code hash, settings, inputs with their sha256
LAST_RUN = STATE / "last-run.json"  # what the latest run executed and reused (read by bench/ and tests)
STAMPS = STATE / "stamps"  # <docname>.stamp, rewritten when a page's outputs change
KERNEL = "python3"
TIMEOUT = 300
STARTUP_TRIES = 3
KERNEL_MANAGER = {"transport_encryption": "auto"}
"""The kernel manager's settings: with CurveZMQ keys provisioned by the manager (ipykernel declares support),
the kernel's traffic is encrypted and it no longer prints "Kernel is running over TCP without encryption" on
every start (37 lines in a clean build's log). "auto" falls back to plain TCP for a kernel that cannot."""

PROBE = """import json as _json, sys as _sys
_paths, _exports = _sys.modules.get("tariffbook.data.paths"), _sys.modules.get("tariffbook.charts.exports")
print(_json.dumps({"files": sorted(_paths.FILES_READ) if _paths else [],
                   "charts": _exports.PRODUCED if _exports else [],
                   "modules": sorted({_m.__file__ for _n, _m in list(_sys.modules.items())
                                      if _n.split(".")[0] == "tariffbook" and getattr(_m, "__file__", None)})}))"""
"""Run in the kernel after the notebook's own cells (and removed from the saved notebook): what did it read?
It imports nothing of tariffbook itself, so a page depends only on the modules its own cells imported."""


class NotebookFailed(RuntimeError):
    """A notebook raised: names the page and shows the error, so the build stops with a readable message."""


@dataclass
class Job:
    """One execution of the book: a page and the notebook that produces its outputs.

    Attributes:
        name: the Sphinx docname: notebooks/timeline, book/intro, book/countries/JPN.
        source: the file it comes from (for messages and the cache record).
        nb: what is executed: the notebook, with parameters injected for a country page.
        cwd: where it runs: myst-nb runs a notebook in its folder; country pages run in book/countries/.
        country: the ISO3 code of a country page, else None.
    """

    name: str
    source: Path
    nb: nbformat.NotebookNode
    cwd: Path
    country: str | None = None
    record: dict = field(default_factory=dict)

    @property
    def code(self) -> str:
        """sha256 of what execution depends on inside the notebook: kernel and code cells (not markdown)."""
        cells = [[c.source, c.metadata.get("tags", [])] for c in self.nb.cells if c.cell_type == "code"]
        kernel = self.nb.metadata.get("kernelspec", {}).get("name", KERNEL)
        return sha256(json.dumps([kernel, cells], sort_keys=True).encode())


def _rel(path: str | Path) -> str:
    """Paths inside the repository are stored relative to it, so a copied checkout keeps its records."""
    p = Path(path).resolve()
    return p.relative_to(REPO_ROOT).as_posix() if p.is_relative_to(REPO_ROOT) else str(p)


_file_hashes: dict[str, str | None] = {}


def file_hash(rel: str) -> str | None:
    """sha256 of a file (relative to the repository, or absolute), once per build; None if it is missing."""
    if rel not in _file_hashes:
        p = REPO_ROOT / rel if not os.path.isabs(rel) else Path(rel)
        _file_hashes[rel] = sha256(p.read_bytes()) if p.is_file() else None
    return _file_hashes[rel]


def build_settings() -> dict:
    """What, outside the notebook and its inputs, changes outputs.

    The build's environment, the pins, and the citation under every chart (its URLs and author come from
    _config.yml, which no kernel reads).
    """
    from tariffbook.data.citation import citation

    return {
        **settings.output_settings(),
        "python": sys.version.split()[0],
        "requirements": file_hash("requirements.txt"),
        "citation": citation().text(),
    }


# ---------------------------------------------------------------- the jobs of one book build
def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook exactly as myst-nb reads it (a MyST markdown notebook included), so cache records match."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(text, MdParserConfig(), add_source_map=True, path=str(path))


def book_sources() -> list[Path]:
    """The book's executed pages: notebooks/*.ipynb but the country template, and MyST notebooks in book/."""
    nbs = [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if p != TEMPLATE]
    myst = [p for p in sorted((REPO_ROOT / "book").glob("*.md")) if "```{code-cell}" in p.read_text(encoding="utf-8")]
    return nbs + myst


def book_jobs() -> list[Job]:
    """A job for each of the book's executed pages (book_sources)."""
    return [Job(_rel(p.with_suffix("")), p, read_notebook(p), p.parent) for p in book_sources()]


ONLY_FOR = {"article-partners": ARTICLE_PARTNERS}
"""Cell tag -> the countries whose pages keep the cells so tagged: the "What came of it" section is on the pages
of the partners the source articles name only (a heading cannot come from a cell's output, so the section's
cells are left out of the other pages)."""


def page_cells(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """The template's cells a country's page keeps: those tagged for some countries only (ONLY_FOR) if it is one."""
    keep = [
        c for c in nb.cells if all(code in who for tag, who in ONLY_FOR.items() if tag in c.metadata.get("tags", []))
    ]
    nb.cells = keep
    return nb


def country_jobs(codes: list[str]) -> list[Job]:
    """A job for each country page: the country template with the country injected, as papermill would.

    A page keeps only the template's cells meant for it (page_cells).
    """
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    jobs = []
    for code in codes:  # as `papermill -p country CODE` would: the template, with an injected-parameters cell
        nb = parameterize_notebook(load_notebook_node(str(TEMPLATE)), {"country": code}, kernel_name=KERNEL)
        nb = page_cells(nb, code)
        for cell in nb.cells:  # papermill gives the injected cell a random id: keep pages byte-stable
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        jobs.append(Job(f"book/countries/{code}", TEMPLATE, nb, COUNTRIES, country=code))
    return jobs


# ---------------------------------------------------------------- running one notebook (in a worker process)
def _execute(nb_json: str, cwd: str) -> tuple[str, dict, float]:
    """Execute in a fresh kernel; return the executed notebook, what it read, and the seconds it took."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets.config import Config

    nb = nbformat.reads(nb_json, as_version=4)
    probe = nbformat.v4.new_code_cell(PROBE)
    nb.cells.append(probe)
    start = time.perf_counter()
    for attempt in range(1, STARTUP_TRIES + 1):
        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=TIMEOUT,
            record_timing=False,
            shutdown_kernel="immediate",  # every output is in: no need to wait for it
            resources={"metadata": {"path": cwd}},
            config=Config({"KernelManager": KERNEL_MANAGER}),
        )
        try:
            client.execute()
            break
        except CellExecutionError as exc:
            raise NotebookFailed(str(exc)) from None
        except RuntimeError as exc:  # two kernels that picked the same free port at once: start again
            if "Kernel died before replying" not in str(exc) or attempt == STARTUP_TRIES:
                raise
    nb.cells.pop()
    report = json.loads("".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream"))
    from tariffbook.charts.exports import render_pending

    render_pending(report["charts"])
    seconds = time.perf_counter() - start
    return nbformat.writes(nb), report, seconds


# ---------------------------------------------------------------- the executor
def _fresh(job: Job, record: dict | None, current: dict, cache) -> bool:
    if not record or record.get("code") != job.code or record.get("settings") != current:
        return False
    if any(file_hash(rel) != digest for rel, digest in record["inputs"].items()):
        return False
    if any(not (CHART_DIR / f"{cid}.png").exists() for cid in record.get("charts", [])):
        return False
    try:
        cache.match_cache_notebook(job.nb)
    except KeyError:
        return False
    return True


def _outputs_hash(nb: nbformat.NotebookNode) -> str:
    return sha256(
        json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], sort_keys=True).encode()
    )


def default_workers() -> int:
    """One more worker than cores.

    A kernel spends part of its start waiting, and a third one fills that gap (37 executions on 2 cores: 38 s
    with 2 workers, 32 s with 3, 33 s with 4).
    """
    return (os.cpu_count() or 1) + 1


def _store(job: Job, result: tuple[str, dict, float], cache, record: dict) -> tuple[dict, bool]:
    """Put one execution's notebook in the cache; return its manifest record and whether its outputs changed."""
    from jupyter_cache.base import CacheBundleIn

    nb_json, report, seconds = result
    executed = nbformat.reads(nb_json, as_version=4)
    try:
        before = cache.get_cache_bundle(cache.match_cache_notebook(job.nb).pk).nb
    except KeyError:
        before = None
    bundle = CacheBundleIn(executed, _rel(job.source), data={"execution_seconds": seconds})
    cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
    inputs = sorted({_rel(f) for f in report["files"] + report["modules"]})
    record = {
        **record,
        "code": job.code,
        "seconds": round(seconds, 2),
        "inputs": {rel: file_hash(rel) for rel in inputs},
        "charts": sorted(set(report["charts"])),
    }
    return record, before is None or _outputs_hash(before) != _outputs_hash(executed)


def _execute_all(stale: list[Job], workers: int, progress: bool, alongside, store) -> None:
    """Run the stale jobs in worker processes, the `alongside` tasks meanwhile; hand each result to `store`."""
    # spawn, not fork: a forked copy of a process that has started vl-convert's runtime hangs in it
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(stale)), mp_context=spawn) as pool:
        futures = {pool.submit(_execute, nbformat.writes(j.nb), str(j.cwd)): j for j in stale}
        for task in alongside:
            task()
        done = as_completed(futures)
        for fut in tqdm(done, total=len(futures), desc="executing notebooks", unit="nb", disable=not progress):
            job = futures[fut]
            try:
                result = fut.result()
            except NotebookFailed as exc:
                raise NotebookFailed(f"{job.name} ({_rel(job.source)}) failed:\n{exc}") from None
            store(job, result)


def _write_stamps(jobs: list[Job], changed: list[str]) -> None:
    """Touch the stamp of each book page whose outputs changed (or that has none): Sphinx reads it again."""
    for job in jobs:
        if job.country is None and (job.name in changed or not _stamp(job.name).exists()):
            _stamp(job.name).parent.mkdir(parents=True, exist_ok=True)
            _stamp(job.name).write_text(f"{time.time_ns()}\n", encoding="utf-8")


def run(jobs: list[Job], workers: int | None = None, progress: bool = True, alongside=()) -> dict:
    """Execute the jobs that are not fresh, in parallel, and store every result.

    Args:
        jobs: every execution of the build; the fresh ones are reused.
        workers: worker processes (default: default_workers()).
        progress: show a progress bar.
        alongside: callables run in this process while the kernels work (the rest of the book's preparation).

    Returns:
        What was executed, reused, and whose outputs changed; also written to LAST_RUN.
    """
    from jupyter_cache import get_cache

    STATE.mkdir(parents=True, exist_ok=True)
    cache = get_cache(str(CACHE))
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    current = build_settings()
    stale = [j for j in jobs if not _fresh(j, manifest.get(j.name), current, cache)]
    workers = workers or default_workers()
    settings.defer_exports()  # kernels leave PNG/SVG to the workers (tariffbook.charts.exports)
    changed = []

    def store(job: Job, result: tuple[str, dict, float]) -> None:
        manifest[job.name], outputs_changed = _store(job, result, cache, {"settings": current})
        if outputs_changed:
            changed.append(job.name)

    for job in stale:
        job.cwd.mkdir(parents=True, exist_ok=True)
    if stale:
        _execute_all(stale, workers, progress, alongside, store)
    else:
        for task in alongside:
            task()
    names = {j.name for j in jobs}
    manifest = {k: v for k, v in manifest.items() if k in names}
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    _write_stamps(jobs, changed)
    summary = {
        "executed": sorted(j.name for j in stale),
        "outputs_changed": sorted(changed),
        "reused": sorted(names - {j.name for j in stale}),
        "workers": workers,
    }
    LAST_RUN.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def _stamp(docname: str) -> Path:
    return STAMPS / f"{docname}.stamp"


def merged(job: Job) -> nbformat.NotebookNode:
    """The job's current notebook (its prose as it is now) with the outputs of its latest execution."""
    from jupyter_cache import get_cache

    return get_cache(str(CACHE)).merge_match_into_notebook(job.nb)[1]


def prune_charts(charts_dir: Path) -> list[Path]:
    """Delete exported chart files that no recorded execution produced (charts of data since changed)."""
    if not MANIFEST.exists() or not charts_dir.is_dir():
        return []
    keep = {cid for rec in json.loads(MANIFEST.read_text(encoding="utf-8")).values() for cid in rec.get("charts", [])}
    gone = [p for p in charts_dir.iterdir() if p.is_file() and p.name.split(".")[0] not in keep]
    for p in gone:
        p.unlink()
    return gone
