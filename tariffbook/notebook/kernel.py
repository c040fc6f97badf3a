"""One notebook's execution in a kernel of the book's executor: begun before its first cell, ended after its last.

The executor (tariffbook.publish.executor.kernels) runs begin() in the kernel before the notebook's first cell:
it hands the kernel the book's context (a KernelRun, under RUN in the namespace, where
tariffbook.notebook.params.check finds it) and starts recording what the notebook reads
(tariffbook.notebook.trace). A kernel kept for another page is first brought back to where a fresh one stands.
end() writes what the notebook read, the charts it showed and the tariffbook modules it imported, for the executor.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tariffbook import settings
from tariffbook.notebook.trace import Recording, Tracer

RUN = "__tariffbook_run__"
"""The name under which a kernel's namespace holds its KernelRun: tariffbook.notebook.params.check reads it there."""


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
