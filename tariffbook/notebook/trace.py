"""What a notebook read from the record, query by query: the kernel side of the book's incremental execution.

In the kernels of the book's executor (tariffbook.publish.executor), which hand each one the book's context
(tariffbook.notebook.kernel.begin), every public function of the record's query modules (TRACED: the analysis
package, the loaders and the countries of tariffbook.data, and so everything `import tariffbook as tb` offers from
them) is wrapped, by module rather than by a list of names. Each outermost call a notebook makes to one of them
(from its cells, or from the chart code they call) is recorded with its arguments (pickled) and a stable hash of
its result (tariffbook.notebook.recorded), together with the data files it read. A data file read outside any such
call is recorded as such: the page then depends on that whole file.

When the record changes, the executor replays only the recorded calls that read a changed file, against the new
record, and runs the page again only if a result differs (tariffbook.publish.executor.replay). That is sound
because a page's code is deterministic given what these calls return: if the first call that differs had
the same arguments in both runs, replaying it with the recorded ones finds the difference.

The same wrapper serves a call that reads data files again, with the same plain arguments (strings, numbers,
days, lists of them), from what the first call returned (a copy of it): the table under a chart names a source per
row, and used to read sources.csv once per row. The data do not change while the book is built.

What does not belong here: deciding what to run (the executor), anything the page shows.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import importlib.abc
import importlib.machinery
import inspect
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from tariffbook.data import paths
from tariffbook.notebook.recorded import PLAIN, Raised, Unhashable, fingerprint, pack

TRACED = ("tariffbook.analysis", "tariffbook.data.load", "tariffbook.data.countries")
"""The modules (and their submodules) whose public functions are the record's queries."""


def traced(module: str) -> bool:
    """Whether a module's public functions are recorded: one of TRACED or inside one."""
    return any(module == t or module.startswith(t + ".") for t in TRACED)


@dataclass
class Recording:
    """One notebook's reads of the record.

    Attributes:
        calls: each distinct outermost query: (function, packed arguments) -> (files it read, result hash).
        loose: data files read outside any recorded query: the page depends on their whole content.
    """

    calls: dict[tuple[str, str], tuple[set[str], str]] = field(default_factory=dict)
    loose: set[str] = field(default_factory=set)

    def add(self, name: str, packed: str | None, files: set[str], digest: str | None) -> None:
        """Record one outermost call; one that cannot be replayed makes its files whole-file inputs."""
        if not files:
            return
        if packed is None or digest is None:
            self.loose |= files
            return
        known = self.calls.get((name, packed))
        self.calls[(name, packed)] = ((known[0] if known else set()) | files, digest)

    def report(self) -> dict:
        """The recording as JSON-ready data: the executor's record of the page."""
        return {
            "loose": sorted(self.loose),
            "calls": [
                {"fn": name, "args": packed, "files": sorted(files), "result": digest}
                for (name, packed), (files, digest) in self.calls.items()
            ],
        }


def _plain(value: Any) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_plain(v) for v in value)
    return False


def _memo_key(name: str, args: tuple, kwargs: dict) -> bytes | None:
    """What a call is served again by: its function and plain arguments (None: its arguments are not plain)."""
    if not (_plain(args) and _plain(tuple(kwargs.values()))):
        return None
    try:
        return pickle.dumps((name, args, sorted(kwargs.items())), protocol=5)
    except Exception:  # noqa: BLE001 - not servable from memory, nothing more
        return None


def _copy(value: Any) -> Any:
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
        return value.copy(deep=True)
    return copy.deepcopy(value)


class Tracer:
    """The wrapper around the record's queries in one kernel: installed once, recording into the current Recording.

    Attributes:
        recording: where outermost calls go (None: nothing is recorded).
        memo: (function, plain arguments) -> [a copy of the result, the files it read, its hash once taken, the
            function's module], for the calls that read data files.
    """

    def __init__(self) -> None:
        """A tracer not yet installed."""
        self.recording: Recording | None = None
        self.memo: dict[bytes, list] = {}
        self._open: list[set[str]] = []  # the files read so far by each call in progress, outermost first
        self._reads = 0  # data files read so far (a counter)
        self._readers: set[str] = set()  # the functions seen reading data files
        self._wrappers: dict[int, Callable] = {}  # id(original function) -> its wrapper
        self._when_imported: dict[str, Callable[[], None]] = {}
        self._installed = False

    # -------------------------------------------------------- installing
    def install(self) -> None:
        """Wrap the traced modules' functions, now and whenever one is imported (an import hook). Idempotent.

        References other modules already took (`from tariffbook.data.load import load_sources`) are rebound to the
        wrappers.
        """
        if self._installed:
            return
        self._installed = True
        for module in list(sys.modules.values()):
            if isinstance(module, ModuleType) and traced(module.__name__):
                self._wrap_module(module)
        for module in list(sys.modules.values()):
            if isinstance(module, ModuleType) and module.__name__.split(".")[0] == "tariffbook":
                self._rebind(vars(module))
        sys.meta_path.insert(0, _Hook(self))
        paths.listen(self.on_read)

    def when_imported(self, module: str, then: Callable[[], None]) -> None:
        """Call `then` once `module` is imported: now if it is already (one pending call per module)."""
        self._when_imported.pop(module, None)
        if module in sys.modules:
            then()
        else:
            self._when_imported[module] = then

    def imported(self, module: ModuleType) -> None:
        """The import hook's report: a tariffbook module has just been executed."""
        if traced(module.__name__):
            self._wrap_module(module)
        then = self._when_imported.pop(module.__name__, None)
        if then is not None:
            then()

    def forget(self, modules: set[str]) -> None:
        """Drop what is kept for the functions of these modules (no longer imported): wrappers and results."""
        self._wrappers = {k: w for k, w in self._wrappers.items() if w.__module__ not in modules}
        self.memo = {k: v for k, v in self.memo.items() if v[3] not in modules}

    def _wrap_module(self, module: ModuleType) -> None:
        for attr, fn in list(vars(module).items()):
            if attr.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            if id(fn) not in self._wrappers:
                self._wrappers[id(fn)] = self.wrap(fn, f"{module.__name__}:{attr}")
            setattr(module, attr, self._wrappers[id(fn)])

    def _rebind(self, namespace: dict) -> None:
        for attr, value in list(namespace.items()):
            wrapper = self._wrappers.get(id(value)) if inspect.isfunction(value) else None
            if wrapper is not None and wrapper.__tariffbook_traced__ is value:
                namespace[attr] = wrapper

    def wrap(self, fn: Callable, name: str) -> Callable:
        """`fn`, recorded under `name` ('module:function') when called (what install() puts in its place)."""
        tracer = self

        @functools.wraps(fn)
        def query(*args, **kwargs):
            return tracer.call(fn, name, args, kwargs)

        query.__tariffbook_traced__ = fn
        return query

    # -------------------------------------------------------- calling
    def on_read(self, path: str) -> None:
        """paths.note_read's report: a data file was read, inside the calls in progress or outside any."""
        self._reads += 1
        for files in self._open:
            files.add(path)
        if not self._open and self.recording is not None:
            self.recording.loose.add(path)

    def call(self, fn: Callable, name: str, args: tuple, kwargs: dict) -> Any:
        """Run one query: from memory if it can be, recorded if it is outermost."""
        outermost = not self._open
        if not outermost and name not in self._readers:  # inside another, and never seen reading: run it as it is
            before = self._reads
            result = fn(*args, **kwargs)
            if self._reads != before:
                self._readers.add(name)
            return result
        key = _memo_key(name, args, kwargs)
        kept = self.memo.get(key) if key is not None else None
        if kept is not None:
            return self._again(name, args, kwargs, kept, outermost)
        packed = _pack_or_none(args, kwargs) if outermost else None  # before the call, which may change them
        self._open.append(set())
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            files = self._open.pop()
            self._record(outermost, name, packed, files, functools.partial(_digest, Raised.of(exc)))
            raise
        except BaseException:
            self._open.pop()
            raise
        files = self._open.pop()
        digest = self._record(outermost, name, packed, files, lambda: _digest(result))
        if files:
            self._readers.add(name)
        if key is not None and files:
            with contextlib.suppress(Exception):  # an uncopyable result is simply not kept
                self.memo[key] = [_copy(result), frozenset(files), digest, fn.__module__]
        return result

    def _again(self, name: str, args: tuple, kwargs: dict, kept: list, outermost: bool) -> Any:
        """A call served from memory: its files count as read, as if it had run (for every listener)."""
        self._open.append(set())
        try:
            for path in kept[1]:
                paths.note_read(path)
        finally:
            self._open.pop()
        if outermost and self.recording is not None:
            if kept[2] is None:
                kept[2] = _digest(kept[0])
            self.recording.add(name, _pack_or_none(args, kwargs), set(kept[1]), kept[2])
        return _copy(kept[0])

    def _record(self, outermost: bool, name: str, packed: str | None, files: set[str], digest) -> str | None:
        """Record an outermost call (its result hashed only then); returns the hash taken, if any."""
        if not (outermost and self.recording is not None):
            return None
        taken = digest() if files else None
        self.recording.add(name, packed, files, taken)
        return taken


def _pack_or_none(args: tuple, kwargs: dict) -> str | None:
    try:
        return pack(args, kwargs)
    except Exception:  # noqa: BLE001 - a call that cannot be replayed counts as reading whole files
        return None


def _digest(value: Any) -> str | None:
    try:
        return fingerprint(value)
    except Unhashable:
        return None


class _Hook(importlib.abc.MetaPathFinder):
    """Finds tariffbook's modules as the path finder does, and tells the tracer once each has been executed."""

    def __init__(self, tracer: Tracer) -> None:
        self.tracer = tracer

    def find_spec(self, fullname, path, target=None):
        """The path finder's spec for a tariffbook module, its loader reporting to the tracer."""
        if fullname.split(".")[0] != "tariffbook":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return spec
        loader, tracer = spec.loader, self.tracer
        run = loader.exec_module

        def exec_module(module):
            run(module)
            tracer.imported(module)

        loader.exec_module = exec_module
        return spec
