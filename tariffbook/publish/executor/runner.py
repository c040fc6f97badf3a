"""One run of the executor over a build's jobs: the stale ones executed on the workers, every result stored.

A job is fresh when its latest execution still holds (tariffbook.publish.executor.replay); the others run in the
workers' kernels (tariffbook.publish.executor.kernels), while this process does the rest of the book's
preparation, and their notebooks, records and stamps are stored (tariffbook.publish.executor.manifest).
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import as_completed

import nbformat
from tqdm import tqdm

from tariffbook import settings
from tariffbook.publish.executor import manifest
from tariffbook.publish.executor.jobs import Job
from tariffbook.publish.executor.kernels import NotebookFailed, Workers, default_workers, execute
from tariffbook.publish.executor.replay import Replayer, may_hold, still_holds, to_ask


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
        What was executed, reused, and whose outputs changed; also written to manifest.LAST_RUN.
    """
    try:
        return _run_jobs(jobs, context, workers, progress, alongside)
    finally:
        if isinstance(workers, Workers):
            workers.close()


def _run_jobs(jobs: list[Job], context: settings.BookContext, workers, progress: bool, alongside) -> dict:
    context = dataclasses.replace(context, deferred=True)  # kernels leave PNG/SVG to the workers
    manifest.STATE.mkdir(parents=True, exist_ok=True)
    cache = manifest.open_cache()
    records = manifest.read()
    hashes, ask = manifest.FileHashes(), Replayer()
    current = manifest.build_settings(context, hashes)
    count = workers.count if isinstance(workers, Workers) else workers or default_workers()
    candidates = {j.name for j in jobs if may_hold(j, records.get(j.name), current, cache)}
    asking = (to_ask(records[name], hashes) for name in candidates)
    ask.prefetch({(c["fn"], c["args"]) for calls in asking if calls for c in calls}, os.cpu_count() or 1)
    stale = []
    for job in jobs:
        record = still_holds(records[job.name], hashes, ask) if job.name in candidates else None
        if record is None:
            stale.append(job)
        else:
            records[job.name] = record
    changed = []

    def store(job: Job, result: tuple[str, dict, float]) -> None:
        records[job.name], outputs_changed = manifest.store(job, result, cache, {"settings": current}, hashes)
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
    manifest.write({k: v for k, v in records.items() if k in names})
    manifest.write_stamps(jobs, changed)
    summary = {
        "executed": sorted(j.name for j in stale),
        "outputs_changed": sorted(changed),
        "reused": sorted(names - {j.name for j in stale}),
        "workers": count,
    }
    manifest.write_summary(summary)
    return summary


def _execute_all(stale: list[Job], workers: Workers, progress: bool, alongside, store) -> None:
    """Run the stale jobs in the workers, the `alongside` tasks meanwhile; hand each result to `store`."""
    text = workers.context.to_json()
    futures = {
        workers.pool.submit(execute, nbformat.writes(j.nb), str(j.cwd), text, True, str(j.source)): j for j in stale
    }
    for task in alongside:
        task()
    done = as_completed(futures)
    for fut in tqdm(done, total=len(futures), desc="executing notebooks", unit="nb", disable=not progress):
        job = futures[fut]
        try:
            result = fut.result()
        except NotebookFailed as exc:
            raise NotebookFailed(f"{job.name} ({manifest.rel(job.source)}) failed:\n{exc}") from None
        store(job, result)
