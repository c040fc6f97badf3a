"""Serve Vega from the site itself: write vega + vega-lite + vega-embed into _static/vega-offline.js.

The bundle comes from the installed vl-convert, matched to the installed Altair, so versions cannot drift.
It is wrapped in a function: its top-level `const _` would otherwise collide with Sphinx's doctools.js.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tariffbook.data.paths import update_file

FILENAME = "vega-offline.js"


@lru_cache(maxsize=1)
def bundle_js() -> str:
    """vega, vega-lite and vega-embed as one script, wrapped in a function."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    return "(function () {\n" + vlc.javascript_bundle(vl_version=vl_version_for_vl_convert()) + "\n})();\n"


def _versions() -> str:
    from importlib.metadata import version

    return f"/* tariffbook: vl-convert {version('vl-convert-python')}, altair {version('altair')} */\n"


def write_bundle(static_dir: Path) -> Path:
    """Write the bundle into `static_dir`, unless the file there was made from the same vl-convert and Altair.

    Making it takes 1.4 s; the file's first line records the versions.
    """
    out = static_dir / FILENAME
    head = _versions()
    if out.exists():
        with out.open(encoding="utf-8") as fh:
            if fh.readline() == head:
                return out
    static_dir.mkdir(parents=True, exist_ok=True)
    update_file(out, head + bundle_js())
    return out
