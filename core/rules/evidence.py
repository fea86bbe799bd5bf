"""What the stall rules read for one activity (`Evidence`) and what they say (`Flag`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Evidence", "Flag", "Span"]

# Where words are in an update: (start, end) offsets.
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules look at for one activity in one period."""

    text: str | None  # this period's update (None = no update at all)
    status: str = ""  # officer-set status this period, "" = not set
    previous_text: str | None = None  # the previous period's update, if any
    # statuses of the same activity in the periods before this one, most recent first
    earlier_statuses: tuple[str, ...] = ()
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """One rule that fired, why (quoting the trigger), and where the trigger is in the text."""

    rule: str
    detail: str
    spans: tuple[tuple[int, int], ...] = ()
