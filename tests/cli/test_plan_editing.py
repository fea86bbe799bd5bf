"""Editing the plan from the command line, on the real 2020 sample: add, fix, move, retire and
reopen; refused input exits 2 having written nothing; `history` shows who changed what."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import QUARTERLY_EXTRACT
from tests.databases import sqlite_fingerprint

runner = CliRunner()


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


def ok(db, *args):
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "plan.db"
    ok(path, "import", str(QUARTERLY_EXTRACT))
    return path


def shown(db, *args) -> dict:
    return json.loads(ok(db, "show", "--format", "json", *args).output)


def activities_of(db, commitment: str, *args) -> list[dict]:
    for objective in shown(db, *args)["objectives"]:
        for c in objective["commitments"]:
            if c["ref"] == commitment:
                return c["activities"]
    raise AssertionError(f"no commitment {commitment}")


def test_add_edit_and_move_an_activity(db):
    added = ok(
        db,
        "activity", "add", "a3", "--ref", "A3.3", "--text", "Set up the new bord",
        "--lead", "JB", "--due", "31 March 2021", "--as", "ann",
    )  # fmt: skip
    assert "added activity A3/A3.3 in 'Safer West Mercia Plan 2020'" in added.output
    assert [a["ref"] for a in activities_of(db, "A3")] == ["A3.1", "A3.2", "A3.3"]
    fixed = ok(db, "activity", "edit", "а3.3", "--text", "Set up the new board", "--due", "")
    assert "text: 'Set up the new bord' → 'Set up the new board'" in fixed.output
    assert "due: '2021-03-31' → —" in fixed.output
    edit = json.loads(ok(db, "activity", "edit", "A3.3", "--lead", "Jo", "--format", "json").output)
    assert edit["changed"] and edit["change"]["before"] == {"lead": "JB"}
    assert edit["change"]["after"] == {"lead": "Jo"}
    ok(db, "activity", "edit", "A3.3", "--commitment", "A4")
    assert [a["ref"] for a in activities_of(db, "A3")] == ["A3.1", "A3.2"]
    assert activities_of(db, "A4")[-1]["text"] == "Set up the new board"
    same = ok(db, "activity", "edit", "A3.3", "--lead", "Jo")
    assert "nothing to change" in same.output


def test_history_lists_plan_changes_with_update_revisions(db):
    ok(db, "update", "A3.1", "--text", "Board met.", "--as", "bob")
    ok(db, "activity", "edit", "A3.1", "--lead", "JB", "--as", "ann")
    ok(db, "activity", "retire", "A3.1", "--reason", "Merged into A3.2", "--as", "ann")
    text = ok(db, "history", "A3.1").output
    assert "A3/A3.1 in Safer West Mercia Plan 2020: 2 revisions, 2 changes" in text
    assert "ann  activity edit  A3/A3.1" in text and "lead: — → 'JB'" in text
    assert "ann  activity retire  A3/A3.1" in text and "reason: Merged into A3.2" in text
    assert text.index("Board met.") < text.index("activity edit")
    entries = json.loads(ok(db, "history", "A3.1", "--format", "json").output)
    assert [e.get("action", e.get("version")) for e in entries] == [
        1, 2, "activity edit", "activity retire",
    ]  # fmt: skip
    whole = json.loads(ok(db, "history", "--format", "json").output)
    assert [(e["action"], e["subject"], e["author"]) for e in whole] == [
        ("activity edit", "A3/A3.1", "ann"),
        ("activity retire", "A3/A3.1", "ann"),
    ]
    assert "Plan: Safer West Mercia Plan 2020 · 2 changes to the plan" in ok(db, "history").output


def test_retired_activity_leaves_show_stalled_export_and_search_and_comes_back(db, tmp_path):
    flagged = [r["ref"] for r in json.loads(ok(db, "stalled", "--format", "json").output)]
    assert "A3.1" in flagged
    ok(db, "activity", "retire", "A3.1", "--reason", "Merged into A3.2")
    assert [a["ref"] for a in activities_of(db, "A3")] == ["A3.2"]
    assert "A3.1:" not in ok(db, "show").output
    stalled = [r["ref"] for r in json.loads(ok(db, "stalled", "--format", "json").output)]
    assert "A3.1" not in stalled and "A3.2" in stalled
    export = ok(db, "export").output
    assert "revictimisation" not in export and "A3.2" in export
    # Still there on demand.
    retired = ok(db, "show", "--retired").output
    assert "A3.1 [retired: Merged into A3.2]: Work with partners" in retired
    marked = activities_of(db, "A3", "--retired")
    assert [(a["ref"], a["retired"]) for a in marked] == [
        ("A3.1", "Merged into A3.2"),
        ("A3.2", None),
    ]
    assert run(db, "update", "A3.1", "--text", "x").exit_code == 2
    again = run(db, "activity", "retire", "A3.1", "--reason", "twice")
    assert again.exit_code == 2 and "A3/A3.1 is retired; reopen it first" in again.output
    ok(db, "activity", "reopen", "A3.1")
    assert [a["ref"] for a in activities_of(db, "A3")] == ["A3.1", "A3.2"]


def test_retired_commitment_and_reopen(db):
    ok(db, "commitment", "retire", "A3", "--reason", "Folded into A2")
    assert "A3 [commissioner] [retired: Folded into A2]" in ok(db, "show", "--retired").output
    assert "  A3 [" not in ok(db, "show").output
    refused = run(db, "activity", "reopen", "A3.1")
    assert refused.exit_code == 2 and "reopen that with" in refused.output
    ok(db, "commitment", "reopen", "A3")
    assert [a["ref"] for a in activities_of(db, "A3")] == ["A3.1", "A3.2"]


def test_reopen_a_completed_activity(db):
    ok(db, "update", "A3.1", "--status", "complete")
    ok(db, "period", "open")
    reopened = ok(db, "activity", "reopen", "A3.1")
    assert "done_in: '2020/21 Q2'" in reopened.output
    assert "reopened_after: '2020/21 Q3'" in reopened.output
    again = run(db, "activity", "reopen", "A3.1")
    assert again.exit_code == 2 and "neither retired nor done" in again.output


def test_commitments_and_objectives(db):
    ok(db, "commitment", "add", "1", "--ref", "A9", "--title", "Listen to victims")
    ok(db, "commitment", "edit", "a9", "--kind", "policing", "--objective", "reassuring")
    commitments = shown(db)["objectives"][3]["commitments"]
    assert (commitments[-1]["ref"], commitments[-1]["kind"]) == ("A9", "policing")
    ok(db, "objective", "add", "Keeping people safe online")
    ok(db, "objective", "edit", "5", "--title", "Keeping people safe online and off")
    assert shown(db)["objectives"][-1]["title"] == "Keeping people safe online and off"
    ok(db, "activity", "add", "A9", "--text", "First activity")
    assert [a["text"] for a in activities_of(db, "A9")] == ["First activity"]


@pytest.mark.parametrize(
    "args",
    [
        ("activity", "edit", "Z9.9", "--text", "x"),
        ("activity", "retire", "Z9.9", "--reason", "x"),
        ("activity", "reopen", "Z9.9"),
        ("activity", "add", "Z9", "--text", "x"),
        ("activity", "add", "A3", "--ref", "A3.1", "--text", "taken"),
        ("activity", "add", "A3", "--ref", "a3.1", "--text", "taken, any case"),
        ("activity", "add", "A3", "--ref", "А3.1", "--text", "taken, Cyrillic A"),
        ("activity", "edit", "A3.2", "--ref", "a3.1"),
        ("activity", "add", "A3", "--text", "x", "--due", "soon"),
        ("activity", "edit", "A3.1", "--due", "31/02/2021"),
        ("activity", "edit", "A3.1"),
        ("activity", "edit", "A3.1", "--commitment", "Z9"),
        ("activity", "retire", "A3.1", "--reason", " "),
        ("activity", "reopen", "A3.1"),
        ("commitment", "add", "1", "--ref", "а3", "--title", "taken"),
        ("commitment", "add", "7", "--ref", "A10", "--title", "no such objective"),
        ("commitment", "edit", "A3", "--kind", "other"),
        ("commitment", "reopen", "A3"),
        ("objective", "edit", "Re", "--title", "two start so"),
        ("objective", "edit", "1", "--title", ""),
    ],
)
def test_refused_input_exits_2_and_writes_nothing(db, args):
    before = sqlite_fingerprint(db)
    result = run(db, *args)
    assert result.exit_code == 2, result.output
    assert "error:" in result.output
    assert sqlite_fingerprint(db) == before


def test_reimport_after_edits_keeps_them_even_with_overwrite(db):
    ok(db, "activity", "edit", "A2.2", "--text", "Refresh the commissioning strategy")
    ok(db, "activity", "edit", "A3.1", "--commitment", "A4")
    ok(db, "activity", "retire", "A3.2", "--reason", "Merged into A3.1")
    for extra in ((), ("--overwrite",)):
        result = ok(db, "import", str(QUARTERLY_EXTRACT), *extra)
        assert "kept your edit; the document says something else (3): " in result.output
        assert "A2.2 (plan edit: text), A3.1 (plan edit: commitment), A3.2 (retired)" in (
            result.output
        )
        assert "edits of the plan itself and retirements stay" in result.output
        assert "--overwrite to take" not in result.output
    assert activities_of(db, "A2")[1]["text"] == "Refresh the commissioning strategy"
    assert activities_of(db, "A3") == []
    assert activities_of(db, "A4")[-1]["ref"] == "A3.1"
    assert "A3.2 [retired: Merged into A3.1]" in ok(db, "show", "--retired").output


def test_whatever_is_typed_an_edit_ends_cleanly(tmp_path_factory):
    """Refs, due dates and text typed anyhow: exit 0 or a clean `error: …` (exit 2), never a
    traceback; a refused edit writes nothing."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    db = tmp_path_factory.mktemp("fuzz") / "plan.db"
    ok(db, "import", str(QUARTERLY_EXTRACT))
    typed = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(ref=typed, due=typed, text=typed, target=st.sampled_from(["A3", "а3", "Z9", "(a3"]))
    def add(ref, due, text, target):
        before = sqlite_fingerprint(db)
        result = run(db, "activity", "add", target, "--ref", ref, "--due", due, "--text", text)
        assert result.exit_code in (0, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code:
            assert sqlite_fingerprint(db) == before

    add()
