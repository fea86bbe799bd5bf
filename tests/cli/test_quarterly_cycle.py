"""One quarter of an officer's work, from the command line, on the real 2020 sample: open Q3,
change the plan, write updates and statuses, chase the leads, close Q2, review what the Panel
gets. Each step's result is read back through the other commands, so the pieces agree."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT
from tests.databases import sqlite_fingerprint

runner = CliRunner()
Q2, Q3 = "2020/21 Q2", "2020/21 Q3"


def ok(db, *args) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], env={"PLANDESK_USER": "ann"})
    assert result.exit_code == 0, (args, result.output)
    return result.output


def refused(db, *args) -> str:
    before = sqlite_fingerprint(db)
    result = runner.invoke(app, ["--db", str(db), *args], env={"PLANDESK_USER": "ann"})
    assert result.exit_code == 2, (args, result.output)
    assert sqlite_fingerprint(db) == before, f"{args} changed the database"
    return result.output


def activities(db, *args) -> dict[str, dict]:
    shown = json.loads(ok(db, "show", "--format", "json", *args))
    return {
        a["ref"]: a
        for o in shown["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
        if a["ref"]
    }


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "office.db"
    ok(path, "import", str(QUARTERLY_EXTRACT))
    return path


def test_a_quarter_from_opening_to_closing(db):
    # Last quarter's work: A7.1 was finished in Q2 (the officer says so).
    ok(db, "update", "A7.1", "--period", Q2, "--status", "complete")

    # 1. Open the next quarter: empty, last quarter's updates beside it.
    assert "opened 2020/21 Q3" in ok(db, "period", "open")
    q3 = activities(db)
    assert all(a["update"] is None for a in q3.values())
    assert q3["A3.1"]["previous"]["period"] == Q2 and q3["A3.1"]["previous"]["text"]
    # A7.1 is done: not expected to update, nor flagged, nor chased.
    assert (q3["A7.1"]["done"], q3["A7.1"]["done_in"], q3["A7.1"]["status"]) == (
        True,
        Q2,
        "Complete",
    )
    stalled = {s["ref"] for s in json.loads(ok(db, "stalled", "--format", "json"))}
    assert "A7.1" not in stalled and "A3.1" in stalled

    # 2. The plan changes: a lead and a due date, a new activity, a retired one.
    ok(db, "activity", "edit", "A3.1", "--lead", "Jane Smith", "--due", "31/03/2021")
    ok(
        db,
        "activity",
        "add",
        "A3",
        "--ref",
        "A3.3",
        "--text",
        "Publish the Board's minutes",
        "--lead",
        "Jane Smith",
    )
    ok(db, "activity", "retire", "A3.2", "--reason", "Merged into A3.1")
    q3 = activities(db)
    assert (q3["A3.1"]["lead"], q3["A3.1"]["due"]) == ("Jane Smith", "2021-03-31")
    assert "A3.3" in q3 and "A3.2" not in q3
    assert "A3.2" in activities(db, "--retired")

    # 3. Chase: Jane owes A3.1 and A3.3; A7.1 (done) and A3.2 (retired) owe nothing.
    chase = json.loads(ok(db, "chase", "--lead", "jane smith", "--format", "json"))
    assert [g["lead"] for g in chase] == ["Jane Smith"]
    assert [a["ref"] for a in chase[0]["activities"]] == ["A3.1", "A3.3"]
    assert chase[0]["activities"][0]["due"] == "2021-03-31"
    everyone = json.loads(ok(db, "chase", "--format", "json"))
    owed = {a["ref"] for g in everyone for a in g["activities"]}
    assert not owed & {"A7.1", "A3.2"}

    # 4. Updates and statuses: written to Q3, the latest open period.
    ok(
        db,
        "update",
        "A3.1",
        "--text",
        "Board met 12 November; new terms agreed.",
        "--status",
        "on track",
    )
    ok(db, "update", "A3.3", "--status", "at risk")
    q3 = activities(db)
    assert q3["A3.1"]["update"]["text"].startswith("Board met 12 November")
    assert (q3["A3.1"]["status"], q3["A3.1"]["status_suggested"]) == ("On track", False)
    # The officer's At risk counts with the flagged items; a rules' guess says it is one.
    flagged = {s["ref"]: s for s in json.loads(ok(db, "stalled", "--format", "json"))}
    assert "A3.3" in flagged
    assert any(r["rule"] == "status" for r in flagged["A3.3"]["reasons"])
    # No update yet is a fact, not a guess; in Q2 the rules' statuses are marked suggested.
    assert (q3["A6.1"]["status"], q3["A6.1"]["status_suggested"]) == ("No update", False)
    q2 = activities(db, "--period", Q2, "--suggest")
    assert q2["A6.1"]["update"]["status"] == "" and q2["A6.1"]["status_suggested"] is True
    chase = json.loads(ok(db, "chase", "--lead", "Jane Smith", "--format", "json"))
    assert [a["ref"] for a in chase[0]["activities"]] == ["A3.3"]  # flagged: still owed

    # 5. Q2 has gone to the Panel: close it; nothing in it can change any more.
    ok(db, "period", "close", Q2)
    message = refused(db, "update", "A3.1", "--period", Q2, "--text", "Rewritten")
    assert "closed" in message and "period reopen" in message
    refused(db, "acknowledge", "B1.1", "--period", Q2, "--note", "chased")
    periods = {p["label"]: p for p in json.loads(ok(db, "periods", "--format", "json"))}
    assert (periods[Q2]["closed"], periods[Q3]["closed"]) == (True, False)

    # 6. Reopen it for a correction, with a reason; the write names the older period.
    ok(db, "period", "reopen", Q2, "--reason", "Panel asked for a correction to A3.1")
    said = ok(db, "update", "A3.1", "--period", Q2, "--text", "Terms of reference agreed.")
    assert f"written in {Q2}, not the latest period {Q3}" in said

    # 7. The history tells the whole story, who and why.
    history = ok(db, "history")
    for words in (
        "period open",
        "activity edit",
        "activity add",
        "activity retire",
        "period close",
        "period reopen",
        "Panel asked for a correction",
    ):
        assert words in history, words
    assert "Merged into A3.1" in ok(db, "history", "A3.2")

    # 8. What the Panel receives: the retired activity is gone, suggestions are marked.
    paper = ok(db, "export", "--format", "md", "-o", "-")
    assert "A3.3" in paper and "Merged into A3.1" not in paper
    assert "(suggested)" in paper
