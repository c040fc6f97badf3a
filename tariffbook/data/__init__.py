"""The data layer: where the dataset lives, its schema, the rules it must keep, and loading it as typed tables.

What belongs here: reading and checking data/ (paths, schema, validate, rules, load), and the code tables
every layer needs to read it (countries, units). What does not: any question asked of the data (that is
tariffbook.analysis), and anything drawn or built from it (tariffbook.charts, tariffbook.publish). Modules here
import nothing from the other layers.
"""
