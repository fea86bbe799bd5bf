"""Concurrency: real processes editing the same update at the same moment, on SQLite and on
PostgreSQL.

Two officers read the same version of an update and save at once: exactly one wins, the other
gets a conflict, resolves it by merging, and saves; the history then holds both texts and
nothing is lost. Several scripted writers hammering one update all get through: the busy
timeout waits, nobody sees `database is locked`.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading

import pytest

from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore
from tests.paths import WORKERS

EDITOR = WORKERS / "editor.py"
ROUNDS = 20
HAMMERERS = 4
HAMMER_SAVES = 30


class Editor:
    """One editor process and the lines it prints."""

    def __init__(self, db: str, name: str) -> None:
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, str(EDITOR), db, name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=dict(os.environ),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def expect(self, timeout: float = 60) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"{self.name} said nothing for {timeout} s")
        if not line or line.startswith("error "):
            pytest.fail(f"{self.name}: {line or 'exited'}\n{self.stderr()}")
        return line

    def stderr(self) -> str:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        assert self.proc.stderr is not None
        return self.proc.stderr.read()

    def close(self) -> str:
        """Stop the editor; returns what it wrote on stderr."""
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.proc.kill()
                self.proc.wait()
        assert self.proc.stderr is not None
        return self.proc.stderr.read()


def _prepared(db_target: str) -> tuple[int, int]:
    """Import the sample; (activity without an update yet, period)."""
    store = PlanStore.open(db_target)
    try:
        store.import_documents([read_document(QUARTERLY_EXTRACT)], author="sample import")
        plan = store.resolve_plan(None)
        period = store.resolve_period(plan.id)
        empty = [a.id for a in store.snapshot(plan.id, period.id).activities() if a.update is None]
        assert empty, "the sample has no activity without an update"
        return empty[0], period.id
    finally:
        store.close()


def test_two_officers_saving_the_same_update_at_once(db_target):
    activity, period = _prepared(db_target)
    editors = [Editor(db_target, "ann"), Editor(db_target, "bob")]
    conflicts = 0
    try:
        for editor in editors:
            assert editor.expect() == "ready"
        for round_ in range(ROUNDS):
            for editor in editors:
                editor.send(f"read {activity} {period}")
            versions = {editor.expect() for editor in editors}
            assert len(versions) == 1, versions
            start = int(versions.pop().split()[1])
            # Both were told to save before either answered: the saves race. Alternate who
            # is told first, so each wins sometimes.
            order = editors if round_ % 2 == 0 else editors[::-1]
            texts = {e.name: f"{e.name} round {round_}: text typed by {e.name}" for e in order}
            for editor in order:
                editor.send(f"save {texts[editor.name]}")
            outcomes = {editor.name: editor.expect() for editor in order}
            winners = [name for name, line in outcomes.items() if line.startswith("saved ")]
            losers = [name for name, line in outcomes.items() if line.startswith("conflict ")]
            assert len(winners) == 1 and len(losers) == 1, outcomes
            [winner], [loser] = winners, losers
            assert outcomes[winner] == f"saved {start + 1}"
            loser_editor = next(e for e in editors if e.name == loser)
            assert loser_editor.expect() == f"resolved {start + 2}"
            conflicts += 1

            store = PlanStore.open(db_target)
            try:
                current = store.update_for(activity, period)
                history = [r for r in store.history(activity) if r.version > start]
            finally:
                store.close()
            merged = f"{texts[winner]}\n{texts[loser]}"
            assert (current.version, current.text, current.author) == (start + 2, merged, loser)
            assert [(r.version, r.author, r.after_text) for r in history] == [
                (start + 1, winner, texts[winner]),
                (start + 2, loser, merged),
            ]
    finally:
        errors = "".join(editor.close() for editor in editors)
    assert "database is locked" not in errors
    assert "Traceback" not in errors, errors

    store = PlanStore.open(db_target)
    try:
        history = store.history(activity)
    finally:
        store.close()
    assert [r.version for r in history] == list(range(1, 2 * ROUNDS + 1))
    everything = "\n".join(r.after_text for r in history)
    for round_ in range(ROUNDS):
        for name in ("ann", "bob"):
            assert f"{name} round {round_}: text typed by {name}" in everything
    assert conflicts == ROUNDS
    print(f"\n{ROUNDS} concurrent rounds, {conflicts} conflicts resolved, nothing lost")


def test_writers_hammering_one_update_all_get_through(db_target):
    activity, period = _prepared(db_target)
    editors = [Editor(db_target, f"clerk{i}") for i in range(HAMMERERS)]
    try:
        for editor in editors:
            assert editor.expect() == "ready"
        for editor in editors:
            editor.send(f"hammer {activity} {period} {HAMMER_SAVES}")
        for editor in editors:
            assert editor.expect(120) == f"hammered {HAMMER_SAVES}"
    finally:
        errors = "".join(editor.close() for editor in editors)
    assert "database is locked" not in errors
    assert "Traceback" not in errors, errors
    store = PlanStore.open(db_target)
    try:
        history = store.history(activity)
    finally:
        store.close()
    assert [r.version for r in history] == list(range(1, HAMMERERS * HAMMER_SAVES + 1))
    for i in range(HAMMERERS):
        mine = [r.after_text for r in history if r.author == f"clerk{i}"]
        assert mine == [f"clerk{i} scripted edit {n}" for n in range(HAMMER_SAVES)]
