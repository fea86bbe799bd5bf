"""Keeping the cyclic garbage collector's pauses out of a long session.

After a plan is loaded the process holds hundreds of thousands of long-lived objects (Textual's
widgets and styles, the plan's views, the modules). Python's oldest-generation collection walks
them all: while moving through the tree that was a 90–130 ms pause every dozen keys or so.
Frozen objects are left out of every collection; they are still freed by reference counting
(the plan's views hold no cycles), and they are unfrozen when the plan screen goes, so nothing
that later becomes garbage stays out of the collector's reach after the app has ended.

The one place the app freezes and unfreezes the heap. (A fast start also turns the collector
off until its first screen is drawn, `cli.fast_start`; `collect_again` turns it back on.)
"""

from __future__ import annotations

import gc

__all__ = ["collect_again", "freeze_loaded", "thaw"]


def collect_again() -> None:
    """Let the collector run again (a fast start's first screen is drawn)."""
    gc.enable()


def freeze_loaded() -> None:
    """Leave everything alive now out of later collections (call when a load is complete)."""
    gc.freeze()


def thaw() -> None:
    """Give the frozen objects back to the collector (the screen that froze them is going)."""
    gc.unfreeze()
