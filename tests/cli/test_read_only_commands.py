"""Commands that only read never create a database, and name what is wrong instead.

A mistyped `--db` used to leave an empty database behind (167 KB) and print "no plans"; a
`--plan` naming no plan was accepted by `rules`.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT

runner = CliRunner()

READERS = [
    ["plans"],
    ["periods"],
    ["oversight"],
    ["show"],
    ["show", "--format", "json"],
    ["history", "A3.1"],
    ["stalled"],
    ["chase", "--format", "json"],
    ["export", "--format", "md"],
    ["rules", "--plan", "Safer West Mercia Plan 2020"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c))
def test_a_reading_command_on_a_missing_file_creates_nothing(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = runner.invoke(app, ["--db", str(typo), *command])
    assert result.exit_code == 2, result.output
    assert f"no database at {typo}" in result.output
    assert list(tmp_path.iterdir()) == []


def test_without_a_database_anywhere_the_message_says_how_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["plans"])
    assert result.exit_code == 2, result.output
    assert "no plans yet" in result.output and "plandesk import" in result.output
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_rules_refuses_a_plan_that_does_not_exist(tmp_path):
    db = tmp_path / "plans.db"
    assert runner.invoke(app, ["--db", str(db), "import", str(QUARTERLY_EXTRACT)]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "rules", "--plan", "Nope"])
    assert result.exit_code == 2, result.output
    assert "no plan called 'Nope'" in result.output
    shown = runner.invoke(app, ["--db", str(db), "rules", "--plan", "safer west mercia plan 2020"])
    assert shown.exit_code == 0, shown.output
