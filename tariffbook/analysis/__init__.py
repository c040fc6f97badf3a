"""The analysis layer: questions asked of the data, answered from preferred rows and keeping their sources.

What belongs here: the rate in force and what had been announced (rates), the tables the pages chart
(queries), the reconstruction of the 2 April formula (formula), and the sentences the pages state
(findings). What does not: reading and checking the data (tariffbook.data), drawing (tariffbook.charts).
Modules here import only tariffbook.data, tariffbook.domain and tariffbook.settings.
"""
