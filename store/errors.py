"""What the store raises: one root, `PlandeskError`, and a class per thing a caller tells apart.

Every message is written for the user; the CLI prints it as it is and the TUI shows it in a
notice. `StoreError` is a request the store cannot carry out; its subclasses say which kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plandesk.core.errors import PlandeskError
from plandesk.core.plan import ActivityMatch, UpdateView
from plandesk.core.text import shorten

if TYPE_CHECKING:  # the rules' reader is not needed to start the app
    from plandesk.core.rules.config import ConfigError

__all__ = [
    "AmbiguousRef",
    "NotFound",
    "PlandeskError",
    "RulesUnreadable",
    "StoreError",
    "UpdateConflict",
]


class StoreError(PlandeskError):
    """A request the store cannot carry out, with a message for the user."""


class NotFound(StoreError):
    """No plan, period or activity answers to the name given."""


class AmbiguousRef(StoreError):
    """A ref names more than one activity; `candidates` says how to name each."""

    def __init__(self, ref: str, candidates: Sequence[ActivityMatch]) -> None:
        lines = [f"{ref!r} names {len(candidates)} activities; name one of them:"]
        lines += [
            f"  {c.qualified_ref:<14} under {c.commitment_ref} ({c.objective_title}): "
            f"{shorten(c.text, 60)}"
            for c in candidates
        ]
        super().__init__("\n".join(lines))
        self.candidates = tuple(candidates)


class RulesUnreadable(StoreError):
    """The stall-rules file cannot be used; `where` is its `file:line` (or file)."""

    def __init__(self, error: ConfigError) -> None:
        super().__init__(f"the stall rules cannot be read: {error}")
        self.where = f"{error.path}:{error.line}" if error.line else str(error.path)


class UpdateConflict(StoreError):
    """Someone else saved the update after the editor read it."""

    def __init__(self, expected_version: int, current: UpdateView | None) -> None:
        who = f"{current.author} at {current.updated_at:%Y-%m-%d %H:%M}" if current else "?"
        super().__init__(
            f"the update changed since it was opened (version {expected_version} expected, "
            f"now {current.version if current else 0}, saved by {who})"
        )
        self.expected_version = expected_version
        self.current = current
