"""Closing a period once it has gone to the Panel, reopening it with a reason, and writes going
to the latest open period. On the real 2020 sample (latest period 2020/21 Q2)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.errors import StoreError
from plandesk.store.plan_history import plan_changes
from tests.databases import sqlite_fingerprint

runner = CliRunner()
Q2, Q3 = "2020/21 Q2", "2020/21 Q3"


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path):
    """The 2020 sample with Q3 opened and two of its updates written, and Q2 closed."""
    path = tmp_path / "cycle.db"
    for args in (
        ("import", str(QUARTERLY_EXTRACT)),
        ("period", "open"),
        ("update", "A3.1", "--text", "Board met 12 November.", "--status", "green"),
        ("update", "A3.2", "--text", "Terms agreed."),
        ("period", "close", Q2),
    ):
        result = run(path, *args)
        assert result.exit_code == 0, (args, result.output)
    return path


def periods(db) -> dict[str, dict]:
    result = run(db, "periods", "--format", "json")
    assert result.exit_code == 0, result.output
    return {p["label"]: p for p in json.loads(result.output)}


def changes(db) -> list:
    from plandesk.store.service import PlanStore

    store = PlanStore.open(str(db))
    try:
        plan = store.resolve_plan(None)
        with Session(store.engine) as session:
            return plan_changes(session, plan.id)
    finally:
        store.close()


def test_periods_show_their_state(db):
    listed = periods(db)
    assert listed[Q2]["closed"] is True
    assert listed[Q2]["closed_by"] == "test-officer"
    assert listed[Q2]["closed_at"]
    assert (listed[Q3]["closed"], listed[Q3]["closed_at"], listed[Q3]["closed_by"]) == (
        False,
        None,
        None,
    )
    text = run(db, "periods").output
    q2_line = next(line for line in text.splitlines() if Q2 in line)
    q3_line = next(line for line in text.splitlines() if Q3 in line)
    assert "closed by test-officer" in q2_line
    assert q3_line.rstrip().endswith("open")


@pytest.mark.parametrize(
    "args",
    [
        ("update", "A3.1", "--period", Q2, "--text", "Rewritten after the Panel."),
        ("update", "A3.1", "--period", Q2, "--status", "red"),
        ("acknowledge", "A3.1", "--period", Q2, "--note", "chased"),
        ("acknowledge", "A3.1", "--period", Q2, "--clear"),
        ("import", str(QUARTERLY_EXTRACT)),
    ],
)
def test_a_closed_period_refuses_writes_and_changes_nothing(db, args):
    before = sqlite_fingerprint(db)
    result = run(db, *args)
    assert result.exit_code == 2, result.output
    assert f"the period {Q2} is closed" in result.output
    assert f'plandesk period reopen "{Q2}" --reason' in result.output
    assert sqlite_fingerprint(db) == before


def test_reopen_needs_a_reason_and_is_recorded(db):
    missing = run(db, "period", "reopen", Q2)
    assert missing.exit_code == 2
    blank = run(db, "period", "reopen", Q2, "--reason", "   ")
    assert blank.exit_code == 2 and "say why" in blank.output
    assert periods(db)[Q2]["closed"] is True
    result = run(db, "period", "reopen", Q2, "--reason", "Panel asked for a correction")
    assert result.exit_code == 0, result.output
    assert periods(db)[Q2]["closed"] is False
    saved = run(db, "update", "A3.1", "--period", Q2, "--text", "Corrected after the Panel.")
    assert saved.exit_code == 0, saved.output
    history = [(c.action, c.subject, c.reason, c.author) for c in changes(db)]
    assert history == [
        ("period open", Q3, "", "test-officer"),
        ("period close", Q2, "", "test-officer"),
        ("period reopen", Q2, "Panel asked for a correction", "test-officer"),
    ]


def test_closing_twice_or_reopening_an_open_period_is_refused(db):
    again = run(db, "period", "close", Q2)
    assert again.exit_code == 2 and f"the period {Q2} is closed already" in again.output
    reopen_open = run(db, "period", "reopen", Q3, "--reason", "why not")
    assert reopen_open.exit_code == 2 and f"the period {Q3} is open already" in reopen_open.output
    assert len(changes(db)) == 2


def test_close_defaults_to_the_latest_open_period(db):
    result = run(db, "period", "close")
    assert result.exit_code == 0, result.output
    assert f"closed {Q3}" in result.output
    assert all(p["closed"] for p in periods(db).values())
    nothing_open = run(db, "update", "A3.1", "--text", "Too late.")
    assert nothing_open.exit_code == 2
    assert "every period of the plan is closed" in nothing_open.output
    assert run(db, "period", "close").exit_code == 2


def test_writes_default_to_the_latest_open_period_and_name_an_older_one(db):
    # Q3 closed and Q2 reopened: a write without --period goes to Q2, and says so.
    assert run(db, "period", "close", Q3).exit_code == 0
    assert run(db, "period", "reopen", Q2, "--reason", "late correction").exit_code == 0
    saved = run(db, "update", "A5.1", "--text", "Corrected: delayed until October.")
    assert saved.exit_code == 0, saved.output
    assert f"for {Q2}" in saved.output
    assert f"in {Q2}, not the latest period {Q3}" in saved.output
    acked = run(db, "acknowledge", "A5.1", "--note", "seen")
    assert acked.exit_code == 0, acked.output
    assert f"in {Q2}, not the latest period {Q3}" in acked.output
    # Written to the latest period, nothing more is said.
    assert run(db, "period", "reopen", Q3, "--reason", "one more").exit_code == 0
    latest = run(db, "update", "A5.1", "--text", "Q3 words.")
    assert latest.exit_code == 0 and "not the latest period" not in latest.output
    assert f"for {Q3}" in latest.output


def test_drafts_are_kept_in_a_closed_period(store):
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan(None)
    q2 = store.resolve_period(plan.id)
    match = store.resolve_activity(plan.id, "A3.1")
    store.close_period(plan.id, author="officer")
    with pytest.raises(StoreError, match="closed"):
        store.save_update(match.id, q2.id, "New words", author="officer")
    store.save_draft(match.id, q2.id, "New words", author="officer")
    assert [d.text for d in store.drafts(plan.id, "officer")] == ["New words"]


def test_close_and_reopen_on_every_database(store):
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan(None)
    q3 = store.open_period(plan.id, author="officer")
    q2 = store.close_period(plan.id, Q2, author="officer")
    assert q2.is_closed and q2.closed_by == "officer"
    assert store.writable_period(plan.id).id == q3.id
    with pytest.raises(StoreError, match="closed"):
        store.writable_period(plan.id, Q2)
    match = store.resolve_activity(plan.id, "A3.1")
    before = store.update_for(match.id, q2.id)
    with pytest.raises(StoreError, match=f"the period {Q2} is closed"):
        store.save_update(match.id, q2.id, "Changed", author="officer", status="red")
    with pytest.raises(StoreError, match="closed"):
        store.acknowledge(match.id, q2.id, "seen", author="officer")
    with pytest.raises(StoreError, match="closed"):
        store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    assert store.update_for(match.id, q2.id) == before
    assert store.acknowledgements(match.id) == []
    with pytest.raises(StoreError, match="say why"):
        store.reopen_period(plan.id, Q2, reason=" ", author="officer")
    reopened = store.reopen_period(plan.id, Q2, reason="correction", author="officer")
    assert not reopened.is_closed
    store.save_update(match.id, q2.id, "Changed", author="officer")
    with Session(store.engine) as session:
        actions = [(c.action, c.reason) for c in plan_changes(session, plan.id)]
    assert actions == [("period open", ""), ("period close", ""), ("period reopen", "correction")]
