"""The quarterly cycle starts in plandesk: open the next period, write its updates beside last
quarter's, set a status on its own. On the real 2020 sample (latest period 2020/21 Q2)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.core.periods import next_quarter
from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.errors import StoreError

runner = CliRunner()


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cycle.db"
    result = run(path, "import", str(QUARTERLY_EXTRACT))
    assert result.exit_code == 0, result.output
    return path


def periods(db) -> list[dict]:
    result = run(db, "periods", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def update_of(db, ref: str, period: str) -> dict | None:
    result = run(db, "show", "--format", "json", "--period", period)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    for objective in shown["objectives"]:
        for commitment in objective["commitments"]:
            for activity in commitment["activities"]:
                if activity["ref"] == ref:
                    return activity["update"]
    raise AssertionError(f"no {ref}")


def test_next_quarter_follows_the_uk_financial_year():
    assert next_quarter(date(2020, 9, 30)).label == "2020/21 Q3"
    assert next_quarter(date(2021, 3, 31)).label == "2021/22 Q1"
    q4 = next_quarter(date(2020, 12, 31))
    assert (q4.label, q4.start, q4.end) == ("2020/21 Q4", date(2021, 1, 1), date(2021, 3, 31))


def test_open_the_next_quarter_and_write_its_updates(db):
    q2_before = update_of(db, "A3.1", "2020/21 Q2")
    result = run(db, "period", "open")
    assert result.exit_code == 0, result.output
    assert "opened 2020/21 Q3 (01 Oct 2020 – 31 Dec 2020)" in result.output
    listed = {p["label"]: p for p in periods(db)}
    assert list(listed)[-1] == "2020/21 Q3"
    assert listed["2020/21 Q3"]["updates"] == 0
    # Written without --period, the update goes to the new quarter; last quarter's stays.
    saved = run(db, "update", "A3.1", "--text", "Board met 12 November.", "--status", "green")
    assert saved.exit_code == 0, saved.output
    assert "for 2020/21 Q3" in saved.output
    q3 = update_of(db, "A3.1", "2020/21 Q3")
    assert (q3["text"], q3["status"]) == ("Board met 12 November.", "On track")
    assert update_of(db, "A3.1", "2020/21 Q2") == q2_before
    assert update_of(db, "A3.2", "2020/21 Q3") is None


def test_a_period_is_opened_once_and_never_overlaps(db):
    assert run(db, "period", "open", "2020/21 Q3").exit_code == 0
    again = run(db, "period", "open", "Q3 2020/21")
    assert again.exit_code == 2
    assert "the plan has the period '2020/21 Q3' already" in again.output
    overlap = run(db, "period", "open", "Nov 2020 - Jan 2021")
    assert overlap.exit_code == 2
    assert "overlaps the plan's period '2020/21 Q3'" in overlap.output
    unreadable = run(db, "period", "open", "next Tuesday")
    assert unreadable.exit_code == 2 and unreadable.output.startswith("error: ")
    assert [p["label"] for p in periods(db)] == ["2020/21 Q2", "2020/21 Q3"]


def test_a_status_on_its_own_keeps_the_text(db):
    before = update_of(db, "A3.1", "2020/21 Q2")
    result = run(db, "update", "A3.1", "--status", "amber")
    assert result.exit_code == 0, result.output
    after = update_of(db, "A3.1", "2020/21 Q2")
    assert (after["text"], after["status"]) == (before["text"], "At risk")
    history = json.loads(run(db, "history", "A3.1", "--format", "json").output)
    assert history[-1]["after"] == before["text"]


def test_the_store_opens_periods_on_every_database(store):
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan(None)
    opened = store.open_period(plan.id, author="officer")
    assert (opened.label, opened.update_count) == ("2020/21 Q3", 0)
    assert store.resolve_period(plan.id).id == opened.id
    with pytest.raises(StoreError, match="already"):
        store.open_period(plan.id, "2020/21 Q3", author="officer")
    assert [p.label for p in store.periods(plan.id)] == ["2020/21 Q2", "2020/21 Q3"]
