"""What a notebook uses while it runs, beside the questions it asks: its checked parameters and its glued numbers.

What belongs here: the parameters of each notebook and their check (params), myst-nb's glue made safe for numpy
scalars (glue), and, in the book executor's kernels, one notebook's execution (kernel) and what it read from the
record (trace), each query written down as the executor asks it again (recorded). What does not: anything
`make book` does around the notebooks (tariffbook.publish), anything a page shows (tariffbook.analysis,
tariffbook.charts).

Typical use, in a notebook's first cells::

    from tariffbook.notebook import params
    P = params.check("country_profile", globals(), _before)
"""
