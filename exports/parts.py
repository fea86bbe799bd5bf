"""Pieces every section of the summary document uses: the block writer, escaped inline text,
statuses as a symbol and a word, dates, and authors as the office shows them.

A status is written `*▲ At risk*` (emphasis no entry can make, see `markdown_text`): a word
and a symbol in any Markdown reader, and the hook the HTML colours it by (`exports.html`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache

from plandesk.core.plan import ActivityView
from plandesk.core.statuses import AT_RISK, COMPLETE, NO_UPDATE, ON_TRACK, STALLED
from plandesk.exports.markdown_text import join_hard_breaks, one_line
from plandesk.exports.scope import Entry, ExportOptions, status_label

__all__ = [
    "OTHER_MARK",
    "STATUS_MARKS",
    "Writer",
    "author_of",
    "day",
    "moment",
    "plural",
    "status",
    "status_mark",
    "t",
    "where",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Status → (symbol, CSS class). Each symbol a different shape, so print in black and white and
# readers who cannot tell the colours apart still can tell the statuses apart.
STATUS_MARKS: dict[str, tuple[str, str]] = {
    COMPLETE: ("✔", "complete"),
    ON_TRACK: ("●", "on-track"),
    AT_RISK: ("▲", "at-risk"),
    STALLED: ("✖", "stalled"),
    NO_UPDATE: ("○", "no-update"),
    "In progress": ("◐", "in-progress"),
    "Not started": ("□", "not-started"),
}
# Any other value an older database may hold.
OTHER_MARK = ("◆", "other")


# Most inline text repeats (statuses, period labels, flag rules, oversight): a big plan asks
# for ~20k distinct strings in ~140k calls.
@lru_cache(maxsize=4096)
def t(text: str) -> str:
    """Officer text for an inline place in the middle of a line."""
    return one_line(text, at_line_start=False)


def status_mark(label: str) -> tuple[str, str]:
    """The symbol and CSS class of a status as the summary counts it."""
    return STATUS_MARKS.get(label, OTHER_MARK)


def status(activity: ActivityView) -> str:
    """The status as the document shows it: symbol and word, "(suggested)" when inferred."""
    label = status_label(activity)
    symbol = status_mark(label)[0]
    suggested = " (suggested)" if activity.status and activity.status_suggested else ""
    return f"*{symbol} {t(label + suggested)}*"


def day(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime) -> str:
    """A timestamp as a UTC date (naive values are taken to be UTC already)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value:%Y-%m-%d}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def author_of(options: ExportOptions, login: str) -> str | None:
    """How the document names an officer: their display name, or None in a public paper."""
    if options.public:
        return None
    names = options.authors
    name = names.get(login)
    if name is None:
        folded = login.casefold()
        name = next((v for k, v in names.items() if k.casefold() == folded), login)
    return name


def where(entry: Entry) -> str:
    """Commitment and objective of an entry, for lists outside the plan tree (escaped)."""
    return f"commitment {t(entry.commitment.ref)}, objective {entry.objective.position}"


class Writer:
    """Markdown blocks, separated by exactly one blank line.

    With a `sink`, each block is handed to it as it is made (with the blank line before it)
    and none is kept: a big plan's document is written out, never held whole in memory.
    """

    def __init__(self, sink: Callable[[str], None] | None = None) -> None:
        # Each block kept as one string, not a list of lines: a big plan has ~100k blocks, and
        # that many live lists would set off a full garbage collection of the whole snapshot.
        self.blocks: list[str] = []
        self._sink = sink
        self._started = False

    def add(self, *lines: str) -> None:
        if not lines:
            return
        block = "\n".join(lines)
        if self._sink is None:
            self.blocks.append(block)
            return
        self._sink("\n\n" + block if self._started else block)
        self._started = True

    def heading(self, level: int, text: str) -> None:
        self.add(f"{'#' * level} {text}")

    def paragraph_lines(self, lines: list[str]) -> None:
        if lines:
            self.add(*join_hard_breaks(lines))

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"
