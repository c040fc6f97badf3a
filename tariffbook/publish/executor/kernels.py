"""Running one notebook in a kernel, in worker processes that each keep their kernel from page to page.

A page runs between two pieces of code that are no cells of it: BEGIN hands the kernel the book's context and
starts recording what the notebook reads, END writes that down for this process to read
(tariffbook.notebook.kernel). A worker keeps one kernel for all the pages it runs, so the kernel's start and its
imports of pandas and Altair are paid once per worker; the charts a kernel leaves pending are drawn by its worker.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from tariffbook import settings
from tariffbook.data.paths import CHART_DIR, PENDING

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


def error_outputs(nb) -> str:
    """The error outputs of a run notebook, one line each ('cell 7: KeyError: 0'); '' when there are none.

    A cell whose display raised (a chart that could not be drawn) runs to its end: nbclient does not fail it, and
    the page would show a traceback.
    """
    return "\n".join(
        f"cell {i}: {o.get('ename', 'Error')}: {o.get('evalue', '')}"
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    )


class NotebookFailed(RuntimeError):
    """A notebook raised: names the page and shows the error, so the build stops with a readable message."""


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


def default_workers() -> int:
    """One worker per core: each keeps a kernel busy from page to page, so there is no start to wait through."""
    return os.cpu_count() or 1


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


def execute(
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
    failed = error_outputs(nb)
    if failed:  # a display that raised (a chart that could not be drawn): the cell ran, the page is wrong
        raise NotebookFailed(failed)
    pending = [name for name in report["charts"] if (CHART_DIR / f"{name}{PENDING}").exists()]
    if pending:  # only then is Altair imported here
        from tariffbook.charts.exports import render_pending

        render_pending(pending)
    seconds = time.perf_counter() - start
    return nbformat.writes(nb), report, seconds
