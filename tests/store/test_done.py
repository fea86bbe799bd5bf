"""Done activities and officer-set warning statuses, on the real 2020 sample and every database.

An activity completed in 2020/21 Q2 is done in Q3: no update expected, no flag, "Complete";
a later open status or a reopen undoes it. An officer's At risk or Stalled counts as a flag.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import Session

from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.models import Activity

Q2, Q3 = "2020/21 Q2", "2020/21 Q3"


@pytest.fixture
def cycle(store):
    """The 2020 sample, A3.1 marked Complete in Q2, then Q3 opened with no updates."""
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan(None)
    q2 = store.resolve_period(plan.id)
    a31 = store.resolve_activity(plan.id, "A3.1")
    current = store.update_for(a31.id, q2.id)
    store.save_update(a31.id, q2.id, current.text, author="officer", status="done")
    q3 = store.open_period(plan.id, author="officer")
    return store, plan, q2, q3, a31


def view_of(store, plan, period, ref):
    snapshot = store.snapshot(plan.id, period.id)
    [found] = [a for a in snapshot.activities() if a.ref == ref]
    return found


def test_completed_last_quarter_is_done_and_not_flagged(cycle):
    store, plan, q2, q3, a31 = cycle
    done = view_of(store, plan, q3, "A3.1")
    assert (done.done, done.done_in) == (True, Q2)
    assert done.update is None
    assert done.flags == ()
    assert (done.status, done.status_suggested) == ("Complete", False)
    # Another activity with no Q3 update is still missing.
    other = view_of(store, plan, q3, "A5.1")
    assert [f.rule for f in other.flags] == ["missing"]
    assert not other.done
    # Re-read on its own, the same.
    alone = store.activity_view(plan.id, q3.id, a31.id)
    assert (alone.done_in, alone.flags, alone.status) == (Q2, (), "Complete")
    # In the period it was completed in, it is done too, and reviewed as usual.
    in_q2 = view_of(store, plan, q2, "A3.1")
    assert (in_q2.done_in, in_q2.status) == (Q2, "Complete")


def test_an_update_without_a_status_keeps_it_done(cycle):
    store, plan, q2, q3, a31 = cycle
    store.save_update(a31.id, q3.id, "No further update", author="officer")
    done = view_of(store, plan, q3, "A3.1")
    assert (done.done_in, done.flags, done.status) == (Q2, (), "Complete")


def test_a_later_open_status_undoes_it(cycle):
    store, plan, q2, q3, a31 = cycle
    store.save_update(a31.id, q3.id, "More to do after all.", author="officer", status="amber")
    undone = view_of(store, plan, q3, "A3.1")
    assert undone.done_in is None
    assert "status" in [f.rule for f in undone.flags]
    # Q2 as it was seen then is still done: later periods do not rewrite it.
    assert view_of(store, plan, q2, "A3.1").done_in == Q2
    # Q3's open status replaced by Complete: nothing undoes Q2's completion any more.
    store.save_update(a31.id, q3.id, "Finished.", author="officer", status="Complete")
    assert view_of(store, plan, q3, "A3.1").done_in == Q2


def test_a_reopened_activity_is_not_done_until_completed_again(cycle):
    store, plan, q2, q3, a31 = cycle
    # What `activity reopen` records: a final status up to and including Q2 no longer counts.
    with Session(store.engine) as session:
        session.exec(
            update(Activity).where(Activity.id == a31.id).values(reopened_after_period_id=q2.id)
        )
        session.commit()
    reopened = view_of(store, plan, q3, "A3.1")
    assert reopened.done_in is None
    assert [f.rule for f in reopened.flags] == ["missing"]
    assert store.activity_view(plan.id, q3.id, a31.id).done_in is None
    assert view_of(store, plan, q2, "A3.1").done_in is None
    store.save_update(a31.id, q3.id, "Done now.", author="officer", status="Complete")
    assert view_of(store, plan, q3, "A3.1").done_in == Q3


@pytest.mark.parametrize("status", ["At risk", "red"])
def test_an_officer_set_warning_status_is_a_flag(cycle, status):
    store, plan, q2, q3, a31 = cycle
    a51 = store.resolve_activity(plan.id, "A5.1")
    store.save_update(a51.id, q3.id, "Fresh words this quarter.", author="officer", status=status)
    view = view_of(store, plan, q3, "A5.1")
    shown = "At risk" if status == "At risk" else "Stalled"
    assert view.flags[0].rule == "status"
    assert view.flags[0].detail == f"status set to {shown} by the officer"
    assert (view.status, view.status_suggested) == (shown, False)
    store.acknowledge(a51.id, q3.id, "discussed with the lead", author="ann")
    assert view_of(store, plan, q3, "A5.1").open_flags == ()
