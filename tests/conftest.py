"""Shared fixtures: real databases (SQLite files, and PostgreSQL when CI provides one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.databases import pg_database
from tests.factories import import_samples, open_store


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch) -> None:
    """Keep every test away from the real user's data and config directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLANDESK_HOME", str(home))
    monkeypatch.delenv("PLANDESK_DB", raising=False)
    monkeypatch.setenv("PLANDESK_USER", "test-officer")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path) -> Iterator[str]:
    """A fresh empty database: a SQLite file, then (when available) a PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "plan.db")
    else:
        yield from pg_database()


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
    opened = open_store(tmp_path / "plan.db")
    import_samples(opened)
    yield opened
    opened.close()
