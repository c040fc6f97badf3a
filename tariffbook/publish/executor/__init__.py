"""Run the book's notebooks before Sphinx does: on all cores, and only those whose inputs changed.

Jupyter Book's cache keys on a notebook's code cells only, so an edited CSV would be served stale. Here every
execution also records what it read, as its own kernel reports it at the end of the run
(tariffbook.notebook.kernel): the tariffbook modules it imported (by file path, so a module that moves counts as
a change), each query it asked of the record (the function, its arguments, the data files it read and a hash of
its result), and any data file it read outside a query (a whole-file input). It runs again when its code cells, a
module, a whole-file input or the build settings (AS_OF, exports, the pinned requirements) change. When only data
files changed, the queries that read them are asked again here, of the record as it is now (`Replayer`): the page
runs again only if an answer differs, so a note edited on one partner's row re-runs the pages that show that
row, not every page that reads its file. Editing prose re-executes nothing; when in doubt (a query that is gone,
arguments that cannot be read back), the page runs.

The book's context (tariffbook.settings.BookContext) comes in as an argument and goes to each kernel when its
notebook begins, with the environment the kernels read the record's settings from. Each worker keeps one
kernel for all the pages it runs: each page starts with a cleared namespace and execution count, as in a fresh
kernel, and, after a page of another notebook, without its tariffbook modules (tariffbook.notebook.kernel); the
kernel's start and its imports of pandas and Altair are paid once per worker, not once per page. Country pages
that follow one another keep the modules and what their queries answered (the same template, the same imports:
each records what either imported, more than its own, never less).

Results go where the build reads them: the book's notebooks into the jupyter-cache that myst-nb uses
(`execute_notebooks: cache`, which then only ever finds hits), plus a stamp per page that
tariffbook.sphinx.incremental makes Sphinx re-read when the outputs changed; the country pages, run from
notebooks/country_profile.ipynb with papermill's parameter injection, into book/countries/.

The modules, one responsibility each:

- jobs: what a build executes (Job): the book's notebooks and one page per country;
- kernels: running one notebook in a kernel, in worker processes that each keep their kernel (Workers);
- manifest: what a build keeps of each execution (the manifest, the jupyter-cache, the stamps) and the file
  hashes and settings it is checked against;
- replay: whether a page's latest execution still holds, asking its recorded queries again (Replayer);
- runner: one run over a build's jobs (run): the stale ones executed, every result stored.
"""
