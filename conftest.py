"""Repo-wide pytest setup: notebook kernels (nbval) inherit this environment."""
import os

# Charts call the page's vegaEmbed rather than embedding the Vega bundle in every test run's output.
os.environ.setdefault("TARIFFBOOK_CHARTS", "book")
