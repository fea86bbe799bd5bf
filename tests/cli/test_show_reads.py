"""Read commands do only what they print (issue 18): `show` runs no stall rules unless asked
(`--suggest`), JSON is compact unless `--indent` asks otherwise, and a read command reads the
plans and the plan's periods once, however big the plan.

Real SQLite files, the real 2020 sample and plans made by the benchmark's generator; the SQL is
counted with a listener on every engine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, func, select
from sqlmodel import Session
from typer.testing import CliRunner

from plandesk.bench.generate import synthetic_documents
from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.models import ReviewCache
from plandesk.store.service import PlanStore

runner = CliRunner()


def run(db, *args) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, (args, result.output)
    return result.output


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "reads.db"
    run(path, "import", str(QUARTERLY_EXTRACT))
    return path


def kept_verdicts(db) -> int:
    store = PlanStore.open(str(db), create=False)
    try:
        with Session(store.engine) as session:
            return session.exec(select(func.count()).select_from(ReviewCache)).one()[0]
    finally:
        store.close()


# ------------------------------------------------------------------ no stall rules on show


def test_show_runs_no_stall_rules_and_suggest_does(db):
    # The rules keep every verdict they work out: an empty cache means they never ran.
    run(db, "show")
    run(db, "show", "--format", "json")
    run(db, "show", "--retired")
    assert kept_verdicts(db) == 0
    suggested = run(db, "show", "--suggest")
    assert "(suggested)" in suggested and "⚑" in suggested
    assert kept_verdicts(db) > 0


def test_show_stays_as_written_when_the_rules_would_suggest(db):
    plain = run(db, "show")
    assert "(suggested)" not in plain and "⚑" not in plain
    # What the officers wrote is all there: every update of the suggested view is in the plain.
    suggested = run(db, "show", "--suggest")
    updates = [line for line in suggested.splitlines() if line.startswith("        ")]
    assert updates and all(line in plain for line in updates)


# ------------------------------------------------------------------ compact JSON, --indent

JSON_COMMANDS = [
    ["plans"],
    ["periods"],
    ["oversight"],
    ["show"],
    ["show", "--suggest"],
    ["history", "A3.1"],
    ["history"],
    ["stalled"],
    ["chase"],
    ["locate"],
]


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_is_compact_unless_indented(db, command):
    compact = run(db, *command, "--format", "json")
    data = json.loads(compact)
    # Compact JSON is for programs: pure ASCII, every other character a \u escape.
    assert compact == json.dumps(data, separators=(",", ":")) + "\n" and compact.isascii()
    indented = run(db, *command, "--format", "json", "--indent", "4")
    assert json.loads(indented) == data
    assert indented == json.dumps(data, indent=4, ensure_ascii=False) + "\n"


def test_indented_json_keeps_characters_as_written_and_escapes_the_unsafe(db):
    text = "Costs £12k agreed – “signed”\u202e reversed"
    run(db, "update", "A3.1", "--text", text)
    compact = run(db, "show", "--format", "json")
    indented = run(db, "show", "--format", "json", "--indent", "1")
    assert "£12k agreed – “signed”\\u202e reversed" in indented
    assert "\\u00a312k agreed \\u2013 \\u201csigned\\u201d\\u202e" in compact
    assert json.loads(compact) == json.loads(indented)


def test_an_edit_prints_compact_or_indented_json(db):
    edit = ["activity", "edit", "A3.1", "--format", "json"]
    assert run(db, *edit, "--lead", "Someone").count("\n") == 1
    again = run(db, *edit, "--lead", "Someone Else", "--indent", "2")
    assert json.loads(again)["change"]["after"] == {"lead": "Someone Else"}
    assert again.count("\n") > 3


@pytest.mark.parametrize("given", ["x", "-1", "17", ""])
def test_a_bad_indent_is_refused(db, given):
    result = runner.invoke(app, ["--db", str(db), "show", "--format", "json", "--indent", given])
    assert result.exit_code == 2
    assert "--indent must be a number of spaces from 0 to 16" in result.output


# ------------------------------------------------------------------ plan and periods read once

# The statements that read the plans or periods themselves (not the updates joined to them).
PLAN_OR_PERIOD = re.compile(r'^\s*SELECT\b[^()]*?\bFROM\s+"?(plan|period)"?(\s|$)', re.S | re.I)


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def generated(tmp_path, activities: int):
    path = tmp_path / f"plan-{activities}.db"
    store = PlanStore.open(str(path))
    try:
        store.import_documents(synthetic_documents(activities, 3, seed=7), author="importer")
    finally:
        store.close()
    return path


@pytest.mark.parametrize(
    "command",
    [
        # (`show` of the latest period without `--period` reads with `store.plain_snapshot`,
        # no SQLAlchemy: tests/store/test_plain_snapshot.py)
        ["show", "--format", "json", "--period", "2020/21 Q3"],
        ["show", "--period", "2020/21 Q2"],
        ["show", "--suggest"],
        ["stalled"],
        ["chase"],
        ["export", "--format", "md"],
    ],
    ids=" ".join,
)
def test_a_read_command_reads_the_plan_and_periods_once(tmp_path, command):
    counted = {}
    for activities in (40, 400):
        db = generated(tmp_path, activities)
        with statements() as seen:
            run(db, *command)
        counted[activities] = (
            [s.split("FROM", 1)[1].split()[0] for s in seen if PLAN_OR_PERIOD.match(s)],
            len(seen),
        )
    tables, every = counted[40]
    # The plans listed once, the plan's periods once (their labels and counts ride along).
    assert sorted(tables) == ['"plan"', "period", "period"], tables
    assert counted[400] == counted[40], "the number of reads grows with the plan"
    assert every < 30
