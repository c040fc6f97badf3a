"""The sentences the pages state, one module per page, written from the record as it stood on the page's day.

Each sentence is written only if the rows behind it exist, so an 'as of' book says what was known on its date and
nothing later: before 22 July 2025 there is no Japan deal to mention, before 20 February 2026 no Section 122.
Where the record is partial, a sentence says for how many partners it holds; it never reads as complete coverage.
Every word for a code, a day, a count or an amount comes from tariffbook.words.

- intro: the introduction's key findings and the lede of its chart;
- rates: a partner's rates in words (the tariff-rate page, the country pages);
- regimes: the 2026 regimes in words (shared by the introduction and the timeline);
- timeline, surpluses, japan: those pages' opening paragraphs;
- after_the_ruling: the chapter after the Supreme Court ruling.
"""
