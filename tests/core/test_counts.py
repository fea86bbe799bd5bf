"""`plandesk.core.counts`: the one definition of each count the app and the exports show."""

from __future__ import annotations

from datetime import UTC, datetime

from plandesk.core.counts import count_period, has_update, is_complete, is_flagged
from plandesk.core.plan import ActivityView, UpdateView
from plandesk.core.rules.engine import Flag

NOW = datetime(2020, 10, 1, tzinfo=UTC)


def activity(text: str | None, *, flagged: bool = False, done_in: str | None = None, status=""):
    update = None if text is None else UpdateView(1, 1, 1, text, status, "me", NOW, 1)
    flags = (Flag("missing", "no update", ()),) if flagged else ()
    return ActivityView(
        1, 1, 1, "A1.1", "do it", "", False, update, None, (), flags, status, done_in=done_in
    )


def test_each_count_by_its_definition():
    blank = activity("   ", flagged=True)
    updated_and_flagged = activity("delayed", flagged=True)
    complete = activity("finished", status="Complete")
    done_before_with_a_flag = activity(None, flagged=True, done_in="2020/21 Q1")
    assert not has_update(blank) and is_flagged(blank)
    assert has_update(updated_and_flagged) and is_flagged(updated_and_flagged)
    assert is_complete(complete) and not is_flagged(complete)
    # A done activity owes nothing: complete, never flagged nor missing.
    assert is_complete(done_before_with_a_flag) and not is_flagged(done_before_with_a_flag)
    counts = count_period([blank, updated_and_flagged, complete, done_before_with_a_flag])
    assert (counts.activities, counts.updated, counts.complete) == (4, 2, 2)
    assert (counts.no_update, counts.flagged, counts.done) == (1, 2, 1)
