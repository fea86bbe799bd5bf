"""Imports racing imports and saves: real `plandesk` processes, started on cue, on SQLite (WAL and
rollback journal) and on PostgreSQL.

Before the fix, two imports of different versions of a 1,000-activity plan started together
both said "changed: 1000 updates", one was lost, and every update got two revisions of one
version: every round of `test_two_imports_at_once_take_turns` failed that way on all three
databases (5 of 5 rounds on SQLite WAL, 3 of 3 on the rollback journal and on PostgreSQL), and
two imports into a new database failed 3 of 3 times on SQLite and 2 of 2 on PostgreSQL
(an IntegrityError traceback, or "table alembic_version already exists"). The rounds below are
enough to have hit each of those before the fix.

After every round the history of every update must be one unbroken chain: versions 1..N, each
revision starting from the text the previous one left, the last one being the current text.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from plandesk.importers import read_document
from plandesk.store.service import PlanStore
from plandesk.store.update_writer import versioned_update
from tests.databases import pg_database
from tests.paths import WORKERS
from tests.safety.extract_files import update_text, write_extract

CUED = WORKERS / "cli_on_cue.py"
ACTIVITIES = 1_000
IMPORT_ROUNDS = 3
SAVE_ROUNDS = 3
SAVERS = ("A1.1", "A50.5", "A100.10")


@pytest.fixture(params=["sqlite-wal", "sqlite-rollback", "postgresql"])
def race_target(request, tmp_path, monkeypatch) -> Iterator[str]:
    """A fresh database of each kind; the journal mode reaches the worker processes too."""
    if request.param.startswith("sqlite"):
        if request.param == "sqlite-rollback":
            monkeypatch.setenv("PLANDESK_JOURNAL_MODE", "DELETE")
        yield str(tmp_path / "race.db")
    else:
        yield from pg_database()


class Cued:
    """A `plandesk` command in its own process, warmed up and waiting for its cue."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CUED), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line == "ready\n", line + self.proc.communicate()[1]

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def finish(self) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=300)
        return self.proc.returncode, out, err


def _all_at_once(commands: list[list[str]]) -> list[tuple[int, str, str]]:
    workers = [Cued(*command) for command in commands]
    for worker in workers:
        worker.go()
    return [worker.finish() for worker in workers]


def _histories(db: str) -> dict[int, tuple[str, int, list[tuple]]]:
    """{update id: (current text, version, [(version, before, after, source), …])}."""
    store = PlanStore.open(db)
    try:
        with store.engine.connect() as connection:
            updates = {
                row.id: (row.text, row.version, [])
                for row in connection.execute(text("SELECT id, text, version FROM progress_update"))
            }
            for row in connection.execute(
                text(
                    "SELECT update_id, version, before_text, after_text, source FROM revision "
                    "ORDER BY update_id, version, id"
                )
            ):
                updates[row.update_id][2].append(tuple(row)[1:])
    finally:
        store.close()
    return updates


def _assert_unbroken(db: str) -> dict[int, tuple[str, int, list[tuple]]]:
    histories = _histories(db)
    for update_id, (current, version, revisions) in histories.items():
        versions = [r[0] for r in revisions]
        assert versions == list(range(1, version + 1)), (update_id, versions, version)
        for earlier, later in zip(revisions, revisions[1:], strict=False):
            assert later[1] == earlier[2], f"update {update_id}: v{later[0]} starts elsewhere"
        assert revisions[-1][2] == current, f"update {update_id}: history ends elsewhere"
    return histories


def _import_base(db: str, path: Path) -> None:
    store = PlanStore.open(db)
    try:
        store.import_documents([read_document(path)], author="importer")
    finally:
        store.close()


def test_two_imports_at_once_take_turns(race_target, tmp_path):
    files = [
        write_extract(tmp_path / f"v{n}.txt", ACTIVITIES, f"v{n}")
        for n in range(2 * IMPORT_ROUNDS + 1)
    ]
    _import_base(race_target, files[0])
    if "://" not in race_target:
        with closing(sqlite3.connect(race_target)) as connection:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == ("delete" if os.environ.get("PLANDESK_JOURNAL_MODE") else "wal")
    version = 1
    for round_ in range(IMPORT_ROUNDS):
        pair = files[2 * round_ + 1 : 2 * round_ + 3]
        results = _all_at_once([["--db", race_target, "import", str(path)] for path in pair])
        for code, out, err in results:
            assert code == 0 and "Traceback" not in err, (out, err)
            # They took turns: each changed every update, the second from the first's text.
            assert f"changed: {ACTIVITIES} updates" in out, out
        version += 2
        histories = _assert_unbroken(race_target)
        assert {v for _text, v, _revs in histories.values()} == {version}
        variants = {t.split("from document ")[1].split(":")[0] for t, _v, _r in histories.values()}
        assert len(variants) == 1 and variants < {p.stem for p in pair}, variants
    print(f"\n{IMPORT_ROUNDS} rounds of two {ACTIVITIES}-activity imports at once: none lost")


def test_an_import_racing_officers_saves_loses_neither(race_target, tmp_path):
    files = [write_extract(tmp_path / f"v{n}.txt", ACTIVITIES, f"v{n}") for n in range(4)]
    _import_base(race_target, files[0])
    for round_ in range(SAVE_ROUNDS):
        edits = {ref: f"Officer's edit of {ref} in round {round_}." for ref in SAVERS}
        commands = [["--db", race_target, "import", str(files[round_ + 1])]]
        commands += [
            ["--db", race_target, "update", ref, "--text", edit, "--as", "ann"]
            for ref, edit in edits.items()
        ]
        [(code, out, err), *saves] = _all_at_once(commands)
        assert code == 0 and "Traceback" not in err, (out, err)
        for save_code, save_out, save_err in saves:
            assert save_code == 0, (save_out, save_err)
        histories = _assert_unbroken(race_target)
        texts = {current for current, _v, _r in histories.values()}
        # Every officer's edit is the current text, whichever came first: a save after the
        # import goes on top of it; an import after the save keeps the edit (and says so).
        assert set(edits.values()) <= texts
        others = texts - set(edits.values())
        assert others == {
            update_text(f"A{n // 10 + 1}.{n % 10 + 1}", f"v{round_ + 1}") for n in range(ACTIVITIES)
        } - {update_text(ref, f"v{round_ + 1}") for ref in SAVERS}
        kept = [ref for ref in SAVERS if ref in out]
        assert not kept or "kept your edit" in out
    print(f"\n{SAVE_ROUNDS} rounds of an import racing {len(SAVERS)} saves: none lost")


@pytest.mark.parametrize("attempt", range(2))
def test_two_imports_into_a_new_database_both_succeed(race_target, tmp_path, attempt):
    pair = [write_extract(tmp_path / f"n{n}.txt", ACTIVITIES, f"n{n}") for n in range(2)]
    results = _all_at_once([["--db", race_target, "import", str(path)] for path in pair])
    for code, out, err in results:
        assert code == 0 and "Traceback" not in err and "error" not in err, (out, err)
    outputs = "".join(out for _code, out, _err in results)
    assert outputs.count("created: 1 plan,") == 1, outputs
    assert f"changed: {ACTIVITIES} updates" in outputs
    _assert_unbroken(race_target)


def test_import_revisions_carry_the_time_they_were_written(race_target, tmp_path):
    files = [write_extract(tmp_path / f"t{n}.txt", 50, f"t{n}") for n in range(2)]
    _import_base(race_target, files[0])
    importer = Cued("--db", race_target, "import", str(files[1]))
    store = PlanStore.open(race_target)
    try:
        with store.engine.connect() as connection:
            # Another writer holds what the import needs while it starts.
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.execute(text("SELECT id FROM progress_update FOR UPDATE")).all()
            importer.go()
            time.sleep(2)  # let the import reach the lock and wait there
            released = datetime.now(UTC)
            connection.commit()
        code, out, err = importer.finish()
        assert code == 0, (out, err)
        plan = store.resolve_plan(None)
        activity = store.resolve_activity(plan.id, "A1.1")
        last = store.history(activity.id)[-1]
    finally:
        store.close()
    at = last.at if last.at.tzinfo else last.at.replace(tzinfo=UTC)
    assert last.source.startswith("import ") and at >= released, (at, released)


def test_bulk_versioned_update_counts_only_rows_at_the_version_read(store, tmp_path):
    path = write_extract(tmp_path / "c.txt", 40, "c")
    store.import_documents([read_document(path)], author="importer")
    with store.engine.begin() as connection:
        rows = connection.execute(text("SELECT id, version FROM progress_update")).all()
        changes = [
            {
                "b_id": row.id,
                "b_version": row.version + (n % 2),  # every other one read at a stale version
                "text": "bulk",
                "status": "",
                "author": "bulk",
                "updated_at": datetime.now(UTC),
                "version": row.version + 1,
            }
            for n, row in enumerate(rows)
        ]
        assert versioned_update(connection, changes) == 20
        assert (
            connection.execute(
                text("SELECT count(*) FROM progress_update WHERE text = 'bulk' AND version = 2")
            ).scalar()
            == 20
        )
