"""Run the book's notebooks before Sphinx does: on all cores, and only those whose inputs changed.

Jupyter Book's cache keys on a notebook's code cells only, so an edited CSV would be served stale. Here every
execution also records what it read, as its own kernel reports it at the end of the run
(tariffbook.notebook.kernel): the tariffbook modules it imported (by file path, so a module that moves counts as a
change), each query it asked of the record (the function, its arguments, the data files it read and a hash of its
result), and any data file it read outside a query (a whole-file input). It runs again when its code cells, a
module, a whole-file input or the build settings (AS_OF, exports, the pinned requirements) change. When only data
files changed, the queries that read them are asked again here, of the record as it is now (`Replayer`): the page
runs again only if an answer differs, so a note edited on one partner's row re-runs the pages that show that
row, not every page that reads its file. Editing prose re-executes nothing; when in doubt (a query that is gone,
arguments that cannot be read back), the page runs.

The book's context (tariffbook.settings.BookContext) comes in as an argument and goes to each kernel when its
notebook begins, with the environment the kernels read the record's settings from. Each worker keeps one
kernel for all the pages it runs: each page starts with a cleared namespace and execution count, as in a fresh
kernel, and, after a page of another notebook, without its tariffbook modules (tariffbook.notebook.kernel); the
kernel's start and its imports of pandas and Altair are paid once per worker, not once per page. Country pages
that follow one another keep the modules and what their queries answered (the same template, the same imports:
each records what either imported, more than its own, never less).

Results go where the build reads them: the book's notebooks into the jupyter-cache that myst-nb uses
(`execute_notebooks: cache`, which then only ever finds hits), plus a stamp per page that
tariffbook.sphinx.incremental makes Sphinx re-read when the outputs changed; the country pages, run from
notebooks/country_profile.ipynb with papermill's parameter injection, into book/countries/.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import nbformat
from tqdm import tqdm

from tariffbook import settings
from tariffbook.data.paths import CHART_DIR, PENDING, REPO_ROOT, sha256
from tariffbook.domain import ARTICLE_PARTNERS

NOTEBOOKS = REPO_ROOT / "notebooks"
TEMPLATE = NOTEBOOKS / "country_profile.ipynb"
COUNTRIES = REPO_ROOT / "book" / "countries"
BUILD = REPO_ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"  # myst-nb's default for a book built into _build/html
STATE = BUILD / ".tariffbook"
MANIFEST = STATE / "executions.json"  # per execution: code hash, settings, inputs with their sha256, queries
LAST_RUN = STATE / "last-run.json"  # what the latest run executed and reused (read by bench/ and tests)
STAMPS = STATE / "stamps"  # <docname>.stamp, rewritten when a page's outputs change
KERNEL = "python3"
TIMEOUT = 300
STARTUP_TRIES = 3
KERNEL_MANAGER = {"transport_encryption": "auto"}
"""The kernel manager's settings: with CurveZMQ keys provisioned by the manager (ipykernel declares support),
the kernel's traffic is encrypted and it no longer prints "Kernel is running over TCP without encryption" on
every start. "auto" falls back to plain TCP for a kernel that cannot."""

BEGIN = (
    "__import__('tariffbook.notebook.kernel', fromlist=['begin'])"
    ".begin({context!r}, {cwd!r}, reset={reset}, forget={forget})"
)
"""Run in the kernel before the notebook's first cell (as no cell: nothing is stored, no count taken): hands it the
book's context and starts recording what it reads (tariffbook.notebook.kernel.begin). It binds no name, so the
notebook starts from the namespace a fresh kernel has (plus the run, under kernel.RUN)."""

END = "__import__('tariffbook.notebook.kernel', fromlist=['end']).end({path!r})"
"""Run in the kernel after the notebook's last cell: writes what it read, the charts it showed and the modules it
imported to a file (tariffbook.notebook.kernel.end)."""


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


class FileHashes:
    """The sha256 of each file a build looks at, taken once per build (None for a file that is missing)."""

    def __init__(self) -> None:
        """No file hashed yet."""
        self._known: dict[str, str | None] = {}

    def __call__(self, rel: str) -> str | None:
        """The sha256 of a file, relative to the repository or absolute."""
        if rel not in self._known:
            p = REPO_ROOT / rel if not os.path.isabs(rel) else Path(rel)
            self._known[rel] = sha256(p.read_bytes()) if p.is_file() else None
        return self._known[rel]


def build_settings(context: settings.BookContext | None = None, hashes: FileHashes | None = None) -> dict:
    """What, outside the notebook and its inputs, changes outputs.

    The book's context (its output settings), the pins, and the citation under every chart (its URLs and author
    come from _config.yml, which no kernel reads).

    Args:
        context: the build's context (default: read from the environment, as the command line would).
        hashes: the build's file hashes.
    """
    from tariffbook.data.citation import citation

    context = settings.from_environment() if context is None else context
    hashes = FileHashes() if hashes is None else hashes
    return {
        **context.output_settings(),
        "python": sys.version.split()[0],
        "requirements": hashes("requirements.txt"),
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
class _Kernels:
    """A worker's kernels: the environment they start with, and the one it keeps for the pages it runs."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.kept = None  # (kernel manager, kernel client) of the kernel kept, or None
        self.last = None  # the notebook it ran last (its source file)
        atexit.register(self.close)

    def start(self) -> None:
        """Start the kernel to keep now, before any page comes (Workers started ahead)."""
        from nbclient import NotebookClient
        from nbclient.util import ensure_async, run_sync
        from traitlets.config import Config

        client = NotebookClient(
            nbformat.v4.new_notebook(), kernel_name=KERNEL, config=Config({"KernelManager": KERNEL_MANAGER})
        )

        async def boot() -> None:
            async with client.async_setup_kernel(env=self.env, cleanup_kc=False):
                await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))

        run_sync(boot)()
        self.kept = (client.km, client.kc)

    def close(self) -> None:
        """Shut the kept kernel down (at the worker's exit)."""
        from nbclient.util import run_sync

        if self.kept is not None:
            km, kc = self.kept
            self.kept = None
            kc.stop_channels()
            with contextlib.suppress(Exception):  # the worker is exiting: a kernel already gone is fine
                run_sync(km.shutdown_kernel)(now=True)


_KERNELS: _Kernels | None = None
"""This worker process's kernels (set by _start_worker: a worker lives for one run of the executor)."""


def _start_worker(env: dict[str, str], ahead: bool = False) -> None:
    global _KERNELS
    _KERNELS = _Kernels(env)
    if ahead:
        _KERNELS.start()


def _nothing() -> None:
    """A task that makes a pool start one more worker process (and the worker, its kernel)."""


class Workers:
    """A run's worker processes, one per core, each keeping a kernel for the pages it runs.

    Started ahead (start()), each starts its kernel at once, while this process is still making the jobs: a
    build with no record of any execution runs every page, and need not wait for the kernels after that.
    """

    def __init__(self, context: settings.BookContext, count: int) -> None:
        """Workers for `count` pages at most, their kernels in the context given (the charts' images deferred)."""
        self.context = dataclasses.replace(context, deferred=True)
        self.ahead = False
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        """The pool, created on first use.

        Its processes are spawned, not forked: a fork of a process that has started vl-convert's runtime hangs in it.
        """
        if self._pool is None:
            env = {**os.environ, **self.context.environment()}
            self._pool = ProcessPoolExecutor(
                max_workers=self.count,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(env, self.ahead),
            )
        return self._pool

    def start(self) -> Workers:
        """Start the worker processes and their kernels now."""
        self.ahead = True
        for _ in range(self.count):
            self.pool.submit(_nothing)
        return self

    def close(self) -> None:
        """Stop the workers (and with them their kernels)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


async def _run(client, nb: nbformat.NotebookNode, begin: str, end: str, keep: bool, env: dict[str, str]) -> None:
    """Execute the notebook's cells in the client's kernel, between the begin and end code (no cells of it)."""
    from nbclient.util import ensure_async

    async def hidden(code: str) -> None:  # nbclient stores a cell it executed at its index: a cell on the end, then
        nb.cells.append(nbformat.v4.new_code_cell(code))  # taken off again
        try:
            await client.async_execute_cell(nb.cells[-1], len(nb.cells) - 1, store_history=False)
        finally:
            nb.cells.pop()

    client.reset_execution_trackers()
    async with client.async_setup_kernel(env=env, cleanup_kc=not keep):
        info = await client.async_wait_for_reply(await ensure_async(client.kc.kernel_info()))
        nb.metadata["language_info"] = info["content"]["language_info"]
        await hidden(begin)
        client.code_cells_executed = 0
        for index, cell in enumerate(nb.cells):
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        client.set_widgets_metadata()
        await hidden(end)


def _execute(
    nb_json: str, cwd: str, context_json: str | None = None, share: bool = False, source: str | None = None
) -> tuple[str, dict, float]:
    """Execute a notebook in a kernel; return the executed notebook, what it read, and the seconds it took.

    Args:
        nb_json: the notebook.
        cwd: the folder it runs in.
        context_json: the book's context for the kernel (default: read from this process's environment).
        share: run it in the kernel this worker keeps (started on first use; reset first if it ran a page).
        source: the file the notebook comes from: after a run of the same one (the country template), the kept
            kernel keeps the tariffbook modules it imported (tariffbook.notebook.kernel.begin).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbclient.util import run_sync
    from traitlets.config import Config

    context_json = context_json or settings.from_environment().to_json()
    kernels = _KERNELS or _Kernels({**os.environ, **settings.BookContext.from_json(context_json).environment()})
    nb = nbformat.reads(nb_json, as_version=4)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tariffbook-") as tmp:
        report_path = str(Path(tmp) / "report.json")
        for attempt in range(1, STARTUP_TRIES + 1):
            kept = kernels.kept if share else None
            client = NotebookClient(
                nb,
                km=kept[0] if kept else None,
                kernel_name=KERNEL,
                timeout=TIMEOUT,
                record_timing=False,
                shutdown_kernel="immediate",  # every output is in: no need to wait for it
                resources={"metadata": {"path": cwd}},
                config=Config({"KernelManager": KERNEL_MANAGER}),
            )
            if kept:
                client.kc = kept[1]
            forget = source is None or source != kernels.last
            begin = BEGIN.format(context=context_json, cwd=cwd, reset=bool(kept), forget=forget)
            try:
                run_sync(_run)(client, nb, begin, END.format(path=report_path), share, kernels.env)
                break
            except CellExecutionError as exc:
                raise NotebookFailed(str(exc)) from None
            except RuntimeError as exc:  # two kernels that picked the same free port at once: start again
                if kept or "Kernel died before replying" not in str(exc) or attempt == STARTUP_TRIES:
                    raise
        if share and not kept:
            kernels.kept = (client.km, client.kc)
        kernels.last = source if share else None
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    pending = [name for name in report["charts"] if (CHART_DIR / f"{name}{PENDING}").exists()]
    if pending:  # only then is Altair imported here
        from tariffbook.charts.exports import render_pending

        render_pending(pending)
    seconds = time.perf_counter() - start
    return nbformat.writes(nb), report, seconds


# ---------------------------------------------------------------- what a page read, asked again
class Replayer:
    """Asks recorded queries again, of the record as it is now: their result hashes and the files they read.

    Each distinct query is asked once per build, whichever pages recorded it; prefetch() asks many on all cores.
    """

    def __init__(self) -> None:
        """Nothing asked yet."""
        self._asked: dict[tuple[str, str], tuple[str | None, set[str]]] = {}

    def __call__(self, fn: str, args: str) -> tuple[str | None, set[str]]:
        """The result hash of the call `fn(*args)` now (None when it cannot be asked or hashed), and its files."""
        if (fn, args) not in self._asked:
            self._asked[(fn, args)] = _ask((fn, args))
        return self._asked[(fn, args)]

    def prefetch(self, calls: set[tuple[str, str]], workers: int) -> None:
        """Ask these queries now, on `workers` processes when there are enough of them to share.

        The queries about one subject (their first text argument: a country, mostly) go to one process, which
        serves the queries they ask in turn from memory. The processes are forked from this one, which has
        imported what they need; none has started vl-convert's runtime yet (the alongside tasks, which do, run
        later).
        """
        todo = sorted(c for c in calls if c not in self._asked)
        if workers < 2 or len(todo) < 2 * workers or "fork" not in multiprocessing.get_all_start_methods():
            for call in todo:
                self(*call)
            return
        groups: dict[str, list[tuple[str, str]]] = {}
        for call in todo:
            groups.setdefault(_subject(call[1]), []).append(call)
        fork = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=fork, initializer=_start_asking) as pool:
                batches = sorted(groups.values(), key=len, reverse=True)
                for batch, answers in zip(batches, pool.map(_ask_all, batches), strict=True):
                    self._asked.update(zip(batch, answers, strict=True))
        except (BrokenProcessPool, OSError):  # a process lost: what is left is asked here
            for call in todo:
                self(*call)


def _subject(args: str) -> str:
    """The first text among a call's arguments (lists looked into): what the call is about, or '' if none."""
    from tariffbook.notebook import recorded

    try:
        positional, keywords = recorded.unpack(args)
    except Exception:  # noqa: BLE001 - asked on its own, where it fails
        return ""
    stack = [*positional, *keywords.values()]
    while stack:
        value = stack.pop(0)
        if isinstance(value, str):
            return value
        if isinstance(value, (list, tuple)):
            stack[:0] = list(value)
    return ""


def _ask_all(calls: list[tuple[str, str]]) -> list[tuple[str | None, set[str]]]:
    return [_ask(call) for call in calls]


def _start_asking() -> None:
    """A process that asks queries again serves the queries they ask in turn from memory (trace.Tracer)."""
    from tariffbook.notebook import trace

    trace.Tracer().install()


def _ask(call: tuple[str, str]) -> tuple[str | None, set[str]]:
    from tariffbook.data import paths
    from tariffbook.notebook import recorded

    fn, args = call
    function = recorded.function(fn)
    if function is None:  # renamed or removed: the page runs again
        return None, set()
    try:
        positional, keywords = recorded.unpack(args)
    except Exception:  # noqa: BLE001 - arguments that cannot be read back: the page runs again
        return None, set()
    with paths.reads() as log:
        outcome = recorded.outcome(function, positional, keywords)
    try:
        return recorded.fingerprint(outcome), {_rel(f) for f in log.files}
    except recorded.Unhashable:
        return None, set()


def to_ask(record: dict, hashes: FileHashes) -> list[dict] | None:
    """The recorded queries to ask again before a page's record can be said to hold; None if it cannot hold.

    It cannot when a module, a whole-file input (`loose`) or a data file that no recorded query read has changed.
    Asking nothing: no input changed.

    Args:
        record: the page's record in the manifest (code and settings checked already).
        hashes: the build's file hashes.
    """
    changed = {rel for rel, digest in record["inputs"].items() if hashes(rel) != digest}
    calls = record.get("calls", [])
    if changed & set(record.get("loose", [])) or not changed <= {f for call in calls for f in call["files"]}:
        return None
    return [call for call in calls if changed & set(call["files"])]


def still_holds(record: dict, hashes: FileHashes, ask: Replayer) -> dict | None:
    """A page's record if what it read is unchanged, brought up to date; None if the page must run again.

    Unchanged: every input has the content recorded, or it is a data file that only recorded queries read and
    each of those queries gives the same answer now (asked again by `ask`). A module, a whole-file input (`loose`),
    a query that is gone or cannot be asked again: the page runs.

    Args:
        record: the page's record in the manifest (code and settings checked already).
        hashes: the build's file hashes.
        ask: the build's Replayer.
    """
    asking = to_ask(record, hashes)
    if asking is None:
        return None
    if not asking:
        return record
    answers = {}
    for call in asking:
        digest, files = ask(call["fn"], call["args"])
        if digest is None or digest != call["result"]:
            return None
        answers[(call["fn"], call["args"])] = sorted(files)
    updated = [{**c, "files": answers.get((c["fn"], c["args"]), c["files"])} for c in record["calls"]]
    files = set(record["inputs"]) | {f for call in updated for f in call["files"]}
    return {**record, "calls": updated, "inputs": {rel: hashes(rel) for rel in sorted(files)}}


def _may_hold(job: Job, record: dict | None, current: dict, cache) -> bool:
    """Whether the job's latest execution may still hold: same code, settings, charts, and in the cache."""
    if not record or record.get("code") != job.code or record.get("settings") != current:
        return False
    if any(not (CHART_DIR / f"{cid}.png").exists() for cid in record.get("charts", [])):
        return False
    try:
        cache.match_cache_notebook(job.nb)
    except KeyError:
        return False
    return True


def _cache(path: str):
    """The jupyter-cache at `path`, its many small commits not waiting for the disk.

    A build that stops midway can lose the cache's latest records, never the book's sources: the pages it no
    longer finds run again.
    """
    from jupyter_cache import get_cache
    from sqlalchemy import event

    cache = get_cache(path)

    def unsynced(connection, _record) -> None:
        connection.execute("PRAGMA synchronous = OFF")

    engine = cache.db
    event.listen(engine, "connect", unsynced)
    engine.dispose()  # connections made before the listener are not reused
    return cache


def _outputs_hash(nb: nbformat.NotebookNode) -> str:
    return sha256(
        json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], sort_keys=True).encode()
    )


def default_workers() -> int:
    """One worker per core: each keeps a kernel busy from page to page, so there is no start to wait through."""
    return os.cpu_count() or 1


def _record(report: dict, hashes: FileHashes) -> dict:
    """What an execution read, as the manifest keeps it.

    Every input with its sha256, the whole-file inputs, and the queries with the files they read.
    """
    calls = [{**call, "files": sorted({_rel(f) for f in call["files"]})} for call in report["calls"]]
    loose = sorted({_rel(f) for f in report["loose"]})
    files = set(loose) | {f for call in calls for f in call["files"]} | {_rel(m) for m in report["modules"]}
    return {
        "inputs": {rel: hashes(rel) for rel in sorted(files)},
        "loose": loose,
        "calls": calls,
        "charts": sorted(set(report["charts"])),
    }


def _store(job: Job, result: tuple[str, dict, float], cache, record: dict, hashes: FileHashes) -> tuple[dict, bool]:
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
    record = {**record, "code": job.code, "seconds": round(seconds, 2), **_record(report, hashes)}
    return record, before is None or _outputs_hash(before) != _outputs_hash(executed)


def _execute_all(stale: list[Job], workers: Workers, progress: bool, alongside, store) -> None:
    """Run the stale jobs in the workers, the `alongside` tasks meanwhile; hand each result to `store`."""
    text = workers.context.to_json()
    futures = {
        workers.pool.submit(_execute, nbformat.writes(j.nb), str(j.cwd), text, True, str(j.source)): j for j in stale
    }
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


def run(
    jobs: list[Job],
    context: settings.BookContext,
    workers: int | Workers | None = None,
    progress: bool = True,
    alongside=(),
) -> dict:
    """Execute the jobs that are not fresh, in parallel, and store every result.

    Args:
        jobs: every execution of the build; the fresh ones are reused.
        context: the book's context, for every kernel (which leaves the charts' images to the workers).
        workers: how many worker processes (default: default_workers()), or Workers started ahead for this
            context (closed here).
        progress: show a progress bar.
        alongside: callables run in this process while the kernels work (the rest of the book's preparation).

    Returns:
        What was executed, reused, and whose outputs changed; also written to LAST_RUN.
    """
    try:
        return _run_jobs(jobs, context, workers, progress, alongside)
    finally:
        if isinstance(workers, Workers):
            workers.close()


def _run_jobs(jobs: list[Job], context: settings.BookContext, workers, progress: bool, alongside) -> dict:
    context = dataclasses.replace(context, deferred=True)  # kernels leave PNG/SVG to the workers
    STATE.mkdir(parents=True, exist_ok=True)
    cache = _cache(str(CACHE))
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    hashes, ask = FileHashes(), Replayer()
    current = build_settings(context, hashes)
    count = workers.count if isinstance(workers, Workers) else workers or default_workers()
    candidates = {j.name for j in jobs if _may_hold(j, manifest.get(j.name), current, cache)}
    asking = (to_ask(manifest[name], hashes) for name in candidates)
    ask.prefetch({(c["fn"], c["args"]) for calls in asking if calls for c in calls}, os.cpu_count() or 1)
    stale = []
    for job in jobs:
        record = still_holds(manifest[job.name], hashes, ask) if job.name in candidates else None
        if record is None:
            stale.append(job)
        else:
            manifest[job.name] = record
    changed = []

    def store(job: Job, result: tuple[str, dict, float]) -> None:
        manifest[job.name], outputs_changed = _store(job, result, cache, {"settings": current}, hashes)
        if outputs_changed:
            changed.append(job.name)

    for job in stale:
        job.cwd.mkdir(parents=True, exist_ok=True)
    if stale:
        pool = workers if isinstance(workers, Workers) else Workers(context, min(count, len(stale)))
        try:
            _execute_all(stale, pool, progress, alongside, store)
        finally:
            pool.close()
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
        "workers": count,
    }
    LAST_RUN.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def _stamp(docname: str) -> Path:
    return STAMPS / f"{docname}.stamp"


def open_cache():
    """The build's jupyter-cache, for merged() (one handle for many pages)."""
    return _cache(str(CACHE))


def merged(job: Job, cache=None) -> nbformat.NotebookNode:
    """The job's current notebook (its prose as it is now) with the outputs of its latest execution.

    Args:
        job: the job.
        cache: the build's cache (open_cache()), when many pages are merged; default: opened for this one.
    """
    return (cache or open_cache()).merge_match_into_notebook(job.nb)[1]


def prune_charts(charts_dir: Path) -> list[Path]:
    """Delete exported chart files that no recorded execution produced (charts of data since changed)."""
    if not MANIFEST.exists() or not charts_dir.is_dir():
        return []
    keep = {cid for rec in json.loads(MANIFEST.read_text(encoding="utf-8")).values() for cid in rec.get("charts", [])}
    gone = [p for p in charts_dir.iterdir() if p.is_file() and p.name.split(".")[0] not in keep]
    for p in gone:
        p.unlink()
    return gone
