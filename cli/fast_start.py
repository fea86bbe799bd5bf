"""`plandesk` and `plandesk tui` started without Typer or the SQL stack before the first paint.

Typer, SQLAlchemy, SQLModel and pydantic take most of a second to import; the first screen needs
none of them. When the command line asks only for the app (`plandesk`, `plandesk tui`, with
`--db PATH` at most) on a SQLite file that `store.first_screen` can read, the app starts on that
first screen and opens the store behind it. Anything else — another command or option, a
PostgreSQL URL, a file the store would warn about, create, migrate or refuse — returns False and
the full command line runs, exactly as without this module.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

    from plandesk.store.first_screen import FirstCounts, FirstScreen
    from plandesk.store.service import PlanStore
    from plandesk.tui.app import PlanDeskApp

__all__ = ["KEPT_PLACE", "app_target", "fast_app", "opens_quietly", "sqlite_path", "start_fast"]

# The setting holding an officer's last place (`tui.screens.plan.remembering.PLACE`): with one
# kept, the first screen is read there. Named here so that it is known before Textual is
# imported; a test checks that the two agree.
KEPT_PLACE = "tui.place"


def app_target(argv: list[str]) -> str | None | bool:
    """The `--db` given to a command line that only opens the app (None: none given), or
    False when it asks for anything else."""
    db: str | None = None
    rest = list(argv)
    seen_command = False
    while rest:
        word = rest.pop(0)
        if word == "tui" and not seen_command:
            seen_command = True
        elif word == "--db" and rest:
            db = rest.pop(0)
        elif word.startswith("--db="):
            db = word[len("--db=") :]
        else:
            return False
    return db


def sqlite_path(db: str | None) -> Path | None:
    """The SQLite file the store would open for `db` (as `store.db.database_url` reads it),
    or None when the store is to decide (a URL, an empty or in-memory target)."""
    from plandesk.store.locations import default_database_path

    target = db if db is not None else os.environ.get("PLANDESK_DB")
    if target is None:
        return default_database_path()
    if not target.strip() or "://" in target or target.strip() == ":memory:":
        return None
    return Path(target).expanduser().resolve()


def opens_quietly(path: Path) -> bool:
    """Whether the store would open this file without a word before the app: it exists, is a
    private regular file, and the journal mode needs no warning."""
    from plandesk.store.filesystems import choose_journal_mode
    from plandesk.store.settings import SettingsError, load_settings

    try:
        info = path.stat()
        setting = load_settings().journal_mode
        _mode, warning = choose_journal_mode(path, setting)
    except (OSError, SettingsError):
        return False
    private = os.name == "nt" or not stat.S_IMODE(info.st_mode) & 0o044
    return stat.S_ISREG(info.st_mode) and info.st_size > 0 and private and warning is None


class _FirstRead:
    """The first screen read on a thread while Textual and the app are imported (SQLite reads
    without holding the interpreter lock), then its counts: on a big plan they take most of
    the time, and the app draws the screen without them rather than wait."""

    def __init__(self, path: Path, author: str) -> None:
        from concurrent.futures import Future

        self.screen: Future[FirstScreen | None] = Future()
        self.counts: Future[FirstCounts | None] = Future()
        self._path, self._author = path, author
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        from plandesk.store.first_screen import read_first_counts, read_first_screen

        try:
            first = read_first_screen(self._path, self._author, KEPT_PLACE, count=False)
        except BaseException as exc:  # noqa: BLE001 - raised again on the caller's thread
            self.screen.set_exception(exc)
            self.counts.set_result(None)
            return
        self.screen.set_result(first)
        try:
            self.counts.set_result(read_first_counts(self._path, first) if first else None)
        except BaseException:  # noqa: BLE001 - the full load counts
            self.counts.set_result(None)


def fast_app(argv: list[str]) -> PlanDeskApp | None:
    """The app on its first screen, with the store to open behind it, if `argv` allows a
    fast start; None: run the full command line."""
    # Nothing made before the first screen is drawn is garbage, yet the collector would walk
    # every module and widget a few times over meanwhile (≈ 15 ms). The plan screen turns it
    # on again once that screen is on the terminal (`tui.memory.collect_again`).
    gc.disable()
    try:
        app = _fast_app(argv)
    except BaseException:
        gc.enable()
        raise
    if app is None:
        gc.enable()
    return app


def _fast_app(argv: list[str]) -> PlanDeskApp | None:
    db = app_target(argv)
    if db is False:
        return None
    assert not isinstance(db, bool)
    path = sqlite_path(db)
    if path is None or not opens_quietly(path):
        return None
    from plandesk.store.settings import SettingsError, load_settings
    from plandesk.store.users import current_user

    author = current_user(None)
    reading = _FirstRead(path, author)
    from plandesk.tui import make_app

    first = reading.screen.result()
    if first is None:
        return None
    counts = reading.counts
    if counts.done() and counts.result() is not None:
        first = first.with_counts(counts.result())  # in time for the first frame
    try:
        authors = load_settings().authors
    except SettingsError:
        authors = {}  # as the full command does: the exports then name officers by login

    def open_store() -> PlanStore:
        from plandesk.store.service import PlanStore

        return PlanStore.open(db, create=True)

    return make_app(
        None, author, first=first, first_counts=counts, open_store=open_store, authors=authors
    )


def start_fast(argv: list[str]) -> bool:
    """Run the app the fast way if `argv` allows it (True once it has run); False: nothing was
    done, run the full command line."""
    app = fast_app(argv)
    if app is None:
        return False
    try:
        app.run()
    finally:
        gc.enable()  # if the app ended before its first screen was drawn
        if app.store_opened:
            app.store.close()
    if app.open_error is not None:
        from plandesk.cli.errors import describe
        from plandesk.cli.output import echo

        described = describe(app.open_error)
        if described is None:
            raise app.open_error
        echo(f"error: {described[0]}", err=True)
        sys.exit(described[1])
    return True
