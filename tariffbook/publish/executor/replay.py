"""Whether a page's latest execution still holds, its recorded queries asked again of the record as it is now.

A record may hold when the page's code, the build settings and its charts are as recorded and the cache has its
notebook (may_hold). It holds when every input has the content recorded, or is a data file that only recorded
queries read, each of which gives the same answer now (still_holds, asking through a Replayer: each distinct
query once per build, many at once on all cores). A module, a whole-file input, a query that is gone or whose
arguments cannot be read back: the page runs again.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from tariffbook.data.paths import CHART_DIR
from tariffbook.publish.executor.manifest import FileHashes, rel

if TYPE_CHECKING:
    from tariffbook.publish.executor.jobs import Job


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
        return recorded.fingerprint(outcome), {rel(f) for f in log.files}
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
    return {**record, "calls": updated, "inputs": {f: hashes(f) for f in sorted(files)}}


def may_hold(job: Job, record: dict | None, current: dict, cache) -> bool:
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
