"""An activity's due date as officers type it: "2021-03-31", "31/03/2021", "31 March 2021",
"March 2021" (the month's last day)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from plandesk.core.errors import PlandeskError

__all__ = ["DueDateError", "parse_due"]

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"), "dmy"),
    (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})"), "d-name-y"),
    (re.compile(rf"({_MONTH})\.?,?\s+(\d{{4}})"), "name-y"),
)


class DueDateError(PlandeskError, ValueError):
    """A due date that cannot be read."""


def parse_due(text: str) -> date | None:
    """The date `text` names; None for empty text (no due date). A month alone means its last
    day. Raises `DueDateError` for anything else."""
    given = " ".join(text.split())
    if not given:
        return None
    lowered = given.lower()
    for pattern, form in _FORMS:
        match = pattern.fullmatch(lowered)
        if match is None:
            continue
        a, b, *rest = match.groups()
        try:
            if form == "ymd":
                return date(int(a), int(b), int(rest[0]))
            if form == "dmy":
                return date(int(rest[0]), int(b), int(a))
            if form == "d-name-y":
                return date(int(rest[0]), _MONTHS[b], int(a))
            year, month = int(b), _MONTHS[a]
            return date(year, month, calendar.monthrange(year, month)[1])
        except ValueError:
            raise DueDateError(f"{given!r} is not a date on the calendar") from None
    raise DueDateError(
        f"cannot read the due date {given!r}; write it like 2021-03-31, 31/03/2021, "
        "31 March 2021 or March 2021"
    )
