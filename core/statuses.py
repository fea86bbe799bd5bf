"""The one status vocabulary: what an officer may set, what the stall rules infer, and aliases.

Officers and documents say the same thing many ways ("Green", "on target", "Done"): every
status is read through `parse_status`, stored in its canonical spelling, and anything else is
refused with the list of what is allowed. Databases written before this vocabulary may hold
other values; `shown_status` shows them as they are (never dropped, never crashing).
"""

from __future__ import annotations

from functools import lru_cache

from plandesk.core.errors import PlandeskError
from plandesk.core.text import fold_name

__all__ = [
    "AT_RISK",
    "COMPLETE",
    "INFERRED",
    "NO_UPDATE",
    "SETTABLE",
    "STALLED",
    "UnknownStatus",
    "is_final",
    "known_status",
    "parse_status",
    "shown_status",
]

COMPLETE = "Complete"
ON_TRACK = "On track"
AT_RISK = "At risk"
STALLED = "Stalled"
NO_UPDATE = "No update"  # inferred only: an activity with no update this period

# What an officer may set, in the order the app offers them.
SETTABLE: tuple[str, ...] = ("Not started", "In progress", ON_TRACK, AT_RISK, STALLED, COMPLETE)

# What the stall rules infer when the officer has set nothing, in the summary's column order.
INFERRED: tuple[str, ...] = (COMPLETE, ON_TRACK, AT_RISK, STALLED, NO_UPDATE)

# Other words for the same statuses (RAG ratings, plan documents' own wording), any case.
ALIASES: dict[str, str] = {
    "green": ON_TRACK,
    "g": ON_TRACK,
    "a": AT_RISK,
    "r": STALLED,
    "c": COMPLETE,
    "off target": AT_RISK,
    "behind schedule": AT_RISK,
    "on target": ON_TRACK,
    "on schedule": ON_TRACK,
    "amber": AT_RISK,
    "red": STALLED,
    "off track": STALLED,
    "blocked": STALLED,
    "blue": COMPLETE,
    "done": COMPLETE,
    "completed": COMPLETE,
    "closed": COMPLETE,
    "finished": COMPLETE,
    "achieved": COMPLETE,
    "ongoing": "In progress",
    "underway": "In progress",
    "started": "In progress",
    "not yet started": "Not started",
}

_BY_FOLDED: dict[str, str] = {s.casefold(): s for s in SETTABLE} | ALIASES


class UnknownStatus(PlandeskError, ValueError):
    """A status that is not in the vocabulary; the message lists the allowed ones."""

    def __init__(self, text: str) -> None:
        shown = " ".join(text.split())
        super().__init__(f'unknown status "{shown}"; one of {", ".join(SETTABLE)}')
        self.text = text


@lru_cache(maxsize=256)  # a handful of strings, asked for every activity of a plan
def known_status(text: str) -> str | None:
    """The canonical name of `text` (any case, any alias), "" for none, None if unknown."""
    folded = fold_name(text)
    if not folded:
        return ""
    return _BY_FOLDED.get(folded)


def parse_status(text: str) -> str:
    """The canonical status for `text` ("" means not set); `UnknownStatus` for anything else."""
    known = known_status(text)
    if known is None:
        raise UnknownStatus(text)
    return known


@lru_cache(maxsize=256)
def shown_status(text: str) -> str:
    """How a stored status reads: canonical when known, else as stored (first letter up)."""
    known = known_status(text)
    if known is not None:
        return known
    shown = " ".join(text.split())
    return shown[:1].upper() + shown[1:]


def is_final(text: str) -> bool:
    """Whether a status closes the activity (Complete, Done, Completed…)."""
    return known_status(text) == COMPLETE
