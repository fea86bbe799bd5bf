"""Both real sample documents loaded through the store, on SQLite and on PostgreSQL.

Counts were made by reading the documents (see the importer tests for the method):
- 2018 Panel report, Appendix 1: 4 objectives; 52 commitments (28 policing with numeric refs
  1.1–4.10, 24 Commissioner's with lettered refs A.1–D9); 98 activities (52 commitment rows +
  46 continuation rows); 97 with an update (only D5.2's update cell is empty); the glossary
  lists 35 oversight bodies, 7 marked `*` and 2 marked `#`.
- 2020 Q2 extract: 4 objectives; 29 commitments, all lettered (A1–D13, no Policing/
  Commissioner split, so all "commissioner"); 62 activities; 59 with an update (the three
  "Refer to …" rows have none); no glossary.
"""

from __future__ import annotations

from collections import Counter

import pytest

from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.service import AmbiguousRef


@pytest.fixture
def loaded(store):
    reports = store.import_documents(
        [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)], author="importer"
    )
    return store, reports


def _plan(store, edition):
    plan = store.resolve_plan(edition)
    period = store.resolve_period(plan.id)
    return plan, period, store.snapshot(plan.id, period.id)


def test_panel_report_counts(loaded):
    store, _ = loaded
    plan, period, snap = _plan(store, "2018")
    assert (plan.name, period.label) == ("Safer West Mercia Plan", "Jan–May 2018")
    assert (str(period.start), str(period.end)) == ("2018-01-01", "2018-05-31")
    assert len(snap.objectives) == 4
    kinds = Counter(c.kind for o in snap.objectives for c in o.commitments)
    assert kinds == {"policing": 28, "commissioner": 24}
    activities = snap.activities()
    assert len(activities) == 98
    assert sum(1 for a in activities if a.update) == 97
    bodies = store.oversight(plan.id)
    assert len(bodies) == 35
    assert sum(b.notes_published for b in bodies) == 7
    assert sum(b.public_meeting for b in bodies) == 2


def test_quarterly_extract_counts(loaded):
    store, _ = loaded
    plan, period, snap = _plan(store, "2020")
    assert period.label == "2020/21 Q2"
    assert [len(o.commitments) for o in snap.objectives] == [8, 7, 1, 13]
    assert {c.kind for o in snap.objectives for c in o.commitments} == {"commissioner"}
    activities = snap.activities()
    assert len(activities) == 62
    assert sum(1 for a in activities if a.update) == 59
    assert store.oversight(plan.id) == []


def test_reports_count_what_was_created(loaded):
    _, (panel, extract) = loaded
    assert panel.created["activities"] == 98 and panel.created["updates"] == 97
    assert panel.created["oversight bodies"] == 35
    assert extract.created["commitments"] == 29 and extract.created["updates"] == 59


def test_importing_both_again_changes_nothing(loaded):
    store, _ = loaded
    again = store.import_documents(
        [read_document(PANEL_REPORT), read_document(QUARTERLY_EXTRACT)], author="importer"
    )
    assert all(r.is_noop for r in again), [(r.created, r.changed) for r in again]


def test_named_items_keep_their_text(loaded):
    store, _ = loaded
    plan, _, snap = _plan(store, "2018")
    a12 = store.resolve_activity(plan.id, "A1.2")
    assert a12.commitment_ref == "A.1"
    assert a12.text.startswith("(1). Conduct a victims' needs assessment") or (
        "Conduct a victims' needs assessment" in a12.text
    )
    commitments = {c.ref: c for o in snap.objectives for c in o.commitments}
    assert commitments["1.2"].title.startswith("Ensuring all victims and survivors")
    a32 = next(a for a in snap.activities() if a.ref == "A3.2")
    assert "\n· Timely updates\n" in a32.update.text


def test_cyrillic_ref_is_shown_as_written_and_found_by_latin(loaded):
    store, _ = loaded
    plan, _, snap = _plan(store, "2020")
    refs = [c.ref for o in snap.objectives for c in o.commitments]
    assert "В3" in refs and "B3" not in refs  # Cyrillic В, as the document wrote it
    # В7 has a single activity standing for it, so the commitment ref names it.
    assert store.resolve_activity(plan.id, "B7").commitment_ref == "В7"
    assert store.resolve_activity(plan.id, "b3.1").commitment_ref == "В3"


def test_duplicated_ref_is_kept_twice_and_is_ambiguous(loaded):
    # The 2018 report numbers the Hereford station activity (3.2.3) under both 3.2 and 3.3.
    store, _ = loaded
    plan, _, snap = _plan(store, "2018")
    owners = sorted(
        c.ref
        for o in snap.objectives
        for c in o.commitments
        for a in c.activities
        if a.ref == "3.2.3"
    )
    assert owners == ["3.2", "3.3"]
    with pytest.raises(AmbiguousRef) as caught:
        store.resolve_activity(plan.id, "3.2.3")
    assert {c.qualified_ref for c in caught.value.candidates} == {"3.2/3.2.3", "3.3/3.2.3"}
    assert store.resolve_activity(plan.id, "3.3/3.2.3").commitment_ref == "3.3"


def test_oversight_text_links_to_glossary_bodies(loaded):
    store, _ = loaded
    plan, _, snap = _plan(store, "2018")
    counts = {b.name: b.activity_count for b in store.oversight(plan.id)}
    # 8 oversight cells name the Victims Board, written "Victims’ Board" or "Victims' Board"
    # (1.1, A1.1, A1.2, A1.3, A3.2, A4.9, A4.10, A5.4).
    assert counts["Victims Board"] == 8
    assert counts["Transformation Board"] == 3  # two 3.1 rows and 3.2.1
    assert counts["Local Criminal Justice Board"] == 2  # written "LCJB" under A1.3 and A3.2
    a1 = next(a for a in snap.activities() if a.ref == "A1.1")
    assert "Victims Board" in a1.bodies


def test_a_later_period_of_the_same_plan_adds_updates_only(loaded):
    store, _ = loaded
    plan, q2, _ = _plan(store, "2020")
    [report] = store.import_documents(
        [read_document(QUARTERLY_EXTRACT, period="2020/21 Q3")], author="importer"
    )
    assert report.created == {"periods": 1, "updates": 59}
    assert not any(report.changed.values())
    periods = store.periods(plan.id)
    assert [p.label for p in periods] == ["2020/21 Q2", "2020/21 Q3"]
    assert [p.update_count for p in periods] == [59, 59]
    q3 = store.snapshot(plan.id, periods[1].id)
    assert all(a.previous is not None for a in q3.activities() if a.update)
