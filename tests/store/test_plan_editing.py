"""Editing the plan itself on the real 2020 sample, on SQLite and PostgreSQL: every edit is one
transaction with its history row, refs stay unique, retired items leave the current plan but
keep their history, and a re-import never undoes an officer's edit."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.errors import NotFound, StoreError
from plandesk.store.service import PlanStore


class Ticking:
    """A clock a minute on at every reading, so the history's order is the edits' order."""

    def __init__(self) -> None:
        self.now = datetime(2020, 10, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(db_target):
    opened = PlanStore.open(db_target, clock=Ticking())
    opened.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    yield opened
    opened.close()


@pytest.fixture
def plan_id(store) -> int:
    return store.resolve_plan().id


def commitment_of(store, plan_id, ref, **kw):
    shown = store.snapshot(plan_id, review=False, **kw)
    return next(c for o in shown.objectives for c in o.commitments if c.ref == ref)


def refs_in(store, plan_id, ref, **kw) -> list[str | None]:
    return [a.ref for a in commitment_of(store, plan_id, ref, **kw).activities]


def activity(store, plan_id, ref, **kw):
    return store.resolve_activity(plan_id, ref, **kw)


def test_add_an_activity_last_in_its_commitment_with_its_history(store, plan_id):
    added = store.add_activity(
        plan_id, "а3", "Set up the\x1b new board ", author="ann", ref="(a3.3)", due="March 2021"
    )
    assert added.label == "A3/a3.3"
    assert refs_in(store, plan_id, "A3") == ["A3.1", "A3.2", "a3.3"]
    # Matched like every ref: any case, Cyrillic look-alikes folded.
    found = activity(store, plan_id, "А3.3")
    assert found.id == added.id and found.text == "Set up the new board"
    view = commitment_of(store, plan_id, "A3").activities[-1]
    assert view.due == date(2021, 3, 31) and view.lead == ""
    (change,) = store.plan_changes(plan_id, added.id)
    assert (change.action, change.author, change.subject) == ("activity add", "ann", "A3/a3.3")
    assert change.after == {
        "commitment": "A3",
        "ref": "a3.3",
        "text": "Set up the new board",
        "due": "2021-03-31",
    }


@pytest.mark.parametrize("taken", ["A3.1", "a3.1", "А3.1", "(A3.1)"])
def test_a_ref_taken_in_the_commitment_is_refused_and_nothing_is_written(store, plan_id, taken):
    with pytest.raises(StoreError, match="taken already"):
        store.add_activity(plan_id, "A3", "Another", author="ann", ref=taken)
    a32 = activity(store, plan_id, "A3.2")
    with pytest.raises(StoreError, match="taken already"):
        store.edit_activity(plan_id, a32.id, author="ann", ref=taken, text="changed")
    with pytest.raises(StoreError, match="taken already"):
        store.add_commitment(plan_id, "1", taken[:-2], "Another A3", author="ann")
    assert refs_in(store, plan_id, "A3") == ["A3.1", "A3.2"]
    assert activity(store, plan_id, "A3.2").text == a32.text
    assert store.plan_changes(plan_id) == []


def test_the_same_ref_is_fine_under_another_commitment(store, plan_id):
    store.add_activity(plan_id, "A4", "Elsewhere", author="ann", ref="A3.1")
    assert len(store.find_activities(plan_id, "A3.1")) == 2


def test_bad_input_writes_nothing(store, plan_id):
    a31 = activity(store, plan_id, "A3.1")
    for bad in (
        lambda: store.add_activity(plan_id, "Z99", "x", author="ann"),
        lambda: store.add_activity(plan_id, "A3", "  ", author="ann"),
        lambda: store.add_activity(plan_id, "A3", "x", author="ann", due="soon"),
        lambda: store.edit_activity(plan_id, a31.id, author="ann", due="31/02/2021"),
        lambda: store.edit_activity(plan_id, a31.id, author="ann", commitment="Z99"),
        lambda: store.retire_activity(plan_id, a31.id, " ", author="ann"),
        lambda: store.add_commitment(plan_id, "9", "A20", "x", author="ann"),
        lambda: store.add_commitment(plan_id, "1", "A20", "x", author="ann", kind="other"),
        lambda: store.edit_objective(plan_id, "nothing like it", "x", author="ann"),
    ):
        with pytest.raises(StoreError):
            bad()
    assert store.plan_changes(plan_id) == []
    assert activity(store, plan_id, "A3.1") == a31


def test_edit_fields_and_clear_them(store, plan_id):
    a31 = activity(store, plan_id, "A3.1")
    store.edit_activity(plan_id, a31.id, author="ann", lead="JB", due="31/03/2021")
    edit = store.edit_activity(
        plan_id, a31.id, author="bob", text="Redesign the Victims Board", lead="", due=""
    )
    assert edit.change is not None
    assert edit.change.before == {"text": a31.text, "lead": "JB", "due": "2021-03-31"}
    assert edit.change.after == {"text": "Redesign the Victims Board", "lead": "", "due": None}
    view = commitment_of(store, plan_id, "A3").activities[0]
    assert (view.text, view.lead, view.due) == ("Redesign the Victims Board", "", None)
    # The same values again: nothing to record.
    again = store.edit_activity(plan_id, a31.id, author="bob", text="Redesign the Victims Board")
    assert again.change is None
    assert [c.author for c in store.plan_changes(plan_id, a31.id)] == ["ann", "bob"]


def test_move_goes_last_in_the_new_commitment(store, plan_id):
    a31 = activity(store, plan_id, "A3.1")
    moved = store.edit_activity(plan_id, a31.id, author="ann", commitment="a2")
    assert moved.label == "A2/A3.1"
    assert refs_in(store, plan_id, "A3") == ["A3.2"]
    assert refs_in(store, plan_id, "A2")[-1] == "A3.1"
    assert moved.change is not None and moved.change.action == "activity move"
    assert moved.change.after == {"commitment": "A2"}


def test_retired_activity_leaves_the_plan_but_keeps_its_history(store, plan_id):
    a31 = activity(store, plan_id, "A3.1")
    before = store.plans()[0].activity_count
    store.retire_activity(plan_id, a31.id, "Merged into A3.2", author="ann")
    assert refs_in(store, plan_id, "A3") == ["A3.2"]
    assert store.find_activities(plan_id, "A3.1") == []
    assert a31.id not in store.search(plan_id, None, "revictimisation")
    assert store.plans()[0].activity_count == before - 1
    # Still there on demand, with its updates' history.
    shown = commitment_of(store, plan_id, "A3", include_retired=True).activities[0]
    assert (shown.ref, shown.retired_reason) == ("A3.1", "Merged into A3.2")
    assert activity(store, plan_id, "A3.1", include_retired=True).id == a31.id
    assert store.history(a31.id)
    with pytest.raises(StoreError, match="retired; reopen it first"):
        store.edit_activity(plan_id, a31.id, author="ann", text="x")
    store.reopen_activity(plan_id, a31.id, author="bob")
    assert refs_in(store, plan_id, "A3") == ["A3.1", "A3.2"]
    actions = [(c.action, c.reason) for c in store.plan_changes(plan_id, a31.id)]
    assert actions == [("activity retire", "Merged into A3.2"), ("activity reopen", "")]


def test_reopen_a_done_activity_after_the_latest_period(store, plan_id):
    a31 = activity(store, plan_id, "A3.1")
    with pytest.raises(StoreError, match="neither retired nor done"):
        store.reopen_activity(plan_id, a31.id, author="ann")
    q2 = store.resolve_period(plan_id)
    store.save_update(a31.id, q2.id, "Board redesigned.", author="ann", status="complete")
    q3 = store.open_period(plan_id, author="ann")
    reopened = store.reopen_activity(plan_id, a31.id, author="ann")
    assert reopened.change is not None
    assert reopened.change.before == {"done_in": q2.label}
    assert reopened.change.after == {"reopened_after": q3.label}
    # Reopened: no longer done, so there is nothing more to reopen.
    with pytest.raises(StoreError, match="neither retired nor done"):
        store.reopen_activity(plan_id, a31.id, author="ann")


def test_a_retired_commitment_hides_its_activities(store, plan_id):
    store.retire_commitment(plan_id, "a3", "Done with", author="ann")
    shown = store.snapshot(plan_id, review=False)
    assert "A3" not in [c.ref for o in shown.objectives for c in o.commitments]
    assert store.find_activities(plan_id, "A3.2") == []
    with pytest.raises(StoreError, match="retired"):
        store.add_activity(plan_id, "A3", "x", author="ann")
    retired = commitment_of(store, plan_id, "A3", include_retired=True)
    assert retired.retired_reason == "Done with" and len(retired.activities) == 2
    store.reopen_commitment(plan_id, "A3", author="ann")
    assert refs_in(store, plan_id, "A3") == ["A3.1", "A3.2"]


def test_commitments_and_objectives(store, plan_id):
    added = store.add_commitment(plan_id, "putting victims", "A9", "Listen to victims", author="a")
    shown = store.snapshot(plan_id, review=False)
    first = shown.objectives[0]
    assert (first.commitments[-1].ref, first.commitments[-1].kind) == ("A9", "commissioner")
    edit = store.edit_commitment(plan_id, "а9", author="a", kind="policing", objective="2")
    assert edit.change is not None and edit.change.action == "commitment move"
    shown = store.snapshot(plan_id, review=False)
    assert shown.objectives[1].commitments[-1].id == added.id
    objective = store.add_objective(plan_id, "A fifth objective", author="a")
    assert objective.label == "5. A fifth objective"
    store.edit_objective(plan_id, "a fifth", "Fifth objective", author="a")
    with pytest.raises(StoreError, match="names 2 objectives"):
        store.edit_objective(plan_id, "re", "x", author="a")  # Reforming, Reassuring
    titles = [o.title for o in store.snapshot(plan_id, review=False).objectives]
    assert titles[-1] == "Fifth objective"
    with pytest.raises(NotFound):
        store.edit_commitment(plan_id, "Z1", author="a", title="x")


def test_oversight_edits_relink_the_bodies(tmp_path):
    store = PlanStore.open(str(tmp_path / "plan.db"))
    store.import_documents([read_document(PANEL_REPORT)], author="importer")
    plan_id = store.resolve_plan().id
    counts = {b.name: b.activity_count for b in store.oversight(plan_id)}
    first = store.snapshot(plan_id, review=False).activities()[0]
    store.edit_activity(plan_id, first.id, author="ann", oversight="Service Improvement Board")
    after = {b.name: b.activity_count for b in store.oversight(plan_id)}
    assert after["Service Improvement Board"] == counts["Service Improvement Board"] + 1
    view = store.activity_view(plan_id, store.resolve_period(plan_id).id, first.id, review=False)
    assert view.bodies == ("Service Improvement Board",)
    store.close()


def test_reimport_keeps_every_edit_and_retirement(store, plan_id):
    a22 = activity(store, plan_id, "A2.2")
    store.edit_activity(plan_id, a22.id, author="ann", text="Review the strategy", lead="JB")
    a31 = activity(store, plan_id, "A3.1")
    store.edit_activity(plan_id, a31.id, author="ann", commitment="A4")
    a32 = activity(store, plan_id, "A3.2")
    store.retire_activity(plan_id, a32.id, "Merged", author="ann")
    store.edit_commitment(plan_id, "B1", author="ann", ref="B1a", title="Renamed")
    store.retire_commitment(plan_id, "B2", "Gone", author="ann")
    store.edit_objective(plan_id, "2", "Secure West Mercia", author="ann")
    before = store.snapshot(plan_id, review=False, include_retired=True)

    document = read_document(QUARTERLY_EXTRACT)
    # The document now names leads and due dates: written where no officer has set one.
    for objective in document.objectives:
        for commitment in objective.commitments:
            commitment.activities[:] = [
                dataclasses.replace(a, lead="Doc Lead", due=date(2021, 3, 31))
                for a in commitment.activities
            ]
    (report,) = store.import_documents([document], author="importer")
    assert "A2.2 (plan edit: lead, text)" in report.kept
    assert "A3.1 (plan edit: commitment)" in report.kept
    assert "A3.2 (retired)" in report.kept and "B2 (retired)" in report.kept
    assert "B1a (plan edit: ref, title)" in report.kept
    after = store.snapshot(plan_id, review=False, include_retired=True)
    assert len(after.activities()) == len(before.activities())  # nothing re-created
    assert [o.title for o in after.objectives][1] == "Secure West Mercia"
    views = {a.id: a for a in after.activities()}
    assert (views[a22.id].text, views[a22.id].lead) == ("Review the strategy", "JB")
    assert views[a22.id].due == date(2021, 3, 31)  # not edited: the document's
    assert views[a32.id].retired_reason == "Merged"
    assert refs_in(store, plan_id, "A4")[-1] == "A3.1"
    assert refs_in(store, plan_id, "A3") == []
    commitments = {c.ref: c for o in after.objectives for c in o.commitments}
    assert commitments["B1a"].title == "Renamed" and "B1" not in commitments
    assert commitments["B2"].retired_reason == "Gone"
    assert views[activity(store, plan_id, "A2.3").id].lead == "Doc Lead"
    # And again: the same, nothing changed.
    (again,) = store.import_documents([document], author="importer")
    assert again.is_noop and sorted(again.kept) == sorted(report.kept)


def test_two_officers_adding_the_same_ref_at_once_get_one_activity(store, db_target, plan_id):
    """Each edit takes the commitment's lock (SQLite: the write lock) before it checks the ref,
    so the second waits and is refused."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    other = PlanStore.open(db_target)
    start = Barrier(2)

    def add(who: PlanStore, name: str) -> str:
        start.wait()
        try:
            who.add_activity(plan_id, "A3", f"Added by {name}", author=name, ref="A3.3")
        except StoreError as exc:
            return str(exc)
        return "added"

    try:
        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(add, (store, other), ("ann", "bob")))
    finally:
        other.close()
    assert outcomes[0] == "added" and "taken already" in outcomes[1]
    assert refs_in(store, plan_id, "A3") == ["A3.1", "A3.2", "A3.3"]
    assert len(store.plan_changes(plan_id)) == 1


def test_a_retired_activity_takes_no_update_from_a_later_document(store, plan_id):
    from plandesk.core.periods import parse_period

    a32 = activity(store, plan_id, "A3.2")
    store.retire_activity(plan_id, a32.id, "Merged", author="ann")
    q3 = dataclasses.replace(read_document(QUARTERLY_EXTRACT), period=parse_period("2020/21 Q3"))
    (report,) = store.import_documents([q3], author="importer")
    assert "A3.2 (retired)" in report.kept
    period = store.resolve_period(plan_id, "2020/21 Q3")
    assert store.update_for(a32.id, period.id) is None
    assert store.update_for(activity(store, plan_id, "A3.1").id, period.id) is not None


def test_an_unnumbered_activity_given_a_ref_is_still_found_by_a_reimport(store, plan_id):
    (unnumbered,) = commitment_of(store, plan_id, "A1").activities
    assert unnumbered.ref is None
    store.edit_activity(plan_id, unnumbered.id, author="ann", ref="A1.1")
    (report,) = store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    assert report.kept == ["A1.1 (plan edit: ref)"] and report.is_noop
    assert [a.id for a in commitment_of(store, plan_id, "A1").activities] == [unnumbered.id]
