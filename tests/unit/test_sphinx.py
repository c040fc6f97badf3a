"""The book's Sphinx extension: one setup() connects every part, and the incremental part sees them all."""

from __future__ import annotations

from pathlib import Path

import pydata_sphinx_theme

import tariffbook.sphinx as ext
from tariffbook.sphinx import countries, icons, incremental, meta


class App:
    """Just enough of a Sphinx application to record what the extension connects."""

    def __init__(self, srcdir: Path):
        self.srcdir = srcdir
        self.connected: list[tuple[str, str]] = []

    def connect(self, event, handler, priority=500):
        self.connected.append((event, handler.__module__.rsplit(".", 1)[-1]))

    def add_directive(self, name, directive):
        self.connected.append((f"directive {name}", directive.__module__.rsplit(".", 1)[-1]))


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


def test_a_chart_drawn_again_is_copied_into_the_site(tmp_path):
    """A chart file drawn again with the same spec (its page unchanged): Sphinx copies static files only in a
    build that writes some page, so one page is rewritten; before, the site kept the old image."""
    chart = tmp_path / incremental.CHARTS / "japan-trade-flows.png"
    chart.parent.mkdir(parents=True)
    chart.write_bytes(b"first drawing")

    class Env:
        found_docs = {incremental.RELEASE_PAGE, "book/intro"}

    app, env = App(tmp_path), Env()
    assert incremental.outdated(app, env, set(), set(), set()) == []  # first build
    assert incremental.outdated(app, env, set(), set(), set()) == []
    chart.write_bytes(b"drawn again")
    assert incremental.outdated(app, env, set(), set(), set()) == [incremental.RELEASE_PAGE]
    assert incremental.outdated(app, env, set(), set(), set()) == []


def _data_copy(tmp_path: Path, **extra) -> Path:
    import json
    import shutil

    from tariffbook.data.paths import data_dir

    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.pop(meta.HORIZON_KEY, None)
    descriptor.update(extra)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def test_every_page_says_through_when_the_record_was_checked(tmp_path):
    """Issue 9: the date comes from the data (datapackage.json), and no date means no line."""
    import datetime as dt

    day = meta.horizon(_data_copy(tmp_path, **{meta.HORIZON_KEY: "2026-11-23"}))
    assert day == dt.date(2026, 11, 23)
    line = meta.dateline(day)
    assert "Record checked through" in line and ">23 November 2026</time>" in line and 'datetime="2026-11-23"' in line
    assert meta.horizon(_data_copy(tmp_path / "without")) is None
    assert meta.dateline(None) == ""


def test_a_description_names_the_page():
    """Issue 12: the country pages share their template's first paragraph: each description names its country."""
    body = "<h1>South Korea</h1><p>Short.</p><p>The country's goods trade with the United States, and more.</p>"
    assert meta.description(body, "South Korea").startswith("South Korea: The country's goods trade")
    body = "<p>On 2 April 2025 the United States announced tariffs, " + "and more " * 30 + "</p>"
    text = meta.description(body, "The United States")
    assert text.startswith("On 2 April") and len(text) <= meta.DESCRIPTION_CHARS and text.endswith("…")


def test_country_pages_go_by_name():
    """Issue 12: by name, not by ISO code (Switzerland came between Canada and China)."""
    from docutils import nodes
    from sphinx import addnodes

    docs = [f"book/countries/{c}" for c in ("CAN", "CHE", "CHN", "KOR", "ZAF")]
    assert countries.by_name(docs) == [f"book/countries/{c}" for c in ("CAN", "CHN", "ZAF", "KOR", "CHE")]
    toc = addnodes.toctree(glob=True, includefiles=list(docs), entries=[(None, d) for d in docs])
    other = addnodes.toctree(glob=False, includefiles=["b", "a"], entries=[(None, "b"), (None, "a")])
    doctree = nodes.container()
    doctree += [toc, other]
    countries.order_countries(None, doctree)
    assert toc["includefiles"][:3] == [f"book/countries/{c}" for c in ("CAN", "CHN", "ZAF")]
    assert [d for _, d in toc["entries"]] == toc["includefiles"]
    assert other["includefiles"] == ["b", "a"]  # a table of contents of other pages keeps its order


def test_icon_classes_map_to_their_characters_aliases_included():
    css = (
        '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
        '.fa-magnifying-glass{color:red}.fa-github:before{content:"\\f09b"}'
    )
    assert icons.characters(css) == {"fa-magnifying-glass": 0xF002, "fa-search": 0xF002, "fa-github": 0xF09B}


def test_icon_fonts_keep_exactly_the_glyphs_asked_for_and_are_reproducible(tmp_path):
    from fontTools.ttLib import TTFont

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"
    source = theme / "fa-solid-900.woff2"
    # U+F002 magnifying glass and U+F0C9 bars are solid icons; U+F09B (GitHub) is a brand, not in this font
    for run in ("a", "b"):
        icons.cut_down(source, tmp_path / run / "fa-solid-900.woff2", {0xF002, 0xF0C9, 0xF09B})
    cut = tmp_path / "a" / "fa-solid-900.woff2"
    assert set(TTFont(cut).getBestCmap()) == {0xF002, 0xF0C9}
    assert cut.stat().st_size < source.stat().st_size / 20
    assert cut.read_bytes() == (tmp_path / "b" / "fa-solid-900.woff2").read_bytes()


def test_the_parameters_cell_goes_to_a_closed_box_at_the_end_of_its_page():
    """Issue 19: parameters where a reader can use them, not code at the top of the page."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from tariffbook.sphinx import rerun

    doc = new_document("page", get_default_settings(Parser))
    cell = nodes.container(classes=["cell", "tag_parameters"])
    cell += nodes.literal_block(text='country: str = "JPN"')
    doc += [nodes.paragraph(text="First words."), cell, nodes.section()]

    class Builder:
        def get_relative_uri(self, frm, to):
            return f"../{to}.html"

    rerun.box_parameters(type("App", (), {"builder": Builder()})(), doc, "notebooks/timeline")
    kinds = [type(n).__name__ for n in doc.children]
    assert kinds == ["paragraph", "section", "raw", "container", "raw"]  # moved from the top to the end
    opening = doc.children[2].astext()
    assert opening.startswith('<details class="tb-rerun"><summary>Rerun with other values</summary>')
    assert 'href="../book/generated/rerun.html"' in opening and doc.children[4].astext() == "</details>"
