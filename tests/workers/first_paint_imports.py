"""Starts the app the fast way, as `plandesk --db FILE` does (headless, 120×36), and prints as
JSON which of Typer and the SQL stack (and of our dialogs and secondary screens) were imported
when its first screen was up, and again once the plan was loaded behind it.

Run as `python tests/workers/first_paint_imports.py FILE`; the store's opening is held until
the first screen has been looked at, so a late import cannot hide behind a race.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading

from plandesk.cli.fast_start import fast_app

HEAVY = ("typer", "click", "sqlalchemy", "sqlmodel", "pydantic", "alembic")
# Our own modules that wait for their first use: the dialogs and the secondary screens.
DEFERRED = ("plandesk.tui.dialogs.", "plandesk.tui.screens.")
SCREENS_AT_START = ("plandesk.tui.screens.plan",)


def imported() -> list[str]:
    return sorted(name for name in HEAVY if name in sys.modules)


def deferred_imported() -> list[str]:
    return sorted(
        name
        for name in sys.modules
        if name.startswith(DEFERRED) and not name.startswith(SCREENS_AT_START)
    )


async def main(db: str) -> None:
    app = fast_app(["--db", db])
    if app is None:
        print(json.dumps({"fast": False}))
        return
    release = threading.Event()
    opener = app.open_store

    def held():
        release.wait(60)
        return opener()

    app.open_store = held
    report: dict[str, object] = {"fast": True}
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(500):
            await pilot.pause()
            screen = app.screen
            if type(screen).__name__ == "PlanScreen" and screen.plan_tree.root.children:
                break
        report["first_screen"] = imported()
        report["deferred"] = deferred_imported()
        report["title"] = app.title
        release.set()
        for _ in range(2000):
            await pilot.pause(0.01)
            if app.screen.view.loaded is not None:
                break
        report["loaded"] = app.screen.view.loaded is not None
        report["after_load"] = imported()
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
