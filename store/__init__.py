"""The only layer that touches the database.

Kept import-light on purpose: importing this package must not pull in SQLAlchemy.
"""
