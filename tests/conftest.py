"""Shared fixtures: real databases (SQLite files, and PostgreSQL when CI provides one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import pg_database
from tests.factories import copy_db, import_samples, open_store


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


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A SQLite file with both sample documents imported (the 2020 extract last), made once
    per session: tests take a copy (`sample_db_copy`) rather than import them again."""
    folder = tmp_path_factory.mktemp("samples")
    with pytest.MonkeyPatch.context() as env:  # the same isolation as `_isolated_home`
        env.setenv("PLANDESK_HOME", str(folder / "home"))
        env.delenv("PLANDESK_DB", raising=False)
        env.setenv("PLANDESK_USER", "test-officer")
        opened = open_store(folder / "samples.db")
        import_samples(opened)
        opened.close()
    return folder / "samples.db"


@pytest.fixture
def sample_db_copy(sample_db, tmp_path) -> Path:
    """This test's own copy of `sample_db`, as `plan.db` in its tmp dir."""
    return copy_db(sample_db, tmp_path / "plan.db")


@pytest.fixture
def plan_store(sample_db_copy):
    """A SQLite store with both sample documents imported (the 2020 extract last)."""
    opened = open_store(sample_db_copy)
    yield opened
    opened.close()
