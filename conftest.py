"""Repo-wide pytest setup: notebook kernels (nbval) inherit this environment."""

import os

from tariffbook import settings

# Charts call the page's vegaEmbed rather than embedding the Vega bundle in every test run's output.
os.environ.setdefault(settings.CHARTS, "book")
