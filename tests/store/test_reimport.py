"""Importing a document again: officers' edits are kept unless asked, and a no-op writes nothing.

Real databases (SQLite and PostgreSQL) through the store, and the `plandesk` command on a real
SQLite file for the report and the automatic backup.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, select
from typer.testing import CliRunner

from plandesk.cli import app
from plandesk.importers import read_document
from plandesk.samples import PANEL_REPORT, QUARTERLY_EXTRACT
from plandesk.store.backup import list_backups
from plandesk.store.service import PlanStore

EDITED = ("A3.1", "A6.1", "A6.2", "B2.2")
runner = CliRunner()


def _every_row(store: PlanStore) -> dict[str, list[tuple]]:
    metadata = MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as connection:
        return {
            name: sorted(connection.execute(select(table)).all(), key=repr)
            for name, table in metadata.tables.items()
        }


def _edit_four(store: PlanStore) -> dict[str, tuple[int, str, str]]:
    """An officer edits four updates (one only its status); {ref: (activity id, text, status)}."""
    plan = store.resolve_plan(None)
    period = store.resolve_period(plan.id)
    edits = {}
    for n, ref in enumerate(EDITED):
        activity = store.resolve_activity(plan.id, ref)
        current = store.update_for(activity.id, period.id)
        text = current.text if n == 0 else f"Officer's own words for {ref}."
        saved = store.save_update(
            activity.id, period.id, text, author="ann", status="at risk", source="tui"
        )
        edits[ref] = (activity.id, saved.text, saved.status)
    return edits


def test_reimport_keeps_officers_edits_and_lists_them(store):
    document = read_document(QUARTERLY_EXTRACT)
    store.import_documents([document], author="importer")
    edits = _edit_four(store)
    # A3.1's text is the document's own (only its status was set): nothing to keep or list.
    kept_refs = list(EDITED[1:])
    before = _every_row(store)

    [report] = store.import_documents([document], author="importer")

    assert report.kept == kept_refs
    assert report.overwritten == []
    assert report.is_noop and not report.changed
    assert _every_row(store) == before, "an import that changes nothing wrote something"
    plan = store.resolve_plan(None)
    period = store.resolve_period(plan.id)
    for activity_id, text, status in edits.values():
        current = store.update_for(activity_id, period.id)
        assert (current.text, current.status, current.author) == (text, status, "ann")


def test_overwrite_takes_the_documents_text_and_clears_the_status(store):
    document = read_document(QUARTERLY_EXTRACT)
    store.import_documents([document], author="importer")
    original = {a.ref: a.update for a in document.activities()}
    edits = _edit_four(store)

    [report] = store.import_documents([document], author="importer", overwrite=True)

    assert report.overwritten == list(EDITED[1:])
    assert report.kept == []
    assert report.changed == {"updates": 3}
    period = store.resolve_period(store.resolve_plan(None).id)
    for ref in EDITED[1:]:
        activity_id, officer_text, _status = edits[ref]
        current = store.update_for(activity_id, period.id)
        assert (current.text, current.status) == (original[ref], "")
        last = store.history(activity_id)[-1]
        assert (last.before_text, last.before_status) == (officer_text, "At risk")
        assert last.source.startswith("import ")
    # A3.1 kept the document's text: its officer's status stays.
    a31 = store.update_for(edits["A3.1"][0], period.id)
    assert a31.status == "At risk"


def test_a_new_version_of_the_document_still_changes_unedited_updates(store):
    document = read_document(QUARTERLY_EXTRACT)
    store.import_documents([document], author="importer")
    edits = _edit_four(store)
    revised = read_document(QUARTERLY_EXTRACT)
    for activity in revised.activities():
        if activity.update:
            activity.update = activity.update + " Revised in the second issue."

    [report] = store.import_documents([revised], author="importer")

    assert report.kept == list(EDITED)
    period = store.resolve_period(store.resolve_plan(None).id)
    for activity_id, text, _status in edits.values():
        assert store.update_for(activity_id, period.id).text == text
    a12 = store.resolve_activity(store.resolve_plan(None).id, "A2.2")
    assert store.update_for(a12.id, period.id).text.endswith("Revised in the second issue.")
    assert report.changed["updates"] == sum(1 for a in revised.activities() if a.update) - 4


def test_a_noop_import_does_not_change_the_default_plan(store):
    store.import_documents([read_document(PANEL_REPORT)], author="importer")
    store.import_documents([read_document(QUARTERLY_EXTRACT)], author="importer")
    default = store.resolve_plan(None)
    before = _every_row(store)

    [report] = store.import_documents([read_document(PANEL_REPORT)], author="importer")

    assert report.is_noop
    assert store.resolve_plan(None).id == default.id
    assert _every_row(store) == before


def _run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


def test_cli_lists_kept_edits_and_leaves_no_backup(tmp_path):
    db = tmp_path / "plans.db"
    assert _run(db, "import", str(QUARTERLY_EXTRACT)).exit_code == 0
    for ref in ("A6.1", "B2.2"):
        result = _run(db, "update", ref, "--text", f"edited {ref}", "--as", "ann")
        assert result.exit_code == 0, result.output

    result = _run(db, "import", str(QUARTERLY_EXTRACT))

    assert result.exit_code == 0, result.output
    assert "kept your edit; the document says something else (2): A6.1, B2.2" in result.output
    assert "--overwrite" in result.output
    assert "changed:" not in result.output
    assert list_backups(db) == [], "a no-op import left a backup behind"

    result = _run(db, "import", "--overwrite", str(QUARTERLY_EXTRACT))

    assert result.exit_code == 0, result.output
    assert "changed: 2 updates" in result.output
    assert "replaced an edit with the document's text, status cleared (2): A6.1, B2.2" in (
        result.output
    )
    assert len(list_backups(db)) == 1
    shown = _run(db, "history", "A6.1")
    assert "edited A6.1" in shown.output


def test_history_lists_revisions_by_version_whatever_their_times(sqlite_target):
    # Before the fix an import's revisions carried the time it started, so a save made while it
    # ran could be stamped later than the import revision that follows it.
    clock = {"now": datetime(2020, 10, 1, 9, 30, tzinfo=UTC)}
    store = PlanStore.open(sqlite_target, clock=lambda: clock["now"])
    try:
        document = read_document(QUARTERLY_EXTRACT)
        store.import_documents([document], author="importer")  # stamped 9:30
        plan = store.resolve_plan(None)
        period = store.resolve_period(plan.id)
        activity = store.resolve_activity(plan.id, "A3.1")
        clock["now"] = datetime(2020, 10, 1, 9, 0, tzinfo=UTC)
        store.save_update(activity.id, period.id, "edit at 9:00", author="ann")
        history = store.history(activity.id)
    finally:
        store.close()
    assert [(r.version, r.author) for r in history] == [(1, "importer"), (2, "ann")]
    shown = _run(sqlite_target, "history", "A3.1")
    assert shown.exit_code == 0, shown.output
    assert shown.output.index(" v1 ") < shown.output.index(" v2 ")
