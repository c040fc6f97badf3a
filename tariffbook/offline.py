"""Serve Vega from the site itself: write vega + vega-lite + vega-embed into _static/vega-offline.js.

The bundle comes from the installed vl-convert, matched to the installed Altair, so versions cannot drift.
It is wrapped in a function: its top-level `const _` would otherwise collide with Sphinx's doctools.js.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FILENAME = "vega-offline.js"


@lru_cache(maxsize=1)
def bundle_js() -> str:
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    return "(function () {\n" + vlc.javascript_bundle(vl_version=vl_version_for_vl_convert()) + "\n})();\n"


def write_bundle(static_dir: Path) -> Path:
    static_dir.mkdir(parents=True, exist_ok=True)
    out = static_dir / FILENAME
    js = bundle_js()
    if not out.exists() or out.read_text(encoding="utf-8") != js:
        out.write_text(js, encoding="utf-8")
    return out
