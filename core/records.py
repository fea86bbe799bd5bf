"""Plain data objects that every importer produces and the store loads.

No database and no UI here: an importer turns a document into a `PlanDocument`, and
`plandesk.store.service` is the only thing that writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from plandesk.core.errors import PlandeskError
from plandesk.core.periods import PeriodSpec

__all__ = [
    "ActivityRecord",
    "CommitmentKind",
    "CommitmentRecord",
    "ImportProblem",
    "ObjectiveRecord",
    "OversightBodyRecord",
    "PlanDocument",
    "TextWarning",
]

CommitmentKind = Literal["policing", "commissioner"]


class ImportProblem(PlandeskError):
    """Bad input: says which file and line (0: the file as a whole), and what is wrong."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class TextWarning:
    """Something a document says that was imported but looks wrong (text cut off, repeated):
    worth an officer's look, not a reason to refuse the document."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning: {self.message}"


@dataclass
class ActivityRecord:
    """A supporting activity and, when the document has one, its update for the period.

    `ref` is as written without the surrounding parentheses (`A1.2`, `2.1.3`) or None when the
    document numbers nothing. `stands_for_commitment` marks the single activity created for a
    commitment whose row has no separate activity, so its update has somewhere to live.
    """

    ref: str | None
    text: str
    oversight: str = ""
    update: str | None = None
    line: int = 0
    stands_for_commitment: bool = False
    # Where the document names them (a Lead or Due column); "" / None when it does not.
    lead: str = ""
    due: date | None = None
    # The status a table's status (RAG) column gives, canonical when known ("On track"), else
    # as written; "" when the document gives none (the text layouts never do).
    status: str = ""


@dataclass
class CommitmentRecord:
    """A numbered plan commitment (`1.1`, `A.1`, `B4`) and its activities."""

    ref: str
    kind: CommitmentKind
    title: str
    activities: list[ActivityRecord] = field(default_factory=list)
    line: int = 0


@dataclass
class ObjectiveRecord:
    """One of the plan's objectives, titled as the document titles it."""

    title: str
    commitments: list[CommitmentRecord] = field(default_factory=list)
    line: int = 0


@dataclass
class OversightBodyRecord:
    """An oversight board from a glossary, with the document's `*` and `#` markers."""

    name: str
    purpose: str = ""
    frequency: str = ""
    notes_published: bool = False
    public_meeting: bool = False
    area: str = ""
    line: int = 0


@dataclass
class PlanDocument:
    """Everything one document says about a plan in one reporting period."""

    source: str
    layout: str
    plan_name: str
    edition: str
    period: PeriodSpec
    objectives: list[ObjectiveRecord] = field(default_factory=list)
    oversight_bodies: list[OversightBodyRecord] = field(default_factory=list)
    notes: str = ""
    # Text imported as written but that looks cut off or repeated (`importers.suspect_text`).
    warnings: list[TextWarning] = field(default_factory=list)

    def activities(self) -> list[ActivityRecord]:
        """All activities in document order."""
        return [a for o in self.objectives for c in o.commitments for a in c.activities]

    def commitments(self) -> list[CommitmentRecord]:
        """All commitments in document order."""
        return [c for o in self.objectives for c in o.commitments]
