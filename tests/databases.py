"""Databases for the tests: a throwaway PostgreSQL database when CI provides a server."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("PLANDESK_TEST_PG")
REQUIRE_PG = os.environ.get("PLANDESK_REQUIRE_PG") == "1"


def pg_database() -> Iterator[str]:
    """Yield the URL of a new, empty PostgreSQL database, dropped afterwards; skip the test
    when no server is configured (fail it when CI requires one)."""
    if not PG_ADMIN_URL:
        if REQUIRE_PG:
            pytest.fail("PLANDESK_REQUIRE_PG=1 but PLANDESK_TEST_PG is not set")
        pytest.skip("PostgreSQL not available (set PLANDESK_TEST_PG to run these)")
    import psycopg

    name = f"plandesk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_rows(path: Path | str) -> list[str]:
    """Every row of a SQLite database as SQL statements, in the file's order."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def sqlite_fingerprint(path: Path | str) -> str:
    """A digest of every row (not of the bytes: the journal mode may differ)."""
    digest = hashlib.sha256()
    for statement in sqlite_rows(path):
        digest.update(statement.encode("utf-8"))
    return digest.hexdigest()
