"""The store's rule for acknowledgements, the same for the CLI and the app (issue 14, item 10)."""

from __future__ import annotations

import pytest

from plandesk.store.service import StoreError


def _ids(store, ref):
    plan = store.resolve_plan()
    return store.resolve_activity(plan.id, ref).id, store.resolve_period(plan.id).id


def test_an_activity_with_no_flag_cannot_be_acknowledged(plan_store):
    activity, period = _ids(plan_store, "A2.2")
    with pytest.raises(StoreError, match="has no flag in 2020/21 Q2"):
        plan_store.acknowledge(activity, period, "seen", author="ann")
    assert plan_store.acknowledgements(activity) == []


def test_an_officers_at_risk_is_a_flag_that_can_be_acknowledged(plan_store):
    activity, period = _ids(plan_store, "A2.2")
    current = plan_store.update_for(activity, period)
    plan_store.save_update(activity, period, current.text, author="ann", status="At risk")
    assert plan_store.acknowledge(activity, period, "seen", author="ann") is not None


def test_only_a_standing_acknowledgement_can_be_withdrawn(plan_store):
    activity, period = _ids(plan_store, "A3.1")
    with pytest.raises(StoreError, match="no acknowledgement in 2020/21 Q2 to withdraw"):
        plan_store.acknowledge(activity, period, "", author="ann", clear=True)
    plan_store.acknowledge(activity, period, "chased", author="ann")
    assert plan_store.acknowledge(activity, period, "", author="ann", clear=True) is None
    with pytest.raises(StoreError, match="to withdraw"):
        plan_store.acknowledge(activity, period, "", author="ann", clear=True)
    assert [cleared for _, _, cleared in plan_store.acknowledgements(activity)] == [False, True]
