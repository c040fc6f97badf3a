"""tariffbook: load, check and query the curated dataset behind the book.

Everything a notebook needs comes from here, so the notebooks stay thin and the logic stays tested.
"""
from tariffbook.paths import data_dir
from tariffbook.validate import Problem, validate
from tariffbook.load import DataValidationError, load_events, load_figures, load_sources
from tariffbook.countries import country_name, resolve_country
from tariffbook.rates import RateInForce, rate_in_force, rates_announced

__all__ = [
    "data_dir", "Problem", "validate", "DataValidationError", "load_sources", "load_events", "load_figures",
    "country_name", "resolve_country", "RateInForce", "rate_in_force", "rates_announced",
]
