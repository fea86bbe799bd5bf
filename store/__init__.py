"""The only layer that touches the database.

Kept import-light on purpose: `refs` and `periods` are pure helpers that importers use too,
so importing this package must not pull in SQLAlchemy.
"""
