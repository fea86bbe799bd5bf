"""An officer's settings (`PlanStore.remember` / `recall`): per author, replaced, JSON only, and
a read-only database refuses with `StoreError` (the app carries on without them)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from plandesk.store.service import PlanStore, StoreError


def test_remember_and_recall_per_author_and_name(store):
    assert store.recall("ann", "tui.place") is None
    store.remember("ann", "tui.place", json.dumps({"plan": 1, "period": 2}))
    store.remember("bob", "tui.place", json.dumps({"plan": 3}))
    store.remember("ann", "other", "true")
    assert json.loads(store.recall("ann", "tui.place")) == {"plan": 1, "period": 2}
    assert json.loads(store.recall("bob", "tui.place")) == {"plan": 3}
    assert store.recall("ann", "other") == "true"
    store.remember("ann", "tui.place", json.dumps({"plan": 5}))
    assert json.loads(store.recall("ann", "tui.place")) == {"plan": 5}
    assert json.loads(store.recall("bob", "tui.place")) == {"plan": 3}


def test_only_json_text_is_kept(store):
    with pytest.raises(StoreError, match="JSON"):
        store.remember("ann", "tui.place", "{not json")
    assert store.recall("ann", "tui.place") is None
    with pytest.raises(StoreError):
        store.remember("", "tui.place", "1")


def test_a_read_only_database_refuses_with_a_store_error(tmp_path):
    path = tmp_path / "plan.db"
    writable = PlanStore.open(str(path))
    writable.remember("ann", "tui.place", "1")
    writable.close()
    read_only = PlanStore(create_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    try:
        assert read_only.recall("ann", "tui.place") == "1"
        with pytest.raises(StoreError, match="could not keep"):
            read_only.remember("ann", "tui.place", "2")
        assert read_only.recall("ann", "tui.place") == "1"
    finally:
        read_only.close()
