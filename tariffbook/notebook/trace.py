"""What a notebook read from the record, query by query: the kernel side of the book's incremental execution.

The book's executor (tariffbook.publish.executor) runs each page in a kernel it starts itself, and hands that kernel
the book's context (begin()). From then on every public function of the record's query modules (TRACED: the
analysis package, the loaders and the countries of tariffbook.data, and so everything `import tariffbook as tb`
offers from them) is wrapped, by module rather than by a list of names. Each outermost call a notebook makes to
one of them (from its cells, or from the chart code they call) is recorded with its arguments (pickled) and a
stable hash of its result (fingerprint()), together with the data files it read. A data file read outside any such
call is recorded as such: the page then depends on that whole file. end() writes the report.

When the record changes, the executor replays only the recorded calls that read a changed file, against the new
record, and runs the page again only if a result differs (tariffbook.publish.executor, `replay`). That is sound
because a page's code is deterministic given what these calls return: if the first call that differs had
the same arguments in both runs, replaying it with the recorded ones finds the difference.

The same wrapper serves a call that reads data files again, with the same plain arguments (strings, numbers,
days, lists of them), from what the first call returned (a copy of it): the table under a chart names a source per
row, and used to read sources.csv once per row. The data do not change while the book is built.

What does not belong here: deciding what to run (the executor), anything the page shows.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import dataclasses
import datetime as dt
import decimal
import enum
import functools
import hashlib
import importlib.abc
import importlib.machinery
import inspect
import json
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from tariffbook import settings
from tariffbook.data import paths

TRACED = ("tariffbook.analysis", "tariffbook.data.load", "tariffbook.data.countries")
"""The modules (and their submodules) whose public functions are the record's queries."""

RUN = "__tariffbook_run__"
"""The name under which a kernel's namespace holds its KernelRun: tariffbook.notebook.params.check reads it there."""

PLAIN = (type(None), bool, int, float, str, bytes, dt.date, dt.time, dt.timedelta, decimal.Decimal, enum.Enum)
"""Scalar types hashed by their type and repr, and the arguments a call can be served again for from memory (with
lists, tuples and sets of them)."""


def traced(module: str) -> bool:
    """Whether a module's public functions are recorded: one of TRACED or inside one."""
    return any(module == t or module.startswith(t + ".") for t in TRACED)


# ---------------------------------------------------------------- stable hashes
class Unhashable(TypeError):
    """A value with no stable hash here: whatever produced it counts as depending on the whole files it read."""


def fingerprint(value: Any) -> str:
    """A sha256 of a value that is the same in every process for equal values.

    DataFrames, Series and Indexes by their values (pandas.util.hash_pandas_object), columns, dtypes (categories
    included) and index names; containers, dataclasses and scalars by their content and type.

    Raises:
        Unhashable: the value (or something inside it) has no stable hash here.
    """
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _feed(h, v: Any) -> None:  # noqa: C901 - one case per kind of value
    import numpy as np
    import pandas as pd

    if isinstance(v, pd.DataFrame):
        h.update(f"DataFrame{v.shape}".encode())
        _feed(h, [str(c) for c in v.columns])
        _feed(h, [type(c).__name__ for c in v.columns])
        _feed(h, v.attrs)
        _index(h, v.index)
        for i in range(v.shape[1]):
            _column(h, v.iloc[:, i])
    elif isinstance(v, pd.Series):
        h.update(b"Series")
        _feed(h, [str(v.name), type(v.name).__name__])
        _index(h, v.index)
        _column(h, v)
    elif isinstance(v, pd.Index):
        _index(h, v)
    elif v is pd.NaT or v is pd.NA:
        h.update(repr(v).encode())
    elif isinstance(v, (pd.Timestamp, pd.Timedelta, pd.Period, np.generic, *PLAIN)):
        h.update(f"{type(v).__module__}.{type(v).__qualname__}:{v!r};".encode())
    elif isinstance(v, np.ndarray):
        h.update(f"ndarray{v.dtype}{v.shape}".encode())
        _feed(h, v.tolist()) if v.dtype == object else h.update(np.ascontiguousarray(v).tobytes())
    elif isinstance(v, (list, tuple)):
        h.update(f"{type(v).__qualname__}[{len(v)}](".encode())
        for item in v:
            _feed(h, item)
        h.update(b")")
    elif isinstance(v, dict):
        h.update(f"dict[{len(v)}](".encode())
        for k, item in v.items():
            _feed(h, k)
            _feed(h, item)
        h.update(b")")
    elif isinstance(v, (set, frozenset)):
        h.update(f"set[{len(v)}](".encode() + "".join(sorted(fingerprint(x) for x in v)).encode() + b")")
    elif dataclasses.is_dataclass(v) and not isinstance(v, type):
        h.update(f"{type(v).__module__}.{type(v).__qualname__}(".encode())
        for f in dataclasses.fields(v):
            _feed(h, f.name)
            _feed(h, getattr(v, f.name))
        h.update(b")")
    else:
        raise Unhashable(f"no stable hash for {type(v).__qualname__}")


def _index(h, index) -> None:
    import pandas as pd

    h.update(f"Index{len(index)}{index.dtype!r}".encode())
    _feed(h, [str(n) for n in index.names])
    _column(h, pd.Series(index.to_flat_index() if index.nlevels > 1 else index))


def _column(h, col) -> None:
    """A column's dtype and values (object columns value by value, so 1 and '1' differ)."""
    from pandas.util import hash_pandas_object

    h.update(repr(col.dtype).encode())
    if col.dtype == object:
        _feed(h, col.tolist())
    else:
        h.update(hash_pandas_object(col, index=False).to_numpy().tobytes())


@dataclass(frozen=True)
class Raised:
    """What a call raised instead of returning: its hash is the exception's type and message."""

    kind: str
    message: str

    @classmethod
    def of(cls, exc: BaseException) -> Raised:
        """The record of an exception."""
        return cls(f"{type(exc).__module__}.{type(exc).__qualname__}", str(exc))


def outcome(fn: Callable, args: tuple, kwargs: dict) -> Any:
    """fn(*args, **kwargs), or Raised when it raises: what a call's hash is taken of."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome
        return Raised.of(exc)


def pack(args: tuple, kwargs: dict) -> str:
    """A call's arguments, pickled, as text for the executor's record (unpack() reads them back).

    Raises:
        pickle.PicklingError, TypeError, AttributeError: they cannot be pickled.
    """
    return base64.b64encode(pickle.dumps((args, kwargs), protocol=5)).decode("ascii")


def unpack(text: str) -> tuple[tuple, dict]:
    """The arguments pack() wrote."""
    return pickle.loads(base64.b64decode(text))  # noqa: S301 - written by this build's own kernels


def function(name: str) -> Callable | None:
    """The function a call record names ('module:function'), or None if it no longer exists.

    Where a tracer is installed, its wrapper: a query it asks is served from memory in turn.
    """
    module, _, attr = name.partition(":")
    try:
        fn = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None
    return fn if inspect.isfunction(getattr(fn, "__tariffbook_traced__", fn)) else None


# ---------------------------------------------------------------- recording
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


# ---------------------------------------------------------------- one execution in a kernel
@dataclass
class KernelRun:
    """One notebook's execution by the book's executor: its context, its exports and what it read.

    Attributes:
        context: the book's context, as the executor handed it (params.check uses it instead of the environment).
        recording: what it read from the record.
        exports: the run's chart files (tariffbook.charts.exports.Exports), once a chart needs them.
    """

    context: settings.BookContext
    recording: Recording = field(default_factory=Recording)
    exports: Any = None

    def chart_files(self):
        """The run's Exports, or None when charts are not exported.

        Created on first use, so a page without charts never imports them.
        """
        if self.exports is None and self.context.exports:
            from tariffbook.charts.exports import Exports

            self.exports = Exports(deferred=self.context.deferred)
        return self.exports


_TRACER = Tracer()
"""This kernel's tracer (a kernel runs one notebook at a time; each begin() gives it a new Recording)."""


def begin(context_json: str, cwd: str | None = None, reset: bool = False, forget: bool = True) -> None:
    """Start one notebook's execution in this kernel: called by the executor before the notebook's first cell.

    Args:
        context_json: the book's context (BookContext.to_json()).
        cwd: the folder the notebook runs in.
        reset: the kernel ran another notebook before: clear its namespace and execution count (_reset).
        forget: with reset, also forget the tariffbook modules it imported, so that this notebook's record names
            only its own. The executor keeps them between runs of one notebook (the country pages: one
            template, the same imports), whose records then name what either imported: more, never fewer.
    """
    from IPython import get_ipython

    shell = get_ipython()
    if reset:
        _reset(shell, forget)
    if cwd is not None and os.getcwd() != cwd:
        os.chdir(cwd)
    run = KernelRun(settings.BookContext.from_json(context_json))
    _TRACER.install()
    _TRACER.recording = run.recording
    _TRACER.when_imported("tariffbook.charts", functools.partial(_enable_renderer, run))
    shell.user_ns[RUN] = run


BASE = frozenset(name for name in sys.modules if name.split(".")[0] == "tariffbook")
"""The tariffbook modules a kernel has once this module is imported (begin() is the first thing it runs)."""


def _reset(shell, forget: bool) -> None:
    """Bring a kernel that ran a notebook back to where a fresh one stands after begin()'s import of this module.

    Its namespace and execution count are cleared (IPython's reset). With `forget`, the tariffbook modules the
    previous notebook imported are forgotten too, so this one imports its own again (a page's record names the
    modules it imports) and none of their state carries over; Altair's renderer and theme go back to their
    defaults until tariffbook.charts is imported again. Altair, pandas and the kernel itself stay: that is the
    saving.
    """
    shell.reset(new_session=True)
    if not forget:
        return
    gone = sorted((n for n in sys.modules if n.split(".")[0] == "tariffbook" and n not in BASE), reverse=True)
    for name in gone:
        parent, _, attr = name.rpartition(".")
        if parent in sys.modules and getattr(sys.modules[parent], attr, None) is sys.modules[name]:
            delattr(sys.modules[parent], attr)  # or `from parent import attr` would find the old module
        del sys.modules[name]
    _TRACER.forget(set(gone))
    if "altair" in sys.modules:  # what tariffbook.charts registered is gone with it
        import altair as alt

        alt.renderers.enable("default")
        alt.theme.enable("default")


def _enable_renderer(run: KernelRun) -> None:
    from tariffbook.charts import render

    render.enable(run.context, run.chart_files())


def end(report_path: str) -> None:
    """End the execution begin() started: write what it read, the charts it showed and the modules it imported."""
    from IPython import get_ipython

    run = get_ipython().user_ns.get(RUN)
    recording = _TRACER.recording or Recording()
    _TRACER.recording = None
    report = {
        **recording.report(),
        "charts": list(run.exports.produced) if run is not None and run.exports is not None else [],
        "modules": sorted(
            {m.__file__ for n, m in list(sys.modules.items()) if n.split(".")[0] == "tariffbook" and _file(m)}
        ),
    }
    Path(report_path).write_text(json.dumps(report), encoding="utf-8")


def _file(module) -> str | None:
    return getattr(module, "__file__", None)
