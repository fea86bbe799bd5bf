"""Fixtures only the store's tests use."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT


@pytest.fixture
def sqlite_target(tmp_path) -> str:
    """A fresh SQLite file path."""
    return str(tmp_path / "plan.db")


@pytest.fixture
def db(tmp_path) -> Path:
    """A SQLite file holding the 2020 extract, imported through the command line."""
    path = tmp_path / "plans.db"
    result = CliRunner().invoke(app, ["--db", str(path), "import", str(QUARTERLY_EXTRACT)])
    assert result.exit_code == 0, result.output
    return path
