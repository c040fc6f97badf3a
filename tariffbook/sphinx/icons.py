"""Font Awesome cut down to the icons the book shows.

pydata-sphinx-theme draws its icons (menu, search, dark mode, download, GitHub...) from Font Awesome's web fonts:
157 KB for the solid icons and 118 KB for the brands, of which the book uses about twenty glyphs. A browser asks for
a font as soon as the first icon is laid out, at the highest priority, beside the stylesheets. On a slow phone
connection (Lighthouse's mobile run) the 275 KB pushed the first paint from 1.8 s to 3.5 s whenever they were
requested before it, which on any page was a matter of a few milliseconds either way.

After each build, each of the theme's three fonts is written again in `_static/tb-icons/` with only the glyphs of
the `fa-*` icon classes that some page or script of the site names (fontTools), and every page declares those
fonts after the theme's stylesheet, under the same family, weight and style: the last declaration wins, so the
browser never fetches the full fonts. A page that uses a new icon gets it at the next build.
"""

from __future__ import annotations

import re
from pathlib import Path

FONTS = {
    "fa-solid-900.woff2": ("Font Awesome 6 Free", 900),
    "fa-regular-400.woff2": ("Font Awesome 6 Free", 400),
    "fa-brands-400.woff2": ("Font Awesome 6 Brands", 400),
}
"""The theme's web fonts (in static/vendor/fontawesome/webfonts/), with the family and weight its stylesheet
declares for each."""
FOLDER = "_static/tb-icons"
"""Where the cut-down fonts go in the built site."""
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
"""The stylesheet that maps each icon class to its character (`.fa-magnifying-glass:before{content:"\\f002"}`)."""

_RULE = re.compile(r'([^{}]+)\{content:"\\([0-9a-fA-F]+)"\}')
_ICON = re.compile(r"\.(fa-[a-z0-9-]+):before")
_NAMED = re.compile(r"\bfa-[a-z0-9-]+")


def characters(css: str) -> dict[str, int]:
    """Each icon class of a Font Awesome stylesheet, with the character it draws (aliases included)."""
    out: dict[str, int] = {}
    for rule in _RULE.finditer(css):
        for name in _ICON.findall(rule.group(1)):
            out[name] = int(rule.group(2), 16)
    return out


def named_icons(outdir: Path) -> set[str]:
    """Every `fa-*` word in the site's pages and scripts: the icons it may show (a few are not icons at all)."""
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]:
        names.update(_NAMED.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def cut_down(source: Path, target: Path, wanted: set[int]) -> None:
    """`source` with only the glyphs of the characters in `wanted` that it has, as WOFF2 at `target`.

    Byte-identical for the same input: fontTools keeps the font's own timestamp unless asked to change it.
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    have = set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted & have))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def theme_fonts(app) -> Path:
    """The theme's folder of Font Awesome fonts (the originals, not the copies in the output)."""
    for folder in app.builder.theme.get_theme_dirs():
        fonts = Path(folder) / "static" / "vendor" / "fontawesome" / "webfonts"
        if fonts.is_dir():
            return fonts
    raise FileNotFoundError("the HTML theme has no static/vendor/fontawesome/webfonts folder")


def write_fonts(app, exception) -> None:
    """After an HTML build, write the cut-down fonts for the icons the site's pages and scripts name."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    table = characters((outdir / THEME_CSS).read_text(encoding="utf-8"))
    wanted = {table[name] for name in named_icons(outdir) if name in table}
    source = theme_fonts(app)
    for name in FONTS:
        cut_down(source / name, outdir / FOLDER / name, wanted)


def declare_fonts(app, pagename, templatename, context, doctree) -> None:
    """Give the page's template the @font-face rules of the cut-down fonts.

    layout.html puts them in the page's inline styles, after the theme's stylesheet, so they are the ones used.
    """
    pathto = context["pathto"]
    context["tariffbook_icon_fonts"] = "\n".join(
        f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight}; font-display: block; '
        f'src: url("{pathto(f"{FOLDER}/{name}", 1)}") format("woff2"); }}'
        for name, (family, weight) in FONTS.items()
    )


def connect(app) -> None:
    """Connect this module's handlers to Sphinx's events (called by tariffbook.sphinx.setup)."""
    app.connect("html-page-context", declare_fonts)
    app.connect("build-finished", write_fonts)
