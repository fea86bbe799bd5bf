"""`plandesk chase` on the real 2020 sample: open 2020/21 Q3, write a few updates, then see per
lead what is still owed, with the last update given; and `show --format json`'s new keys."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT

runner = CliRunner()

Q2, Q3, Q4 = "2020/21 Q2", "2020/21 Q3", "2020/21 Q4"


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


def ok(db, *args) -> str:
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return result.output


def set_owner(db, commitment_ref: str, activity_ref: str | None, lead: str, due=None) -> None:
    """Give an activity a lead and due date straight in the test's own database (until
    `plandesk activity edit --lead` exists)."""
    with closing(sqlite3.connect(db)) as connection, connection:
        changed = connection.execute(
            "UPDATE activity SET lead = ?, due = ? WHERE commitment_id IN "
            "(SELECT id FROM commitment WHERE ref = ?) AND ref IS ?",
            (lead, due, commitment_ref, activity_ref),
        ).rowcount
    assert changed == 1


def shown_activities(db, period: str) -> dict[str, dict]:
    shown = json.loads(ok(db, "show", "--format", "json", "--period", period))
    return {
        a["ref"] or c["ref"]: a
        for o in shown["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
    }


@pytest.fixture
def db(tmp_path):
    """The sample with owners, Q3 opened, A3.1 updated cleanly and B1.1 with a slipping one."""
    path = tmp_path / "chase.db"
    ok(path, "import", str(QUARTERLY_EXTRACT))
    set_owner(path, "A3", "A3.1", "Jane Smith", "2021-03-31")
    set_owner(path, "A3", "A3.2", "Jane Smith", "2021-03-31")
    set_owner(path, "D6", None, "jane  SMITH")  # the same lead, typed otherwise
    set_owner(path, "B1", "B1.1", "Bob Jones", "2020-12-31")
    set_owner(path, "B1", "B1.2", "Bob Jones")
    ok(path, "period", "open")
    ok(path, "update", "A3.1", "--text", "Board met 12 November.", "--status", "green")
    ok(path, "update", "B1.1", "--text", "Delayed due to covid until next year.")
    return path


def chased(db, *args) -> list[dict]:
    return json.loads(ok(db, "chase", "--format", "json", *args))


def test_json_lists_per_lead_what_is_owed_with_the_last_update(db):
    groups = chased(db)
    assert [g["lead"] for g in groups] == ["Bob Jones", "Jane Smith", None]
    for group in groups:
        assert set(group) == {"lead", "activities"}
        for activity in group["activities"]:
            assert set(activity) == {"ref", "commitment_ref", "text", "due", "last_update"}
    jane = {a["ref"]: a for a in groups[1]["activities"]}
    # A3.1 has a clean update this period: not chased. D6 joins Jane whatever the spelling.
    assert list(jane) == ["A3.2", "D6"]
    q2 = shown_activities(db, Q2)
    assert jane["A3.2"] == {
        "ref": "A3.2",
        "commitment_ref": "A3",
        "text": q2["A3.2"]["text"],
        "due": "2021-03-31",
        "last_update": {"period": Q2, "text": q2["A3.2"]["update"]["text"]},
    }
    assert jane["D6"]["due"] is None
    bob = {a["ref"]: a for a in groups[0]["activities"]}
    # B1.1 was updated, but its update slips: still owed.
    assert list(bob) == ["B1.1", "B1.2"] and bob["B1.1"]["due"] == "2020-12-31"
    unled = [a["ref"] for a in groups[2]["activities"]]
    assert "A3.1" not in unled and "A3.2" not in unled and "D6" not in unled
    assert len(unled) == 62 - 5
    # A1 has no update in Q2 either: nothing to quote.
    assert next(a for a in groups[2]["activities"] if a["ref"] == "A1")["last_update"] is None


def test_the_last_update_is_the_latest_given_not_only_last_quarters(db):
    ok(db, "period", "open")  # Q4: A3.2 was not updated in Q3, B1.1 was
    groups = {g["lead"]: {a["ref"]: a for a in g["activities"]} for g in chased(db)}
    assert groups["Jane Smith"]["A3.2"]["last_update"]["period"] == Q2
    assert groups["Bob Jones"]["B1.1"]["last_update"] == {
        "period": Q3,
        "text": "Delayed due to covid until next year.",
    }
    # A status-only update has no words to quote: the words before it are the last update.
    ok(db, "update", "B1.2", "--period", Q3, "--status", "on track")
    groups = {g["lead"]: {a["ref"]: a for a in g["activities"]} for g in chased(db)}
    assert groups["Bob Jones"]["B1.2"]["last_update"]["period"] == Q2
    # Chasing an earlier period reads what came before it.
    earlier = {g["lead"]: g for g in chased(db, "--period", Q3)}
    assert "A3.1" not in {a["ref"] for a in earlier["Jane Smith"]["activities"]}


@pytest.mark.parametrize("given", ["jane smith", "JANE SMITH", "JS", "jan"])
def test_lead_filter_matches_any_case_initials_or_start(db, given):
    groups = chased(db, "--lead", given)
    assert [g["lead"] for g in groups] == ["Jane Smith"]
    assert [a["ref"] for a in groups[0]["activities"]] == ["A3.2", "D6"]


def test_lead_filter_no_lead_and_refusals(db):
    assert [g["lead"] for g in chased(db, "--lead", "no lead")] == [None]
    unknown = run(db, "chase", "--lead", "Zed")
    assert unknown.exit_code == 2
    assert "no lead matches 'Zed'; the plan's leads: 'Bob Jones', 'Jane Smith'" in unknown.output
    set_owner(db, "B2", "B2.1", "Jane Doe")
    ambiguous = run(db, "chase", "--lead", "jane")
    assert ambiguous.exit_code == 2 and "could mean" in ambiguous.output
    # A lead who owes nothing is not an error: nothing is listed.
    ok(db, "update", "B2.1", "--text", "Contract signed 2 November.")
    assert chased(db, "--lead", "Jane Doe") == []


def test_markdown_is_ready_for_an_email_and_hostile_text_stays_text(db):
    set_owner(db, "B1", "B1.1", "\x1b]0;pwned\x07Bob [b]Jones[/b] *x*")
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(
            "UPDATE activity SET text = ? WHERE ref = 'A3.2'",
            ("\x1b[2J[red]Work[/red] with <b>partners</b> **now**\n# not a heading",),
        )
    md = ok(db, "chase", "--format", "md")
    assert "\x1b" not in md and "\x07" not in md
    assert md.startswith(f"# Updates owed for {Q3}: Safer West Mercia Plan 2020\n")
    assert "\n## Jane Smith (2)\n" in md and "\n## No lead (" in md
    assert md.index("## Jane Smith") < md.index("## No lead")
    assert "\\[b\\]Jones\\[/b\\] \\*x\\*" in md  # markup and emphasis stay literal
    bullet = next(line for line in md.splitlines() if line.startswith("- **A3.2**"))
    assert "\\<b>partners\\</b> \\*\\*now\\*\\* \\# not a heading" in bullet
    assert "(due 31 Mar 2021; no update yet)" in bullet
    quoted = md.splitlines()[md.splitlines().index(bullet) + 1]
    assert quoted.startswith(f"  > last update ({Q2}): ")
    b11 = next(line for line in md.splitlines() if line.startswith("- **B1.1**"))
    assert "update flagged: slipping" in b11


def test_text_is_readable_per_lead_with_counts(db):
    set_owner(db, "B1", "B1.2", "Bob \x1b[31mJones")
    text = ok(db, "chase")
    assert "\x1b" not in text and "Bob \\x1b[31mJones (1)" in text
    lines = text.splitlines()
    assert (
        lines[0] == f"Plan: Safer West Mercia Plan 2020 · period {Q3} · 61 activities owe an update"
    )
    assert "Jane Smith (2)" in lines and "Bob Jones (1)" in lines
    assert lines.index("Jane Smith (2)") < next(
        i for i, line in enumerate(lines) if line.startswith("No lead (")
    )
    assert any(line.startswith("  A3.2     due 31 Mar 2021 · no update yet") for line in lines)
    assert any(line.strip().startswith(f"last update ({Q2}): ") for line in lines)
    assert "  A3.1 " not in text


@pytest.mark.parametrize(
    "args", [("--plan", "No Such Plan"), ("--period", "2019/20 Q1"), ("--format", "xml")]
)
def test_unknown_plan_period_or_format_exit_2(db, args):
    result = run(db, "chase", *args)
    assert result.exit_code == 2
    assert result.output.startswith("error: ")


def test_show_json_carries_lead_due_done_and_previous(db):
    q3 = shown_activities(db, Q3)
    q2 = shown_activities(db, Q2)
    a31 = q3["A3.1"]
    assert (a31["lead"], a31["due"], a31["done"], a31["done_in"]) == (
        "Jane Smith",
        "2021-03-31",
        False,
        None,
    )
    assert a31["previous"] == {
        "period": Q2,
        "text": q2["A3.1"]["update"]["text"],
        "status": q2["A3.1"]["update"]["status"],
    }
    assert a31["update"]["text"] == "Board met 12 November."  # the old keys stay
    assert (q3["A1"]["lead"], q3["A1"]["due"], q3["A1"]["done"]) == (None, None, False)
    assert q3["A1"]["previous"] is None  # no update in Q2
    assert q2["A3.1"]["previous"] is None  # no period before Q2
    text = ok(db, "show", "--period", Q3)
    assert "      lead: Jane Smith · due 31 Mar 2021" in text


def test_last_updates_on_every_database(store):
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan(None)
    q2 = store.resolve_period(plan.id)
    assert store.last_updates(plan.id, q2.id) == {}
    q3 = store.open_period(plan.id, author="ann")
    match = store.resolve_activity(plan.id, "A3.1")
    store.save_update(match.id, q3.id, "Board met.", author="t")
    q4 = store.open_period(plan.id, author="ann")
    found = store.last_updates(plan.id, q4.id)
    assert found[match.id].period == Q3 and found[match.id].text == "Board met."
    other = store.resolve_activity(plan.id, "A3.2")
    assert found[other.id].period == Q2
    assert store.last_updates(plan.id, q3.id)[match.id].period == Q2
    assert len(found) == len(store.last_updates(plan.id, q3.id))
