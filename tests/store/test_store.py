"""The service layer on real databases: SQLite always, PostgreSQL when CI provides it."""

from __future__ import annotations

import pytest

from plandesk.store.service import AmbiguousRef, NotFound, UpdateConflict
from tests.factories import small_plan


def test_import_creates_everything_once(store):
    [report] = store.import_documents([small_plan()], author="importer")
    assert report.created == {
        "plans": 1,
        "periods": 1,
        "oversight bodies": 2,
        "objectives": 2,
        "commitments": 4,
        "activities": 5,
        "oversight links": 2,
        "updates": 3,
    }
    [again] = store.import_documents([small_plan()], author="importer")
    assert again.is_noop, (again.created, again.changed)
    assert again.unchanged["activities"] == 5


def test_dry_run_writes_nothing(store):
    [report] = store.import_documents([small_plan()], author="x", dry_run=True)
    assert report.created["activities"] == 5
    assert store.plans() == []


def test_later_period_leaves_earlier_alone(store):
    store.import_documents([small_plan("2020/21 Q2")], author="x")
    [report] = store.import_documents([small_plan("2020/21 Q3", " and reviewed")], author="x")
    assert report.created == {"periods": 1, "updates": 3}
    plan = store.resolve_plan()
    q2, q3 = store.periods(plan.id)
    assert (q2.label, q3.label) == ("2020/21 Q2", "2020/21 Q3")
    snap = store.snapshot(plan.id, q3.id)
    a11 = snap.objectives[0].commitments[0].activities[0]
    assert a11.update.text == "Charter published and reviewed"
    assert a11.previous.text == "Charter published"
    assert store.snapshot(plan.id, q2.id).activities()[0].update.text == "Charter published"


def test_reimport_with_changed_update_records_revision(store):
    store.import_documents([small_plan()], author="x")
    [report] = store.import_documents([small_plan(update_suffix=" (revised)")], author="y")
    assert report.changed == {"updates": 1}
    plan = store.resolve_plan()
    match = store.resolve_activity(plan.id, "A1.1")
    history = store.history(match.id)
    assert [r.version for r in history] == [1, 2]
    assert history[1].before_text == "Charter published"
    assert history[1].after_text == "Charter published (revised)"
    assert history[1].author == "y"


def test_oversight_bodies_link_by_name_and_initials(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    bodies = {b.name: b.activity_count for b in store.oversight(plan.id)}
    # "Victims' Board" names the Victims Board; "LCJB" its initials.
    assert bodies == {"Victims Board": 1, "Local Criminal Justice Board": 1}


def test_save_update_versions_and_history(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    a12 = store.resolve_activity(plan.id, "a1.2")
    first = store.save_update(a12.id, period.id, "Started", author="ann", expected_version=0)
    assert (first.version, first.author) == (1, "ann")
    second = store.save_update(
        a12.id, period.id, "Half done", author="bob", status="on track", expected_version=1
    )
    # Statuses are kept in the vocabulary's canonical spelling (plandesk.core.statuses).
    assert (second.version, second.status) == (2, "On track")
    same = store.save_update(a12.id, period.id, "Half done", author="bob", expected_version=2)
    assert same.version == 2
    revisions = store.history(a12.id)
    assert [(r.version, r.author, r.before_text, r.after_text) for r in revisions] == [
        (1, "ann", None, "Started"),
        (2, "bob", "Started", "Half done"),
    ]


def test_stale_save_is_a_conflict_and_writes_nothing(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    a11 = store.resolve_activity(plan.id, "A1.1")
    opened = store.update_for(a11.id, period.id)
    store.save_update(a11.id, period.id, "Other officer's text", author="bob")
    with pytest.raises(UpdateConflict) as caught:
        store.save_update(
            a11.id, period.id, "My text", author="ann", expected_version=opened.version
        )
    assert caught.value.current.text == "Other officer's text"
    assert store.update_for(a11.id, period.id).text == "Other officer's text"


def test_conflict_when_both_create_the_first_update(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    a12 = store.resolve_activity(plan.id, "A1.2")
    store.save_update(a12.id, period.id, "first", author="bob", expected_version=0)
    with pytest.raises(UpdateConflict):
        store.save_update(a12.id, period.id, "second", author="ann", expected_version=0)


def test_repeated_ref_is_ambiguous_and_can_be_qualified(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    with pytest.raises(AmbiguousRef) as caught:
        store.resolve_activity(plan.id, "D6.1")
    message = str(caught.value)
    assert "D6/D6.1" in message and "D7/D6.1" in message
    assert store.resolve_activity(plan.id, "D7/D6.1").text == "Rural again"
    assert store.resolve_activity(plan.id, "d6/(d6.1)").text == "Rural"


def test_commitment_ref_finds_its_single_activity(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    match = store.resolve_activity(plan.id, "1.1")
    assert match.commitment_ref == "1.1"
    with pytest.raises(NotFound):
        store.resolve_activity(plan.id, "Z9")


def test_plan_and_period_resolution(store):
    with pytest.raises(NotFound, match="no plan yet"):
        store.resolve_plan()
    store.import_documents([small_plan()], author="x")
    assert store.resolve_plan("test plan").title == "Test Plan 2020"
    assert store.resolve_plan("2020").title == "Test Plan 2020"
    with pytest.raises(NotFound, match="no plan called"):
        store.resolve_plan("Other")
    plan = store.resolve_plan()
    assert store.resolve_period(plan.id, "Q2 2020/21").label == "2020/21 Q2"
    with pytest.raises(NotFound, match="2020/21 Q2"):
        store.resolve_period(plan.id, "2019/20 Q1")


def test_failing_import_is_atomic(store):
    good = small_plan()
    bad = small_plan("2020/21 Q3")
    # Two commitments resolving to one objective position would be fine; a None title breaks
    # the NOT NULL constraint half-way through the second document.
    bad.objectives[1].commitments[0].title = None  # type: ignore[assignment]
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is the rollback
        store.import_documents([good, bad], author="x")
    assert store.plans() == []


def test_drafts_kept_per_author_and_cleared_by_save(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    a12 = store.resolve_activity(plan.id, "A1.2")
    store.save_draft(a12.id, period.id, "half a thou", author="ann", base_version=0)
    store.save_draft(a12.id, period.id, "half a thought", author="ann", base_version=0)
    store.save_draft(a12.id, period.id, "bob's idea", author="bob")
    [draft] = store.drafts(plan.id, "ann")
    assert (draft.text, draft.base_version) == ("half a thought", 0)
    store.save_update(a12.id, period.id, "A whole thought", author="ann", expected_version=0)
    assert store.drafts(plan.id, "ann") == []
    assert [d.text for d in store.drafts(plan.id, "bob")] == ["bob's idea"]
    store.discard_draft(a12.id, period.id, author="bob")
    assert store.drafts(plan.id, "bob") == []


def test_search_matches_every_word_in_any_field(store):
    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    refs = {a.id: a.ref for a in store.snapshot(plan.id, period.id).activities()}

    def found(query):
        return sorted(refs[i] or "-" for i in store.search(plan.id, period.id, query))

    assert found("charter") == ["A1.1", "A1.2"]  # commitment title covers both
    assert found("charter published") == ["A1.1"]  # the update text
    assert found("d6.1") == ["D6.1", "D6.1"]
    assert found("lcjb") == ["A1.1"]  # oversight
    assert found("100%") == []  # LIKE wildcards are literal
    assert found("") == []
    # Any case, on either database (SQLite's LIKE folds case itself, PostgreSQL's does not).
    assert found("CHARTER Published") == ["A1.1"]
    assert found("LCJB") == ["A1.1"]


def test_search_finds_refs_written_with_cyrillic_letters(store):
    doc = small_plan()
    doc.objectives[1].commitments[0].ref = "В6"  # Cyrillic В
    store.import_documents([doc], author="x")
    plan = store.resolve_plan()
    ids = store.search(plan.id, None, "b6")
    assert [a.ref for a in store.snapshot(plan.id).activities() if a.id in ids] == ["D6.1"]


def test_a_draft_typed_before_its_authors_save_is_not_kept(store):
    from datetime import UTC, datetime, timedelta

    store.import_documents([small_plan()], author="x")
    plan = store.resolve_plan()
    period = store.resolve_period(plan.id)
    a12 = store.resolve_activity(plan.id, "A1.2")
    typed = datetime.now(UTC) - timedelta(seconds=5)
    store.save_update(a12.id, period.id, "final words", author="ann", expected_version=0)
    # The draft write was overtaken by the save: it must not come back as unsaved work.
    store.save_draft(a12.id, period.id, "final wor", author="ann", typed_at=typed)
    assert store.drafts(plan.id, "ann") == []
    # Someone else's later save does not make ann's unsaved text disappear.
    store.save_update(a12.id, period.id, "bob's words", author="bob")
    store.save_draft(a12.id, period.id, "ann's rewrite", author="ann", typed_at=typed)
    assert [d.text for d in store.drafts(plan.id, "ann")] == ["ann's rewrite"]
