"""The published series of the data package: read as their publisher committed them, with where they come from.

A series is a resource of data/datapackage.json whose file is a publisher's own (data/series/), kept unchanged
(tariffbook.data.archive.series_unchanged checks its sha256). series() reads it, typed by its schema;
series_info() says who published it, where, under which licence, through which day it runs and what it
measures.

Typical use::

    from tariffbook.data.series import series, series_info

    daily = series("series-daily-overall")
    series_info("series-daily-overall")["runs_through"]   # '2026-03-10'
"""

from __future__ import annotations

import pandas as pd

from tariffbook.data.paths import data_dir, note_read
from tariffbook.data.schema import load_schema


def _resource(name: str, folder=None) -> dict:
    folder = data_dir(folder)
    for res in load_schema(folder).descriptor.get("resources", []):
        if res.get("name") == name:
            return res
    known = series_names(folder)
    raise KeyError(f"no series {name!r} in {folder / 'datapackage.json'}; the series are: {', '.join(known)}")


def series(name: str, folder=None) -> pd.DataFrame:
    """A published series as a DataFrame: dates as datetimes, numbers as floats, as its schema types them.

    Raises:
        KeyError: the data package has no resource of that name (the message lists the series).
    """
    res = _resource(name, folder)
    df = pd.read_csv(note_read(data_dir(folder) / res["path"]), dtype=str, keep_default_na=False)
    for field in res["schema"]["fields"]:
        col = field["name"]
        if field["type"] == "date":
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
        elif field["type"] in ("number", "integer"):
            df[col] = pd.to_numeric(df[col].replace({"NA": None, "": None}))
    return df


def series_info(name: str, folder=None) -> dict:
    """Who published a series and where, its licence, the day it runs through, and what it measures.

    Returns:
        name, title, publisher, url (the file at its commit), commit, retrieved, licence (name), licence_url,
        committed (ISO date: the day the publisher committed the file), runs_through (ISO date), measures
        ({"quote", "from"}), hash.
    """
    res = _resource(name, folder)
    src = res.get("tariffbook:source", {})
    licence = (res.get("licenses") or [{}])[0]
    return {
        "name": name,
        "title": res.get("title", name),
        "publisher": src.get("publisher", ""),
        "url": src.get("url", ""),
        "commit": src.get("commit", ""),
        "committed": src.get("committed", ""),
        "retrieved": src.get("retrieved", ""),
        "licence": licence.get("name", ""),
        "licence_url": licence.get("path", ""),
        "runs_through": res.get("tariffbook:runs_through", ""),
        "measures": res.get("tariffbook:measures", {}),
        "hash": res.get("hash", ""),
    }


def series_names(folder=None) -> list[str]:
    """The names of the data package's published series (its resources with a `tariffbook:source`)."""
    return [
        r["name"] for r in load_schema(data_dir(folder)).descriptor.get("resources", []) if "tariffbook:source" in r
    ]


def series_sources(folder=None) -> pd.DataFrame:
    """The series as a chart's sources: what a chart plotting a series cites.

    Returns:
        source_id (the resource's name), publisher, title, published (the day its publisher committed it), url,
        licence.
    """
    rows = []
    for name in series_names(folder):
        info = series_info(name, folder)
        rows.append(
            {
                "source_id": name,
                "publisher": info["publisher"],
                "title": info["title"],
                "published": pd.to_datetime(info["committed"] or None),
                "url": info["url"],
                "licence": info["licence"],
            }
        )
    return pd.DataFrame(rows, columns=["source_id", "publisher", "title", "published", "url", "licence"])
