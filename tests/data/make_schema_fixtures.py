"""Write `schema_NNNN.db`: a small plandesk database as each released schema left it.

Run from the repository root with `python tests/data/make_schema_fixtures.py`. Each file is a
fresh SQLite database migrated to that revision only, holding a small realistic plan written
with raw SQL of that schema: two objectives, three commitments, four activities with
oversight, two periods, updates with their revisions (one edited twice), and from 0002 on an
officer's draft, from 0003 on acknowledgements (one withdrawn), from 0004 on a cached stall
verdict whose key matches nothing (it must never be shown), from 0006 on a closed period, a
lead, a retired activity, plan history and a preference, from 0007 on a cross-reference,
manual and removed oversight links and an alias. `tests/store/test_upgrades.py` opens
each under the current schema and checks that all of it is still there.

When a migration is added: add the new revision's rows below (under `if at_least(...)`), run
this script, and commit the new `schema_NNNN.db`. Files of released schemas never change:
the script leaves existing ones alone unless given `--force`.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from plandesk.store import db

HERE = Path(__file__).resolve().parent
RELEASED = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")

PLAN = (
    "INSERT INTO plan (id, name, edition, notes, created_at, imported_at) VALUES "
    "(1, 'Safer West Mercia Plan', '2020', 'Extract for the Panel', "
    "'2020-10-01 09:00:00.000000', '2020-10-01 09:00:00.000000')"
)
ROWS = [
    "INSERT INTO objective (id, plan_id, position, title) VALUES "
    "(1, 1, 1, 'Putting victims and survivors first'), "
    "(2, 1, 2, 'Building a more secure West Mercia')",
    "INSERT INTO oversightbody (id, plan_id, name, name_key, purpose, frequency, "
    "notes_published, public_meeting, area) VALUES "
    "(1, 1, 'Victims Board', 'victims board', 'Services for victims', 'Quarterly', 1, 0, ''), "
    "(2, 1, 'Holding to Account', 'holding to account', 'PCC scrutiny of the Force', "
    "'Monthly', 1, 1, '')",
    "INSERT INTO commitment (id, objective_id, plan_id, position, ref, ref_key, kind, title) "
    "VALUES (1, 1, 1, 1, 'A3', 'A3', 'commissioner', 'Bring together a new Victims Board'), "
    "(2, 1, 1, 2, 'A6', 'A6', 'commissioner', 'Work with partners to colocate services'), "
    "(3, 2, 1, 3, 'В3', 'B3', 'policing', 'Develop strategies based on evidence')",
    "INSERT INTO activity (id, commitment_id, plan_id, position, ref, ref_key, text, "
    "oversight, stands_for_commitment) VALUES "
    "(1, 1, 1, 1, 'A3.1', 'A3.1', 'Redesign the Victims board', 'Victims Board', 0), "
    "(2, 2, 1, 1, 'A6.1', 'A6.1', 'Work closely with Victim Support', 'Victims Board', 0), "
    "(3, 2, 1, 2, 'A6.2', 'A6.2', 'Review VAL provision', 'Holding to Account', 0), "
    "(4, 3, 1, 1, 'В3.1', 'B3.1', 'Serious and Organised Crime Strategy', "
    "'Holding to Account; Victims Board', 0)",
    "INSERT INTO activityoversight (activity_id, body_id) VALUES (1, 1), (2, 1), (3, 2), "
    "(4, 1), (4, 2)",
    'INSERT INTO period (id, plan_id, label, start, "end") VALUES '
    "(1, 1, '2020/21 Q1', '2020-04-01', '2020-06-30'), "
    "(2, 1, '2020/21 Q2', '2020-07-01', '2020-09-30')",
    "INSERT INTO progress_update (id, activity_id, period_id, text, status, author, "
    "updated_at, version) VALUES "
    "(1, 1, 1, 'Terms of reference drafted.', 'on track', 'sample import', "
    "'2020-07-02 10:00:00.000000', 1), "
    "(2, 1, 2, 'Board met 24 September; new terms agreed.', 'complete', 'ann', "
    "'2020-10-05 14:30:00.000000', 3), "
    "(3, 2, 2, 'Referrals monitored at quarterly contract meetings.', '', 'sample import', "
    "'2020-10-01 09:00:00.000000', 1), "
    "(4, 4, 2, 'Delivery plan embedded; next updates due 28/09/2020.', 'at risk', 'bob', "
    "'2020-10-03 11:15:00.000000', 2)",
    "INSERT INTO revision (id, update_id, version, before_text, after_text, before_status, "
    "after_status, author, at, source) VALUES "
    "(1, 1, 1, NULL, 'Terms of reference drafted.', NULL, 'on track', 'sample import', "
    "'2020-07-02 10:00:00.000000', 'import q1.txt'), "
    "(2, 2, 1, NULL, 'Board postponed due to Covid 19.', NULL, '', 'sample import', "
    "'2020-10-01 09:00:00.000000', 'import q2.txt'), "
    "(3, 2, 2, 'Board postponed due to Covid 19.', 'Board met 24 September.', '', "
    "'on track', 'ann', '2020-10-04 16:00:00.000000', 'edit'), "
    "(4, 2, 3, 'Board met 24 September.', 'Board met 24 September; new terms agreed.', "
    "'on track', 'complete', 'ann', '2020-10-05 14:30:00.000000', 'cli'), "
    "(5, 3, 1, NULL, 'Referrals monitored at quarterly contract meetings.', NULL, '', "
    "'sample import', '2020-10-01 09:00:00.000000', 'import q2.txt'), "
    "(6, 4, 1, NULL, 'Delivery plan embedded.', NULL, '', 'sample import', "
    "'2020-10-01 09:00:00.000000', 'import q2.txt'), "
    "(7, 4, 2, 'Delivery plan embedded.', "
    "'Delivery plan embedded; next updates due 28/09/2020.', '', 'at risk', 'bob', "
    "'2020-10-03 11:15:00.000000', 'edit')",
]
DRAFTS = [
    "INSERT INTO draft (id, activity_id, period_id, author, text, status, base_version, "
    "saved_at) VALUES (1, 3, 2, 'cat', 'VAL review: first meeting held, notes to follow', "
    "'in progress', 0, '2020-10-06 08:45:00.000000')",
]
ACKNOWLEDGEMENTS = [
    "INSERT INTO acknowledgement (id, activity_id, period_id, note, author, at, cleared) "
    "VALUES (1, 4, 2, 'chased at HTA 12 June', 'ann', '2020-10-07 09:00:00.000000', 0), "
    "(2, 2, 2, 'asked VS for figures', 'bob', '2020-10-07 10:00:00.000000', 0), "
    "(3, 2, 2, '', 'bob', '2020-10-08 10:00:00.000000', 1)",
]


REVIEW_CACHE = (
    "INSERT INTO review_cache (activity_id, period_id, key, verdict) VALUES "
    "(1, 2, 'a key of rules that no longer exist', "
    '\'["Stalled", [["copied", "a verdict from older rules", []]]]\')'
)


# 0006: a closed period, a lead and due date, a retired activity, a reopened one, the plan's
# own history and an officer's place in the app.
LIVING_PLAN = [
    "UPDATE period SET closed_at = '2020-10-20 12:00:00.000000', closed_by = 'ann' WHERE id = 1",
    "UPDATE activity SET lead = 'Head of Commissioning', due = '2021-03-31' WHERE id = 2",
    "UPDATE activity SET retired_at = '2020-10-21 09:00:00.000000', "
    "retired_reason = 'Merged into A6.1' WHERE id = 3",
    "UPDATE activity SET reopened_after_period_id = 2 WHERE id = 1",
    "INSERT INTO plan_change (id, plan_id, at, author, action, subject, objective_id, "
    "commitment_id, activity_id, period_id, before, after, reason) VALUES "
    "(1, 1, '2020-10-20 12:00:00.000000', 'ann', 'period close', '2020/21 Q1', NULL, NULL, "
    "NULL, 1, NULL, NULL, ''), "
    "(2, 1, '2020-10-21 09:00:00.000000', 'bob', 'activity retire', 'A6.2', NULL, 2, 3, NULL, "
    "'{\"retired\": false}', '{\"retired\": true}', 'Merged into A6.1')",
    "INSERT INTO preference (author, name, value) VALUES "
    "('ann', 'app.place', '{\"plan\": 1, \"period\": 2, \"activity\": 4}')",
]


# 0007: a cross-reference (and one to a ref the plan lacks), a manual oversight link, an
# officer's removal of one, and an alias.
PLAN_LINKS = [
    "INSERT INTO cross_reference (id, plan_id, activity_id, period_id, found_in, written, "
    "target_ref, target_commitment_id, target_activity_id) VALUES "
    "(1, 1, 2, NULL, 'activity', 'Refer to A3.1', 'A3.1', NULL, 1), "
    "(2, 1, 4, 2, 'update', 'See C9', 'C9', NULL, NULL)",
    "UPDATE activityoversight SET how = 'manual' WHERE activity_id = 3 AND body_id = 2",
    "UPDATE activityoversight SET how = 'unlinked' WHERE activity_id = 4 AND body_id = 1",
    "INSERT INTO oversight_alias (id, plan_id, body_id, alias, alias_key, author, at) VALUES "
    "(1, 1, 2, 'HTA', 'hta', 'ann', '2020-10-22 09:00:00.000000')",
]


def make(revision: str, target: Path) -> None:
    """Write the fixture for `revision` to `target` (which must not exist)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "fixture.db"
        engine = db.make_engine(str(work), migrate_schema=False)
        db.migrate(engine, revision)

        def at_least(wanted: str) -> bool:
            return int(revision) >= int(wanted)

        with engine.begin() as connection:
            for statement in [PLAN, *ROWS]:
                connection.execute(text(statement))
            if at_least("0002"):
                for statement in DRAFTS:
                    connection.execute(text(statement))
            if at_least("0003"):
                for statement in ACKNOWLEDGEMENTS:
                    connection.execute(text(statement))
            if at_least("0004"):
                connection.execute(text(REVIEW_CACHE))
            if at_least("0006"):
                for statement in LIVING_PLAN:
                    connection.execute(text(statement))
            if at_least("0007"):
                for statement in PLAN_LINKS:
                    connection.execute(text(statement))
        engine.dispose()
        # One self-contained, compact file: no WAL beside it.
        connection = sqlite3.connect(work)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("VACUUM")
        connection.close()
        target.write_bytes(work.read_bytes())
        target.chmod(0o600)


def main(argv: list[str]) -> None:
    force = "--force" in argv
    for revision in RELEASED:
        target = HERE / f"schema_{revision}.db"
        if target.exists() and not force:
            print(f"{target.name}: kept (released; --force rewrites it)")
            continue
        target.unlink(missing_ok=True)
        make(revision, target)
        print(f"{target.name}: written ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
