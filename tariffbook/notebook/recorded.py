"""A query call as the book's executor records it, and asks it again: its arguments, its outcome, its hash.

A call is written down as the function it names ('module:function', read back by function()), its arguments
pickled as text (pack(), unpack()) and a stable hash of its outcome (fingerprint() of what outcome() returns: the
result, or the exception raised). The kernel's tracer (tariffbook.notebook.trace) records calls so; the executor
(tariffbook.publish.executor.replay) reads them back and asks them again of the record as it is now, in another
process: the hash must be the same in every process for equal results.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import importlib
import inspect
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PLAIN = (type(None), bool, int, float, str, bytes, dt.date, dt.time, dt.timedelta, decimal.Decimal, enum.Enum)
"""Scalar types hashed by their type and repr, and the arguments a call can be served again for from memory (with
lists, tuples and sets of them)."""


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


# ---------------------------------------------------------------- a call, written down and read back
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
