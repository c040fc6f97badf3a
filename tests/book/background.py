"""Slow checks that run in background threads while the browser tests run in the foreground.

The book tests that build a copy of the book or start kernels (the as-of build, the incremental build,
papermill) spend their time in subprocesses, and the browser tests spend theirs in Chromium: run side by side,
they share the two cores instead of waiting for each other. A test module registers its slow work with @job;
tests/book/conftest.py starts the thread when the session starts and runs the waiting tests last; a test
calls result(name), which waits for the job and returns its value, or raises what it raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

_jobs: dict[str, Callable] = {}
_done: dict[str, threading.Event] = {}
_results: dict[str, tuple[bool, object]] = {}


def job(fn: Callable) -> Callable:
    """Register `fn(folder)` to run in a background thread of its own, with a temporary folder of its own."""
    _jobs[fn.__name__] = fn
    _done[fn.__name__] = threading.Event()
    return fn


def start(tmp_path_factory) -> list[threading.Thread]:
    """Start a thread for each registered job: they spend their time waiting on subprocesses (builds,
    kernels), so together with the browser tests they keep both cores busy."""

    def run(name: str, fn: Callable, folder: Path) -> None:
        try:
            _results[name] = (True, fn(folder))
        except BaseException as exc:  # handed to the test that asks for it
            _results[name] = (False, exc)
        _done[name].set()

    # the folders are made here, in the main thread: pytest's tmp_path_factory is not thread-safe
    threads = [
        threading.Thread(target=run, args=(name, fn, tmp_path_factory.mktemp(name)), name=name, daemon=True)
        for name, fn in _jobs.items()
    ]
    for thread in threads:
        thread.start()
    return threads


def result(fn: Callable, timeout: float = 1800):
    """The value the job returned, once it has run; raises the job's exception if it raised."""
    name = fn.__name__
    if not _done[name].wait(timeout):
        raise TimeoutError(f"background job {name} did not finish in {timeout} s")
    ok, value = _results[name]
    if not ok:
        raise value
    return value
