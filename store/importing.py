"""Running an import: one write transaction, locked against every other writer first.

What the import compares (plans, periods, updates and their versions) is read only once the
transaction holds the write lock, so two imports, or an import and a save, take turns instead
of both deciding from the same old state:

- SQLite: `BEGIN IMMEDIATE` before the first read (the whole database, until commit);
- PostgreSQL: a transaction-level advisory lock per plan (plan name and edition), which also
  covers creating a plan that does not exist yet, then `FOR UPDATE` on the period's updates,
  which makes a concurrent `save_update` wait (or the import wait for it).

A unique-key clash (a save created an update PostgreSQL could not lock because it did not yet
exist) or an update that moved despite the lock rolls the whole import back and runs it again;
after a few tries the import fails cleanly, having written nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from plandesk.core.plan import ImportReport
from plandesk.core.records import PlanDocument
from plandesk.store.errors import StoreError
from plandesk.store.loading import DocumentLoader
from plandesk.store.rows import begin_write
from plandesk.store.update_writer import LostUpdate

__all__ = ["ImportRaceLost", "run_import"]

ATTEMPTS = 5


class ImportRaceLost(StoreError):
    """Other writers kept changing the plan under the import; nothing was imported."""


def run_import(
    engine: Engine,
    documents: Iterable[PlanDocument],
    *,
    author: str,
    plan_name: str | None,
    edition: str | None,
    dry_run: bool,
    overwrite: bool,
    clock: Callable[[], datetime],
) -> list[ImportReport]:
    """Load `documents` in one transaction (rolled back when `dry_run`); see the module doc."""
    documents = list(documents)
    keys = sorted({_plan_lock_key(d, plan_name, edition) for d in documents})
    for attempt in range(ATTEMPTS):
        with Session(engine) as session:
            try:
                _lock(session, keys)
                reports = [
                    DocumentLoader(
                        session,
                        document,
                        author,
                        plan_name,
                        edition,
                        dry_run,
                        clock=clock,
                        overwrite=overwrite,
                    ).run()
                    for document in documents
                ]
                if dry_run:
                    session.rollback()
                else:
                    session.commit()
                return reports
            except (IntegrityError, LostUpdate) as exc:
                session.rollback()
                if attempt == ATTEMPTS - 1:
                    raise ImportRaceLost(
                        f"other changes to this plan kept crossing the import ({exc}); "
                        "nothing was imported: run it again"
                    ) from None
            except Exception:
                session.rollback()
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _lock(session: Session, keys: list[int]) -> None:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        begin_write(session)
        return
    # Sorted, so two imports of several plans never hold one each and wait for the other.
    for key in keys:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _plan_lock_key(document: PlanDocument, plan_name: str | None, edition: str | None) -> int:
    """A stable 64-bit number for the plan a document goes into (as `DocumentLoader` names it)."""
    name = plan_name or document.plan_name
    plan_edition = document.edition if edition is None else edition
    digest = hashlib.blake2b(
        f"plandesk import\x00{name}\x00{plan_edition}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)
