"""The book's Sphinx extension: one setup() connects every part, and the incremental part sees them all."""

from __future__ import annotations

from pathlib import Path

import tariffbook.sphinx as ext
from tariffbook.sphinx import incremental


class App:
    """Just enough of a Sphinx application to record what the extension connects."""

    def __init__(self, srcdir: Path):
        self.srcdir = srcdir
        self.connected: list[tuple[str, str]] = []

    def connect(self, event, handler, priority=500):
        self.connected.append((event, handler.__module__.rsplit(".", 1)[-1]))


def test_setup_connects_every_part(tmp_path):
    app = App(tmp_path)
    meta = ext.setup(app)
    assert meta["parallel_read_safe"] and meta["parallel_write_safe"]
    modules = {p.stem for p in Path(ext.__file__).parent.glob("*.py")} - {"__init__"}
    assert {part.__name__.rsplit(".", 1)[-1] for part in ext.PARTS} == modules
    assert {module for _, module in app.connected} == modules
    assert ("html-page-context", "vega") in app.connected and ("env-get-outdated", "incremental") in app.connected


def test_a_changed_extension_module_rewrites_every_page(tmp_path, monkeypatch):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "site.css").write_text("body {}")
    module = tmp_path / "ext" / "part.py"
    module.parent.mkdir()
    module.write_text("# a part\n")
    monkeypatch.setattr(incremental, "EXTENSION", module.parent)

    class Env:
        found_docs = {"a", "b"}

    app, env = App(tmp_path), Env()
    assert incremental.outdated(app, env, set(), set(), set()) == []  # first build: Sphinx reads everything
    assert incremental.outdated(app, env, set(), set(), set()) == []  # nothing changed
    module.write_text("# a part, edited\n")
    assert incremental.outdated(app, env, set(), set(), set()) == ["a", "b"]
