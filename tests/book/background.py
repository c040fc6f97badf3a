"""Slow checks that run in one background thread while the browser tests run in the foreground.

The book tests that build a copy of the book or start kernels (the as-of build, the incremental build,
papermill) spend their time in subprocesses, and the browser tests spend theirs in Chromium: run side by side,
they share the two cores instead of waiting for each other. A test module registers its slow work with @job;
tests/book/conftest.py starts the thread when the session starts and runs the waiting tests last; a test
calls result(name), which waits for the job and returns its value, or raises what it raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_jobs: dict[str, Callable] = {}
_done: dict[str, threading.Event] = {}
_results: dict[str, tuple[bool, object]] = {}


def job(fn: Callable) -> Callable:
    """Register `fn(tmp_path_factory)` to run in the background thread, in registration order."""
    _jobs[fn.__name__] = fn
    _done[fn.__name__] = threading.Event()
    return fn


def start(tmp_path_factory) -> threading.Thread | None:
    """Start the thread that runs every registered job, one after the other."""

    def run_all():
        for name, fn in _jobs.items():
            try:
                _results[name] = (True, fn(tmp_path_factory))
            except BaseException as exc:  # handed to the test that asks for it
                _results[name] = (False, exc)
            _done[name].set()

    if not _jobs:
        return None
    thread = threading.Thread(target=run_all, name="book-tests-background", daemon=True)
    thread.start()
    return thread


def result(fn: Callable, timeout: float = 1800):
    """The value the job returned, once it has run; raises the job's exception if it raised."""
    name = fn.__name__
    if not _done[name].wait(timeout):
        raise TimeoutError(f"background job {name} did not finish in {timeout} s")
    ok, value = _results[name]
    if not ok:
        raise value
    return value
