"""Numbers from the data in the prose: myst-nb's glue, made safe for numpy scalars."""

from __future__ import annotations

from myst_nb import glue as _glue


def glue(name: str, value, display: bool = False) -> None:
    """myst-nb's glue, with numpy scalars turned into Python numbers so that `{glue:text}`x:.1f`` formats them."""
    if hasattr(value, "item") and getattr(value, "ndim", 0) == 0:
        value = value.item()
    _glue(name, value, display=display)
