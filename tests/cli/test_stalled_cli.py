"""`plandesk stalled` and `plandesk acknowledge` end to end on the real samples."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT

runner = CliRunner()


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "stalled.db"
    result = run(path, "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT))
    assert result.exit_code == 0, result.output
    return path


def stalled(db, *args):
    result = run(db, "stalled", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_shape_and_missing_update(db):
    items = stalled(db, "--plan", "2018")
    assert items, "the 2018 plan has flagged items"
    for item in items:
        assert set(item) == {
            "ref",
            "commitment_ref",
            "objective",
            "status",
            "status_suggested",
            "reasons",
            "reported_under",
            "acknowledged",
        }
        assert item["reasons"] and all(set(r) == {"rule", "detail"} for r in item["reasons"])
    # D5.2's progress-update cell is empty in the report: the one "missing" of 2018.
    missing = [i for i in items if any(r["rule"] == "missing" for r in i["reasons"])]
    assert [(i["ref"], i["commitment_ref"], i["status"]) for i in missing] == [
        ("D5.2", "D.5", "No update")
    ]


def test_an_update_that_only_refers_elsewhere_is_reported_under_its_targets(db):
    items = {i["ref"]: i for i in stalled(db, "--plan", "2018")}
    # A1.2's whole update is "Refer to A1.2 and A2.1": A2.1 is Complete, so it is not flagged.
    assert "A1.2" not in items
    # D8's "Refer to D2 and D5" is flagged because D5.2 is (no update).
    assert items["D8"]["reasons"] == [
        {
            "rule": "reported under",
            "detail": "D5, flagged: D5.2 missing: no update for this period",
        }
    ]
    assert items["D8"]["reported_under"][1] == {
        "ref": "D5",
        "status": "No update",
        "flagged": "D5.2 missing: no update for this period",
    }
    text = run(db, "stalled", "--plan", "2018").output
    assert "reported under D2 (On track), D5 (No update)" in text


def test_complete_items_are_not_flagged(db):
    refs = {i["ref"] for i in stalled(db, "--plan", "2018")}
    # A2.1, A2.2, A4.8 and A5.3 each say just "Complete".
    assert not refs & {"A2.1", "A2.2", "A4.8", "A5.3"}


def test_slipping_quotes_the_words(db):
    items = {i["ref"]: i for i in stalled(db)}
    detail = next(r["detail"] for r in items["A3.1"]["reasons"] if r["rule"] == "slipping")
    assert "postponed" in detail


def test_acknowledge_then_open_only_and_history(db):
    before = stalled(db)
    target = next(i for i in before if i["ref"] == "A3.1")
    assert target["acknowledged"] is None
    result = run(db, "acknowledge", "A3.1", "--note", "chased at HTA 12 June", "--as", "ann")
    assert result.exit_code == 0, result.output
    after = {i["ref"]: i for i in stalled(db)}
    ack = after["A3.1"]["acknowledged"]
    assert (ack["note"], ack["author"]) == ("chased at HTA 12 June", "ann")
    open_refs = {i["ref"] for i in stalled(db, "--open")}
    assert "A3.1" not in open_refs
    assert len(open_refs) == len(before) - 1
    cleared = run(db, "acknowledge", "A3.1", "--clear")
    assert cleared.exit_code == 0, cleared.output
    assert "A3.1" in {i["ref"] for i in stalled(db, "--open")}


def test_acknowledge_needs_a_note(db):
    result = run(db, "acknowledge", "A3.1")
    assert result.exit_code == 2
    assert "--note" in result.output


def test_text_output_names_plan_and_counts(db):
    result = run(db, "stalled")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("Plan: Safer West Mercia Plan 2020 · period 2020/21 Q2 · ")
    assert "flagged" in first and "open" in first
