"""Benchmark of plandesk at the sample size, 10× and 100×, against a bare Textual floor.

`python -m bench` prints the table; see bench/README.md. Nothing here is imported by plandesk,
and this module imports nothing, so the measuring children start with a clean clock.
"""
