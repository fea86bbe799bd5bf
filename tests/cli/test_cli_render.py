"""The command line's renderers: plain view objects in, text or JSON-ready data out."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from plandesk.cli import render
from plandesk.core.plan import BodyView, ImportReport, PeriodInfo, PlanInfo, RevisionView

PLAN = PlanInfo(
    id=1,
    name="Police and Crime Plan",
    edition="2016-2021",
    imported_at=datetime(2026, 6, 30, 9, 15),
    activity_count=3,
    period_labels=("2020/21 Q1", "2020/21 Q2"),
)


def _revision(version: int, text: str, before: str | None, after: str) -> RevisionView:
    return RevisionView(
        version=version,
        period_label="2020/21 Q2",
        before_text=None,
        after_text=text,
        before_status=before,
        after_status=after,
        author="ann",
        at=datetime(2026, 6, 30, 9, 15, tzinfo=UTC),
        source="cli",
    )


# ------------------------------------------------------------------------------ import


def test_an_import_report_counts_what_changed_and_names_what_was_kept():
    report = ImportReport(
        source="q2.txt",
        plan="Plan 2020",
        period="2020/21 Q2",
        created={"activities": 3, "updates": 0},
        kept=["A1.1", "A2.2"],
    )
    assert render.import_report_text(report).splitlines() == [
        "q2.txt: imported into 'Plan 2020', period '2020/21 Q2'",
        "  created: 3 activities",
        "  kept your edit; the document says something else (2): A1.1, A2.2",
        "    (import again with --overwrite to take the document's text)",
    ]


def test_a_dry_run_that_changes_nothing_says_so():
    report = ImportReport(source="q2.txt", plan="P", period="Q2", dry_run=True)
    assert render.import_report_text(report) == (
        "q2.txt: would import into 'P', period 'Q2'\n"
        "  nothing created or changed (already up to date)"
    )


def test_an_overwriting_import_names_the_replaced_edits():
    report = ImportReport(source="d", plan="P", period="Q", overwritten=["A1"])
    report.count("changed", "updates")
    text = render.import_report_text(report)
    assert "  changed: 1 update\n" in text  # one update, in the singular (issue 14)
    assert text.endswith("replaced an edit with the document's text, status cleared (1): A1")


# ------------------------------------------------------------------------------ plans, periods


def test_plans_text_and_json():
    assert render.plans_text([]) == "No plans yet: import one with 'plandesk import FILE'."
    assert render.plans_text([PLAN]) == (
        "Police and Crime Plan 2016-2021  (3 activities; 2020/21 Q1, 2020/21 Q2; "
        "imported 2026-06-30 09:15)"
    )
    assert render.plans_json([PLAN]) == [
        {
            "name": "Police and Crime Plan",
            "edition": "2016-2021",
            "imported_at": "2026-06-30T09:15:00",
            "activities": 3,
            "periods": ["2020/21 Q1", "2020/21 Q2"],
        }
    ]


def test_periods_text_and_json():
    period = PeriodInfo(
        id=1, plan_id=1, label="2020/21 Q2", start=date(2020, 7, 1), end=date(2020, 9, 30)
    )
    assert render.periods_text(PLAN, [period]).splitlines() == [
        "Plan: Police and Crime Plan 2016-2021",
        "  2020/21 Q2     2020-07-01 to 2020-09-30  0 updates  open",
    ]
    assert render.periods_json([period]) == [
        {
            "label": "2020/21 Q2",
            "start": "2020-07-01",
            "end": "2020-09-30",
            "updates": 0,
            "closed": False,
            "closed_at": None,
            "closed_by": None,
        }
    ]
    closed = replace(period, closed_at=datetime(2020, 10, 20, 14, 5), closed_by="JS")
    assert (
        render.periods_text(PLAN, [closed])
        .splitlines()[1]
        .endswith("0 updates  closed by JS 2020-10-20 14:05")
    )
    assert render.periods_json([closed])[0]["closed_at"] == "2020-10-20T14:05:00"


def test_oversight_text_marks_published_notes_and_public_meetings():
    body = BodyView(
        id=1,
        name="Victims' Board",
        purpose="victim services",
        frequency="",
        notes_published=True,
        public_meeting=False,
        area="",
        activity_count=12,
    )
    assert render.oversight_text(PLAN, [body]).splitlines()[1:] == [
        "   12  Victims' Board*  (meets: not stated)",
        "  * notes published   # public meeting",
    ]
    assert "no oversight bodies recorded" in render.oversight_text(PLAN, [])
    assert render.oversight_json([body])[0]["meets"] == ""


# ------------------------------------------------------------------------------ history


def test_history_text_shows_status_changes_only_when_there_is_one():
    revisions = [_revision(1, "first", None, ""), _revision(2, "second", None, "At risk")]
    lines = render.history_text("A3/A3.1", PLAN, revisions).splitlines()
    assert lines[0] == "A3/A3.1 in Police and Crime Plan 2016-2021: 2 revisions"
    assert "  2020/21 Q2 v1  2026-06-30 09:15 UTC  ann  (cli)" in lines
    assert [line for line in lines if "status" in line] == ["    status: — → At risk"]


def test_history_json_keeps_every_field():
    (entry,) = render.history_json([_revision(1, "text", "On track", "At risk")])
    assert entry == {
        "period": "2020/21 Q2",
        "version": 1,
        "author": "ann",
        "at": "2026-06-30T09:15:00+00:00",
        "source": "cli",
        "before": None,
        "after": "text",
        "status_before": "On track",
        "status_after": "At risk",
    }


def test_wrap_keeps_blank_lines_and_indents_every_line():
    assert render.wrap("one\n\ntwo", "  ") == "  one\n\n  two"
    assert all(len(line) <= render.WIDTH for line in render.wrap("word " * 60, "    ").split("\n"))


# ------------------------------------------------------------------------------ settings


def test_rules_text_lists_every_setting():
    @dataclass
    class Config:
        unchanged_periods: int = 2
        slipping_phrases: tuple[str, ...] = ("delayed", "slipped")

    text = render.rules_text(Path("/x/rules.toml"), False, Config())
    assert text.splitlines() == [
        "rules file: /x/rules.toml (not created yet; the defaults apply)",
        "  unchanged_periods: 2",
        "  slipping_phrases: delayed, slipped",
    ]
    assert "(in use)" in render.rules_text(Path("/x/rules.toml"), True, Config())


def test_places_text_lines_up_the_names():
    assert render.places_text({"data": "/d", "backups": "/b"}) == "data      /d\nbackups   /b"


# ------------------------------------------------------------------------------ real snapshots


def test_snapshot_json_and_text_of_the_sample(plan_store):
    plan = plan_store.resolve_plan(None)
    period = plan_store.resolve_period(plan.id, None)
    snapshot = plan_store.snapshot(plan.id, period.id, review=False)

    document = render.snapshot_json(snapshot)
    json.dumps(document)  # JSON-ready: no dates or views left in it
    assert document["plan"] == {"name": plan.name, "edition": plan.edition}
    assert document["period"]["label"] == period.label
    refs = [
        a["ref"]
        for o in document["objectives"]
        for c in o["commitments"]
        for a in c["activities"]
        if a["ref"]
    ]
    assert refs and "A3.1" in refs

    text = render.snapshot_text(snapshot)
    assert text.startswith(f"Plan: {plan.title} · period {period.label}\n")
    assert "    A3.1: " in text
    assert text.count("update") >= len(refs)


def test_stalled_text_and_json_of_the_sample(plan_store):
    plan = plan_store.resolve_plan(None)
    period = plan_store.resolve_period(plan.id, None)
    snapshot = plan_store.snapshot(plan.id, period.id)
    rows = render.flagged(snapshot)
    assert rows, "the sample has flagged activities"
    document = render.stalled_json(rows)
    assert len(document) == len(rows)
    assert all(entry["reasons"] and entry["acknowledged"] is None for entry in document)

    header = render.stalled_text(snapshot, rows).splitlines()[0]
    assert header.endswith(f"{len(rows)} flagged, {len(rows)} open")

    _, _, activity = rows[0]
    plan_store.acknowledge(activity.id, period.id, "chased", author="ann")
    acknowledged = plan_store.snapshot(plan.id, period.id)
    assert len(render.flagged(acknowledged, open_only=True)) == len(rows) - 1
    text = render.stalled_text(acknowledged, render.flagged(acknowledged))
    assert f"{len(rows)} flagged, {len(rows) - 1} open" in text
    assert "acknowledged by ann " in text and ": chased" in text
