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

__all__ = ["keep_drafts_on_signals"]

SIGNALS = tuple(s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if s is not None)


def keep_drafts_on_signals(
    keep_now: Callable[[], object], leave: Callable[[int], None]
) -> Callable[[], None]:
    """Handle SIGHUP and SIGTERM on the running event loop: `keep_now()` writes the editor's
    text, then `leave(return_code)` ends the app. Returns the function undoing it."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return lambda: None

    def closing(signum: int) -> None:
        try:
            # On the event loop, not a worker: the process may be gone before a worker ran.
            keep_now()
        except Exception:  # noqa: BLE001 - no terminal left to tell; the paused draft stays
            pass
        leave(128 + signum)

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
