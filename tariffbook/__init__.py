"""tariffbook: load, check and query the curated dataset behind the book.

Everything a notebook needs comes from this package, so the notebooks stay thin and the logic stays tested.
The package is layered, each layer a folder that imports only from the ones before it:

- tariffbook.domain, tariffbook.settings: the subject's constants, and the build's settings (environment);
- tariffbook.data: paths, schema, validation rules, loading, countries, units;
- tariffbook.analysis: rates in force, the tables the pages chart, the formula, the findings;
- tariffbook.charts: theme, renderer, chart families, tables, exports, the offline Vega bundle;
- tariffbook.notebook: what a notebook uses while it runs (checked parameters, glue);
- tariffbook.publish: the executor, the generated pages, the release, the PDF;
- tariffbook.sphinx: the book's Sphinx extension.

Typical use::

    import tariffbook as tb

    tb.load_figures()
    tb.rate_in_force("Japan", "2026-08-01")   # 12.5%, minimum total, Section 301 (FR 2026-15181)
    tb.duties_in_force("Japan", "2025-10-01")  # cars 15% in total (EO 14345), steel 50% (Proclamation 10947), ...
    tb.horizon()                              # the day through which the record was checked
"""

from tariffbook.analysis.announced import rates_announced
from tariffbook.analysis.cost import effective_rates
from tariffbook.analysis.duties import duties_in_force
from tariffbook.analysis.rates import RateInForce, RatePart, rate_in_force
from tariffbook.data.countries import country_name, resolve_country
from tariffbook.data.load import (
    DataValidationError,
    horizon,
    load_events,
    load_figures,
    load_sources,
    record_checked,
)
from tariffbook.data.paths import data_dir
from tariffbook.data.series import series
from tariffbook.data.validate import Problem, validate

__all__ = [
    "DataValidationError",
    "Problem",
    "RateInForce",
    "RatePart",
    "country_name",
    "data_dir",
    "duties_in_force",
    "effective_rates",
    "horizon",
    "load_events",
    "load_figures",
    "load_sources",
    "rate_in_force",
    "rates_announced",
    "record_checked",
    "resolve_country",
    "series",
    "validate",
]
