"""Shared fixtures: real databases (SQLite files, and PostgreSQL when CI provides one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

PG_ADMIN_URL = os.environ.get("PLANDESK_TEST_PG")
REQUIRE_PG = os.environ.get("PLANDESK_REQUIRE_PG") == "1"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch) -> None:
    """Keep every test away from the real user's data and config directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLANDESK_HOME", str(home))
    monkeypatch.delenv("PLANDESK_DB", raising=False)
    monkeypatch.setenv("PLANDESK_USER", "test-officer")


def _pg_database() -> Iterator[str]:
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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path) -> Iterator[str]:
    """A fresh empty database: a SQLite file, then (when available) a PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "plan.db")
    else:
        yield from _pg_database()


@pytest.fixture
def sqlite_target(tmp_path) -> str:
    """A fresh SQLite file path."""
    return str(tmp_path / "plan.db")


@pytest.fixture
def store(db_target):
    """A `PlanStore` on each kind of database."""
    from plandesk.store.service import PlanStore

    opened = PlanStore.open(db_target)
    yield opened
    opened.close()


@pytest.fixture
def plan_store(tmp_path):
    """A SQLite store with both sample documents imported (the 2020 extract last)."""
    from tests.tui_helpers import import_samples, open_store

    opened = open_store(tmp_path / "plan.db")
    import_samples(opened)
    yield opened
    opened.close()
