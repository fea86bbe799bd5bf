"""What `PlanStore` is given rather than reaching for: its clock and the stall rules' settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plandesk.core.rules.config import DEFAULT_CONFIG, ConfigError
from plandesk.importers import read_document
from plandesk.samples import QUARTERLY_EXTRACT
from plandesk.store.errors import PlandeskError, RulesUnreadable, StoreError
from plandesk.store.review import rules_from_file
from plandesk.store.rules_file import config_path
from plandesk.store.service import PlanStore

NOON = datetime(2021, 3, 4, 12, 0, tzinfo=UTC)


def _opened(tmp_path, **given) -> tuple[PlanStore, int, int, int]:
    store = PlanStore.open(str(tmp_path / "plan.db"), **given)
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    plan = store.resolve_plan(None)
    period = store.resolve_period(plan.id)
    activity = store.resolve_activity(plan.id, "A3.1")
    return store, plan.id, period.id, activity.id


def test_the_injected_clock_stamps_saves_revisions_and_acknowledgements(tmp_path):
    store, _plan_id, period_id, activity_id = _opened(tmp_path, clock=lambda: NOON)
    try:
        saved = store.save_update(activity_id, period_id, "postponed at noon", author="ann")
        acked = store.acknowledge(activity_id, period_id, "seen", author="ann")
        history = store.history(activity_id)
    finally:
        store.close()
    # SQLite gives times back without their zone.
    assert saved.updated_at.replace(tzinfo=UTC) == NOON
    assert acked is not None and acked.at.replace(tzinfo=UTC) == NOON
    assert {r.at.replace(tzinfo=UTC) for r in history} == {NOON}


def test_the_injected_rules_decide_the_flags(tmp_path):
    asked: list[str] = []

    def broken(plan_title: str):
        asked.append(plan_title)
        raise ConfigError(Path("rules.toml"), "not valid TOML", line=3)

    store, plan_id, period_id, activity_id = _opened(tmp_path, rules=broken)
    try:
        with pytest.raises(RulesUnreadable) as raised:
            store.activity_view(plan_id, period_id, activity_id)
        view = store.activity_view(plan_id, period_id, activity_id, review=False)
        title = store.resolve_plan(None).title
    finally:
        store.close()
    assert raised.value.where == "rules.toml:3"
    assert asked == [title]
    assert view.id == activity_id


def test_re_reading_one_activity_gives_what_the_snapshot_gave(tmp_path):
    store, plan_id, period_id, _activity_id = _opened(tmp_path)
    try:
        snapshot = store.snapshot(plan_id, period_id)
        for activity in snapshot.activities():
            assert store.activity_view(plan_id, period_id, activity.id) == activity
    finally:
        store.close()


def test_the_rules_file_is_parsed_again_only_when_its_text_changes():
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("similarity = 0.9\n", encoding="utf-8")
    first = rules_from_file("Any Plan 2020")
    assert first == replace(DEFAULT_CONFIG, similarity=0.9)
    assert rules_from_file("Any Plan 2020") is first
    path.write_text("similarity = 0.7\n", encoding="utf-8")
    assert rules_from_file("Any Plan 2020") == replace(DEFAULT_CONFIG, similarity=0.7)


def test_every_store_error_has_one_root():
    assert issubclass(StoreError, PlandeskError)
    assert issubclass(RulesUnreadable, StoreError)


def test_every_error_meant_for_the_user_has_one_root():
    from plandesk.cli.errors import CommandError
    from plandesk.core.errors import PlandeskError as CorePlandeskError
    from plandesk.core.periods import PeriodError
    from plandesk.core.records import ImportProblem
    from plandesk.core.rules.config import ConfigError
    from plandesk.core.statuses import UnknownStatus
    from plandesk.exports.scope import ExportError
    from plandesk.store.backup import BackupError
    from plandesk.store.db import DatabaseError
    from plandesk.store.settings import SettingsError

    assert PlandeskError is CorePlandeskError
    for error in (
        PeriodError,
        ImportProblem,
        ConfigError,
        UnknownStatus,
        ExportError,
        BackupError,
        DatabaseError,
        SettingsError,
        CommandError,
        StoreError,
    ):
        assert issubclass(error, PlandeskError), error
