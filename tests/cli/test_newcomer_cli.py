"""The CLI's rough edges a newcomer hit (issue 14, items 10, 11, 13 and 15), on the real samples."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.service import PlanStore

runner = CliRunner()


def run(db, *args, env=None):
    return runner.invoke(app, ["--db", str(db), *args], env=env)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "newcomer.db"
    result = run(path, "import", str(PANEL_REPORT), str(QUARTERLY_EXTRACT))
    assert result.exit_code == 0, result.output
    return path


def acknowledgements(db, ref):
    store = PlanStore.open(str(db), create=False)
    try:
        plan = store.resolve_plan()
        return store.acknowledgements(store.resolve_activity(plan.id, ref).id)
    finally:
        store.close()


# ------------------------------------------------------------------ 10: acknowledge


def test_acknowledging_an_activity_with_no_flag_is_refused(db):
    # A2.2's update is on track: the stall rules flag nothing.
    result = run(db, "acknowledge", "A2.2", "--note", "seen", "--as", "ann")
    assert result.exit_code == 2, result.output
    assert "A2.2 has no flag in 2020/21 Q2" in result.output
    assert acknowledgements(db, "A2.2") == []


def test_withdrawing_when_there_is_nothing_to_withdraw_says_so(db):
    first = run(db, "acknowledge", "A3.1", "--note", "chased", "--as", "ann")
    assert first.exit_code == 0, first.output
    withdrawn = run(db, "acknowledge", "A3.1", "--clear", "--as", "ann")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert "withdrew the acknowledgement of" in withdrawn.output and "A3.1" in withdrawn.output
    again = run(db, "acknowledge", "A3.1", "--clear", "--as", "ann")
    assert again.exit_code == 2, again.output
    assert "withdrew" not in again.output
    assert "A3.1 has no acknowledgement in 2020/21 Q2 to withdraw" in again.output
    assert [cleared for _, _, cleared in acknowledgements(db, "A3.1")] == [False, True]


def test_note_and_clear_together_is_an_error(db):
    assert run(db, "acknowledge", "A3.1", "--note", "chased", "--as", "ann").exit_code == 0
    result = run(db, "acknowledge", "A3.1", "--note", "x", "--clear", "--as", "ann")
    assert result.exit_code == 2, result.output
    assert "--note" in result.output and "--clear" in result.output
    assert len(acknowledgements(db, "A3.1")) == 1


def test_acknowledgements_appear_in_history_in_time_order(db):
    assert (
        run(db, "update", "A3.1", "--text", "Meeting postponed again.", "--as", "bob").exit_code
        == 0
    )
    assert run(db, "acknowledge", "A3.1", "--note", "chased at HTA", "--as", "ann").exit_code == 0
    assert run(db, "acknowledge", "A3.1", "--clear", "--as", "cat").exit_code == 0
    entries = json.loads(run(db, "history", "A3.1", "--format", "json").output)
    kinds = [e.get("action", f"v{e.get('version')}") for e in entries]
    assert kinds == ["v1", "v2", "acknowledged", "acknowledgement withdrawn"]
    ack = entries[2]
    assert (ack["period"], ack["author"], ack["note"]) == ("2020/21 Q2", "ann", "chased at HTA")
    assert entries[3]["author"] == "cat"
    times = [e["at"] for e in entries]
    assert times == sorted(times)
    text = run(db, "history", "A3.1").output
    assert "2 revisions, 2 acknowledgements" in text
    assert "acknowledged by ann" in text and "chased at HTA" in text
    assert "acknowledgement withdrawn by cat" in text
    assert text.index("v2") < text.index("acknowledged by ann") < text.index("withdrawn by cat")


# ------------------------------------------------------------------ 11: update --text ""


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_update_text_is_refused(db, text):
    result = run(db, "update", "A2.2", "--text", text, "--as", "ann")
    assert result.exit_code == 2, result.output
    assert "--clear-text" in result.output
    shown = json.loads(run(db, "history", "A2.2", "--format", "json").output)
    assert len(shown) == 1  # the import's revision only


def test_clear_text_empties_the_update_on_purpose(db):
    result = run(db, "update", "A2.2", "--clear-text", "--as", "ann")
    assert result.exit_code == 0, result.output
    shown = json.loads(run(db, "history", "A2.2", "--format", "json").output)
    assert shown[-1]["after"] == "" and shown[-1]["author"] == "ann"
    both = run(db, "update", "A2.2", "--clear-text", "--text", "x", "--as", "ann")
    assert both.exit_code == 2, both.output


def test_a_status_on_its_own_still_keeps_the_text(db):
    result = run(db, "update", "A2.2", "--status", "at risk", "--as", "ann")
    assert result.exit_code == 0, result.output
    shown = json.loads(run(db, "history", "A2.2", "--format", "json").output)
    assert shown[-1]["status_after"] == "At risk"
    assert shown[-1]["after"].startswith("We have now updated")


# ------------------------------------------------------------------ 13: a missing file


def test_a_missing_file_has_no_line_number(tmp_path):
    result = run(tmp_path / "x.db", "import", "missing.txt")
    assert result.exit_code == 2, result.output
    assert "missing.txt: no such file" in result.output
    assert ":0:" not in result.output


# ------------------------------------------------------------------ 15: show, stalled, grammar


def test_show_prints_status_flags_and_no_dash_for_activities_without_a_ref(db):
    text = run(db, "show", "--suggest").output
    assert "—:" not in text
    # A1's only activity has no ref of its own ("Refer to C7"): named by its commitment.
    assert "    A1: Refer to C7" in text
    block = text[text.index("    A1: Refer to C7") :].split("\n\n")[0]
    assert "status: No update" in block
    assert "⚑ missing: no update for this period" in block
    a31 = text[text.index("    A3.1:") :].split("\n    A3.2")[0]
    assert "update [At risk (suggested)]:" in a31
    assert "⚑ slipping: says “postponed due to Covid 19”" in a31
    # Without --suggest the same activities as written: no inferred status, no flag.
    plain = run(db, "show").output
    assert "    A1: Refer to C7" in plain and "—:" not in plain
    block = plain[plain.index("    A1: Refer to C7") :].split("\n\n")[0]
    assert "status: No update" in block and "⚑" not in block


def test_stalled_text_keeps_each_activity_on_its_line(db):
    shown = json.loads(run(db, "show", "--format", "json").output)
    titles = {o["title"] for o in shown["objectives"]}
    text = run(db, "stalled").output
    for line in text.splitlines()[1:]:
        # An objective's title, or an activity's row or reason indented beneath it.
        assert not line.strip() or line in titles or line.startswith("  "), line
    a32 = next(line for line in text.splitlines() if line.startswith("  A3.2"))
    assert "Work with partners to:" in a32 and "Create an internal audit" in a32


def test_counts_are_in_good_grammar(db, tmp_path):
    other = tmp_path / "one.db"
    result = run(other, "import", str(QUARTERLY_EXTRACT))
    assert result.exit_code == 0
    assert "1 plan, 1 period," in result.output
    assert "1 plans" not in result.output and "1 periods" not in result.output
    history = run(db, "history", "A2.2").output
    assert "1 revision" in history and "1 revisions" not in history
    assert run(db, "update", "A2.2", "--text", "Again.", "--as", "ann").exit_code == 0
    assert "2 revisions" in run(db, "history", "A2.2").output
    periods = run(db, "periods", "--plan", "2018").output
    assert "97 updates" in periods
    assert run(db, "period", "open", "--as", "ann").exit_code == 0
    assert run(db, "update", "A2.2", "--text", "Next quarter.", "--as", "ann").exit_code == 0
    periods = run(db, "periods").output
    assert "  1 update  " in periods and "1 updates" not in periods
