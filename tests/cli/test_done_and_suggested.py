"""On the command line: done activities, statuses the rules suggest shown as suggested (`show
--suggest`; plain `show` prints the plan as written), and an officer-set At risk counted like a
flag. On the real 2020 sample with 2020/21 Q3 opened."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT

runner = CliRunner()
Q2, Q3 = "2020/21 Q2", "2020/21 Q3"


def run(db, *args):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, (args, result.output)
    return result.output


@pytest.fixture
def db(tmp_path):
    """A3.1 completed in Q2; Q3 opened; A5.1 set At risk by the officer in Q3, A5.2 updated
    without a status."""
    path = tmp_path / "done.db"
    run(path, "import", str(QUARTERLY_EXTRACT))
    run(path, "update", "A3.1", "--status", "complete")
    run(path, "period", "open")
    run(path, "update", "A5.1", "--text", "Costs agreed; waiting.", "--status", "amber")
    run(path, "update", "A5.2", "--text", "No further update")
    return path


def activities(db, *args) -> dict[str, dict]:
    shown = json.loads(run(db, "show", "--format", "json", *args))
    return {
        a["ref"]: a
        for o in shown["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
        if a["ref"]
    }


def test_show_json_says_done_and_suggested(db):
    q3 = activities(db, "--suggest")
    done = q3["A3.1"]
    assert (done["done"], done["done_in"], done["status"], done["status_suggested"]) == (
        True,
        Q2,
        "Complete",
        False,
    )
    assert (q3["A5.1"]["status"], q3["A5.1"]["status_suggested"]) == ("At risk", False)
    assert (q3["A5.2"]["status"], q3["A5.2"]["status_suggested"]) == ("Stalled", True)
    # No update is a fact, not a suggestion.
    assert (q3["A6.1"]["status"], q3["A6.1"]["status_suggested"]) == ("No update", False)
    assert q3["A6.1"]["done"] is False and q3["A6.1"]["done_in"] is None
    q2 = activities(db, "--period", Q2, "--suggest")
    assert q2["A3.1"]["done_in"] == Q2
    assert q2["A5.1"]["status_suggested"] is True


def test_show_text_marks_suggested_statuses_and_done(db):
    text = run(db, "show", "--suggest")
    assert "update [Stalled (suggested)]:" in text
    assert "update [At risk]:" in text
    assert f"done in {Q2}" in text
    assert "⚑ status: status set to At risk by the officer" in text
    q2 = run(db, "show", "--period", Q2, "--suggest")
    assert "(suggested)]:" in q2 and "update [Complete]:" in q2


def test_show_prints_the_plan_as_written_without_the_rules(db):
    """Without `--suggest` only what officers wrote and set: no status the rules infer, no
    flag; the done state (a fact of the statuses set) is still there."""
    q3 = activities(db)
    assert (q3["A5.1"]["status"], q3["A5.1"]["status_suggested"]) == ("At risk", False)
    assert (q3["A5.2"]["status"], q3["A5.2"]["status_suggested"]) == ("", False)
    # The facts stand without the rules: no update, and done (Complete, as set in Q2).
    assert (q3["A6.1"]["status"], q3["A6.1"]["update"]) == ("No update", None)
    assert (q3["A3.1"]["done"], q3["A3.1"]["done_in"], q3["A3.1"]["status"]) == (
        True,
        Q2,
        "Complete",
    )
    assert not any(a["status_suggested"] for a in q3.values())
    text = run(db, "show")
    assert "(suggested)" not in text and "⚑" not in text
    assert "update [At risk]:" in text and f"done in {Q2}" in text
    assert "      update:\n        No further update" in text


def test_stalled_counts_the_officers_at_risk_and_leaves_done_out(db):
    items = {i["ref"]: i for i in json.loads(run(db, "stalled", "--format", "json"))}
    assert "A3.1" not in items  # done in Q2: no update expected in Q3
    a51 = items["A5.1"]
    assert (a51["status"], a51["status_suggested"]) == ("At risk", False)
    assert a51["reasons"][0] == {
        "rule": "status",
        "detail": "status set to At risk by the officer",
    }
    assert items["A5.2"]["status_suggested"] is True
    assert items["A6.1"]["reasons"][0]["rule"] == "missing"
    text = run(db, "stalled")
    assert "status: status set to At risk by the officer" in text
    assert "Stalled (suggested)" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_exports_mark_suggested_and_count_the_officers_at_risk(db, fmt):
    document = run(db, "export", "--format", fmt, "-o", "-", "--date", "2021-01-05")
    assert "Stalled (suggested)" in document
    assert "status set to At risk by the officer" in document
    if fmt == "md":
        stalled = document.split("## Stalled and at risk")[1].split("\n## ")[0]
        assert "- **[A5.1](#a5-1)** · *▲ At risk* · commitment A5, objective 1" in stalled
        assert "**[A3.1]" not in stalled
        assert "##### A3.1 · *✔ Complete* {#a3-1}\n" in document
