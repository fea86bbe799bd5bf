"""What each column of a plan table holds, read from its header or from the officer's `--map`.

Headers are compared folded: case, punctuation and spacing do not count ("R/A/G" is "r a g",
"Lead Officer:" is "lead officer"). A header naming several things is read by its last noun,
as English puts it ("Action owner" is an owner, "SWP Commitment" a commitment), except that
any header speaking of an update or progress is an update column ("Quarter 2 Update July to
September 2020", "Current status of action").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plandesk.core.periods import PeriodError, PeriodSpec, parse_period
from plandesk.core.records import ImportProblem

__all__ = [
    "ROLES",
    "Column",
    "fold_header",
    "parse_mapping",
    "role_of",
]

# The roles, with the words that name each (folded). A role's level words come first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "reference", "no", "number", "id", "ref no", "item"),
    "objective": ("objective", "priority", "theme", "strand", "outcome", "aim", "pillar"),
    "commitment": ("commitment", "plan commitment", "action", "task", "deliverable"),
    "activity": ("supporting activity", "activity", "activities", "milestone", "milestones"),
    "update": ("update", "progress", "comment", "comments", "current status of action"),
    "status": ("status", "rag", "r a g", "rag status", "rag rating", "stage", "rating"),
    "lead": ("lead", "lead officer", "owner", "responsible", "sponsor", "lead officers"),
    "due": ("due", "due date", "timescale", "timescales", "deadline", "end date", "target date"),
    "oversight": ("oversight", "oversight mechanism", "governance", "board"),
}
ROLES: tuple[str, ...] = (*SYNONYMS, "ignore")
_BY_WORDS = {word: role for role, words in SYNONYMS.items() for word in words}
# An update column, wherever the word stands: "Q2 update", "Update July–Sept 2020".
_UPDATE_WORDS = re.compile(r"\b(?:updates?|progress|comments?|narrative|commentary)\b")
_QUARTER_ONLY = re.compile(
    r"\b(?:q|qtr|quarter)\s*(?P<n>[1-4]|one|two|three|four)\b"
    r"|\b(?P<m>[1-4])(?:st|nd|rd|th)\s+quarter\b"
)
_WORD_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4}


def fold_header(text: str) -> str:
    """A header as it is compared: lower case, punctuation a space, single spaces."""
    text = re.sub(r"\(s\)", "", text.casefold())  # "Oversight mechanism (s)", "Lead(s)"
    return " ".join(re.sub(r"[^\w]+", " ", text).replace("_", " ").split())


@dataclass(slots=True)
class Column:
    """One column of the table: its 1-based position, header, role and (updates) period.

    `quarter` is set for an update column naming a quarter without its year ("Q2 update"):
    the year comes from the other columns or the document's title.
    """

    index: int
    header: str
    role: str
    period: PeriodSpec | None = None
    quarter: int | None = None
    mapped: bool = False

    @property
    def label(self) -> str:
        return self.header or f"column {self.index}"


def role_of(header: str) -> str | None:
    """The role a header names, or None when it names none of them."""
    folded = fold_header(header)
    if not folded:
        return None
    if folded in _BY_WORDS:
        return _BY_WORDS[folded]
    if _UPDATE_WORDS.search(folded) or folded.startswith("current status of"):
        return "update"
    words = folded.split()
    singular = [*words[:-1], _singular(words[-1])]
    # The head noun is last: try the longest run of words ending the header first.
    for start in range(len(words)):
        for candidate in (words, singular):
            role = _BY_WORDS.get(" ".join(candidate[start:]))
            if role is not None:
                return role
    return None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def column_period(header: str) -> tuple[PeriodSpec | None, int | None]:
    """The period an update column names: a full period, or a quarter without its year."""
    plain = " ".join(_UPDATE_WORDS.sub(" ", header.replace(":", " ")).split())
    for text in (header, plain):
        try:
            return parse_period(text), None
        except PeriodError:
            pass
    match = _QUARTER_ONLY.search(plain.casefold())
    if match:
        number = match["n"] or match["m"]
        return None, _WORD_NUMBER.get(number) or int(number)
    return None, None


def parse_mapping(text: str | None, source: str) -> dict[str, tuple[str, PeriodSpec | None]]:
    """`--map "Actions=commitment,R/A/G=status,Q3 update=update:2023/24 Q3"` read into
    {folded header: (role, period)}; `ImportProblem` naming what is wrong."""
    mapping: dict[str, tuple[str, PeriodSpec | None]] = {}
    if not text:
        return mapping
    for item in text.split(","):
        if not item.strip():
            continue
        header, sep, target = item.rpartition("=")
        role, _, period_text = target.strip().partition(":")
        role = role.strip().casefold()
        if not sep or not header.strip():
            raise ImportProblem(source, 0, f"--map: {item.strip()!r} is not HEADER=ROLE")
        if role not in ROLES:
            raise ImportProblem(
                source, 0, f"--map: unknown role {role!r}; one of {', '.join(ROLES)}"
            )
        period = None
        if period_text.strip():
            if role != "update":
                raise ImportProblem(source, 0, "--map: only an update column has a period")
            try:
                period = parse_period(period_text)
            except PeriodError as exc:
                raise ImportProblem(source, 0, f"--map: {exc}") from None
        mapping[fold_header(header)] = (role, period)
    return mapping
