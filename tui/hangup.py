"""Keep the officer's last words when the terminal closes (SIGHUP) or the app is stopped
(SIGTERM).

A draft is written at every pause in typing, but words typed less than the pause before the
terminal closes would be lost: on these signals the editor's text is written at once, then
the app exits as if quit.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plandesk.tui.app import PlanDeskApp

__all__ = ["keep_drafts_on_signals"]

SIGNALS = tuple(s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if s is not None)


def keep_drafts_on_signals(app: PlanDeskApp) -> Callable[[], None]:
    """Handle SIGHUP and SIGTERM on the app's event loop; returns the function undoing it."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return lambda: None

    def closing(signum: int) -> None:
        screen = app.plan_screen()
        try:
            if screen is not None:
                # On the event loop, not a worker: the process may be gone before a worker ran.
                screen.keep_draft_now()
        except Exception:  # noqa: BLE001 - no terminal left to tell; the paused draft stays
            pass
        app.exit(return_code=128 + signum)

    installed = []
    for signum in SIGNALS:
        try:
            loop.add_signal_handler(signum, closing, signum)
        except (ValueError, RuntimeError, NotImplementedError):
            continue  # not the main thread, or a platform without them
        installed.append(signum)

    def undo() -> None:
        for signum in installed:
            loop.remove_signal_handler(signum)

    return undo
